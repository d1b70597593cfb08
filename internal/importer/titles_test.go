package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/sheet"
)

// readCSV writes lines as a UTF-8 CSV file named name and reads it as a
// registry with the Fuling nodes and indicators, figures for 2023年1-8月.
func readCSV(t *testing.T, name string, lines ...string) *Result {
	t.Helper()
	nodes, inds := fulingNodesAndIndicators(t)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tables, err := sheet.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read(tables, nodes, inds, Options{Year: 2023, Month: 8})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// Headings map to the roles of the cultivation-ladder titles, the 高企
// headings as before.
func TestTitleHeadingRoles(t *testing.T) {
	for _, c := range []struct{ heading, role string }{
		// 高新技术企业, unchanged
		{"是否高新技术企业", "hte"},
		{"高新技术企业", "hte"},
		{"认定日期", "hte_date"},
		{"发证日期", "hte_date"},
		{"高企认定日期", "hte_date"},
		{"证书编号", "hte_cert"},
		{"高企证书编号", "hte_cert"},
		{"高新技术企业认定日期", "hte_date"}, // was read as the 是否 column
		{"注册日期", "registered"},
		{"登记日期", "registered"},
		// 科技型中小企业
		{"是否科技型中小企业", "tsme"},
		{"科技型中小企业", "tsme"},
		{"入库日期", "tsme_date"},
		{"入库登记日期", "tsme_date"}, // contains 登记日期
		{"科技型中小企业入库日期", "tsme_date"},
		{"科技型中小企业入库登记日期", "tsme_date"},
		{"入库登记编号", "tsme_no"},
		{"科技型中小企业入库编号", "tsme_no"},
		// 创新型中小企业
		{"是否创新型中小企业", "ism"},
		{"创新型中小企业", "ism"},
		{"科技和创新型中小企业", "ism"},
		{"是否科技和创新型中小企业", "ism"},
		{"创新型中小企业认定日期", "ism_date"}, // contains 认定日期
		// 专精特新中小企业
		{"是否专精特新中小企业", "ssme"},
		{"是否专精特新", "ssme"},
		{"专精特新中小企业", "ssme"},
		{"专精特新认定日期", "ssme_date"}, // contains 认定日期
		{"专精特新中小企业认定日期", "ssme_date"},
		{"专精特新证书编号", "ssme_no"}, // contains 证书编号
		// 专精特新“小巨人”企业
		{"是否小巨人", "giant"},
		{"是否专精特新“小巨人”企业", "giant"}, // contains 专精特新
		{"专精特新\"小巨人\"企业", "giant"},
		{"小巨人企业", "giant"},
		{"小巨人认定日期", "giant_date"}, // contains 认定日期
		{"专精特新“小巨人”企业认定日期", "giant_date"},
		{"小巨人证书编号", "giant_no"},
	} {
		if got, _ := role(c.heading); got != c.role {
			t.Errorf("role(%q) = %q, want %q", c.heading, got, c.role)
		}
	}
}

// Every title a registry can record, with exact recognitions: name, level,
// granted, valid until and number.
func TestRegistryTitles(t *testing.T) {
	hte := func(granted, until, no string) model.Recognition {
		return model.Recognition{Name: model.HighTechEnterprise, Level: "national", Granted: granted, ValidUntil: until, CertificateNo: no}
	}
	tsme := func(granted, until, no string) model.Recognition {
		return model.Recognition{Name: model.TechBasedSME, Level: "municipal", Granted: granted, ValidUntil: until, CertificateNo: no}
	}
	ism := func(granted, until string) model.Recognition {
		return model.Recognition{Name: model.InnovativeSME, Level: "municipal", Granted: granted, ValidUntil: until}
	}
	ssme := func(granted, until string) model.Recognition {
		return model.Recognition{Name: model.SpecialisedSME, Level: "municipal", Granted: granted, ValidUntil: until}
	}
	giant := func(granted, until string) model.Recognition {
		return model.Recognition{Name: model.LittleGiant, Level: "national", Granted: granted, ValidUntil: until}
	}
	a, b, c, d, e := testUSCC(1), testUSCC(2), testUSCC(3), testUSCC(4), testUSCC(5)
	all := "统一社会信用代码,企业名称,是否高新技术企业,认定日期,证书编号," +
		"是否科技型中小企业,科技型中小企业入库日期,入库登记编号," +
		"是否创新型中小企业,创新型中小企业认定日期," +
		"是否专精特新中小企业,专精特新认定日期," +
		"是否专精特新“小巨人”企业,小巨人认定日期,高新技术企业营业收入（万元）"
	for _, tc := range []struct {
		name  string
		lines []string
		want  map[string][]model.Recognition
	}{
		{"all titles", []string{all,
			a + ",甲,是,2021/12/15,GR202151000123,是,2024/2/29,2024500102A0001234,是,2023-06-30,是,2023年12月1日,是,20230714,1000",
			b + ",乙,否,,,√,2025.04.15,2025500102A0000007,×,,Y,2022/11/30,N,,",
			c + ",丙,否,2021/12/15,GR1,否,2024/5/1,X,否,2023/6/30,否,2023/12/1,否,2023/7/14,",
			d + ",丁,,2021/12/15,GR1,,2024/5/1,X,,2023/6/30,,2023/12/1,,2023/7/14,",
			e + ",戊,是,44545,,是,2024-01-01,,—,,,,是,2024/7/1,",
		}, map[string][]model.Recognition{
			a: {hte("2021-12-15", "2024-12-14", "GR202151000123"), tsme("2024-02-29", "2025-02-28", "2024500102A0001234"),
				ism("2023-06-30", "2026-06-29"), ssme("2023-12-01", "2026-11-30"), giant("2023-07-14", "2026-07-13")},
			b: {tsme("2025-04-15", "2026-04-14", "2025500102A0000007"), ssme("2022-11-30", "2025-11-29")},
			c: nil, // 否 with dates: not held
			d: nil, // empty 是否 with dates: not held
			e: {hte("2021-12-15", "2024-12-14", ""), tsme("2024-01-01", "2024-12-31", ""), giant("2024-07-01", "2027-06-30")},
		}},
		// Other headings; without a 是否 column a date alone records a
		// ladder title (not 高企: 认定日期 alone records nothing, as before).
		{"dates alone", []string{
			"统一社会信用代码,企业名称,认定日期,入库登记日期,入库登记编号,科技和创新型中小企业认定日期,专精特新中小企业认定日期,专精特新“小巨人”企业认定日期",
			a + ",甲,2021/12/15,2024/3/1,2024500102A0000001,2023/6/30,2023/12/1,2023/7/14",
			b + ",乙,2021/12/15,,,—,-,",
		}, map[string][]model.Recognition{
			a: {tsme("2024-03-01", "2025-02-28", "2024500102A0000001"), ism("2023-06-30", "2026-06-29"),
				ssme("2023-12-01", "2026-11-30"), giant("2023-07-14", "2026-07-13")},
			b: nil,
		}},
		// A registry of the old layout: what it always gave.
		{"高企 only", []string{
			"统一社会信用代码,企业名称,是否高新技术企业,认定日期,证书编号",
			a + ",甲,是,2021/12/15,GR202151000123",
			b + ",乙,否,2021/12/15,GR202151000124",
			c + ",丙,√,2020年11月30日,",
		}, map[string][]model.Recognition{
			a: {hte("2021-12-15", "2024-12-14", "GR202151000123")},
			b: nil,
			c: {hte("2020-11-30", "2023-11-29", "")},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := readCSV(t, "registry.csv", tc.lines...)
			if len(res.Errors) != 0 {
				t.Fatalf("errors: %v", res.Errors)
			}
			if res.Kind != Registry || len(res.Firms) != len(tc.want) {
				t.Fatalf("kind %s, %d firms, want registry, %d", res.Kind, len(res.Firms), len(tc.want))
			}
			for _, f := range res.Firms {
				want, ok := tc.want[f.USCC]
				if !ok {
					t.Errorf("unexpected firm %s", f.USCC)
					continue
				}
				if !reflect.DeepEqual(f.Recognitions, want) {
					t.Errorf("%s (%s) recognitions:\n got  %+v\n want %+v", f.Name, f.USCC, f.Recognitions, want)
				}
			}
		})
	}
	// 高新技术企业营业收入 stays a figure, not a title.
	res := readCSV(t, "registry.csv", all,
		a+",甲,是,2021/12/15,GR202151000123,否,,,否,,否,,否,,1000")
	if len(res.Reports) != 1 || res.Reports[0].Indicator != "hte_revenue" || res.Reports[0].Value.String() != "10000000" {
		t.Errorf("reports: %+v", res.Reports)
	}
}

// A title's bad cells are errors naming file, row, column and value.
func TestRegistryTitleErrors(t *testing.T) {
	code := testUSCC(1)
	for _, tc := range []struct {
		name   string
		lines  []string
		column string
		value  string
		reason string // a part of the reason
	}{
		{"是 without a date", []string{"统一社会信用代码,企业名称,是否专精特新中小企业,专精特新认定日期", code + ",甲,是,"},
			"D 专精特新认定日期", "", "empty, but column C 是否专精特新中小企业 says 是"},
		{"是 without a date column", []string{"统一社会信用代码,企业名称,是否创新型中小企业", code + ",甲,是"},
			"C 是否创新型中小企业", "是", "是创新型中小企业 but the file has no date column (创新型中小企业认定日期)"},
		{"bad date", []string{"统一社会信用代码,企业名称,是否小巨人,小巨人认定日期", code + ",甲,是,2023/2/30"},
			"D 小巨人认定日期", "2023/2/30", "cannot read date"},
		{"bad date, date alone", []string{"统一社会信用代码,企业名称,入库日期", code + ",甲,2024年13月1日"},
			"C 入库日期", "2024年13月1日", "cannot read date"},
		{"not yes or no", []string{"统一社会信用代码,企业名称,是否科技型中小企业,入库日期", code + ",甲,待定,2024/3/1"},
			"C 是否科技型中小企业", "待定", "not a yes/no value"},
		{"高企 是 without a date", []string{"统一社会信用代码,企业名称,是否高新技术企业,认定日期,证书编号", code + ",甲,是,,GR1"},
			"D 认定日期", "", "empty, but column C 是否高新技术企业 says 是"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := readCSV(t, "titles.csv", tc.lines...)
			if len(res.Errors) != 1 {
				t.Fatalf("errors: %v", res.Errors)
			}
			e := res.Errors[0]
			if e.File != "titles.csv" || e.Row != 2 || e.Column != tc.column || e.Value != tc.value || !strings.Contains(e.Reason, tc.reason) {
				t.Errorf("error %+v\nwant file titles.csv, row 2, column %q, value %q, reason containing %q", e, tc.column, tc.value, tc.reason)
			}
			if len(res.Firms) != 0 {
				t.Errorf("a row with an error gave firms: %+v", res.Firms)
			}
		})
	}
}

