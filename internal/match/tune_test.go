package match_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/textseg"
)

func TestTune(t *testing.T) {
	if os.Getenv("TUNE") == "" {
		t.Skip()
	}
	set := loadSet(t)
	run := func(name string) {
		ranked := map[string][]string{}
		for code, recs := range rankSet(t, set, 20) {
			ranked[code] = codes(recs)
		}
		sc := set.Evaluate(ranked)
		fmt.Printf("%-40s P@5 %.3f R@20 %.3f\n", name, sc.PrecisionAt5, sc.RecallAt20)
	}
	orig := map[string]float64{}
	for k, v := range match.Weights {
		orig[k] = v
	}
	run("default")
	match.Weights = map[string]float64{"text": 1}
	run("text only")
	for _, fw := range []float64{0.05, 0.1, 0.2, 0.3} {
		match.Weights = map[string]float64{"text": 1 - fw, "field": fw}
		run(fmt.Sprintf("text+field %.2f", fw))
	}
	match.Weights = orig
	for _, c := range []float64{0.5, 1, 1.5, 2} {
		match.Coord = c
		run(fmt.Sprintf("coord %.1f", c))
	}
	match.Coord = 0
	for _, tw := range []int{1, 3, 4} {
		match.TitleWeight = tw
		run(fmt.Sprintf("title weight %d", tw))
	}
	match.TitleWeight = 2
	for _, kw := range []float64{0.5, 1, 1.5, 3} {
		match.KindWeight[textseg.Term] = kw
		run(fmt.Sprintf("term weight %.1f", kw))
	}
	match.KindWeight[textseg.Term] = 2
	for _, kw := range []float64{0.5, 1, 2.5} {
		match.KindWeight[textseg.Latin] = kw
		run(fmt.Sprintf("latin weight %.1f", kw))
	}
	match.KindWeight[textseg.Latin] = 1.5
	for _, r := range []int{80, 120, 200} {
		match.RefLength = r
		run(fmt.Sprintf("reflen %d", r))
	}
}
