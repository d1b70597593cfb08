package web

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/disclosure"
	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/store"
)

// cookieName is the session cookie.
const cookieName = "kechuang_session"

// sessionTTL is how long a session lasts.
const sessionTTL = 12 * time.Hour

// authRoutes are sign-in, the account, administration, the reporter's and
// institution user's own pages and the public page.
func (s *Server) authRoutes() []route {
	return []route{
		{"GET /login", s.loginPage},
		{"POST /login", s.login},
		{"POST /logout", s.logout},
		{"GET /account", s.accountPage},
		{"POST /account", s.changePassword},
		{"GET /admin/users", s.usersPage},
		{"POST /admin/users", s.usersAction},
		{"GET /admin/audit", s.auditPage},
		{"GET /admin/audit.xlsx", s.auditXLSX},
		{"GET /my", s.myPage},
		{"GET /report", s.reportPage},
		{"POST /report", s.fileReport},
		{"GET /public", s.publicPage},
	}
}

// clientIP is the request's remote address (without port).
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// authenticate attaches the request's principal: the account of its session
// cookie, or auth.Anonymous; with authentication off, a local administrator.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.Principal{Role: auth.Admin, Login: "local"}
		if s.authOn {
			p = auth.Anonymous
			// Static files are public: no session lookup for them.
			if c, err := r.Cookie(cookieName); err == nil && c.Value != "" && !strings.HasPrefix(r.URL.Path, "/static/") {
				if u, err := s.app.Store.Session(r.Context(), auth.TokenHash(c.Value), s.now()); err == nil {
					p = principalOf(u)
				}
			}
		}
		ctx := withPrincipal(r.Context(), p)
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			d, err := s.district(w, r, p)
			if err != nil {
				s.wrap(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(w, r.WithContext(ctx))
				return
			}
			ctx = app.WithDistrict(ctx, d)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// districtCookie keeps the district an installation-level user chose.
const districtCookie = "kechuang_district"

// district is the district (system code) a request works in: an account's
// own district, whatever the request asks; for an installation-level
// account (or the public, or the local user with authentication off) the
// one asked with ?district=CODE — remembered in a cookie — else the one
// remembered, else "" (the configured system; with several districts and
// none configured, the first by 行政区划代码). A district account asking
// for another district is refused (403) and audited; an unknown code is
// 404.
func (s *Server) district(w http.ResponseWriter, r *http.Request, p auth.Principal) (string, error) {
	asked := r.URL.Query().Get("district")
	if p.District != "" {
		// The public page of any district is anyone's.
		if asked != "" && asked != p.District && r.URL.Path == "/public" && r.Method == http.MethodGet {
			if _, err := s.app.Store.System(r.Context(), asked); err != nil {
				return "", &httpError{http.StatusNotFound, "没有这个区县的科创体系：" + asked}
			}
			return asked, nil
		}
		if asked != "" && asked != p.District {
			s.log.Warn("refused: other district", "login", p.Login, "district", p.District, "asked", asked, "path", r.URL.Path)
			s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.district", "system", asked, nil, nil, r.URL.Path, clientIP(r))
			return "", &httpError{http.StatusForbidden, "您的账号属于本区县，不能查看其他区县（" + asked + "）的数据"}
		}
		return p.District, nil
	}
	if asked != "" {
		if _, err := s.app.Store.System(r.Context(), asked); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return "", &httpError{http.StatusNotFound, "没有这个区县的科创体系：" + asked}
			}
			return "", err
		}
		http.SetCookie(w, &http.Cookie{Name: districtCookie, Value: asked, Path: "/", HttpOnly: true,
			SameSite: http.SameSiteLaxMode, Secure: s.secureCookies || r.TLS != nil})
		return asked, nil
	}
	if c, err := r.Cookie(districtCookie); err == nil && c.Value != "" {
		if _, err := s.app.Store.System(r.Context(), c.Value); err == nil {
			return c.Value, nil
		}
	}
	if s.app.System == "" {
		// Several districts and none configured (serve without --system):
		// the first by 行政区划代码.
		sys, err := s.app.Store.Systems(r.Context())
		if err != nil {
			return "", err
		}
		if len(sys) > 1 {
			first := slices.MinFunc(sys, func(a, b model.System) int { return strings.Compare(a.RegionCode, b.RegionCode) })
			return first.Code, nil
		}
	}
	return "", nil
}

