package app_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/period"
)

// Two districts in one installation: the region view of 5001 has a row per
// district equal to that district's own aggregation, and a total equal to
// their sum; another prefix has none. Every figure is read per system.
func TestRegionView(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		data, err := os.ReadFile("testdata/changshou-system.yaml")
		if err != nil {
			t.Fatal(err)
		}
		st, err := dataset.ParseStructure("changshou-system.yaml", data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Store.LoadStructure(ctx, st); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for i, sys := range []struct{ code, leaf string }{{"fuling", "baitao"}, {"changshou", "cs-park"}} {
			v, err := a.View(ctx, sys.code)
			if err != nil {
				t.Fatal(err)
			}
			d, err := demo.Generate(demo.Options{Firms: 40 + 20*i, Months: 8, Year: 2023, Seed: int64(i + 1)}, []string{sys.leaf})
			if err != nil {
				t.Fatal(err)
			}
			id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", sys.code, "", time.Now())
			if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2023-01-01"); err != nil {
				t.Fatal(err)
			}
			if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
				t.Fatal(err)
			}
			sums, err := a.Store.AggregateReports(ctx, v.System.ID, 2023, 8, "2023-08-31")
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range sums {
				if x.NodeCode == sys.code && x.Indicator == "rd_expenditure" {
					want[sys.code] = x.Value.String()
				}
			}
		}
		rows, cols, err := a.RegionView(ctx, "5001", 2023, 8)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0].System.Code != "fuling" || rows[1].System.Code != "changshou" || rows[2].System.Name != "合计" {
			t.Fatalf("rows %+v", rows)
		}
		if len(cols) == 0 {
			t.Fatal("no indicators")
		}
		f, c, tot := rows[0].Cells["rd_expenditure"], rows[1].Cells["rd_expenditure"], rows[2].Cells["rd_expenditure"]
		if f.Value.String() != want["fuling"] || c.Value.String() != want["changshou"] || !tot.Value.Equal(f.Value.Add(c.Value)) {
			t.Errorf("R&D: fuling %s (want %s), changshou %s (want %s), total %s", f.Value, want["fuling"], c.Value, want["changshou"], tot.Value)
		}
		if f.Firms != 40 || c.Firms != 60 || tot.Firms != 100 {
			t.Errorf("firms %d %d %d", f.Firms, c.Firms, tot.Firms)
		}
		if tot.SameBasis.Ratio == nil {
			t.Error("no same-basis growth on the total")
		}
		// Each district's totals are kept until its data changes: a firm
		// reported in a new import of 长寿 shows at once.
		v, _ := a.View(ctx, "changshou")
		d, _ := demo.Generate(demo.Options{Firms: 1, Months: 8, Year: 2023, Seed: 99}, []string{"cs-park"})
		d.Firms[0].USCC, d.Firms[0].Name = "91500115MA6000009X", "重庆长寿追加企业（演示）"
		for i := range d.Reports {
			d.Reports[i].USCC = d.Firms[0].USCC
		}
		id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "more", "", time.Now())
		if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2023-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
			t.Fatal(err)
		}
		if rows, _, err := a.RegionView(ctx, "5001", 2023, 8); err != nil || rows[1].Cells["rd_expenditure"].Firms != 61 || rows[0].Cells["rd_expenditure"].Firms != 40 {
			t.Errorf("after a new 长寿 firm: %v firms %d / %d", err, rows[0].Cells["rd_expenditure"].Firms, rows[1].Cells["rd_expenditure"].Firms)
		}
		if rows, _, err := a.RegionView(ctx, "5002", 2023, 8); err != nil || len(rows) != 1 || len(rows[0].Cells) != 0 {
			t.Errorf("5002: %+v %v", rows, err)
		}
		if _, _, err := a.RegionView(ctx, "50x", 2023, 8); err == nil {
			t.Error("a bad prefix is accepted")
		}
	})
}

