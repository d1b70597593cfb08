package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/attainment"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/progress"
	"github.com/kechuang/kechuang/internal/store"
)

// pillarView is one pillar of the overview with its member nodes.
type pillarView struct {
	Node    model.Node
	Members []memberView
}

type memberView struct {
	Node     model.Node
	Children []model.Node
	Figures  []Figure
	Targets  int
}

func (s *Server) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	obs, err := s.app.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID})
	if err != nil {
		return err
	}
	as, err := s.app.Assessments(ctx, v, s.now())
	if err != nil {
		return err
	}
	root := v.Root()
	targetsOf := map[string]int{}
	for _, a := range as {
		targetsOf[a.Target.Scope.Code()]++
	}
	var pillars []pillarView
	for _, p := range v.Children(root.Code) {
		pv := pillarView{Node: p}
		for _, m := range v.Children(p.Code) {
			mv := memberView{Node: m, Children: v.Children(m.Code), Targets: targetsOf[m.Code]}
			mv.Figures = figuresOf(obs, m)
			for _, d := range v.Descendants(m.Code) {
				for _, f := range figuresOf(obs, d) {
					f.Via = d.Name
					mv.Figures = append(mv.Figures, f)
				}
			}
			pv.Members = append(pv.Members, mv)
		}
		pillars = append(pillars, pv)
	}
	headline := figuresOf(obs, root)
	counts := statusCounts(as)
	micro, microPeriod, err := s.microOf(r, v, root.Code)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Micro": micro,
		"Title": v.System.Name, "Nav": "overview", "View": v, "Root": root, "Pillars": pillars,
		"Headline": headline, "StatusCounts": counts, "Targets": len(as),
		"TreeChart": treeChart(v), "BulletinPeriod": defaultBulletinPeriod(obs, root.Code),
	}
	microPeriod.data(data)
	return s.render(w, "overview", data)
}

// microOf returns the aggregates of firms' reports for one node, for the
// period in ?period= (1–N月) or the default one (app.LatestReportPeriod:
// the newest not still being collected); none when there are no reports.
func (s *Server) microOf(r *http.Request, v app.View, node string) ([]MicroView, microChoice, error) {
	if !seesConfidential(r) || !s.inScope(r, node) {
		return nil, microChoice{}, nil // firms' aggregates: confidential roles within their scope only
	}
	c, err := s.microChoose(r, v)
	if err != nil || c.Year == 0 {
		return nil, c, err
	}
	figs, err := s.app.MicroFigures(r.Context(), v, c.Year, c.Month)
	if err != nil {
		return nil, c, err
	}
	var out []MicroView
	for _, f := range figs {
		if f.Node.Code == node {
			out = append(out, microView(f))
		}
	}
	return out, c, nil
}

// microChoice is the 1–N月 period of firms' reports a page shows: the one
// asked for in ?period= or the default, with what pages print about it.
type microChoice struct {
	Year, Month int    // 0, 0: no reports
	Label       string // 2022年1—8月
	Code        string // 2022-01..2022-08, for ?period=
	Default     bool   // not asked for: app.LatestReportPeriod's choice
	// Collecting, when the period is the default and a newer one is still
	// being collected: "2022年1—9月正在报送（1家企业），显示2022年1—8月";
	// CollectingCode is that newer period's code.
	Collecting, CollectingCode string
}

// data adds the choice to a page's template data under the keys the
// "micro" block reads.
func (c microChoice) data(d map[string]any) {
	d["MicroPeriod"], d["MicroCode"], d["MicroNote"], d["MicroNewer"] = c.Label, c.Code, c.Collecting, c.CollectingCode
	d["MicroAsked"] = c.Year != 0 && !c.Default
}

// microPeriod reads ?period= (a 1–N月 code) or picks the default period
// (app.LatestReportPeriod); 0, 0 when there are no reports.
func (s *Server) microPeriod(r *http.Request, v app.View) (int, int, error) {
	c, err := s.microChoose(r, v)
	return c.Year, c.Month, err
}

