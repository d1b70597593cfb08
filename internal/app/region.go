package app

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/store"
)

// RegionRow is one district's totals of firms' reports in a region view,
// or the region's total (System.Code == "").
type RegionRow struct {
	System model.System
	Cells  map[string]RegionCell // indicator code → its sums
}

// RegionCell is a district's (or the region's) sum of one indicator: the
// firms that reported it and their sum, and the same-basis growth over the
// firms that reported both the value and 同期数.
type RegionCell struct {
	Firms     int
	Value     decimal.Decimal
	SameBasis aggregate.Growth
	paired    [2]decimal.Decimal
	pairedN   int
}

// RegionView is the firms' reports of every district of the installation
// whose 行政区划代码 (GB/T 2260) starts with prefix — "5001" for the
// municipal districts of Chongqing, "50" for the province level — summed
// for the 1–month period of year: a row per district (its root node: the
// in-district firms) and the region's total, which is the sum of the
// districts' (a firm belongs to one district's system). Each district is
// read from its own system (every query is scoped by system), so a
// distributed database can keep each district on its own shard
// (docs/scaling.md). It returns the indicators in catalogue order.
func (a *App) RegionView(ctx context.Context, prefix string, year, month int) ([]RegionRow, []model.Indicator, error) {
	if prefix == "" || strings.Trim(prefix, "0123456789") != "" || len(prefix) > 6 {
		return nil, nil, fmt.Errorf("region code prefix %q: give 2 to 6 digits of a 行政区划代码, e.g. 5001", prefix)
	}
	p, err := period.FromMonths(year, 1, month)
	if err != nil {
		return nil, nil, err
	}
	systems, err := a.Store.Systems(ctx)
	if err != nil {
		return nil, nil, err
	}
	inds, err := a.Store.Indicators(ctx)
	if err != nil {
		return nil, nil, err
	}
	total := RegionRow{System: model.System{Name: "合计", RegionCode: prefix}, Cells: map[string]RegionCell{}}
	var rows []RegionRow
	used := map[string]bool{}
	for _, sys := range systems {
		if !strings.HasPrefix(sys.RegionCode, prefix) {
			continue
		}
		root, err := a.rootNode(ctx, sys.ID)
		if err != nil {
			return nil, nil, err
		}
		sums, err := a.districtTotals(ctx, sys.ID, year, month, p.End().Format("2006-01-02"))
		if err != nil {
			return nil, nil, err
		}
		row := RegionRow{System: sys, Cells: map[string]RegionCell{}}
		for _, x := range sums {
			if x.NodeCode != root {
				continue
			}
			used[x.Indicator] = true
			c := RegionCell{Firms: x.Firms, Value: x.Value, paired: [2]decimal.Decimal{x.PairedValue, x.PairedPrior}, pairedN: x.PairedFirms}
			c.SameBasis = aggregate.SameBasis(x.PairedValue, x.PairedPrior, x.PairedFirms)
			row.Cells[x.Indicator] = c
			t := total.Cells[x.Indicator]
			t.Firms += x.Firms
			t.Value = t.Value.Add(x.Value)
			t.paired[0], t.paired[1] = t.paired[0].Add(x.PairedValue), t.paired[1].Add(x.PairedPrior)
			t.pairedN += x.PairedFirms
			total.Cells[x.Indicator] = t
		}
		rows = append(rows, row)
	}
	for k, t := range total.Cells {
		t.SameBasis = aggregate.SameBasis(t.paired[0], t.paired[1], t.pairedN)
		total.Cells[k] = t
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].System.RegionCode < rows[j].System.RegionCode })
	var cols []model.Indicator
	for _, ind := range a.ReportIndicators {
		if used[ind.Code] {
			cols = append(cols, inds[ind.Code])
		}
	}
	return append(rows, total), cols, nil
}

