package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/match"
)

func init() {
	type sample = struct {
		path string
		want []string
	}
	samples["GET /match"] = sample{"/match?period=2026", []string{"产学研对接", "对接漏斗", "2026年", "签订技术合同"}}
	samples["GET /api/v1/match"] = sample{"/api/v1/match?q=%E7%94%B5%E6%B1%A0%E5%9B%9E%E6%94%B6", []string{`"title": "电池回收"`, `"recommendations": []`}}
	samples["GET /demands"] = sample{"/demands", []string{"技术需求", "发布需求", "尚无需求", "/match/template/demands.xlsx"}}
	samples["GET /demands.xlsx"] = sample{"/demands.xlsx", []string{"PK"}}
	samples["GET /achievements"] = sample{"/achievements", []string{"科技成果与科研能力", "发布成果或能力", "尚无成果"}}
	samples["GET /achievements.xlsx"] = sample{"/achievements.xlsx", []string{"PK"}}
	samples["GET /match/template/{kind}"] = sample{"/match/template/achievements.xlsx", []string{"PK"}}
	// These need records: TestMatchPages posts them and checks the pages.
	samples["POST /demands"] = sample{"", nil}
	samples["GET /demands/{id}"] = sample{"", nil}
	samples["POST /demands/{id}/feedback"] = sample{"", nil}
	samples["POST /achievements"] = sample{"", nil}
	samples["GET /achievements/{id}"] = sample{"", nil}
	samples["POST /match/import"] = sample{"", nil}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func matchPost(t *testing.T, base, path string, v url.Values) string {
	t.Helper()
	res, err := noRedirect.PostForm(base+path, v)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("POST %s → %d: %.500s", path, res.StatusCode, b)
	}
	return res.Header.Get("Location")
}

// A person posts achievements and a demand in the forms and sees the
// demand's explained recommendations (matched terms highlighted, factors),
// marks one agreed, links the contract and finds it in the funnel; the
// achievement's page shows the demand in the reverse view; a bad import is
// rejected with its row, column and value.
func TestMatchPages(t *testing.T) {
	ts, _, a := newServerApp(t)
	ach := matchPost(t, ts.URL, "/achievements", url.Values{"owner": {"中南大学"}, "title": {"退役三元锂电池湿法回收镍钴锰锂"}, "abstract": {"选择性浸出与萃取分离回收镍钴锰，锂优先提取。"},
		"field": {"新能源汽车"}, "stage": {"industrial"}, "mode": {"transfer"}, "price_min": {"500"}, "price_max": {"1200"}, "region": {"湖南省长沙市"}})
	matchPost(t, ts.URL, "/achievements", url.Values{"owner": {"东华大学"}, "title": {"耐氯氨纶"}, "field": {"新材料"}})
	loc := matchPost(t, ts.URL, "/demands", url.Values{"firm": {"重庆某新能源科技有限公司"}, "title": {"动力电池回收"}, "description": {"处理退役三元电池，回收镍钴锰锂。"},
		"field": {"新能源汽车"}, "budget_max": {"800"}, "mode": {"transfer", "development"}, "region": {"重庆市涪陵区"}})
	_, _, body := get(t, ts, loc)
	for _, want := range []string{"动力电池回收", "<mark>退役三元锂电池</mark>", "<mark>回收镍钴锰</mark>", "匹配词：<mark>回收镍钴锰锂</mark>、<mark>退役三元</mark>、<mark>电池</mark>", "匹配词", "领域一致：新能源汽车", "最低价500万元不超过预算上限800万元（价格500万—1200万元，预算800万元以下）",
		"技术转让宜为中试以上，成果处于产业化阶段", "异地（湖南省长沙市）", "达成意向"} {
		if !strings.Contains(body, want) {
			t.Errorf("%s lacks %q", loc, want)
		}
	}
	if strings.Contains(body, "耐氯氨纶") {
		t.Errorf("%s recommends an unrelated record", loc)
	}
	achID := strings.TrimPrefix(ach, "/achievements/")
	fb := loc + "/feedback"
	matchPost(t, ts.URL, fb, url.Values{"achievement": {achID}, "status": {"contacted"}})
	matchPost(t, ts.URL, fb, url.Values{"achievement": {achID}, "status": {"agreed"}})
	matchPost(t, ts.URL, fb, url.Values{"achievement": {achID}, "action": {"link"}, "registration_no": {"5001022026000123"}})
	if res, _ := noRedirect.PostForm(ts.URL+fb, url.Values{"achievement": {achID}, "status": {"declined"}, "reason": {"cheap"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown decline reason: %d", res.StatusCode)
	}
	_, _, body = get(t, ts, loc)
	if !strings.Contains(body, "技术合同登记编号 <b>5001022026000123</b>") {
		t.Errorf("contract link not shown")
	}
	_, _, body = get(t, ts, "/match?period=2026")
	for _, want := range []string{`<td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td>`, "5001022026000123"} {
		if !strings.Contains(body, want) {
			t.Errorf("funnel lacks %q", want)
		}
	}
	v, _ := a.View(context.Background(), "")
	fn, _ := a.MatchFunnel(context.Background(), v, matchPeriod(t, "2026"))
	if fn.Demands != 1 || fn.Contacted != 1 || fn.Agreed != 1 || fn.Contracts != 1 {
		t.Errorf("funnel %+v", fn)
	}
	_, _, body = get(t, ts, ach)
	if !strings.Contains(body, "适合的企业需求") || !strings.Contains(body, "动力<mark>电池回收</mark>") {
		t.Errorf("reverse view: %.3000s", body)
	}
	_, _, body = get(t, ts, "/api/v1/match?q="+url.QueryEscape("电池……回收"))
	if !strings.Contains(body, `"title": "退役三元锂电池湿法回收镍钴锰锂"`) || !strings.Contains(body, `"code": "proximity"`) {
		t.Errorf("API: %.1500s", body)
	}

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", "demands")
	fw, _ := mw.CreateFormFile("file", "需求.csv")
	fw.Write([]byte("需求企业,需求名称,预算上限（万元）\n甲公司,芯片封装,abc\n"))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/match/import", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := noRedirect.Do(req)
	if err != nil || res.StatusCode != http.StatusSeeOther {
		t.Fatalf("import: %v %v", res, err)
	}
	_, _, body = get(t, ts, res.Header.Get("Location"))
	for _, want := range []string{"已拒绝", "C 预算上限", "abc", "不是金额"} {
		if !strings.Contains(body, want) {
			t.Errorf("import job lacks %q", want)
		}
	}
	if _, total, _ := a.Store.Demands(context.Background(), v.System.ID, matchFilter()); total != 1 {
		t.Errorf("a rejected import wrote demands: %d", total)
	}
	_ = match.Candidates
}