// microChoose is microPeriod with the labels and the note on a newer period
// being collected.
func (s *Server) microChoose(r *http.Request, v app.View) (microChoice, error) {
	var c microChoice
	if code := r.URL.Query().Get("period"); code != "" {
		p, err := period.Parse(code)
		if err != nil {
			return c, badRequest("%v", err)
		}
		if p.Kind == period.Date || p.FromMonth != 1 {
			return c, badRequest("企业报表是1—N月累计数，period 应为如 %d-01..%d-08 的期间", p.Year, p.Year)
		}
		c.Year, c.Month = p.Year, p.ToMonth
	} else {
		d, err := s.app.DefaultReportPeriod(r.Context(), v)
		if err != nil || !d.OK {
			return c, err
		}
		c.Year, c.Month, c.Default = d.Year, d.Month, true
		if d.Collecting[0] != 0 {
			if n, err := period.FromMonths(d.Collecting[0], 1, d.Collecting[1]); err == nil {
				shown, _ := period.FromMonths(d.Year, 1, d.Month)
				c.Collecting = fmt.Sprintf("%s正在报送（%d家企业），显示%s", n.Label(), d.CollectingFirms, shown.Label())
				c.CollectingCode = n.String()
			}
		}
	}
	p, err := period.FromMonths(c.Year, 1, c.Month)
	if err != nil {
		return microChoice{}, badRequest("%v", err)
	}
	c.Label, c.Code = p.Label(), p.String()
	return c, nil
}

// figuresOf returns the published figures whose scope is node n (the
// figures the ledgers compute, source ledger-…, are left to
// ledgerFiguresOf and the ledger pages).
func figuresOf(obs []model.Observation, n model.Node) []Figure {
	var out []Figure
	for _, o := range obs {
		if o.Scope.NodeCode == n.Code && !isLedger(o) {
			out = append(out, figure(o))
		}
	}
	return out
}

func isLedger(o model.Observation) bool { return strings.HasPrefix(o.SourceCode, "ledger-") }

// ledgerFiguresOf returns, of the figures the ledgers compute for node n,
// the latest of each indicator (the longest span when two end together).
func ledgerFiguresOf(obs []model.Observation, n model.Node) []Figure {
	latest := map[string]int{}
	var order []string
	for i, o := range obs {
		if o.Scope.NodeCode != n.Code || !isLedger(o) {
			continue
		}
		j, ok := latest[o.Indicator.Code]
		if !ok {
			order = append(order, o.Indicator.Code)
		}
		if !ok || o.Period.End().After(obs[j].Period.End()) ||
			(o.Period.End().Equal(obs[j].Period.End()) && o.Period.Months() > obs[j].Period.Months()) {
			latest[o.Indicator.Code] = i
		}
	}
	var out []Figure
	for _, code := range order {
		out = append(out, figure(obs[latest[code]]))
	}
	return out
}

type statusCount struct {
	Status, Label string
	N             int
}

func statusCounts(as []attainment.Assessment) []statusCount {
	order := []progress.Status{progress.Achieved, progress.OnTrack, progress.AtRisk, progress.Behind, progress.Missed, progress.UnknownPace, progress.NoActual}
	var out []statusCount
	for _, st := range order {
		n := 0
		for _, a := range as {
			if a.Result.Status == st {
				n++
			}
		}
		if n > 0 {
			out = append(out, statusCount{string(st), st.Label(), n})
		}
	}
	return out
}

// defaultBulletinPeriod picks the flow period that a bulletin of the scope
// would say most about (flows over it plus stocks at its end); ties go to the
// period with more year-on-year growth figures (the reporting period), then
// to the later one. "" when the scope has no figures.
func defaultBulletinPeriod(obs []model.Observation, scope string) string {
	best, bestN, bestG := period.Period{}, 0, 0
	for _, c := range obs {
		if c.Scope.NodeCode != scope || c.Period.Kind == period.Date {
			continue
		}
		n, g := 0, 0
		for _, o := range obs {
			if o.Scope.NodeCode != scope {
				continue
			}
			if (o.Period.Kind == period.Date && o.Period.End().Equal(c.Period.End())) ||
				(o.Period.Start().Equal(c.Period.Start()) && o.Period.End().Equal(c.Period.End())) {
				n++
				if o.YoY != nil {
					g++
				}
			}
		}
		if n > bestN || (n == bestN && (g > bestG || (g == bestG && c.Period.End().After(best.End())))) {
			best, bestN, bestG = c.Period, n, g
		}
	}
	if bestN == 0 {
		return ""
	}
	return best.String()
}

// treeChart is the ECharts option of the structure as a tree.
func treeChart(v app.View) map[string]any {
	var build func(n model.Node) map[string]any
	build = func(n model.Node) map[string]any {
		name := n.Name
		if n.Numeral != "" {
			name = n.Numeral + " " + n.Name
		}
		item := map[string]any{"name": name, "value": "/node/" + n.Code}
		var kids []map[string]any
		for _, c := range v.Children(n.Code) {
			kids = append(kids, build(c))
		}
		if len(kids) > 0 {
			item["children"] = kids
		}
		return item
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "item", "formatter": "{b}"},
		"series": []map[string]any{{
			"type": "tree", "data": []any{build(v.Root())},
			"top": "2%", "left": "8%", "bottom": "2%", "right": "18%",
			"symbolSize": 9, "initialTreeDepth": -1, "expandAndCollapse": false,
			"label":     map[string]any{"position": "left", "verticalAlign": "middle", "align": "right", "fontSize": 13},
			"leaves":    map[string]any{"label": map[string]any{"position": "right", "align": "left"}},
			"lineStyle": map[string]any{"color": "#9bb3d6"},
			"itemStyle": map[string]any{"color": "#c0392b", "borderColor": "#c0392b"},
		}},
	}
}

