package match_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// BenchmarkDebug prints the top of the ranking of the demands in DEMANDS
// (comma-separated codes, default D01) with each record's factors, and
// where the relevant records missing from it rank (a tool, not a test).
// Run: DEMANDS=D02,D06 go test -run x -bench Debug -benchtime 1x ./internal/match/
func BenchmarkDebug(b *testing.B) {
	var t testing.TB = b
	want := os.Getenv("DEMANDS")
	if want == "" {
		want = "D01"
	}
	set := loadSet(t)
	r := rankSet(t, set, 200)
	for _, c := range strings.Split(want, ",") {
		fmt.Println("==", c, set.Relevant[c])
		for i, x := range r[c] {
			rel := set.Relevant[c][x.Achievement.Code]
			if i >= 8 && !rel {
				continue
			}
			mark := " "
			if rel {
				mark = "*"
			}
			var fs []string
			for _, f := range x.Factors {
				fs = append(fs, fmt.Sprintf("%s%.0f", f.Code[:2], f.Points()))
			}
			fmt.Printf("%s %3d %s %.1f bm25 %.1f %v %s %s | %v\n", mark, i+1, x.Achievement.Code, x.Score, x.BM25, fs, x.Achievement.Field, x.Achievement.Title, x.Matched)
		}
	}
}
