package web

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/model"
)

// rule says who may use a route. Scoped roles (officer, reporter,
// institution) that a rule admits are further limited by the handler to
// their node or organisation (scopeNode, ownFirm).
type rule struct {
	roles []auth.Role // nil with public: anyone, signed in or not
	open  bool        // no sign-in needed
}

var (
	everyone  = rule{open: true}
	signedIn  = rule{roles: auth.Roles}
	internal  = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Leader, auth.Officer}}
	screening = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Leader, auth.Officer, auth.Reporter}}
	readStaff = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Leader}}
	staff     = rule{roles: []auth.Role{auth.Admin, auth.Analyst}}
	admins    = rule{roles: []auth.Role{auth.Admin}}
	own       = rule{roles: []auth.Role{auth.Reporter, auth.Institution}}
	// Firms' staff post their own technology demands and read them with
	// their recommendations; institutions' staff their achievements.
	demandPosters      = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Reporter}}
	demandReaders      = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Leader, auth.Reporter}}
	achievementPosters = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Institution}}
	achievementReaders = rule{roles: []auth.Role{auth.Admin, auth.Analyst, auth.Leader, auth.Institution}}
)

// policy is the rule of every route pattern. A route without one makes
// Handler panic, so no route can escape the access check (and the role ×
// route test lists the routes from the router).
var policy = map[string]rule{
	"GET /static/":  everyone,
	"GET /healthz":  everyone,
	"GET /public":   everyone,
	"GET /login":    everyone,
	"POST /login":   everyone,
	"POST /logout":  signedIn,
	"GET /account":  signedIn,
	"POST /account": signedIn,

	// Published figures: any account. Ledger aggregates and firms'
	// aggregates are left out for roles that may not see confidential data.
	"GET /{$}":                  signedIn,
	"GET /node/{code}":          signedIn,
	"GET /targets":              signedIn,
	"GET /bulletin":             signedIn,
	"GET /bulletin.md":          signedIn,
	"GET /bulletin.html":        signedIn,
	"GET /sources/{code}":       signedIn,
	"GET /peers":                signedIn,
	"GET /api/v1/system":        signedIn,
	"GET /api/v1/nodes/{code}":  signedIn,
	"GET /api/v1/observations":  signedIn,
	"GET /api/v1/targets":       signedIn,
	"GET /api/v1/indicators":    signedIn,
	"GET /api/v1/sources":       signedIn,
	"GET /api/v1/bulletin":      signedIn,
	"GET /api/v1/export":        signedIn,
	"GET /api/v1/openapi.json":  everyone,
	"GET /my":                   own,
	"GET /report":               {roles: []auth.Role{auth.Reporter}},
	"POST /report":              {roles: []auth.Role{auth.Reporter}},
	"GET /organisations":        internal,
	"GET /api/v1/organisations": internal,

	// Firms' data: the bureau, leaders, and officers within their node.
	"GET /region":                        readStaff,
	"GET /pipeline":                      internal,
	"GET /pipeline.xlsx":                 internal,
	"GET /pipeline/candidates":           internal,
	"GET /pipeline/candidates.xlsx":      internal,
	"GET /api/v1/pipeline":               internal,
	"GET /api/v1/aggregates":             internal,
	"GET /firms/{uscc}/screening":        screening,
	"GET /firms/{uscc}/screening.xlsx":   screening,
	"GET /api/v1/firms/{uscc}/screening": screening,

	// Data management: analysts and administrators; leaders read.
	"GET /imports":                  readStaff,
	"POST /imports":                 staff,
	"GET /imports/{id}":             readStaff,
	"GET /imports/{id}/errors.xlsx": staff,
	"GET /templates/{file}":         staff,
	"GET /contracts":                readStaff,
	"POST /contracts":               staff,
	"POST /contracts/import":        staff,
	"GET /contracts.xlsx":           staff,
	"GET /loans":                    readStaff,
	"POST /loans":                   staff,
	"POST /loans/import":            staff,
	"GET /loans.xlsx":               staff,
	"GET /incubation":               readStaff,
	"POST /incubation":              staff,
	"POST /incubation/import":       staff,
	"GET /incubation.xlsx":          staff,
	"GET /incubation/screening":     readStaff,
	"GET /talent":                   staff, // personal data
	"POST /talent":                  staff,
	"POST /talent/import":           staff,
	"GET /talent.xlsx":              staff,
	"GET /extract":                  staff,
	"POST /extract":                 staff,
	"GET /extract/{code}":           staff,
	"POST /extract/figures/{id}":    staff,
	"GET /match":                    readStaff,
	"GET /api/v1/match":             readStaff,
	"GET /demands":                  readStaff,
	"POST /demands":                 demandPosters,
	"GET /demands.xlsx":             staff,
	"GET /demands/{id}":             demandReaders,
	"POST /demands/{id}/feedback":   staff,
	"GET /achievements":             readStaff,
	"POST /achievements":            achievementPosters,
	"GET /achievements.xlsx":        staff,
	"GET /achievements/{id}":        achievementReaders,
	"POST /match/import":            staff,
	"GET /match/template/{kind}":    staff,

	// Accounts and the audit log.
	"GET /admin/users":      admins,
	"POST /admin/users":     admins,
	"GET /admin/audit":      admins,
	"GET /admin/audit.xlsx": admins,
	"GET /metrics":          admins,
}

