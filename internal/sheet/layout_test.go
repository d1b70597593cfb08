package sheet

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// buildLayoutWorkbook writes a workbook with every layout feature: merged
// title, unit line, a 3-row merged header, a （一） section, an Excel
// indent, a hidden row, a blank row, formulas without cached values (one
// computable, one not), a hidden sheet and the 1904 date system.
func buildLayoutWorkbook(t *testing.T) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	sh := "数据"
	must(f.SetSheetName("Sheet1", sh))
	set := func(ref string, v any) { must(f.SetCellValue(sh, ref, v)) }
	merge := func(a, b string) { must(f.MergeCell(sh, a, b)) }
	set("A1", "2023年科技指标")
	merge("A1", "E1")
	set("A2", "单位：万元")
	set("A3", "指标")
	merge("A3", "A5")
	set("B3", "2023年")
	merge("B3", "E3")
	set("B4", "上半年")
	merge("B4", "C4")
	set("D4", "下半年")
	merge("D4", "E4")
	set("B5", "金额\n（万元）")
	set("C5", "增长(%)")
	set("D5", "金 额")
	set("E5", "增长(%)")
	set("A6", "（一）投入")
	merge("A6", "E6")
	must(f.SetSheetRow(sh, "A7", &[]any{"研发投入", 100, 5, 200, 6}))
	must(f.SetSheetRow(sh, "A8", &[]any{"企业研发", 60, 4, 150, 3}))
	indent, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{Indent: 1}})
	must(err)
	must(f.SetCellStyle(sh, "A8", "A8", indent))
	must(f.SetSheetRow(sh, "A9", &[]any{"隐藏行", 1, 1, 1, 1}))
	must(f.SetRowVisible(sh, 9, false))
	set("A11", "合计")
	must(f.SetCellFormula(sh, "B11", "B7+B8"))
	must(f.SetCellFormula(sh, "C11", "NOSUCHFUNCTION(B7)"))
	set("D11", 44545)
	set("A12", "（二）产出")
	must(f.SetSheetRow(sh, "A13", &[]any{"专利", 10, 1, 20, 2}))
	must(f.SetSheetRow(sh, "A14", &[]any{"其中:发明专利", 3, 1, 5, 2}))
	_, err = f.NewSheet("隐藏")
	must(err)
	must(f.SetCellValue("隐藏", "A1", "secret"))
	must(f.SetSheetVisible("隐藏", false))
	d1904 := true
	must(f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &d1904}))
	p := filepath.Join(t.TempDir(), "layout.xlsx")
	must(f.SaveAs(p))
	return p
}

