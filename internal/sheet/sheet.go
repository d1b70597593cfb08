// Package sheet turns spreadsheet files as users really send them (xlsx
// with merged titles and multi-row headers, CSV in UTF-8 or GB18030,
// HTML tables renamed .xls/.xlsx) into clean tables of typed cells. It
// knows nothing of what the columns mean and has no SQL.
//
// Open detects the file kind from its content, never from its extension,
// and returns one Table per visible sheet. Layout analysis finds the title
// row(s), the unit line ("单位：万元"), 1–3 header rows (merged headers
// become paths such as "2023年1-8月/累计"), section rows ("一、科技投入"),
// sub-items ("其中：", indentation) and fills vertical merges down.
// ParseValue, ToBase and ParseDate read single cells exactly (decimals,
// never floats).
package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// Kind of a file, detected from content, never from the extension.
type Kind string

// The kinds Detect returns.
const (
	KindXLSX    Kind = "xlsx"    // a zip container (OOXML workbook)
	KindCSV     Kind = "csv"     // delimited text (UTF-8, UTF-16 with BOM, or GB18030)
	KindHTML    Kind = "html"    // an HTML page (often a web export renamed .xls)
	KindXLS     Kind = "xls"     // OLE2 compound file: old binary .xls or an encrypted workbook; refused
	KindUnknown Kind = "unknown" // anything else (binary data, images, PDF, ...)
)

// Detect tells the kind of a file from its first bytes (512 or more are
// best; a whole small file is fine).
func Detect(head []byte) Kind {
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return KindXLSX
	case bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return KindXLS
	case len(head) == 0:
		return KindUnknown
	}
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return KindCSV // UTF-16 text (Excel "Unicode text")
	}
	t := bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	lt := bytes.ToLower(bytes.TrimLeft(t[:min(len(t), 4096)], " \t\r\n"))
	if bytes.HasPrefix(lt, []byte("<!doctype html")) || bytes.HasPrefix(lt, []byte("<html")) ||
		bytes.HasPrefix(lt, []byte("<table")) || (bytes.HasPrefix(lt, []byte("<")) && bytes.Contains(lt, []byte("<table"))) {
		return KindHTML
	}
	if bytes.HasPrefix(lt, []byte("<?xml")) {
		return KindUnknown // e.g. SpreadsheetML 2003 XML: not supported
	}
	if bytes.IndexByte(t, 0) >= 0 {
		return KindUnknown
	}
	// Tolerate a multi-byte sequence cut at the end of head (at most 3 bytes
	// of an unfinished character; a complete file has none).
	for k := 0; k <= 3 && k < len(t); k++ {
		if c := t[:len(t)-k]; utf8.Valid(c) || gb18030Valid(c) {
			return KindCSV
		}
	}
	return KindUnknown
}

