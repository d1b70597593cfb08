package app_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
)

// The firms' aggregates are computed once per period and state of the data:
// WarmMicro computes the newest period ahead of the requests, concurrent
// requests for a period not yet computed share one computation, a request
// that has gone away gets its error, and the figures equal
// the store's separate aggregations (AggregateRatio, CountRecognised), which
// MicroFigures now reads in one go.
func TestMicroFiguresComputedOnce(t *testing.T) {
	openEach(t, func(t *testing.T, a *app.App) {
		ctx := context.Background()
		v, err := a.View(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		d, err := demo.Generate(demo.Options{Firms: 300, Months: 8, Year: 2023, Seed: 5}, []string{"baitao", "huigu-lake", "fl-htz"})
		if err != nil {
			t.Fatal(err)
		}
		id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "fuling", "", time.Now())
		if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2023-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
			t.Fatal(err)
		}
		runs := a.MicroRuns()
		a.WarmMicro(ctx, v)
		if got := a.MicroRuns() - runs; got != 1 {
			t.Fatalf("WarmMicro computed %d times", got)
		}
		figs, err := a.MicroFigures(ctx, v, 2023, 8)
		if err != nil {
			t.Fatal(err)
		}
		if got := a.MicroRuns() - runs; got != 1 {
			t.Errorf("after WarmMicro the newest period was computed again (%d computations)", got)
		}

		// The ratios and the count equal the store's own aggregations.
		want := map[string]string{}
		for code, pair := range map[string][2]string{
			"rd_intensity_firms": {"rd_expenditure", "operating_revenue"},
			"hte_revenue_share":  {"operating_revenue@" + model.HighTechEnterprise, "operating_revenue"},
		} {
			rs, err := a.Store.AggregateRatio(ctx, v.System.ID, 2023, 8, "2023-08-31", pair[0], pair[1])
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if r.Den.Sign() > 0 {
					want[r.NodeCode+"/"+code] = r.Num.DivRound(r.Den, 8).String()
				}
			}
		}
		counts, err := a.Store.CountRecognised(ctx, v.System.ID, model.HighTechEnterprise, "2023-08-31")
		if err != nil {
			t.Fatal(err)
		}
		for node, n := range counts {
			want[node+"/high_tech_enterprises_valid"] = strconv.Itoa(n)
		}
		got := map[string]string{}
		for _, f := range figs {
			switch f.Indicator.Code {
			case "rd_intensity_firms", "hte_revenue_share":
				got[f.Node.Code+"/"+f.Indicator.Code] = f.Value.String()
			case "high_tech_enterprises_valid":
				got[f.Node.Code+"/"+f.Indicator.Code] = f.Value.String()
			}
		}
		if len(want) < 6 || len(got) != len(want) {
			t.Errorf("%d ratio and count figures, the store has %d", len(got), len(want))
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: MicroFigures %s, store %s", k, got[k], w)
			}
		}

		// A request that has gone away gets its error.
		gone, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := a.MicroFigures(gone, v, 2023, 5); !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled request: %v", err)
		}

		// 30 requests at once for a period not yet computed: one computation.
		runs = a.MicroRuns()
		var wg sync.WaitGroup
		res := make([][]app.MicroFigure, 30)
		errs := make([]error, 30)
		for i := range res {
			wg.Go(func() { res[i], errs[i] = a.MicroFigures(ctx, v, 2023, 6) })
		}
		wg.Wait()
		for i := range res {
			if errs[i] != nil || len(res[i]) == 0 || len(res[i]) != len(res[0]) || &res[i][0] != &res[0][0] {
				t.Fatalf("request %d: %d figures, %v", i, len(res[i]), errs[i])
			}
		}
		if got := a.MicroRuns() - runs; got != 1 {
			t.Errorf("30 concurrent requests computed the figures %d times", got)
		}
	})
}
