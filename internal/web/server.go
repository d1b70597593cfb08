// Package web serves the dashboard (Chinese pages with embedded ECharts, no
// CDN) and the JSON API under /api/v1/. Handlers hold no SQL: they call
// package app and render.
package web

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

//go:embed templates/*.html templates/partials/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Server is the dashboard and API.
type Server struct {
	app   *app.App
	log   *slog.Logger
	pages map[string]*template.Template
	// metrics is nil unless EnableMetrics was called.
	metrics *httpMetrics
	// authOn requires sign-in and applies the access policy; off (tests of
	// the pages themselves), every request is a local administrator.
	authOn        bool
	secureCookies bool
	throttle      *auth.Throttle
}

// Option configures a Server.
type Option func(*Server)

// WithAuth turns accounts on: every route is checked against its access
// rule (policy) and the principal's data scope. secureCookies marks the
// session cookie Secure (behind an HTTPS proxy); it is set anyway on a TLS
// connection.
func WithAuth(secureCookies bool) Option {
	return func(s *Server) { s.authOn, s.secureCookies = true, secureCookies }
}

// New prepares the server; templates are parsed once here.
func New(a *app.App, log *slog.Logger, opts ...Option) (*Server, error) {
	s := &Server{app: a, log: log, pages: map[string]*template.Template{}, throttle: auth.NewThrottle()}
	for _, o := range opts {
		o(s)
	}
	funcs := template.FuncMap{
		"json": func(v any) (template.JS, error) {
			b, err := json.Marshal(v)
			return template.JS(b), err
		},
		"level": levelLabel,
		"inc":   func(i int) int { return i + 1 },
		// Times show in China Standard Time (UTC+8), as users read them.
		"cst":   func(t time.Time) time.Time { return t.In(time.FixedZone("CST", 8*3600)) },
		"until": func(n int) []int { return make([]int, n) },
		// can reports whether the principal may use a route (the navigation
		// shows only what the role may open).
		"can": func(p any, pattern string) bool {
			me, ok := p.(auth.Principal)
			return !ok || policy[pattern].admits(me.Role)
		},
		"join": strings.Join,
		"first": func(v []string) string {
			if len(v) == 0 {
				return ""
			}
			return v[0]
		},
		"score": scoreText,
		"passMark": func(p *bool) string {
			if p == nil {
				return "？"
			}
			return map[bool]string{true: "✓", false: "✗"}[*p]
		},
		"passClass": func(p *bool) string {
			if p == nil {
				return "open"
			}
			return map[bool]string{true: "pass", false: "fail"}[*p]
		},
		"jobStatus": func(s string) string {
			return map[string]string{"running": "导入中", "done": "已完成", "rejected": "已拒绝（未写入）", "failed": "失败（未写入）"}[s] + ""
		},
		"jobKind": func(s string) string {
			if l, ok := map[string]string{"registry": "企业名录", "report": "企业月报", "indicators": "指标汇总表", "demo": "演示数据", "auto": "自动识别", "facts": "补充事实",
				"ledger-contracts": "技术合同台账", "ledger-loans": "知识产权贷款台账", "ledger-incubation": "孵化载体台账", "ledger-talent": "人才台账",
				"match_demands": "技术需求", "match_achievements": "科技成果"}[s]; ok {
				return l
			}
			return s
		},
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(name, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html", name)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		s.pages[base] = t
	}
	return s, nil
}

// Handler returns the routes. Cross-origin unsafe requests (the upload) are
// refused by http.CrossOriginProtection.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	rule := func(pattern string) rule {
		ru, ok := policy[pattern]
		if !ok {
			panic("web: route " + pattern + " has no access rule in policy")
		}
		return ru
	}
	for _, r := range s.routes() {
		mux.Handle(r.pattern, s.metrics.instrument(r.pattern, s.guard(r.pattern, rule(r.pattern), s.wrap(r.handler))))
	}
	if s.metrics != nil {
		prom := promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{})
		mux.Handle("GET /metrics", s.scrape(prom, s.guard("GET /metrics", rule("GET /metrics"), prom)))
	}
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", s.guard("GET /static/", rule("GET /static/"), http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static)))))
	notFound := s.wrap(func(http.ResponseWriter, *http.Request) error {
		return &httpError{http.StatusNotFound, "没有这个页面"}
	})
	// Unknown paths get our 404 (JSON under /api/), not the mux's plain text.
	route := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern == "" {
			notFound.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		s.log.Warn("refused: cross-origin request", "method", r.Method, "path", r.URL.Path, "origin", r.Header.Get("Origin"), "login", p.Login)
		s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.cross_origin", "", r.URL.Path, nil, nil, r.Header.Get("Origin"), clientIP(r))
		s.wrap(func(http.ResponseWriter, *http.Request) error {
			return &httpError{http.StatusForbidden, "拒绝跨站请求（CSRF 防护）：请从本系统页面提交"}
		}).ServeHTTP(w, r)
	}))
	return s.authenticate(cop.Handler(route))
}

