package sheet

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/quantity"
)

// casesDir is where the shared acceptance cases live, beside the repo.
const casesDir = "../../../shared/cases/import"

func casePath(t testing.TB, rel string) string {
	t.Helper()
	p := filepath.Join(casesDir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("acceptance case missing (shared/ must be beside the repo): %v", err)
	}
	return p
}

func readJSON(t testing.TB, rel string, v any) {
	t.Helper()
	b, err := os.ReadFile(casePath(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", rel, err)
	}
}

// xlsxCases is cases.json, the parts asserted field by field.
type xlsxCases struct {
	Files struct {
		Merged struct {
			Sheet   string            `json:"sheet"`
			Paths   map[string]string `json:"expected_header_paths"`
			Records []struct {
				Indicator string           `json:"indicator"`
				Entity    string           `json:"entity"`
				ValueYuan *decimal.Decimal `json:"value_yuan"`
				Value     *decimal.Decimal `json:"value"`
				YoY       *decimal.Decimal `json:"yoy"`
				IsSubitem string           `json:"is_subitem_of"`
			} `json:"expected_records"`
		} `json:"merged_header_ytd.xlsx"`
		Numbers struct {
			Raw map[string]decimal.Decimal `json:"expected_raw"`
		} `json:"numbers_as_text_and_formats.xlsx"`
		Formula struct {
			C5 decimal.Decimal `json:"expected_C5"`
			C6 decimal.Decimal `json:"expected_C6"`
		} `json:"formula_no_cached_value.xlsx"`
	} `json:"files"`
}

func loadXLSXCases(t *testing.T) xlsxCases {
	var c xlsxCases
	readJSON(t, "xlsx/cases.json", &c)
	return c
}

func openOne(t *testing.T, rel string) []*Table {
	t.Helper()
	ts, err := Open(casePath(t, rel))
	if err != nil {
		t.Fatalf("Open(%s): %v", rel, err)
	}
	return ts
}

func tableNamed(t *testing.T, ts []*Table, sheet string) *Table {
	t.Helper()
	for _, tb := range ts {
		if tb.Sheet == sheet {
			return tb
		}
	}
	t.Fatalf("no sheet %q", sheet)
	return nil
}

func rowNumbered(t *testing.T, tb *Table, n int) Row {
	t.Helper()
	for _, r := range tb.Rows {
		if r.Number == n {
			return r
		}
	}
	t.Fatalf("%s: no data row %d", tb.Sheet, n)
	return Row{}
}

// cellAt finds a cell by reference in Cells or Extra.
func cellAt(t *testing.T, tb *Table, ref string) Cell {
	t.Helper()
	for _, r := range tb.Rows {
		for _, c := range append(r.Cells, r.Extra...) {
			if c.Ref == ref {
				return c
			}
		}
	}
	t.Fatalf("%s: no cell %s", tb.Sheet, ref)
	return Cell{}
}

func colOf(t *testing.T, tb *Table, letter string) Column {
	t.Helper()
	for _, c := range tb.Columns {
		if c.Letter == letter {
			return c
		}
	}
	t.Fatalf("%s: no column %s", tb.Sheet, letter)
	return Column{}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func wantDec(t *testing.T, what string, got, want decimal.Decimal) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got, want)
	}
}

// base reads a cell and converts it to base units with a unit.
func base(t *testing.T, c Cell, unit string) (decimal.Decimal, quantity.Unit) {
	t.Helper()
	v, err := c.Value()
	if err != nil {
		t.Fatalf("%s: %v", c.Ref, err)
	}
	d, u, err := ToBase(v, unit)
	if err != nil {
		t.Fatalf("%s ToBase(%q): %v", c.Ref, unit, err)
	}
	return d, u
}

