package match_test

import (
	"testing"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/textseg"
)

// A number written as a quantity (3000吨, 90%, 12小时, 2.5万元) is not a
// query term: a demand's 3000吨 must not match an achievement's 3000小时
// (found by looking at a demand page). Numbers that name something stay:
// 304不锈钢, 5G, PA66, 尼龙6.
func TestQuantitiesAreNotQueryTerms(t *testing.T) {
	q := match.Query(textseg.Default(), []match.Weighted{{Text: "每年产生废旧泡沫约3000吨，回收率90%，连续运行12小时，预算2.5万元；304不锈钢反应釜，5G专网，PA66与尼龙6切片", Weight: 1}})
	got := map[string]bool{}
	for _, x := range q {
		got[x.Text] = true
	}
	for _, gone := range []string{"3000", "90", "12", "2"} {
		if got[gone] {
			t.Errorf("quantity %q is a query term", gone)
		}
	}
	for _, kept := range []string{"304", "5g", "pa66", "尼龙6", "不锈"} {
		if !got[kept] {
			t.Errorf("%q is not a query term", kept)
		}
	}
}

// A lone weak hit is not full text relevance (a new user's board: one
// record, a demand sharing only 材料 with it scored 60 of 60 for text and
// 74.6 in all): relevance is measured against at least RelevanceFloor of
// what the query could score.
func TestWeakLoneHitIsNotFullRelevance(t *testing.T) {
	tok := textseg.Default()
	idx := match.NewMemIndex()
	x := match.Achievement{ID: 1, Code: "CG1", Owner: "某大学", Title: "耐高温阻燃尼龙66复合材料",
		Abstract: "提高尼龙66的耐热性能和阻燃性能，用于汽车零部件。", Field: "新材料"}
	idx.Add(x.ID, match.Index(tok, match.AchievementText(x)))
	d := match.Demand{Title: "榨菜腌制废水处理", Description: "腌制废水含盐高、有机物浓度高，希望引进处理技术和新材料。", Field: "节能环保"}
	q := match.DemandQuery(tok, d)
	hits, err := match.TextRank(q, idx.Docs(), idx.Lists(match.Texts(q)), 10, nil)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %v %v", hits, err)
	}
	recs := match.ForDemand(tok, d, q, hits, map[int64]match.Achievement{1: x}, fuling, 10)
	text := recs[0].Factor(match.FactorText)
	if text.Value > 0.5 || recs[0].Score > 50 {
		t.Errorf("a lone weak hit: text %.2f (%s), score %.1f", text.Value, text.Note, recs[0].Score)
	}
}
