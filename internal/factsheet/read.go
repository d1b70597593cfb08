package factsheet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/qualify"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/sheet"
	"github.com/kechuang/kechuang/internal/uscc"
)

// Firm is one firm's supplied facts.
type Firm struct {
	USCC string // normalised and valid
	Name string // as written, "" when not given
	// Row is the sheet row (CSV line) or the firm's position in a JSON
	// file (1-based).
	Row int
	// Facts is a JSON object in the shape of one firm of a facts file
	// holding only the facts given: {"high_tech": {"IPClassI": 3, …}, …}.
	Facts []byte
}

// File is what Read found in a file.
type File struct {
	Firms []Firm
	// Rows is the number of firm rows (JSON: firms) read, with or without
	// errors.
	Rows int
	// Notes name rows and sheets the sheet reader skipped because they are
	// hidden.
	Notes []string
}

// NotesSheet is the template's explanation sheet, skipped when reading.
const NotesSheet = "说明"

// now is the clock for "a date after today" (tests set it).
var now = time.Now

// Read reads a facts file: a JSON facts file (docs/screening.md; by the
// .json extension or a leading "{"), else an xlsx, CSV or HTML table in
// the wide template (Columns, YearItems). All problems of the file are
// returned together as Errors, with the File of what was read; a file that
// cannot be read at all is a plain error.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	if strings.EqualFold(filepath.Ext(path), ".json") || bytes.HasPrefix(t, []byte("{")) {
		return readJSON(filepath.Base(path), t)
	}
	return readSheet(path, sheet.Detect(data))
}

// col is one column of a table as mapped to the template.
type col struct {
	letter string
	header string // as written (unit included)
	c      *Column
	year   int
	item   *YearItem
	// unit: amounts, the money unit to read bare numbers in; ratios, "%"
	// or "比例"; counts, the unit word a cell may carry.
	unit   string
	ignore bool
	blank  bool
}

// table is the mapping of one table's header.
type table struct {
	cols []col
	code int // index of the 统一社会信用代码 column, -1 when none
	name int
	// yearCols: the column index of each year's items.
	yearCols map[int]map[string]int
	errs     Errors // header problems, reported when the table has rows
	flushed  bool
}

var (
	reTrailUnit = regexp.MustCompile(`^(.+?)[（(]([^（）()]*)[）)]$`)
	reYear      = regexp.MustCompile(`^(\d{4})年(.+)$`)
	keyNorm     = strings.NewReplacer("（", "(", "）", ")", "Ⅰ", "I", "Ⅱ", "II", "Ⅲ", "III", "Ｉ", "I",
		" ", "", "\u3000", "", "\u00a0", "", "\n", "", "\r", "", "\t", "", "“", "", "”", "", "\"", "", "、", "", "／", "/")
	spaceStrip = strings.NewReplacer(" ", "", "\u3000", "", "\u00a0", "", "\t", "", "\r", "", "\n", "")
)

// normKey is the form headers are matched in: brackets, Roman numerals,
// quotes and white space made uniform.
func normKey(s string) string { return keyNorm.Replace(s) }

// splitUnit splits a trailing bracket: "收入总额（万元）" → ("收入总额", "万元").
func splitUnit(h string) (string, string) {
	if m := reTrailUnit.FindStringSubmatch(h); m != nil {
		return m[1], strings.ReplaceAll(strings.TrimSpace(m[2]), "％", "%")
	}
	return h, ""
}

var (
	byKey     = map[string]*Column{}
	yearByKey = map[string]*YearItem{}
)

func init() {
	for i := range Columns {
		byKey[normKey(Columns[i].Name)] = &Columns[i]
	}
	for i := range YearItems {
		yearByKey[normKey(YearItems[i].Name)] = &YearItems[i]
	}
	yearByKey["净资产"] = yearByKey["末净资产"]
	yearByKey["年末净资产"] = yearByKey["末净资产"]
}

// headerText is a sheet column's header as written: the path with its
// unit put back.
func headerText(c sheet.Column) string {
	if c.Unit != "" && c.Unit != "%" {
		return c.Path + "（" + c.Unit + "）"
	}
	return c.Path
}

// isMoney reports whether u is a unit of money ("元", "万元", "亿元").
func isMoney(u string) bool {
	_, q, err := sheet.ToBase(sheet.Value{Number: decimal.NewFromInt(1)}, u)
	return err == nil && q == quantity.Yuan
}