func TestMergedHeaderYTD(t *testing.T) {
	cs := loadXLSXCases(t).Files.Merged
	ts := openOne(t, "xlsx/merged_header_ytd.xlsx")
	if len(ts) != 1 {
		t.Fatalf("%d tables, want 1", len(ts))
	}
	tb := tableNamed(t, ts, cs.Sheet)
	if tb.Title != "2023年1-8月涪陵区科技创新主要指标完成情况" {
		t.Errorf("Title = %q", tb.Title)
	}
	if tb.Unit != "万元、家、%" {
		t.Errorf("Unit = %q", tb.Unit)
	}
	if len(tb.Columns) != len(cs.Paths) || len(cs.Paths) != 6 {
		t.Fatalf("%d columns, want %d: %+v", len(tb.Columns), len(cs.Paths), tb.Columns)
	}
	for letter, path := range cs.Paths {
		if got := colOf(t, tb, letter).Path; got != path {
			t.Errorf("column %s path = %q, want %q", letter, got, path)
		}
	}
	if u := colOf(t, tb, "D").Unit; u != "%" {
		t.Errorf("D unit = %q, want %%", u)
	}
	if got := tb.HeaderRows; len(got) != 2 || got[0] != 3 || got[1] != 4 {
		t.Errorf("HeaderRows = %v, want [3 4]", got)
	}
	// Data rows: 6, 7, 8 (section 一), 10, 11 (section 二); 5 and 9 are
	// sections, not data.
	var nums []int
	for _, r := range tb.Rows {
		nums = append(nums, r.Number)
	}
	if len(nums) != 5 || nums[0] != 6 || nums[1] != 7 || nums[2] != 8 || nums[3] != 10 || nums[4] != 11 {
		t.Fatalf("data rows %v, want [6 7 8 10 11]", nums)
	}
	wantNote(t, tb, "row 5: section 一、科技投入")
	wantNote(t, tb, "row 9: section 二、创新主体")

	// The expected records, in order: rows 6, 7, 8 (C, D), 10, 11 (C, G).
	recRows := []int{6, 7, 8, 10, 11}
	if len(cs.Records) != len(recRows) {
		t.Fatalf("cases.json has %d records", len(cs.Records))
	}
	for i, rec := range cs.Records {
		r := rowNumbered(t, tb, recRows[i])
		rowUnit := r.Cells[1].Text // 计量单位 column B
		val, _ := base(t, r.Cells[2], rowUnit)
		switch {
		case rec.ValueYuan != nil:
			wantDec(t, r.Cells[2].Ref+" yuan", val, *rec.ValueYuan)
		case rec.Value != nil:
			wantDec(t, r.Cells[2].Ref, val, *rec.Value)
		}
		if rec.YoY != nil {
			yoy, u := base(t, r.Cells[3], colOf(t, tb, "D").Unit)
			wantDec(t, r.Cells[3].Ref+" yoy", yoy, *rec.YoY)
			if u != quantity.Percent {
				t.Errorf("yoy unit %s", u)
			}
		}
		// Indicator: label for money rows; column G (Extra) for 10, 11.
		indicator, entity := r.Label, ""
		if len(r.Extra) > 0 {
			indicator = r.Extra[0].Text
			entity = r.Label
			if r.Extra[0].Ref != "G"+itoa(r.Number) {
				t.Errorf("row %d extra at %s, want G", r.Number, r.Extra[0].Ref)
			}
		} else if r.Level == 0 {
			entity = "涪陵区" // the top row is the district total
		} else {
			entity = r.Label
			indicator = rowNumbered(t, tb, r.Parent).Label
		}
		if indicator != rec.Indicator || entity != rec.Entity {
			t.Errorf("row %d: indicator %q entity %q, want %q %q", r.Number, indicator, entity, rec.Indicator, rec.Entity)
		}
		if rec.IsSubitem != "" {
			if r.Level != 1 || r.Parent != 6 {
				t.Errorf("row %d: Level %d Parent %d, want sub-item of row 6", r.Number, r.Level, r.Parent)
			}
		} else if r.Level != 0 || r.Parent != 0 {
			t.Errorf("row %d: Level %d Parent %d, want top level", r.Number, r.Level, r.Parent)
		}
	}
	r6, r7, r8 := rowNumbered(t, tb, 6), rowNumbered(t, tb, 7), rowNumbered(t, tb, 8)
	if r6.Section != "一、科技投入" || r7.Label != "白涛新材料科技城" || r8.Label != "慧谷湖科创小镇" {
		t.Errorf("rows 6-8: %q %q %q", r6.Section, r7.Label, r8.Label)
	}
	if r7.Cells[0].Raw != "  其中：白涛新材料科技城" {
		t.Errorf("A7 raw %q", r7.Cells[0].Raw)
	}
	// F8: the blank YoY is empty, and missing when parsed.
	f8 := r8.Cells[5]
	if f8.Ref != "F8" || !f8.Empty() {
		t.Errorf("F8 = %+v, want empty", f8)
	}
	if v, err := f8.Value(); err != nil || !v.Missing {
		t.Errorf("F8 value %+v %v, want missing", v, err)
	}
	// Entity fill-down from A10:A11 and the raw numbers.
	r10, r11 := rowNumbered(t, tb, 10), rowNumbered(t, tb, 11)
	if r11.Merged["A"] != "白涛新材料科技城" || r11.Cells[0].Text != "" || r11.Label != "白涛新材料科技城" {
		t.Errorf("row 11 merged %v label %q", r11.Merged, r11.Label)
	}
	if r10.Merged != nil || r10.Section != "二、创新主体" || r11.Section != "二、创新主体" {
		t.Errorf("row 10 merged %v, sections %q %q", r10.Merged, r10.Section, r11.Section)
	}
	for ref, want := range map[string]string{"C6": "92400", "D6": "58.8", "E6": "58186", "F6": "12.1", "C7": "45210.5", "C8": "3105", "D8": "-3.1", "E8": "3204.3", "C10": "42", "C11": "157"} {
		c := cellAt(t, tb, ref)
		if c.Number == nil || !c.Number.Equal(dec(want)) || c.Raw != want {
			t.Errorf("%s = %+v, want number %s", ref, c, want)
		}
	}
}