func principalOf(u store.User) auth.Principal {
	return auth.Principal{UserID: u.ID, Login: u.Login, Name: u.Name, Role: u.Role, Node: u.Node,
		OrgUSCC: u.OrgUSCC, OrgName: u.OrgName, MustReset: u.MustChange, District: u.System}
}

// guard admits a request to a route by its rule: an anonymous request to a
// signed-in page is sent to /login (401 for the API), a signed-in one
// outside the rule gets 403 and is logged; an account that must change its
// password is sent to /account first.
func (s *Server) guard(pattern string, ru rule, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authOn {
			next.ServeHTTP(w, r) // one local user with every right
			return
		}
		p := principal(r)
		if p.MustReset && !ru.open && pattern != "GET /account" && pattern != "POST /account" && pattern != "POST /logout" {
			http.Redirect(w, r, "/account?must=1", http.StatusSeeOther)
			return
		}
		if ru.admits(p.Role) {
			if r.Method != http.MethodPost || noFormAudit[pattern] {
				next.ServeHTTP(w, r)
				return
			}
			// Every change made through a form is audited: who, the route,
			// the fields submitted (never a password or a file's content),
			// and the outcome. The request is recorded (via "received")
			// before the handler writes anything, so a write is never in
			// the database without an entry saying who asked for it — also
			// when the process dies before the outcome is recorded
			// (TestCrashSafetyWeb); the outcome is a second entry.
			parseForAudit(w, r)
			fields := formFields(r)
			if err := s.app.Store.Audit(r.Context(), s.now(), p.Login, "form "+pattern, "", r.URL.Path, nil, fields, "received", clientIP(r)); err != nil {
				s.wrap(func(http.ResponseWriter, *http.Request) error { return fmt.Errorf("audit: %w", err) }).ServeHTTP(w, r)
				return
			}
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			next.ServeHTTP(sw, r)
			s.app.Store.Audit(context.WithoutCancel(r.Context()), s.now(), p.Login, "form "+pattern, "", r.URL.Path,
				nil, fields, fmt.Sprintf("HTTP %d", sw.status), clientIP(r))
			return
		}
		if p.Role == auth.Public {
			if isAPI(r) {
				writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "请先登录"})
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		s.log.Warn("refused: role not allowed", "login", p.Login, "role", p.Role, "route", pattern, "path", r.URL.Path)
		s.wrap(func(http.ResponseWriter, *http.Request) error {
			return &httpError{http.StatusForbidden, "您的角色（" + p.Role.Label() + "）无权使用此功能"}
		}).ServeHTTP(w, r)
	})
}

func (s *Server) loginPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlain(w, "login", map[string]any{"Title": "登录", "Next": safeNext(r.URL.Query().Get("next")), "AuthOn": s.authOn})
}

