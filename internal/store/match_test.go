package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/textseg"
)

func achRec(a match.Achievement) store.MatchRecord[match.Achievement] {
	return store.MatchRecord[match.Achievement]{Record: a, Terms: match.Index(textseg.Default(), match.AchievementText(a))}
}

func rankFor(t *testing.T, s *store.Store, sys int64, text string) []string {
	t.Helper()
	q := match.Query(textseg.Default(), []match.Weighted{{Text: text, Weight: 1}})
	lists, n, err := s.MatchLists(context.Background(), sys, store.CorpusAchievements, match.Texts(q))
	if err != nil {
		t.Fatal(err)
	}
	hits, err := match.TextRank(q, n, lists, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(hits))
	for i, h := range hits {
		ids[i] = h.Doc
	}
	byID, err := s.AchievementsByID(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, byID[h.Doc].Code)
	}
	return out
}

// The matching index gives the same answers on both engines: the traps of
// issue 6 (two-character words, domain terms, Latin tokens, full-width
// forms, a split phrase), an update by code that drops the old words, posting
// blocks that fill and continue, feedback, the contract link and the funnel.
func TestMatchIndexAndFunnel(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		price := decimal.RequireFromString("1500000")
		recs := []store.MatchRecord[match.Achievement]{
			achRec(match.Achievement{Code: "A1", Owner: "长江师范学院", Title: "连续面形微光学芯片", Abstract: "灰度光刻制造微光学元件。", Field: "电子信息", CreatedOn: "2026-01-05"}),
			achRec(match.Achievement{Code: "A2", Owner: "中南大学", Title: "退役动力电池的拆解与有价金属回收", Abstract: "湿法冶金。", Field: "新能源汽车", PriceMin: &price, CreatedOn: "2026-01-05"}),
			achRec(match.Achievement{Code: "A3", Owner: "天津大学", Title: "丁二烯氢氰化制己二腈", Abstract: "镍催化剂。", Field: "新材料", TRL: 6, CreatedOn: "2026-01-05"}),
			achRec(match.Achievement{Code: "A4", Owner: "东华大学", Title: "耐氯氨纶", Abstract: "受阻胺助剂。", Field: "新材料", CreatedOn: "2026-01-05"}),
			achRec(match.Achievement{Code: "A5", Owner: "华东理工大学", Title: "食品级ＰＥＴ瓶片固相增粘", Abstract: "连续固相增粘。", Field: "新材料", CreatedOn: "2026-01-05"}),
			achRec(match.Achievement{Code: "A6", Owner: "重庆大学", Title: "5G基站导热复合材料", Abstract: "氮化硼填充。", Field: "新材料", CreatedOn: "2026-01-05"}),
		}
		for i := 0; i < match.BlockSize+10; i++ { // fills a block of 芯片 and starts the next
			recs = append(recs, achRec(match.Achievement{Owner: "某院", Title: "芯片封装测试", CreatedOn: "2026-01-06"}))
		}
		ids, err := s.SaveAchievements(ctx, sys.ID, 0, recs)
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != len(recs) {
			t.Fatalf("%d ids", len(ids))
		}
		for q, want := range map[string]string{"己二腈": "A3", "氨纶": "A4", "PET": "A5", "pet瓶片": "A5", "５Ｇ": "A6", "电池回收": "A2", "微光学芯片": "A1"} {
			if got := rankFor(t, s, sys.ID, q); len(got) == 0 || got[0] != want {
				t.Errorf("%s → %v, want %s first", q, got, want)
			}
		}
		if got := rankFor(t, s, sys.ID, "芯片"); len(got) != 10 {
			t.Errorf("芯片 → %d hits", len(got))
		}
		lists, n, _ := s.MatchLists(ctx, sys.ID, store.CorpusAchievements, []string{"芯片"})
		if n != len(recs) || len(lists["芯片"]) != 2 {
			t.Errorf("%d docs, %d blocks of 芯片", n, len(lists["芯片"]))
		}
		// Replacing A4 by code drops 氨纶 and adds 锦纶.
		if _, err := s.SaveAchievements(ctx, sys.ID, 0, []store.MatchRecord[match.Achievement]{
			achRec(match.Achievement{Code: "A4", Owner: "东华大学", Title: "锦纶6细旦纤维", Field: "新材料", CreatedOn: "2026-01-07"})}); err != nil {
			t.Fatal(err)
		}
		if got := rankFor(t, s, sys.ID, "氨纶"); len(got) != 0 {
			t.Errorf("氨纶 after the update → %v", got)
		}
		if got := rankFor(t, s, sys.ID, "锦纶"); len(got) != 1 || got[0] != "A4" {
			t.Errorf("锦纶 → %v", got)
		}
		a2, err := s.Achievement(ctx, sys.ID, "A2")
		if err != nil || a2.PriceMin == nil || a2.PriceMin.String() != "1500000" || a2.PriceMax != nil {
			t.Errorf("A2 %+v %v", a2, err)
		}
		list, total, err := s.Achievements(ctx, sys.ID, store.MatchFilter{Contains: "芯片", Limit: 5})
		if err != nil || total != match.BlockSize+11 || len(list) != 5 || !strings.HasPrefix(list[0].Code, "CG") {
			t.Errorf("list %d of %d (%v), first %+v", len(list), total, err, list[0])
		}

		dids, err := s.SaveDemands(ctx, sys.ID, 0, []store.MatchRecord[match.Demand]{{Record: match.Demand{Firm: "重庆某新能源", Title: "电池回收", CreatedOn: "2026-02-01"},
			Terms: match.Index(textseg.Default(), match.DemandText(match.Demand{Title: "电池回收"}))}})
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.Demand(ctx, sys.ID, "XQ000001")
		if err != nil || d.ID != dids[0] {
			t.Fatalf("demand %+v %v", d, err)
		}
		now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
		if err := s.RecordRecommendations(ctx, sys.ID, d.ID, []match.Recommendation{{Achievement: a2, Score: 91.24}}, "2026-02-02"); err != nil {
			t.Fatal(err)
		}
		if err := s.LinkContract(ctx, sys.ID, d.ID, a2.ID, "500102202600001", "2026-03-01"); err == nil {
			t.Error("linked without agreement")
		}
		if err := s.AddFeedback(ctx, sys.ID, store.Feedback{DemandID: d.ID, AchievementID: a2.ID, Status: "declined", Reason: "cheap", OnDay: "2026-02-03"}, now); err == nil {
			t.Error("unknown reason accepted")
		}
		for _, f := range []store.Feedback{{Status: "contacted", OnDay: "2026-02-03"}, {Status: "agreed", OnDay: "2026-02-20"}} {
			f.DemandID, f.AchievementID = d.ID, a2.ID
			if err := s.AddFeedback(ctx, sys.ID, f, now); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.LinkContract(ctx, sys.ID, d.ID, a2.ID, "500102202600001", "2026-03-01"); err != nil {
			t.Fatal(err)
		}
		st, err := s.PairStates(ctx, d.ID, true)
		if err != nil || st[a2.ID] == nil || st[a2.ID].Latest.Status != "agreed" || st[a2.ID].Contracts[0] != "500102202600001" {
			t.Errorf("pair state %+v %v", st[a2.ID], err)
		}
		f, err := s.MatchFunnel(ctx, sys.ID, "2026-02-01", "2026-02-28")
		if err != nil || f.Demands != 1 || f.Recommended != 1 || f.Recommendations != 1 || f.Contacted != 1 || f.Agreed != 1 || f.Contracts != 0 {
			t.Errorf("February funnel %+v %v", f, err)
		}
		f, _ = s.MatchFunnel(ctx, sys.ID, "2026-01-01", "2026-12-31")
		if f.Contracts != 1 || f.RegistrationNos[0] != "500102202600001" {
			t.Errorf("2026 funnel %+v", f)
		}
	})
}
