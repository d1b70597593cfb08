package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/testutil"
)

// Firm C is in the second district, 长寿区 (system changshou, 500115).
const (
	firmC, nameC = "91500115MA6000003X", "重庆长寿丙化工有限公司"
	csName       = "长寿区科创体系（测试）"
)

// addDistrict loads the second district into w's installation with firm C
// and its report, and its accounts: an analyst and an administrator of the
// district and an officer of its park (whose district comes from the node).
// It returns the accounts' passwords by login.
func addDistrict(t *testing.T, w *world) map[string]string {
	t.Helper()
	ctx := context.Background()
	data, err := os.ReadFile("../app/testdata/changshou-system.yaml")
	if err != nil {
		t.Fatal(err)
	}
	st, err := dataset.ParseStructure("changshou-system.yaml", data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.a.Store.LoadStructure(ctx, st); err != nil {
		t.Fatal(err)
	}
	v, err := w.a.View(ctx, "changshou")
	if err != nil {
		t.Fatal(err)
	}
	id, _ := w.a.Store.StartImport(ctx, v.System.ID, "registry", "t", "", w.a.Now())
	if _, err := w.a.Store.WriteRegistry(ctx, v.System.ID, id, []model.Firm{{USCC: firmC, Name: nameC, RegisteredOn: "2017-05-01",
		Memberships: []model.Membership{{NodeCode: "cs-park"}}}}, "2023-01-01"); err != nil {
		t.Fatal(err)
	}
	val, prior := decimal.RequireFromString("7654321"), decimal.RequireFromString("7000000")
	if err := w.a.Store.InsertReports(ctx, v.System.ID, id, []model.Report{{USCC: firmC, Indicator: "rd_expenditure", Year: 2023, Month: 8, Value: &val, Prior: &prior}}); err != nil {
		t.Fatal(err)
	}
	w.a.Store.FinishImport(ctx, id, "done", 1, 1, nil, "", w.a.Now())
	pw := map[string]string{}
	for _, u := range []store.User{
		{Login: "cs-analyst", Role: auth.Analyst, System: "changshou"},
		{Login: "cs-admin", Role: auth.Admin, System: "changshou"},
		{Login: "cs-officer", Role: auth.Officer, Node: "cs-park"},
	} {
		p, _ := auth.RandomPassword()
		h, _ := auth.HashPassword(p)
		if _, err := w.a.Store.CreateUser(ctx, u, h, "test", w.a.Now()); err != nil {
			t.Fatal(err)
		}
		if err := w.a.Store.SetPassword(ctx, u.Login, h, false, "", "test", w.a.Now()); err != nil {
			t.Fatal(err)
		}
		pw[u.Login] = p
	}
	return pw
}

func (w *world) signIn(t *testing.T, login, password string) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.PostForm(w.ts.URL+"/login", url.Values{"login": {login}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign-in as %s: %d", login, res.StatusCode)
	}
	return c
}

// TestDistrictsInOneInstallation: two districts' systems in one database
// (涪陵 500102 with firms A and B, 长寿 500115 with firm C). A district's
// accounts work in their district only — every GET route of the router
// answers them without a firm of the other district, asking for the other
// district is refused and audited — while an installation-level account
// chooses the district (?district=, remembered) and sees the region view of
// both. A district's administrator manages its district's accounts only.
func TestDistrictsInOneInstallation(t *testing.T) {
	for _, db := range testutil.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { testDistricts(t, db.DSN) })
	}
}

