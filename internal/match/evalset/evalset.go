// Package evalset reads the matching evaluation set kept in
// internal/match/testdata/eval (README.md there gives the format): demands,
// achievements and capabilities of the district's industries with relevance
// judged by hand, and computes precision at 5 and recall at 20. It also
// makes large synthetic corpora from the set for benchmarks.
package evalset

import (
	"bufio"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/match"
)

// Set is an evaluation set.
type Set struct {
	Demands      []match.Demand
	Achievements []match.Achievement
	// Relevant maps a demand code to the codes judged relevant.
	Relevant map[string]map[string]bool
}

// Load reads every *.txt of dir in fsys. Achievements get ids 1, 2, … in
// file order (files sorted by name), demands likewise.
func Load(fsys fs.FS, dir string) (*Set, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	s := &Set{Relevant: map[string]map[string]bool{}}
	seen := map[string]bool{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(strings.NewReader(string(b)))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		line := 0
		for sc.Scan() {
			line++
			l := strings.TrimSpace(sc.Text())
			if l == "" || strings.HasPrefix(l, "#") {
				continue
			}
			p := strings.Split(l, "|")
			where := fmt.Sprintf("%s:%d", name, line)
			switch {
			case p[0] == "A" && len(p) == 14:
				a, err := achievement(p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				if seen[a.Code] {
					return nil, fmt.Errorf("%s: code %s twice", where, a.Code)
				}
				seen[a.Code] = true
				a.ID = int64(len(s.Achievements) + 1)
				s.Achievements = append(s.Achievements, a)
			case p[0] == "D" && len(p) == 13:
				d, err := demand(p)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", where, err)
				}
				d.ID = int64(len(s.Demands) + 1)
				s.Demands = append(s.Demands, d)
				s.Relevant[d.Code] = map[string]bool{}
				for _, c := range strings.Fields(p[12]) {
					s.Relevant[d.Code][c] = true
				}
			default:
				return nil, fmt.Errorf("%s: not a record of 14 (A) or 13 (D) fields: %.40s", where, l)
			}
		}
	}
	for code, rel := range s.Relevant {
		for c := range rel {
			if !seen[c] {
				return nil, fmt.Errorf("demand %s: relevant code %s is no achievement", code, c)
			}
		}
	}
	return s, nil
}

func wan(s string) (*decimal.Decimal, error) {
	if s = strings.TrimSpace(s); s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return nil, fmt.Errorf("amount %q: %w", s, err)
	}
	d = d.Mul(decimal.NewFromInt(10000))
	return &d, nil
}

func achievement(p []string) (match.Achievement, error) {
	a := match.Achievement{Code: p[1], Kind: match.KindAchievement, Owner: p[3], Region: p[4], Carrier: p[5],
		Title: p[6], Abstract: p[7], Keywords: p[8], Field: p[9]}
	if p[2] == "c" {
		a.Kind = match.KindCapability
	}
	if m := strings.TrimSpace(p[10]); m != "" {
		if n, err := strconv.Atoi(m); err == nil {
			a.TRL = n
		} else if st, ok := match.ParseStage(m); ok {
			a.Stage = st
		} else {
			return a, fmt.Errorf("maturity %q", m)
		}
	}
	var bad []string
	if a.Modes, bad = match.ParseModes(p[11]); len(bad) > 0 {
		return a, fmt.Errorf("modes %v", bad)
	}
	var err error
	if a.PriceMin, err = wan(p[12]); err != nil {
		return a, err
	}
	a.PriceMax, err = wan(p[13])
	return a, err
}

func demand(p []string) (match.Demand, error) {
	d := match.Demand{Code: p[1], Firm: p[2], Region: p[3], Carrier: p[4], Title: p[5], Description: p[6],
		Field: p[7], Industry: p[8], Status: "open"}
	var err error
	if d.BudgetMin, err = wan(p[9]); err != nil {
		return d, err
	}
	if d.BudgetMax, err = wan(p[10]); err != nil {
		return d, err
	}
	var bad []string
	if d.Modes, bad = match.ParseModes(p[11]); len(bad) > 0 {
		return d, fmt.Errorf("modes %v", bad)
	}
	return d, nil
}

// Scores are the quality figures of a ranking over a set.
type Scores struct {
	PrecisionAt5 float64 // mean over demands of relevant in the top 5 ÷ 5
	RecallAt20   float64 // mean over demands of relevant in the top 20 ÷ all relevant
	Demands      int
	PerDemand    map[string][2]float64 // code → P@5, R@20
}

// Evaluate computes the scores of rankings (demand code → achievement
// codes, best first).
func (s *Set) Evaluate(ranked map[string][]string) Scores {
	sc := Scores{PerDemand: map[string][2]float64{}}
	for _, d := range s.Demands {
		rel := s.Relevant[d.Code]
		r := ranked[d.Code]
		hit5, hit20 := 0, 0
		for i, c := range r {
			if i < 20 && rel[c] {
				hit20++
				if i < 5 {
					hit5++
				}
			}
		}
		p, rc := float64(hit5)/5, 0.0
		if len(rel) > 0 {
			rc = float64(hit20) / float64(len(rel))
		}
		sc.PerDemand[d.Code] = [2]float64{p, rc}
		sc.PrecisionAt5 += p
		sc.RecallAt20 += rc
		sc.Demands++
	}
	if sc.Demands > 0 {
		sc.PrecisionAt5 /= float64(sc.Demands)
		sc.RecallAt20 /= float64(sc.Demands)
	}
	return sc
}

// Synthetic returns n achievements made from the set's: each takes the
// title of one record, the keywords and field of another of the same file
// area, and an abstract joined from sentences of three records, with a
// serial number, so the vocabulary and lengths are the set's own. Ids are
// 1…n; the same seed gives the same corpus.
func (s *Set) Synthetic(n int, seed uint64) []match.Achievement {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	src := s.Achievements
	var sentences []string
	for _, a := range src {
		for _, x := range strings.FieldsFunc(a.Abstract, func(c rune) bool { return c == '，' || c == '。' || c == '；' }) {
			sentences = append(sentences, x)
		}
	}
	out := make([]match.Achievement, n)
	for i := range out {
		a := src[r.IntN(len(src))]
		b := src[r.IntN(len(src))]
		abs := make([]string, 0, 4)
		for k := 0; k < 3+r.IntN(3); k++ {
			abs = append(abs, sentences[r.IntN(len(sentences))])
		}
		x := a
		x.ID = int64(i + 1)
		x.Code = fmt.Sprintf("S%06d", i+1)
		x.Title = a.Title
		x.Abstract = strings.Join(abs, "，") + "。"
		x.Keywords = b.Keywords
		out[i] = x
	}
	return out
}