type route struct {
	pattern string
	handler handlerFunc
}

// Routes lists every page and API route pattern (for tests and docs).
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.routes() {
		out = append(out, r.pattern)
	}
	return append(out, "GET /static/")
}

func (s *Server) routes() []route {
	r := s.coreRoutes()
	r = append(r, s.authRoutes()...)
	r = append(r, s.ledgerRoutes()...)
	r = append(r, s.extractRoutes()...)
	return append(r, s.matchRoutes()...)
}

func (s *Server) coreRoutes() []route {
	return []route{
		{"GET /{$}", s.overview},
		{"GET /node/{code}", s.nodePage},
		{"GET /targets", s.targetsPage},
		{"GET /organisations", s.orgsPage},
		{"GET /bulletin", s.bulletinPage},
		{"GET /bulletin.md", s.bulletinMarkdown},
		{"GET /bulletin.html", s.bulletinHTML},
		{"GET /sources/{code}", s.sourcePage},
		{"GET /imports", s.importsPage},
		{"POST /imports", s.importUpload},
		{"GET /imports/{id}", s.importDetail},
		{"GET /imports/{id}/errors.xlsx", s.importErrorsXLSX},
		{"GET /templates/{file}", s.templateXLSX},
		{"GET /region", s.regionPage},
		{"GET /pipeline", s.pipelinePage},
		{"GET /pipeline.xlsx", s.pipelineXLSX},
		{"GET /pipeline/candidates", s.candidatesPage},
		{"GET /pipeline/candidates.xlsx", s.candidatesXLSX},
		{"GET /firms/{uscc}/screening", s.firmScreeningPage},
		{"GET /firms/{uscc}/screening.xlsx", s.firmScreeningXLSX},
		{"GET /healthz", s.healthz},
		{"GET /api/v1/system", s.apiSystem},
		{"GET /api/v1/nodes/{code}", s.apiNode},
		{"GET /api/v1/observations", s.apiObservations},
		{"GET /api/v1/targets", s.apiTargets},
		{"GET /api/v1/organisations", s.apiOrganisations},
		{"GET /api/v1/indicators", s.apiIndicators},
		{"GET /api/v1/sources", s.apiSources},
		{"GET /api/v1/bulletin", s.apiBulletin},
		{"GET /api/v1/aggregates", s.apiMicro},
		{"GET /api/v1/export", s.apiExport},
		{"GET /api/v1/openapi.json", s.apiOpenAPI},
		{"GET /api/v1/pipeline", s.apiPipeline},
		{"GET /api/v1/firms/{uscc}/screening", s.apiFirmScreening},
	}
}

// handlerFunc returns an error instead of writing one; wrap writes it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// httpError is an error with a status and a message for the user.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, args...)}
}

// principalWriter carries the request's principal to render (the layout
// shows the navigation of the role).
type principalWriter struct {
	http.ResponseWriter
	p auth.Principal
}

func (w *principalWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) wrap(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w = &principalWriter{w, principal(r)}
		err := h(w, r)
		if err == nil {
			return
		}
		status := http.StatusInternalServerError
		msg := "服务器内部错误"
		var he *httpError
		switch {
		case errors.As(err, &he):
			status, msg = he.status, he.msg
		case errors.Is(err, store.ErrNotFound), errors.Is(err, app.ErrNoSystem):
			status, msg = http.StatusNotFound, err.Error()
		}
		if status >= 500 {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		}
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeJSON(w, status, map[string]string{"error": msg})
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		s.pages["error"].Execute(w, map[string]any{"Title": "出错了", "Status": status, "Message": msg})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (s *Server) render(w http.ResponseWriter, page string, data map[string]any) error {
	t, ok := s.pages[page]
	if !ok {
		return fmt.Errorf("no template %q", page)
	}
	if pw, ok := w.(*principalWriter); ok {
		data["Me"] = pw.p
		data["AuthOn"] = s.authOn
		// Installation-level users (and the public) choose the district
		// when the installation holds several.
		if pw.p.District == "" {
			if sys, err := s.app.Store.Systems(context.Background()); err == nil && len(sys) > 1 {
				slices.SortFunc(sys, func(a, b model.System) int { return strings.Compare(a.RegionCode, b.RegionCode) })
				data["DistrictChoices"] = sys
			}
		}
	}
	var b strings.Builder
	if err := t.Execute(&b, data); err != nil {
		return fmt.Errorf("render %s: %w", page, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write([]byte(b.String()))
	return err
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

func (s *Server) now() time.Time { return s.app.Now() }

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.app.DB.R.PingContext(r.Context()); err != nil {
		return err
	}
	_, err := w.Write([]byte("ok\n"))
	return err
}