func itoa(n int) string { return decimal.NewFromInt(int64(n)).String() }

func wantNote(t *testing.T, tb *Table, note string) {
	t.Helper()
	for _, n := range tb.Notes {
		if n == note {
			return
		}
	}
	t.Errorf("%s: no note %q in %q", tb.Sheet, note, tb.Notes)
}

func TestNumbersAsTextAndFormats(t *testing.T) {
	cs := loadXLSXCases(t).Files.Numbers
	tb := openOne(t, "xlsx/numbers_as_text_and_formats.xlsx")[0]
	colB := colOf(t, tb, "B")
	if colB.Path != "研发投入文本" || colB.Unit != "万元" {
		t.Errorf("B = %+v", colB)
	}
	// Column B: text cells parsed, in 万元 (the expected_column_B values),
	// then to yuan.
	type want struct {
		wan     string // value in 万元, "" = missing
		percent string // ratio for a % cell
	}
	wants := map[string]want{
		"B2": {wan: "9.24"}, "B3": {wan: "1234.56"}, "B4": {wan: "7010.2"}, "B5": {wan: "87.5"},
		"B6": {wan: "12000"}, // 1.2亿 = 12000万: the cell's unit overrides the header's
		"B7": {wan: "-500"}, "B8": {}, "B9": {percent: "0.588"},
	}
	for ref, w := range wants {
		c := cellAt(t, tb, ref)
		if c.Number != nil {
			t.Errorf("%s stored as text must have no Number", ref)
		}
		v, err := c.Value()
		if err != nil {
			t.Fatalf("%s: %v", ref, err)
		}
		switch {
		case w.percent != "":
			if !v.Percent {
				t.Errorf("%s not percent", ref)
			}
			got, u := base(t, c, colB.Unit)
			if u != quantity.Percent {
				t.Errorf("%s unit %s", ref, u)
			}
			wantDec(t, ref, got, dec(w.percent))
		case w.wan == "":
			if !v.Missing {
				t.Errorf("%s = %+v, want missing", ref, v)
			}
			if _, _, err := ToBase(v, colB.Unit); !errors.Is(err, ErrMissing) {
				t.Errorf("%s ToBase err %v, want ErrMissing", ref, err)
			}
		default:
			got, u := base(t, c, colB.Unit)
			if u != quantity.Yuan {
				t.Errorf("%s unit %s", ref, u)
			}
			wantDec(t, ref+" (万元)", got.Shift(-4), dec(w.wan))
		}
	}
	wantDec(t, "B6 yuan", func() decimal.Decimal { d, _ := base(t, cellAt(t, tb, "B6"), "万元"); return d }(), dec("120000000"))
	// Column C: numbers stored as numbers.
	for ref, w := range map[string]string{"C2": "9.24", "C3": "1234.56", "C4": "7010.2", "C5": "87.5", "C6": "12000", "C7": "-500", "C9": "0.588"} {
		c := cellAt(t, tb, ref)
		if c.Number == nil || !c.Number.Equal(dec(w)) {
			t.Errorf("%s = %+v, want %s", ref, c, w)
		}
	}
	if len(cs.Raw) != 4 {
		t.Fatalf("cases.json expected_raw has %d entries", len(cs.Raw))
	}
	for ref, w := range cs.Raw {
		c := cellAt(t, tb, ref)
		if c.Number == nil || !c.Number.Equal(w) {
			t.Errorf("%s number = %v, want %s", ref, c.Number, w)
		}
	}
	// Formats change Text, never the number.
	if c := cellAt(t, tb, "C11"); c.Text != "92,400" || c.Raw != "92400.456" {
		t.Errorf("C11 text %q raw %q", c.Text, c.Raw)
	}
	if c := cellAt(t, tb, "C12"); c.Text != "58.80%" {
		t.Errorf("C12 text %q", c.Text)
	}
	if c := cellAt(t, tb, "C14"); c.Raw != "1.1000000000000001" || c.Text != "1.1" {
		t.Errorf("C14 raw %q text %q", c.Raw, c.Text)
	}
	wantNote(t, tb, "row 10: blank, skipped")
}