// mapHeader maps the columns of a table (headers as written) to the
// template.
func mapHeader(file string, t *sheet.Table, headers []string) *table {
	m := &table{code: -1, name: -1, yearCols: map[int]map[string]int{}}
	hdrRow := 0
	if len(t.HeaderRows) > 0 {
		hdrRow = t.HeaderRows[0]
	}
	sheetName := t.Sheet
	if sheetName == t.File {
		sheetName = ""
	}
	bad := func(letter, header, reason string) {
		m.errs = append(m.errs, Error{File: file, Sheet: sheetName, Row: hdrRow, Column: letter, Header: header, Reason: reason})
	}
	seen := map[string]string{} // column or year item → letter
	years := map[int]map[string]bool{}
	unknown := 0
	for i, sc := range t.Columns {
		h := headers[i]
		c := col{letter: sc.Letter, header: h}
		if h == "" {
			c.blank = true
			m.cols = append(m.cols, c)
			continue
		}
		base, unit := splitUnit(h)
		key := normKey(base)
		if slices.Contains(Ignored, key) || slices.Contains(Ignored, normKey(h)) {
			c.ignore = true
			m.cols = append(m.cols, c)
			continue
		}
		id := ""
		if def, ok := byKey[key]; ok {
			c.c, id = def, def.Name
		} else if def, ok := byKey[normKey(h)]; ok {
			c.c, id, unit = def, def.Name, ""
		} else if ym := reYear.FindStringSubmatch(key); ym != nil && yearByKey[ym[2]] != nil {
			y, _ := strconv.Atoi(ym[1])
			c.year, c.item = y, yearByKey[ym[2]]
			id = fmt.Sprintf("%d年%s", y, c.item.Name)
			if y < 1990 || y > 2100 {
				bad(c.letter, h, fmt.Sprintf("year %d is not an accounting year", y))
			}
			if years[y] == nil {
				years[y] = map[string]bool{}
			}
			years[y][c.item.Field] = true
			if m.yearCols[y] == nil {
				m.yearCols[y] = map[string]int{}
			}
			if _, dup := m.yearCols[y][c.item.Field]; !dup {
				m.yearCols[y][c.item.Field] = i
			}
		} else {
			c.ignore = true
			m.cols = append(m.cols, c)
			reason := "unknown column"
			if unknown == 0 {
				reason += "; the accepted columns are " + Accepted()
			}
			unknown++
			bad(c.letter, h, reason)
			continue
		}
		if prev, dup := seen[id]; dup {
			c.ignore = true
			m.cols = append(m.cols, c)
			bad(c.letter, h, "the same column as column "+prev)
			continue
		}
		seen[id] = c.letter
		kind := Amount
		if c.c != nil {
			kind = c.c.Kind
		}
		switch kind {
		case Amount:
			if unit == "" {
				unit = t.Unit
			}
			switch {
			case unit == "":
				bad(c.letter, h, "the header gives no unit: write the amount's unit in brackets, （万元） or （元）")
			case !isMoney(unit):
				bad(c.letter, h, fmt.Sprintf("unit %q is not an amount of money: write （万元） or （元）", unit))
			}
			c.unit = unit
		case Ratio:
			switch unit {
			case "%":
				c.unit = "%"
			case "":
				c.unit = "比例"
			default:
				bad(c.letter, h, fmt.Sprintf("unit %q: a percentage, write （%%）", unit))
			}
		case Count, Number:
			if unit != "" && unit != c.c.Unit && !(c.c.Unit == "件" && unit == "项") {
				want := "no unit"
				if c.c.Unit != "" {
					want = "（" + c.c.Unit + "）"
				}
				bad(c.letter, h, fmt.Sprintf("unit %q: write %s", unit, want))
			}
			c.unit = c.c.Unit
		}
		if kind == Code {
			m.code = i
		}
		if kind == Name {
			m.name = i
		}
		m.cols = append(m.cols, c)
	}
	if m.code < 0 {
		bad("", "", "no 统一社会信用代码 column: every row needs the firm's credit code")
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		for _, it := range YearItems {
			if it.Required && !years[y][it.Field] {
				bad("", YearHeader(y, it), fmt.Sprintf("column missing: the figures of %d need all of %s", y, requiredYearItems()))
			}
		}
	}
	return m
}

func requiredYearItems() string {
	var n []string
	for _, it := range YearItems {
		if it.Required {
			n = append(n, it.Name)
		}
	}
	return strings.Join(n, "、")
}

