package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
	"github.com/kechuang/kechuang/internal/web"
)

type sample = struct {
	path string
	want []string
}

func init() {
	samples["GET /login"] = sample{"/login", []string{"登录", "未启用账号登录"}}
	samples["POST /login"] = sample{} // TestRolesAndRoutes, TestLoginThrottleAndAudit
	samples["POST /logout"] = sample{}
	samples["GET /account"] = sample{"/account", []string{"修改密码"}}
	samples["POST /account"] = sample{}
	samples["GET /admin/users"] = sample{"/admin/users", []string{"账号管理", "创建账号"}}
	samples["POST /admin/users"] = sample{}
	samples["GET /admin/audit"] = sample{"/admin/audit", []string{"审计日志", "只增不改"}}
	samples["GET /admin/audit.xlsx"] = sample{"/admin/audit.xlsx", []string{"PK"}}
	samples["GET /my"] = sample{"/my", []string{"未关联机构"}}
	samples["GET /report"] = sample{"/report", []string{"填报月报", "研发投入"}}
	samples["POST /report"] = sample{}
	samples["GET /public"] = sample{"/public", []string{"公开数据", "24.02亿元", "500102"}}
	samples["GET /region"] = sample{"/region?code=5001", []string{"区域汇总", "涪陵区", "500102", "合计", "1个区县"}}
}

// Two firms in two carriers, with reports and an expiring certificate each:
// 白涛 (firm A) and 慧谷湖 (firm B).
const (
	firmA, nameA = "91500102MA6000001J", "重庆白涛甲新材料有限公司"
	firmB, nameB = "91500102MA6000002M", "重庆慧谷乙生物医药有限公司"
)

type world struct {
	ts  *httptest.Server
	srv *web.Server
	a   *app.App
	pw  map[auth.Role]string // role → password of its account
}

func newWorld(t testing.TB, dsn string) *world {
	t.Helper()
	ctx := context.Background()
	cfg := config.Default()
	cfg.DataDir, cfg.Seed = t.TempDir(), true
	cfg.DatabaseURL = ""
	if strings.HasPrefix(dsn, "postgres") {
		cfg.DatabaseURL = dsn
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.Open(ctx, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	a.Now = func() time.Time { return time.Date(2023, 9, 1, 10, 0, 0, 0, time.UTC) }
	v, err := a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	d := func(s string) *decimal.Decimal { x := decimal.RequireFromString(s); return &x }
	firms := []model.Firm{
		{USCC: firmA, Name: nameA, RegisteredOn: "2015-03-01", Memberships: []model.Membership{{NodeCode: "baitao"}},
			Recognitions: []model.Recognition{{Name: model.HighTechEnterprise, Level: "national", Granted: "2020-11-20", ValidUntil: "2023-11-19"}}},
		{USCC: firmB, Name: nameB, RegisteredOn: "2016-04-01", Memberships: []model.Membership{{NodeCode: "huigu-lake"}},
			Recognitions: []model.Recognition{{Name: model.HighTechEnterprise, Level: "national", Granted: "2020-12-01", ValidUntil: "2023-11-30"}}},
	}
	id, _ := a.Store.StartImport(ctx, v.System.ID, "registry", "t", "", a.Now())
	if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, firms, "2023-01-01"); err != nil {
		t.Fatal(err)
	}
	var reps []model.Report
	for _, f := range []string{firmA, firmB} {
		reps = append(reps, model.Report{USCC: f, Indicator: "rd_expenditure", Year: 2023, Month: 8, Value: d("1234567.89"), Prior: d("1000000")},
			model.Report{USCC: f, Indicator: "operating_revenue", Year: 2023, Month: 8, Value: d("98765432.10"), Prior: d("90000000")})
	}
	if err := a.Store.InsertReports(ctx, v.System.ID, id, reps); err != nil {
		t.Fatal(err)
	}
	a.Store.FinishImport(ctx, id, "done", 2, 2, nil, "", a.Now())
	w := &world{a: a, pw: map[auth.Role]string{}}
	for _, u := range []store.User{
		{Login: "admin1", Role: auth.Admin}, {Login: "analyst1", Role: auth.Analyst}, {Login: "leader1", Role: auth.Leader},
		{Login: "baitao1", Role: auth.Officer, Node: "baitao"}, {Login: "firm-a", Role: auth.Reporter, OrgUSCC: firmA},
		{Login: "inst1", Role: auth.Institution, OrgUSCC: firmA},
	} {
		pw, _ := auth.RandomPassword()
		h, _ := auth.HashPassword(pw)
		if _, err := a.Store.CreateUser(ctx, u, h, "test", a.Now()); err != nil {
			t.Fatal(err)
		}
		// Accounts start with must_change; set a permanent password.
		if err := a.Store.SetPassword(ctx, u.Login, h, false, "", "test", a.Now()); err != nil {
			t.Fatal(err)
		}
		w.pw[u.Role] = pw
	}
	w.srv, err = web.New(a, log, web.WithAuth(false))
	if err != nil {
		t.Fatal(err)
	}
	w.ts = httptest.NewServer(w.srv.Handler())
	t.Cleanup(w.ts.Close)
	return w
}

var logins = map[auth.Role]string{auth.Admin: "admin1", auth.Analyst: "analyst1", auth.Leader: "leader1",
	auth.Officer: "baitao1", auth.Reporter: "firm-a", auth.Institution: "inst1"}

// client signs in as role (no cookie for auth.Public) and does not follow
// redirects.
func (w *world) client(t *testing.T, role auth.Role) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if role == auth.Public {
		return c
	}
	res, err := c.PostForm(w.ts.URL+"/login", url.Values{"login": {logins[role]}, "password": {w.pw[role]}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/" {
		t.Fatalf("sign-in as %s: %d → %s", role, res.StatusCode, res.Header.Get("Location"))
	}
	return c
}

func do(t *testing.T, c *http.Client, method, u string) (int, string, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(""))
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header.Get("Location"), string(b)
}

