package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// The JSON API (documented in docs/api.md). Values are exact decimal strings
// in base units; *_display fields are the official Chinese print.

func (s *Server) apiSystem(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	nodes := make([]NodeJS, 0, len(v.Nodes))
	for _, n := range v.Nodes {
		nodes = append(nodes, nodeJS(n))
	}
	return writeJSON(w, http.StatusOK, map[string]any{
		"system": map[string]any{"code": v.System.Code, "name": v.System.Name, "short_name": v.System.ShortName,
			"region_code": v.System.RegionCode, "region_name": v.System.RegionName},
		"nodes": nodes,
	})
}

func (s *Server) apiNode(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	n, ok := v.Node(r.PathValue("code"))
	if !ok {
		return fmt.Errorf("node %q: %w", r.PathValue("code"), store.ErrNotFound)
	}
	obs, err := s.app.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID, Scopes: []string{n.Code}})
	if err != nil {
		return err
	}
	obs = visibleObservations(r, obs)
	figs := []Figure{}
	for _, o := range obs {
		figs = append(figs, figure(o))
	}
	as, err := s.app.Assessments(ctx, v, s.now())
	if err != nil {
		return err
	}
	targets := []TargetView{}
	for _, a := range as {
		if a.Target.Scope.NodeCode == n.Code {
			targets = append(targets, targetView(a))
		}
	}
	children := []NodeJS{}
	for _, c := range v.Children(n.Code) {
		children = append(children, nodeJS(c))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"node": nodeJS(n), "children": children, "observations": figs, "targets": targets})
}

// apiObservations: ?scope=CODE (repeatable) &indicator=CODE &period=CODE
// (flows over exactly that span, or stocks on that day).
func (s *Server) apiObservations(w http.ResponseWriter, r *http.Request) error {
	obs, err := s.observations(r)
	if err != nil {
		return err
	}
	out := []Figure{}
	for _, o := range obs {
		out = append(out, figure(o))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"observations": out})
}

// observations reads the published observations selected by the query:
// scope (repeatable; node or organisation codes), indicator, period (flows
// over exactly that span, stocks on its last day).
func (s *Server) observations(r *http.Request) ([]model.Observation, error) {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	f := store.ObservationFilter{SystemID: v.System.ID, Scopes: q["scope"], Indicator: q.Get("indicator")}
	for _, c := range f.Scopes {
		if _, ok := v.Node(c); ok {
			continue
		}
		ok, err := s.app.Store.OrganisationExists(ctx, v.System.ID, c)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, badRequest("unknown scope %q: not a node or organisation code", c)
		}
	}
	if f.Indicator != "" {
		inds, err := s.app.Store.Indicators(ctx)
		if err != nil {
			return nil, err
		}
		if _, ok := inds[f.Indicator]; !ok {
			return nil, badRequest("unknown indicator %q", f.Indicator)
		}
	}
	var p *period.Period
	if c := q.Get("period"); c != "" {
		x, err := period.Parse(c)
		if err != nil {
			return nil, badRequest("%v", err)
		}
		p = &x
		f.EndFrom, f.EndTo = x.End(), x.End()
	}
	obs, err := s.app.Store.Observations(ctx, f)
	if err != nil {
		return nil, err
	}
	out := obs[:0]
	for _, o := range obs {
		if p != nil && o.Period.Kind != period.Date && !o.Period.Start().Equal(p.Start()) {
			continue
		}
		out = append(out, o)
	}
	return visibleObservations(r, out), nil
}

func (s *Server) apiTargets(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	asOf := s.now()
	as, err := s.app.Assessments(r.Context(), v, asOf)
	if err != nil {
		return err
	}
	out := []TargetView{}
	for _, a := range as {
		out = append(out, targetView(a))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"as_of": asOf.Format("2006-01-02"), "targets": out})
}

// orgJS is an organisation in the API.
type orgJS struct {
	Code         string          `json:"code"`
	Name         string          `json:"name"`
	Kind         string          `json:"kind"`
	KindLabel    string          `json:"kind_label"`
	InDistrict   bool            `json:"in_district"`
	Description  string          `json:"description,omitempty"`
	Source       string          `json:"source,omitempty"`
	Quote        string          `json:"quote,omitempty"`
	Memberships  []membershipJS  `json:"memberships"`
	Recognitions []recognitionJS `json:"recognitions"`
}

type membershipJS struct {
	Node   string `json:"node"`
	Name   string `json:"node_name"`
	From   string `json:"from,omitempty"`
	To     string `json:"to,omitempty"`
	AsOf   string `json:"as_of,omitempty"`
	Source string `json:"source,omitempty"`
	Quote  string `json:"quote,omitempty"`
}

