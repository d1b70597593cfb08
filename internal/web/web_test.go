package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/web"
)

func newServer(t *testing.T) (*httptest.Server, *web.Server) {
	t.Helper()
	ts, srv, _ := newServerApp(t)
	return ts, srv
}

func newServerApp(t *testing.T) (*httptest.Server, *web.Server, *app.App) {
	t.Helper()
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = t.TempDir(), "", true
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(context.Background(), cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	a.Now = func() time.Time { return time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { a.Close() })
	srv, err := web.New(a, log)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts, srv, a
}

func TestMicroAggregatesShown(t *testing.T) {
	ts, _, a := newServerApp(t)
	ctx := context.Background()
	v, err := a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	d, err := demo.Generate(demo.Options{Firms: 50, Months: 8, Year: 2022, Seed: 1}, []string{"baitao-fine-chemicals", "huigu-lake"})
	if err != nil {
		t.Fatal(err)
	}
	id, _ := a.Store.StartImport(ctx, v.System.ID, "demo", "demo", "", a.Now())
	if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, "2022-01-01"); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.FinishImport(ctx, id, "done", len(d.Reports), len(d.Reports), nil, "", a.Now()); err != nil {
		t.Fatal(err)
	}
	_, _, body := get(t, ts, "/node/baitao")
	for _, want := range []string{"企业报表汇总", "2022年1—8月", "同口径同比", "企业研发投入强度", "企业月报汇总", "含演示数据"} {
		if !strings.Contains(body, want) {
			t.Errorf("/node/baitao lacks %q", want)
		}
	}
	status, _, body := get(t, ts, "/api/v1/aggregates?node=fuling&period=2022-01..2022-08")
	if status != 200 || !strings.Contains(body, `"same_basis_growth": "0.`) || !strings.Contains(body, `"firms": 50`) {
		t.Errorf("aggregates API: %d %.500s", status, body)
	}
	if status, _, _ := get(t, ts, "/api/v1/aggregates?period=2022Q2"); status != http.StatusBadRequest {
		t.Errorf("quarter accepted: %d", status)
	}
}

func get(t *testing.T, ts *httptest.Server, path string) (int, http.Header, string) {
	t.Helper()
	res, err := http.Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Header, string(b)
}