func TestDates1900(t *testing.T) {
	tb := openOne(t, "xlsx/dates_1900.xlsx")[0]
	if tb.Date1904 {
		t.Fatal("Date1904 set")
	}
	for _, ref := range []string{"B2", "B3", "B4", "B5", "B6", "B7", "B8"} {
		c := cellAt(t, tb, ref)
		d, err := c.Date(tb.Date1904)
		if err != nil {
			t.Errorf("%s: %v", ref, err)
			continue
		}
		if got := d.Format("2006-01-02"); got != "2021-12-15" {
			t.Errorf("%s = %s, want 2021-12-15", ref, got)
		}
	}
	for _, ref := range []string{"B2", "B3", "B4", "B5"} {
		if c := cellAt(t, tb, ref); c.Number == nil || c.Number.String() != "44545" {
			t.Errorf("%s: serial %v, want 44545", ref, c.Number)
		}
	}
	b9 := cellAt(t, tb, "B9")
	if _, err := b9.Date(tb.Date1904); err == nil || !strings.Contains(err.Error(), `"2021/2/30"`) {
		t.Errorf("B9: err %v, want an error quoting 2021/2/30", err)
	}
}

func TestFormulaNoCachedValue(t *testing.T) {
	cs := loadXLSXCases(t).Files.Formula
	ts := openOne(t, "xlsx/formula_no_cached_value.xlsx")
	if len(ts) != 2 {
		t.Fatalf("%d tables, want 2", len(ts))
	}
	tb := tableNamed(t, ts, "载体汇总")
	c5, c6 := cellAt(t, tb, "C5"), cellAt(t, tb, "C6")
	if c5.Stale || c5.Number == nil || !c5.Number.Equal(cs.C5) || c5.Formula != "SUM(C2:C4)" {
		t.Errorf("C5 = %+v, want %s", c5, cs.C5)
	}
	if c6.Stale || c6.Number == nil || !c6.Number.Equal(cs.C6) || c6.Formula != "C5/'全区'!B2*100" {
		t.Errorf("C6 = %+v, want %s", c6, cs.C6)
	}
	if c2 := cellAt(t, tb, "C2"); c2.Formula != "" {
		t.Errorf("C2 formula %q", c2.Formula)
	}
	wantNote(t, tb, "C5: formula =SUM(C2:C4) had no cached value; computed 88315.5")
	all := tableNamed(t, ts, "全区")
	if c := colOf(t, all, "B"); c.Path != "研发投入" || c.Unit != "万元" {
		t.Errorf("全区!B = %+v", c)
	}
}

