package sheet

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// xlsxSheet is one <sheet> of workbook.xml.
type xlsxSheet struct {
	name, state, part string
}

// workbookInfo reads the sheet list (with part paths and visibility) and the
// date system straight from workbook.xml and its relationships.
func workbookInfo(zr *zip.Reader) ([]xlsxSheet, bool, error) {
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			RID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodePart(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, false, err
	}
	if err := decodePart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, false, err
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Clean("xl/" + t)
		}
		target[r.ID] = t
	}
	var out []xlsxSheet
	for _, s := range wb.Sheets {
		out = append(out, xlsxSheet{name: s.Name, state: s.State, part: target[s.RID]})
	}
	d := wb.Pr.Date1904
	return out, d == "1" || d == "true", nil
}

func findPart(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.TrimPrefix(f.Name, "/"), name) {
			return f
		}
	}
	return nil
}

func decodePart(zr *zip.Reader, name string, v any) error {
	f := findPart(zr, name)
	if f == nil {
		return fmt.Errorf("sheet: workbook part %s missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}

// xcell is what the metadata scan keeps of a cell.
type xcell struct {
	col      int
	style    int
	typ      string
	v        string
	formula  string
	hasF     bool
	inlineIS string
}

// openXLSX reads every visible sheet of a workbook.
//
// Each sheet is streamed twice, concurrently, never loaded whole: a
// metadata pass over the worksheet XML (cell types, raw values, formulas,
// styles, hidden rows, merges — which excelize's Rows() does not expose)
// and excelize's streaming Rows() for the text as Excel formats it.
// Formulas without a cached value are computed with CalcCellValue (which
// loads that one sheet).
func openXLSX(p string) ([]*Table, error) {
	name := baseName(p)
	zf, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("sheet: %s: not a readable xlsx: %w", name, err)
	}
	defer zf.Close()
	sheets, date1904, err := workbookInfo(&zf.Reader)
	if err != nil {
		return nil, fmt.Errorf("sheet: %s: %w", name, err)
	}
	f, err := excelize.OpenFile(p)
	if err != nil {
		return nil, fmt.Errorf("sheet: %s: %w", name, err)
	}
	defer f.Close()
	indents := styleIndents(&zf.Reader)
	indentOf := func(s int) int {
		if s >= 0 && s < len(indents) {
			return indents[s]
		}
		return 0
	}
	var hiddenNotes []string
	var tables []*Table
	for _, sh := range sheets {
		if sh.state == "hidden" || sh.state == "veryHidden" {
			hiddenNotes = append(hiddenNotes, fmt.Sprintf("sheet %s: hidden, skipped", sh.name))
			continue
		}
		part := findPart(&zf.Reader, sh.part)
		if part == nil {
			// A chartsheet or dialog sheet has no worksheet part of that
			// kind; nothing to read.
			continue
		}
		if !strings.Contains(sh.part, "worksheets/") {
			hiddenNotes = append(hiddenNotes, fmt.Sprintf("sheet %s: not a worksheet, skipped", sh.name))
			continue
		}
		// The two streaming passes run concurrently.
		var (
			g     *grid
			notes []string
			sErr  error
			done  = make(chan struct{})
		)
		go func() {
			defer close(done)
			g, notes, sErr = scanSheet(part, indentOf)
		}()
		texts, tErr := rowTexts(f, sh.name)
		<-done
		if sErr != nil {
			return nil, fmt.Errorf("sheet: %s!%s: %w", name, sh.name, sErr)
		}
		if tErr != nil {
			return nil, fmt.Errorf("sheet: %s!%s: %w", name, sh.name, tErr)
		}
		fillText(g, texts)
		t := &Table{File: name, Sheet: sh.name, Date1904: date1904}
		t.Notes = append(t.Notes, notes...)
		computeStale(f, sh.name, g, t)
		layout(g, t)
		tables = append(tables, t)
	}
	for _, t := range tables {
		t.Notes = append(hiddenNotes[:len(hiddenNotes):len(hiddenNotes)], t.Notes...)
	}
	return tables, nil
}

// scanSheet streams one worksheet part: rows, cells (type, style, raw
// value, formula), hidden rows, hidden columns and merges.
func scanSheet(part *zip.File, indentOf func(int) int) (*grid, []string, error) {
	rc, err := part.Open()
	if err != nil {
		return nil, nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	g := &grid{}
	var notes []string
	var row *gridRow
	var cell *xcell
	var cells []xcell
	shared := map[string]string{} // shared formula si → master text
	var fShared, fSI string
	in := "" // element whose text we collect: v, f, t (inside is)
	inIS, inRPh := false, false
	var text strings.Builder
	nextRow := 0
	flushRow := func() {
		if row == nil {
			return
		}
		row.cells = make([]gridCell, 0, len(cells))
		for _, c := range cells {
			row.cells = append(row.cells, xcellToGrid(c, row.num, indentOf))
		}
		g.rows = append(g.rows, *row)
		row, cells = nil, cells[:0]
	}
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "row":
				flushRow()
				nextRow++
				row = &gridRow{num: nextRow}
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "r":
						if n, err := strconv.Atoi(a.Value); err == nil {
							row.num, nextRow = n, n
						}
					case "hidden":
						row.hidden = a.Value == "1" || a.Value == "true"
					}
				}
			case "c":
				col := 0
				if len(cells) > 0 {
					col = cells[len(cells)-1].col
				}
				cells = append(cells, xcell{col: col + 1})
				cell = &cells[len(cells)-1]
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "r":
						if c, _, err := excelize.CellNameToCoordinates(a.Value); err == nil {
							cell.col = c
						}
					case "s":
						cell.style, _ = strconv.Atoi(a.Value)
					case "t":
						cell.typ = a.Value
					}
				}
			case "v":
				in = "v"
				text.Reset()
			case "f":
				in = "f"
				text.Reset()
				fShared, fSI = "", ""
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "t":
						fShared = a.Value
					case "si":
						fSI = a.Value
					}
				}
				if cell != nil {
					cell.hasF = true
				}
			case "is":
				inIS = true
				text.Reset()
			case "rPh":
				inRPh = true
			case "t":
				if inIS && !inRPh {
					in = "t"
				}
			case "mergeCell":
				for _, a := range e.Attr {
					if a.Name.Local == "ref" {
						if m, ok := parseRange(a.Value); ok {
							g.merges = append(g.merges, m)
						}
					}
				}
			case "col":
				var lo, hi, hidden string
				for _, a := range e.Attr {
					switch a.Name.Local {
					case "min":
						lo = a.Value
					case "max":
						hi = a.Value
					case "hidden":
						hidden = a.Value
					}
				}
				if hidden == "1" || hidden == "true" {
					a, _ := strconv.Atoi(lo)
					b, _ := strconv.Atoi(hi)
					notes = append(notes, fmt.Sprintf("columns %s-%s: hidden in Excel (read anyway)", ColumnLetter(a), ColumnLetter(b)))
				}
			}
		case xml.CharData:
			if in != "" {
				text.Write(e)
			}
		case xml.EndElement:
			switch e.Name.Local {
			case "v":
				if cell != nil {
					cell.v = text.String()
				}
				in = ""
			case "f":
				if cell != nil {
					ft := text.String()
					if fShared == "shared" {
						if ft != "" {
							shared[fSI] = ft
						} else {
							ft = shared[fSI]
						}
					}
					cell.formula = ft
				}
				in = ""
			case "t":
				if in == "t" {
					in = ""
				}
			case "rPh":
				inRPh = false
			case "is":
				inIS = false
				if cell != nil {
					cell.inlineIS = text.String()
				}
			case "c":
				cell = nil
			case "row":
				flushRow()
			case "sheetData":
				flushRow()
			}
		}
	}
	flushRow()
	return g, notes, nil
}