func (r rule) admits(role auth.Role) bool { return r.open || slices.Contains(r.roles, role) }

type principalKey struct{}

// principal is who makes the request (auth.Anonymous without a session;
// with authentication off, an analyst).
func principal(r *http.Request) auth.Principal {
	if p, ok := r.Context().Value(principalKey{}).(auth.Principal); ok {
		return p
	}
	return auth.Anonymous
}

func withPrincipal(ctx context.Context, p auth.Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// seesConfidential reports whether the request may see firms' confidential
// figures (ledger aggregates, aggregates of reports) at all.
func seesConfidential(r *http.Request) bool { return principal(r).Role.Confidential() }

// inScope reports whether the principal may see the firms' data of node
// code: everything for the bureau roles, their subtree for an officer.
func (s *Server) inScope(r *http.Request, code string) bool { return s.scope(r)(code) }

// scope returns the test inScope applies, with an officer's subtree read
// once (callers testing many nodes call scope once and the result often).
func (s *Server) scope(r *http.Request) func(code string) bool {
	p := principal(r)
	switch p.Role {
	case auth.Admin, auth.Analyst, auth.Leader:
		return func(string) bool { return true }
	case auth.Officer:
		in := map[string]bool{p.Node: true}
		if v, err := s.app.View(r.Context(), ""); err == nil {
			for _, d := range v.Descendants(p.Node) {
				in[d.Code] = true
			}
		}
		return func(code string) bool { return in[code] }
	}
	return func(string) bool { return false }
}

// forbidden is the error for a request outside the principal's scope.
func forbidden(what string) error {
	return &httpError{http.StatusForbidden, "无权查看" + what + "：超出您的数据范围"}
}

// isAPI reports whether the path is under /api/.
func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// scopedOrgs keeps the organisations an officer may see: those with a
// membership in their node's subtree. Other roles that reach the list see
// all of them.
func (s *Server) scopedOrgs(r *http.Request, orgs []model.Organisation) []model.Organisation {
	if principal(r).Role != auth.Officer {
		return orgs
	}
	in := s.scope(r)
	var out []model.Organisation
	for _, o := range orgs {
		if slices.ContainsFunc(o.Memberships, func(m model.Membership) bool { return in(m.NodeCode) }) {
			out = append(out, o)
		}
	}
	return out
}

// Rule is a route's access rule, for tests and documentation.
type Rule struct{ r rule }

// Admits reports whether role may use the route.
func (r Rule) Admits(role auth.Role) bool { return r.r.admits(role) }

// Policy returns the access rule of a route pattern.
func Policy(pattern string) (Rule, bool) {
	r, ok := policy[pattern]
	return Rule{r}, ok
}