func TestUnitsInHeadersAndCells(t *testing.T) {
	ts := openOne(t, "xlsx/units_in_headers_and_cells.xlsx")
	if len(ts) != 3 {
		t.Fatalf("%d tables", len(ts))
	}
	// 区县汇总!B1: header with a newline → unit 万元.
	qx := tableNamed(t, ts, "区县汇总")
	if b := colOf(t, qx, "B"); b.Path != "研发投入" || b.Unit != "万元" {
		t.Errorf("区县汇总!B = %+v", b)
	}
	if c := colOf(t, qx, "C"); c.Path != "营业收入" || c.Unit != "亿元" {
		t.Errorf("区县汇总!C = %+v", c)
	}
	b2, _ := base(t, cellAt(t, qx, "B2"), colOf(t, qx, "B").Unit)
	wantDec(t, "B2", b2, dec("2450000000"))
	// 区县汇总!D: "2.4%" text and 0.021 number in one ratio column.
	d := colOf(t, qx, "D")
	if d.ValueUnit() != "比例" {
		t.Errorf("D ValueUnit %q", d.ValueUnit())
	}
	d2, u2 := base(t, cellAt(t, qx, "D2"), d.ValueUnit())
	d3, u3 := base(t, cellAt(t, qx, "D3"), d.ValueUnit())
	wantDec(t, "D2", d2, dec("0.024"))
	wantDec(t, "D3", d3, dec("0.021"))
	if u2 != quantity.Percent || u3 != quantity.Percent {
		t.Errorf("D units %s %s", u2, u3)
	}
	// 高新区!B2: 4.0 in a 亿元 column = 400000000 yuan.
	gx := tableNamed(t, ts, "高新区")
	b, u := base(t, cellAt(t, gx, "B2"), colOf(t, gx, "B").Unit)
	wantDec(t, "高新区!B2", b, dec("400000000"))
	if u != quantity.Yuan {
		t.Errorf("unit %s", u)
	}
	// 分载体: a unit per row in column D.
	fz := tableNamed(t, ts, "分载体")
	wants := []struct {
		row  int
		want string
		unit quantity.Unit
	}{{2, "924000000", quantity.Yuan}, {3, "31050000", quantity.Yuan}, {4, "400000000", quantity.Yuan}, {5, "42", quantity.Count}, {6, "0.031", quantity.Percent}}
	for _, w := range wants {
		r := rowNumbered(t, fz, w.row)
		got, u := base(t, r.Cells[2], r.Cells[3].Text)
		wantDec(t, r.Cells[2].Ref, got, dec(w.want))
		if u != w.unit {
			t.Errorf("%s unit %s, want %s", r.Cells[2].Ref, u, w.unit)
		}
	}
}

func TestActuallyCSVRenamed(t *testing.T) {
	p := casePath(t, "xlsx/actually_csv_renamed.xlsx")
	head, _ := os.ReadFile(p)
	if k := Detect(head); k != KindCSV {
		t.Fatalf("Detect = %s, want csv", k)
	}
	ts := openOne(t, "xlsx/actually_csv_renamed.xlsx")
	if len(ts) != 1 || len(ts[0].Columns) != 11 || len(ts[0].Rows) != 9 {
		t.Fatalf("tables %d, columns %d, rows %d", len(ts), len(ts[0].Columns), len(ts[0].Rows))
	}
	if ts[0].Columns[0].Path != "序号" || ts[0].Columns[5].Unit != "万元" {
		t.Errorf("columns %+v", ts[0].Columns)
	}
}
