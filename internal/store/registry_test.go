package store_test

import (
	"context"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

func dec(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }

func TestRegistryNamesMovesAndReportRevisions(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicators(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		imp, _ := s.StartImport(ctx, sys.ID, "registry", "r1.csv", "a", nowT)
		firm := model.Firm{USCC: "91500102MA6000002M", Name: "重庆测试二生物医药有限公司（涪陵分公司）",
			Memberships: []model.Membership{{NodeCode: "huigu-lake"}}}
		sum, err := s.WriteRegistry(ctx, sys.ID, imp, []model.Firm{firm}, "2023-01-01")
		if err != nil || sum.Added != 1 {
			t.Fatalf("add: %+v %v", sum, err)
		}
		// Same firm, half-width brackets: no rename.
		firm.Name = "重庆测试二生物医药有限公司(涪陵分公司)"
		sum, err = s.WriteRegistry(ctx, sys.ID, imp, []model.Firm{firm}, "2023-01-01")
		if err != nil || sum.Unchanged != 1 || len(sum.Renamed) != 0 {
			t.Fatalf("bracket width: %+v %v", sum, err)
		}
		// A real rename and a move to Baitao on 2023-07-01.
		firm.Name = "重庆测试二新材料有限公司"
		firm.Memberships = []model.Membership{{NodeCode: "baitao"}}
		sum, err = s.WriteRegistry(ctx, sys.ID, imp, []model.Firm{firm}, "2023-07-01")
		if err != nil || sum.Updated != 1 || sum.Unchanged != 0 || len(sum.Renamed) != 1 || len(sum.Moved) != 1 ||
			sum.Moved[0] != "91500102MA6000002M: huigu-lake → baitao (from 2023-07-01)" {
			t.Fatalf("rename and move: %+v %v", sum, err)
		}
		var names int
		s.DB().R.QueryRow(`SELECT COUNT(*) FROM organisation_names`).Scan(&names)
		if names != 3 {
			t.Errorf("name history has %d names, want 3 (two spellings and the new name)", names)
		}
		if err := s.InsertReports(ctx, sys.ID, imp, []model.Report{{USCC: firm.USCC, Indicator: "rd_expenditure", Year: 2023, Month: 8, Value: dec("1000000"), Prior: dec("800000")}}); err != nil {
			t.Fatal(err)
		}
		// On 2023-06-30 the firm was in 慧谷湖, on 2023-08-31 in 白涛.
		for day, node := range map[string]string{"2023-06-30": "huigu-lake", "2023-08-31": "baitao"} {
			sums, err := s.AggregateReports(ctx, sys.ID, 2023, 8, day)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, x := range sums {
				if x.Indicator == "rd_expenditure" && x.NodeCode == node && x.Value.String() == "1000000" {
					found = true
				}
				if x.Indicator == "rd_expenditure" && (x.NodeCode == "huigu-lake" || x.NodeCode == "baitao") && x.NodeCode != node {
					t.Errorf("on %s the firm also counts in %s", day, x.NodeCode)
				}
			}
			if !found {
				t.Errorf("on %s the firm does not count in %s: %+v", day, node, sums)
			}
		}
		// A correction is a new revision; the same value again changes nothing.
		rep := model.Report{USCC: firm.USCC, Indicator: "rd_expenditure", Year: 2023, Month: 8, Value: dec("1100000"), Prior: dec("800000")}
		for i, want := range []store.ReportSummary{{Written: 1}, {Unchanged: 1}} {
			got, err := s.WriteReports(ctx, sys.ID, imp, []model.Report{rep})
			if err != nil || got != want {
				t.Fatalf("write %d: %+v %v, want %+v", i, got, err, want)
			}
		}
		hist, err := s.ReportHistory(ctx, sys.ID, firm.USCC, "rd_expenditure", 2023, 8)
		if err != nil || len(hist) != 2 || hist[0].Value.String() != "1000000" || hist[0].Current ||
			hist[1].Value.String() != "1100000" || !hist[1].Current || hist[1].Revision != 2 {
			t.Fatalf("history: %+v %v", hist, err)
		}
		// Fractions of a fen are refused, not rounded.
		rep.Value = dec("1.005")
		if _, err := s.WriteReports(ctx, sys.ID, imp, []model.Report{rep}); err == nil {
			t.Error("a value with three decimals in yuan was accepted")
		}
	})
}

func TestInterruptedImportsAreMarked(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		if _, err := s.StartImport(ctx, sys.ID, "auto", "big.xlsx", "x", nowT); err != nil {
			t.Fatal(err)
		}
		// The process stopped here; the next start closes the job.
		n, err := s.MarkInterruptedImports(ctx, nowT)
		if err != nil || n != 1 {
			t.Fatalf("marked %d, %v", n, err)
		}
		jobs, _ := s.Imports(ctx, sys.ID)
		if len(jobs) != 1 || jobs[0].Status != "failed" || jobs[0].RowsWritten != 0 || jobs[0].FinishedAt == nil {
			t.Errorf("job after restart: %+v", jobs)
		}
	})
}

// A bulk load that fails half-way (COPY on PostgreSQL, multi-row INSERTs on
// SQLite) leaves nothing behind.
func TestBulkReportsAllOrNothing(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicators(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		firm := model.Firm{USCC: "91500102MA6000001J", Name: "测试一", Memberships: []model.Membership{{NodeCode: "baitao"}}}
		if _, err := s.WriteRegistry(ctx, sys.ID, mustImport(t, s, sys.ID), []model.Firm{firm}, "2023-01-01"); err != nil {
			t.Fatal(err)
		}
		rep := model.Report{USCC: firm.USCC, Indicator: "rd_expenditure", Year: 2023, Month: 8, Value: dec("100"), Prior: dec("90")}
		other := rep
		other.Indicator = "operating_revenue"
		// The same figure twice in one load: the second breaks the
		// one-current-revision index, after the first was written.
		if err := s.InsertReports(ctx, sys.ID, 0, []model.Report{rep, other, rep}); err == nil {
			t.Fatal("a duplicate in a bulk load was accepted")
		}
		var n int
		s.DB().R.QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n)
		if n != 0 {
			t.Errorf("%d reports left after a failed bulk load", n)
		}
		if err := s.InsertReports(ctx, sys.ID, 0, []model.Report{rep, other}); err != nil {
			t.Fatal(err)
		}
		s.DB().R.QueryRow(`SELECT COUNT(*) FROM reports`).Scan(&n)
		if n != 2 {
			t.Errorf("%d reports after a good bulk load, want 2", n)
		}
	})
}

func mustImport(t *testing.T, s *store.Store, systemID int64) int64 {
	t.Helper()
	id, err := s.StartImport(context.Background(), systemID, "registry", "test", "", nowT)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
