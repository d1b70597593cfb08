package app

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"golang.org/x/sync/errgroup"

	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// MicroFigure is an indicator of a node computed from firms' reports (微观数据
// 汇总), as opposed to a published figure.
type MicroFigure struct {
	Node      model.Node
	Indicator model.Indicator
	Period    period.Period // 1–month of year (a date for counts)
	Value     decimal.Decimal
	// Month is the single-month value, YTD month − YTD (month−1) of the
	// node's totals (for 1–2月, reported together, the two months); nil for
	// ratios and counts, or when the previous month was not reported.
	Month *decimal.Decimal
	Firms int // firms contributing
	// SameBasis is Σ current / Σ 同期数 − 1 over the firms that reported both
	// (the default growth); Archived is against last year's stored total of
	// the firms then in the node.
	SameBasis aggregate.Growth
	Archived  aggregate.Growth
	// ArchivedFirms is the number of firms in last year's total Archived is
	// computed on (coverage may differ from Firms).
	ArchivedFirms int
	Source        string // which data: "企业月报汇总，N家企业"
	Demo          bool   // synthetic demo firms are among them
}

// ratioIndicators are computed from two sums over the same firms.
var ratioIndicators = []struct {
	code, num, den string
	ind            model.Indicator
}{
	{"rd_intensity_firms", "rd_expenditure", "operating_revenue", model.Indicator{Code: "rd_intensity_firms",
		NameZh: "企业研发投入强度", NameEn: "R&D expenditure / operating revenue of reporting firms", Unit: "percent", Kind: model.Ratio, Precision: 2,
		Definition: "同时报送研发投入和营业收入的企业：研发投入合计 ÷ 营业收入合计（policy-rules §5.1 企业口径）"}},
	{"hte_revenue_share", "operating_revenue@" + model.HighTechEnterprise, "operating_revenue", model.Indicator{Code: "hte_revenue_share",
		NameZh: "高新技术企业营业收入占比", NameEn: "share of high-tech enterprises in reporting firms' operating revenue", Unit: "percent", Kind: model.Ratio, Precision: 1,
		Definition: "证书有效期内的高新技术企业营业收入 ÷ 全部报送企业营业收入（期末日判断证书是否有效）"}},
}

