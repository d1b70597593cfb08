package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/ledger"
)

// Route samples of the ledger pages, on the seeded database without ledger
// records: the check table lists the published figures.
func init() {
	type sample = struct {
		path string
		want []string
	}
	samples["GET /contracts"] = sample{"/contracts", []string{"技术合同登记台账", "台账尚无记录", "51项", "5亿元", "7010.2万元", "2022年前三季度", "录入技术合同", "非技术性扣除"}}
	samples["POST /contracts"] = sample{"", nil}
	samples["POST /contracts/import"] = sample{"", nil}
	samples["GET /contracts.xlsx"] = sample{"/contracts.xlsx", []string{"PK"}}
	samples["GET /loans"] = sample{"/loans", []string{"知识价值信用贷款台账", "33家", "6100万元", "3.26亿元", "2022年10月1日", "80%", "4:6"}}
	samples["POST /loans"] = sample{"", nil}
	samples["POST /loans/import"] = sample{"", nil}
	samples["GET /loans.xlsx"] = sample{"/loans.xlsx", []string{"PK"}}
	samples["GET /incubation"] = sample{"/incubation", []string{"孵化载体台账", "1个", "3个", "14个", "超过300家", "录入在孵企业"}}
	samples["POST /incubation"] = sample{"", nil}
	samples["POST /incubation/import"] = sample{"", nil}
	samples["GET /incubation.xlsx"] = sample{"/incubation.xlsx", []string{"PK"}}
	samples["GET /incubation/screening"] = sample{"/incubation/screening", []string{"国家级科技企业孵化器条件", "≥10000平方米", "≥75%（含公共服务面积）", "国科发区〔2018〕300号"}}
	samples["GET /talent"] = sample{"/talent", []string{"人才台账", "38个", "380名", "1名", "5个", "录入人才计划入选", "保密"}}
	samples["POST /talent"] = sample{"", nil}
	samples["POST /talent/import"] = sample{"", nil}
	samples["GET /talent.xlsx"] = sample{"/talent.xlsx", []string{"PK"}}
}

