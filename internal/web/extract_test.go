package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
)

func init() {
	samples["GET /extract"] = struct {
		path string
		want []string
	}{"/extract", []string{"文本摘录", "摘录并核对", "还没有摘录过文本"}}
	samples["POST /extract"] = struct {
		path string
		want []string
	}{"", nil} // posted by TestExtractReviewAndPeers
	samples["GET /extract/{code}"] = struct {
		path string
		want []string
	}{"", nil} // needs an extraction: TestExtractReviewAndPeers
	samples["POST /extract/figures/{id}"] = struct {
		path string
		want []string
	}{"", nil} // posted by TestExtractReviewAndPeers
	samples["GET /peers"] = struct {
		path string
		want []string
	}{"/peers", []string{"同类地区对比", "还没有已确认的摘录"}}
}

// extractClient is a client that returns redirects instead of following them.
var extractClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func extractPost(t *testing.T, ts *httptest.Server, path string, form url.Values) (int, string) {
	t.Helper()
	res, err := extractClient.PostForm(ts.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	return res.StatusCode, res.Header.Get("Location")
}

var reFigureForm = regexp.MustCompile(`action="/extract/figures/(\d+)"`)

// TestExtractReviewAndPeers pastes four published texts (shared cases 05,
// 07, 11, 14), checks the review table and the highlighted quotes, confirms
// every figure (one corrected, one rejected) and finds the peer comparison
// of Fuling, Chongqing, Yinzhou and Suzhou built from them.
func TestExtractReviewAndPeers(t *testing.T) {
	ts, _ := newServer(t)
	var codes []string
	for _, f := range []string{"05-fuling-2021-statistical-bulletin.txt", "07-chongqing-2022-rd-intensity-no-percent-sign.txt", "11-yinzhou-2023-sti-report-spaces-linebreaks.txt", "14-suzhou-2023-qualifiers-pinyin-injected.txt"} {
		b, err := os.ReadFile("../extract/testdata/cases/" + f)
		if err != nil {
			t.Fatal(err)
		}
		status, loc := extractPost(t, ts, "/extract", url.Values{"text": {string(b)}})
		if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/extract/extract-") {
			t.Fatalf("%s: %d %q", f, status, loc)
		}
		codes = append(codes, loc)
	}
	if status, _ := extractPost(t, ts, "/extract", url.Values{"text": {"  "}}); status != http.StatusBadRequest {
		t.Errorf("empty text: %d", status)
	}
	// the Chongqing item: two figures, the intensity read without its % sign
	status, _, body := get(t, ts, codes[1])
	if status != 200 {
		t.Fatalf("%s: %d", codes[1], status)
	}
	for _, want := range []string{"2条指标陈述，2条未确认", "研发投入强度", "2.36%", "686.6亿元", "同比增长13.7%", "提高0.2个百分点", "missing_percent_sign",
		`<mark class="q" id="q1"><sup>1</sup>R&amp;D經費投入強度2.36`, "重庆市", "500000", "未确认"} {
		if !strings.Contains(body, want) {
			t.Errorf("review page lacks %q", want)
		}
	}
	// confirm everything; correct Suzhou's R&D spending, reject its duplicate headline
	for i, code := range codes {
		_, _, body := get(t, ts, code)
		ids := reFigureForm.FindAllStringSubmatch(body, -1)
		if len(ids) == 0 {
			t.Fatalf("%s: no figures", code)
		}
		for k, m := range ids {
			form := url.Values{"action": {"confirm"}}
			if i == 3 && k == 0 {
				form = url.Values{"action": {"reject"}, "note": {"标题重复正文"}}
			}
			if i == 3 && k == 1 {
				form.Set("value", "1055.2亿元")
			}
			if status, loc := extractPost(t, ts, "/extract/figures/"+m[1], form); status != http.StatusSeeOther || !strings.HasPrefix(loc, code+"#f") {
				t.Fatalf("review %s: %d %q", m[1], status, loc)
			}
		}
	}
	if status, _ := extractPost(t, ts, "/extract/figures/1", url.Values{"action": {"confirm"}, "value": {"12户"}}); status != http.StatusBadRequest {
		t.Errorf("a count as the correction of a yuan figure: %d", status)
	}
	_, _, body = get(t, ts, codes[3])
	for _, want := range []string{"已驳回", "标题重复正文", "已确认（已更正）", "更正（原数值 105500000000）", "1055.2亿元"} {
		if !strings.Contains(body, want) {
			t.Errorf("Suzhou review lacks %q", want)
		}
	}
	_, _, body = get(t, ts, "/peers")
	for _, want := range []string{
		"研发投入强度", "重庆市", "500000", "2.36%", "鄞州区", "330212", "3.02%",
		"研发经费投入（全社会）", "686.6亿元", "苏州市", "320500", "1055.2亿元",
		"高新技术企业", "1.57万家", "涪陵区", "2022年", "2023年"} {
		if !strings.Contains(body, want) {
			t.Errorf("/peers lacks %q", want)
		}
	}
	if strings.Contains(body, `cell">1055亿元`) {
		i := strings.Index(body, "1055亿元")
		t.Errorf("/peers shows the rejected or uncorrected 1055亿元: %s", body[max(0, i-300):i+20])
	}
	_, _, body = get(t, ts, "/extract")
	if !strings.Contains(body, "2023年科技进步报告") {
		t.Error("/extract does not list the Yinzhou report")
	}
}
