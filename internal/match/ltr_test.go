package match_test

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/evalset"
	"github.com/kechuang/kechuang/internal/textseg"
)

// cand is one ranked record of a demand with its features for learning.
type cand struct {
	code string
	rel  bool
	f    []float64
}

// featNames: the five factors' values as Rank computes them, then: the
// record is a capability; the share of the first sentence's and of the
// demand title's weight (IDF × kind) the record matched; the share of the
// record title's tokens the query has; the share of the query's domain and
// Latin terms matched; BM25 (÷300).
var featNames = []string{"text", "field", "matur", "budget", "prox", "cap", "first", "title", "rtitle", "terms", "bm25abs"}

// features ranks the set as the app does and returns the first 60
// records of each demand with their features.
func features(t testing.TB, set *evalset.Set) map[string][]cand {
	tok := textseg.Default()
	idx := match.NewMemIndex()
	byID := map[int64]match.Achievement{}
	for _, a := range set.Achievements {
		idx.Add(a.ID, match.Index(tok, match.AchievementText(a)))
		byID[a.ID] = a
	}
	out := map[string][]cand{}
	for _, d := range set.Demands {
		q := match.DemandQuery(tok, d)
		hits, err := match.TextRank(q, idx.Docs(), idx.Lists(match.Texts(q)), match.Candidates, nil)
		if err != nil {
			t.Fatal(err)
		}
		recs := match.ForDemand(tok, d, q, hits, byID, fuling, 60)
		qi := map[string]match.QueryTerm{}
		for _, x := range q {
			qi[x.Text] = x
		}
		parts := match.DemandQueryText(d)
		share := func(text string, matched map[string]bool) float64 {
			tot, got := 0.0, 0.0
			seen := map[string]bool{}
			for _, x := range tok.Tokens(text) {
				if seen[x.Text] {
					continue
				}
				seen[x.Text] = true
				w := qi[x.Text].IDF * match.KindWeight[x.Kind]
				tot += w
				if matched[x.Text] {
					got += w
				}
			}
			if tot == 0 {
				return 0
			}
			return got / tot
		}
		nterms := 0
		for _, x := range q {
			if x.Kind != textseg.Bigram && !x.Related {
				nterms++
			}
		}
		for _, r := range recs {
			m := match.Set(r.Matched)
			var f []float64
			for _, c := range []string{match.FactorText, match.FactorField, match.FactorMaturity, match.FactorBudget, match.FactorProximity} {
				f = append(f, r.Factor(c).Value)
			}
			capf := 0.0
			if r.Achievement.Kind == match.KindCapability {
				capf = 1
			}
			f = append(f, capf, share(parts[1].Text, m), share(d.Title, m))
			// record title covered by query
			tot, got := 0.0, 0.0
			seen := map[string]bool{}
			for _, x := range tok.Tokens(r.Achievement.Title) {
				if seen[x.Text] {
					continue
				}
				seen[x.Text] = true
				tot++
				if _, ok := qi[x.Text]; ok {
					got++
				}
			}
			if tot > 0 {
				got /= tot
			}
			nt := 0
			for _, x := range r.Matched {
				if k := qi[x].Kind; k != textseg.Bigram && !qi[x].Related {
					nt++
				}
			}
			tf := 0.0
			if nterms > 0 {
				tf = float64(nt) / float64(nterms)
			}
			f = append(f, got, tf, r.BM25/300)
			out[d.Code] = append(out[d.Code], cand{code: r.Achievement.Code, rel: set.Relevant[d.Code][r.Achievement.Code], f: f})
		}
	}
	return out
}

// p5 is the precision at 5 over demands when each record scores w·f.
func p5(data map[string][]cand, demands []string, w []float64) float64 {
	tot := 0.0
	for _, d := range demands {
		cs := data[d]
		type sc struct {
			s float64
			i int
		}
		s := make([]sc, len(cs))
		for i, c := range cs {
			v := 0.0
			for k, x := range c.f {
				v += w[k] * x
			}
			s[i] = sc{v, i}
		}
		sort.SliceStable(s, func(a, b int) bool { return s[a].s > s[b].s })
		h := 0
		for k := 0; k < 5 && k < len(s); k++ {
			if cs[s[k].i].rel {
				h++
			}
		}
		tot += float64(h) / 5
	}
	return tot / float64(len(demands))
}

// ascend is coordinate ascent on P@5 (Metzler and Croft, "Linear
// feature-based models for information retrieval", 2007) from w0.
func ascend(data map[string][]cand, demands []string, w0 []float64, rng *rand.Rand) []float64 {
	w := append([]float64(nil), w0...)
	best := p5(data, demands, w)
	steps := []float64{-0.3, -0.1, -0.03, 0.03, 0.1, 0.3}
	for round := 0; round < 8; round++ {
		improved := false
		for _, k := range rng.Perm(len(w)) {
			for _, st := range steps {
				old := w[k]
				w[k] = old + st
				if v := p5(data, demands, w); v > best+1e-9 {
					best = v
					improved = true
				} else {
					w[k] = old
				}
			}
		}
		if !improved {
			break
		}
	}
	return w
}

// BenchmarkLearnWeights learns the factors' weights (and six more
// features) from the judged set by coordinate ascent on one half and
// measures them on the other: what learning the weights from judgements —
// as staff feedback would give — is worth on this set (a tool, not a test).
// Run: go test -run x -bench LearnWeights -benchtime 1x ./internal/match/
func BenchmarkLearnWeights(b *testing.B) {
	set := loadSet(b)
	data := features(b, set)
	var odd, even, all []string
	for _, d := range set.Demands {
		n, _ := strconv.Atoi(strings.TrimLeft(d.Code, "D"))
		if n%2 == 1 {
			odd = append(odd, d.Code)
		} else {
			even = append(even, d.Code)
		}
		all = append(all, d.Code)
	}
	w0 := make([]float64, len(featNames))
	w0[0], w0[1], w0[2], w0[3], w0[4] = 0.6, 0.15, 0.10, 0.08, 0.07
	fmt.Printf("baseline full %.3f odd %.3f even %.3f\n", p5(data, all, w0), p5(data, odd, w0), p5(data, even, w0))
	rng := rand.New(rand.NewPCG(1, 2))
	wo := ascend(data, odd, w0, rng)
	we := ascend(data, even, w0, rng)
	wa := ascend(data, all, w0, rng)
	fmt.Printf("train odd: odd %.3f -> even %.3f  w %v\n", p5(data, odd, wo), p5(data, even, wo), fmtw(wo))
	fmt.Printf("train even: even %.3f -> odd %.3f  w %v\n", p5(data, even, we), p5(data, odd, we), fmtw(we))
	fmt.Printf("train all: %.3f w %v\n", p5(data, all, wa), fmtw(wa))
}

func fmtw(w []float64) string {
	var s []string
	for i, x := range w {
		s = append(s, fmt.Sprintf("%s=%.2f", featNames[i], x))
	}
	return strings.Join(s, " ")
}