func (s *Server) nodePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	n, ok := v.Node(r.PathValue("code"))
	if !ok {
		return &httpError{http.StatusNotFound, fmt.Sprintf("没有编码为 %q 的节点", r.PathValue("code"))}
	}
	scopes := []string{n.Code}
	below := v.Descendants(n.Code)
	for _, d := range below {
		scopes = append(scopes, d.Code)
	}
	obs, err := s.app.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID, Scopes: scopes})
	if err != nil {
		return err
	}
	figs := figuresOf(obs, n)
	type subFigures struct {
		Node    model.Node
		Figures []Figure
	}
	var sub []subFigures
	for _, d := range below {
		if f := figuresOf(obs, d); len(f) > 0 {
			sub = append(sub, subFigures{d, f})
		}
	}
	as, err := s.app.Assessments(ctx, v, s.now())
	if err != nil {
		return err
	}
	var targets []TargetView
	for _, a := range as {
		if a.Target.Scope.NodeCode == n.Code {
			targets = append(targets, targetView(a))
		}
	}
	orgs, err := s.app.Store.Organisations(ctx, v.System.ID)
	if err != nil {
		return err
	}
	var members []model.Organisation
	for _, o := range orgs {
		if slices.ContainsFunc(o.Memberships, func(m model.Membership) bool { return m.NodeCode == n.Code }) {
			members = append(members, o)
		}
	}
	var trail []model.Node
	for p := n; p.ParentCode != ""; {
		p, _ = v.Node(p.ParentCode)
		trail = append([]model.Node{p}, trail...)
	}
	var partOf *model.Node
	if n.PartOfCode != "" {
		if p, ok := v.Node(n.PartOfCode); ok {
			partOf = &p
		}
	}
	var parts []model.Node
	for _, x := range v.Nodes {
		if x.PartOfCode == n.Code {
			parts = append(parts, x)
		}
	}
	micro, microPeriod, err := s.microOf(r, v, n.Code)
	if err != nil {
		return err
	}
	data := map[string]any{
		"Micro": micro,
		"Title": n.Name, "Nav": "node", "View": v, "Node": n, "Trail": trail, "Children": v.Children(n.Code),
		"PartOf": partOf, "Parts": parts, "Figures": figs, "SubFigures": sub, "TargetRows": targets, "Members": members,
		"LedgerFigures": ledgerFor(r, obs, n),
		"GrowthChart":   growthChart(figs), "BulletinPeriod": defaultBulletinPeriod(obs, n.Code),
	}
	microPeriod.data(data)
	return s.render(w, "node", data)
}

// growthChart is a bar chart of the published year-on-year growth rates of
// the figures that have one, nil when none has.
func growthChart(figs []Figure) map[string]any {
	var names []string
	var data []any
	for _, f := range figs {
		if f.YoY == nil {
			continue
		}
		names = append(names, f.Indicator.NameZh+"\n"+f.Period.Label)
		pct := percentOf(*f.YoY)
		data = append(data, labelled(pct, string(pct)+"%"))
	}
	if len(names) == 0 {
		return nil
	}
	return map[string]any{
		"_height": 360,
		"title":   map[string]any{"text": "同比增长（%）", "left": "center", "textStyle": map[string]any{"fontSize": 14}},
		"tooltip": map[string]any{"trigger": "axis"},
		"grid":    map[string]any{"left": 60, "right": 20, "top": 40, "bottom": 60},
		"xAxis":   map[string]any{"type": "category", "data": names},
		"yAxis":   map[string]any{"type": "value", "axisLabel": map[string]any{"formatter": "{value}%"}},
		"series": []map[string]any{{"type": "bar", "data": data, "barMaxWidth": 48, "itemStyle": map[string]any{"color": "#c0392b"},
			"label": map[string]any{"show": true, "position": "top", "formatter": "{c}%"}}},
	}
}