// safeNext keeps only local paths as the page to return to.
func safeNext(n string) string {
	if !strings.HasPrefix(n, "/") || strings.HasPrefix(n, "//") || strings.Contains(n, "\\") {
		return "/"
	}
	return n
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("表单有误")
	}
	login, password := strings.TrimSpace(r.PostFormValue("login")), r.PostFormValue("password")
	ip, now := clientIP(r), s.now()
	fail := func(msg string) error {
		w.WriteHeader(http.StatusUnauthorized)
		return s.renderPlain(w, "login", map[string]any{"Title": "登录", "Next": safeNext(r.PostFormValue("next")), "Error": msg, "Login": login, "AuthOn": s.authOn})
	}
	if ok, until := s.throttle.Allowed(login, ip, now); !ok {
		s.app.Store.Audit(r.Context(), now, login, "login.throttled", "user", login, nil, nil, "", ip)
		s.log.Warn("login throttled", "login", login, "ip", ip)
		return fail(fmt.Sprintf("尝试次数过多，请于%s后再试", until.In(cst).Format("15:04")))
	}
	u, hash, err := s.app.Store.UserByLogin(r.Context(), login)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	if err != nil || u.Disabled || !auth.CheckPassword(hash, password) {
		if err != nil {
			// Same work for unknown logins, so timing does not tell them apart.
			auth.CheckPassword(dummyHash(), password)
		}
		s.throttle.Failed(login, ip, now)
		s.app.Store.Audit(r.Context(), now, login, "login.failed", "user", login, nil, nil, "", ip)
		s.log.Warn("login failed", "login", login, "ip", ip)
		return fail("登录名或密码不正确")
	}
	s.throttle.Succeeded(login)
	token, th, err := auth.NewToken()
	if err != nil {
		return err
	}
	if err := s.app.Store.CreateSession(r.Context(), u.ID, th, now, sessionTTL); err != nil {
		return err
	}
	s.app.Store.Audit(r.Context(), now, login, "login.ok", "user", login, nil, nil, "", ip)
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: token, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.secureCookies || r.TLS != nil, MaxAge: int(sessionTTL / time.Second)})
	next := safeNext(r.PostFormValue("next"))
	if u.MustChange {
		next = "/account?must=1"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// dummyHash is checked against for unknown logins; made at the first
// failed sign-in, not at start-up (an argon2id hash costs 64 MiB and ~0.1 s).
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("kechuang-no-such-user")
	return h
})

var cst = time.FixedZone("CST", 8*3600)

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(cookieName); err == nil {
		s.app.Store.EndSession(r.Context(), auth.TokenHash(c.Value))
	}
	p := principal(r)
	s.app.Store.Audit(r.Context(), s.now(), p.Login, "logout", "user", p.Login, nil, nil, "", clientIP(r))
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPlain(w, "account", map[string]any{"Title": "账号", "P": principal(r), "Must": r.URL.Query().Get("must") == "1"})
}

func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if !s.authOn {
		return badRequest("未启用账号登录")
	}
	old, nw, again := r.PostFormValue("old"), r.PostFormValue("new"), r.PostFormValue("again")
	page := func(msg string) error {
		w.WriteHeader(http.StatusBadRequest)
		return s.renderPlain(w, "account", map[string]any{"Title": "账号", "P": p, "Must": p.MustReset, "Error": msg})
	}
	_, hash, err := s.app.Store.UserByLogin(r.Context(), p.Login)
	if err != nil {
		return err
	}
	if !auth.CheckPassword(hash, old) {
		s.app.Store.Audit(r.Context(), s.now(), p.Login, "user.password_change_failed", "user", p.Login, nil, nil, "", clientIP(r))
		return page("原密码不正确")
	}
	if nw != again {
		return page("两次输入的新密码不一致")
	}
	if nw == old {
		return page("新密码不能与原密码相同")
	}
	if err := auth.CheckPolicy(p.Login, nw); err != nil {
		return page("新密码不符合要求：" + strings.TrimPrefix(err.Error(), auth.ErrWeakPassword.Error()+": "))
	}
	h, err := auth.HashPassword(nw)
	if err != nil {
		return err
	}
	keep := ""
	if c, err := r.Cookie(cookieName); err == nil {
		keep = auth.TokenHash(c.Value)
	}
	if err := s.app.Store.SetPassword(r.Context(), p.Login, h, false, keep, p.Login, s.now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) usersPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	users, err := s.districtUsers(r)
	if err != nil {
		return err
	}
	return s.render(w, "users", map[string]any{"Title": "账号管理", "Nav": "admin", "View": v, "Users": users, "Roles": auth.Roles,
		"Message": r.URL.Query().Get("msg"), "Systems": s.userDistricts(r), "DistrictNames": s.districtNames(r)})
}

