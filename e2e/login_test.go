package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

const reporterFirm, reporterName = "91500102MA6000001J", "重庆白涛测试一新材料有限公司"

// withReporter registers a firm and its reporter account (password known,
// no forced change) and another firm the reporter must not see.
func withReporter(t *testing.T, password string) func(*app.App) {
	return func(a *app.App) {
		ctx := t.Context()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		id, _ := a.Store.StartImport(ctx, v.System.ID, "registry", "e2e", "", time.Now())
		firms := []model.Firm{{USCC: reporterFirm, Name: reporterName, Memberships: []model.Membership{{NodeCode: "baitao"}}},
			{USCC: "91500102MA6000002M", Name: "重庆慧谷另一企业有限公司", Memberships: []model.Membership{{NodeCode: "huigu-lake"}}}}
		if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, firms, "2026-01-01"); err != nil {
			t.Fatal(err)
		}
		h, _ := auth.HashPassword(password)
		if _, err := a.Store.CreateUser(ctx, store.User{Login: "firm1", Name: "张填报", Role: auth.Reporter, OrgUSCC: reporterFirm}, h, "e2e", time.Now()); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.SetPassword(ctx, "firm1", h, false, "", "e2e", time.Now()); err != nil {
			t.Fatal(err)
		}
	}
}

// A firm's reporter signs in through the form, files the monthly report in
// the browser, sees every bad cell at once, then files it, and sees only
// their firm.
func TestReporterInBrowser(t *testing.T) {
	const pw = "Fuling-2026-report"
	base := startServerAuth(t, true, withReporter(t, pw))
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/report")
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("form input[name=login]"))); err != nil {
		t.Fatalf("/report did not lead to the sign-in form: %v", err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("input[name=login]"), "firm1"),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), pw),
		chromedp.Submit(chromedp.CSS("input[name=password]")),
		chromedp.WaitVisible(chromedp.CSS("input[name=period]")),
	); err != nil {
		t.Fatalf("sign in: %v", err)
	}
	assertContains(t, "/report", visibleText(t, ctx, "main"), "填报月报", reporterName, "研发投入")
	if strings.Contains(visibleText(t, ctx, "header"), "梯度培育") {
		t.Error("a reporter's navigation offers 梯度培育")
	}

	fill := func(rd, prior string) {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS("input[name=period]"), "2026-01..2026-10"),
			chromedp.SetValue(chromedp.CSS("input[name=rd_expenditure]"), rd),
			chromedp.SetValue(chromedp.CSS("input[name=rd_expenditure_prior]"), prior),
			chromedp.Submit(chromedp.CSS("input[name=period]")),
			chromedp.WaitVisible(chromedp.CSS("section.hero")),
		); err != nil {
			t.Fatalf("submit: %v", err)
		}
	}
	fill("12,3x", "100")
	assertContains(t, "the rejected report", visibleText(t, ctx, "main"), "未提交：以下各项有误", "12,3x")
	screenshot(t, ctx, "report-errors.png")
	fill("156.5", "120")
	assertContains(t, "the filed report", visibleText(t, ctx, "main"), "已提交2026年1—10月月报")

	navigate(t, ctx, base+"/my")
	text := visibleText(t, ctx, "main")
	assertContains(t, "/my", text, reporterName, "156.5万元")
	for _, page := range []string{"/my", "/organisations", "/pipeline"} {
		navigate(t, ctx, base+page)
		if body := visibleText(t, ctx, "body"); strings.Contains(body, "重庆慧谷另一企业有限公司") || strings.Contains(body, "91500102MA6000002M") {
			t.Errorf("%s shows the other firm to the reporter", page)
		}
	}
}
