package sheet

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// gridCell is a cell as read from any source, before layout analysis.
type gridCell struct {
	col int // 1-based
	c   Cell
	// numeric is true for a stored number (xlsx numeric type); for text
	// sources layout decides with looksNumeric.
	numeric bool
	// rawFromText: Raw is the untrimmed text (xlsx shared strings).
	rawFromText bool
}

// gridRow is one row as read, cells sorted by column.
type gridRow struct {
	num    int
	hidden bool
	cells  []gridCell
}

// mergeRange is a merged area, 1-based inclusive.
type mergeRange struct{ r1, c1, r2, c2 int }

// grid is a whole sheet as read.
type grid struct {
	rows   []gridRow
	merges []mergeRange
	// textOnly sources (CSV, HTML) have no cell types.
	textOnly bool
	// oneHeader forces a single header row (CSV).
	oneHeader bool
}

const maxNotesPerKind = 50

// noteLimiter caps repeated notes (blank and hidden rows) per kind.
type noteLimiter struct {
	t      *Table
	counts map[string]int
}

func (n *noteLimiter) add(kind, format string, a ...any) {
	if n.counts == nil {
		n.counts = map[string]int{}
	}
	n.counts[kind]++
	if n.counts[kind] <= maxNotesPerKind {
		n.t.Notes = append(n.t.Notes, fmt.Sprintf(format, a...))
	}
}

func (n *noteLimiter) flush() {
	for _, k := range []string{"blank", "hidden"} {
		if c := n.counts[k]; c > maxNotesPerKind {
			n.t.Notes = append(n.t.Notes, fmt.Sprintf("… and %d more %s rows skipped", c-maxNotesPerKind, k))
		}
	}
}

var (
	reSection = regexp.MustCompile(`^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[)）])`)
	reUnitCol = regexp.MustCompile(`[（(]([^（()）]*)[)）]`)
)

func isSectionText(s string) bool { return reSection.MatchString(strings.TrimSpace(s)) }

// cleanHeader removes white space and line breaks inside a header cell.
func cleanHeader(s string) string { return spaceStrip.Replace(s) }

// headerUnit moves a bracketed unit out of a header part: "研发投入（万元）"
// → ("研发投入", "万元"); "同比增长(%)" keeps its path and gives unit "%".
func headerUnit(part string) (string, string) {
	ms := reUnitCol.FindAllStringSubmatchIndex(part, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		u := norm(part[m[2]:m[3]])
		if u == "%" {
			return part, "%"
		}
		if isUnitText(u) {
			return part[:m[0]] + part[m[1]:], u
		}
	}
	return part, ""
}

// looksNumeric reports whether a text cell holds a figure (for text
// sources: a bare or unit-carrying number).
func looksNumeric(s string) bool {
	v, err := ParseValue(s)
	return err == nil && !v.Missing
}

// ColumnLetter returns the Excel letters of a 1-based column number.
func ColumnLetter(n int) string {
	var b [8]byte
	i := len(b)
	for n > 0 {
		n--
		i--
		b[i] = byte('A' + n%26)
		n /= 26
	}
	return string(b[i:])
}

func cellRef(col, row int) string { return ColumnLetter(col) + strconv.Itoa(row) }

// mergeIndex finds the merge covering a cell.
type mergeIndex struct {
	cover map[[2]int]int // (row, col) of non-anchor cells → merge index
	ms    []mergeRange
}

const maxMergeArea = 1 << 16

func newMergeIndex(ms []mergeRange) *mergeIndex {
	mi := &mergeIndex{cover: map[[2]int]int{}, ms: ms}
	for i, m := range ms {
		if (m.r2-m.r1+1)*(m.c2-m.c1+1) > maxMergeArea {
			continue
		}
		for r := m.r1; r <= m.r2; r++ {
			for c := m.c1; c <= m.c2; c++ {
				if r != m.r1 || c != m.c1 {
					mi.cover[[2]int{r, c}] = i
				}
			}
		}
	}
	return mi
}

// anchorOf returns the merge covering (r, c) as a non-anchor cell.
func (mi *mergeIndex) anchorOf(r, c int) (mergeRange, bool) {
	i, ok := mi.cover[[2]int{r, c}]
	if !ok {
		return mergeRange{}, false
	}
	return mi.ms[i], true
}

// spanAt returns the merge whose anchor is (r, c).
func (mi *mergeIndex) spanAt(r, c int) (mergeRange, bool) {
	for _, m := range mi.ms {
		if m.r1 == r && m.c1 == c {
			return m, true
		}
	}
	return mergeRange{}, false
}