// samples maps every route pattern to a request and what its answer must
// contain. A route added to the server without a sample fails the test.
var samples = map[string]struct {
	path string
	want []string
}{
	"GET /{$}":                           {"/", []string{"涪陵区产业科创体系", "一个引擎", "两大载体", "三个方向", "涪陵高新区", "白涛新材料科技城", "慧谷湖科创小镇", "绿色低碳", "生命健康", "智能科技", "24.02亿元", "同比增长15.6%", "达到151户", "1266户", "7010.2万元", "3.26亿元", "6100万元", "超过300家", `data-option=`}},
	"GET /node/{code}":                   {"/node/baitao", []string{"白涛新材料科技城", "聚氨酯和聚酰胺", "铝深加工", "9.24亿元", "增长58.8%", "455.65亿元", "增长31.6%", "“十四五”末", "突破1000亿元", "40户以上", "同比增长（%）"}},
	"GET /targets":                       {"/targets", []string{"目标进展", "到2026年", "突破800亿元", "370亿元", "46.3%", "20.0%", "21.3%", "进度正常", "暂无可比实绩", "达到5.5%", "达到120家", "达到30万人", "达到55平方公里", "仅有2022年1—8月数据（455.65亿元）"}},
	"GET /organisations":                 {"/organisations", []string{"中涪科瑞技术研究院", "重庆市新型研发机构", "华晨鑫源", "长江师范学院", "区外"}},
	"GET /bulletin":                      {"/bulletin?scope=fuling&period=2022-01..2022-08", []string{"1—8月，全区规模以上工业企业研发投入24.02亿元，同比增长15.6%；高新技术企业达到151户", "目标进展", "下载 Markdown"}},
	"GET /bulletin.md":                   {"/bulletin.md?scope=fuling&period=2022-01..2022-08", []string{"# 涪陵区科技创新统计简报", "24.02亿元"}},
	"GET /bulletin.html":                 {"/bulletin.html?scope=fuling&period=2022-01..2022-08", []string{"<h1>涪陵区科技创新统计简报</h1>", "24.02亿元", "@page"}},
	"GET /sources/{code}":                {"/sources/article-2022", []string{"科创有质量", "今年1月-8月,全区规模以上工业企业研发投入24.02亿元"}},
	"GET /healthz":                       {"/healthz", []string{"ok"}},
	"GET /api/v1/system":                 {"/api/v1/system", []string{`"region_code": "500102"`, `"code": "huigu-lake"`, `"part_of": "fl-htz"`}},
	"GET /api/v1/nodes/{code}":           {"/api/v1/nodes/fuling", []string{`"value": "2402000000"`, `"display": "24.02亿元"`, `"yoy": "0.156"`}},
	"GET /api/v1/observations":           {"/api/v1/observations?scope=fuling&period=2022Q1-Q3", []string{`"value": "70102000"`, `"display": "7010.2万元"`, `"label": "2022年前三季度"`}},
	"GET /api/v1/targets":                {"/api/v1/targets", []string{`"as_of": "2026-11-29"`, `"status": "on_track"`, `"completion": "0.4625"`}},
	"GET /api/v1/organisations":          {"/api/v1/organisations?kind=new_rd_institution", []string{"中涪科瑞技术研究院"}},
	"GET /api/v1/indicators":             {"/api/v1/indicators", []string{`"code": "rd_expenditure_above_scale_industry"`, `"unit": "yuan"`}},
	"GET /api/v1/sources":                {"/api/v1/sources", []string{`"code": "cnipai-2023-03-06"`}},
	"GET /api/v1/bulletin":               {"/api/v1/bulletin?scope=fuling&period=2022-01..2022-08", []string{"研发投入24.02亿元"}},
	"GET /api/v1/aggregates":             {"/api/v1/aggregates?node=baitao", []string{`"aggregates": [`, `"node": "baitao"`, `"firms": 3`}},
	"GET /api/v1/export":                 {"/api/v1/export?format=sdmx-csv&scope=fuling", []string{"DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,OBS_CONF", "KECHUANG:DF_STI_INDICATORS(1.0),fuling,rd_expenditure_above_scale_industry,2022-01-01/P8M,2402000000,YUAN,A,F"}},
	"GET /imports":                       {"/imports", []string{"数据导入", "enterprises_gbk.csv", "企业名录模板"}},
	"POST /imports":                      {"", nil}, // uploaded by TestEveryRouteAnswers itself
	"GET /imports/{id}":                  {"/imports/1", []string{"导入 #1", "91500102MA60000090", "check character is 0"}},
	"GET /imports/{id}/errors.xlsx":      {"/imports/1/errors.xlsx", []string{"PK"}},
	"GET /templates/{file}":              {"/templates/registry.xlsx", []string{"PK"}},
	"GET /pipeline":                      {"/pipeline?day=2024-06-30", []string{"梯度培育", "涪陵区：7家企业", "高新技术企业证书12个月内到期：<b>4</b>家", "2024-12-14", "重庆白涛测试一新材料有限公司", "data-option="}},
	"GET /pipeline.xlsx":                 {"/pipeline.xlsx?day=2024-06-30", []string{"PK"}},
	"GET /pipeline/candidates":           {"/pipeline/candidates?day=2024-06-30&to=tech_sme&all=1", []string{"科技型中小企业培育候选", "共3家（全部）", "重庆测试三智能科技有限公司", "10项待定，缺少10项数据（见评价报告）"}},
	"GET /pipeline/candidates.xlsx":      {"/pipeline/candidates.xlsx?day=2024-06-30&to=tech_sme&all=1", []string{"PK"}},
	"GET /firms/{uscc}/screening":        {"/firms/91500102MA6000001J/screening?day=2024-06-30", []string{"重庆白涛测试一新材料有限公司", "现有梯度：<b>高新技术企业</b>", "高企证书2024-12-14到期", "下一梯度：<b>专精特新中小企业</b>", "国科发火〔2016〕32号 第十一条（一）", "有效期内高新技术企业"}},
	"GET /firms/{uscc}/screening.xlsx":   {"/firms/91500102MA6000001J/screening.xlsx?day=2024-06-30", []string{"PK"}},
	"GET /api/v1/pipeline":               {"/api/v1/pipeline?day=2024-06-30", []string{`"firms": 7`, `"no_tier": 3`, `"expiring_high_tech_certificates": 4`, `"code": "high_tech"`, `"held": 4`}},
	"GET /api/v1/firms/{uscc}/screening": {"/api/v1/firms/91500102MA6000001J/screening?day=2024-06-30", []string{`"tier": "high_tech"`, `"qualification": "srdi_sme"`, `"rule_set": "专精特新中小企业认定（工信部企业〔2022〕63号，2022-08-01至2026-03-31）"`, `"fact_errors": []`}},
	"GET /static/":                       {"/static/vendor/echarts/echarts.min.js", []string{"echarts"}},
}

