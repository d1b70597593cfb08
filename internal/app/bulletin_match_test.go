package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// The district bulletin reports the matching funnel of its period, up to
// the registered contract and its technology transaction value from the
// contract ledger; a node's bulletin does not (the funnel is district-wide).
func TestBulletinMatchFunnel(t *testing.T) {
	openEach(t, testBulletinMatchFunnel)
}

func testBulletinMatchFunnel(t *testing.T, a *app.App) {
	ctx := context.Background()
	a.Now = func() time.Time { return time.Date(2022, 4, 10, 9, 0, 0, 0, time.UTC) }
	v, err := a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	dID, err := a.SaveDemand(ctx, v, match.Demand{Code: "XQ-1", Firm: "重庆甲化工有限公司", Title: "己二腈加氢催化剂寿命提升",
		Description: "己二腈加氢制己二胺的镍催化剂失活快，需延长寿命", Field: "新材料", CreatedOn: "2022-03-02"})
	if err != nil {
		t.Fatal(err)
	}
	xID, err := a.SaveAchievement(ctx, v, match.Achievement{Code: "CG-1", Kind: match.KindAchievement, Owner: "长江师范学院", Title: "长寿命己二腈加氢镍基催化剂",
		Abstract: "提高己二腈加氢制己二胺镍催化剂寿命的制备方法", Field: "新材料"})
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Store.Demand(ctx, v.System.ID, "XQ-1")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := a.Recommend(ctx, v, d, 5, true)
	if err != nil || len(recs) == 0 {
		t.Fatalf("recommend: %v %v", recs, err)
	}
	for _, st := range []string{store.FeedbackContacted, store.FeedbackAgreed} {
		if err := a.Store.AddFeedback(ctx, v.System.ID, store.Feedback{DemandID: dID, AchievementID: xID, Status: st, OnDay: "2022-05-06"}, a.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.Store.LinkContract(ctx, v.System.ID, dID, xID, "2022500102000123", "2022-07-01"); err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time { x, _ := time.Parse(time.DateOnly, s); return x }
	c := ledger.Contract{RegNo: "2022500102000123", Name: "己二腈加氢催化剂技术开发", Kind: ledger.DevCommissioned,
		Seller: ledger.Party{Name: "长江师范学院", InDistrict: true}, Buyer: ledger.Party{Name: "重庆甲化工有限公司", InDistrict: true},
		SignedOn: day("2022-06-20"), RegisteredOn: day("2022-07-01"), Value: 80_000_000} // 80万元 in fen
	if probs := c.Compute(); len(probs) > 0 {
		t.Fatalf("contract: %v", probs)
	}
	if _, err := a.LoadLedgerBooks(ctx, v, ledger.Contracts, ledger.Books{Contracts: []ledger.Contract{c}}, "test"); err != nil {
		t.Fatal(err)
	}
	p, _ := period.Parse("2022-01..2022-08")
	b, err := a.Bulletin(ctx, v, "fuling", p, a.Now())
	if err != nil {
		t.Fatal(err)
	}
	var text string
	for _, s := range b.Sections {
		if s.Heading == "产学研对接" {
			text = s.Text()
		}
	}
	want := "1—8月，平台发布企业技术需求1项，为1项需求推荐科技成果，对接联系1次（谢绝0次），达成合作意向1项，签订并登记技术合同1项，技术交易额80万元（平台对接记录）。"
	if text != want {
		t.Errorf("产学研对接:\n got %s\nwant %s", text, want)
	}
	nb, err := a.Bulletin(ctx, v, "baitao", p, a.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range nb.Sections {
		if s.Heading == "产学研对接" {
			t.Errorf("a node's bulletin has the district funnel: %s", s.Text())
		}
	}
}
