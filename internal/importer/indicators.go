package importer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/sheet"
)

// Indicators is the kind of file that holds published totals (汇总表): one
// row per indicator (and scope), one column per period, perhaps a 同比增长
// column. They become observations, not firm reports.
const Indicators Kind = "indicators"

// TableFigure is one published total read from an indicator table.
type TableFigure struct {
	Scope     model.Node
	Indicator model.Indicator
	Period    period.Period
	Value     decimal.Decimal // base units
	Written   string          // the cell as written
	YoY       *decimal.Decimal
	PPChange  *decimal.Decimal // for ratio indicators: a change in percentage points
	// Recomputed is value ÷ same period last year − 1 from the table's own
	// columns when it has both (nil otherwise); Mismatch says the published
	// growth does not round to it.
	Recomputed *decimal.Decimal
	Mismatch   bool
	SubItemOf  string // the indicator row a 其中 row belongs to
	Sheet      string
	Row        int
	Quote      string // the row as written, for the source
}

var (
	periodInPath = regexp.MustCompile(`(\d{4})年\s*(?:1\s*[-—–~至]\s*)?(\d{1,2})\s*月`)
	monthInPath  = regexp.MustCompile(`(?:1\s*[-—–~至]\s*)?(\d{1,2})\s*月`)
)

func isGrowth(path string) bool {
	return strings.Contains(path, "同比") || strings.Contains(path, "增长") || strings.Contains(path, "增速")
}

// matchIndicator finds an indicator by name or alias; "…数", "…数量", "…量"
// and "有效期内…" variants of a name match too.
func matchIndicator(label string, inds []model.Indicator) (model.Indicator, bool) {
	norm := func(s string) string {
		s = strings.Join(strings.Fields(s), "")
		s = strings.TrimPrefix(s, "有效期内")
		for _, suf := range []string{"数量", "个数", "数", "量"} {
			if t := strings.TrimSuffix(s, suf); t != s && len([]rune(t)) >= 2 {
				return t
			}
		}
		return s
	}
	l := norm(label)
	for _, exact := range []bool{true, false} {
		for _, ind := range inds {
			names := append([]string{ind.NameZh}, ind.Aliases...)
			for _, n := range names {
				if (exact && n == strings.Join(strings.Fields(label), "")) || (!exact && norm(n) == l) {
					return ind, true
				}
			}
		}
	}
	return model.Indicator{}, false
}