var pathParam = regexp.MustCompile(`\{[^}]+\}`)

// TestRolesAndRoutes walks every route of the router for every role, with
// data of two carriers: a role outside a route's rule is refused (sign-in
// for the public, 403 for accounts), and no answer to an officer of 白涛 or
// to firm A's reporter contains firm B, none to the public contains either
// firm. Scoped requests for the other carrier or firm are refused.
func TestRolesAndRoutes(t *testing.T) {
	for _, db := range testutil.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { testRolesAndRoutes(t, db.DSN) })
	}
}

func testRolesAndRoutes(t *testing.T, dsn string) {
	w := newWorld(t, dsn)
	roles := append([]auth.Role{auth.Public}, auth.Roles...)
	clients := map[auth.Role]*http.Client{}
	for _, r := range roles {
		clients[r] = w.client(t, r)
	}
	routes := w.srv.Routes()
	if len(routes) < 80 {
		t.Fatalf("only %d routes", len(routes))
	}
	for _, pattern := range routes {
		method, path, _ := strings.Cut(pattern, " ")
		ru, ok := web.Policy(pattern)
		if !ok {
			t.Errorf("%s has no access rule", pattern)
			continue
		}
		// A request for the pattern: the sample's path, or the pattern with
		// its parameters filled in.
		u := samples[pattern].path
		if u == "" || method == http.MethodPost {
			u = strings.TrimSuffix(pathParam.ReplaceAllString(path, "1"), "{$}")
		}
		for _, role := range roles {
			if role != auth.Public && (pattern == "POST /logout" || pattern == "POST /login") {
				continue // would end the session the walk goes on with
			}
			status, loc, body := do(t, clients[role], method, w.ts.URL+u)
			allowed := ru.Admits(role)
			switch {
			case !allowed && role == auth.Public:
				if !(status == http.StatusSeeOther && strings.HasPrefix(loc, "/login")) && status != http.StatusUnauthorized {
					t.Errorf("public %s %s: %d %s, want sign-in", method, u, status, loc)
				}
			case !allowed:
				if status != http.StatusForbidden {
					t.Errorf("%s %s %s: %d, want 403", role, method, u, status)
				}
			case pattern == "POST /login" && status == http.StatusUnauthorized:
				// no credentials given
			case status == http.StatusForbidden || status == http.StatusUnauthorized:
				// Allowed by the rule; a scope refusal is fine only for scoped roles.
				if role != auth.Officer && role != auth.Reporter && role != auth.Institution {
					t.Errorf("%s %s %s: %d though the rule admits the role", role, method, u, status)
				}
			}
			leak := func(firms ...string) {
				for _, f := range firms {
					// (A redirect to sign-in repeats the requested URL.)
					if strings.Contains(body, f) && !strings.Contains(u, f) {
						t.Errorf("%s %s %s: the answer contains %s", role, method, u, f)
					}
				}
			}
			switch role {
			case auth.Public:
				leak(firmA, nameA, firmB, nameB)
			case auth.Officer, auth.Reporter, auth.Institution:
				leak(firmB, nameB)
			}
		}
	}

	// Scoped requests for the other carrier or firm are refused, and the
	// attempt is logged; within scope they answer.
	for _, c := range []struct {
		role   auth.Role
		path   string
		status int
		want   string
	}{
		{auth.Officer, "/pipeline?day=2023-09-01&node=huigu-lake", http.StatusForbidden, ""},
		{auth.Officer, "/pipeline/candidates.xlsx?day=2023-09-01&node=huigu-lake&to=high_tech", http.StatusForbidden, ""},
		{auth.Officer, "/api/v1/aggregates?node=huigu-lake", http.StatusForbidden, ""},
		{auth.Officer, "/firms/" + firmB + "/screening?day=2023-09-01", http.StatusForbidden, ""},
		{auth.Officer, "/api/v1/firms/" + firmB + "/screening?day=2023-09-01", http.StatusForbidden, ""},
		{auth.Officer, "/pipeline?day=2023-09-01", http.StatusOK, nameA},
		{auth.Officer, "/firms/" + firmA + "/screening?day=2023-09-01", http.StatusOK, nameA},
		{auth.Officer, "/organisations", http.StatusOK, nameA},
		{auth.Reporter, "/firms/" + firmB + "/screening?day=2023-09-01", http.StatusForbidden, ""},
		{auth.Reporter, "/firms/" + firmA + "/screening?day=2023-09-01", http.StatusOK, nameA},
		{auth.Reporter, "/my", http.StatusOK, "123.456789万元"},
		{auth.Analyst, "/pipeline?day=2023-09-01&node=huigu-lake", http.StatusOK, nameB},
		{auth.Leader, "/api/v1/aggregates?node=huigu-lake", http.StatusOK, `"node": "huigu-lake"`},
	} {
		status, _, body := do(t, clients[c.role], http.MethodGet, w.ts.URL+c.path)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s %s: %d, want %d with %q: %.300s", c.role, c.path, status, c.status, c.want, body)
		}
		for _, other := range []string{firmB, nameB} {
			if c.role != auth.Analyst && c.role != auth.Leader && strings.Contains(body, other) {
				t.Errorf("%s %s leaks %s", c.role, c.path, other)
			}
		}
	}
}