func testDistricts(t *testing.T, dsn string) {
	w := newWorld(t, dsn)
	pw := addDistrict(t, w)
	ctx := context.Background()
	officer, _, err := w.a.Store.UserByLogin(ctx, "cs-officer")
	if err != nil || officer.System != "changshou" {
		t.Fatalf("officer of cs-park: district %q, %v", officer.System, err)
	}
	analyst1, _, _ := w.a.Store.UserByLogin(ctx, "analyst1")
	if analyst1.System != "" {
		t.Fatalf("analyst1 created without a district belongs to %q", analyst1.System)
	}

	cs := w.signIn(t, "cs-analyst", pw["cs-analyst"])
	csAdmin := w.signIn(t, "cs-admin", pw["cs-admin"])
	csOfficer := w.signIn(t, "cs-officer", pw["cs-officer"])
	// Every GET route, as the district's accounts: nothing of 涪陵's firms.
	for _, pattern := range w.srv.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if method != http.MethodGet {
			continue
		}
		u := samples[pattern].path
		if u == "" {
			u = strings.TrimSuffix(pathParam.ReplaceAllString(path, "1"), "{$}")
		}
		for login, c := range map[string]*http.Client{"cs-analyst": cs, "cs-admin": csAdmin, "cs-officer": csOfficer} {
			status, _, body := do(t, c, method, w.ts.URL+u)
			if status >= 500 {
				t.Errorf("%s as %s: %d", u, login, status)
			}
			for _, leak := range []string{firmA, firmB, nameA, nameB} {
				// A 404 may repeat the code asked for in the path.
				echo := status == http.StatusNotFound && strings.Contains(u, leak)
				if strings.Contains(body, leak) && !echo {
					t.Errorf("%s as %s shows %s of the other district", u, login, leak)
				}
			}
		}
	}
	if _, _, body := do(t, cs, "GET", w.ts.URL+"/organisations"); !strings.Contains(body, nameC) || !strings.Contains(body, csName) {
		t.Errorf("长寿 analyst's registry lacks firm C or the district's name")
	}
	if _, _, body := do(t, cs, "GET", w.ts.URL+"/api/v1/system"); !strings.Contains(body, `"region_code": "500115"`) {
		t.Errorf("长寿 analyst's /api/v1/system: %.200s", body)
	}
	// Asking for the other district: refused and audited, page or API.
	for _, u := range []string{"/organisations?district=fuling", "/api/v1/system?district=fuling"} {
		if status, _, body := do(t, cs, "GET", w.ts.URL+u); status != http.StatusForbidden || strings.Contains(body, nameA) {
			t.Errorf("%s as the 长寿 analyst: %d", u, status)
		}
	}
	if es, _ := w.a.Store.AuditLog(ctx, store.AuditFilter{Action: "refused.district", Actor: "cs-analyst"}); len(es) != 2 || es[0].EntityID != "fuling" {
		t.Errorf("audit of the refusals: %+v", es)
	}
	// The region view: a district's account sees its own row only.
	if _, _, body := do(t, cs, "GET", w.ts.URL+"/region?code=5001&period=2023-01..2023-08"); strings.Contains(body, "涪陵区") || !strings.Contains(body, "长寿区") {
		t.Errorf("长寿 analyst's region view shows 涪陵区 or lacks 长寿区")
	}

	// The installation-level analyst: the default district, then 长寿 by
	// ?district=, remembered by the cookie; the switcher lists both.
	inst := w.client(t, auth.Analyst)
	if _, _, body := do(t, inst, "GET", w.ts.URL+"/organisations"); !strings.Contains(body, nameA) || strings.Contains(body, nameC) ||
		!strings.Contains(body, `name="district"`) || !strings.Contains(body, "长寿区（500115）") {
		t.Errorf("installation analyst, default district: want 涪陵's firms and the district switcher")
	}
	if _, _, body := do(t, inst, "GET", w.ts.URL+"/organisations?district=changshou"); !strings.Contains(body, nameC) || strings.Contains(body, nameA) {
		t.Errorf("installation analyst, ?district=changshou: want firm C only")
	}
	if _, _, body := do(t, inst, "GET", w.ts.URL+"/organisations"); !strings.Contains(body, nameC) {
		t.Errorf("the chosen district is not remembered")
	}
	if status, _, _ := do(t, inst, "GET", w.ts.URL+"/organisations?district=nowhere"); status != http.StatusNotFound {
		t.Errorf("unknown district: %d", status)
	}
	if _, _, body := do(t, inst, "GET", w.ts.URL+"/region?code=5001&period=2023-01..2023-08"); !strings.Contains(body, "涪陵区") || !strings.Contains(body, "长寿区") {
		t.Errorf("installation analyst's region view lacks a district")
	}

	// A district's administrator: its accounts only.
	_, _, body := do(t, csAdmin, "GET", w.ts.URL+"/admin/users")
	if !strings.Contains(body, "cs-officer") || strings.Contains(body, "analyst1") || strings.Contains(body, `name="district"`) {
		t.Errorf("长寿 administrator's account list: %v %v", strings.Contains(body, "cs-officer"), strings.Contains(body, "analyst1"))
	}
	post := func(c *http.Client, form url.Values) (int, string) {
		res, err := c.PostForm(w.ts.URL+"/admin/users", form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, action := range []string{"reset", "disable"} {
		if status, _ := post(csAdmin, url.Values{"action": {action}, "login": {"analyst1"}}); status != http.StatusForbidden {
			t.Errorf("长寿 administrator may %s analyst1: %d", action, status)
		}
	}
	if u, _, _ := w.a.Store.UserByLogin(ctx, "analyst1"); u.Disabled || u.MustChange {
		t.Errorf("analyst1 changed by another district's administrator: %+v", u)
	}
	if status, _ := post(csAdmin, url.Values{"action": {"create"}, "login": {"cs-x"}, "role": {"leader"}, "district": {"fuling"}}); status != http.StatusForbidden {
		t.Errorf("长寿 administrator creates an account of 涪陵: %d", status)
	}
	if _, _, err := w.a.Store.UserByLogin(ctx, "cs-x"); err == nil {
		t.Error("the refused account exists")
	}
	// The public page of another district is open to a district's account
	// as to anyone; its other pages are not.
	if status, _, body := do(t, cs, "GET", w.ts.URL+"/public?district=fuling"); status != http.StatusOK || !strings.Contains(body, "500102") {
		t.Errorf("/public?district=fuling as the 长寿 analyst: %d", status)
	}
	if status, _, _ := do(t, cs, "GET", w.ts.URL+"/organisations"); status != http.StatusOK {
		t.Errorf("after /public?district=fuling: %d", status)
	} else if _, _, body := do(t, cs, "GET", w.ts.URL+"/organisations"); strings.Contains(body, nameA) {
		t.Error("the 长寿 analyst sees 涪陵's registry after opening its public page")
	}
	if status, _ := post(csAdmin, url.Values{"action": {"create"}, "login": {"cs-leader"}, "role": {"leader"}, "district": {""}}); status != http.StatusOK {
		t.Errorf("create: %d", status)
	}
	if u, _, err := w.a.Store.UserByLogin(ctx, "cs-leader"); err != nil || u.System != "changshou" {
		t.Errorf("an account made by 长寿's administrator belongs to %q (%v)", u.System, err)
	}
	// The installation's administrator gives the district.
	admin := w.client(t, auth.Admin)
	if status, _ := post(admin, url.Values{"action": {"create"}, "login": {"cs-leader2"}, "role": {"leader"}, "district": {"changshou"}}); status != http.StatusOK {
		t.Errorf("create: %d", status)
	}
	if u, _, err := w.a.Store.UserByLogin(ctx, "cs-leader2"); err != nil || u.System != "changshou" {
		t.Errorf("cs-leader2 belongs to %q (%v)", u.System, err)
	}
}
