package store_test

import (
	"context"
	"testing"

	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// A period with many reports (past the few-rows bound, so compared with the
// period just before it by bounded counts): 2,000 firms' 1–8月; 900 firms'
// 1–9月 are fewer than half (being collected), 1,100 firms' are not. The
// row counts themselves, bounded and not, are exact.
func TestDefaultReportPeriodManyReports(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicators(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		data, err := demo.Generate(demo.Options{Firms: 2000, Months: 9, Year: 2023, Seed: 3}, []string{"baitao"})
		if err != nil {
			t.Fatal(err)
		}
		idx := map[string]int{}
		for i, f := range data.Firms {
			idx[f.USCC] = i
		}
		part := func(m, from, to int) (out []model.Report) {
			for _, r := range data.Reports {
				if i := idx[r.USCC]; r.Month == m && i >= from && i < to {
					out = append(out, r)
				}
			}
			return out
		}
		id, _ := s.StartImport(ctx, sys.ID, "registry", "demo", "x", nowT)
		if _, err := s.WriteRegistry(ctx, sys.ID, id, data.Firms, "2023-01-01"); err != nil {
			t.Fatal(err)
		}
		aug := part(8, 0, 2000)
		if err := s.InsertReports(ctx, sys.ID, id, append(part(7, 0, 2000), append(aug, part(9, 0, 900)...)...)); err != nil {
			t.Fatal(err)
		}
		if n, err := s.PeriodRows(ctx, sys.ID, 2023, 8, 0); err != nil || n != len(aug) {
			t.Errorf("rows of 1–8月: %d %v; want %d", n, err, len(aug))
		}
		if n, err := s.PeriodRows(ctx, sys.ID, 2023, 8, 1000); err != nil || n != 1000 {
			t.Errorf("rows of 1–8月 up to 1000: %d %v", n, err)
		}
		if n, err := s.PeriodFirms(ctx, sys.ID, 2023, 9); err != nil || n != 900 {
			t.Errorf("firms of 1–9月: %d %v", n, err)
		}
		sep := part(9, 0, 900)
		if len(sep) < 4096 || 2*len(sep) >= len(aug) {
			t.Fatalf("test data: %d rows of 1–9月, %d of 1–8月", len(sep), len(aug))
		}
		c, err := s.DefaultReportPeriod(ctx, sys.ID)
		if err != nil || c.Year != 2023 || c.Month != 8 || c.Collecting != [2]int{2023, 9} || c.CollectingFirms != 900 {
			t.Errorf("900 of 2,000 firms: %+v %v", c, err)
		}
		id, _ = s.StartImport(ctx, sys.ID, "registry", "demo", "y", nowT)
		if err := s.InsertReports(ctx, sys.ID, id, part(9, 900, 1100)); err != nil {
			t.Fatal(err)
		}
		c, err = s.DefaultReportPeriod(ctx, sys.ID)
		if err != nil || c.Year != 2023 || c.Month != 9 || c.Collecting != [2]int{} {
			t.Errorf("1,100 of 2,000 firms: %+v %v", c, err)
		}
		ps, err := s.NewestReportPeriods(ctx, sys.ID, 2)
		if err != nil || len(ps) != 2 || ps[0] != [2]int{2023, 9} || ps[1] != [2]int{2023, 8} {
			t.Errorf("newest 2 periods: %v %v", ps, err)
		}
	})
}
