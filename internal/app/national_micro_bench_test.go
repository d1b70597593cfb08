package app_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
)

// BenchmarkMicroNational times the dashboard's firm aggregates
// (MicroFigures) of the newest reported period on the database
// BenchmarkScale (internal/store) built — KECHUANG_SCALE_DSN, an SQLite
// file named kechuang.db or a postgres:// URL; skipped without it: finding
// the period, the first computation (cold: what a request after an import
// or WarmMicro pays once) and a second call (the cache). With
// KECHUANG_MICRO_OUT it writes every figure as a line, to compare two
// versions of the code with diff.
//
//	KECHUANG_SCALE_DSN=/tmp/kechuang-scale/kechuang.db go test -run '^$' -bench MicroNational -benchtime 1x -timeout 1h ./internal/app/
func BenchmarkMicroNational(b *testing.B) {
	dsn := os.Getenv("KECHUANG_SCALE_DSN")
	if dsn == "" {
		b.Skip("set KECHUANG_SCALE_DSN to the database BenchmarkScale built")
	}
	ctx := context.Background()
	cfg := config.Default()
	cfg.Seed = false
	if strings.HasPrefix(dsn, "postgres") {
		cfg.DatabaseURL = dsn
		cfg.DataDir = b.TempDir()
	} else {
		if filepath.Base(dsn) != "kechuang.db" {
			b.Fatalf("the SQLite file must be named kechuang.db (have %s)", dsn)
		}
		cfg.DatabaseURL, cfg.DataDir = "", filepath.Dir(dsn)
	}
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	v, err := a.View(ctx, "")
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	t0 := time.Now()
	year, month, ok, err := a.LatestReportPeriod(ctx, v)
	if err != nil || !ok {
		b.Fatal(err, ok)
	}
	fmt.Fprintf(os.Stderr, "micro %s: newest period %d-%02d found in %s\n", a.DB.Dialect, year, month, time.Since(t0).Round(time.Millisecond))
	for _, what := range []string{"first (cold)", "second (cached)"} {
		t0 := time.Now()
		figs, err := a.MicroFigures(ctx, v, year, month)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stderr, "micro %s: MicroFigures %d-%02d %s: %s, %d figures\n", a.DB.Dialect, year, month, what, time.Since(t0).Round(time.Millisecond), len(figs))
		if out := os.Getenv("KECHUANG_MICRO_OUT"); out != "" {
			var w strings.Builder
			dec := func(d *decimal.Decimal) string {
				if d == nil {
					return "-"
				}
				return d.String()
			}
			for _, f := range figs {
				fmt.Fprintf(&w, "%s|%s|%s|%s|%s|%d|%v:%s|%v:%s|%d|%s|%v\n", f.Node.Code, f.Indicator.Code, f.Period, f.Value, dec(f.Month), f.Firms,
					f.SameBasis.Kind, dec(f.SameBasis.Ratio), f.Archived.Kind, dec(f.Archived.Ratio), f.ArchivedFirms, f.Source, f.Demo)
			}
			if err := os.WriteFile(out, []byte(w.String()), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
}