// xcellToGrid converts scanned metadata into a grid cell. Text is filled
// later from Rows(); for numbers Raw is the stored text.
func xcellToGrid(c xcell, rowNum int, indentOf func(int) int) gridCell {
	gc := gridCell{col: c.col}
	gc.c.Ref = cellRef(c.col, rowNum)
	gc.c.Formula = c.formula
	gc.c.Indent = indentOf(c.style)
	switch c.typ {
	case "", "n":
		gc.c.Raw = c.v
		if c.v != "" {
			if d, ok := excelNumber(c.v); ok {
				gc.c.Number = &d
				gc.numeric = true
			}
		}
	case "inlineStr":
		gc.c.Raw = c.inlineIS
	case "s":
		gc.rawFromText = true
	default: // str, b, e, d
		gc.c.Raw = c.v
	}
	if c.hasF && c.v == "" && c.typ != "inlineStr" {
		gc.c.Stale = true // until computed
	}
	return gc
}

// excelNumber reads a stored number exactly. Excel writes up to 17
// significant digits ("1.1000000000000001"); beyond 15 it keeps what Excel
// shows: the shortest representation of the double, rounded to 15
// significant digits.
func excelNumber(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Decimal{}, false
	}
	if sigDigits(s) <= 15 {
		return d, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return d, true
	}
	short := strconv.FormatFloat(f, 'g', 15, 64)
	if r, err := decimal.NewFromString(short); err == nil {
		return r, true
	}
	return d, true
}

