package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// BenchmarkDefaultReportPeriod measures the default-period check on a
// database BenchmarkAggregate built (KECHUANG_BENCH_PERIODS_DB: a copy of
// kechuang-bench-100000x12.db, which it changes): first with every period
// complete (1–12月 against 1–11月: the dearest case, bounded counts of
// both), then after one firm reported 1–2月 of the next year (being
// collected: a few bounded counts, then the step back to 1–12月 is
// checked in full). Skipped without the variable. Run:
//
//	go test -run x -bench Aggregate -benchtime 1x ./internal/store/   # builds the database once
//	cp /tmp/kechuang-bench-100000x12.db /tmp/p.db
//	KECHUANG_BENCH_PERIODS_DB=/tmp/p.db go test -run x -bench DefaultReportPeriod -benchtime 5x ./internal/store/
func BenchmarkDefaultReportPeriod(b *testing.B) {
	path := os.Getenv("KECHUANG_BENCH_PERIODS_DB")
	if path == "" {
		b.Skip("KECHUANG_BENCH_PERIODS_DB not set")
	}
	ctx := context.Background()
	conn, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	s := store.New(conn)
	sys, err := s.System(ctx, "fuling")
	if err != nil {
		b.Fatal(err)
	}
	run := func(name string, year, month int, collecting [2]int) {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				c, err := s.DefaultReportPeriod(ctx, sys.ID)
				if err != nil {
					b.Fatal(err)
				}
				if c.Year != year || c.Month != month || c.Collecting != collecting {
					b.Fatalf("%+v", c)
				}
				if i == 0 {
					b.Logf("%s: %+v in %s", name, c, time.Since(t0).Round(time.Millisecond))
				}
			}
		})
	}
	run("complete", 2023, 12, [2]int{})
	var one string
	if err := conn.R.QueryRowContext(ctx, `SELECT o.uscc FROM organisations o JOIN reports r ON r.org_id = o.id
		WHERE r.system_id = ? AND r.year = 2023 AND r.month = 12 LIMIT 1`, sys.ID).Scan(&one); err != nil {
		b.Fatal(err)
	}
	var has int
	conn.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM reports WHERE system_id = ? AND year = 2024`, sys.ID).Scan(&has)
	if has == 0 {
		x := decimal.NewFromInt(1000000)
		id, _ := s.StartImport(ctx, sys.ID, "demo", "one firm 2024", "", time.Now())
		if err := s.InsertReports(ctx, sys.ID, id, []model.Report{{USCC: one, Indicator: "operating_revenue", Year: 2024, Month: 2, Value: &x}}); err != nil {
			b.Fatal(err)
		}
	}
	run("one firm's newer period", 2023, 12, [2]int{2024, 2})
}
