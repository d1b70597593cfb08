package match_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestDebug(t *testing.T) {
	want := os.Getenv("DEMANDS")
	if want == "" {
		t.Skip()
	}
	set := loadSet(t)
	r := rankSet(t, set, 8)
	for _, c := range strings.Split(want, ",") {
		fmt.Println("==", c, set.Relevant[c])
		for _, x := range r[c] {
			mark := " "
			if set.Relevant[c][x.Achievement.Code] {
				mark = "*"
			}
			fmt.Printf("%s %s %.1f bm25 %.2f %s | %v\n", mark, x.Achievement.Code, x.Score, x.BM25, x.Achievement.Title, x.Matched)
		}
	}
}