// layout turns a grid into a Table (File, Sheet, Date1904 set by caller).
func layout(g *grid, t *Table) {
	nl := &noteLimiter{t: t}
	mi := newMergeIndex(g.merges)
	anchorText := map[[2]int]string{}
	for _, m := range g.merges {
		anchorText[[2]int{m.r1, m.c1}] = ""
	}
	var rows []*gridRow
	for i := range g.rows {
		r := &g.rows[i]
		if i > 0 && r.num > g.rows[i-1].num+1 {
			if a, b := g.rows[i-1].num+1, r.num-1; a == b {
				nl.add("blank", "row %d: blank, skipped", a)
			} else {
				nl.add("blank", "rows %d-%d: blank, skipped", a, b)
			}
		}
		for _, c := range r.cells {
			if _, ok := anchorText[[2]int{r.num, c.col}]; ok {
				anchorText[[2]int{r.num, c.col}] = c.c.Text
			}
		}
		if r.hidden {
			nl.add("hidden", "row %d: hidden, skipped", r.num)
			continue
		}
		if nonEmpty(r) == 0 {
			nl.add("blank", "row %d: blank, skipped", r.num)
			continue
		}
		rows = append(rows, r)
	}
	isNum := func(c gridCell) bool {
		if g.textOnly {
			return looksNumeric(c.c.Text)
		}
		return c.numeric
	}
	hasNum := func(r *gridRow) bool {
		for _, c := range r.cells {
			if c.c.Text != "" && isNum(c) {
				return true
			}
		}
		return false
	}
	// Sheet width from the first rows, to judge title spans.
	width := 0
	for i, r := range rows {
		if i >= 30 {
			break
		}
		for _, c := range r.cells {
			if c.c.Text != "" {
				width = max(width, c.col)
			}
		}
	}
	firstNum := -1
	for i, r := range rows {
		if hasNum(r) {
			firstNum = i
			break
		}
		if i > 50 {
			break
		}
	}
	// Title and unit rows.
	i := 0
	var titles []string
	for ; i < len(rows); i++ {
		r := rows[i]
		if firstNum >= 0 && i >= firstNum {
			break
		}
		ne := nonEmptyCells(r)
		if u, ok := unitLine(ne); ok && len(ne) <= 3 {
			t.Unit = u
			t.Notes = append(t.Notes, fmt.Sprintf("row %d: unit line", r.num))
			continue
		}
		if len(ne) != 1 || isSectionText(ne[0].c.Text) {
			break
		}
		// A single-cell row is a title when it spans (merge) at least half
		// the width, or the sheet is wider than 2 columns and a header
		// row follows.
		span := 1
		if m, ok := mi.spanAt(r.num, ne[0].col); ok {
			span = m.c2 - m.c1 + 1
		}
		if !(span >= 2 && span*2 >= width) && !(width >= 3 && i+1 < len(rows) && len(nonEmptyCells(rows[i+1])) > 1) {
			break
		}
		titles = append(titles, ne[0].c.Text)
		t.Notes = append(t.Notes, fmt.Sprintf("row %d: title", r.num))
	}
	t.Title = strings.Join(titles, " ")
	// Header rows.
	hdrStart := i
	hdrEnd := i // exclusive
	for ; hdrEnd < len(rows); hdrEnd++ {
		if firstNum >= 0 && hdrEnd >= firstNum {
			break
		}
		ne := nonEmptyCells(rows[hdrEnd])
		if len(ne) == 1 && isSectionText(ne[0].c.Text) {
			break
		}
	}
	if g.oneHeader || firstNum < 0 || hdrEnd-hdrStart > 3 {
		hdrEnd = min(hdrStart+1, len(rows))
	}
	hdr := rows[hdrStart:hdrEnd]
	for _, r := range hdr {
		t.HeaderRows = append(t.HeaderRows, r.num)
	}
	// Column range from header cells and their merges.
	first, last := 0, 0
	widen := func(c1, c2 int) {
		if first == 0 || c1 < first {
			first = c1
		}
		last = max(last, c2)
	}
	for _, r := range hdr {
		for _, c := range r.cells {
			if c.c.Text == "" {
				continue
			}
			c2 := c.col
			if m, ok := mi.spanAt(r.num, c.col); ok {
				c2 = m.c2
			}
			widen(c.col, c2)
		}
	}
	if first == 0 { // no header: take the data width
		for _, r := range rows[hdrEnd:] {
			for _, c := range r.cells {
				if c.c.Text != "" {
					widen(c.col, c.col)
				}
			}
		}
	}
	if first == 0 {
		return
	}
	// Header text per (row, col), merges filled both ways.
	hdrText := func(r *gridRow, col int) string {
		if m, ok := mi.anchorOf(r.num, col); ok {
			return anchorText[[2]int{m.r1, m.c1}]
		}
		for _, c := range r.cells {
			if c.col == col {
				return c.c.Text
			}
		}
		return ""
	}
	for col := first; col <= last; col++ {
		var parts []string
		unit := ""
		for _, r := range hdr {
			p := cleanHeader(hdrText(r, col))
			if p == "" || (len(parts) > 0 && parts[len(parts)-1] == p) {
				continue
			}
			parts = append(parts, p)
		}
		for k, p := range parts {
			np, u := headerUnit(p)
			if u != "" {
				unit = u
				if np != "" {
					parts[k] = np
				}
			}
		}
		t.Columns = append(t.Columns, Column{Letter: ColumnLetter(col), Path: strings.Join(parts, "/"), Unit: unit})
	}
	if len(hdr) > 0 {
		if len(hdr) == 1 {
			t.Notes = append(t.Notes, fmt.Sprintf("row %d: header", hdr[0].num))
		} else {
			t.Notes = append(t.Notes, fmt.Sprintf("rows %d-%d: header", hdr[0].num, hdr[len(hdr)-1].num))
		}
	}
	// Data rows.
	section := ""
	parent := 0
	for _, r := range rows[hdrEnd:] {
		ne := nonEmptyCells(r)
		if len(ne) == 1 && !isNum(ne[0]) && isSectionText(ne[0].c.Text) {
			section = ne[0].c.Text
			parent = 0
			t.Notes = append(t.Notes, fmt.Sprintf("row %d: section %s", r.num, section))
			continue
		}
		row := Row{Number: r.num, Section: section, Cells: make([]Cell, last-first+1)}
		for k := range row.Cells {
			row.Cells[k].Ref = cellRef(first+k, r.num)
		}
		for _, c := range r.cells {
			if c.col >= first && c.col <= last {
				row.Cells[c.col-first] = c.c
			} else if !c.c.Empty() {
				row.Extra = append(row.Extra, c.c)
			}
		}
		// Vertical merges filled down.
		for col := first; col <= last; col++ {
			if m, ok := mi.anchorOf(r.num, col); ok && m.c1 == col && m.r1 < r.num {
				if row.Merged == nil {
					row.Merged = map[string]string{}
				}
				row.Merged[ColumnLetter(col)] = anchorText[[2]int{m.r1, m.c1}]
			}
		}
		// Label: first non-numeric text (cell or merge-filled).
		labelRaw, indent := "", 0
		for k, c := range row.Cells {
			text, raw := c.Text, c.Raw
			if text == "" {
				text = row.Merged[ColumnLetter(first+k)]
				raw = text
			}
			if text == "" {
				continue
			}
			if c.Number != nil || looksNumeric(text) {
				continue
			}
			labelRaw, indent = raw, c.Indent
			if labelRaw == "" {
				labelRaw = text
			}
			break
		}
		label := strings.TrimSpace(strings.Trim(labelRaw, "\u3000\u00a0"))
		sub := indent > 0 || (label != "" && strings.TrimLeft(labelRaw, " \t\u3000\u00a0") != labelRaw)
		if rest, ok := strings.CutPrefix(label, "其中"); ok {
			sub = true
			label = strings.TrimSpace(strings.TrimLeft(rest, "：:,，、 \u3000"))
		}
		row.Label = label
		if sub && parent > 0 {
			row.Level, row.Parent = 1, parent
		} else if sub {
			row.Level = 1
		} else {
			parent = r.num
		}
		t.Rows = append(t.Rows, row)
	}
	nl.flush()
}

func nonEmpty(r *gridRow) int {
	n := 0
	for _, c := range r.cells {
		if !c.c.Empty() {
			n++
		}
	}
	return n
}

func nonEmptyCells(r *gridRow) []gridCell {
	var out []gridCell
	for _, c := range r.cells {
		if !c.c.Empty() {
			out = append(out, c)
		}
	}
	return out
}

// unitLine finds "单位：万元" in a row.
func unitLine(ne []gridCell) (string, bool) {
	for _, c := range ne {
		s := strings.TrimSpace(c.c.Text)
		if rest, ok := strings.CutPrefix(s, "单位"); ok {
			rest = strings.TrimSpace(strings.TrimLeft(rest, "：: \u3000"))
			return rest, true
		}
	}
	return "", false
}