// The registry template's headings map to their roles, and a filled-in
// template records every title.
func TestRegistryTemplateRoundTrip(t *testing.T) {
	nodes, inds := fulingNodesAndIndicators(t)
	f, err := Template(Registry, nodes, inds)
	if err != nil {
		t.Fatal(err)
	}
	name := f.GetSheetName(0)
	rows, _ := f.GetRows(name)
	values := map[string]any{"统一社会信用代码": testUSCC(7), "企业名称": "测试七",
		"是否高新技术企业": "是", "认定日期": "2021-12-15", "证书编号": "GR202151000123",
		"是否科技型中小企业": "是", "科技型中小企业入库日期": "2024-03-01", "入库登记编号": "2024500102A0000001",
		"是否创新型中小企业": "是", "创新型中小企业认定日期": "2023-06-30",
		"是否专精特新中小企业": "是", "专精特新认定日期": "2023-12-01",
		"是否专精特新“小巨人”企业": "是", "小巨人认定日期": "2023-07-14"}
	var row []any
	for _, h := range rows[0] {
		row = append(row, values[h])
	}
	f.SetSheetRow(name, "A2", &row)
	path := filepath.Join(t.TempDir(), "registry.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, _, err := ReadFile(path, nodes, inds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != Registry || len(res.Errors) != 0 || len(res.Firms) != 1 {
		t.Fatalf("kind %s, errors %v, %d firms", res.Kind, res.Errors, len(res.Firms))
	}
	var got []string
	for _, r := range res.Firms[0].Recognitions {
		got = append(got, r.Name+" "+r.Level+" "+r.Granted+"/"+r.ValidUntil+" "+r.CertificateNo)
	}
	want := []string{
		"高新技术企业 national 2021-12-15/2024-12-14 GR202151000123",
		"科技型中小企业 municipal 2024-03-01/2025-02-28 2024500102A0000001",
		"创新型中小企业 municipal 2023-06-30/2026-06-29 ",
		"专精特新中小企业 municipal 2023-12-01/2026-11-30 ",
		"专精特新“小巨人”企业 national 2023-07-14/2026-07-13 ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("recognitions from the template:\n got  %q\n want %q", got, want)
	}
	if strings.Contains(strings.Join(res.Notes, "\n"), "not a field") {
		t.Errorf("template columns ignored: %v", res.Notes)
	}
}