// districtUsers are the accounts an administrator manages: all for an
// installation-level one, its district's for a district's.
func (s *Server) districtUsers(r *http.Request) ([]store.User, error) {
	users, err := s.app.Store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	p := principal(r)
	if p.District == "" {
		return users, nil
	}
	var out []store.User
	for _, u := range users {
		if u.System == p.District {
			out = append(out, u)
		}
	}
	return out, nil
}

// userDistricts are the districts an installation-level administrator may
// give a new account (nil for a district's administrator, whose accounts
// are all of its district).
func (s *Server) userDistricts(r *http.Request) []model.System {
	if principal(r).District != "" {
		return nil
	}
	sys, err := s.app.Store.Systems(r.Context())
	if err != nil || len(sys) < 2 {
		return nil
	}
	return sys
}

// usersAction creates an account or resets its password (showing the new
// one-time password once), or disables/enables it.
func (s *Server) usersAction(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	login := strings.TrimSpace(r.PostFormValue("login"))
	if login == "" {
		return badRequest("请填写登录名")
	}
	var msg string
	switch r.PostFormValue("action") {
	case "create":
		u := store.User{Login: login, Name: r.PostFormValue("name"), Role: auth.Role(r.PostFormValue("role")),
			Node: r.PostFormValue("node"), OrgUSCC: strings.TrimSpace(r.PostFormValue("org")), System: r.PostFormValue("district")}
		if err := auth.CheckScope(u.Role, u.Node, u.OrgUSCC); err != nil {
			return badRequest("%v", err)
		}
		switch {
		case p.District != "" && u.System != "" && u.System != p.District:
			s.log.Warn("refused: account for another district", "login", p.Login, "district", u.System)
			s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.district", "user", login, nil, nil, r.URL.Path, clientIP(r))
			return &httpError{http.StatusForbidden, "只能创建本区县的账号"}
		case p.District != "":
			// A district's administrator creates accounts of its district only.
			u.System = p.District
		case u.Node != "" && u.System == "":
			// The node list is the viewed district's.
			u.System = v.System.Code
		}
		pw, h, err := auth.OneTimePassword()
		if err != nil {
			return err
		}
		if _, err := s.app.Store.CreateUser(r.Context(), u, h, p.Login, s.now()); err != nil {
			if errors.Is(err, store.ErrLoginTaken) || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrAmbiguous) {
				return badRequest("%v", err)
			}
			return err
		}
		msg = fmt.Sprintf("已创建账号 %s，初始密码（仅显示一次，首次登录须修改）：%s", login, pw)
	case "reset":
		if err := s.manages(r, login); err != nil {
			return err
		}
		pw, h, err := auth.OneTimePassword()
		if err != nil {
			return err
		}
		if err := s.app.Store.SetPassword(r.Context(), login, h, true, "", p.Login, s.now()); err != nil {
			return badRequest("%v", err)
		}
		msg = fmt.Sprintf("已重置 %s 的密码（仅显示一次，登录后须修改）：%s", login, pw)
	case "disable", "enable":
		if login == p.Login {
			return badRequest("不能停用自己的账号")
		}
		if err := s.manages(r, login); err != nil {
			return err
		}
		if err := s.app.Store.SetUserDisabled(r.Context(), login, r.PostFormValue("action") == "disable", p.Login, s.now()); err != nil {
			return badRequest("%v", err)
		}
		msg = "已更新 " + login
	default:
		return badRequest("未知操作")
	}
	users, err := s.districtUsers(r)
	if err != nil {
		return err
	}
	return s.render(w, "users", map[string]any{"Title": "账号管理", "Nav": "admin", "View": v, "Users": users, "Roles": auth.Roles, "Message": msg,
		"Systems": s.userDistricts(r), "DistrictNames": s.districtNames(r)})
}

// districtNames names each district's system code by its region (长寿区).
func (s *Server) districtNames(r *http.Request) map[string]string {
	out := map[string]string{}
	if sys, err := s.app.Store.Systems(r.Context()); err == nil {
		for _, x := range sys {
			out[x.Code] = x.RegionName
		}
	}
	return out
}

