package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/testutil"
	"github.com/kechuang/kechuang/internal/web"
)

// serverOn is newServerApp on the given database (SQLite file or
// PostgreSQL DSN).
func serverOn(t *testing.T, dsn string) (*httptest.Server, *app.App) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = t.TempDir(), "", true
	if strings.HasPrefix(dsn, "postgres") {
		cfg.DatabaseURL = dsn
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	a.Now = func() time.Time { return time.Date(2022, 9, 20, 10, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { a.Close() })
	srv, err := web.New(a, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, a
}

// 250 demo firms report 1–8月 2022 and one firm 1–9月: the node pages, the
// region view and the public page stay on 1—8月 (250 firms), say that
// 1—9月 is being collected by 1 firm, and offer the period; ?period=
// shows 1—9月. Once 150 firms have reported 1—9月, it is the default.
// Before any report, the region view shows the districts' published
// figures of the newest period (涪陵's 2022: 知识产权价值贷款 6100万元).
func TestPagesDefaultToThePeriodNotBeingCollected(t *testing.T) {
	for _, db := range testutil.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			ts, a := serverOn(t, db.DSN)
			ctx := context.Background()
			v, err := a.View(ctx, "")
			if err != nil {
				t.Fatal(err)
			}
			contains := func(path string, want ...string) string {
				t.Helper()
				code, _, body := get(t, ts, path)
				if code != 200 {
					t.Fatalf("%s: %d", path, code)
				}
				for _, w := range want {
					if !strings.Contains(body, w) {
						t.Errorf("%s lacks %q", path, w)
					}
				}
				return body
			}
			lacks := func(body, path string, not ...string) {
				t.Helper()
				for _, w := range not {
					if strings.Contains(body, w) {
						t.Errorf("%s shows %q", path, w)
					}
				}
			}

			// No firm reports: the published figures of the newest period
			// of flow figures, 涪陵's 2022 (知识产权价值贷款 6100万元).
			body := contains("/region?code=5001", "各区县公布数（2022年）", "6100万元", "本区县尚无企业报表", `name="period" value="2022"`)
			lacks(body, "/region?code=5001", "各区县公布数（）")

			d, err := demo.Generate(demo.Options{Firms: 250, Months: 9, Year: 2022, Seed: 5}, []string{"baitao-fine-chemicals", "fl-htz"})
			if err != nil {
				t.Fatal(err)
			}
			idx := map[string]int{}
			for i, f := range d.Firms {
				idx[f.USCC] = i
			}
			write := func(keep func(r model.Report) bool, registry bool) {
				t.Helper()
				var reps []model.Report
				for _, r := range d.Reports {
					if keep(r) {
						reps = append(reps, r)
					}
				}
				id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "demo", "", a.Now())
				if registry {
					if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2022-01-01"); err != nil {
						t.Fatal(err)
					}
				}
				if err := a.Store.InsertReports(ctx, v.System.ID, id, reps); err != nil {
					t.Fatal(err)
				}
				if err := a.Store.FinishImport(ctx, id, "done", len(reps), len(reps), nil, "", a.Now()); err != nil {
					t.Fatal(err)
				}
			}
			write(func(r model.Report) bool { return r.Month <= 8 }, true)
			write(func(r model.Report) bool { return r.Month == 9 && idx[r.USCC] == 0 }, false)

			note := "2022年1—9月正在报送（1家企业），显示2022年1—8月"
			for _, path := range []string{"/", "/node/baitao"} {
				body := contains(path, "企业报表汇总 <small class=\"note\">（2022年1—8月", note, `value="2022-01..2022-08"`, `?period=2022-01..2022-09`)
				lacks(body, path, "（2022年1—9月，")
			}
			body = contains("/region?code=5001", "报告期：2022年1—8月", note, "各区县公布数（2022年1—8月）", "24.02亿元", `value="2022-01..2022-08"`)
			lacks(body, "/region?code=5001", "本区县尚无企业报表")
			// The district's row counts the 250 firms (or those that reported
			// an indicator), never the one of 1—9月.
			if !strings.Contains(body, ">250<") {
				t.Errorf("/region: no column of 250 firms")
			}
			contains("/public", "各载体企业报表汇总（2022年1—8月）", note)
			contains("/api/v1/aggregates?node=baitao", `"2022-01..2022-08"`)

			// The period being collected, asked for.
			contains("/node/baitao?period=2022-01..2022-09", "企业报表汇总 <small class=\"note\">（2022年1—9月", "默认报告期")
			contains("/region?code=5001&period=2022-01..2022-09", "报告期：2022年1—9月")
			contains("/public?period=2022-01..2022-09", "各载体企业报表汇总（2022年1—9月）")

			// 150 of the 250 firms have reported 1—9月: the default moves.
			write(func(r model.Report) bool { i := idx[r.USCC]; return r.Month == 9 && i >= 1 && i < 150 }, false)
			body = contains("/node/baitao", "企业报表汇总 <small class=\"note\">（2022年1—9月")
			lacks(body, "/node/baitao", "正在报送")
			contains("/region?code=5001", "报告期：2022年1—9月")
			contains("/public", "各载体企业报表汇总（2022年1—9月）")
		})
	}
}
