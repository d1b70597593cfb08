package app_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/demo"
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
		if rows, _, err := a.RegionView(ctx, "5002", 2023, 8); err != nil || len(rows) != 1 || len(rows[0].Cells) != 0 {
			t.Errorf("5002: %+v %v", rows, err)
		}
		if _, _, err := a.RegionView(ctx, "50x", 2023, 8); err == nil {
			t.Error("a bad prefix is accepted")
		}
	})
}