// The published figures of two districts in the region view for 1—8月
// 2022: 涪陵's from the article (R&D 24.02亿元, 151 high-tech enterprises at
// 2022-08-31, 1266 tech-based SMEs), 长寿's invented for the test
// (10.5亿元, 超过60户, no tech-based count). Money and counts add up; an
// indicator one district lacks has no total and names the district
// (missing is not zero); a figure written with a qualifier (达到 is exact,
// 超过 is not) marks the total.
func TestRegionPublished(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		if _, err := a.LoadDataset(ctx, os.DirFS("testdata"), "changshou-dataset"); err != nil {
			t.Fatal(err)
		}
		p, _ := period.FromMonths(2022, 1, 8)
		rows, cols, err := a.RegionPublished(ctx, "5001", p)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 3 || rows[0].System.Code != "fuling" || rows[1].System.Code != "changshou" || rows[2].System.Name != "合计" {
			t.Fatalf("rows %+v", rows)
		}
		has := map[string]bool{}
		for _, c := range cols {
			has[c.Code] = true
		}
		for _, c := range []string{"rd_expenditure_above_scale_industry", "high_tech_enterprises", "tech_based_enterprises"} {
			if !has[c] {
				t.Errorf("no column %s", c)
			}
		}
		tot := rows[2].Figures
		check := func(code, want string, missing ...string) {
			t.Helper()
			f := tot[code]
			got := "nil"
			if f.Sum != nil {
				got = f.Sum.String()
			}
			if got != want || strings.Join(f.Missing, ",") != strings.Join(missing, ",") {
				t.Errorf("%s total %s missing %v; want %s %v", code, got, f.Missing, want, missing)
			}
		}
		check("rd_expenditure_above_scale_industry", "3452000000")
		check("high_tech_enterprises", "211")
		if in := tot["high_tech_enterprises"].Inexact; len(in) != 1 || in[0] != "长寿区超过" {
			t.Errorf("high-tech total not marked as a bound: %v", in)
		}
		if in := tot["rd_expenditure_above_scale_industry"].Inexact; len(in) != 0 {
			t.Errorf("R&D total marked inexact: %v", in)
		}
		check("tech_based_enterprises", "nil", "长寿区")
		if f := rows[0].Figures["high_tech_enterprises"]; f.Obs == nil || f.Obs.Value.String() != "151" {
			t.Errorf("涪陵 high-tech: %+v", f.Obs)
		}
		// A flow of another period is not this period's figure.
		p9, _ := period.FromMonths(2022, 1, 9)
		rows, _, err = a.RegionPublished(ctx, "5001", p9)
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := rows[1].Figures["rd_expenditure_above_scale_industry"]; ok {
			t.Error("长寿's 1—8月 R&D shown for 1—9月")
		}
	})
}

// With no firms' reports the region view's published table defaults to the
// newest period of the districts' flow figures: 涪陵's 2022 (全年: 知识产权
// 价值贷款, 人才) is newer than 1—8月 2022, which 长寿 also has; a prefix
// with no district has none; a bad prefix is refused.
func TestRegionPublishedPeriod(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		if _, err := a.LoadDataset(ctx, os.DirFS("testdata"), "changshou-dataset"); err != nil {
			t.Fatal(err)
		}
		p, ok, err := a.RegionPublishedPeriod(ctx, "5001")
		if err != nil || !ok || p.String() != "2022" {
			t.Errorf("5001: %s %v %v; want 2022", p, ok, err)
		}
		rows, cols, err := a.RegionPublished(ctx, "5001", p)
		if err != nil || len(cols) == 0 || rows[0].Figures["ip_value_loan_amount"].Obs == nil {
			t.Errorf("5001 %s: %d columns, %+v, %v", p, len(cols), rows[0].Figures, err)
		}
		if _, ok, err := a.RegionPublishedPeriod(ctx, "5002"); err != nil || ok {
			t.Errorf("5002: %v %v", ok, err)
		}
		if _, _, err := a.RegionPublishedPeriod(ctx, "50x"); err == nil {
			t.Error("a bad prefix is accepted")
		}
	})
}
