package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/evalset"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/textseg"
)

// BenchmarkMatch100k indexes KECHUANG_BENCH_ACHIEVEMENTS (default 100,000)
// synthetic achievements made from the evaluation set into SQLite —
// tokenising, term ids, records and posting blocks in one transaction — and
// then asks for the 10 recommendations of every evaluation demand 10 times
// (420 requests, each the whole app path: tokens, posting lists, BM25,
// records, factors, explanation). It reports the indexing time and the
// request latencies' p50 and p99.
// Run: go test -run x -bench Match100k -benchtime 1x ./internal/app/
func BenchmarkMatch100k(b *testing.B) {
	n := 100000
	if v := os.Getenv("KECHUANG_BENCH_ACHIEVEMENTS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	set, err := evalset.Load(os.DirFS("../match/testdata"), "eval")
	if err != nil {
		b.Fatal(err)
	}
	corpus := set.Synthetic(n, 1)
	ctx := context.Background()
	for i := 0; i < b.N; i++ {
		cfg := config.Default()
		cfg.DataDir, cfg.DatabaseURL, cfg.Seed = b.TempDir(), "", true
		a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
		if err != nil {
			b.Fatal(err)
		}
		v, _ := a.View(ctx, "")
		start := time.Now()
		tok := textseg.Default()
		recs := make([]store.MatchRecord[match.Achievement], len(corpus))
		for k, x := range corpus {
			x.Code = ""
			recs[k] = store.MatchRecord[match.Achievement]{Record: x, Terms: match.Index(tok, match.AchievementText(x))}
		}
		tokens := time.Since(start)
		if _, err := a.Store.SaveAchievements(ctx, v.System.ID, 0, recs); err != nil {
			b.Fatal(err)
		}
		indexing := time.Since(start)
		var lat []time.Duration
		for round := 0; round < 10; round++ {
			for _, d := range set.Demands {
				t0 := time.Now()
				if _, err := a.Recommend(ctx, v, d, 10, false); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
		}
		sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
		p := func(q float64) time.Duration { return lat[min(len(lat)-1, int(q*float64(len(lat))))] }
		b.ReportMetric(indexing.Seconds(), "index-s")
		b.ReportMetric(tokens.Seconds(), "tokenise-s")
		b.ReportMetric(float64(p(0.5).Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(p(0.99).Microseconds())/1000, "p99-ms")
		b.Logf("%d achievements: indexed in %s (tokens %s); %d requests p50 %s p99 %s max %s", n, indexing.Round(time.Millisecond), tokens.Round(time.Millisecond),
			len(lat), p(0.5).Round(10*time.Microsecond), p(0.99).Round(10*time.Microsecond), lat[len(lat)-1].Round(10*time.Microsecond))
		a.Close()
	}
}