func postFile(t *testing.T, ts *httptest.Server, path, name, content string) (int, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

func postForm(t *testing.T, ts *httptest.Server, path string, form url.Values) (int, string, string) {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.PostForm(ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

const contractsCSV = "登记编号,合同类型,卖方名称,卖方所在地区,买方名称,买方所在地区,签订日期,登记日期,合同成交额（万元）,非技术性扣除,技术交易额（万元）\n" +
	"K1,技术开发（委托）,甲公司,,乙公司,北京市,2022-03-01,2022-03-10,500,试验设备=120万元；原材料=30万元,350\n" +
	"K2,技术转让,丙公司,涪陵区,丁公司,,2022-04-01,2022-04-08,200,中试设备=5套×20万元（技术载体，合理2套）,\n"

// A ledger file with a bad row writes nothing and lists the problem; the
// corrected file is stored, its aggregates shown beside the published
// figures and written into the indicator system; a record typed by hand is
// checked the same way.
func TestContractsImportAndEntry(t *testing.T) {
	ts, _ := newServer(t)
	bad := strings.Replace(contractsCSV, ",350\n", ",360\n", 1)
	status, loc := postFile(t, ts, "/contracts/import", "合同.csv", bad)
	if status != http.StatusSeeOther {
		t.Fatalf("upload: %d", status)
	}
	body := waitImport(t, ts, loc)
	for _, want := range []string{"rejected", "技术交易额（万元）", "360", "the deductions give 350万元"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q:\n%.3000s", loc, want, body)
		}
	}
	if _, _, page := get(t, ts, "/contracts?period=2022"); !strings.Contains(page, "台账尚无记录") {
		t.Error("a rejected file wrote records")
	}
	status, loc = postFile(t, ts, "/contracts/import", "合同.csv", contractsCSV)
	body = waitImport(t, ts, loc)
	if status != http.StatusSeeOther || !strings.Contains(body, "新增2条") {
		t.Fatalf("good file: %d %.2000s", status, body)
	}
	_, _, page := get(t, ts, "/contracts?period=2022-01..2022-09")
	for _, want := range []string{"2项", "700万元", "490万元", "技术开发（委托）", "中试设备=5套×20万元（技术载体，合理2套）", "140万元", "北京市"} {
		if !strings.Contains(page, want) {
			t.Errorf("/contracts lacks %q", want)
		}
	}
	_, _, api := get(t, ts, "/api/v1/observations?scope=fuling&indicator=tech_transaction_value")
	if !strings.Contains(api, `"value": "4900000"`) || !strings.Contains(api, `"value": "70102000"`) {
		t.Errorf("ledger figure not beside the published one in the indicator system:\n%.1500s", api)
	}
	// By hand: a transaction value above the contract value is refused, with
	// the field named; a good record is added.
	form := url.Values{"schema": {"技术合同"}, "reg_no": {"K3"}, "kind": {"技术咨询"}, "seller_name": {"戊"}, "buyer_name": {"己"},
		"signed_on": {"2022-05-01"}, "registered_on": {"2022-05-02"}, "value": {"50"}, "transaction": {"60"}}
	status, _, page = postForm(t, ts, "/contracts", form)
	if status != http.StatusBadRequest || !strings.Contains(page, "技术交易额 exceeds 合同成交额 50万元") || !strings.Contains(page, "未录入") {
		t.Errorf("bad entry: %d %.500s", status, page)
	}
	form.Set("transaction", "50")
	if status, loc, _ := postForm(t, ts, "/contracts", form); status != http.StatusSeeOther || !strings.HasPrefix(loc, "/contracts?added=") {
		t.Fatalf("good entry: %d %s", status, loc)
	}
	if _, _, page := get(t, ts, "/contracts?period=2022-01..2022-09"); !strings.Contains(page, "3项") || !strings.Contains(page, "750万元") {
		t.Error("entered contract not counted")
	}
}

// The demo ledgers agree with every published figure on the pages, the
// talent page keeps identity numbers out, and the loans page shows the
// risk split.
func TestLedgerPagesWithDemo(t *testing.T) {
	ts, _, a := newServerApp(t)
	ctx := context.Background()
	v, err := a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	books := demo.Ledgers(1, []string{"baitao", "huigu-lake", "fl-htz"})
	for _, k := range ledger.Kinds {
		if _, err := a.LoadLedgerBooks(ctx, v, k, books[k], "demo"); err != nil {
			t.Fatal(k, err)
		}
	}
	for path, wants := range map[string][]string{
		"/contracts":  {"51项", "7010.2万元", "一致"},
		"/loans":      {"33家", "6100万元", "3.26亿元", "补偿资金代偿", "其中市级"},
		"/incubation": {"312家", "超过300家", "符合", "入孵时已成立"},
		"/talent":     {"38个", "380名", "创新创业示范团队", "演示人才001"},
	} {
		_, _, page := get(t, ts, path)
		for _, w := range wants {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %q", path, w)
			}
		}
		if strings.Contains(page, "不一致") {
			t.Errorf("%s: a ledger figure disagrees with the published one", path)
		}
		if strings.Contains(page, "DEMO0000") {
			t.Errorf("%s shows an identity number", path)
		}
	}
}

// With the demo ledgers loaded, the 1—9月 bulletin prints each figure once
// (the published one) and adds the ledger figures nothing published.
func TestBulletinWithLedgers(t *testing.T) {
	ts, _, a := newServerApp(t)
	ctx := context.Background()
	v, _ := a.View(ctx, "")
	books := demo.Ledgers(1, []string{"baitao"})
	for _, k := range ledger.Kinds {
		if _, err := a.LoadLedgerBooks(ctx, v, k, books[k], "demo"); err != nil {
			t.Fatal(err)
		}
	}
	_, _, body := get(t, ts, "/bulletin.md?scope=fuling&period=2022Q1-Q3")
	for _, line := range strings.Split(body, "\n") {
		if n := strings.Count(line, "登记技术交易合同"); n > 1 {
			t.Errorf("a paragraph gives 登记技术交易合同 %d times: %s", n, line)
		}
	}
	if !strings.Contains(body, "前三季度，全区登记技术交易合同51项，技术合同成交额达到5亿元，技术交易额7010.2万元") {
		t.Errorf("published figures missing:\n%.2000s", body)
	}
	if !strings.Contains(body, "输出技术合同51项") {
		t.Errorf("ledger-only figure missing:\n%.2000s", body)
	}
}