func (s *Server) targetsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	asOf := s.now()
	as, err := s.app.Assessments(ctx, v, asOf)
	if err != nil {
		return err
	}
	var rows []TargetView
	for _, a := range as {
		rows = append(rows, targetView(a))
	}
	return s.render(w, "targets", map[string]any{
		"Title": "目标进展", "Nav": "targets", "View": v, "Rows": rows, "StatusCounts": statusCounts(as),
		"AsOf": asOf.Format("2006年1月2日"), "ProgressChart": progressChart(rows),
	})
}

// percentOf turns an exact ratio string into a percentage rounded half away
// from zero to one decimal, as a JSON number string for ECharts ("15.6").
func percentOf(ratio string) json.Number {
	return json.Number(decimal.RequireFromString(ratio).Shift(2).Round(1).StringFixed(1))
}

// labelled is a chart data item whose label is the officially printed text
// (20.0%, not ECharts' 20%).
func labelled(v json.Number, text string) map[string]any {
	return map[string]any{"value": v, "label": map[string]any{"formatter": text}}
}

// progressChart compares completion with time elapsed for the targets that
// have a comparable actual; nil when none has.
func progressChart(rows []TargetView) map[string]any {
	var names []string
	var comp, elapsed []any
	for _, t := range rows {
		if t.Completion == nil {
			continue
		}
		names = append(names, t.Scope.Name+"\n"+t.Indicator.NameZh)
		comp = append(comp, labelled(percentOf(*t.Completion), t.CompletionText))
		if t.Elapsed != nil {
			elapsed = append(elapsed, labelled(percentOf(*t.Elapsed), t.ElapsedText))
		} else {
			elapsed = append(elapsed, nil)
		}
	}
	if len(names) == 0 {
		return nil
	}
	return map[string]any{
		"_height": 110 + 70*len(names),
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{"data": []string{"完成率", "时序进度"}, "top": 0},
		"grid":    map[string]any{"left": 150, "right": 40, "top": 30, "bottom": 20},
		"xAxis":   map[string]any{"type": "value", "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}},
		"yAxis":   map[string]any{"type": "category", "data": names, "axisLabel": map[string]any{"lineHeight": 18}},
		"series": []map[string]any{
			{"name": "完成率", "type": "bar", "data": comp, "itemStyle": map[string]any{"color": "#c0392b"},
				"label": map[string]any{"show": true, "position": "right", "formatter": "{c}%"}},
			{"name": "时序进度", "type": "bar", "data": elapsed, "itemStyle": map[string]any{"color": "#95a5a6"},
				"label": map[string]any{"show": true, "position": "right", "formatter": "{c}%"}},
		},
	}
}

func (s *Server) orgsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	orgs, err := s.app.Store.Organisations(ctx, v.System.ID)
	if err != nil {
		return err
	}
	orgs = s.scopedOrgs(r, orgs)
	kind := r.URL.Query().Get("kind")
	if kind != "" && !slices.Contains(model.OrgKinds, model.OrgKind(kind)) {
		return badRequest("未知的机构类型 %q", kind)
	}
	type kindTab struct {
		Kind, Label string
		N           int
	}
	var tabs []kindTab
	for _, k := range model.OrgKinds {
		n := 0
		for _, o := range orgs {
			if o.Kind == k {
				n++
			}
		}
		if n > 0 {
			tabs = append(tabs, kindTab{string(k), k.Label(), n})
		}
	}
	var shown []model.Organisation
	for _, o := range orgs {
		if kind == "" || string(o.Kind) == kind {
			shown = append(shown, o)
		}
	}
	return s.render(w, "organisations", map[string]any{
		"Title": "创新主体", "Nav": "organisations", "View": v, "Orgs": shown, "Tabs": tabs, "Kind": kind, "All": len(orgs),
	})
}

func (s *Server) sourcePage(w http.ResponseWriter, r *http.Request) error {
	src, err := s.app.Store.Source(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	return s.render(w, "source", map[string]any{"Title": src.Title, "Nav": "", "View": v, "Source": src})
}

// ledgerFor is the node page's ledger aggregates: for roles that may see
// confidential figures only (ledger aggregates are not disclosure-controlled).
func ledgerFor(r *http.Request, obs []model.Observation, n model.Node) []Figure {
	if !seesConfidential(r) {
		return nil
	}
	return ledgerFiguresOf(obs, n)
}

// visibleObservations drops the ledger aggregates for roles that may not see
// confidential figures: they see what the bureau published.
func visibleObservations(r *http.Request, obs []model.Observation) []model.Observation {
	if seesConfidential(r) {
		return obs
	}
	out := obs[:0:0]
	for _, o := range obs {
		if !isLedger(o) {
			out = append(out, o)
		}
	}
	return out
}
