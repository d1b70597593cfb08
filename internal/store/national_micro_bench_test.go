package store_test

import (
	"context"
	"os"
	"reflect"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// BenchmarkFirmAggregatesNational times, on the database BenchmarkScale
// built (KECHUANG_SCALE_DSN; skipped without it, and it does not build one),
// each read the dashboard's firm aggregates (app.MicroFigures) make for the
// last period, the new path against the one it replaced, and checks that
// both give the same result:
//
//   - the period's sums and both ratios: AggregatePeriod (one scan on
//     SQLite, grouped queries on PostgreSQL) against AggregateReports plus
//     one streaming AggregateRatio scan per ratio;
//
//   - the high-tech enterprises per node: CountRecognised (the recognised
//     firms' memberships, rolled up in Go) against the recursive CTE;
//
//   - the reported periods: ReportPeriods' index probes against DISTINCT.
//
//     KECHUANG_SCALE_DSN=/tmp/kechuang-scale/kechuang.db go test -run '^$' -bench FirmAggregatesNational -benchtime 1x -timeout 1h ./internal/store/
func BenchmarkFirmAggregatesNational(b *testing.B) {
	dsn := os.Getenv("KECHUANG_SCALE_DSN")
	if dsn == "" {
		b.Skip("set KECHUANG_SCALE_DSN to the database BenchmarkScale built")
	}
	months := envInt("KECHUANG_SCALE_MONTHS", 12)
	ctx := context.Background()
	conn, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	s := store.New(conn)
	sys, err := s.System(ctx, "fuling")
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2023, time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	pairs := [][2]string{{"rd_expenditure", "operating_revenue"}, {"operating_revenue@" + model.HighTechEnterprise, "operating_revenue"}}
	timed := func(what string, fn func() error) {
		b.Helper()
		t0 := time.Now()
		if err := fn(); err != nil {
			b.Fatal(err)
		}
		logf(b, "%s %s: %s", conn.Dialect, what, time.Since(t0).Round(time.Millisecond))
	}
	b.ResetTimer()
	var periods, periodsOld [][2]int
	timed("ReportPeriods (index probes)", func() (err error) { periods, err = s.ReportPeriods(ctx, sys.ID); return })
	timed("ReportPeriods before (DISTINCT)", func() (err error) { periodsOld, err = s.ReportPeriodsDistinct(ctx, sys.ID); return })
	if !reflect.DeepEqual(periods, periodsOld) {
		b.Errorf("ReportPeriods %v, DISTINCT %v", periods, periodsOld)
	}
	var counts, countsOld map[string]int
	timed("CountRecognised (memberships of the recognised, roll-up in Go)", func() (err error) {
		counts, err = s.CountRecognised(ctx, sys.ID, model.HighTechEnterprise, day)
		return
	})
	timed("CountRecognised before (recursive CTE)", func() (err error) {
		countsOld, err = s.CountRecognisedCTE(ctx, sys.ID, model.HighTechEnterprise, day)
		return
	})
	if !reflect.DeepEqual(counts, countsOld) || counts["fuling"] == 0 {
		b.Errorf("CountRecognised %v, CTE %v", counts, countsOld)
	}
	var sums, sumsOld []store.NodeSums
	var ratios [][]store.RatioSums
	timed("AggregatePeriod (sums and 2 ratios)", func() (err error) {
		sums, ratios, err = s.AggregatePeriod(ctx, sys.ID, 2023, months, day, pairs)
		return
	})
	timed("before: AggregateReports", func() (err error) { sumsOld, err = s.AggregateReports(ctx, sys.ID, 2023, months, day); return })
	if !reflect.DeepEqual(sums, sumsOld) {
		b.Error("AggregatePeriod's sums differ from AggregateReports'")
	}
	for i, p := range pairs {
		var one [][]store.RatioSums
		timed("before: streaming ratio "+p[0]+"/"+p[1], func() (err error) {
			_, one, err = s.AggregateStreaming(ctx, sys.ID, 2023, months, day, [][2]string{p})
			return
		})
		if !reflect.DeepEqual(one[0], ratios[i]) || len(one[0]) == 0 {
			b.Errorf("ratio %s/%s: AggregatePeriod %+v, streaming %+v", p[0], p[1], ratios[i], one[0])
		}
		if conn.Dialect == db.Postgres {
			var r []store.RatioSums
			timed("AggregateRatio (grouped) "+p[0]+"/"+p[1], func() (err error) {
				r, err = s.AggregateRatio(ctx, sys.ID, 2023, months, day, p[0], p[1])
				return
			})
			if !reflect.DeepEqual(r, ratios[i]) {
				b.Errorf("ratio %s/%s: AggregateRatio differs from AggregatePeriod", p[0], p[1])
			}
		}
	}
}