// ReadIndicatorTables reads published totals. Rows are matched to indicators
// by their label (or a label written right of the table); a row whose label
// is a node of the structure is that node's figure of the indicator above it
// (其中：白涛新材料科技城); an entity in a vertically merged cell applies to its
// rows; otherwise the figure is about scope. Units come from a 计量单位 column,
// the heading, or the cell. Stock indicators (counts at a date) are dated at
// the period's last day.
func ReadIndicatorTables(tables []*sheet.Table, nodes []model.Node, inds []model.Indicator, scope model.Node) ([]TableFigure, []RowError, []string) {
	var out []TableFigure
	var errs []RowError
	var notes []string
	for _, t := range tables {
		notes = append(notes, t.Notes...)
		type pcol struct {
			i      int
			year   int
			month  int
			growth bool
		}
		var cols []pcol
		unitCol := -1
		latest := 0
		for i, c := range t.Columns {
			if strings.Contains(c.Path, "单位") {
				unitCol = i
				continue
			}
			if m := periodInPath.FindStringSubmatch(c.Path); m != nil {
				y, _ := strconv.Atoi(m[1])
				mo, _ := strconv.Atoi(m[2])
				cols = append(cols, pcol{i, y, mo, isGrowth(c.Path)})
				if !isGrowth(c.Path) && y > latest {
					latest = y
				}
			} else if isGrowth(c.Path) {
				mo := 0
				if m := monthInPath.FindStringSubmatch(c.Path); m != nil {
					mo, _ = strconv.Atoi(m[1])
				}
				cols = append(cols, pcol{i, 0, mo, true})
			}
		}
		for k := range cols {
			if cols[k].growth && cols[k].year == 0 {
				cols[k].year = latest
			}
		}
		if len(cols) == 0 {
			errs = append(errs, RowError{File: t.File, Sheet: t.Sheet, Row: firstRow(t), Reason: "no period columns (such as 2023年1-8月) in the headings: " + headings(t)})
			continue
		}
		lastInd := map[int]model.Indicator{} // row number → indicator, for sub-items
		for ri := range t.Rows {
			r := &t.Rows[ri]
			bad := func(col, value, reason string) {
				errs = append(errs, RowError{File: t.File, Sheet: t.Sheet, Row: r.Number, Column: col, Value: value, Reason: reason})
			}
			rowScope := scope
			for _, v := range r.Merged {
				if n, ok := resolveNode(nodes, v); ok {
					rowScope = n
				}
			}
			ind, ok := matchIndicator(r.Label, inds)
			if !ok {
				if n, isNode := resolveNode(nodes, r.Label); isNode {
					rowScope = n
					// The indicator is the parent row's, or written right of the table.
					ind, ok = lastInd[r.Parent]
					for _, c := range r.Extra {
						if x, found := matchIndicator(c.Text, inds); found {
							ind, ok = x, true
						}
					}
				}
			}
			if !ok {
				bad("", r.Label, "not an indicator of the catalogue (name or alias), nor a node under one")
				continue
			}
			if r.Level == 0 {
				lastInd[r.Number] = ind
			}
			unit := t.Unit
			if unitCol >= 0 {
				unit = strings.TrimSpace(r.Cells[unitCol].Text)
			}
			values := map[[2]int]decimal.Decimal{}
			var row []TableFigure
			for _, c := range cols {
				cell := r.Cells[c.i]
				col := t.Columns[c.i].Letter + " " + t.Columns[c.i].Path
				if c.growth {
					continue
				}
				v, err := cell.Value()
				if err != nil {
					bad(col, cell.Text, err.Error())
					continue
				}
				if v.Missing {
					continue
				}
				u := unit
				if t.Columns[c.i].Unit != "" {
					u = t.Columns[c.i].Unit
				}
				base, bu, err := sheet.ToBase(v, u)
				if err != nil {
					bad(col, cell.Text, err.Error())
					continue
				}
				if bu != ind.Unit && !(bu == quantity.Count && ind.Unit == quantity.Persons) && !(bu == quantity.Persons && ind.Unit == quantity.Count) {
					bad(col, cell.Text, fmt.Sprintf("unit %s does not fit %s (%s)", bu, ind.NameZh, ind.Unit))
					continue
				}
				p, err := period.FromMonths(c.year, 1, c.month)
				if err != nil {
					bad(col, cell.Text, err.Error())
					continue
				}
				if ind.Kind == model.Stock {
					p = period.NewDate(p.End())
				}
				values[[2]int{c.year, c.month}] = base
				row = append(row, TableFigure{Scope: rowScope, Indicator: ind, Period: p, Value: base, Written: cell.Text,
					Sheet: t.Sheet, Row: r.Number, Quote: rowQuote(t, r), SubItemOf: parentLabel(t, r)})
			}
			for _, c := range cols {
				if !c.growth {
					continue
				}
				cell := r.Cells[c.i]
				col := t.Columns[c.i].Letter + " " + t.Columns[c.i].Path
				v, err := sheet.ParseValue(cell.Text)
				if err != nil {
					bad(col, cell.Text, err.Error())
					continue
				}
				if v.Missing {
					continue
				}
				for k := range row {
					f := &row[k]
					if !f.Period.End().Equal(mustEnd(c.year, c.month)) {
						continue
					}
					g := v.Number
					if !v.Percent {
						g = g.Shift(-2) // 58.8 in a (%) column, or 0.3个百分点: as a ratio
					}
					if v.Unit == "个百分点" || ind.Unit == quantity.Percent {
						f.PPChange = &g // a ratio moves in points, it does not grow
					} else {
						f.YoY = &g
					}
					if prev, ok := values[[2]int{c.year - 1, c.month}]; ok && f.YoY != nil {
						if r := aggregate.Compute(f.Value, prev, true); r.Ratio != nil {
							f.Recomputed = r.Ratio
							f.Mismatch = !r.Ratio.Shift(2).Round(1).Equal(f.YoY.Shift(2).Round(1))
						}
					}
				}
			}
			out = append(out, row...)
		}
	}
	for _, f := range out {
		if f.Mismatch {
			notes = append(notes, fmt.Sprintf("%s row %d: published growth %s%% of %s does not round from the table's own figures (%s%%)",
				f.Sheet, f.Row, f.YoY.Shift(2).StringFixed(1), f.Indicator.NameZh, f.Recomputed.Shift(2).StringFixed(1)))
		}
	}
	return out, errs, notes
}

// mustEnd is the last day of 1–month of year (zero for a bad month).
func mustEnd(year, month int) time.Time {
	p, err := period.FromMonths(year, 1, month)
	if err != nil {
		return time.Time{}
	}
	return p.End()
}

func firstRow(t *sheet.Table) int {
	if len(t.HeaderRows) > 0 {
		return t.HeaderRows[0]
	}
	return 1
}

func rowQuote(t *sheet.Table, r *sheet.Row) string {
	var parts []string
	for i, c := range r.Cells {
		if c.Text != "" {
			parts = append(parts, t.Columns[i].Path+"："+c.Text)
		}
	}
	return fmt.Sprintf("%s 第%d行 %s", t.Sheet, r.Number, strings.Join(parts, "，"))
}

func parentLabel(t *sheet.Table, r *sheet.Row) string {
	if r.Parent == 0 {
		return ""
	}
	return "row " + strconv.Itoa(r.Parent)
}
