package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/web"
)

// BenchmarkPipeline100k puts KECHUANG_BENCH_FIRMS demo firms (default
// 100,000; titles, two months of reports, supplied facts for 60%) into
// SQLite, then measures
//   - build: reading every firm's record and screening it for its next
//     rung (the snapshot a data change invalidates), reported as firms/s;
//   - candidates: GET /pipeline/candidates (all tech-based SMEs ranked for
//     the high-tech enterprise rung, first page) from the cached snapshot,
//     reported as ms per page — the target is under a second.
//
// Run: go test -run x -bench Pipeline100k -benchtime 5x ./internal/web/
func BenchmarkPipeline100k(b *testing.B) {
	n := 100_000
	if v := os.Getenv("KECHUANG_BENCH_FIRMS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = b.TempDir(), "", true
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	a.Now = func() time.Time { return time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC) }
	v, _ := a.View(ctx, "")
	d, err := demo.Generate(demo.Options{Firms: n, Months: 2, Year: 2026, Seed: 1}, []string{"baitao-pu-pa", "huigu-lake", "fl-htz"})
	if err != nil {
		b.Fatal(err)
	}
	id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "bench", "", time.Now())
	if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2026-01-01"); err != nil {
		b.Fatal(err)
	}
	if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
		b.Fatal(err)
	}
	facts := make([]store.SuppliedFacts, len(d.Facts))
	for i, x := range d.Facts {
		facts[i] = store.SuppliedFacts{USCC: x.USCC, Facts: x.JSON, Row: i + 1}
	}
	if err := a.Store.SupplyFacts(ctx, v.System.ID, id, "2026-05-31", facts); err != nil {
		b.Fatal(err)
	}
	a.Store.FinishImport(ctx, id, "done", n, n, nil, "", time.Now())
	srv, err := web.New(a, log)
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	b.Run("build", func(b *testing.B) {
		day := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
		for i := 0; b.Loop(); i++ {
			// A different day each round: no cached snapshot.
			s, err := a.Pipeline(ctx, v, day.AddDate(0, 0, -i))
			if err != nil || len(s.Firms) != n {
				b.Fatalf("%v, %d firms", err, len(s.Firms))
			}
		}
		b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "firms/s")
	})
	b.Run("candidates", func(b *testing.B) {
		url := ts.URL + "/pipeline/candidates?day=2026-06-30&to=high_tech&all=1"
		get := func() string {
			res, err := http.Get(url)
			if err != nil {
				b.Fatal(err)
			}
			defer res.Body.Close()
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				b.Fatalf("%d %s", res.StatusCode, body)
			}
			return string(body)
		}
		body := get() // builds the snapshot of the day once
		if !strings.Contains(body, "高新技术企业培育候选") || !strings.Contains(body, "第1页") {
			b.Fatalf("page: %.300s", body)
		}
		b.ResetTimer()
		for b.Loop() {
			get()
		}
		b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/page")
		fmt.Fprintf(os.Stderr, "candidates of %d firms: %.1f ms per page\n", n, float64(b.Elapsed().Microseconds())/1000/float64(b.N))
	})
}