// readSheet reads a wide sheet (xlsx, CSV or HTML) of kind k.
func readSheet(path string, k sheet.Kind) (*File, error) {
	name := filepath.Base(path)
	out := &File{}
	var errs Errors
	var tables []*sheet.Table
	var cur *table
	var pending Errors // header problems of tables that had no rows
	seen := map[string]string{}
	var xf *excelize.File
	defer func() {
		if xf != nil {
			xf.Close()
		}
	}()
	rowFn := func(t *sheet.Table, r *sheet.Row) {
		if !cur.flushed {
			errs = append(errs, cur.errs...)
			cur.flushed = true
		}
		out.Rows++
		if cur.code < 0 {
			return // no credit codes: the header error says so
		}
		f, es := cur.row(name, t, r)
		if f == nil {
			errs = append(errs, es...)
			return
		}
		where := fmt.Sprintf("row %d", r.Number)
		if len(tables) > 1 {
			where = fmt.Sprintf("sheet %s row %d", t.Sheet, r.Number)
		}
		if prev, dup := seen[f.USCC]; dup {
			e := cur.at(name, t, r, cur.code, "")
			e.Value = f.USCC
			e.Reason = fmt.Sprintf("统一社会信用代码 %s appears twice: in %s and %s", f.USCC, prev, where)
			es = append(es, e)
		} else {
			seen[f.USCC] = where
		}
		errs = append(errs, es...)
		if len(es) == 0 {
			out.Firms = append(out.Firms, *f)
		}
	}
	err := sheet.Stream(path, func(t *sheet.Table, r *sheet.Row) error {
		if r != nil {
			if cur != nil {
				rowFn(t, r)
			}
			return nil
		}
		if cur != nil && !cur.flushed {
			pending = append(pending, cur.errs...)
		}
		cur = nil
		tables = append(tables, t)
		if t.Sheet == NotesSheet || len(t.Columns) == 0 {
			return nil
		}
		headers := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			headers[i] = headerText(c)
		}
		var absorbed []*sheet.Row
		if len(t.HeaderRows) > 1 {
			// The layout took rows without any number for header rows
			// (a first firm row of only text): the header is the first
			// row, the others are firm rows. Read them as written.
			if k != sheet.KindXLSX {
				cur = &table{code: -1}
				cur.errs = Errors{{File: name, Row: t.HeaderRows[0], Reason: fmt.Sprintf("rows %d–%d read as one header: use a single header row", t.HeaderRows[0], t.HeaderRows[len(t.HeaderRows)-1])}}
				return nil
			}
			if xf == nil {
				var err error
				if xf, err = excelize.OpenFile(path); err != nil {
					return err
				}
			}
			for i, c := range t.Columns {
				v, err := xf.GetCellValue(t.Sheet, c.Letter+strconv.Itoa(t.HeaderRows[0]))
				if err != nil {
					return err
				}
				headers[i] = spaceStrip.Replace(v)
			}
			for _, n := range t.HeaderRows[1:] {
				row := &sheet.Row{Number: n, Cells: make([]sheet.Cell, len(t.Columns))}
				for i, c := range t.Columns {
					ref := c.Letter + strconv.Itoa(n)
					v, err := xf.GetCellValue(t.Sheet, ref)
					if err != nil {
						return err
					}
					v = strings.TrimSpace(v)
					row.Cells[i] = sheet.Cell{Ref: ref, Text: v, Raw: v}
				}
				absorbed = append(absorbed, row)
			}
		}
		cur = mapHeader(name, t, headers)
		for _, r := range absorbed {
			rowFn(t, r)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if cur != nil && !cur.flushed {
		pending = append(pending, cur.errs...)
	}
	for _, t := range tables {
		for _, n := range t.Notes {
			if strings.Contains(n, "hidden") {
				out.Notes = append(out.Notes, n)
			}
		}
	}
	if out.Rows == 0 {
		errs = append(errs, pending...)
		errs = append(errs, Error{File: name, Reason: "no firm rows: fill one row per firm under the header"})
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// at is an Error at cell i of row r.
func (m *table) at(file string, t *sheet.Table, r *sheet.Row, i int, value string) Error {
	e := Error{File: file, Row: r.Number, Value: value}
	if t.Sheet != t.File {
		e.Sheet = t.Sheet
	}
	if i >= 0 && i < len(m.cols) {
		e.Column, e.Header = m.cols[i].letter, m.cols[i].header
	}
	if m.code >= 0 && i != m.code && m.code < len(r.Cells) {
		e.Firm = r.Cells[m.code].Text
	}
	if e.Firm == "" && m.name >= 0 && i != m.name && m.name < len(r.Cells) {
		e.Firm = r.Cells[m.name].Text
	}
	return e
}

// facts collects one firm's facts.
type facts struct {
	sections map[string]map[string]any
	years    map[int]map[string]string
}

func (f *facts) set(path string, v any) {
	sec, field, _ := strings.Cut(path, ".")
	if f.sections[sec] == nil {
		f.sections[sec] = map[string]any{}
	}
	f.sections[sec][field] = v
}

// row reads one firm row; the Firm is nil when the row has errors.
func (m *table) row(file string, t *sheet.Table, r *sheet.Row) (*Firm, Errors) {
	var errs Errors
	bad := func(i int, value, reason string) {
		e := m.at(file, t, r, i, value)
		e.Reason = reason
		errs = append(errs, e)
	}
	f := &facts{sections: map[string]map[string]any{}, years: map[int]map[string]string{}}
	firm := &Firm{Row: r.Number}
	for i, c := range m.cols {
		if i >= len(r.Cells) {
			break
		}
		cell := r.Cells[i]
		if c.ignore {
			continue
		}
		if cell.Stale {
			bad(i, "="+cell.Formula, "a formula without a computed value: open the file in Excel or WPS and save it")
			continue
		}
		if blank(cell) {
			continue
		}
		if c.blank {
			bad(i, cell.Text, "a value in a column without a header")
			continue
		}
		if c.item != nil {
			d, why := amount(cell, c.unit, c.item.Negative)
			if why != "" {
				bad(i, cell.Text, why) // given: not reported missing too
			}
			if f.years[c.year] == nil {
				f.years[c.year] = map[string]string{}
			}
			f.years[c.year][c.item.Field] = d
			continue
		}
		var v any
		why := ""
		switch c.c.Kind {
		case Code:
			code := uscc.Normalize(cell.Text)
			if cell.Number != nil {
				code = cell.Number.String()
			}
			if err := uscc.Validate(code); err != nil {
				bad(i, cell.Text, err.Error())
			}
			firm.USCC = code
			continue
		case Name:
			firm.Name = cell.Text
			continue
		case Count:
			v, why = count(cell, c.unit, c.c.Max)
		case Number:
			v, why = number(cell, c.unit)
		case Amount:
			v, why = amount(cell, c.unit, false)
		case Ratio:
			v, why = ratio(cell, c.unit, c.c.Over100)
		case YesNo:
			v, why = yesNo(cell.Text)
		case Date:
			v, why = date(cell, t.Date1904)
		}
		if why != "" {
			bad(i, cell.Text, why)
			continue
		}
		for _, p := range c.c.Paths {
			f.set(p, v)
		}
	}
	for _, x := range r.Extra {
		e := m.at(file, t, r, -1, x.Text)
		e.Column = strings.TrimRight(x.Ref, "0123456789")
		e.Reason = "a value outside the header's columns"
		errs = append(errs, e)
	}
	if m.code >= 0 && firm.USCC == "" {
		bad(m.code, "", "统一社会信用代码 is missing: every row needs the firm's credit code")
	}
	// Accounting years: all required figures of a year given, or none.
	var years []map[string]any
	ys := make([]int, 0, len(f.years))
	for y := range f.years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	for _, y := range ys {
		entry := map[string]any{"Year": y}
		complete := true
		for _, it := range YearItems {
			v, ok := f.years[y][it.Field]
			if ok {
				entry[it.Field] = v
				continue
			}
			if it.Required {
				complete = false
				i, has := m.yearCols[y][it.Field]
				if !has {
					continue // no such column: the header error says so
				}
				e := m.at(file, t, r, i, "")
				e.Reason = fmt.Sprintf("%d年%s is missing: the figures of %d need all of %s", y, it.Name, y, requiredYearItems())
				errs = append(errs, e)
			}
		}
		if complete {
			years = append(years, entry)
		}
	}
	if len(years) > 0 {
		f.set("high_tech.Years", years)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(f.sections) == 0 {
		bad(m.code, firm.USCC, "no facts given: fill at least one fact, or leave the firm out of the file")
		return nil, errs
	}
	b, err := json.Marshal(f.sections)
	if err != nil {
		bad(-1, "", err.Error())
		return nil, errs
	}
	if err := checkShape(b); err != nil {
		bad(-1, "", "internal: "+err.Error())
		return nil, errs
	}
	firm.Facts = b
	return firm, nil
}

// checkShape checks that a facts object reads as qualify.FirmFacts with no
// unknown key.
func checkShape(b []byte) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	var f qualify.FirmFacts
	return d.Decode(&f)
}

// blank reports whether a cell gives nothing: empty, or a missing marker
// ("—", "-", "/", "N/A").
func blank(c sheet.Cell) bool {
	if c.Empty() {
		return true
	}
	if c.Number != nil {
		return false
	}
	v, err := sheet.ParseValue(c.Text)
	return err == nil && v.Missing
}

// figure reads a cell as a number (the stored number of a numeric cell).
func figure(c sheet.Cell) (sheet.Value, string) {
	v, err := c.Value()
	if err != nil {
		return v, "not a number"
	}
	return v, ""
}

func count(c sheet.Cell, unit string, max int64) (any, string) {
	v, why := figure(c)
	if why != "" {
		return nil, "not a whole number"
	}
	if v.Percent || (v.Unit != "" && v.Unit != unit && !(unit == "件" && v.Unit == "项")) {
		return nil, fmt.Sprintf("not a whole number of %s", orCount(unit))
	}
	switch {
	case !v.Number.IsInteger():
		return nil, "not a whole number"
	case v.Number.Sign() < 0:
		return nil, "negative: a count is 0 or more"
	case max > 0 && v.Number.GreaterThan(decimal.NewFromInt(max)):
		return nil, fmt.Sprintf("above %d", max)
	case v.Number.GreaterThan(decimal.NewFromInt(1_000_000_000)):
		return nil, "too large"
	}
	return v.Number.IntPart(), ""
}

func orCount(unit string) string {
	if unit == "" {
		return "points"
	}
	return unit
}

func number(c sheet.Cell, unit string) (any, string) {
	v, why := figure(c)
	if why != "" {
		return nil, why
	}
	if v.Percent || (v.Unit != "" && v.Unit != unit) {
		return nil, fmt.Sprintf("not a number of %s", unit)
	}
	if v.Number.Sign() < 0 {
		return nil, "negative: a head count is 0 or more"
	}
	return v.Number.String(), ""
}

func amount(c sheet.Cell, unit string, negative bool) (string, string) {
	v, why := figure(c)
	if why != "" {
		return "", "not an amount"
	}
	if v.Percent {
		return "", "a percentage, not an amount"
	}
	d, q, err := sheet.ToBase(v, unit)
	if err != nil {
		return "", "not an amount: " + strings.TrimPrefix(err.Error(), "sheet: ")
	}
	if q != quantity.Yuan {
		return "", "not an amount of money"
	}
	if d.Sign() < 0 && !negative {
		return "", "negative: the amount is 0 or more"
	}
	return d.String(), ""
}

func ratio(c sheet.Cell, unit string, over100 bool) (any, string) {
	var r decimal.Decimal
	if c.Number != nil && strings.HasSuffix(strings.TrimSpace(c.Text), "%") {
		// A percent-formatted numeric cell stores the ratio itself.
		r = *c.Number
	} else {
		v, why := figure(c)
		if why != "" {
			return nil, "not a percentage"
		}
		if v.Unit != "" {
			return nil, "not a percentage"
		}
		d, q, err := sheet.ToBase(v, unit)
		if err != nil || q != quantity.Percent {
			msg := "not a percentage"
			if err != nil {
				msg += ": " + strings.TrimPrefix(err.Error(), "sheet: ")
			}
			return nil, msg
		}
		r = d
	}
	switch {
	case r.Sign() < 0:
		return nil, "negative: a percentage is 0 or more"
	case !over100 && r.GreaterThan(decimal.NewFromInt(1)):
		return nil, "above 100%"
	case r.GreaterThan(decimal.NewFromInt(100)):
		return nil, "above 10000%"
	}
	return r.String(), ""
}

var yesWords = map[string]bool{"是": true, "有": true, "Y": true, "YES": true, "TRUE": true, "√": true,
	"否": false, "无": false, "N": false, "NO": false, "FALSE": false, "×": false}

func yesNo(s string) (any, string) {
	b, ok := yesWords[strings.ToUpper(spaceStrip.Replace(s))]
	if !ok {
		return nil, "write 是 or 否"
	}
	return b, ""
}

func date(c sheet.Cell, date1904 bool) (any, string) {
	t, err := c.Date(date1904)
	if err != nil {
		return nil, "not a date (write 2019-05-20)"
	}
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	n := now()
	if d.After(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)) {
		return nil, "after today"
	}
	return d.Format(time.RFC3339), ""
}
