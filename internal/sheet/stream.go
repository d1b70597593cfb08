package sheet

import (
	"fmt"
	"math"
	"os"
	"strings"
)

// Stream reads a file of any kind Open reads and passes its data rows one
// at a time, without keeping them: memory stays bounded by the widest row
// and the layout look-ahead, not by the number of rows.
//
// For every table (visible sheet, CSV file, HTML <table>) fn is called
// first with r == nil once the layout is known — File, Sheet, Title, Unit,
// Columns, HeaderRows and Date1904 are then final — and then once per
// data row, in sheet order, with the same *Table. Table.Rows stays empty.
// Table.Notes grows while the rows stream (skipped rows, sections,
// recomputed formulas) and is complete when fn is called for the next
// table or Stream returns.
//
// Rows, Sections, sub-item Parents, merge fill-down (Row.Merged) and Notes
// are exactly what Open gives: Open is Stream collecting the rows.
// Layout analysis looks ahead only as far as it needs (30–52 non-blank
// rows for a normal table); vertical merges keep the merge index and the
// anchor texts, never earlier rows.
//
// An error returned by fn stops the reading and is returned as is.
func Stream(path string, fn func(t *Table, r *Row) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return err
	}
	head := make([]byte, 8192)
	n, _ := fh.Read(head)
	fh.Close()
	head = head[:n]
	name := baseName(path)
	switch k := Detect(head); k {
	case KindXLSX:
		return streamXLSX(path, fn)
	case KindCSV:
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return streamCSVBytes(b, name, fn)
	case KindHTML:
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return streamHTML(b, name, fn)
	case KindXLS:
		return fmt.Errorf("sheet: %s: %w", name, ErrOldXLS)
	default:
		return fmt.Errorf("sheet: %s: %w", name, ErrUnknownKind)
	}
}

// collect is the fn of Stream that keeps every table and row (Open).
func collect(tables *[]*Table) func(*Table, *Row) error {
	return func(t *Table, r *Row) error {
		if r == nil {
			*tables = append(*tables, t)
			return nil
		}
		t.Rows = append(t.Rows, *r)
		return nil
	}
}

// rowSource yields the rows of a sheet in sheet order; nil at the end.
type rowSource func() (*gridRow, error)

// gridSource streams the rows of a grid read whole (CSV, HTML).
func gridSource(g *grid) rowSource {
	i := 0
	return func() (*gridRow, error) {
		if i >= len(g.rows) {
			return nil, nil
		}
		i++
		return &g.rows[i-1], nil
	}
}

// layout turns a whole grid into a Table (File, Sheet, Date1904 set by the
// caller), keeping the rows.
func layout(g *grid, t *Table) {
	_ = streamLayout(t, g.merges, g.textOnly, g.oneHeader, gridSource(g), nil, collect(new([]*Table)))
}

// layouter is the state of the streaming layout analysis of one table.
type layouter struct {
	t          *Table
	next       rowSource
	textOnly   bool
	mi         *mergeIndex
	anchorText map[[2]int]string
	// Notes by origin, joined in this order: source (sheet scan,
	// recomputed formulas), skipped rows, layout (title, unit, header,
	// sections), then the "… and N more" counts.
	srcNotes func() []string
	rows     noteLimiter
	lay      []string
	prev     int        // number of the previous row read, 0 before any
	buf      []*gridRow // look-ahead: visible non-blank rows
	eof      bool
	// data rows
	first, last     int
	section         string
	parent          int
	hasMergedInData bool
}

func (l *layouter) notes(final bool) []string {
	var out []string
	if l.srcNotes != nil {
		out = append(out, l.srcNotes()...)
	}
	out = append(out, l.rows.notes...)
	out = append(out, l.lay...)
	if final {
		out = append(out, l.rows.flush()...)
	}
	return out
}

// pull reads rows until a visible non-blank one (nil at the end), noting
// gaps, hidden and blank rows and recording merge anchor texts.
func (l *layouter) pull() (*gridRow, error) {
	for !l.eof {
		r, err := l.next()
		if err != nil {
			return nil, err
		}
		if r == nil {
			l.eof = true
			break
		}
		if l.prev > 0 && r.num > l.prev+1 {
			if a, b := l.prev+1, r.num-1; a == b {
				l.rows.add("blank", "row %d: blank, skipped", a)
			} else {
				l.rows.add("blank", "rows %d-%d: blank, skipped", a, b)
			}
		}
		l.prev = r.num
		if len(l.anchorText) > 0 {
			for _, c := range r.cells {
				if _, ok := l.anchorText[[2]int{r.num, c.col}]; ok {
					l.anchorText[[2]int{r.num, c.col}] = c.c.Text
				}
			}
		}
		if r.hidden {
			l.rows.add("hidden", "row %d: hidden, skipped", r.num)
			continue
		}
		if nonEmpty(r) == 0 {
			l.rows.add("blank", "row %d: blank, skipped", r.num)
			continue
		}
		return r, nil
	}
	return nil, nil
}

// ensure reads ahead until the buffer holds n rows or the sheet ends, and
// reports whether it holds n.
func (l *layouter) ensure(n int) (bool, error) {
	for len(l.buf) < n && !l.eof {
		r, err := l.pull()
		if err != nil {
			return false, err
		}
		if r != nil {
			l.buf = append(l.buf, r)
		}
	}
	return len(l.buf) >= n, nil
}

func (l *layouter) isNum(c gridCell) bool {
	if l.textOnly {
		return looksNumeric(c.c.Text)
	}
	return c.numeric
}

