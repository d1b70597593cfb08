package app_test

import (
	"context"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
)

// 250 demo firms report 1–2月 … 1–8月 2022. One firm's 1–9月 does not move
// the default period (it is being collected: 1 firm of 250); nor do 100
// firms' (fewer than half); nor a firm's 1–10月 on top of them (two newer
// periods, both being collected); 150 firms' 1–9月 do, with 1–10月 still
// being collected. Each step is a new import (a new DataVersion), so the
// cached answer follows the data.
func TestDefaultPeriodSkipsAPeriodBeingCollected(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		d, err := demo.Generate(demo.Options{Firms: 250, Months: 10, Year: 2022, Seed: 7}, []string{"baitao"})
		if err != nil {
			t.Fatal(err)
		}
		firm := map[string]int{}
		for i, f := range d.Firms {
			firm[f.USCC] = i
		}
		// reports of month m of the firms [from, to)
		reports := func(m, from, to int) []model.Report {
			var out []model.Report
			for _, r := range d.Reports {
				if i := firm[r.USCC]; r.Month == m && i >= from && i < to {
					out = append(out, r)
				}
			}
			return out
		}
		write := func(name string, reps []model.Report, registry bool) {
			t.Helper()
			id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", name, "", time.Now())
			if registry {
				if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2022-01-01"); err != nil {
					t.Fatal(err)
				}
			}
			if err := a.Store.InsertReports(ctx, v.System.ID, id, reps); err != nil {
				t.Fatal(err)
			}
			if err := a.Store.FinishImport(ctx, id, "done", len(reps), len(reps), nil, "", time.Now()); err != nil {
				t.Fatal(err)
			}
		}
		check := func(step string, year, month int, collecting [2]int, firms int) {
			t.Helper()
			c, err := a.DefaultReportPeriod(ctx, v)
			if err != nil {
				t.Fatal(err)
			}
			if !c.OK || c.Year != year || c.Month != month || c.Collecting != collecting || c.CollectingFirms != firms {
				t.Errorf("%s: default %d-%d, collecting %v (%d firms); want %d-%d, collecting %v (%d firms)",
					step, c.Year, c.Month, c.Collecting, c.CollectingFirms, year, month, collecting, firms)
			}
			y, m, ok, err := a.LatestReportPeriod(ctx, v)
			if err != nil || !ok || y != year || m != month {
				t.Errorf("%s: LatestReportPeriod %d-%d %v %v", step, y, m, ok, err)
			}
		}
		if c, err := a.DefaultReportPeriod(ctx, v); err != nil || c.OK {
			t.Fatalf("no reports: %+v %v", c, err)
		}
		var upTo8 []model.Report
		for m := 2; m <= 8; m++ {
			upTo8 = append(upTo8, reports(m, 0, 250)...)
		}
		write("1-8", upTo8, true)
		check("250 firms' 1–8月", 2022, 8, [2]int{}, 0)

		write("one 1-9", reports(9, 0, 1), false)
		check("one firm's 1–9月", 2022, 8, [2]int{2022, 9}, 1)

		write("99 more 1-9", reports(9, 1, 100), false)
		check("100 firms' 1–9月", 2022, 8, [2]int{2022, 9}, 100)

		write("one 1-10", reports(10, 0, 1), false)
		check("100 firms' 1–9月, one firm's 1–10月", 2022, 8, [2]int{2022, 10}, 1)

		write("50 more 1-9", reports(9, 100, 150), false)
		check("150 firms' 1–9月, one firm's 1–10月", 2022, 9, [2]int{2022, 10}, 1)

		write("the rest 1-10", reports(10, 1, 250), false)
		check("everyone's 1–10月", 2022, 10, [2]int{}, 0)
	})
}