// RegionFigure is one district's published figure in a region view, or
// the region's sum (Obs nil on the total row).
type RegionFigure struct {
	Obs *model.Observation // the district's figure; nil on the total row
	// Sum is the region's total: the districts' figures added, only for an
	// indicator whose unit adds up (money, counts, persons, physical
	// quantities — not a share or a rate) and when every district of the
	// view has the figure for the period; otherwise nil and Missing names
	// the districts without it (missing is not zero).
	Sum     *decimal.Decimal
	Missing []string
	// Inexact names the districts whose figure in the sum is written with
	// a qualifier other than an exact one (超过300家, 近50亿元): the sum is
	// then a bound or an approximation, not an exact total.
	Inexact []string
}

// additive units are those whose district figures add up to the region's.
var additive = map[quantity.Unit]bool{quantity.Yuan: true, quantity.Count: true, quantity.Persons: true,
	quantity.Tonnes: true, quantity.GWh: true, quantity.CubicMetre: true, quantity.SquareKm: true}

// RegionPublished is the published figures (公布数, 初步数, 预计数 — not
// the ledgers' own aggregates) of every district whose 行政区划代码 starts
// with prefix, for the whole district (its root node), for period p: a flow
// figure of exactly p (1—8月 2022), a stock figure at p's end. It returns a
// row per district and the total row (System.Name 合计), and the
// indicators any district has, in catalogue order. Each district is read
// from its own system.
func (a *App) RegionPublished(ctx context.Context, prefix string, p period.Period) ([]RegionPublishedRow, []model.Indicator, error) {
	if prefix == "" || strings.Trim(prefix, "0123456789") != "" || len(prefix) > 6 {
		return nil, nil, fmt.Errorf("region code prefix %q: give 2 to 6 digits of a 行政区划代码, e.g. 5001", prefix)
	}
	systems, err := a.Store.Systems(ctx)
	if err != nil {
		return nil, nil, err
	}
	var rows []RegionPublishedRow
	inds := map[string]model.Indicator{}
	for _, sys := range systems {
		if !strings.HasPrefix(sys.RegionCode, prefix) {
			continue
		}
		root, err := a.rootNode(ctx, sys.ID)
		if err != nil {
			return nil, nil, err
		}
		obs, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Scopes: []string{root}, EndFrom: p.End(), EndTo: p.End()})
		if err != nil {
			return nil, nil, err
		}
		row := RegionPublishedRow{System: sys, Figures: map[string]RegionFigure{}}
		for i := range obs {
			o := obs[i]
			if strings.HasPrefix(o.SourceCode, "ledger-") || o.Scope.NodeCode != root {
				continue
			}
			if o.Indicator.Kind == model.Flow && !o.Period.Equal(p) {
				continue
			}
			row.Figures[o.Indicator.Code] = RegionFigure{Obs: &o}
			inds[o.Indicator.Code] = o.Indicator
		}
		rows = append(rows, row)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].System.RegionCode < rows[j].System.RegionCode })
	total := RegionPublishedRow{System: model.System{Name: "合计", RegionCode: prefix}, Figures: map[string]RegionFigure{}}
	for code, ind := range inds {
		var f RegionFigure
		sum := decimal.Zero
		for _, r := range rows {
			x, ok := r.Figures[code]
			if !ok {
				f.Missing = append(f.Missing, r.System.RegionName)
				continue
			}
			sum = sum.Add(x.Obs.Value)
			switch x.Obs.Qualifier {
			case "", "达到", "增至":
			default:
				f.Inexact = append(f.Inexact, r.System.RegionName+x.Obs.Qualifier)
			}
		}
		if additive[ind.Unit] && len(f.Missing) == 0 {
			f.Sum = &sum
		}
		total.Figures[code] = f
	}
	catalogue, err := a.Store.Indicators(ctx)
	if err != nil {
		return nil, nil, err
	}
	cols := make([]model.Indicator, 0, len(inds))
	for _, ind := range inds {
		cols = append(cols, ind)
	}
	sort.Slice(cols, func(i, j int) bool {
		return catalogue[cols[i].Code].ID < catalogue[cols[j].Code].ID
	})
	return append(rows, total), cols, nil
}