// sigDigits counts the significant digits of a decimal literal (leading
// and trailing zeros excluded).
func sigDigits(s string) int {
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimLeft(s, "+-")
	s = strings.Replace(s, ".", "", 1)
	return len(strings.TrimRight(strings.TrimLeft(s, "0"), "0"))
}

func parseRange(ref string) (mergeRange, bool) {
	a, b, ok := strings.Cut(ref, ":")
	if !ok {
		b = a
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil {
		return mergeRange{}, false
	}
	return mergeRange{r1: min(r1, r2), c1: min(c1, c2), r2: max(r1, r2), c2: max(c1, c2)}, true
}

// rowText is one row's cell texts as excelize's Rows() formats them.
type rowText struct {
	num  int
	cols []string
}

// rowTexts streams the sheet with excelize's Rows() and keeps the
// formatted text of every non-empty row.
func rowTexts(f *excelize.File, sheet string) ([]rowText, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rowText
	for n := 1; rows.Next(); n++ {
		cols, err := rows.Columns()
		if err != nil {
			return nil, err
		}
		if len(cols) > 0 {
			out = append(out, rowText{num: n, cols: cols})
		}
	}
	return out, rows.Error()
}

// fillText sets Text (as Excel formats it, trimmed) on every scanned
// cell; for shared-string cells also Raw (untrimmed).
func fillText(g *grid, texts []rowText) {
	ti := 0
	for gi := range g.rows {
		r := &g.rows[gi]
		for ti < len(texts) && texts[ti].num < r.num {
			ti++
		}
		if ti >= len(texts) || texts[ti].num != r.num {
			continue
		}
		cols := texts[ti].cols
		for k := range r.cells {
			c := &r.cells[k]
			if c.col-1 >= len(cols) {
				continue
			}
			s := cols[c.col-1]
			c.c.Text = strings.TrimSpace(s)
			if c.rawFromText {
				c.c.Raw = s
			}
		}
	}
}

// styleIndents reads the alignment indent of every cell format (cellXfs)
// from styles.xml.
func styleIndents(zr *zip.Reader) []int {
	var st struct {
		Xfs []struct {
			Alignment *struct {
				Indent int `xml:"indent,attr"`
			} `xml:"alignment"`
		} `xml:"cellXfs>xf"`
	}
	if err := decodePart(zr, "xl/styles.xml", &st); err != nil {
		return nil
	}
	out := make([]int, len(st.Xfs))
	for i, x := range st.Xfs {
		if x.Alignment != nil {
			out[i] = x.Alignment.Indent
		}
	}
	return out
}

// computeStale computes formulas that have no cached value. What cannot be
// computed stays Stale; both are recorded in Notes.
func computeStale(f *excelize.File, sheet string, g *grid, t *Table) {
	for i := range g.rows {
		for k := range g.rows[i].cells {
			c := &g.rows[i].cells[k]
			if !c.c.Stale {
				continue
			}
			raw, err := f.CalcCellValue(sheet, c.c.Ref, excelize.Options{RawCellValue: true})
			if err != nil || raw == "" {
				why := "empty result"
				if err != nil {
					why = err.Error()
				}
				t.Notes = append(t.Notes, fmt.Sprintf("%s: formula =%s has no cached value and cannot be computed (%s): stale", c.c.Ref, c.c.Formula, why))
				continue
			}
			c.c.Stale = false
			c.c.Raw = raw
			c.c.Text = raw
			if txt, err := f.CalcCellValue(sheet, c.c.Ref); err == nil && txt != "" {
				c.c.Text = strings.TrimSpace(txt)
			}
			if d, ok := excelNumber(raw); ok {
				c.c.Number = &d
				c.numeric = true
			}
			t.Notes = append(t.Notes, fmt.Sprintf("%s: formula =%s had no cached value; computed %s", c.c.Ref, c.c.Formula, raw))
		}
	}
}