func TestEveryRouteAnswers(t *testing.T) {
	ts, srv := newServer(t)
	if status, loc := upload(t, ts, enterprisesCSV, map[string]string{"period": "2023-01..2023-08", "valid_only": "1"}); status != http.StatusSeeOther || loc != "/imports/1" {
		t.Fatalf("upload: %d %s", status, loc)
	}
	waitImport(t, ts, "/imports/1")
	for _, pattern := range srv.Routes() {
		s, ok := samples[pattern]
		if !ok {
			t.Errorf("route %q has no sample request in this test", pattern)
			continue
		}
		if s.path == "" {
			continue
		}
		status, _, body := get(t, ts, s.path)
		if status != http.StatusOK {
			t.Errorf("%s → %d: %.300s", s.path, status, body)
			continue
		}
		for _, w := range s.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q", s.path, w)
			}
		}
	}
}

func TestDefaultBulletinIsTheReportingPeriod(t *testing.T) {
	ts, _ := newServer(t)
	_, _, body := get(t, ts, "/bulletin")
	if !strings.Contains(body, "（2022年1—8月）") || !strings.Contains(body, "1—8月，全区规模以上工业企业研发投入24.02亿元") {
		t.Errorf("default bulletin is not 1—8月:\n%.2000s", body)
	}
}

func TestErrors(t *testing.T) {
	ts, _ := newServer(t)
	for path, want := range map[string]int{
		"/node/nowhere":                         http.StatusNotFound,
		"/api/v1/nodes/nowhere":                 http.StatusNotFound,
		"/sources/nowhere":                      http.StatusNotFound,
		"/bulletin?period=2022-13":              http.StatusBadRequest,
		"/api/v1/bulletin?scope=重庆市":            http.StatusBadRequest,
		"/api/v1/observations?period=yesterday": http.StatusBadRequest,
		"/organisations?kind=bank":              http.StatusBadRequest,
		"/no-such-page":                         http.StatusNotFound,
	} {
		status, h, body := get(t, ts, path)
		if status != want {
			t.Errorf("%s → %d, want %d", path, status, want)
		}
		if strings.HasPrefix(path, "/api/") {
			var e map[string]string
			if err := json.Unmarshal([]byte(body), &e); err != nil || e["error"] == "" || !strings.HasPrefix(h.Get("Content-Type"), "application/json") {
				t.Errorf("%s: API error body %q", path, body)
			}
		}
	}
}

