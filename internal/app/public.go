package app

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/kechuang/kechuang/internal/disclosure"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
)

// PublicIndicators are the firms' report indicators the public table shows.
var PublicIndicators = []string{"operating_revenue", "rd_expenditure"}

// PublicTable is the table of firm aggregates the public page shows: for
// the default 1–N月 period (LatestReportPeriod: the newest not still being
// collected), the sum of each indicator over the
// firms of each carrier of the engine and carrier pillars (the 高新区 and
// the 科技城/科创小镇), with the column totals, through disclosure control
// (package disclosure, default rules: fewer than 3 firms, (1,85) and (2,90)
// dominance, 10% protection interval). It returns nil when nothing is
// reported. Period is the 1–N月 the table is for.
func (a *App) PublicTable(ctx context.Context, v View) (*disclosure.Published, period.Period, error) {
	year, month, ok, err := a.LatestReportPeriod(ctx, v)
	if err != nil || !ok {
		return nil, period.Period{}, err
	}
	return a.PublicTableFor(ctx, v, year, month)
}

// PublicTableFor is PublicTable for the period 1–month of year.
func (a *App) PublicTableFor(ctx context.Context, v View, year, month int) (*disclosure.Published, period.Period, error) {
	p, err := period.FromMonths(year, 1, month)
	if err != nil {
		return nil, p, err
	}
	var rows []model.Node
	for _, pillar := range v.Nodes {
		if pillar.Kind == model.Pillar && (pillar.Role == model.RoleEngine || pillar.Role == model.RoleCarrier) {
			rows = append(rows, v.Children(pillar.Code)...)
		}
	}
	if len(rows) == 0 {
		return nil, p, nil
	}
	vals, err := a.Store.FirmValues(ctx, v.System.ID, year, month, p.End().Format(time.DateOnly), PublicIndicators)
	if err != nil {
		return nil, p, err
	}
	inds, err := a.Store.Indicators(ctx)
	if err != nil {
		return nil, p, err
	}
	t := disclosure.Table{Title: fmt.Sprintf("%s各载体企业报表汇总（%s）", v.System.Name, p.Label())}
	for _, n := range rows {
		t.RowLabels = append(t.RowLabels, n.Name)
	}
	for _, c := range PublicIndicators {
		t.ColLabels = append(t.ColLabels, inds[c].NameZh) // values in yuan, printed with their unit
	}
	t.Cells = make([][]disclosure.Cell, len(rows))
	for i, n := range rows {
		t.Cells[i] = make([]disclosure.Cell, len(PublicIndicators))
		for j, c := range PublicIndicators {
			cell := disclosure.Cell{}
			for _, f := range vals {
				if f.Indicator == c && slices.Contains(f.Nodes, n.Code) {
					cell[f.USCC] = cell[f.USCC].Add(f.Value)
				}
			}
			t.Cells[i][j] = cell
		}
	}
	t.AddTotals(false, true, false)
	pub, err := disclosure.Protect(t, disclosure.DefaultConfig())
	if err != nil {
		return nil, p, err
	}
	return pub.Redacted(), p, nil
}