// gb18030Valid reports whether b decodes as GB18030 without replacement
// characters.
func gb18030Valid(b []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(b)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// Table is one sheet (or one CSV file, or one HTML <table>) after layout
// analysis.
type Table struct {
	// File is the base name of the file; Sheet the sheet name (for CSV the
	// name given to ReadCSV, for HTML "table1", "table2", ...).
	File, Sheet string
	// Title is the merged title row(s) above the header, e.g.
	// "2023年1-8月科技创新主要指标" (several title rows joined by " ").
	Title string
	// Unit is the unit line as written after "单位：", e.g. "万元、家、%".
	Unit string
	// Columns has one entry per column from the first to the last header
	// column.
	Columns []Column
	// HeaderRows are the sheet row numbers of the header (1–3 rows).
	HeaderRows []int
	// Rows are the data rows only (not title, unit, header, blank, hidden
	// or section rows), in sheet order. Empty in a Table from Stream,
	// which passes the rows one at a time instead.
	Rows []Row
	// Notes says what was skipped and why (hidden sheets, hidden rows,
	// blank rows, section rows) and which cells were recomputed.
	Notes []string
	// Date1904 is the workbook's date system (serials count from 1904).
	Date1904 bool
}

// Column is one column of a Table.
type Column struct {
	// Letter is the column letter as Excel shows it ("C"); for CSV the
	// first column is "A".
	Letter string
	// Path is the header path joined with "/": merged multi-row headers
	// give "2023年1-8月/累计". Newlines and spaces inside header cells are
	// removed. A unit in brackets is moved to Unit ("研发投入（万元）" →
	// "研发投入"), except "(%)", which stays in the path
	// ("同比增长(%)").
	Path string
	// Unit is the unit given in the header ("万元", "亿元", "家", "%"),
	// "" when none.
	Unit string
}

// ValueUnit is the column unit to pass to ToBase: Unit when the header
// gives one, else "比例" when the path names a ratio (比例, 比重, 占比,
// 强度), else "".
func (c Column) ValueUnit() string {
	if c.Unit != "" {
		return c.Unit
	}
	for _, w := range ratioWords[:4] {
		if strings.Contains(c.Path, w) {
			return "比例"
		}
	}
	return ""
}

// Row is one data row.
type Row struct {
	// Number is the 1-based row number in the sheet (the line number in a
	// CSV), as a user sees it in Excel.
	Number int
	// Cells is aligned with Table.Columns (same length); an empty cell has
	// only Ref.
	Cells []Cell
	// Extra holds non-empty cells outside the header columns (e.g. a label
	// written in column G beyond a header ending at F).
	Extra []Cell
	// Section is the section row this row falls under ("一、科技投入"),
	// "" before any.
	Section string
	// Label is the row label as written, trimmed: the first column whose
	// (merge-filled) text is not a number, without a "其中：" prefix.
	Label string
	// Level is 0 for a top-level row, 1 for a sub-item (label prefixed
	// 其中/其中：, or indented by leading spaces or an Excel indent).
	// Callers must not add sub-items into totals that already include them.
	Level int
	// Parent is the Number of the row a sub-item belongs to (the last
	// top-level row in the same section), 0 for top-level rows.
	Parent int
	// Merged maps a column letter to the anchor value filled down, for
	// cells of this row inside a vertical merge whose anchor is above
	// (entity in merged A10:A11 → row 11 has Merged["A"]). nil if none.
	Merged map[string]string
}

// Cell is one cell.
type Cell struct {
	// Ref is the cell reference ("C7").
	Ref string
	// Text is the value as the user sees it (number format applied),
	// trimmed.
	Text string
	// Raw is the stored value: for xlsx unformatted (the shared string, the
	// number as stored); for a formula the cached (or computed) value. CSV:
	// the field untrimmed.
	Raw string
	// Formula is the formula without "=", "" unless a formula. For a
	// shared-formula follower it is the master's text, references not
	// shifted.
	Formula string
	// Number is set when the stored cell is numeric (xlsx numeric type, or
	// a formula whose computed result is a number), exact from the raw
	// text; raw text with more than 15 significant digits (Excel's
	// "1.1000000000000001") is read as Excel shows it (1.1). nil for text
	// cells and for every CSV cell.
	Number *decimal.Decimal
	// Stale is true for a formula without a cached value that could not be
	// computed: callers must refuse it, never read it as blank.
	Stale bool
	// Indent is the Excel alignment indent of the cell's style.
	Indent int
}

// Empty reports whether the cell holds nothing.
func (c Cell) Empty() bool { return c.Text == "" && !c.Stale && c.Formula == "" }

// Value reads the cell as a figure: the stored number when numeric, else
// ParseValue(Text). A stale formula is an error.
func (c Cell) Value() (Value, error) {
	if c.Stale {
		return Value{}, fmt.Errorf("sheet: %s: formula %q has no cached value and could not be computed", c.Ref, c.Formula)
	}
	if c.Number != nil {
		return Value{Number: *c.Number}, nil
	}
	v, err := ParseValue(c.Text)
	if err != nil {
		return v, fmt.Errorf("%s: %w", c.Ref, err)
	}
	return v, nil
}

// Date reads the cell as a date: a numeric cell as an Excel serial in the
// given date system, else ParseDate(Text).
func (c Cell) Date(date1904 bool) (time.Time, error) {
	if c.Stale {
		return time.Time{}, fmt.Errorf("sheet: %s: formula %q has no cached value", c.Ref, c.Formula)
	}
	s := c.Text
	if c.Number != nil {
		s = c.Number.String()
	}
	t, err := ParseDate(s, date1904)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", c.Ref, err)
	}
	return t, nil
}

// ErrOldXLS is returned (wrapped) by Open for an OLE2 file.
var ErrOldXLS = errors.New("old binary .xls (or password-protected) workbook: open it in Excel or WPS and save as .xlsx (旧版 .xls 或加密文件，请另存为 .xlsx 后再导入)")

// ErrUnknownKind is returned (wrapped) by Open for a file that is no
// spreadsheet.
var ErrUnknownKind = errors.New("not a spreadsheet (xlsx, csv or html table)")

// Open reads a file of any supported kind, detected from its content: xlsx
// (streamed, see Stream), CSV (also when renamed .xlsx), an HTML table
// (web exports renamed .xls). It returns one Table per visible sheet;
// hidden sheets are skipped and named in every table's Notes. An old .xls
// gives an error wrapping ErrOldXLS.
func Open(path string) ([]*Table, error) {
	var tables []*Table
	if err := Stream(path, collect(&tables)); err != nil {
		return nil, err
	}
	return tables, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}