func TestTargetsJSONIsExact(t *testing.T) {
	ts, _ := newServer(t)
	_, _, body := get(t, ts, "/api/v1/targets")
	var out struct {
		Targets []struct {
			Scope     struct{ Code string }
			Indicator struct{ Code string }
			Value     string
			Display   string
			Actual    *struct{ Value, Display string }
			Required  *string `json:"required_growth"`
			Status    string
		}
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Targets) != 13 {
		t.Fatalf("%d targets", len(out.Targets))
	}
	for _, x := range out.Targets {
		if x.Indicator.Code == "value_added_above_scale_industry" {
			if x.Value != "80000000000" || x.Display != "突破800亿元" || x.Actual == nil || x.Actual.Value != "37000000000" ||
				x.Required == nil || !strings.HasPrefix(*x.Required, "0.2126") || x.Status != "on_track" {
				t.Errorf("value-added target = %+v", x)
			}
			return
		}
	}
	t.Error("value-added target missing")
}

func TestBulletinDownloadNames(t *testing.T) {
	ts, _ := newServer(t)
	_, h, _ := get(t, ts, "/bulletin.md?scope=fuling&period=2022-01..2022-08")
	cd := h.Get("Content-Disposition")
	if !strings.Contains(cd, `filename="bulletin-fuling-2022-01..2022-08.md"`) || !strings.Contains(cd, "filename*=UTF-8''") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if ct := h.Get("Content-Type"); ct != "text/markdown; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
}

const enterprisesCSV = "../../../shared/cases/import/csv/enterprises_gbk.csv"

// upload posts a file to /imports as the form does and returns the status
// and the redirect target.
func upload(t *testing.T, ts *httptest.Server, path string, fields map[string]string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile("file", filepath.Base(path))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/imports", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusSeeOther {
		t.Logf("upload answered %d: %.500s", res.StatusCode, b)
	}
	return res.StatusCode, res.Header.Get("Location")
}

// waitImport polls an import's page until the job has finished (imports run
// after the upload is answered) and returns the page.
func waitImport(t *testing.T, ts *httptest.Server, loc string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, _, body := get(t, ts, loc)
		if !strings.Contains(body, "正在导入") {
			return body
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s still running after 20 s", loc)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestUploadRejectsThenImportsValidRows(t *testing.T) {
	ts, _ := newServer(t)
	status, loc := upload(t, ts, enterprisesCSV, map[string]string{"period": "2023-01..2023-08"})
	if status != http.StatusSeeOther {
		t.Fatalf("upload: %d", status)
	}
	body := waitImport(t, ts, loc)
	for _, want := range []string{"rejected", "未写入任何数据", "91500102MA60000090", "2022/2/30", "下载错误清单"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", loc, want)
		}
	}
	_, _, body = get(t, ts, "/api/v1/aggregates")
	if !strings.Contains(body, `"aggregates": []`) {
		t.Errorf("a rejected upload wrote data: %.300s", body)
	}
	status, loc = upload(t, ts, enterprisesCSV, map[string]string{"period": "2023-01..2023-08", "valid_only": "1"})
	body = waitImport(t, ts, loc)
	if status != http.StatusSeeOther || !strings.Contains(body, "done") || !strings.Contains(body, "写入 18 条") {
		t.Errorf("valid-only upload: %d %s %.1500s", status, loc, body)
	}
	_, _, body = get(t, ts, "/api/v1/aggregates?node=fuling")
	if !strings.Contains(body, `"value": "212562600"`) {
		t.Errorf("R&D of the imported firms not aggregated: %.800s", body)
	}
	// A cross-origin form post is refused.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/imports", strings.NewReader(""))
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", res.StatusCode)
	}
}