type recognitionJS struct {
	Name          string `json:"name"`
	Level         string `json:"level,omitempty"`
	Granted       string `json:"granted,omitempty"`
	ValidUntil    string `json:"valid_until,omitempty"`
	CertificateNo string `json:"certificate_no,omitempty"`
	Source        string `json:"source,omitempty"`
	Quote         string `json:"quote,omitempty"`
}

func (s *Server) apiOrganisations(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	orgs, err := s.app.Store.Organisations(r.Context(), v.System.ID)
	if err != nil {
		return err
	}
	orgs = s.scopedOrgs(r, orgs)
	kind := r.URL.Query().Get("kind")
	if kind != "" && !slices.Contains(model.OrgKinds, model.OrgKind(kind)) {
		return badRequest("unknown kind %q", kind)
	}
	out := []orgJS{}
	for _, o := range orgs {
		if kind != "" && string(o.Kind) != kind {
			continue
		}
		x := orgJS{Code: o.Code, Name: o.Name, Kind: string(o.Kind), KindLabel: o.Kind.Label(), InDistrict: o.InDistrict,
			Description: o.Description, Source: o.SourceCode, Quote: o.Quote,
			Memberships: []membershipJS{}, Recognitions: []recognitionJS{}}
		for _, m := range o.Memberships {
			x.Memberships = append(x.Memberships, membershipJS{m.NodeCode, m.NodeName, m.From, m.To, m.AsOf, m.SourceCode, m.Quote})
		}
		for _, rc := range o.Recognitions {
			x.Recognitions = append(x.Recognitions, recognitionJS{rc.Name, rc.Level, rc.Granted, rc.ValidUntil, rc.CertificateNo, rc.SourceCode, rc.Quote})
		}
		out = append(out, x)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"organisations": out})
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) error {
	inds, err := s.app.Store.Indicators(r.Context())
	if err != nil {
		return err
	}
	out := []IndicatorJS{}
	for _, i := range inds {
		out = append(out, indicatorJS(i))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return writeJSON(w, http.StatusOK, map[string]any{"indicators": out})
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	srcs, err := s.app.Store.Sources(r.Context())
	if err != nil {
		return err
	}
	type srcJS struct {
		Code      string `json:"code"`
		Title     string `json:"title"`
		Publisher string `json:"publisher,omitempty"`
		Published string `json:"published,omitempty"`
		URL       string `json:"url,omitempty"`
		Note      string `json:"note,omitempty"`
	}
	out := []srcJS{}
	for _, x := range srcs {
		out = append(out, srcJS{x.Code, x.Title, x.Publisher, x.Published, x.URL, x.Note})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sources": out})
}

// apiBulletin: ?scope=&period= as for /bulletin.
func (s *Server) apiBulletin(w http.ResponseWriter, r *http.Request) error {
	_, b, err := s.bulletinFor(r)
	if err != nil {
		return err
	}
	type sec struct {
		Heading string `json:"heading"`
		Text    string `json:"text"`
	}
	secs := []sec{}
	for _, x := range b.Sections {
		secs = append(secs, sec{x.Heading, x.Text()})
	}
	return writeJSON(w, http.StatusOK, map[string]any{
		"title": b.Title, "period": PeriodJS{Code: b.Period.String(), Label: b.Period.Label(),
			Start: b.Period.Start().Format("2006-01-02"), End: b.Period.End().Format("2006-01-02")},
		"scope": b.Scope.Code, "as_of": b.AsOf.Format("2006-01-02"), "sections": secs, "sources": b.Sources,
		"markdown": b.Markdown(),
	})
}

// apiMicro: ?period=1–N月 code (default the newest reported) &node=CODE.
func (s *Server) apiMicro(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	year, month, err := s.microPeriod(r, v)
	if err != nil {
		return err
	}
	out := []MicroView{}
	if year != 0 {
		figs, err := s.app.MicroFigures(r.Context(), v, year, month)
		if err != nil {
			return err
		}
		node := r.URL.Query().Get("node")
		if _, ok := v.Node(node); node != "" && !ok {
			return badRequest("unknown node %q", node)
		}
		in := s.scope(r)
		if node != "" && !in(node) {
			return forbidden("节点 " + node + " 的企业汇总")
		}
		for _, f := range figs {
			if (node == "" || f.Node.Code == node) && in(f.Node.Code) {
				out = append(out, microView(f))
			}
		}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"aggregates": out})
}
