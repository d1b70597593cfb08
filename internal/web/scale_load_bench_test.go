package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/web"
)

// BenchmarkScaleAPI is the API half of issue 9's national-scale benchmark: on
// the database BenchmarkScale (internal/store) built — KECHUANG_SCALE_DSN,
// an SQLite file named kechuang.db or a postgres:// URL; skipped without it —
// it serves the dashboard with authentication off (web.New without
// WithAuth: no sessions, every request is a local administrator) and, for each path in
// KECHUANG_SCALE_PATHS (comma-separated; default /api/v1/observations,
// /api/v1/observations?scope=fuling and /api/v1/aggregates), times one
// request alone, then has KECHUANG_SCALE_CLIENTS clients (default 200) each
// make KECHUANG_SCALE_EACH requests (default 5) at once, and prints p50, p99
// and the errors. Requests still running after KECHUANG_SCALE_DEADLINE
// (default 120s) are cancelled and counted as unfinished (their latency is
// at least the deadline, so a p99 over them is printed as "> deadline").
// With KECHUANG_SCALE_ALONE=0 there is no request alone first: the clients
// start together on whatever the server has not yet computed (the firm
// aggregates: one computation that all of them wait for).
//
//	KECHUANG_SCALE_DSN=/tmp/kechuang-scale/kechuang.db go test -run '^$' -bench ScaleAPI -benchtime 1x -timeout 3h ./internal/web/
func BenchmarkScaleAPI(b *testing.B) {
	dsn := os.Getenv("KECHUANG_SCALE_DSN")
	if dsn == "" {
		b.Skip("set KECHUANG_SCALE_DSN to the database BenchmarkScale built")
	}
	paths := []string{"/api/v1/observations", "/api/v1/observations?scope=fuling", "/api/v1/aggregates"}
	if v := os.Getenv("KECHUANG_SCALE_PATHS"); v != "" {
		paths = strings.Split(v, ",")
	}
	clients := scaleEnvInt("KECHUANG_SCALE_CLIENTS", 200)
	each := scaleEnvInt("KECHUANG_SCALE_EACH", 5)
	deadline := 120 * time.Second
	if v := os.Getenv("KECHUANG_SCALE_DEADLINE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil {
			b.Fatal(err)
		}
		deadline = d
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
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	srv, err := web.New(a, log) // no WithAuth: every request is a local administrator
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	// Not ts.Close: it waits for every handler, and handlers cancelled at
	// the deadline may still be computing (run heavy paths last, or one per
	// process: leftovers load the next path's phase).
	defer ts.CloseClientConnections()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}}
	get := func(ctx context.Context, path string) (time.Duration, int, int64, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+path, nil)
		t0 := time.Now()
		res, err := client.Do(req)
		if err != nil {
			return time.Since(t0), 0, 0, err
		}
		n, err := io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return time.Since(t0), res.StatusCode, n, err
	}
	b.ResetTimer()
	for _, path := range paths {
		if os.Getenv("KECHUANG_SCALE_ALONE") != "0" {
			d, code, n, err := get(ctx, path)
			fmt.Fprintf(os.Stderr, "scale-api %s %s alone: %s, status %d, %d bytes, err %v\n", a.DB.Dialect, path, d.Round(time.Millisecond), code, n, err)
		}
		dctx, cancel := context.WithTimeout(ctx, deadline)
		var mu sync.Mutex
		var lat []time.Duration
		errs, unfinished := 0, 0
		var wg sync.WaitGroup
		start := time.Now()
		for range clients {
			wg.Go(func() {
				for range each {
					d, code, _, err := get(dctx, path)
					mu.Lock()
					switch {
					case dctx.Err() != nil && err != nil:
						unfinished++
					case err != nil || code != http.StatusOK:
						errs++
						lat = append(lat, d)
					default:
						lat = append(lat, d)
					}
					mu.Unlock()
					if dctx.Err() != nil {
						return
					}
				}
			})
		}
		wg.Wait()
		cancel()
		elapsed := time.Since(start)
		slices.Sort(lat)
		total := len(lat) + unfinished
		p := func(q float64) string {
			i := int(q * float64(total-1))
			if i >= len(lat) {
				return "> " + deadline.String()
			}
			return lat[i].Round(time.Millisecond).String()
		}
		fmt.Fprintf(os.Stderr, "scale-api %s %s: %d clients × %d: %d done in %s (%.1f req/s), p50 %s, p99 %s, %d errors, %d unfinished at the %s deadline\n",
			a.DB.Dialect, path, clients, each, len(lat), elapsed.Round(time.Millisecond), float64(len(lat))/elapsed.Seconds(),
			p(0.5), p(0.99), errs, unfinished, deadline)
	}
}

func scaleEnvInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return n
	}
	return def
}