// MicroFigures aggregates the current reports of every node for year and
// month (1–month cumulative), with same-basis and archived growth, the R&D
// intensity of the reporting firms, and the high-tech enterprises whose
// certificate is valid on the period's last day. Nodes without reports are
// left out.
func (a *App) MicroFigures(ctx context.Context, v View, year, month int) ([]MicroFigure, error) {
	// Computed once per system, period and state of the data (an
	// aggregation reads every report of the period: seconds at a million
	// firms), then reused until an import or load changes the data.
	version, err := a.Store.DataVersion(ctx, v.System.ID)
	if err != nil {
		return nil, err
	}
	key := microKey{v.System.ID, year, month}
	a.microMu.Lock()
	e, ok := a.micro[key]
	a.microMu.Unlock()
	if ok && e.version == version {
		return e.figs, nil
	}
	// Requests for the same figures while they are computed wait for that
	// one computation (not one each). It runs to the end even when the
	// request that started it goes away: the others, and the next request,
	// use its result.
	ch := a.microFlight.DoChan(fmt.Sprintf("%d/%d/%d/%s", key.system, year, month, version), func() (any, error) {
		figs, err := a.microFigures(context.WithoutCancel(ctx), v, year, month)
		if err != nil {
			return nil, err
		}
		a.microMu.Lock()
		if a.micro == nil || len(a.micro) > 32 {
			a.micro = map[microKey]microEntry{}
		}
		a.micro[key] = microEntry{version, figs}
		a.microMu.Unlock()
		return figs, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.([]MicroFigure), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// WarmMicro computes the firms' aggregates of the newest reported period
// ahead of the dashboard (at start and after an import, see WarmPipeline),
// logging how long it took; errors are logged, not returned.
func (a *App) WarmMicro(ctx context.Context, v View) {
	start := time.Now()
	year, month, ok, err := a.LatestReportPeriod(ctx, v)
	if err == nil && ok {
		_, err = a.MicroFigures(ctx, v, year, month)
	}
	if err != nil {
		a.Log.Warn("firms' aggregates failed", "err", err)
		return
	}
	if ok {
		a.Log.Info("firms' aggregates computed", "year", year, "month", month, "took", time.Since(start).Round(time.Millisecond))
	}
}

type microKey struct {
	system      int64
	year, month int
}

type microEntry struct {
	version string
	figs    []MicroFigure
}

func (a *App) microFigures(ctx context.Context, v View, year, month int) (out []MicroFigure, err error) {
	a.microRuns.Add(1)
	p, err := period.FromMonths(year, 1, month)
	if err != nil {
		return nil, err
	}
	day := p.End().Format("2006-01-02")
	pairs := make([][2]string, len(ratioIndicators))
	for i, r := range ratioIndicators {
		pairs[i] = [2]string{r.num, r.den}
	}
	// The period with its ratios, the same period last year, the previous
	// month and the recognised firms are independent reads: run them at
	// once (each is one core's work; the database serves them in parallel).
	var (
		cur, last, prev []store.NodeSums
		ratios          [][]store.RatioSums
		counts          map[string]int
	)
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) {
		cur, ratios, err = a.Store.AggregatePeriod(gctx, v.System.ID, year, month, day, pairs)
		return err
	})
	if month > 2 {
		g.Go(func() (err error) {
			pp, _ := period.FromMonths(year, 1, month-1)
			prev, err = a.Store.AggregateReports(gctx, v.System.ID, year, month-1, pp.End().Format("2006-01-02"))
			return err
		})
	}
	g.Go(func() (err error) {
		last, err = a.Store.AggregateReports(gctx, v.System.ID, year-1, month, p.SamePeriodLastYear().End().Format("2006-01-02"))
		return err
	})
	g.Go(func() (err error) {
		counts, err = a.Store.CountRecognised(gctx, v.System.ID, model.HighTechEnterprise, day)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	inds, err := a.Store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	type key struct{ node, ind string }
	prevBy := map[key]decimal.Decimal{}
	for _, x := range prev {
		prevBy[key{x.NodeCode, x.Indicator}] = x.Value
	}
	lastBy := map[key]store.NodeSums{}
	for _, x := range last {
		lastBy[key{x.NodeCode, x.Indicator}] = x
	}
	curBy := map[key]store.NodeSums{}
	for _, x := range cur {
		curBy[key{x.NodeCode, x.Indicator}] = x
	}
	demoData, err := a.Store.HasDemoData(ctx, v.System.ID)
	if err != nil {
		return nil, err
	}
	mark := ""
	if demoData {
		mark = "（含演示数据，非真实企业）"
	}
	defer func() {
		for i := range out {
			out[i].Demo = demoData
		}
	}()
	for _, n := range v.Nodes {
		for _, x := range cur {
			if x.NodeCode != n.Code {
				continue
			}
			l, ok := lastBy[key{x.NodeCode, x.Indicator}]
			var single *decimal.Decimal
			if pv, had := prevBy[key{x.NodeCode, x.Indicator}]; had && inds[x.Indicator].Kind == model.Flow {
				m := aggregate.Monthly(map[int]decimal.Decimal{month - 1: pv, month: x.Value})[month]
				single = &m
			} else if month == 2 && inds[x.Indicator].Kind == model.Flow {
				m := x.Value // 1–2月 reported together
				single = &m
			}
			out = append(out, MicroFigure{Month: single,
				Node: n, Indicator: inds[x.Indicator], Period: p, Value: x.Value, Firms: x.Firms,
				SameBasis: aggregate.SameBasis(x.PairedValue, x.PairedPrior, x.PairedFirms),
				Archived:  aggregate.Compute(x.Value, l.Value, ok && l.Firms > 0), ArchivedFirms: l.Firms,
				Source: fmt.Sprintf("企业月报汇总，%d家企业%s", x.Firms, mark),
			})
		}
	}
	for i, r := range ratioIndicators {
		sums := ratios[i]
		for _, n := range v.Nodes {
			for _, x := range sums {
				if x.NodeCode != n.Code || x.Den.Sign() <= 0 {
					continue
				}
				out = append(out, MicroFigure{
					Node: n, Indicator: r.ind, Period: p, Value: x.Num.DivRound(x.Den, 8), Firms: x.Firms,
					SameBasis: aggregate.Growth{Kind: aggregate.NoBase}, Archived: aggregate.Growth{Kind: aggregate.NoBase},
					Source: fmt.Sprintf("企业月报汇总，%d家企业：%s%s", x.Firms, r.ind.Definition, mark),
				})
			}
		}
	}
	hte := model.Indicator{Code: "high_tech_enterprises_valid", NameZh: "有效期内高新技术企业", Unit: "count", Kind: model.Stock, Precision: 0, Counter: "家",
		Definition: "证书自发证之日起3年内有效的高新技术企业数（国科发火〔2016〕32号第九条）"}
	for _, n := range v.Nodes {
		if c, ok := counts[n.Code]; ok {
			out = append(out, MicroFigure{Node: n, Indicator: hte, Period: period.NewDate(p.End()), Value: decimal.NewFromInt(int64(c)), Firms: c,
				SameBasis: aggregate.Growth{Kind: aggregate.NoBase}, Archived: aggregate.Growth{Kind: aggregate.NoBase},
				Source: "企业名录：高新技术企业证书" + mark})
		}
	}
	return out, nil
}

// LatestReportPeriod is the period (year, 1–month) pages default to: the
// newest reported period that is not still being collected; ok false when
// there are no reports. A period is being collected when fewer firms
// (counted as current report rows) reported it than half of those that
// reported the period before it — while it has only a few reports, than
// half of the largest of the three periods before it; the default steps
// back over such periods, at most three (store.DefaultReportPeriod has the
// details and the cost). So one firm's 1–9月 among 250 firms' 1–8月 leaves
// the default at 1–8月; it moves to 1–9月 once half the firms reported it.
// DefaultReportPeriod also says which newer period is being collected.
func (a *App) LatestReportPeriod(ctx context.Context, v View) (year, month int, ok bool, err error) {
	c, err := a.DefaultReportPeriod(ctx, v)
	return c.Year, c.Month, c.OK, err
}

// DefaultReportPeriod is LatestReportPeriod with the newer period still
// being collected, if any, and its firms so far. The answer is kept per
// district until the district's data changes (store.DataVersion): counting
// a complete period's reports reads its index entries, about 1.5 s at a
// million firms on SQLite.
func (a *App) DefaultReportPeriod(ctx context.Context, v View) (store.ReportPeriodChoice, error) {
	version, err := a.Store.DataVersion(ctx, v.System.ID)
	if err != nil {
		return store.ReportPeriodChoice{}, err
	}
	if e, ok := a.periods.Load(v.System.ID); ok && e.(periodEntry).version == version {
		return e.(periodEntry).choice, nil
	}
	r, err, _ := a.periodFlight.Do(fmt.Sprintf("%d/%s", v.System.ID, version), func() (any, error) {
		c, err := a.Store.DefaultReportPeriod(context.WithoutCancel(ctx), v.System.ID)
		if err != nil {
			return nil, err
		}
		a.periods.Store(v.System.ID, periodEntry{version, c})
		return c, nil
	})
	if err != nil {
		return store.ReportPeriodChoice{}, err
	}
	return r.(store.ReportPeriodChoice), nil
}

type periodEntry struct {
	version string
	choice  store.ReportPeriodChoice
}
