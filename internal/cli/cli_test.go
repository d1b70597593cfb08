package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/pipeline"
	"github.com/xuri/excelize/v2"
)

// run executes the command line with args and returns what it printed.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	cmd := New()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.ExecuteContext(context.Background())
	return out.String(), err
}

func nodeCount(t *testing.T, dir string) int {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM nodes`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBulletinCommand(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, "--data", dir, "bulletin", "--scope", "涪陵区", "--period", "2022-01..2022-08", "--as-of", "2026-11-29")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"涪陵区科技创新统计简报", "（2022年1—8月）",
		"1—8月，全区规模以上工业企业研发投入24.02亿元，同比增长15.6%；高新技术企业达到151户，科技型企业1266户",
		"【目标进展】", "完成目标的46.3%"} {
		if !strings.Contains(out, want) {
			t.Errorf("bulletin lacks %q:\n%s", want, out)
		}
	}
	out, err = run(t, "--data", dir, "bulletin", "--period", "2022-01..2022-08", "--format", "html")
	if err != nil || !strings.Contains(out, "<h1>涪陵区科技创新统计简报</h1>") {
		t.Errorf("html: %v\n%.200s", err, out)
	}
	if _, err := run(t, "--data", dir, "bulletin", "--period", "2022-01..2022-8x"); err == nil || !strings.Contains(err.Error(), "--period") {
		t.Errorf("bad period: %v", err)
	}
	if _, err := run(t, "--data", dir, "bulletin", "--scope", "涪陵", "--period", "2022"); err == nil || !strings.Contains(err.Error(), `scope "涪陵" is not a node`) {
		t.Errorf("bad scope: %v", err)
	}
}

func TestSystemLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "--data", dir, "targets"); err != nil { // seeds the database
		t.Fatal(err)
	}
	before := nodeCount(t, dir)
	system, err := fs.ReadFile(datasets.FS, "fuling/system.yaml")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// An unknown key: refused with file and line, nothing changes.
	bad := strings.Replace(string(system), "    label: 全区\n", "    label: 全区\n    colour: red\n", 1)
	p := write("bad.yaml", bad)
	line := strings.Count(bad[:strings.Index(bad, "colour: red")], "\n") + 1
	_, err = run(t, "--data", dir, "system", "load", p)
	if err == nil || !strings.Contains(err.Error(), p+": line ") || !strings.Contains(err.Error(), `unknown key "colour"`) ||
		!strings.Contains(err.Error(), "line "+strconv.Itoa(line)+":") {
		t.Fatalf("unknown key (line %d): %v", line, err)
	}
	// A dangling reference: refused.
	p = write("dangling.yaml", strings.Replace(string(system), "part_of: fl-htz", "part_of: fl-zone", 1))
	if _, err = run(t, "--data", dir, "system", "load", p); err == nil || !strings.Contains(err.Error(), `part_of "fl-zone" is not a node`) {
		t.Fatalf("dangling part_of: %v", err)
	}
	if n := nodeCount(t, dir); n != before {
		t.Fatalf("nodes = %d after refused loads, want %d", n, before)
	}
	// A new industry under Baitao: added.
	good := strings.Replace(string(system), "          - code: huigu-lake", "          - code: new-chain\n            name: 新兴产业链\n            kind: industry\n          - code: huigu-lake", 1)
	if good == string(system) {
		t.Fatal("could not find huigu-lake in system.yaml")
	}
	out, err := run(t, "--data", dir, "system", "load", write("good.yaml", good))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "loaded fuling: "+strconv.Itoa(before+1)+" nodes, 0 removed") {
		t.Errorf("output: %s", out)
	}
	if n := nodeCount(t, dir); n != before+1 {
		t.Errorf("nodes = %d, want %d", n, before+1)
	}
}

func TestDatasetLoadAllOrNothing(t *testing.T) {
	src := t.TempDir()
	if err := os.CopyFS(src, datasets.FS); err != nil {
		t.Fatal(err)
	}
	ds := filepath.Join(src, "fuling")
	obs := filepath.Join(ds, "observations.csv")
	good, err := os.ReadFile(obs)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(obs, bytes.Replace(good, []byte("7010.2万元"), []byte("7010.2万"), 1), 0o644)
	dir := t.TempDir()
	_, err = run(t, "--data", dir, "--no-seed", "dataset", "load", ds)
	if err == nil || !strings.Contains(err.Error(), `observations.csv: row `) || !strings.Contains(err.Error(), `column value, value "7010.2万"`) {
		t.Fatalf("broken dataset: %v", err)
	}
	if _, err := run(t, "--data", dir, "--no-seed", "targets"); err == nil || !strings.Contains(err.Error(), "holds no innovation system") {
		t.Fatalf("after a refused load: %v", err)
	}
	os.WriteFile(obs, good, 0o644)
	out, err := run(t, "--data", dir, "--no-seed", "dataset", "load", ds)
	if err != nil || !strings.Contains(out, "loaded system fuling:") {
		t.Fatalf("good dataset: %v %s", err, out)
	}
}

func TestServeRefusesNewerSchema(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "--data", dir, "--no-seed", "targets"); err == nil {
		t.Fatal("targets on an empty database should say there is no system")
	}
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, newest, _ := d.SchemaVersions(context.Background())
	if _, err := d.W.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)`, newest+5); err != nil {
		t.Fatal(err)
	}
	d.Close()
	_, err = run(t, "--data", dir, "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "newer than this kechuang") || !strings.Contains(err.Error(), "schema version "+strconv.Itoa(int(newest+5))) {
		t.Fatalf("serve on a newer schema: %v", err)
	}
}

