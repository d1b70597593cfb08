package extract

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

var (
	reCellNum  = regexp.MustCompile(`^[-+]?\d+(?:,\d{3})*(?:\.\d+)?$`)
	reHeadUnit = regexp.MustCompile(`^(.*?)\((万亿元|亿元|万元|千元|元|%|‰|个|家|项|件|户|人|万人)\)$`)
)

type column struct {
	name   string // 成交额, 成交额同比增长率
	unit   string // from the header: 亿元, %; "" none
	role   string // seq, scope, value, growth, rank
	repeat bool   // a merged header repeated (成交额 | 成交额)
}

// table reads a table flattened one row a line with " | " between cells
// (how HTML tables are stripped): a caption line with one cell, one or two
// header rows (the second completing repeated, merged headings:
// 成交额 | 成交额 over 同比增长率 | 排名), data rows and a total row (合计,
// which may lack the 区域 cell).
//
// Each data row gives one record: the value column the growth and rank
// columns qualify, with the row's growth and rank; the other value columns
// are kept in the record's note. The unit of a value column is read from
// its heading (成交额(亿元)); a growth column without % in its heading is a
// percentage or a ratio only when the prose of the same text confirms it
// (a row's value stated there with its growth), else its growth is left out
// and the record flagged growth_unit_unknown.
func (x *extractor) table(block [][2]int) {
	rs := x.t.r
	rows := make([][]string, len(block))
	for i, l := range block {
		cells := strings.Split(string(rs[l[0]:l[1]]), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		// drop trailing empties
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		rows[i] = cells
	}
	i := 0
	caption := ""
	if len(rows) > 0 && nonEmpty(rows[0]) == 1 {
		caption = rows[0][0]
		i = 1
	}
	if i >= len(rows) {
		return
	}
	var cols []column
	seen := map[string]bool{}
	for _, h := range rows[i] {
		c := column{name: h}
		if m := reHeadUnit.FindStringSubmatch(h); m != nil {
			c.name, c.unit = m[1], m[2]
		}
		c.repeat = seen[c.name]
		seen[c.name] = true
		cols = append(cols, c)
	}
	i++
	// a second header row completes the repeated headings
	if i < len(rows) && isHeaderRow(rows[i]) {
		k := 0
		for _, h := range rows[i] {
			if h == "" {
				continue
			}
			for k < len(cols) && !cols[k].repeat {
				k++
			}
			if k < len(cols) {
				cols[k].name += h
				if m := reHeadUnit.FindStringSubmatch(cols[k].name); m != nil {
					cols[k].name, cols[k].unit = m[1], m[2]
				}
				k++
			}
		}
		i++
	}
	if k2n(cols, "指标", "项目", "指标名称") >= 0 {
		x.rowTable(block, rows, i, cols, caption)
		return
	}
	main := -1
	for k := range cols {
		n := cols[k].name
		switch {
		case n == "序号" || n == "编号":
			cols[k].role = "seq"
		case strings.Contains(n, "区域") || strings.Contains(n, "地区") || strings.Contains(n, "城市") || n == "区县" || n == "市" || n == "单位":
			cols[k].role = "scope"
		case strings.Contains(n, "同比") || strings.Contains(n, "增长率") || strings.Contains(n, "增速") || strings.Contains(n, "增幅"):
			cols[k].role = "growth"
		case strings.Contains(n, "排名") || strings.Contains(n, "位次"):
			cols[k].role = "rank"
		default:
			cols[k].role = "value"
		}
	}
	// the main value column: the one the growth column's heading starts with
	for k := range cols {
		if cols[k].role != "growth" {
			continue
		}
		for j := range cols {
			if cols[j].role == "value" && cols[j].name != "" && strings.HasPrefix(cols[k].name, cols[j].name) {
				main = j
				break
			}
		}
	}
	if main < 0 {
		return
	}
	// caption: period and the subject of the headings (各市吸纳技术合同情况 → 吸纳技术合同)
	capStart := block[0][0]
	st := &paraState{ctx: x.yearCtx(x.docYear, x.yearSrc), lastRec: -1}
	subject := caption
	if caption != "" {
		cr := []rune(caption)
		for _, p := range scanPeriods(rs, capStart, capStart+len(cr)) {
			st.ctx = x.apply(st.ctx, p)
			subject = strings.Replace(subject, p.written, "", 1)
		}
		for _, w := range []string{"各市", "各区县", "各区", "各县", "各地", "情况", "统计表", "一览表", "表"} {
			subject = strings.ReplaceAll(subject, w, "")
		}
	}
	ent := x.lookupTerm(subject + cols[main].name)
	if ent == nil {
		ent = x.lookupTerm(cols[main].name)
	}
	if ent == nil || ent.Unit != UnitYuan && cols[main].unit == "" {
		return
	}
	growthScale := x.growthScale(rows[i:], cols, main, ent)
	for r := i; r < len(rows); r++ {
		cells := rows[r]
		if isHeaderRow(cells) || nonEmpty(cells) < 2 {
			continue
		}
		cc := cols
		var sc *scope
		total := strings.Contains(cells[0], "合计") || strings.Contains(cells[0], "总计")
		if total {
			s := x.subject
			s.written = cells[0]
			sc = &s
			if len(cells) == len(cols)-1 { // the total spans 序号 and 区域
				cc = cols[1:]
			}
		}
		var val *decimal.Decimal
		var yoy *decimal.Decimal
		var rank []Rank
		var notes []string
		for k, c := range cc {
			if k >= len(cells) {
				break
			}
			cell := cells[k]
			switch c.role {
			case "scope":
				if total {
					continue
				}
				cr := []rune(cell)
				if hits := x.findScopesIn(cr); len(hits) > 0 {
					s := hits[0]
					s.written = cell
					sc = &s
				}
			case "value":
				if !reCellNum.MatchString(cell) {
					continue
				}
				v, class := cellValue(cell, c.unit)
				if k == main-(len(cols)-len(cc)) {
					if class != ent.Unit {
						continue
					}
					val = &v
				} else {
					notes = append(notes, c.name+cell+c.unit)
				}
			case "growth":
				if !reCellNum.MatchString(cell) || growthScale == nil {
					continue
				}
				g := decimal.RequireFromString(strings.ReplaceAll(cell, ",", "")).Shift(*growthScale)
				yoy = &g
			case "rank":
				if n, err := strconv.Atoi(cell); err == nil {
					rank = append(rank, Rank{Rank: n, Scope: "表内", Of: "value", Written: c.name + cell})
				}
			}
		}
		if val == nil || sc == nil {
			continue
		}
		rec := x.newRecord(ent, -1, -1, *sc, nil, st, false)
		rec.Indicator = strings.TrimSpace(subject + cols[main].name)
		rec.Value, rec.Unit, rec.UnitWritten = val, ent.Unit, cols[main].unit
		rec.ValueWritten = cells[main-(len(cols)-len(cc))] + "（" + cols[main].unit + "，表头）"
		rec.YoY = yoy
		if yoy != nil {
			rec.YoYWritten = cells[k2(cc, "growth")] + "（表列：" + cols[k2(cols, "growth")].name + "）"
		} else if k2(cols, "growth") >= 0 {
			rec.Flags = append(rec.Flags, "growth_unit_unknown")
		}
		rec.Ranks = rank
		rec.Flags = append(rec.Flags, "table_row")
		if total {
			rec.Flags = append(rec.Flags, "total_row")
		}
		if len(notes) > 0 {
			rec.Note = "同行其他列：" + strings.Join(notes, "；")
		}
		rec.qs, rec.vEnd = block[r][0], block[r][1]
		x.records = append(x.records, rec)
	}
}

func k2(cols []column, role string) int {
	for k, c := range cols {
		if c.role == role {
			return k
		}
	}
	return -1
}

// growthScale decides how a growth column without % in its heading is
// written, from the prose: the shift to a ratio (0 for ratios, -2 for
// percentages), or nil when nothing confirms either.
func (x *extractor) growthScale(rows [][]string, cols []column, main int, ent *Entry) *int32 {
	gk := k2(cols, "growth")
	if gk < 0 {
		return nil
	}
	if strings.Contains(cols[gk].unit, "%") || strings.Contains(cols[gk].name, "%") {
		s := int32(-2)
		return &s
	}
	ratio, pct := 0, 0
	for _, cells := range rows {
		off := 0
		if len(cells) > 0 && (strings.Contains(cells[0], "合计") || strings.Contains(cells[0], "总计")) && len(cells) == len(cols)-1 {
			off = 1
		}
		mk, gi := main-off, gk-off
		if mk < 0 || gi >= len(cells) || mk >= len(cells) || !reCellNum.MatchString(cells[mk]) || !reCellNum.MatchString(cells[gi]) {
			continue
		}
		v, _ := cellValue(cells[mk], cols[main].unit)
		g := decimal.RequireFromString(cells[gi])
		for _, r := range x.records {
			if r.Key != ent.Key || r.Value == nil || r.YoY == nil || !r.Value.Equal(v) {
				continue
			}
			if r.YoY.Equal(g) {
				ratio++
			}
			if r.YoY.Equal(g.Shift(-2)) {
				pct++
			}
		}
	}
	var s int32
	switch {
	case ratio > 0 && pct == 0:
		s = 0
	case pct > 0 && ratio == 0:
		s = -2
	default:
		return nil
	}
	return &s
}

func cellValue(cell, unit string) (decimal.Decimal, string) {
	n := decimal.RequireFromString(strings.ReplaceAll(cell, ",", ""))
	mag, u := "", unit
	for _, m := range []string{"万亿", "亿", "万", "千"} {
		if strings.HasPrefix(unit, m) && len(unit) > len(m) {
			mag, u = m, unit[len(m):]
			break
		}
	}
	class, shift := unitClass(u)
	return n.Shift(magShift[mag] + shift), class
}

func isHeaderRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		if c == "" {
			continue
		}
		if reCellNum.MatchString(c) {
			return false
		}
		n++
	}
	return n > 0
}

