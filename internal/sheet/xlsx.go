package sheet

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
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

// computeStale computes a formula that has no cached value and returns the
// note saying so. What cannot be computed stays Stale.
func computeStale(f *excelize.File, sheet string, c *gridCell) string {
	raw, err := f.CalcCellValue(sheet, c.c.Ref, excelize.Options{RawCellValue: true})
	if err != nil || raw == "" {
		why := "empty result"
		if err != nil {
			why = err.Error()
		}
		return fmt.Sprintf("%s: formula =%s has no cached value and cannot be computed (%s): stale", c.c.Ref, c.c.Formula, why)
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
	return fmt.Sprintf("%s: formula =%s had no cached value; computed %s", c.c.Ref, c.c.Formula, raw)
}
