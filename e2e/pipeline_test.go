package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// withDemo writes the Fuling-sized demo registry (1266 firms, 2026, with
// ladder titles and supplied facts) into the app's database.
func withDemo(t *testing.T) func(*app.App) {
	return func(a *app.App) {
		ctx := t.Context()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var leaves []string
		for _, n := range v.Nodes {
			if n.Kind != model.District && n.Kind != model.Pillar && len(v.Children(n.Code)) == 0 {
				leaves = append(leaves, n.Code)
			}
		}
		d, err := demo.Generate(demo.Options{Firms: 1266, Months: 9, Year: 2026, Seed: 1}, leaves)
		if err != nil {
			t.Fatal(err)
		}
		id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "demo", "", time.Now())
		if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2026-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
			t.Fatal(err)
		}
		facts := make([]store.SuppliedFacts, len(d.Facts))
		for i, x := range d.Facts {
			facts[i] = store.SuppliedFacts{USCC: x.USCC, Facts: x.JSON, Row: i + 1}
		}
		if err := a.Store.SupplyFacts(ctx, v.System.ID, id, "2026-05-31", facts); err != nil {
			t.Fatal(err)
		}
		a.Store.FinishImport(ctx, id, "done", 1, 1, nil, "演示数据", time.Now())
	}
}

// An officer opens 梯度培育, reads the funnel, follows the high-tech
// candidates and opens the first firm's screening report.
func TestPipeline(t *testing.T) {
	base := startServer(t, withDemo(t))
	ctx := newBrowser(t)

	navigate(t, ctx, base+"/pipeline?day=2026-09-30")
	waitCharts(t, ctx, "/pipeline")
	text := visibleText(t, ctx, "main")
	assertContains(t, "/pipeline", text, "梯度培育", "涪陵区：1266家企业", "科技型中小企业", "专精特新“小巨人”企业",
		"高新技术企业证书12个月内到期", "白涛新材料科技城", "数据库中含演示数据")
	assertCanvases(t, ctx, "/pipeline")
	screenshot(t, ctx, "pipeline.png")

	// 高新技术企业 row → 查看名单.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`td a[href*="to=high_tech"]`)), chromedp.WaitVisible(chromedp.CSS("p.trail"))); err != nil {
		t.Fatalf("open the high-tech candidates: %v", err)
	}
	text = visibleText(t, ctx, "main")
	assertContains(t, "/pipeline/candidates", text, "高新技术企业培育候选", "近者在前", "第1页")
	if !strings.Contains(text, "待定") && !strings.Contains(text, "符合") {
		t.Errorf("candidates show no verdict: %.500s", text)
	}
	screenshot(t, ctx, "candidates.png")

	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`table.data tbody tr:first-child a`)), chromedp.WaitVisible(chromedp.CSS("section.result"))); err != nil {
		t.Fatalf("open the first candidate: %v", err)
	}
	text = visibleText(t, ctx, "main")
	assertContains(t, "screening report", text, "现有梯度：科技型中小企业", "下一梯度：高新技术企业", "高新技术企业：",
		"C5 研究开发费用占比", "国科发火〔2016〕32号 第十一条（五）", "科技型中小企业：", "数据来源", "企业补充报送（2026-05-31）")
	screenshot(t, ctx, "screening.png")
}
