package store_test

import (
	"bufio"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// BenchmarkScale is the national-scale benchmark of issue 9: it builds (once)
// a database of KECHUANG_SCALE_FIRMS firms (default 1,000,000) with
// KECHUANG_SCALE_MONTHS months of reports (default 12: 1–2月 … 1–12月, 5
// indicators, 11 periods = 55 M report rows at 1 M firms), then times
// AggregateReports — every indicator for every node for the last period —
// KECHUANG_SCALE_REPEAT times (default 3).
//
// KECHUANG_SCALE_DSN names the database: an SQLite file path or a postgres://
// URL (required; the benchmark skips without it, so `go test -bench .` does
// not start a 20-minute build by accident). The registry comes from
// demo.Generate; the reports are generated and inserted month by month
// (store.InsertReports: multi-row INSERT on SQLite, COPY on PostgreSQL) by a
// streaming generator with the same distributions, so at most one month
// (5 M rows) is in memory. It prints the import rate per month, the database
// size, and each aggregation; with KECHUANG_SCALE_OUT it writes the sums as
// CSV (node, indicator, firms, value, paired firms, paired value, paired
// prior; money in hundredths) for scripts/scale-bench.sh to compare with the
// hand-written SQL.
//
//	KECHUANG_SCALE_DSN=/tmp/kechuang-scale/kechuang.db go test -run x -bench Scale -benchtime 1x -timeout 3h ./internal/store/
//	KECHUANG_SCALE_DSN=$KECHUANG_TEST_PG_DSN go test -run x -bench Scale -benchtime 1x -timeout 3h ./internal/store/
func BenchmarkScale(b *testing.B) {
	dsn := os.Getenv("KECHUANG_SCALE_DSN")
	if dsn == "" {
		b.Skip("set KECHUANG_SCALE_DSN (SQLite path or postgres:// URL) to run the national-scale benchmark")
	}
	firms := envInt("KECHUANG_SCALE_FIRMS", 1000000)
	months := envInt("KECHUANG_SCALE_MONTHS", 12)
	repeat := envInt("KECHUANG_SCALE_REPEAT", 3)
	ctx := context.Background()
	conn, err := db.Open(ctx, dsn)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close()
	s := store.New(conn)
	var nreports int64
	if sys, err := s.System(ctx, "fuling"); err == nil {
		conn.R.QueryRowContext(ctx, conn.Rebind(`SELECT COUNT(*) FROM reports WHERE system_id = ?`), sys.ID).Scan(&nreports)
	}
	if nreports == 0 {
		scaleBuild(b, s, firms, months)
	} else {
		logf(b, "reusing %s: %d report rows", conn.Where, nreports)
	}
	scaleSize(b, conn, dsn)
	sys, err := s.System(ctx, "fuling")
	if err != nil {
		b.Fatal(err)
	}
	day := time.Date(2023, time.Month(months)+1, 0, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
	b.ResetTimer()
	var times []time.Duration
	var sums []store.NodeSums
	for range repeat {
		t0 := time.Now()
		sums, err = s.AggregateReports(ctx, sys.ID, 2023, months, day)
		if err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
		logf(b, "AggregateReports %s 2023-%02d: %s (%d node×indicator sums)", conn.Dialect, months, times[len(times)-1].Round(time.Millisecond), len(sums))
	}
	b.StopTimer()
	slices.Sort(times)
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	logf(b, "AggregateReports %s: min %s, median %s over %d runs; heap in use %d MiB",
		conn.Dialect, times[0].Round(time.Millisecond), times[len(times)/2].Round(time.Millisecond), len(times), ms.HeapInuse>>20)
	b.ReportMetric(times[0].Seconds(), "min-s/aggregate")
	b.ReportMetric(times[len(times)/2].Seconds(), "median-s/aggregate")
	if out := os.Getenv("KECHUANG_SCALE_OUT"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		w := bufio.NewWriter(f)
		cents := func(d decimal.Decimal) string { return d.Shift(2).String() }
		for _, x := range sums {
			fmt.Fprintf(w, "%s,%s,%d,%s,%d,%s,%s\n", x.NodeCode, x.Indicator, x.Firms, cents(x.Value), x.PairedFirms, cents(x.PairedValue), cents(x.PairedPrior))
		}
		if err := w.Flush(); err != nil {
			b.Fatal(err)
		}
		f.Close()
	}
}

// logf prints at once (b.Logf holds its output until the benchmark ends).
func logf(b *testing.B, format string, args ...any) {
	b.Helper()
	fmt.Fprintf(os.Stderr, "scale: "+format+"\n", args...)
}

func envInt(name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err == nil {
			return n
		}
	}
	return def
}

// scaleBuild loads the Fuling structure and the report catalogue, a registry
// of firms (demo.Generate) and their reports month by month.
func scaleBuild(b *testing.B, s *store.Store, firms, months int) {
	ctx := context.Background()
	ds := fulingB(b)
	if _, err := s.LoadDataset(ctx, ds); err != nil {
		b.Fatal(err)
	}
	if err := s.UpsertIndicators(ctx, reportIndicatorsB(b)); err != nil {
		b.Fatal(err)
	}
	sys, err := s.System(ctx, "fuling")
	if err != nil {
		b.Fatal(err)
	}
	var leaves []string
	for _, n := range ds.Structure.Nodes {
		if n.Kind == "industry" || n.Code == "fl-htz" || n.Code == "huigu-lake" {
			leaves = append(leaves, n.Code)
		}
	}
	t0 := time.Now()
	d, err := demo.Generate(demo.Options{Firms: firms, Months: 2, Year: 2023, Seed: 1}, leaves)
	if err != nil {
		b.Fatal(err)
	}
	d.Reports, d.Facts = nil, nil
	usccs := make([]string, len(d.Firms))
	for i, f := range d.Firms {
		usccs[i] = f.USCC
	}
	t1 := time.Now()
	id, err := s.StartImport(ctx, sys.ID, "demo", "scale benchmark", "", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	if _, err := s.WriteRegistry(ctx, sys.ID, id, d.Firms, "2023-01-01"); err != nil {
		b.Fatal(err)
	}
	reg := time.Since(t1)
	logf(b, "registry: %d firms generated in %s, written in %s (%.0f firms/s)", firms, t1.Sub(t0).Round(time.Millisecond),
		reg.Round(time.Millisecond), float64(firms)/reg.Seconds())
	d = demo.Data{}
	runtime.GC()
	g := newScaleGen(1)
	var rows int
	var ins time.Duration
	reps := make([]model.Report, 0, firms*5)
	for m := 2; m <= months; m++ {
		reps = reps[:0]
		for i, u := range usccs {
			reps = g.firm(reps, i, u, 2023, m)
		}
		t := time.Now()
		if err := s.InsertReports(ctx, sys.ID, id, reps); err != nil {
			b.Fatal(err)
		}
		el := time.Since(t)
		rows += len(reps)
		ins += el
		logf(b, "reports 2023-%02d: %d rows in %s = %.0f rows/s (cumulative %d rows, %.0f rows/s)", m, len(reps),
			el.Round(time.Millisecond), float64(len(reps))/el.Seconds(), rows, float64(rows)/ins.Seconds())
	}
	if err := s.FinishImport(ctx, id, "done", rows, rows, nil, "", time.Now()); err != nil {
		b.Fatal(err)
	}
	if s.DB().Dialect == db.Postgres {
		// COPY leaves the visibility map unset; autovacuum would do this
		// later, index-only scans need it.
		t := time.Now()
		if _, err := s.DB().W.ExecContext(ctx, `VACUUM (ANALYZE) reports`); err != nil {
			b.Fatal(err)
		}
		logf(b, "VACUUM (ANALYZE) reports: %s", time.Since(t).Round(time.Millisecond))
	} else {
		t := time.Now()
		if _, err := s.DB().W.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
			b.Fatal(err)
		}
		logf(b, "wal checkpoint: %s", time.Since(t).Round(time.Millisecond))
	}
	logf(b, "built: %d firms, %d report rows; insert %s = %.0f rows/s; registry + reports %s", firms, rows,
		ins.Round(time.Millisecond), float64(rows)/ins.Seconds(), (reg + ins).Round(time.Millisecond))
}

// scaleSize prints the database size on disk.
func scaleSize(b *testing.B, conn *db.DB, dsn string) {
	ctx := context.Background()
	if conn.Dialect == db.Postgres {
		var all, rep, heap, idx int64
		if err := conn.R.QueryRowContext(ctx, `SELECT pg_database_size(current_database()), pg_total_relation_size('reports'),
			pg_relation_size('reports'), pg_indexes_size('reports')`).Scan(&all, &rep, &heap, &idx); err != nil {
			b.Fatal(err)
		}
		logf(b, "size: database %d MiB; reports %d MiB (table %d MiB, indexes %d MiB)", all>>20, rep>>20, heap>>20, idx>>20)
		return
	}
	var total int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if st, err := os.Stat(dsn + suffix); err == nil {
			total += st.Size()
		}
	}
	logf(b, "size: %s %d MiB (with -wal and -shm)", filepath.Base(dsn), total>>20)
	rows, err := conn.R.QueryContext(ctx, `SELECT name, SUM(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6`)
	if err != nil {
		return // dbstat not compiled in
	}
	defer rows.Close()
	var parts []string
	for rows.Next() {
		var name string
		var n int64
		if rows.Scan(&name, &n) == nil {
			parts = append(parts, fmt.Sprintf("%s %d MiB", name, n>>20))
		}
	}
	logf(b, "size by table/index: %s", strings.Join(parts, ", "))
}

