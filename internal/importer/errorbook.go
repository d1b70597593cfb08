package importer

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/sheet"
)

// WriteErrorWorkbook writes the tables back as an xlsx with an added column
// 错误说明 holding each row's problems, so the person who sent the file can
// fix it and import it again. Each table becomes a sheet with its heading
// row, then every data row with its original row number in column A.
func WriteErrorWorkbook(w io.Writer, tables []*sheet.Table, errs []RowError) error {
	eb := newErrorBook(errs)
	defer eb.f.Close()
	for _, t := range tables {
		if err := eb.begin(t); err != nil {
			return err
		}
		for i := range t.Rows {
			if err := eb.row(&t.Rows[i]); err != nil {
				return err
			}
		}
	}
	return eb.write(w)
}

// WriteErrorWorkbookFile writes the same workbook as WriteErrorWorkbook for
// a file read with ReadFile: it streams the file's rows again with
// sheet.Stream, so no table needs to be held in memory.
func WriteErrorWorkbookFile(w io.Writer, path string, errs []RowError) error {
	eb := newErrorBook(errs)
	defer eb.f.Close()
	err := sheet.Stream(path, func(t *sheet.Table, r *sheet.Row) error {
		if r == nil {
			return eb.begin(t)
		}
		return eb.row(r)
	})
	if err != nil {
		return err
	}
	return eb.write(w)
}

// errorBook builds the error workbook one sheet and one row at a time.
type errorBook struct {
	f     *excelize.File
	byRow map[string]map[int][]string
	n     int // tables begun
	sw    *excelize.StreamWriter
	t     *sheet.Table
	next  int // next output row
}

func newErrorBook(errs []RowError) *errorBook {
	eb := &errorBook{f: excelize.NewFile(), byRow: map[string]map[int][]string{}}
	for _, e := range errs {
		if eb.byRow[e.Sheet] == nil {
			eb.byRow[e.Sheet] = map[int][]string{}
		}
		msg := e.Reason
		if e.Column != "" {
			msg = e.Column + "：" + msg
		}
		eb.byRow[e.Sheet][e.Row] = append(eb.byRow[e.Sheet][e.Row], msg)
	}
	return eb
}

// begin ends the previous sheet and starts one for t with its heading row.
func (eb *errorBook) begin(t *sheet.Table) error {
	if err := eb.flush(); err != nil {
		return err
	}
	eb.n++
	name := t.Sheet
	if name == "" || len([]rune(name)) > 31 || strings.ContainsAny(name, `:\/?*[]`) {
		name = fmt.Sprintf("表%d", eb.n)
	}
	if eb.n == 1 {
		if err := eb.f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := eb.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := eb.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	// The headings as the file had them (with their units, so the fixed
	// workbook imports the same way), in the same columns; the added
	// columns come last.
	header := []any{}
	for _, c := range t.Columns {
		h := c.Path
		if c.Unit != "" && c.Unit != "%" {
			h += "（" + c.Unit + "）"
		}
		header = append(header, h)
	}
	header = append(header, "错误说明", "原行号")
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	eb.sw, eb.t, eb.next = sw, t, 2
	return nil
}

// row writes one data row of the current table with its problems.
func (eb *errorBook) row(r *sheet.Row) error {
	row := make([]any, 0, len(r.Cells)+2)
	for _, c := range r.Cells {
		row = append(row, c.Text)
	}
	row = append(row, strings.Join(eb.byRow[eb.t.Sheet][r.Number], "；"), r.Number)
	cell, _ := excelize.CoordinatesToCellName(1, eb.next)
	eb.next++
	return eb.sw.SetRow(cell, row)
}

func (eb *errorBook) flush() error {
	if eb.sw == nil {
		return nil
	}
	sw := eb.sw
	eb.sw = nil
	return sw.Flush()
}

func (eb *errorBook) write(w io.Writer) error {
	if err := eb.flush(); err != nil {
		return err
	}
	return eb.f.Write(w)
}