// Sign-in: a wrong password is refused and logged, repeated failures lock
// the login, a new account must change its password first, and the audit
// log records every event without a secret.
func TestLoginThrottleAndAudit(t *testing.T) {
	for _, db := range testutil.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { testLoginThrottleAndAudit(t, db.DSN) })
	}
}

func testLoginThrottleAndAudit(t *testing.T, dsn string) {
	w := newWorld(t, dsn)
	ctx := context.Background()
	c := w.client(t, auth.Public)
	for i := 0; i < 6; i++ {
		status, _, body := do(t, c, http.MethodPost, w.ts.URL+"/login?"+url.Values{}.Encode())
		_ = body
		if status != http.StatusUnauthorized {
			t.Fatalf("empty sign-in: %d", status)
		}
	}
	res, _ := c.PostForm(w.ts.URL+"/login", url.Values{"login": {"analyst1"}, "password": {"wrong-Password1"}})
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong password: %d", res.StatusCode)
	}
	for i := 0; i < 5; i++ {
		r, _ := c.PostForm(w.ts.URL+"/login", url.Values{"login": {"analyst1"}, "password": {"wrong-Password1"}})
		r.Body.Close()
	}
	res, _ = c.PostForm(w.ts.URL+"/login", url.Values{"login": {"analyst1"}, "password": {w.pw[auth.Analyst]}})
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(string(b), "尝试次数过多") {
		t.Errorf("after 6 failures the right password must wait: %d %.200s", res.StatusCode, b)
	}

	// A new account must change its password before anything else.
	pw, _ := auth.RandomPassword()
	h, _ := auth.HashPassword(pw)
	if _, err := w.a.Store.CreateUser(ctx, store.User{Login: "newbie", Role: auth.Leader}, h, "admin1", w.a.Now()); err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	nc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, _ = nc.PostForm(w.ts.URL+"/login", url.Values{"login": {"newbie"}, "password": {pw}})
	res.Body.Close()
	if res.Header.Get("Location") != "/account?must=1" {
		t.Errorf("first sign-in goes to %s", res.Header.Get("Location"))
	}
	if status, loc, _ := do(t, nc, http.MethodGet, w.ts.URL+"/targets"); status != http.StatusSeeOther || loc != "/account?must=1" {
		t.Errorf("before changing the password /targets answers %d %s", status, loc)
	}
	res, _ = nc.PostForm(w.ts.URL+"/account", url.Values{"old": {pw}, "new": {"short"}, "again": {"short"}})
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("weak password accepted: %d", res.StatusCode)
	}
	newPW := "Fuling-2026-keji"
	res, _ = nc.PostForm(w.ts.URL+"/account", url.Values{"old": {pw}, "new": {newPW}, "again": {newPW}})
	res.Body.Close()
	if status, _, _ := do(t, nc, http.MethodGet, w.ts.URL+"/targets"); res.StatusCode != http.StatusSeeOther || status != http.StatusOK {
		t.Errorf("after the change: %d, /targets %d", res.StatusCode, status)
	}

	// A change through a form is audited with its fields.
	ac := w.client(t, auth.Admin)
	res, _ = ac.PostForm(w.ts.URL+"/admin/users", url.Values{"action": {"create"}, "login": {"viewer2"}, "role": {"leader"}})
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("create viewer2: %d", res.StatusCode)
	}
	log, err := w.a.Store.AuditLog(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, e := range log {
		count[e.Action]++
		if e.EntityID == "newbie" {
			count["newbie."+e.Action]++
		}
		for _, secret := range []string{pw, newPW, w.pw[auth.Analyst], "wrong-Password1", "$argon2id$"} {
			if strings.Contains(e.Before+e.After+e.EntityID+e.Via, secret) {
				t.Errorf("audit entry %d holds a secret: %+v", e.ID, e)
			}
		}
	}
	// (The form's entry is written as its answer completes: wait for it.)
	form := false
	for try := 0; try < 100 && !form; try++ {
		entries, _ := w.a.Store.AuditLog(ctx, store.AuditFilter{Action: "form POST /admin/users"})
		for _, e := range entries {
			if e.Actor == "admin1" && strings.Contains(e.After, `"login":"viewer2"`) && e.Via == "HTTP 200" {
				form = true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !form {
		t.Error("the account form's change is not in the audit log")
	}
	if count["login.failed"] < 6 || count["login.throttled"] < 1 || count["newbie.user.password_change"] != 1 || count["newbie.user.create"] != 1 || count["user.create"] < 7 || count["login.ok"] < 1 {
		t.Errorf("audit counts %v", count)
	}
	// Append-only: the database refuses to change or delete an entry.
	if _, err := w.a.DB.W.Exec(`UPDATE audit_log SET actor = 'x'`); err == nil {
		t.Error("audit_log updated")
	}
	if _, err := w.a.DB.W.Exec(`DELETE FROM audit_log`); err == nil {
		t.Error("audit_log rows deleted")
	}
}

// A reporter files their firm's monthly report in the browser: every bad
// cell is listed at once and nothing is written; a good form is stored; a
// forged credit code is refused.
func TestReporterFilesReport(t *testing.T) {
	w := newWorld(t, "")
	c := w.client(t, auth.Reporter)
	form := url.Values{"period": {"2023-01..2023-09"}, "rd_expenditure": {"12x"}, "rd_expenditure_prior": {"100"}, "employees": {"-3"}}
	res, _ := c.PostForm(w.ts.URL+"/report", form)
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), "12x") || !strings.Contains(string(b), "-3") {
		t.Fatalf("bad form: %d %.1500s", res.StatusCode, b)
	}
	form = url.Values{"period": {"2023-01..2023-09"}, "rd_expenditure": {"150.5"}, "rd_expenditure_prior": {"120"}, "operating_revenue": {"10000"}, "operating_revenue_prior": {"9000"}}
	res, _ = c.PostForm(w.ts.URL+"/report", form)
	b, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), "已提交2023年1—9月月报") {
		t.Fatalf("good form: %d %.1500s", res.StatusCode, b)
	}
	h, err := w.a.Store.ReportHistory(context.Background(), 1, firmA, "rd_expenditure", 2023, 9)
	if err != nil || len(h) != 1 || h[0].Value.String() != "1505000" {
		t.Errorf("stored R&D 1—9月: %+v %v", h, err)
	}
	form.Set("uscc", firmB)
	res, _ = c.PostForm(w.ts.URL+"/report", form)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("forged firm: %d", res.StatusCode)
	}
}
