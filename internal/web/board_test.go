package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

// TestOrganisationsPostToTheBoard: a firm's account posts its technology
// demand from 我的机构 — as its own firm whatever the form says — and reads
// the explained recommendations, but not another firm's demand (403,
// audited) nor the staff's feedback buttons; an institution's account posts
// an achievement under its own organisation and reads the demands it fits,
// without the registry's firm list, and not another owner's achievement.
func TestOrganisationsPostToTheBoard(t *testing.T) {
	for _, db := range testutil.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { testBoard(t, db.DSN) })
	}
}

// tags are HTML tags, removed to read a page's text (matched words are
// marked inside titles).
var tags = regexp.MustCompile(`<[^>]+>`)

func testBoard(t *testing.T, dsn string) {
	w := newWorld(t, dsn)
	ctx := context.Background()
	v, err := w.a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	other, err := w.a.SaveAchievement(ctx, v, match.Achievement{Owner: "重庆大学", Title: "废旧聚氨酯泡沫化学醇解回收技术",
		Abstract: "将废旧聚氨酯软泡醇解为再生多元醇，回收率90%以上。", Field: "新材料"})
	if err != nil {
		t.Fatal(err)
	}
	demandB, err := w.a.SaveDemand(ctx, v, match.Demand{Firm: nameB, USCC: firmB, Title: "中药提取连续化", Description: "希望采用连续提取工艺。"})
	if err != nil {
		t.Fatal(err)
	}
	post := func(c *http.Client, path string, form url.Values) (int, string) {
		t.Helper()
		res, err := c.PostForm(w.ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		io.Copy(io.Discard, res.Body)
		return res.StatusCode, res.Header.Get("Location")
	}
	id := func(path string) string { return path[strings.LastIndex(path, "/")+1:] }

	rep := w.client(t, auth.Reporter)
	if _, _, body := do(t, rep, "GET", w.ts.URL+"/my"); !strings.Contains(body, "发布技术需求") || !strings.Contains(body, "尚未发布技术需求") {
		t.Fatal("/my of a firm lacks the demand form")
	}
	status, loc := post(rep, "/demands", url.Values{"firm": {nameB}, "uscc": {firmB}, "title": {"废旧聚氨酯泡沫回收再利用"},
		"description": {"每年产生废旧聚氨酯泡沫约3000吨，希望引进化学回收技术，转化为多元醇。"}, "field": {"新材料"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/demands/") {
		t.Fatalf("post a demand: %d → %s", status, loc)
	}
	d, err := w.a.Store.Demand(ctx, v.System.ID, id(loc))
	if err != nil || d.USCC != firmA || d.Firm != nameA {
		t.Fatalf("the demand is posted as %s %s (%v), want firm A", d.Firm, d.USCC, err)
	}
	_, _, body := do(t, rep, "GET", w.ts.URL+loc)
	if !strings.Contains(tags.ReplaceAllString(body, ""), "废旧聚氨酯泡沫化学醇解回收技术") || !strings.Contains(body, "<mark>") || !strings.Contains(body, "文本相关度") {
		t.Error("the firm's demand page lacks the explained recommendation")
	}
	if strings.Contains(body, "/feedback") || strings.Contains(body, `href="/achievements/`) {
		t.Error("a firm's account gets the staff's feedback forms or links it may not follow")
	}
	if _, _, body := do(t, rep, "GET", w.ts.URL+"/my"); !strings.Contains(body, "废旧聚氨酯泡沫回收再利用") {
		t.Error("/my does not list the firm's demand")
	}
	if status, _, body := do(t, rep, "GET", w.ts.URL+"/demands/"+strconv.FormatInt(demandB, 10)); status != http.StatusForbidden || strings.Contains(body, "中药提取连续化") {
		t.Errorf("firm A opens firm B's demand: %d", status)
	}
	if es, _ := w.a.Store.AuditLog(ctx, store.AuditFilter{Action: "refused.out_of_scope", Actor: "firm-a"}); len(es) != 1 || es[0].Entity != "demand" {
		t.Errorf("refusal not audited: %+v", es)
	}

	inst := w.client(t, auth.Institution)
	status, loc = post(inst, "/achievements", url.Values{"owner": {"别的大学"}, "title": {"聚氨酯泡沫糖醇解制再生多元醇"},
		"abstract": {"以糖醇为解聚剂回收废旧聚氨酯泡沫，制得再生多元醇。"}, "field": {"新材料"}})
	if status != http.StatusSeeOther || !strings.HasPrefix(loc, "/achievements/") {
		t.Fatalf("post an achievement: %d → %s", status, loc)
	}
	x, err := w.a.Store.Achievement(ctx, v.System.ID, id(loc))
	if err != nil || x.Owner != nameA || x.OwnerCode != firmA {
		t.Fatalf("the achievement is posted as %s %s (%v)", x.Owner, x.OwnerCode, err)
	}
	_, _, body = do(t, inst, "GET", w.ts.URL+loc)
	if !strings.Contains(tags.ReplaceAllString(body, ""), "废旧聚氨酯泡沫回收再利用") || strings.Contains(body, "行业相符的企业") || strings.Contains(body, `href="/demands/`) {
		t.Error("the institution's achievement page: want the fitting demand, without the registry's firms or links to demands")
	}
	if _, _, body := do(t, inst, "GET", w.ts.URL+"/my"); !strings.Contains(body, "聚氨酯泡沫糖醇解制再生多元醇") {
		t.Error("/my does not list the institution's achievement")
	}
	if status, _, _ := do(t, inst, "GET", w.ts.URL+"/achievements/"+strconv.FormatInt(other, 10)); status != http.StatusForbidden {
		t.Errorf("the institution opens another owner's achievement: %d", status)
	}
	// Staff see both, with feedback.
	if _, _, body := do(t, w.client(t, auth.Analyst), "GET", w.ts.URL+"/demands/"+strconv.FormatInt(d.ID, 10)); !strings.Contains(body, "/feedback") {
		t.Error("staff lose the feedback forms")
	}
}