func TestLayoutGenerated(t *testing.T) {
	ts, err := Open(buildLayoutWorkbook(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 1 {
		t.Fatalf("%d tables, want 1 (hidden sheet skipped)", len(ts))
	}
	tb := ts[0]
	wantNote(t, tb, "sheet 隐藏: hidden, skipped")
	wantNote(t, tb, "row 9: hidden, skipped")
	wantNote(t, tb, "row 10: blank, skipped")
	wantNote(t, tb, "row 6: section （一）投入")
	if !tb.Date1904 {
		t.Error("Date1904 not set")
	}
	if tb.Title != "2023年科技指标" || tb.Unit != "万元" {
		t.Errorf("title %q unit %q", tb.Title, tb.Unit)
	}
	want := []Column{
		{"A", "指标", ""},
		{"B", "2023年/上半年/金额", "万元"},
		{"C", "2023年/上半年/增长(%)", "%"},
		{"D", "2023年/下半年/金额", ""},
		{"E", "2023年/下半年/增长(%)", "%"},
	}
	if len(tb.Columns) != len(want) {
		t.Fatalf("columns %+v", tb.Columns)
	}
	for i, c := range tb.Columns {
		if c != want[i] {
			t.Errorf("column %d = %+v, want %+v", i, c, want[i])
		}
	}
	var nums []int
	for _, r := range tb.Rows {
		nums = append(nums, r.Number)
	}
	if len(nums) != 5 || nums[0] != 7 || nums[1] != 8 || nums[2] != 11 || nums[3] != 13 || nums[4] != 14 {
		t.Fatalf("data rows %v", nums)
	}
	r8 := rowNumbered(t, tb, 8)
	if r8.Level != 1 || r8.Parent != 7 || r8.Cells[0].Indent != 1 || r8.Section != "（一）投入" {
		t.Errorf("row 8 (Excel indent): %+v", r8)
	}
	if r11 := rowNumbered(t, tb, 11); r11.Level != 0 || r11.Parent != 0 {
		t.Errorf("row 11: %+v", r11)
	}
	r14 := rowNumbered(t, tb, 14)
	if r14.Label != "发明专利" || r14.Level != 1 || r14.Parent != 13 || r14.Section != "（二）产出" {
		t.Errorf("row 14: %+v", r14)
	}
	b11, c11, d11 := cellAt(t, tb, "B11"), cellAt(t, tb, "C11"), cellAt(t, tb, "D11")
	if b11.Stale || b11.Number == nil || b11.Number.String() != "160" || b11.Formula != "B7+B8" {
		t.Errorf("B11 = %+v, want computed 160", b11)
	}
	if !c11.Stale || c11.Number != nil || c11.Formula != "NOSUCHFUNCTION(B7)" {
		t.Errorf("C11 = %+v, want stale", c11)
	}
	if _, err := c11.Value(); err == nil {
		t.Error("stale C11 read without error")
	}
	found := false
	for _, n := range tb.Notes {
		found = found || strings.HasPrefix(n, "C11: formula =NOSUCHFUNCTION(B7) has no cached value and cannot be computed")
	}
	if !found {
		t.Errorf("no stale note in %q", tb.Notes)
	}
	d, err := d11.Date(tb.Date1904)
	if err != nil || d.Format("2006-01-02") != "2025-12-16" { // 44545 in the 1904 system
		t.Errorf("D11 1904 date %v %v", d, err)
	}
}

func TestOpenHTMLRenamed(t *testing.T) {
	page := `<html><head><meta charset="utf-8"></head><body>
<table border="1">
<tr><td colspan="3">2023年企业名单</td></tr>
<tr><td rowspan="2">载体</td><td colspan="2">研发投入</td></tr>
<tr><td>金额（万元）</td><td>占比</td></tr>
<tr><td rowspan="2">白涛新材料科技城</td><td>1,234.5</td><td>4.8%</td></tr>
<tr><td>&nbsp;87.5 </td><td>0.077</td></tr>
</table></body></html>`
	p := filepath.Join(t.TempDir(), "export.xls")
	if err := os.WriteFile(p, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	ts, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	tb := ts[0]
	if tb.Title != "2023年企业名单" || len(tb.Columns) != 3 {
		t.Fatalf("%+v", tb)
	}
	if c := tb.Columns[1]; c.Path != "研发投入/金额" || c.Unit != "万元" {
		t.Errorf("B = %+v", c)
	}
	if c := tb.Columns[2]; c.Path != "研发投入/占比" || c.ValueUnit() != "比例" {
		t.Errorf("C = %+v", c)
	}
	if len(tb.Rows) != 2 || tb.Rows[1].Merged["A"] != "白涛新材料科技城" || tb.Rows[1].Cells[1].Text != "87.5" {
		t.Errorf("rows %+v", tb.Rows)
	}
}

func TestOpenRefusesOldXLSAndJunk(t *testing.T) {
	dir := t.TempDir()
	xls := filepath.Join(dir, "old.xls")
	os.WriteFile(xls, append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 504)...), 0o644)
	if _, err := Open(xls); !errors.Is(err, ErrOldXLS) || !strings.Contains(err.Error(), "另存为 .xlsx") {
		t.Errorf("old xls: %v", err)
	}
	png := filepath.Join(dir, "pic.xlsx")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), 0o644)
	if _, err := Open(png); !errors.Is(err, ErrUnknownKind) {
		t.Errorf("png: %v", err)
	}
}
