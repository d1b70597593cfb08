package sheet

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/quantity"
)

type enterpriseRow struct {
	Row         int              `json:"row"`
	RDWan       *decimal.Decimal `json:"rd_wan"`
	RDYuan      json.RawMessage  `json:"rd_yuan"`
	RevenueYuan json.RawMessage  `json:"revenue_yuan"`
	RDRatio     json.RawMessage  `json:"rd_ratio"`
	CertDate    json.RawMessage  `json:"cert_date"`
	Carrier     string           `json:"carrier"`
	Errors      []string         `json:"error"`
}

func readCSVCase(t *testing.T, rel string) *Table {
	t.Helper()
	f, err := os.Open(casePath(t, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := ReadCSV(f, rel)
	if err != nil {
		t.Fatalf("ReadCSV(%s): %v", rel, err)
	}
	return tb
}

// nullable reads a JSON field that is a number, null, or prose (or is
// absent: neither null nor a number).
func nullable(v json.RawMessage) (d decimal.Decimal, isNull, isNum bool) {
	s := strings.TrimSpace(string(v))
	if s == "null" {
		return d, true, false
	}
	if n, err := decimal.NewFromString(s); err == nil {
		return n, false, true
	}
	return d, false, false
}

func TestEnterprisesCSV(t *testing.T) {
	var exp struct {
		Rows []enterpriseRow `json:"expected_rows_after_normalisation"`
	}
	readJSON(t, "csv/enterprises.expected.json", &exp)
	gbk := readCSVCase(t, "csv/enterprises_gbk.csv")
	bom := readCSVCase(t, "csv/enterprises_utf8_bom.csv")
	wantNote(t, gbk, "encoding: GB18030")
	wantPaths := []string{"序号", "统一社会信用代码", "企业名称", "所属载体", "所属方向", "研发投入", "营业收入", "研发投入占营业收入比例", "是否高新技术企业", "认定日期", "备注"}
	for _, tb := range []*Table{gbk, bom} {
		if len(tb.Columns) != 11 {
			t.Fatalf("%s: %d columns, want 11", tb.File, len(tb.Columns))
		}
		for i, c := range tb.Columns {
			if c.Path != wantPaths[i] || c.Letter != ColumnLetter(i+1) {
				t.Errorf("%s column %d = %+v, want %q", tb.File, i, c, wantPaths[i])
			}
		}
		if tb.Columns[5].Unit != "万元" || tb.Columns[6].Unit != "万元" || tb.Columns[7].ValueUnit() != "比例" {
			t.Errorf("%s units %+v", tb.File, tb.Columns[5:8])
		}
		if len(tb.Rows) != 9 {
			t.Fatalf("%s: %d rows", tb.File, len(tb.Rows))
		}
	}
	// Same cells, same texts, both encodings.
	for i := range gbk.Rows {
		g, b := gbk.Rows[i], bom.Rows[i]
		if g.Number != b.Number || len(g.Cells) != len(b.Cells) {
			t.Fatalf("row %d differs: %d/%d", i, g.Number, b.Number)
		}
		for k := range g.Cells {
			if g.Cells[k] != b.Cells[k] {
				t.Errorf("%s: gbk %+v, utf8 %+v", g.Cells[k].Ref, g.Cells[k], b.Cells[k])
			}
		}
	}
	if len(exp.Rows) != 9 {
		t.Fatalf("expected rows %d", len(exp.Rows))
	}
	for _, tb := range []*Table{gbk, bom} {
		for _, e := range exp.Rows {
			r := tb.Rows[e.Row-1]
			if r.Number != e.Row+1 || r.Cells[0].Text != itoa(e.Row) {
				t.Fatalf("%s: row %d is line %d (序号 %q)", tb.File, e.Row, r.Number, r.Cells[0].Text)
			}
			rd, rev, ratio, date := r.Cells[5], r.Cells[6], r.Cells[7], r.Cells[9]
			checkFigure(t, tb, rd, tb.Columns[5].ValueUnit(), e.RDYuan)
			checkFigure(t, tb, rev, tb.Columns[6].ValueUnit(), e.RevenueYuan)
			checkFigure(t, tb, ratio, tb.Columns[7].ValueUnit(), e.RDRatio)
			if e.RDWan != nil {
				v, _ := rd.Value()
				wantDec(t, rd.Ref+" 万元", v.Number, *e.RDWan)
			}
			if e.Carrier != "" {
				// "白涛新材料科技城 (trim)"; "涪陵高新区 (alias 涪陵国家高新区)":
				// this package gives the text as written (trimmed); aliases
				// are resolved by callers.
				want, note, _ := strings.Cut(e.Carrier, " (")
				if alias, ok := strings.CutPrefix(note, "alias "); ok {
					want = strings.TrimSuffix(alias, ")")
				}
				if r.Cells[3].Text != want {
					t.Errorf("%s carrier %q, want %q", r.Cells[3].Ref, r.Cells[3].Text, want)
				}
			}
			var certDate *string
			_ = json.Unmarshal(e.CertDate, &certDate)
			switch {
			case string(e.CertDate) == "null":
				if date.Text != "" {
					t.Errorf("%s: date %q, want none", date.Ref, date.Text)
				}
			case certDate != nil:
				d := *certDate
				got, err := date.Date(tb.Date1904)
				if err != nil || got.Format("2006-01-02") != d[:10] {
					t.Errorf("%s: date %v %v, want %s", date.Ref, got, err, d[:10])
				}
			}
			if len(e.Errors) > 0 { // row 9: 2022/2/30 is no date
				if _, err := date.Date(false); err == nil || !strings.Contains(err.Error(), `"2022/2/30"`) {
					t.Errorf("%s: err %v, want an error quoting 2022/2/30", date.Ref, err)
				}
			}
		}
		// Row 3: a bare 7.7 in a ratio column is ambiguous, never the
		// ratio 7.7; with the column said to be in % it is 0.077.
		h4 := tb.Rows[2].Cells[7]
		v, err := h4.Value()
		if err != nil {
			t.Fatal(err)
		}
		if d, _, err := ToBase(v, tb.Columns[7].ValueUnit()); err == nil {
			t.Errorf("%s: 7.7 in a ratio column gave %s, want an error", h4.Ref, d)
		}
		if d, _, err := ToBase(v, "%"); err != nil || !d.Equal(dec("0.077")) {
			t.Errorf("%s as %%: %s %v", h4.Ref, d, err)
		}
		// Row 8: "-" is missing, never 0 or negative.
		for _, c := range tb.Rows[7].Cells[5:8] {
			if v, err := c.Value(); err != nil || !v.Missing {
				t.Errorf("%s: %+v %v, want missing", c.Ref, v, err)
			}
		}
	}
}

// checkFigure checks a cell against a JSON expectation: a number in base
// units, null (missing), or prose (not checked here).
func checkFigure(t *testing.T, tb *Table, c Cell, unit string, want json.RawMessage) {
	t.Helper()
	d, isNull, isNum := nullable(want)
	v, err := c.Value()
	if err != nil {
		t.Errorf("%s %s: %v", tb.File, c.Ref, err)
		return
	}
	switch {
	case isNull:
		if !v.Missing {
			t.Errorf("%s %s = %+v, want missing", tb.File, c.Ref, v)
		}
	case isNum:
		got, _, err := ToBase(v, unit)
		if err != nil {
			t.Errorf("%s %s: %v", tb.File, c.Ref, err)
			return
		}
		wantDec(t, tb.File+" "+c.Ref, got, d)
	}
}

func TestYTDIndicatorsCSV(t *testing.T) {
	var exp struct {
		Expected []struct {
			Indicator   string           `json:"indicator"`
			Unit        string           `json:"unit"`
			CurYTD      decimal.Decimal  `json:"cur_ytd"`
			Published   string           `json:"published"`
			YoY         *decimal.Decimal `json:"yoy"`
			YoYPct      string           `json:"yoy_pct_1dp"`
			PPChange    *decimal.Decimal `json:"pp_change"`
			SingleMonth *decimal.Decimal `json:"single_month_aug"`
		} `json:"expected"`
	}
	readJSON(t, "csv/ytd_indicators_2023_1to8.expected.json", &exp)
	tb := readCSVCase(t, "csv/ytd_indicators_2023_1to8.csv")
	wantCols := []string{"指标名称", "计量单位", "2023年1-7月", "2023年1-8月", "2022年1-8月", "1-8月同比增长(%)"}
	if len(tb.Columns) != len(wantCols) {
		t.Fatalf("columns %+v", tb.Columns)
	}
	for i, c := range tb.Columns {
		if c.Path != wantCols[i] {
			t.Errorf("column %s = %q, want %q", c.Letter, c.Path, wantCols[i])
		}
	}
	if tb.Columns[5].Unit != "%" {
		t.Errorf("F unit %q", tb.Columns[5].Unit)
	}
	if len(tb.Rows) != len(exp.Expected) {
		t.Fatalf("%d rows, want %d", len(tb.Rows), len(exp.Expected))
	}
	hundred := decimal.NewFromInt(100)
	for i, e := range exp.Expected {
		r := tb.Rows[i]
		if r.Label != e.Indicator || r.Cells[1].Text != e.Unit || r.Number != i+2 {
			t.Errorf("line %d: label %q unit %q, want %q %q", r.Number, r.Label, r.Cells[1].Text, e.Indicator, e.Unit)
		}
		jul, _ := r.Cells[2].Value()
		cur, _ := r.Cells[3].Value()
		prior, _ := r.Cells[4].Value()
		wantDec(t, r.Cells[3].Ref, cur.Number, e.CurYTD)
		if r.Cells[5].Text != e.Published {
			t.Errorf("%s = %q, want %q", r.Cells[5].Ref, r.Cells[5].Text, e.Published)
		}
		if e.SingleMonth != nil {
			wantDec(t, r.Label+" Aug", cur.Number.Sub(jul.Number), *e.SingleMonth)
		}
		if e.YoY != nil {
			yoy := cur.Number.DivRound(prior.Number, 16).Sub(decimal.NewFromInt(1))
			wantDec(t, r.Label+" yoy", yoy.Round(6), *e.YoY)
			if got := yoy.Mul(hundred).Round(1).StringFixed(1); got != e.YoYPct {
				t.Errorf("%s yoy %s%%, want %s", r.Label, got, e.YoYPct)
			}
			pub, err := r.Cells[5].Value()
			if err != nil {
				t.Fatal(err)
			}
			p, u, err := ToBase(pub, tb.Columns[5].Unit)
			if err != nil || u != quantity.Percent || !p.Equal(yoy.Round(3)) {
				t.Errorf("%s published %s %s %v, want %s", r.Cells[5].Ref, p, u, err, yoy.Round(3))
			}
		}
		if e.PPChange != nil {
			wantDec(t, r.Label+" pp", cur.Number.Sub(prior.Number), *e.PPChange)
			pub, _ := r.Cells[5].Value()
			p, u, err := ToBase(pub, tb.Columns[5].Unit)
			if err != nil || u != quantity.Percent || !p.Equal(e.PPChange.Shift(-2)) {
				t.Errorf("%s: %s %s %v", r.Cells[5].Ref, p, u, err)
			}
		}
		if e.Published == "—" {
			if v, _ := r.Cells[5].Value(); !v.Missing {
				t.Errorf("%s: — not missing", r.Cells[5].Ref)
			}
		}
		// Base units follow the row's unit.
		if _, _, err := ToBase(cur, r.Cells[1].Text); err != nil {
			t.Errorf("%s ToBase(%q): %v", r.Cells[3].Ref, r.Cells[1].Text, err)
		}
	}
	// The 其中 sub-item and its parent.
	sub := tb.Rows[3]
	if sub.Number != 5 || sub.Label != "技术交易额" || sub.Level != 1 || sub.Parent != 4 {
		t.Errorf("sub-item %+v", sub)
	}
	for _, r := range tb.Rows {
		if r.Number != 5 && (r.Level != 0 || r.Parent != 0) {
			t.Errorf("line %d: level %d parent %d", r.Number, r.Level, r.Parent)
		}
	}
	// 92,400.0 万元 → 924000000 yuan; 128.6 亿元 → 12860000000 yuan.
	v, _ := tb.Rows[0].Cells[3].Value()
	d, u, _ := ToBase(v, "万元")
	wantDec(t, "D2 yuan", d, dec("924000000"))
	if u != quantity.Yuan {
		t.Error(u)
	}
	v, _ = tb.Rows[1].Cells[3].Value()
	d, _, _ = ToBase(v, "亿元")
	wantDec(t, "D3 yuan", d, dec("12860000000"))
}

func TestCSVEncodings(t *testing.T) {
	// UTF-8 with BOM: the BOM never reaches the first header.
	tb, err := ReadCSV(strings.NewReader("\ufeff序号,名称\n1,甲\n"), "x.csv")
	if err != nil || tb.Columns[0].Path != "序号" {
		t.Fatalf("%v %+v", err, tb)
	}
	// Bytes that are neither UTF-8 nor GB18030: an error naming the line.
	bad := []byte("a,b\n1,2\n3,\x80\xff\n")
	_, err = ReadCSV(bytes.NewReader(bad), "bad.csv")
	if err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("err %v, want line 3", err)
	}
	// UTF-16LE with BOM, tab-separated (Excel "Unicode text").
	u16 := []byte{0xFF, 0xFE}
	for _, r := range "名称\t数值\r\n甲\t1\r\n" {
		u16 = append(u16, byte(r), byte(r>>8))
	}
	tb, err = ReadCSV(bytes.NewReader(u16), "u16.txt")
	if err != nil || len(tb.Columns) != 2 || tb.Columns[1].Path != "数值" || tb.Rows[0].Cells[1].Text != "1" {
		t.Fatalf("utf-16: %v %+v", err, tb)
	}
	// Quoted field across lines: Number is the line the record starts on.
	tb, err = ReadCSV(strings.NewReader("名称,备注\n甲,\"两\n行\"\n乙,x\n"), "q.csv")
	if err != nil || tb.Rows[1].Number != 4 || tb.Rows[0].Cells[1].Text != "两\n行" {
		t.Fatalf("%v %+v", err, tb.Rows)
	}
}
