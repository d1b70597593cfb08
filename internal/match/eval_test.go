package match_test

import (
	"os"
	"sort"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/evalset"
	"github.com/kechuang/kechuang/internal/textseg"
)

var fuling = match.Home{District: "涪陵区", City: "重庆市"}

// rankSet indexes the set's achievements in memory and ranks them for
// every demand exactly as the app does with the store's posting lists.
func rankSet(t testing.TB, set *evalset.Set, limit int) map[string][]match.Recommendation {
	tok := textseg.Default()
	idx := match.NewMemIndex()
	byID := map[int64]match.Achievement{}
	for _, a := range set.Achievements {
		idx.Add(a.ID, match.Index(tok, match.AchievementText(a)))
		byID[a.ID] = a
	}
	out := map[string][]match.Recommendation{}
	for _, d := range set.Demands {
		q := match.DemandQuery(tok, d)
		hits, err := match.TextRank(q, idx.Docs(), idx.Lists(match.Texts(q)), match.Candidates, nil)
		if err != nil {
			t.Fatal(err)
		}
		out[d.Code] = match.ForDemand(tok, d, q, hits, byID, fuling, limit)
	}
	return out
}

func loadSet(t testing.TB) *evalset.Set {
	set, err := evalset.Load(os.DirFS("testdata"), "eval")
	if err != nil {
		t.Fatal(err)
	}
	return set
}

func codes(recs []match.Recommendation) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Achievement.Code
	}
	return out
}

// Measured on the set (go test -run TestEvaluationSet -v prints them);
// a ranking change that lowers either fails here.
const (
	minPrecisionAt5 = 0.78
	minRecallAt20   = 0.94
)

// TestEvaluationSet ranks the hand-judged evaluation set (≥40 demands,
// ≥400 achievements and capabilities of the district's industries) and
// fails when precision at 5 or recall at 20 falls below the measured
// figures.
func TestEvaluationSet(t *testing.T) {
	set := loadSet(t)
	if len(set.Demands) < 40 || len(set.Achievements) < 400 {
		t.Fatalf("set has %d demands and %d achievements; want at least 40 and 400", len(set.Demands), len(set.Achievements))
	}
	ranked := map[string][]string{}
	for code, recs := range rankSet(t, set, 20) {
		ranked[code] = codes(recs)
	}
	sc := set.Evaluate(ranked)
	t.Logf("P@5 %.3f  R@20 %.3f  over %d demands, %d achievements", sc.PrecisionAt5, sc.RecallAt20, sc.Demands, len(set.Achievements))
	var ds []string
	for c := range sc.PerDemand {
		ds = append(ds, c)
	}
	sort.Strings(ds)
	for _, c := range ds {
		if v := sc.PerDemand[c]; v[0] < 0.8 || v[1] < 0.8 {
			t.Logf("%s P@5 %.1f R@20 %.2f top5 %v relevant %v", c, v[0], v[1], ranked[c][:min(5, len(ranked[c]))], keys(set.Relevant[c]))
		}
	}
	if sc.PrecisionAt5 < minPrecisionAt5 || sc.RecallAt20 < minRecallAt20 {
		t.Errorf("P@5 %.3f (min %.2f), R@20 %.3f (min %.2f)", sc.PrecisionAt5, minPrecisionAt5, sc.RecallAt20, minRecallAt20)
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// BenchmarkEvaluationSet prints precision at 5 and recall at 20 of the
// evaluation set (and the time of one full ranking of it).
// Run: go test -run x -bench EvaluationSet ./internal/match/
func BenchmarkEvaluationSet(b *testing.B) {
	set := loadSet(b)
	var sc evalset.Scores
	for i := 0; i < b.N; i++ {
		ranked := map[string][]string{}
		for code, recs := range rankSet(b, set, 20) {
			ranked[code] = codes(recs)
		}
		sc = set.Evaluate(ranked)
	}
	b.ReportMetric(sc.PrecisionAt5, "P@5")
	b.ReportMetric(sc.RecallAt20, "R@20")
}