// Facts uploaded as kind 补充事实 are screened on the firm's report; a file
// naming a firm not in the registry is rejected and writes nothing.
func TestFactsUpload(t *testing.T) {
	ts, _ := newServer(t)
	if status, loc := upload(t, ts, enterprisesCSV, map[string]string{"period": "2023-01..2023-08", "valid_only": "1"}); status != http.StatusSeeOther {
		t.Fatalf("registry upload: %d", status)
	} else {
		waitImport(t, ts, loc)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "补充事实.csv")
	os.WriteFile(good, []byte("统一社会信用代码,有效Ⅰ类知识产权（件）,有效Ⅱ类知识产权（件）\n91500102MA6000001J,5,7\n"), 0o644)
	bad := filepath.Join(dir, "外区.csv")
	os.WriteFile(bad, []byte("统一社会信用代码,有效Ⅰ类知识产权（件）\n91500102MA6000001J,5\n91500102MA6000009X,1\n"), 0o644)

	status, loc := upload(t, ts, bad, map[string]string{"kind": "facts", "as_of": "2026-05-10"})
	if status != http.StatusSeeOther || loc != "/imports/2" {
		t.Fatalf("bad facts upload: %d %s", status, loc)
	}
	if _, _, body := get(t, ts, loc); !strings.Contains(body, "补充事实") || !strings.Contains(body, "已拒绝") {
		t.Errorf("rejected job page: %.2000s", body)
	}
	status, loc = upload(t, ts, good, map[string]string{"kind": "facts", "as_of": "2026-05-10"})
	if status != http.StatusSeeOther || loc != "/imports/3" {
		t.Fatalf("facts upload: %d %s", status, loc)
	}
	_, _, body := get(t, ts, "/firms/91500102MA6000001J/screening?day=2024-06-30")
	if !strings.Contains(body, "Ⅰ类5项，Ⅱ类7项") || !strings.Contains(body, "企业补充报送（2026-05-10）") {
		t.Errorf("supplied IP not screened: %.3000s", body)
	}
	if status, _ := upload(t, ts, good, map[string]string{"kind": "facts", "as_of": "2026-12-01"}); status != http.StatusBadRequest {
		t.Errorf("facts supplied tomorrow: %d, want 400", status)
	}
	if status, h, body := get(t, ts, "/templates/facts.xlsx"); status != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(h.Get("Content-Disposition"), "facts") {
		t.Errorf("facts template: %d %v", status, h)
	}
}

// The JSON-stat and xlsx exports carry the same figure; an unknown format
// is refused.
func TestExportFormats(t *testing.T) {
	ts, _ := newServer(t)
	_, _, body := get(t, ts, "/api/v1/export?format=json-stat&scope=fuling&indicator=rd_expenditure_above_scale_industry&period=2022-01..2022-08")
	for _, want := range []string{`"version":"2.0"`, `"class":"dataset"`, `"value":{"0":2402000000}`, `"status":{"0":"A"}`, `"2022-01-01/P8M":0`} {
		if !strings.Contains(body, want) {
			t.Errorf("json-stat lacks %s: %.600s", want, body)
		}
	}
	if status, h, body := get(t, ts, "/api/v1/export?format=xlsx&scope=fuling"); status != 200 || !strings.HasPrefix(body, "PK") || !strings.Contains(h.Get("Content-Disposition"), ".xlsx") {
		t.Errorf("xlsx: %d %v", status, h)
	}
	if status, _, body := get(t, ts, "/api/v1/export?format=pdf"); status != 400 || !strings.Contains(body, "sdmx-csv, json-stat or xlsx") {
		t.Errorf("pdf: %d %s", status, body)
	}
}

// With metrics on, /metrics counts requests by route pattern; off (the
// default), there is no /metrics.
func TestMetrics(t *testing.T) {
	ts, _ := newServer(t)
	if status, _, _ := get(t, ts, "/metrics"); status != http.StatusNotFound {
		t.Errorf("/metrics without metrics: %d", status)
	}
	_, srv, _ := newServerApp(t)
	srv.EnableMetrics()
	ms := httptest.NewServer(srv.Handler())
	defer ms.Close()
	get(t, ms, "/targets")
	get(t, ms, "/node/baitao")
	get(t, ms, "/node/nowhere")
	_, _, body := get(t, ms, "/metrics")
	for _, want := range []string{
		`kechuang_http_requests_total{code="200",route="GET /targets"} 1`,
		`kechuang_http_requests_total{code="200",route="GET /node/{code}"} 1`,
		`kechuang_http_requests_total{code="404",route="GET /node/{code}"} 1`,
		`kechuang_http_request_duration_seconds_count{route="GET /targets"} 1`,
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}
