package match_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/evalset"
	"github.com/kechuang/kechuang/internal/textseg"
)

// halves are the evaluation figures on the whole set and on its two halves
// by the parity of the demand's number (D01, D03 … odd; D02, D04 … even):
// a ranking change is kept only when it helps on both halves.
type halves struct {
	Full, Odd, Even [2]float64 // P@5, R@20
}

func (h halves) String() string {
	return fmt.Sprintf("full P@5 %.3f R@20 %.3f | odd P@5 %.3f R@20 %.3f | even P@5 %.3f R@20 %.3f",
		h.Full[0], h.Full[1], h.Odd[0], h.Odd[1], h.Even[0], h.Even[1])
}

func evalHalves(t testing.TB, set *evalset.Set) halves {
	ranked := map[string][]string{}
	for code, recs := range rankSet(t, set, 20) {
		ranked[code] = codes(recs)
	}
	sc := set.Evaluate(ranked)
	var h halves
	var n [2]float64
	for code, v := range sc.PerDemand {
		num, err := strconv.Atoi(strings.TrimLeft(code, "D"))
		if err != nil {
			t.Fatalf("demand code %s", code)
		}
		p := &h.Even
		if num%2 == 1 {
			p = &h.Odd
		}
		p[0] += v[0]
		p[1] += v[1]
		n[num%2]++
	}
	for i := range 2 {
		h.Even[i] /= n[0]
		h.Odd[i] /= n[1]
	}
	h.Full = [2]float64{sc.PrecisionAt5, sc.RecallAt20}
	return h
}

// BenchmarkTune prints the figures, whole set and halves, for each setting
// of the ranking's parameters around the defaults, one at a time (a tool for
// ranking changes, not a test).
// Run: go test -run x -bench Tune -benchtime 1x ./internal/match/
func BenchmarkTune(b *testing.B) {
	var t testing.TB = b
	set := loadSet(t)
	run := func(name string) {
		fmt.Printf("%-24s %s\n", name, evalHalves(t, set))
	}
	run("default")
	tryF := func(name string, p *float64, vals ...float64) {
		old := *p
		for _, v := range vals {
			*p = v
			run(fmt.Sprintf("%s %.2f", name, v))
		}
		*p = old
	}
	tryI := func(name string, p *int, vals ...int) {
		old := *p
		for _, v := range vals {
			*p = v
			run(fmt.Sprintf("%s %d", name, v))
		}
		*p = old
	}
	tryF("expand", &match.ExpandWeight, 0, 0.1, 0.2, 0.3, 0.4, 0.75, 1)
	tryF("service", &match.ServiceWeight, 0.03, 0.05, 0.08, 0.12)
	tryI("query title weight", &match.QueryTitleWeight, 2, 3)
	tryI("first sentence weight", &match.FirstSentenceWeight, 1, 3)
	match.ImputeMean = false
	run("impute mean off")
	match.ImputeMean = true
	tryI("record title weight", &match.TitleWeight, 1, 3)
	tryF("covered bigrams", &match.CoveredWeight, 0, 0.25, 0.5)
	tryF("phrase", &match.PhraseWeight, 0.25, 0.5, 1)
	tryF("title boost", &match.TitleBoost, 0.1, 0.25, 0.5)
	tryF("keyword boost", &match.KeywordBoost, 0.25, 0.5, 1)
	tryF("record title boost", &match.DocTitleBoost, 0.25, 0.5)
	tryF("idf power", &match.IDFPower, 0.75, 1.5, 2)
	tryF("text power", &match.TextPower, 0.5, 1, 1.25)
	tryF("coord", &match.Coord, 0.5, 1)
	for _, k := range []struct {
		name string
		kind textseg.Kind
		vals []float64
	}{{"term weight", textseg.Term, []float64{1, 3}}, {"latin weight", textseg.Latin, []float64{1.5, 3}}} {
		old := match.KindWeight[k.kind]
		for _, v := range k.vals {
			match.KindWeight[k.kind] = v
			run(fmt.Sprintf("%s %.2f", k.name, v))
		}
		match.KindWeight[k.kind] = old
	}
	w := match.Weights
	defer func() { match.Weights = w }()
	for _, c := range []struct {
		code string
		vals []float64
	}{{match.FactorField, []float64{0.05, 0.10, 0.20, 0.25}}, {match.FactorProximity, []float64{0, 0.03}}} {
		for _, v := range c.vals {
			match.Weights = map[string]float64{}
			for k, x := range w {
				match.Weights[k] = x
			}
			match.Weights[match.FactorText] += w[c.code] - v
			match.Weights[c.code] = v
			run(fmt.Sprintf("%s weight %.2f", c.code, v))
		}
	}
}