func TestDatabaseMustBePostgres(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{"mysql://x@y/z", "not a url", "host=127.0.0.1 port=1"} {
		_, err := run(t, "--data", dir, "--database", dsn, "targets")
		if err == nil || !strings.Contains(err.Error(), "is not a postgres:// URL") {
			t.Errorf("--database %q: %v", dsn, err)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("a refused --database left files: %v", entries)
	}
}

func TestSecondDistrict(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "--data", dir, "targets"); err != nil { // seeds Fuling
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "demo.yaml")
	os.WriteFile(p, []byte(`system:
  code: demo
  name: 示范区科创体系
  region_code: "500000"
  region_name: 示范区
nodes:
  - code: demo
    name: 示范区
    label: 全区
    kind: district
    children:
      - code: demo-engine
        name: 一个引擎
        kind: pillar
        role: engine
        numeral: "1"
`), 0o644)
	if out, err := run(t, "--data", dir, "system", "load", p); err != nil || !strings.Contains(out, "loaded demo: 2 nodes") {
		t.Fatalf("load a second district: %v %s", err, out)
	}
	_, err := run(t, "--data", dir, "bulletin", "--period", "2022")
	if err == nil || !strings.Contains(err.Error(), "2 systems are loaded (demo, fuling); choose one with --system") {
		t.Fatalf("ambiguous system: %v", err)
	}
	// serve starts on the first district by 行政区划代码 (500000 示范区
	// before 500102 涪陵区); others are chosen with ?district=.
	srv := startServe(t, dir)
	page := func(path string) string {
		res, err := http.Get(srv.base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return string(b)
	}
	if body := page("/public"); !strings.Contains(body, "示范区科创体系") || !strings.Contains(body, `name="district"`) {
		t.Errorf("serve with two systems: /public is not 示范区's with the district switcher:\n%.300s", body)
	}
	if body := page("/public?district=fuling"); !strings.Contains(body, "24.02亿元") {
		t.Errorf("/public?district=fuling lacks Fuling's figures")
	}
	srv.kill(t)
	if !strings.Contains(srv.out.String(), "default district") {
		t.Errorf("serve does not say which district it starts on:\n%s", srv.out.String())
	}
	// Accounts are the installation's: no --system needed.
	if out, err := run(t, "--data", dir, "user", "add", "li", "--role", "analyst", "--district", "demo"); err != nil || !strings.Contains(out, "account li") {
		t.Fatalf("user add --district: %v %s", err, out)
	}
	if out, err := run(t, "--data", dir, "user", "list"); err != nil || !strings.Contains(out, "demo") || !strings.Contains(out, "全部（本安装）") {
		t.Errorf("user list: %v\n%s", err, out)
	}
	out, err := run(t, "--data", dir, "--system", "demo", "bulletin", "--period", "2022")
	if err != nil || !strings.Contains(out, "示范区科技创新统计简报") || !strings.Contains(out, "2022年暂无全区的统计数据。") {
		t.Fatalf("demo bulletin: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "--system", "fuling", "bulletin", "--period", "2022-01..2022-08")
	if err != nil || !strings.Contains(out, "24.02亿元") {
		t.Fatalf("fuling bulletin: %v\n%s", err, out)
	}
}

func TestDemoAndAggregate(t *testing.T) {
	dir := t.TempDir()
	out, err := run(t, "--data", dir, "demo", "generate", "--firms", "200", "--months", "8", "--year", "2022", "--seed", "3")
	if err != nil || !strings.Contains(out, "generated 200 firms, 7000 report rows and screening facts of 111 firms") {
		t.Fatalf("demo generate: %v %s", err, out)
	}
	out, err = run(t, "--data", dir, "aggregate", "--period", "2022-01..2022-08")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"涪陵区", "研发投入", "2022年1—8月", "企业研发投入强度", "有效期内高新技术企业", "2022年8月31日"} {
		if !strings.Contains(out, want) {
			t.Errorf("aggregate output lacks %q:\n%s", want, out)
		}
	}
	if _, err := run(t, "--data", dir, "demo", "generate", "--firms", "200", "--year", "2022", "--seed", "3"); err == nil ||
		!strings.Contains(err.Error(), "already there") {
		t.Errorf("generating the same year twice: %v", err)
	}
	if _, err := run(t, "--data", dir, "aggregate", "--period", "2022Q2"); err == nil || !strings.Contains(err.Error(), "year-to-date") {
		t.Errorf("a quarter: %v", err)
	}
}

const enterprisesCSV = "../../../shared/cases/import/csv/enterprises_gbk.csv"

func TestImportAllOrNothingAndIdempotent(t *testing.T) {
	dir := t.TempDir()
	errBook := filepath.Join(t.TempDir(), "errors.xlsx")
	out, err := run(t, "--data", dir, "import", enterprisesCSV, "--period", "2023-01..2023-08", "--errors", errBook)
	if err == nil || !strings.Contains(err.Error(), "2 problem(s) in 1 row(s) of enterprises_gbk.csv; nothing was written") {
		t.Fatalf("import with a bad row: %v\n%s", err, out)
	}
	if !strings.Contains(out, `enterprises_gbk.csv, row 10, column B 统一社会信用代码, value "91500102MA60000090"`) {
		t.Errorf("the bad code is not reported:\n%s", out)
	}
	book, err := excelize.OpenFile(errBook)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := book.GetRows(book.GetSheetName(0))
	last := rows[len(rows)-1]
	if rows[0][5] != "研发投入（万元）" || rows[0][len(rows[0])-2] != "错误说明" || last[len(last)-1] != "10" || !strings.Contains(last[len(last)-2], "认定日期") {
		t.Errorf("error workbook: header %v, last row %v", rows[0], last)
	}
	book.Close()
	// The fixed workbook imports as the original would: units kept (1,234.56万元).
	fixDir := t.TempDir()
	if out, err := run(t, "--data", fixDir, "import", errBook, "--period", "2023-01..2023-08", "--valid-only"); err != nil {
		t.Fatalf("re-import of the error workbook: %v\n%s", err, out)
	}
	out, err = run(t, "--data", fixDir, "history", "--firm", "91500102MA6000001J", "--indicator", "rd_expenditure", "--period", "2023-01..2023-08")
	if err != nil || !strings.Contains(out, "1234.56万元") {
		t.Errorf("re-imported value: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "aggregate")
	if err == nil || !strings.Contains(err.Error(), "no firm reports yet") {
		t.Fatalf("after a refused import: %v %s", err, out)
	}
	out, err = run(t, "--data", dir, "import", enterprisesCSV, "--period", "2023-01..2023-08", "--valid-only")
	if err != nil || !strings.Contains(out, "firms 7 added, 0 updated, 0 unchanged; reports 11 written, 0 unchanged; 2 problem(s) skipped") {
		t.Fatalf("valid-only: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "import", enterprisesCSV, "--period", "2023-01..2023-08", "--valid-only")
	if err != nil || !strings.Contains(out, "firms 0 added, 0 updated, 7 unchanged; reports 0 written, 11 unchanged") {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "aggregate", "--period", "2023-01..2023-08")
	if err != nil {
		t.Fatal(err)
	}
	// R&D of the 6 firms with a figure: 12345600 + 9240000 + 875000 + 120000000 + 70102000 + 0 yuan.
	if !strings.Contains(out, "研发投入") || !strings.Contains(out, "2.13亿元") || !strings.Contains(out, "有效期内高新技术企业") {
		t.Errorf("aggregate after import:\n%s", out)
	}
}

func TestCorrectionIsANewRevision(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../../shared/cases/import/csv/enterprises_utf8_bom.csv")
	if err != nil {
		t.Fatal(err)
	}
	first := filepath.Join(t.TempDir(), "a.csv")
	os.WriteFile(first, src, 0o644)
	if _, err := run(t, "--data", dir, "import", first, "--period", "2023-01..2023-08", "--valid-only"); err != nil {
		t.Fatal(err)
	}
	// The bureau corrects firm 1's R&D from 1,234.56万元 to 1,300万元.
	second := filepath.Join(t.TempDir(), "b.csv")
	os.WriteFile(second, bytes.Replace(src, []byte(`"1,234.56"`), []byte(`"1,300"`), 1), 0o644)
	out, err := run(t, "--data", dir, "import", second, "--period", "2023-01..2023-08", "--valid-only")
	if err != nil || !strings.Contains(out, "reports 1 written, 10 unchanged") {
		t.Fatalf("correction: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "history", "--firm", "91500102MA6000001J", "--indicator", "rd_expenditure", "--period", "2023-01..2023-08")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.Contains(lines[2], "1234.56万元") || !strings.Contains(lines[3], "1300万元") || !strings.HasSuffix(lines[3], "✓") {
		t.Fatalf("history:\n%s", out)
	}
}

func TestImportIndicatorTables(t *testing.T) {
	dir := t.TempDir()
	// Totals of 2023 (cases/import/xlsx/merged_header_ytd.xlsx) become figures the bulletin uses.
	out, err := run(t, "--data", dir, "import", "../../../shared/cases/import/xlsx/merged_header_ytd.xlsx")
	if err != nil || !strings.Contains(out, "(indicators) of merged_header_ytd.xlsx: 5 rows read; 8 published figures written") {
		t.Fatalf("import totals: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "import", "../../../shared/cases/import/xlsx/merged_header_ytd.xlsx")
	if err != nil || !strings.Contains(out, "8 published figures written") {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	out, err = run(t, "--data", dir, "bulletin", "--period", "2023-01..2023-08")
	if err != nil || !strings.Contains(out, "1—8月，全区研发投入9.24亿元，同比增长58.8%。") ||
		!strings.Contains(out, "1—8月，慧谷湖科创小镇研发投入3105万元，同比下降3.1%。") {
		t.Fatalf("bulletin from imported totals: %v\n%s", err, out)
	}
	// This synthetic table gives other totals for the same figures (研发投入
	// 1—8月 2023; 151 high-tech enterprises on 2022-08-31 in the article):
	// refused, nothing written.
	_, err = run(t, "--data", dir, "import", "../../../shared/cases/import/csv/ytd_indicators_2023_1to8.csv")
	if err == nil || !strings.Contains(err.Error(), "row 2: the database already holds 研发投入 of 涪陵区 for 2023年1—8月 from another source") {
		t.Fatalf("conflicting totals: %v", err)
	}
	out, _ = run(t, "--data", dir, "bulletin", "--period", "2023-01..2023-08")
	if strings.Contains(out, "高新技术企业营业收入") {
		t.Errorf("the refused table was partly written:\n%s", out)
	}
}

func TestCertificatesExpiring(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "--data", dir, "import", enterprisesCSV, "--valid-only", "--as-of", "2023-01-01"); err != nil {
		t.Fatal(err)
	}
	// Certificates issued 2021-12-15 run to 2024-12-14.
	out, err := run(t, "--data", dir, "certificates", "--within", "12", "--as-of", "2024-01-01")
	if err != nil || !strings.Contains(out, "到期的高新技术企业证书：4家") || !strings.Contains(out, "2024-12-14") {
		t.Fatalf("within 12 months of 2024-01-01: %v\n%s", err, out)
	}
	out, _ = run(t, "--data", dir, "certificates", "--within", "6", "--as-of", "2024-01-01")
	if !strings.Contains(out, "：0家") {
		t.Errorf("within 6 months:\n%s", out)
	}
	out, _ = run(t, "--data", dir, "certificates", "--within", "12", "--as-of", "2024-12-15")
	if !strings.Contains(out, "：0家") {
		t.Errorf("after expiry:\n%s", out)
	}
}

func TestScreenExample(t *testing.T) {
	out, err := run(t, "--data", t.TempDir(), "--no-seed", "screen", "--facts", "../../docs/examples/firms.json", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var results []pipeline.ResultJSON
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(results) != 2 {
		t.Fatalf("%d results, want 2 (high-tech, tech SME)", len(results))
	}
	ht := results[0]
	if ht.Qualification != "high_tech_enterprise" || ht.Verdict != "fails" || ht.Score == nil || ht.Score.Min != 47 || ht.Score.Max != 82 {
		t.Errorf("high-tech result: %+v", ht)
	}
	var c5 *pipeline.ConditionJSON
	for i := range ht.Conditions {
		if ht.Conditions[i].Code == "C5" {
			c5 = &ht.Conditions[i]
		}
	}
	// ΣR&D 10.66m over Σsales 330m = 3.23% < 4%: 0.04 × 330m − 10.66m = 2.54m more.
	if c5 == nil || c5.Pass == nil || *c5.Pass || !strings.HasPrefix(c5.Value, "3.23%") || c5.Gap != "近三年研发费用合计还需增加254万元（按现有销售收入）" ||
		!strings.Contains(c5.Source, "国科发火〔2016〕32号 第十一条（五）") {
		t.Errorf("C5: %+v", c5)
	}
	sme := results[1]
	if sme.Qualification != "tech_based_sme" || sme.Verdict != "fails" || sme.Score == nil || sme.Score.Min != 50 {
		t.Errorf("tech SME: %+v", sme)
	}
	text, err := run(t, "--data", t.TempDir(), "--no-seed", "screen", "--facts", "../../docs/examples/firms.json")
	if err != nil || !strings.Contains(text, "【高新技术企业】不符合，得分47～82") || !strings.Contains(text, "差距：科技人员还需增加1人") {
		t.Errorf("text report: %v\n%.1500s", err, text)
	}
	// An unknown key names the firm and the field.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"firms":[{"uscc":"91500102MA6000001J","high_tech":{"Salse":"1"}}]}`), 0o644)
	if _, err := run(t, "--no-seed", "--data", t.TempDir(), "screen", "--facts", bad); err == nil ||
		!strings.Contains(err.Error(), "firm 1 (91500102MA6000001J)") || !strings.Contains(err.Error(), "Salse") {
		t.Errorf("unknown key: %v", err)
	}
}

func TestScreenImpossibleFacts(t *testing.T) {
	src, err := os.ReadFile("../../docs/examples/firms.json")
	if err != nil {
		t.Fatal(err)
	}
	// A second firm whose S&T staff exceed its staff and whose sales are negative.
	bad := strings.Replace(string(src), `    }
  ]
}`, `    },
    {"uscc": "91500102MA6000002M", "name": "事实有误的企业",
     "tech_sme": {"Staff": 10, "STStaff": 12, "Sales": "-5"}}
  ]
}`, 1)
	p := filepath.Join(t.TempDir(), "firms.json")
	os.WriteFile(p, []byte(bad), 0o644)
	cmd := New()
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"--no-seed", "--data", t.TempDir(), "screen", "--facts", p})
	err = cmd.ExecuteContext(context.Background())
	if err == nil || !strings.Contains(err.Error(), "1 firm(s) not screened: 2 impossible fact(s)") {
		t.Fatalf("err = %v", err)
	}
	if !strings.Contains(errOut.String(), "91500102MA6000002M: tech_sme.STStaff = 12: 科技人员多于职工总数10") ||
		!strings.Contains(errOut.String(), "tech_sme.Sales = -5: 不能为负数") {
		t.Errorf("problems:\n%s", errOut.String())
	}
	if !strings.Contains(out.String(), "重庆白涛测试一新材料有限公司") || strings.Contains(out.String(), "事实有误的企业") {
		t.Errorf("the good firm must be screened, the bad one not:\n%.300s", out.String())
	}
}

// The database's firms are screened from the registry, reports and supplied
// facts: a demo firm's supplied IP counts appear in its conditions, and
// every firm is screened for all five qualifications.
func TestScreenDatabase(t *testing.T) {
	dir := t.TempDir()
	if out, err := run(t, "--data", dir, "demo", "generate", "--firms", "30", "--months", "3", "--year", "2026", "--seed", "7"); err != nil {
		t.Fatalf("%v %s", err, out)
	}
	out, err := run(t, "--data", dir, "screen", "--day", "2026-06-30", "--format", "json")
	if err != nil {
		t.Fatalf("%v %s", err, out)
	}
	var results []pipeline.ResultJSON
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatal(err)
	}
	if len(results) != 30*5 {
		t.Fatalf("%d results, want 150 (30 firms × 5 qualifications)", len(results))
	}
	firms := map[string]bool{}
	for _, r := range results {
		firms[r.USCC] = true
		if r.Qualification == "srdi_sme" && !strings.Contains(r.RuleSet, "工信部企业〔2026〕2号") {
			t.Errorf("2026-06-30 screened with %s", r.RuleSet)
		}
	}
	if len(firms) != 30 {
		t.Errorf("%d firms", len(firms))
	}
	one := results[0].USCC
	out, err = run(t, "--data", dir, "screen", "--day", "2026-06-30", "--firm", one)
	if err != nil || !strings.Contains(out, "【高新技术企业】") || !strings.Contains(out, one) {
		t.Errorf("--firm: %v\n%s", err, out)
	}
	if _, err := run(t, "--data", dir, "screen", "--firm", "91500102MA6000001J"); err == nil || !strings.Contains(err.Error(), "no firm with this credit code") {
		t.Errorf("unknown firm: %v", err)
	}
}
