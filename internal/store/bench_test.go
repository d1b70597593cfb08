package store_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/store"
)

// BenchmarkAggregate measures AggregateReports — every indicator for every
// node for one period, with the sums same-basis growth needs — over
// KECHUANG_BENCH_FIRMS firms (default 100000) × KECHUANG_BENCH_MONTHS months
// (default 12: 1–2月 … 1–12月, 5 indicators), aggregating the last period, on
// SQLite. The database is
// built once per size in the system temp dir and reused
// (KECHUANG_BENCH_DIR to choose). Run:
//
//	go test -run x -bench Aggregate -benchtime 5x ./internal/store/
//	KECHUANG_BENCH_FIRMS=1000000 KECHUANG_BENCH_MONTHS=3 go test -run x -bench Aggregate -benchtime 3x -timeout 2h ./internal/store/
func BenchmarkAggregate(b *testing.B) {
	firms := 100000
	if v := os.Getenv("KECHUANG_BENCH_FIRMS"); v != "" {
		firms, _ = strconv.Atoi(v)
	}
	months := 12
	if v := os.Getenv("KECHUANG_BENCH_MONTHS"); v != "" {
		months, _ = strconv.Atoi(v)
	}
	dir := os.Getenv("KECHUANG_BENCH_DIR")
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, "kechuang-bench-"+strconv.Itoa(firms)+"x"+strconv.Itoa(months)+".db")
	ctx := context.Background()
	_, statErr := os.Stat(path)
	conn, err := db.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	s := store.New(conn)
	if statErr != nil {
		ds := fulingB(b)
		if _, err := s.LoadDataset(ctx, ds); err != nil {
			b.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicatorsB(b)); err != nil {
			b.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		var leaves []string
		for _, n := range ds.Structure.Nodes {
			if n.Kind == "industry" || n.Code == "fl-htz" || n.Code == "huigu-lake" {
				leaves = append(leaves, n.Code)
			}
		}
		t0 := time.Now()
		d, err := demo.Generate(demo.Options{Firms: firms, Months: months, Year: 2023, Seed: 1}, leaves)
		if err != nil {
			b.Fatal(err)
		}
		id, _ := s.StartImport(ctx, sys.ID, "demo", "bench", "", time.Now())
		if _, err := s.WriteRegistry(ctx, sys.ID, id, d.Firms, "2023-01-01"); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := s.InsertReports(ctx, sys.ID, id, d.Reports); err != nil {
			b.Fatal(err)
		}
		el := time.Since(t1)
		b.Logf("built %s: %d firms (registry %s), %d report rows in %s = %.0f rows/s", path, firms, t1.Sub(t0).Round(time.Millisecond),
			len(d.Reports), el.Round(time.Millisecond), float64(len(d.Reports))/el.Seconds())
	}
	sys, err := s.System(ctx, "fuling")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	var n int
	for i := 0; i < b.N; i++ {
		sums, err := s.AggregateReports(ctx, sys.ID, 2023, months, time.Date(2023, time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02"))
		if err != nil {
			b.Fatal(err)
		}
		n = len(sums)
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(n), "node×indicator")
	b.ReportMetric(float64(firms), "firms")
	b.Logf("heap in use %d MiB; %d node×indicator sums", ms.HeapInuse>>20, n)
}
