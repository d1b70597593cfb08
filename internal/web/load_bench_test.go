package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

// BenchmarkConcurrentSessions signs in 200 sessions (analysts, leaders and
// an officer) on a database with the Fuling dataset and two carriers' firms,
// then has each make 25 requests over a mix of dashboard pages and API
// endpoints at once (loopback; 5,000 requests), and prints throughput, the
// 50th and 99th percentile latency and the errors (any status other than
// 200), on SQLite and, when configured, PostgreSQL.
// Run: KECHUANG_TEST_PG_DSN=… go test -run x -bench ConcurrentSessions -benchtime 1x ./internal/web/
func BenchmarkConcurrentSessions(b *testing.B) {
	for _, db := range testutil.Databases(b) {
		b.Run(db.Name, func(b *testing.B) { benchSessions(b, db.DSN) })
	}
}

func benchSessions(b *testing.B, dsn string) {
	w := newWorld(b, dsn)
	ctx := context.Background()
	const sessions, each = 200, 25
	pages := []string{"/", "/targets", "/node/baitao", "/bulletin?scope=fuling&period=2022-01..2022-08",
		"/api/v1/observations?scope=fuling", "/api/v1/aggregates", "/api/v1/targets", "/pipeline?day=2023-09-01", "/organisations"}
	var tokens []string
	users, _ := w.a.Store.Users(ctx)
	byLogin := map[string]store.User{}
	for _, u := range users {
		byLogin[u.Login] = u
	}
	for i := 0; i < sessions; i++ {
		login := []string{"analyst1", "leader1", "baitao1"}[i%3]
		tok, h, _ := auth.NewToken()
		if err := w.a.Store.CreateSession(ctx, byLogin[login].ID, h, w.a.Now(), time.Hour); err != nil {
			b.Fatal(err)
		}
		tokens = append(tokens, tok)
	}
	tr := &http.Transport{MaxIdleConnsPerHost: sessions}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	b.ResetTimer()
	for b.Loop() {
		var mu sync.Mutex
		var lat []time.Duration
		errs := 0
		var wg sync.WaitGroup
		start := time.Now()
		for i := 0; i < sessions; i++ {
			wg.Go(func() {
				for j := 0; j < each; j++ {
					req, _ := http.NewRequest(http.MethodGet, w.ts.URL+pages[(i+j)%len(pages)], nil)
					req.AddCookie(&http.Cookie{Name: "kechuang_session", Value: tokens[i]})
					t0 := time.Now()
					res, err := client.Do(req)
					d := time.Since(t0)
					bad := err != nil
					if err == nil {
						io.Copy(io.Discard, res.Body)
						res.Body.Close()
						bad = res.StatusCode != http.StatusOK
					}
					mu.Lock()
					lat = append(lat, d)
					if bad {
						errs++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		elapsed := time.Since(start)
		slices.Sort(lat)
		p := func(q float64) time.Duration { return lat[int(q*float64(len(lat)-1))] }
		rps := float64(len(lat)) / elapsed.Seconds()
		b.ReportMetric(rps, "req/s")
		b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
		b.ReportMetric(float64(errs), "errors")
		fmt.Fprintf(os.Stderr, "%s: %d sessions × %d requests: %.0f req/s, p50 %s, p99 %s, %d errors\n",
			b.Name(), sessions, each, rps, p(0.5).Round(time.Millisecond), p(0.99).Round(time.Millisecond), errs)
		if errs > 0 {
			b.Errorf("%d errors", errs)
		}
	}
}