// manages refuses (403, audited) a district's administrator acting on an
// account of another district or of the installation.
func (s *Server) manages(r *http.Request, login string) error {
	p := principal(r)
	if p.District == "" {
		return nil
	}
	u, _, err := s.app.Store.UserByLogin(r.Context(), login)
	if errors.Is(err, store.ErrNotFound) {
		return badRequest("没有账号 %s", login)
	}
	if err != nil {
		return err
	}
	if u.System != p.District {
		s.log.Warn("refused: account of another district", "login", p.Login, "target", login)
		s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.district", "user", login, nil, nil, r.URL.Path, clientIP(r))
		return &httpError{http.StatusForbidden, "只能管理本区县的账号"}
	}
	return nil
}

func (s *Server) auditFilter(r *http.Request) store.AuditFilter {
	q := r.URL.Query()
	f := store.AuditFilter{Actor: q.Get("actor"), Action: q.Get("action"), Text: q.Get("q"), From: q.Get("from"), To: q.Get("to")}
	// A district's administrator reads what its district's accounts did.
	if principal(r).District != "" {
		f.Actors = []string{}
		if users, err := s.districtUsers(r); err == nil {
			for _, u := range users {
				f.Actors = append(f.Actors, u.Login)
			}
		}
	}
	return f
}

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	f := s.auditFilter(r)
	entries, err := s.app.Store.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	return s.render(w, "audit", map[string]any{"Title": "审计日志", "Nav": "admin", "View": v, "Entries": entries, "F": f, "Query": r.URL.RawQuery})
}

func (s *Server) auditXLSX(w http.ResponseWriter, r *http.Request) error {
	f := s.auditFilter(r)
	f.Limit = 100000
	entries, err := s.app.Store.AuditLog(r.Context(), f)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "审计日志"
	x.SetSheetName("Sheet1", sheet)
	x.SetSheetRow(sheet, "A1", &[]any{"编号", "时间（UTC）", "操作人", "操作", "对象", "对象标识", "修改前", "修改后", "途径", "IP"})
	for i, e := range entries {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow(sheet, cell, &[]any{e.ID, e.At, e.Actor, e.Action, e.Entity, e.EntityID, e.Before, e.After, e.Via, e.IP})
	}
	return writeXLSX(w, x, "audit-log.xlsx")
}

// myPage is a reporter's or institution user's own page: the organisation,
// its reports (reporter), its screening report link.
func (s *Server) myPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "我的机构", "Nav": "my", "View": v, "P": p}
	if p.OrgUSCC != "" && p.Role == auth.Reporter {
		hist, err := s.app.Store.FirmReports(r.Context(), v.System.ID, p.OrgUSCC)
		if err != nil {
			return err
		}
		inds, err := s.app.Store.Indicators(r.Context())
		if err != nil {
			return err
		}
		// Values as the firm wrote them, exactly: money in 万元 (the form's
		// unit), counts and people with their measure word.
		text := func(code string, v *decimal.Decimal) string {
			if v == nil {
				return "—"
			}
			if ind := inds[code]; ind.Unit != quantity.Yuan {
				return ind.Format(*v)
			}
			return v.Shift(-4).String() + "万元"
		}
		type reportRow struct {
			store.FirmReport
			ValueText, PriorText string
		}
		rows := make([]reportRow, len(hist))
		for i, h := range hist {
			rows[i] = reportRow{h, text(h.Indicator, h.Value), text(h.Indicator, h.Prior)}
		}
		data["Reports"] = rows
	}
	// The organisation's own demands (a firm) or achievements (an
	// institution), with the form to post one.
	if p.OrgUSCC != "" {
		f := store.MatchFilter{Org: p.OrgUSCC, Limit: 200}
		switch p.Role {
		case auth.Reporter:
			ds, _, err := s.app.Store.Demands(r.Context(), v.System.ID, f)
			if err != nil {
				return err
			}
			data["Demands"] = ds
		case auth.Institution:
			xs, _, err := s.app.Store.Achievements(r.Context(), v.System.ID, f)
			if err != nil {
				return err
			}
			data["Achievements"] = xs
		}
		data["Fields"], data["Modes"], data["Nodes"], data["OwnOrg"] = match.FieldNames(), match.Modes, v.Nodes, p.OrgName
	}
	return s.render(w, "my", data)
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	now := s.now()
	return s.render(w, "report", map[string]any{"Title": "填报月报", "Nav": "my", "View": v, "P": p,
		"Indicators": s.app.ReportIndicators, "Period": fmt.Sprintf("%d-01..%d-%02d", now.Year(), now.Year(), max(int(now.Month())-1, 2))})
}