// streamLayout analyses the layout of one table from its first rows, calls
// fn(t, nil), then streams the data rows to fn. srcNotes (may be nil) gives
// the notes of the source so far.
func streamLayout(t *Table, merges []mergeRange, textOnly, oneHeader bool, next rowSource, srcNotes func() []string, fn func(*Table, *Row) error) error {
	l := &layouter{t: t, next: next, textOnly: textOnly, mi: newMergeIndex(merges), srcNotes: srcNotes}
	if len(merges) > 0 {
		l.anchorText = make(map[[2]int]string, len(merges))
		for _, m := range merges {
			l.anchorText[[2]int{m.r1, m.c1}] = ""
		}
	}
	hdrEnd, err := l.analyse(oneHeader)
	if err != nil {
		return err
	}
	t.Notes = l.notes(false)
	if l.first == 0 {
		// No columns: the whole sheet has been read ahead and nothing is
		// a data row.
		if err := fn(t, nil); err != nil {
			return err
		}
		t.Notes = l.notes(false)
		return nil
	}
	if err := fn(t, nil); err != nil {
		return err
	}
	for _, r := range l.buf[hdrEnd:] {
		if err := l.data(r, fn); err != nil {
			return err
		}
	}
	l.buf = nil
	for {
		r, err := l.pull()
		if err != nil {
			return err
		}
		if r == nil {
			break
		}
		if err := l.data(r, fn); err != nil {
			return err
		}
	}
	t.Notes = l.notes(true)
	return nil
}

// analyse finds title, unit and header rows and the columns from the rows
// read ahead; it returns the index in l.buf of the first row after the
// header.
func (l *layouter) analyse(oneHeader bool) (int, error) {
	t, mi := l.t, l.mi
	hasNum := func(r *gridRow) bool {
		for _, c := range r.cells {
			if c.c.Text != "" && l.isNum(c) {
				return true
			}
		}
		return false
	}
	// Sheet width from the first rows, to judge title spans.
	if _, err := l.ensure(52); err != nil {
		return 0, err
	}
	rows := l.buf
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
	for ; ; i++ {
		ok, err := l.ensure(i + 2) // row i and the one after it
		if err != nil {
			return 0, err
		}
		rows = l.buf
		if !ok && i >= len(rows) {
			break
		}
		r := rows[i]
		if firstNum >= 0 && i >= firstNum {
			break
		}
		ne := nonEmptyCells(r)
		if u, ok := unitLine(ne); ok && len(ne) <= 3 {
			t.Unit = u
			l.lay = append(l.lay, fmt.Sprintf("row %d: unit line", r.num))
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
		l.lay = append(l.lay, fmt.Sprintf("row %d: title", r.num))
	}
	t.Title = strings.Join(titles, " ")
	// Header rows: up to the first row with a number (at most 3), else one.
	hdrStart := i
	hdrEnd := i // exclusive
	if oneHeader || firstNum < 0 {
		if _, err := l.ensure(hdrStart + 1); err != nil {
			return 0, err
		}
		hdrEnd = min(hdrStart+1, len(l.buf))
	} else {
		for ; hdrEnd < len(l.buf) && hdrEnd < firstNum; hdrEnd++ {
			ne := nonEmptyCells(l.buf[hdrEnd])
			if len(ne) == 1 && isSectionText(ne[0].c.Text) {
				break
			}
		}
		if hdrEnd-hdrStart > 3 {
			hdrEnd = min(hdrStart+1, len(l.buf))
		}
	}
	rows = l.buf
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
	if first == 0 { // no header: take the data width (reads the whole sheet)
		if _, err := l.ensure(math.MaxInt); err != nil {
			return 0, err
		}
		rows = l.buf
		for _, r := range rows[hdrEnd:] {
			for _, c := range r.cells {
				if c.c.Text != "" {
					widen(c.col, c.col)
				}
			}
		}
	}
	l.first, l.last = first, last
	if first == 0 {
		return hdrEnd, nil
	}
	// Header text per (row, col), merges filled both ways.
	hdrText := func(r *gridRow, col int) string {
		if m, ok := mi.anchorOf(r.num, col); ok {
			return l.anchorText[[2]int{m.r1, m.c1}]
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
			l.lay = append(l.lay, fmt.Sprintf("row %d: header", hdr[0].num))
		} else {
			l.lay = append(l.lay, fmt.Sprintf("rows %d-%d: header", hdr[0].num, hdr[len(hdr)-1].num))
		}
	}
	// Does any merge reach below the header? Else data rows skip the
	// fill-down lookups.
	for _, m := range mi.ms {
		if m.r2 > m.r1 {
			l.hasMergedInData = true
			break
		}
	}
	return hdrEnd, nil
}

// data turns one visible row after the header into a Row (or a section).
func (l *layouter) data(r *gridRow, fn func(*Table, *Row) error) error {
	first, last := l.first, l.last
	ne := nonEmptyCells(r)
	if len(ne) == 1 && !l.isNum(ne[0]) && isSectionText(ne[0].c.Text) {
		l.section = ne[0].c.Text
		l.parent = 0
		l.lay = append(l.lay, fmt.Sprintf("row %d: section %s", r.num, l.section))
		return nil
	}
	row := Row{Number: r.num, Section: l.section, Cells: make([]Cell, last-first+1)}
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
	if l.hasMergedInData {
		for col := first; col <= last; col++ {
			if m, ok := l.mi.anchorOf(r.num, col); ok && m.c1 == col && m.r1 < r.num {
				if row.Merged == nil {
					row.Merged = map[string]string{}
				}
				row.Merged[ColumnLetter(col)] = l.anchorText[[2]int{m.r1, m.c1}]
			}
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
	if sub && l.parent > 0 {
		row.Level, row.Parent = 1, l.parent
	} else if sub {
		row.Level = 1
	} else {
		l.parent = r.num
	}
	return fn(l.t, &row)
}