func nonEmpty(cells []string) int {
	n := 0
	for _, c := range cells {
		if c != "" {
			n++
		}
	}
	return n
}

// findScopesIn resolves the scope names in a cell.
func (x *extractor) findScopesIn(cell []rune) []scope {
	var out []scope
	for _, n := range x.names {
		if n.short {
			continue
		}
		if indexRunes(cell, 0, len(cell), n.r) >= 0 {
			out = append(out, n.s)
		}
	}
	return out
}

// lookupTerm returns the entry one of whose terms is exactly s.
func (x *extractor) lookupTerm(s string) *Entry {
	for _, tr := range x.lex.terms {
		if tr.term == s {
			return tr.entry
		}
	}
	return nil
}

func k2n(cols []column, names ...string) int {
	for k, c := range cols {
		for _, n := range names {
			if c.name == n {
				return k
			}
		}
	}
	return -1
}

// rowTable reads a table with one indicator a row: 指标 | 单位 | 2022年 |
// 比上年增长(%). The indicator cell must be a lexicon term; the unit is the
// 单位 cell (or the value heading's); the value column is the first headed
// by a period (or 数值, 本期); the growth column is read only when its
// heading says % (percent) — a bare growth column could be a ratio.
func (x *extractor) rowTable(block [][2]int, rows [][]string, first int, cols []column, caption string) {
	rs := x.t.r
	st := &paraState{ctx: x.yearCtx(x.docYear, x.yearSrc), lastRec: -1}
	if caption != "" {
		cr := []rune(caption)
		for _, p := range scanPeriods(rs, block[0][0], block[0][0]+len(cr)) {
			st.ctx = x.apply(st.ctx, p)
		}
	}
	ik, uk, vk, gk := k2n(cols, "指标", "项目", "指标名称"), k2n(cols, "单位", "计量单位"), -1, -1
	for k, c := range cols {
		hr := []rune(c.name)
		switch {
		case vk < 0 && k != ik && k != uk && (len(scanPeriods(hr, 0, len(hr))) > 0 || c.name == "数值" || c.name == "本期"):
			vk = k
			if ps := scanPeriods(hr, 0, len(hr)); len(ps) > 0 {
				st.ctx = x.apply(st.ctx, ps[0])
			}
		case strings.Contains(c.name, "增长") || strings.Contains(c.name, "增速") || strings.Contains(c.name, "同比"):
			gk = k
		}
	}
	if vk < 0 {
		return
	}
	pct := gk >= 0 && (cols[gk].unit == "%" || strings.Contains(cols[gk].name, "%"))
	for r := first; r < len(rows); r++ {
		cells := rows[r]
		if len(cells) <= vk || isHeaderRow(cells) || !reCellNum.MatchString(cells[vk]) {
			continue
		}
		ent := x.lookupTerm(cells[ik])
		if ent == nil {
			continue
		}
		unit := cols[vk].unit
		if uk >= 0 && uk < len(cells) && cells[uk] != "" {
			unit = cells[uk]
		}
		v, class := cellValue(cells[vk], unit)
		if class != ent.Unit {
			continue
		}
		rec := x.newRecord(ent, -1, -1, x.subject, nil, st, false)
		rec.Indicator = cells[ik]
		rec.Value, rec.Unit, rec.UnitWritten = &v, ent.Unit, unit
		rec.ValueWritten = cells[vk] + unit
		if gk >= 0 && gk < len(cells) && reCellNum.MatchString(cells[gk]) {
			if pct {
				g := decimal.RequireFromString(strings.ReplaceAll(cells[gk], ",", "")).Shift(-2)
				rec.YoY, rec.YoYWritten = &g, cells[gk]+"（表列："+cols[gk].name+"）"
			} else {
				rec.Flags = append(rec.Flags, "growth_unit_unknown")
			}
		}
		rec.Flags = append(rec.Flags, "table_row")
		rec.qs, rec.vEnd = block[r][0], block[r][1]
		x.records = append(x.records, rec)
	}
}