// fileReport files the reporter's own firm's 1—N月 report through the same
// checks as a report file (the firm is the account's, whatever the form
// says), showing every problem at once; nothing is written if any.
func (s *Server) fileReport(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.OrgUSCC == "" {
		return badRequest("您的账号未关联企业")
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	if u := r.PostFormValue("uscc"); u != "" && u != p.OrgUSCC {
		s.log.Warn("refused: forged scope", "login", p.Login, "uscc", u)
		s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.forged_scope", "organisation", u, nil, nil, "form /report", clientIP(r))
		return forbidden("其他企业的数据")
	}
	per, err := period.Parse(r.PostFormValue("period"))
	if err != nil || per.Kind == period.Date || per.FromMonth != 1 {
		return badRequest("报告期应为1—N月，如 2026-01..2026-08")
	}
	head := []string{"统一社会信用代码", "企业名称"}
	row := []string{p.OrgUSCC, p.OrgName}
	for _, ind := range s.app.ReportIndicators {
		unit := ""
		if ind.Unit == "yuan" {
			unit = "（万元）"
		}
		head = append(head, ind.NameZh+unit, "上年同期"+ind.NameZh+unit)
		row = append(row, strings.TrimSpace(r.PostFormValue(ind.Code)), strings.TrimSpace(r.PostFormValue(ind.Code+"_prior")))
	}
	dir := s.app.DataDir
	if dir == "" {
		dir = os.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("form-%s-%d.csv", p.Login, time.Now().UnixNano()))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write(head)
	cw.Write(row)
	cw.Flush()
	f.Close()
	out, err := s.app.Import(app.WithActor(r.Context(), p.Login, clientIP(r)), v, app.ImportRequest{Path: path, Name: "网上填报：" + p.OrgName,
		Options: importer.Options{Kind: importer.Report, Year: per.Year, Month: per.ToMonth}, AsOf: s.now().Format(time.DateOnly)})
	data := map[string]any{"Title": "填报月报", "Nav": "my", "View": v, "P": p, "Indicators": s.app.ReportIndicators,
		"Period": per.String(), "Values": r.PostForm}
	if out != nil && out.Result != nil {
		// The form's fields are named, not lettered: drop the column letter
		// of the file the form was turned into.
		errs := slices.Clone(out.Result.Errors)
		for i := range errs {
			if _, name, ok := strings.Cut(errs[i].Column, " "); ok {
				errs[i].Column = name
			}
			errs[i].Reason = strings.TrimPrefix(errs[i].Reason, "sheet: ")
		}
		data["Errors"] = errs
	}
	switch {
	case err == nil:
		data["Done"] = fmt.Sprintf("已提交%s月报（导入 #%d）", per.Label(), out.ID)
	case errors.Is(err, app.ErrRejected):
		w.WriteHeader(http.StatusBadRequest)
	default:
		return err
	}
	return s.render(w, "report", data)
}

// publicPage is the published view, without sign-in: the structure and the
// published figures of the district.
func (s *Server) publicPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	obs, err := s.app.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID})
	if err != nil {
		return err
	}
	type nodeFigures struct {
		Node    any
		Depth   int
		Figures []Figure
	}
	var rows []nodeFigures
	var walk func(code string, depth int)
	walk = func(code string, depth int) {
		n, _ := v.Node(code)
		rows = append(rows, nodeFigures{n, depth, figuresOf(obs, n)})
		for _, c := range v.Children(code) {
			walk(c.Code, depth+1)
		}
	}
	walk(v.Root().Code, 0)
	data := map[string]any{"Title": v.System.Name + "（公开）", "View": v, "Rows": rows}
	// The period: ?period= (1–N月) or the default, the newest not still
	// being collected (app.LatestReportPeriod).
	c, err := s.microChoose(r, v)
	if err != nil {
		return err
	}
	if c.Year != 0 {
		tbl, per, err := s.app.PublicTableFor(ctx, v, c.Year, c.Month)
		if err != nil {
			return err
		}
		if tbl != nil {
			data["Table"], data["TablePeriod"] = publicTableView(tbl), per.Label()
		}
		data["TableCode"], data["TableNote"] = c.Code, c.Collecting
	}
	return s.renderPlain(w, "public", data)
}