// RegionPublishedRow is one district's published figures in a region view,
// or the region's total (System.Code == "").
type RegionPublishedRow struct {
	System  model.System
	Figures map[string]RegionFigure // indicator code → figure
}

// rootNode is the code of a system's root node: the district as a whole.
func (a *App) rootNode(ctx context.Context, systemID int64) (string, error) {
	nodes, err := a.Store.Nodes(ctx, systemID)
	if err != nil {
		return "", err
	}
	for _, n := range nodes {
		if n.ParentCode == "" {
			return n.Code, nil
		}
	}
	return "", nil
}

type regionKey struct {
	system      int64
	year, month int
}

type regionEntry struct {
	version string
	sums    []store.NodeSums
}

// districtTotals is AggregateReports for a district's period, kept until
// the district's data changes (store.DataVersion): at a million firms a
// district's aggregation takes seconds, and the region view reads every
// district of the region.
func (a *App) districtTotals(ctx context.Context, systemID int64, year, month int, day string) ([]store.NodeSums, error) {
	version, err := a.Store.DataVersion(ctx, systemID)
	if err != nil {
		return nil, err
	}
	k := regionKey{systemID, year, month}
	a.regionMu.Lock()
	e, ok := a.region[k]
	a.regionMu.Unlock()
	if ok && e.version == version {
		return e.sums, nil
	}
	sums, err := a.Store.AggregateReports(ctx, systemID, year, month, day)
	if err != nil {
		return nil, err
	}
	a.regionMu.Lock()
	if a.region == nil || len(a.region) > 256 {
		a.region = map[regionKey]regionEntry{}
	}
	a.region[k] = regionEntry{version, sums}
	a.regionMu.Unlock()
	return sums, nil
}

// RegionPublishedPeriod is the period the region view's published table
// defaults to when there are no firms' reports to choose one: the newest
// period of the flow figures the districts whose 行政区划代码 starts with
// prefix published for the whole district (as RegionPublished reads them:
// root node, not the ledgers' aggregates) — the latest end, and of those
// ending then the one most districts published, then the longest (1—8月
// before 8月). ok false when no district has published a flow figure.
func (a *App) RegionPublishedPeriod(ctx context.Context, prefix string) (p period.Period, ok bool, err error) {
	if prefix == "" || strings.Trim(prefix, "0123456789") != "" || len(prefix) > 6 {
		return p, false, fmt.Errorf("region code prefix %q: give 2 to 6 digits of a 行政区划代码, e.g. 5001", prefix)
	}
	systems, err := a.Store.Systems(ctx)
	if err != nil {
		return p, false, err
	}
	districts := map[string]int{} // period code → districts with a figure of it
	periods := map[string]period.Period{}
	for _, sys := range systems {
		if !strings.HasPrefix(sys.RegionCode, prefix) {
			continue
		}
		root, err := a.rootNode(ctx, sys.ID)
		if err != nil {
			return p, false, err
		}
		obs, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Scopes: []string{root}})
		if err != nil {
			return p, false, err
		}
		seen := map[string]bool{}
		for _, o := range obs {
			if strings.HasPrefix(o.SourceCode, "ledger-") || o.Scope.NodeCode != root || o.Indicator.Kind != model.Flow {
				continue
			}
			c := o.Period.String()
			if !seen[c] {
				seen[c] = true
				districts[c]++
				periods[c] = o.Period
			}
		}
	}
	for c, q := range periods {
		better := !ok
		if ok {
			switch {
			case !q.End().Equal(p.End()):
				better = q.End().After(p.End())
			case districts[c] != districts[p.String()]:
				better = districts[c] > districts[p.String()]
			default:
				better = q.Start().Before(p.Start()) || (q.Start().Equal(p.Start()) && c < p.String())
			}
		}
		if better {
			p, ok = q, true
		}
	}
	return p, ok, nil
}