// scaleGen makes a firm's year-to-date reports for one month without
// remembering anything between months: each firm's parameters come from a
// generator seeded with its number, with demo.Generate's distributions.
type scaleGen struct {
	seed uint64
	pcg  *rand.PCG
	r    *rand.Rand
}

func newScaleGen(seed uint64) *scaleGen {
	p := rand.NewPCG(seed, 0)
	return &scaleGen{seed: seed, pcg: p, r: rand.New(p)}
}

// meanAnnualRD is demo's calibration: Fuling's 1–8月 2022 R&D over 1266 firms, annualised.
const meanAnnualRD = 2402000000.0 / 1266 * 12 / 8

func (g *scaleGen) firm(out []model.Report, i int, uscc string, year, month int) []model.Report {
	g.pcg.Seed(g.seed, uint64(i))
	r := g.r
	rd := meanAnnualRD * math.Exp(r.NormFloat64()*0.8-0.32)
	rev := rd / (0.03 * (0.5 + r.Float64()))
	growth := 0.156 + r.NormFloat64()*0.1
	emp := math.Round(120 * math.Exp(r.NormFloat64()*0.7-0.245))
	newFirm := r.Float64() < 0.03
	patents := 0.0
	for m := 2; m <= month; m++ { // cumulative figures never fall
		patents = max(patents, math.Round(6*float64(m)/12*(0.5+r.Float64())))
	}
	share := float64(month) / 12
	add := func(code string, v, growth float64) {
		val := decimal.New(int64(math.Round(v*100)), -2)
		rep := model.Report{USCC: uscc, Indicator: code, Year: year, Month: month, Value: &val, Row: i + 1}
		if !newFirm {
			prior := v / (1 + growth)
			if v == math.Trunc(v) { // counts stay whole
				prior = math.Round(prior)
			}
			p := decimal.New(int64(math.Round(prior*100)), -2)
			rep.Prior = &p
		}
		out = append(out, rep)
	}
	add("rd_expenditure", rd*share, growth)
	add("operating_revenue", rev*share, growth)
	add("patent_applications", patents, growth)
	add("employees", emp, 0.02)
	add("st_staff", math.Round(emp*0.12), 0.02)
	return out
}
