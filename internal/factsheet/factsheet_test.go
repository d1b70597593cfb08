package factsheet

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/qualify"
	"github.com/kechuang/kechuang/internal/uscc"
)

// code is a valid credit code for firm i (as the demo makes them).
func code(t *testing.T, i int) string {
	t.Helper()
	s := fmt.Sprintf("91500102DM%07d", i)
	c, err := uscc.CheckChar(s)
	if err != nil {
		t.Fatal(err)
	}
	return s + string(c)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// stored returns the firms' facts objects by credit code.
func stored(t *testing.T, f *File) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, x := range f.Firms {
		out[x.USCC] = string(x.Facts)
		// Every object reads as a firm of a facts file.
		d := json.NewDecoder(bytes.NewReader(x.Facts))
		d.DisallowUnknownFields()
		var ff qualify.FirmFacts
		if err := d.Decode(&ff); err != nil {
			t.Errorf("%s: %v", x.USCC, err)
		}
	}
	return out
}

func TestReadCSV(t *testing.T) {
	a, b := code(t, 1), code(t, 2)
	head := []string{"序号", "统一社会信用代码", "企业名称", "有效Ⅰ类知识产权（件）", "有效Ⅱ类知识产权（件）", "核心技术属于国家重点支持的高新技术领域",
		"申请前一年内重大安全质量事故或严重环境违法", "职工总数年平均（人）", "科技人员年平均（人）", "收入总额（万元）", "不征税收入（万元）", "高新技术产品（服务）收入（万元）"}
	for _, y := range []string{"2024", "2025"} {
		for _, it := range YearItems {
			head = append(head, y+"年"+it.Name+"（万元）")
		}
	}
	head = append(head, "资产总额（万元）", "研究开发费用（万元）", "上年末资产负债率（%）", "上年度主营业务收入（万元）", "从事细分市场年限（年）",
		"专精特新发展评价得分", "主导产品国内细分市场占有率（%）", "省部级以上研发机构", "拥有自主品牌", "成立日期", "备注")
	line := func(vals map[string]string) string {
		cells := make([]string, len(head))
		for i, h := range head {
			cells[i] = vals[h]
		}
		return strings.Join(cells, ",") + "\n"
	}
	csv := strings.Join(head, ",") + "\n" +
		line(map[string]string{"序号": "1", "统一社会信用代码": a, "企业名称": "重庆甲科技有限公司", "有效Ⅰ类知识产权（件）": "3", "有效Ⅱ类知识产权（件）": "5",
			"核心技术属于国家重点支持的高新技术领域": "是", "申请前一年内重大安全质量事故或严重环境违法": "否", "职工总数年平均（人）": "120", "科技人员年平均（人）": "30.5",
			"收入总额（万元）": "120.5", "高新技术产品（服务）收入（万元）": "80",
			"2024年销售收入（万元）": "1000", "2024年内部研究开发费用（万元）": "40", "2024年其他费用（万元）": "4", "2024年委托境内研发费用（万元）": "6",
			"2024年委托境外研发费用（万元）": "0", "2024年末净资产（万元）": "-50",
			"2025年销售收入（万元）": "1200", "2025年内部研究开发费用（万元）": "50", "2025年其他费用（万元）": "5", "2025年委托境内研发费用（万元）": "10",
			"2025年委托境外研发费用（万元）": "0",
			"资产总额（万元）":          "900.25", "研究开发费用（万元）": "45", "上年末资产负债率（%）": "35", "上年度主营业务收入（万元）": "1100", "从事细分市场年限（年）": "8",
			"专精特新发展评价得分": "72", "主导产品国内细分市场占有率（%）": "12.5%", "省部级以上研发机构": "是", "拥有自主品牌": "否", "成立日期": "2019-05-20", "备注": "已核"}) +
		line(map[string]string{"序号": "2", "统一社会信用代码": " " + strings.ToLower(b) + " ", "企业名称": "重庆乙科技有限公司", "有效Ⅱ类知识产权（件）": "2",
			"上年末资产负债率（%）": "—", "省部级以上研发机构": "无"})
	f, err := Read(writeFile(t, "facts.csv", csv))
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 2 || len(f.Firms) != 2 || f.Firms[0].Row != 2 || f.Firms[1].Row != 3 || f.Firms[0].Name != "重庆甲科技有限公司" {
		t.Fatalf("firms: %+v", f)
	}
	got := stored(t, f)
	want := map[string]string{
		a: `{"gradient":{"ClassI":3,"ClassII":5,"DebtRatio":"0.35","MainRevenue":"11000000","NicheMarketShare":"0.125","NicheYears":8,"OwnBrand":false,"PlatformScore":72,"ProvincialRDInstitution":true},` +
			`"high_tech":{"CoreTechInFields":true,"HTRevenue":"800000","IPClassI":3,"IPClassII":5,"RegisteredOn":"2019-05-20T00:00:00Z","STStaffAvg":"30.5","SeriousIncident":false,"StaffAvg":"120","TotalRevenue":"1205000",` +
			`"Years":[{"EntrustedDomestic":"60000","EntrustedForeign":"0","NetAssets":"-500000","RDInternal":"400000","RDOther":"40000","Sales":"10000000","Year":2024},` +
			`{"EntrustedDomestic":"100000","EntrustedForeign":"0","RDInternal":"500000","RDOther":"50000","Sales":"12000000","Year":2025}]},` +
			`"tech_sme":{"ClassI":3,"ClassII":5,"ProvincialRDInstitution":true,"RD":"450000","TotalAssets":"9002500"}}`,
		b: `{"gradient":{"ClassII":2,"ProvincialRDInstitution":false},"high_tech":{"IPClassII":2},"tech_sme":{"ClassII":2,"ProvincialRDInstitution":false}}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
}

func TestReadXLSX(t *testing.T) {
	a, b := code(t, 1), code(t, 3)
	x := excelize.NewFile()
	s := "Sheet1"
	x.SetSheetName(s, DataSheet)
	s = DataSheet
	x.SetSheetRow(s, "A1", &[]any{"统一社会信用代码", "企业名称", "境内注册居民企业", "收入总额（亿元）", "上年末资产负债率（%）", "有效Ⅰ类知识产权（件）", "成立日期", "高新技术产品（服务）收入（元）", "不征税收入（万元）"})
	// The first firm row has no number: the sheet layout takes it for a
	// second header row; it must still be read as a firm.
	x.SetSheetRow(s, "A2", &[]any{a, "重庆甲", "是", "1.2亿元"})
	x.SetSheetRow(s, "A3", &[]any{b, "重庆丙", "否", 0.85, 0.35, 4, time.Date(2018, 3, 1, 0, 0, 0, 0, time.UTC), 12345678.9, "3105万元"})
	pct, _ := x.NewStyle(&excelize.Style{NumFmt: 10}) // 0.00%
	x.SetCellStyle(s, "E3", "E3", pct)
	p := filepath.Join(t.TempDir(), "补充事实.xlsx")
	if err := x.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	got := stored(t, f)
	want := map[string]string{
		a: `{"high_tech":{"TotalRevenue":"120000000"},"tech_sme":{"Resident":true}}`,
		b: `{"gradient":{"ClassI":4,"DebtRatio":"0.35"},"high_tech":{"HTRevenue":"12345678.9","IPClassI":4,"NonTaxableRevenue":"31050000","RegisteredOn":"2018-03-01T00:00:00Z","TotalRevenue":"85000000"},"tech_sme":{"ClassI":4,"Resident":false}}`,
	}
	if len(got) != 2 {
		t.Fatalf("firms: %v", got)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
	if f.Firms[0].Row != 2 || f.Firms[1].Row != 3 {
		t.Errorf("rows: %d, %d", f.Firms[0].Row, f.Firms[1].Row)
	}
}

// errorsOf reads a file that must fail and returns its errors.
func errorsOf(t *testing.T, p string) Errors {
	t.Helper()
	_, err := Read(p)
	var es Errors
	if !errors.As(err, &es) {
		t.Fatalf("want Errors, got %v", err)
	}
	return es
}

func wantErrors(t *testing.T, es Errors, wants ...string) {
	t.Helper()
	msg := es.Error()
	for _, w := range wants {
		if !strings.Contains(msg, w) {
			t.Errorf("errors lack %q:\n%s", w, msg)
		}
	}
}

func TestReadErrors(t *testing.T) {
	a, b := code(t, 1), code(t, 2)
	csv := "统一社会信用代码,企业名称,有效Ⅰ类知识产权（件）,拥有研发机构,收入总额（万元）,主导产品国内细分市场占有率（%）,2025年销售收入（万元）,2025年内部研究开发费用（万元）,2025年其他费用（万元）,2025年委托境内研发费用（万元）,2025年委托境外研发费用（万元）,成立日期\n" +
		a + ",甲,1.5,是的,-3,120,1000,,5,5,0,2019-02-30\n" +
		"91500102DM00000010,乙,abc,是,1万家,35%,,,,,,\n" +
		b + ",丙,2,,,,,,,,,\n" +
		b + ",丁,3,,,,,,,,,\n" +
		",戊,3,,,,,,,,,\n" +
		code(t, 4) + ",己,,,,,,,,,,\n"
	es := errorsOf(t, writeFile(t, "bad.csv", csv))
	wantErrors(t, es,
		`bad.csv, row 2 (`+a+`), column C 有效Ⅰ类知识产权（件）, value "1.5": not a whole number`,
		`bad.csv, row 2 (`+a+`), column D 拥有研发机构, value "是的": write 是 or 否`,
		`bad.csv, row 2 (`+a+`), column E 收入总额（万元）, value "-3": negative`,
		`bad.csv, row 2 (`+a+`), column F 主导产品国内细分市场占有率（%）, value "120": above 100%`,
		`bad.csv, row 2 (`+a+`), column H 2025年内部研究开发费用（万元）: 2025年内部研究开发费用 is missing`,
		`bad.csv, row 2 (`+a+`), column L 成立日期, value "2019-02-30": not a date`,
		`bad.csv, row 3 (乙), column A 统一社会信用代码, value "91500102DM00000010": 统一社会信用代码 "91500102DM00000010": check character is 0, GB 32100-2015 gives 9`,
		`bad.csv, row 3 (91500102DM00000010), column C 有效Ⅰ类知识产权（件）, value "abc": not a whole number`,
		`bad.csv, row 3 (91500102DM00000010), column E 收入总额（万元）, value "1万家": not an amount of money`,
		`bad.csv, row 5 (丁), column A 统一社会信用代码, value "`+b+`": 统一社会信用代码 `+b+` appears twice: in row 4 and row 5`,
		`bad.csv, row 6 (戊), column A 统一社会信用代码: 统一社会信用代码 is missing`,
		`bad.csv, row 7 (己), column A 统一社会信用代码, value "`+code(t, 4)+`": no facts given`,
	)
	if len(es) != 12 {
		t.Errorf("%d errors, want 12:\n%s", len(es), es.Error())
	}
	for _, e := range es {
		if e.File != "bad.csv" || e.Row == 0 || e.Column == "" {
			t.Errorf("error without file, row or column: %+v", e)
		}
	}
}

func TestReadHeaderErrors(t *testing.T) {
	csv := "序号,统一社会信用代码,研发投入（万元）,收入总额,收入总额（万元）,有效Ⅰ类知识产权（件）,有效I类知识产权,2025年销售收入（万元）,备注\n" +
		"1," + code(t, 1) + ",5,,,3,,,\n"
	es := errorsOf(t, writeFile(t, "head.csv", csv))
	wantErrors(t, es,
		`head.csv, row 1, column C 研发投入（万元）: unknown column; the accepted columns are 统一社会信用代码、企业名称、有效Ⅰ类知识产权（件）`,
		"YYYY年销售收入（万元）", "序号、备注",
		`head.csv, row 1, column D 收入总额: the header gives no unit`,
		`head.csv, row 1, column G 有效I类知识产权: the same column as column F`,
		`head.csv, row 1, column 2025年其他费用（万元）: column missing: the figures of 2025 need all of 销售收入、内部研究开发费用、其他费用、委托境内研发费用、委托境外研发费用`,
	)
	if _, err := Read(writeFile(t, "nocode.csv", "企业名称,拥有自主品牌\n甲,是\n")); err == nil || !strings.Contains(err.Error(), "no 统一社会信用代码 column") {
		t.Errorf("no code column: %v", err)
	}
	if _, err := Read(writeFile(t, "empty.csv", "统一社会信用代码,拥有自主品牌\n")); err == nil || !strings.Contains(err.Error(), "empty.csv: no firm rows") {
		t.Errorf("no rows: %v", err)
	}
}

func TestReadJSON(t *testing.T) {
	a, b := code(t, 1), code(t, 2)
	js := `{"firms": [
	  {"uscc": "` + a + `", "name": "甲",
	   "HIGH_TECH": {"ipclassi": 2, "RegisteredOn": "2019-05-20", "TotalRevenue": 130000000.50, "StaffAvg": null,
	                 "Years": [{"Year": 2025, "Sales": "1000", "RDInternal": 50, "RDOther": 0, "EntrustedDomestic": 0, "EntrustedForeign": 0}]},
	   "tech_sme": null,
	   "gradient": {"DebtRatio": 0.35, "AssessedOn": "2026-04-01", "OwnBrand": false}},
	  {"uscc": " ` + strings.ToLower(b) + `", "tech_sme": {"Resident": true, "TotalAssets": "5000000"}, "gradient": {}, "rd_above_revenue_ok": true}
	]}`
	f, err := Read(writeFile(t, "facts.json", js))
	if err != nil {
		t.Fatal(err)
	}
	got := stored(t, f)
	want := map[string]string{
		a: `{"gradient":{"AssessedOn":"2026-04-01T00:00:00Z","DebtRatio":0.35,"OwnBrand":false},"high_tech":{"IPClassI":2,"RegisteredOn":"2019-05-20T00:00:00Z","TotalRevenue":130000000.50,` +
			`"Years":[{"Year":2025,"Sales":"1000","RDInternal":50,"RDOther":0,"EntrustedDomestic":0,"EntrustedForeign":0}]}}`,
		b: `{"rd_above_revenue_ok":true,"tech_sme":{"Resident":true,"TotalAssets":"5000000"}}`,
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s:\n got %s\nwant %s", k, got[k], w)
		}
	}
	if f.Firms[0].Name != "甲" || f.Firms[1].Row != 2 {
		t.Errorf("firms: %+v", f.Firms)
	}
	// The stored object gives exactly the facts given when laid over
	// derived facts.
	var ff qualify.FirmFacts
	json.Unmarshal([]byte(got[a]), &ff)
	if *ff.HighTech.IPClassI != 2 || ff.HighTech.TotalRevenue.String() != "130000000.5" || ff.HighTech.RegisteredOn.Format(time.DateOnly) != "2019-05-20" || ff.TechSME != nil {
		t.Errorf("read back: %+v", ff.HighTech)
	}

	// Errors: an unknown key (from qualify.ReadFacts), a bad code, a
	// duplicate, a firm without facts.
	es := errorsOf(t, writeFile(t, "bad.json", `{"firms": [{"uscc": "`+a+`", "high_tech": {"Nope": 1}}]}`))
	wantErrors(t, es, `bad.json: facts file: firm 1 (`+a+`): json: unknown field "Nope"`)
	es = errorsOf(t, writeFile(t, "bad2.json", `{"firms": [{"uscc": "`+a+`", "tech_sme": {"Resident": true}}, {"uscc": "91500102DM00000010", "tech_sme": {"Resident": true}},
	   {"uscc": "`+a+`", "tech_sme": {"Resident": false}}, {"uscc": "`+b+`", "high_tech": {"IPClassI": null}}]}`))
	wantErrors(t, es,
		`bad2.json, firm 2, uscc, value "91500102DM00000010": 统一社会信用代码 "91500102DM00000010": check character`,
		`bad2.json, firm 3, uscc, value "`+a+`": 统一社会信用代码 `+a+` appears twice: firms 1 and 3`,
		`bad2.json, firm 4 (`+b+`): no facts given`)
}

func TestTemplateRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	if err := Template(&buf, 2026); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "模板.xlsx")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if got := x.GetSheetList(); !reflect.DeepEqual(got, []string{DataSheet, NotesSheet}) {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := x.GetRows(DataSheet)
	head := rows[0]
	want := len(Columns) + 3*len(YearItems)
	if len(head) != want {
		t.Fatalf("%d columns, want %d: %v", len(head), want, head)
	}
	col := map[string]int{}
	for i, h := range head {
		col[h] = i + 1
	}
	for _, h := range []string{"统一社会信用代码", "2023年销售收入（万元）", "2025年末净资产（万元）", "上年末资产负债率（%）", "拥有自主品牌"} {
		if col[h] == 0 {
			t.Errorf("template lacks %s: %v", h, head)
		}
	}
	if col["2026年销售收入（万元）"] != 0 || col["2022年销售收入（万元）"] != 0 {
		t.Errorf("years other than 2023–2025: %v", head)
	}
	notes, _ := x.GetRows(NotesSheet)
	found := false
	for _, r := range notes {
		if len(r) >= 5 && r[0] == "有效Ⅰ类知识产权（件）" && r[1] == "件" && strings.Contains(r[3], "high_tech.IPClassI") && strings.Contains(r[4], "32号") {
			found = true
		}
	}
	if !found {
		t.Errorf("说明 lacks the IP row: %v", notes)
	}
	set := func(h string, v any) {
		cell, _ := excelize.CoordinatesToCellName(col[h], 2)
		if err := x.SetCellValue(DataSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	set("统一社会信用代码", code(t, 5))
	set("企业名称", "重庆测试有限公司")
	set("有效Ⅱ类知识产权（件）", 7)
	set("上年末资产负债率（%）", 42)
	set("拥有自主品牌", "是")
	for i, it := range YearItems[:5] {
		set(YearHeader(2025, it), float64(i)*10+0.5)
	}
	if err := x.Save(); err != nil {
		t.Fatal(err)
	}
	x.Close()
	f, err := Read(p)
	if err != nil {
		t.Fatal(err)
	}
	got := stored(t, f)[code(t, 5)]
	w := `{"gradient":{"ClassII":7,"DebtRatio":"0.42","OwnBrand":true},"high_tech":{"IPClassII":7,"Years":[{"EntrustedDomestic":"305000","EntrustedForeign":"405000","RDInternal":"105000","RDOther":"205000","Sales":"5000","Year":2025}]},"tech_sme":{"ClassII":7}}`
	if got != w {
		t.Errorf("round trip:\n got %s\nwant %s", got, w)
	}
}

// TestColumnPaths: every column's facts are fields of the qualify types,
// of the right type, and every column is documented.
func TestColumnPaths(t *testing.T) {
	sample := map[Kind]any{Count: 1, Number: "1.5", Amount: "100", Ratio: "0.5", YesNo: true, Date: "2020-01-01T00:00:00Z"}
	for _, c := range Columns {
		if (c.Kind == Code || c.Kind == Name) != (len(c.Paths) == 0) {
			t.Errorf("%s: paths %v", c.Header(), c.Paths)
		}
		for _, p := range c.Paths {
			sec, field, _ := strings.Cut(p, ".")
			b, _ := json.Marshal(map[string]map[string]any{sec: {field: sample[c.Kind]}})
			if err := checkShape(b); err != nil {
				t.Errorf("%s → %s: %v", c.Header(), p, err)
			}
		}
	}
	y := map[string]any{"Year": 2025}
	for _, it := range YearItems {
		y[it.Field] = "1"
	}
	b, _ := json.Marshal(map[string]any{"high_tech": map[string]any{"Years": []any{y}}})
	if err := checkShape(b); err != nil {
		t.Errorf("years: %v", err)
	}
	doc, err := os.ReadFile("../../docs/screening.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Columns {
		if !strings.Contains(string(doc), c.Header()) {
			t.Errorf("docs/screening.md lacks column %s", c.Header())
		}
	}
	for _, it := range YearItems {
		if !strings.Contains(string(doc), "YYYY年"+it.Name) {
			t.Errorf("docs/screening.md lacks YYYY年%s", it.Name)
		}
	}
}