// publicTableView prints a disclosure-controlled table: shown values in
// 万元/亿元 as officials print them, suppressed cells as 「—（保密）」.
func publicTableView(p *disclosure.Published) map[string]any {
	show := func(e disclosure.Entry) string {
		if e.Status == disclosure.Shown {
			return quantity.Format(e.Value, quantity.Yuan, "", 2)
		}
		return e.Display()
	}
	var rows [][]string
	for i, label := range p.RowLabels {
		row := []string{label}
		for _, e := range p.Cells[i] {
			row = append(row, show(e))
		}
		rows = append(rows, row)
	}
	total := []string{"合计"}
	for _, e := range p.ColTotals {
		total = append(total, show(e))
	}
	heads := append([]string{"载体"}, p.ColLabels...)
	return map[string]any{"Title": p.Title, "Heads": heads, "Rows": rows, "Total": total}
}

// renderPlain renders a page without the signed-in navigation.
func (s *Server) renderPlain(w http.ResponseWriter, page string, data map[string]any) error {
	data["Plain"] = true
	if _, ok := data["View"]; !ok {
		v, err := s.app.View(context.Background(), "")
		if err == nil {
			data["View"] = v
		}
	}
	return s.render(w, page, data)
}

// noFormAudit are the POST routes audited by their handlers (sign-in,
// password change) or not changes (sign-out).
var noFormAudit = map[string]bool{"POST /login": true, "POST /logout": true, "POST /account": true}

// formFields are the submitted form fields for the audit log: secrets
// (password fields) left out, uploaded files by name only.
// parseForAudit reads a form's fields before its handler runs, within the
// handlers' own bounds (an upload maxUpload, any other form maxPaste); the
// handler's parse then finds them parsed. A form that cannot be read is
// left to the handler to refuse.
func parseForAudit(w http.ResponseWriter, r *http.Request) {
	ct := r.Header.Get("Content-Type")
	switch {
	case strings.HasPrefix(ct, "multipart/form-data"):
		r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
		_ = r.ParseMultipartForm(8 << 20)
	case strings.HasPrefix(ct, "application/x-www-form-urlencoded"):
		r.Body = http.MaxBytesReader(w, r.Body, maxPaste)
		_ = r.ParseForm()
	}
}

func formFields(r *http.Request) map[string]any {
	out := map[string]any{}
	if r.MultipartForm != nil {
		for k, v := range r.MultipartForm.Value {
			out[k] = strings.Join(v, "|")
		}
		for k, fs := range r.MultipartForm.File {
			for _, f := range fs {
				out[k] = "file:" + f.Filename
			}
		}
	} else if r.PostForm != nil {
		for k, v := range r.PostForm {
			out[k] = strings.Join(v, "|")
		}
	}
	for k := range out {
		if strings.Contains(strings.ToLower(k), "password") || k == "old" || k == "new" || k == "again" {
			delete(out, k)
		}
	}
	return out
}
