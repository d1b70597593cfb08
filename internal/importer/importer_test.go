package importer

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/sheet"
)

const cases = "../../../shared/cases/import/"

func fulingNodesAndIndicators(t testing.TB) ([]model.Node, []model.Indicator) {
	t.Helper()
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	b, err := fs.ReadFile(datasets.FS, datasets.ReportCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	inds, err := dataset.ParseIndicators(datasets.ReportCatalogue, b)
	if err != nil {
		t.Fatal(err)
	}
	return ds.Structure.Nodes, inds
}

// ../shared/cases/import/csv/enterprises.expected.json, for both encodings.
func TestEnterprisesCSV(t *testing.T) {
	nodes, inds := fulingNodesAndIndicators(t)
	for _, file := range []string{"enterprises_utf8_bom.csv", "enterprises_gbk.csv"} {
		t.Run(file, func(t *testing.T) {
			tables, err := sheet.Open(cases + "csv/" + file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := Read(tables, nodes, inds, Options{Year: 2023, Month: 8})
			if err != nil {
				t.Fatal(err)
			}
			if res.Kind != Registry || res.Rows != 9 {
				t.Fatalf("kind %s, %d rows", res.Kind, res.Rows)
			}
			// Row 9 (line 10): bad check character and 2022/2/30.
			var row10 []string
			for _, e := range res.Errors {
				if e.Row != 10 {
					t.Errorf("unexpected error: %v", e)
				}
				row10 = append(row10, e.Error())
			}
			joined := strings.Join(row10, "\n")
			if len(row10) != 2 || !strings.Contains(joined, `column B 统一社会信用代码, value "91500102MA60000090": check character is 0, GB 32100-2015 gives`) ||
				!strings.Contains(joined, `column J 认定日期, value "2022/2/30"`) {
				t.Errorf("row 10 errors:\n%s", joined)
			}
			firms := map[string]model.Firm{}
			for _, f := range res.Firms {
				firms[f.USCC] = f
			}
			if len(res.Firms) != 7 {
				t.Fatalf("%d firms, want 7 (9 rows, one duplicate, one rejected)", len(res.Firms))
			}
			merged := strings.Join(res.Notes, "\n")
			if !strings.Contains(merged, "row 4: same firm as row 3 (91500102MA6000002M") {
				t.Errorf("merge of rows 3 and 4 not reported:\n%s", merged)
			}
			node := func(code string) string {
				var out []string
				for _, m := range firms[code].Memberships {
					out = append(out, m.NodeCode)
				}
				return strings.Join(out, ",")
			}
			cert := func(code string) string {
				for _, r := range firms[code].Recognitions {
					if r.Name == model.HighTechEnterprise {
						return r.Granted + "/" + r.ValidUntil
					}
				}
				return ""
			}
			for code, want := range map[string]struct{ node, cert string }{
				"91500102MA6000001J": {"baitao,green-lowcarbon", "2021-12-15/2024-12-14"},
				"91500102MA6000002M": {"huigu-lake,life-health", "2021-12-15/2024-12-14"},
				"91500102MA6000003Q": {"fl-htz,intelligent-tech", ""},
				"91500102MA6000004U": {"baitao,green-lowcarbon", "2021-12-15/2024-12-14"},
				"91500102MA6000005Y": {"fl-htz,intelligent-tech", "2021-12-15/2024-12-14"},
				"91500102MA60000062": {"baitao,green-lowcarbon", ""},
				"91500102MA60000075": {"huigu-lake,life-health", ""},
			} {
				if got := node(code); got != want.node {
					t.Errorf("%s nodes = %s, want %s", code, got, want.node)
				}
				if got := cert(code); got != want.cert {
					t.Errorf("%s certificate = %s, want %s", code, got, want.cert)
				}
			}
			got := map[string]string{}
			for _, r := range res.Reports {
				v := "nil"
				if r.Value != nil {
					v = r.Value.String()
				}
				got[r.USCC+"/"+r.Indicator] = v
				if r.Year != 2023 || r.Month != 8 {
					t.Errorf("report period %d-%d", r.Year, r.Month)
				}
			}
			for k, want := range map[string]string{
				"91500102MA6000001J/rd_expenditure": "12345600", "91500102MA6000001J/operating_revenue": "256800000",
				"91500102MA6000002M/rd_expenditure": "9240000", "91500102MA6000002M/operating_revenue": "120000000",
				"91500102MA6000003Q/rd_expenditure": "875000",
				"91500102MA6000004U/rd_expenditure": "120000000",
				"91500102MA6000005Y/rd_expenditure": "70102000", "91500102MA6000005Y/operating_revenue": "880000000",
				"91500102MA60000062/rd_expenditure": "0", "91500102MA60000062/operating_revenue": "32000000",
			} {
				if got[k] != want {
					t.Errorf("%s = %s, want %s", k, got[k], want)
				}
			}
			// Missing is not zero: no revenue for row 4 (—), nothing for row 8 (-).
			for _, k := range []string{"91500102MA6000003Q/operating_revenue", "91500102MA60000075/rd_expenditure", "91500102MA60000075/operating_revenue"} {
				if v, ok := got[k]; ok {
					t.Errorf("%s = %s, want no report (missing)", k, v)
				}
			}
			// The same firm on two rows gives its figures once.
			n := 0
			for _, r := range res.Reports {
				if r.USCC == "91500102MA6000002M" && r.Indicator == "rd_expenditure" {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the duplicated firm has %d R&D reports, want 1", n)
			}
		})
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string][2]int{"2023年1-8月": {2023, 8}, "2023年1—8月": {2023, 8}, "2023年8月": {2023, 8}, "2023-08": {2023, 8},
		"2023/8": {2023, 8}, "202308": {2023, 8}, "2023-01..2023-08": {2023, 8}} {
		y, m, err := parsePeriod(in)
		if err != nil || y != want[0] || m != want[1] {
			t.Errorf("parsePeriod(%q) = %d, %d, %v", in, y, m, err)
		}
	}
	for _, in := range []string{"2023年13月", "八月", "2023-03..2023-08", "2022-01..2023-08", ""} {
		if _, _, err := parsePeriod(in); err == nil {
			t.Errorf("parsePeriod(%q) accepted", in)
		}
	}
}

// A filled-in report template imports as a report, 高新技术企业营业收入 included.
func TestReportTemplateRoundTrip(t *testing.T) {
	nodes, inds := fulingNodesAndIndicators(t)
	f, err := Template(Report, nodes, inds)
	if err != nil {
		t.Fatal(err)
	}
	sheetName := f.GetSheetName(0)
	head, _ := f.GetRows(sheetName)
	row := []any{"91500102MA6000001J", "测试一", "2023年1-8月"}
	for range head[0][3:] {
		row = append(row, "10")
	}
	f.SetSheetRow(sheetName, "A2", &row)
	path := filepath.Join(t.TempDir(), "report.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	res, _, err := ReadFile(path, nodes, inds, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Kind != Report || len(res.Errors) != 0 {
		t.Fatalf("kind %s, errors %v", res.Kind, res.Errors)
	}
	got := map[string]string{}
	for _, r := range res.Reports {
		got[r.Indicator] = r.Value.String()
	}
	if got["hte_revenue"] != "100000" || got["rd_expenditure"] != "100000" || got["employees"] != "10" || len(got) != len(inds) {
		t.Errorf("reports from the template: %v", got)
	}
}
