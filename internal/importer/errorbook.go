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
	f := excelize.NewFile()
	defer f.Close()
	byRow := map[string]map[int][]string{}
	for _, e := range errs {
		if byRow[e.Sheet] == nil {
			byRow[e.Sheet] = map[int][]string{}
		}
		msg := e.Reason
		if e.Column != "" {
			msg = e.Column + "：" + msg
		}
		byRow[e.Sheet][e.Row] = append(byRow[e.Sheet][e.Row], msg)
	}
	for i, t := range tables {
		name := t.Sheet
		if name == "" || len([]rune(name)) > 31 || strings.ContainsAny(name, `:\/?*[]`) {
			name = fmt.Sprintf("表%d", i+1)
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		header := []any{"原行号"}
		for _, c := range t.Columns {
			header = append(header, c.Path)
		}
		header = append(header, "错误说明")
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for j, r := range t.Rows {
			row := []any{r.Number}
			for _, c := range r.Cells {
				row = append(row, c.Text)
			}
			row = append(row, strings.Join(byRow[t.Sheet][r.Number], "；"))
			cell, _ := excelize.CoordinatesToCellName(1, j+2)
			if err := sw.SetRow(cell, row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return f.Write(w)
}
