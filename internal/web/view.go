package web

import (
	"fmt"
	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/attainment"
	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/quantity"
)

// Figure is an observation as pages and the API show it: exact value in base
// units as a decimal string, and the text an official would print.
type Figure struct {
	ID          int64       `json:"id"`
	Scope       ScopeRef    `json:"scope"`
	Indicator   IndicatorJS `json:"indicator"`
	Period      PeriodJS    `json:"period"`
	Value       string      `json:"value"`   // exact, base units (yuan, count, ratio …)
	Display     string      `json:"display"` // 24.02亿元
	Qualifier   string      `json:"qualifier"`
	YoY         *string     `json:"yoy"`         // ratio as published, null when none
	YoYDisplay  string      `json:"yoy_display"` // 增长15.6% / "" when none
	Trend       string      `json:"-"`           // up, down or flat: how the page colours the growth
	Via         string      `json:"-"`           // on a parent's page: the child node the figure is about
	Status      string      `json:"status"`
	StatusLabel string      `json:"status_label"`
	Source      SourceRef   `json:"source"`
	Quote       string      `json:"quote"`
	Note        string      `json:"note"`
}

// ScopeRef names what a figure is about.
type ScopeRef struct {
	Kind string `json:"kind"` // node | organisation
	Code string `json:"code"`
	Name string `json:"name"`
}

// IndicatorJS is an indicator of the catalogue.
type IndicatorJS struct {
	Code       string `json:"code"`
	NameZh     string `json:"name_zh"`
	NameEn     string `json:"name_en"`
	Unit       string `json:"unit"`
	Kind       string `json:"kind"`
	Precision  int    `json:"precision"`
	Counter    string `json:"counter,omitempty"`
	Definition string `json:"definition,omitempty"`
}

// PeriodJS is a period: its code, Chinese label and first and last day.
type PeriodJS struct {
	Code  string `json:"code"`
	Label string `json:"label"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// SourceRef is a cited document.
type SourceRef struct {
	Code  string `json:"code"`
	Title string `json:"title"`
}

func scopeRef(s model.Scope) ScopeRef {
	if s.NodeCode != "" {
		return ScopeRef{Kind: "node", Code: s.NodeCode, Name: s.Name}
	}
	return ScopeRef{Kind: "organisation", Code: s.OrgCode, Name: s.Name}
}

func indicatorJS(i model.Indicator) IndicatorJS {
	return IndicatorJS{Code: i.Code, NameZh: i.NameZh, NameEn: i.NameEn, Unit: string(i.Unit), Kind: string(i.Kind),
		Precision: i.Precision, Counter: i.Counter, Definition: i.Definition}
}

func figure(o model.Observation) Figure {
	f := Figure{
		ID: o.ID, Scope: scopeRef(o.Scope), Indicator: indicatorJS(o.Indicator),
		Period: PeriodJS{Code: o.Period.String(), Label: o.Period.Label(),
			Start: o.Period.Start().Format("2006-01-02"), End: o.Period.End().Format("2006-01-02")},
		Value: o.Value.String(), Display: bulletin.Qualified(bulletin.Bound(o.Qualifier), o.Formatted()),
		Qualifier: o.Qualifier, Status: string(o.Status), StatusLabel: statusLabel(o),
		Source: SourceRef{Code: o.SourceCode, Title: o.SourceTitle}, Quote: o.Quote, Note: o.Note,
	}
	if o.YoY != nil {
		s := o.YoY.String()
		f.YoY = &s
		f.YoYDisplay = quantity.GrowthPhrase(*o.YoY)
		f.Trend = [...]string{"down", "flat", "up"}[o.YoY.Shift(2).Round(1).Sign()+1]
	} else if o.PPChange != nil {
		f.YoYDisplay = quantity.PointsPhrase(*o.PPChange)
		f.Trend = [...]string{"down", "flat", "up"}[o.PPChange.Shift(2).Round(1).Sign()+1]
	}
	return f
}

// TargetView is a target with its assessment, as pages and the API show it.
type TargetView struct {
	ID             int64       `json:"id"`
	Scope          ScopeRef    `json:"scope"`
	Indicator      IndicatorJS `json:"indicator"`
	Year           int         `json:"year"`
	Horizon        string      `json:"horizon"`
	Qualifier      string      `json:"qualifier"`
	Value          string      `json:"value"`
	Display        string      `json:"display"` // 突破1000亿元
	Actual         *Figure     `json:"actual"`  // latest comparable actual, null when none
	Partial        *Figure     `json:"partial"` // latest non-comparable figure, for information
	Completion     *string     `json:"completion"`
	CompletionText string      `json:"completion_display"`
	Elapsed        *string     `json:"time_elapsed"`
	ElapsedText    string      `json:"time_elapsed_display"`
	Required       *string     `json:"required_growth"`
	RequiredText   string      `json:"required_growth_display"`
	YearsLeft      string      `json:"years_left"`
	Status         string      `json:"status"`
	StatusLabel    string      `json:"status_label"`
	Why            string      `json:"why"`
	Source         SourceRef   `json:"source"`
	Quote          string      `json:"quote"`
	Note           string      `json:"note"`
}

func targetView(a attainment.Assessment) TargetView {
	t := a.Target
	v := TargetView{
		ID: t.ID, Scope: scopeRef(t.Scope), Indicator: indicatorJS(t.Indicator), Year: t.Year, Horizon: t.Horizon,
		Qualifier: t.Qualifier, Value: t.Value.String(), Display: bulletin.Qualified(t.Qualifier, t.Formatted()),
		YearsLeft: a.Result.YearsLeft.StringFixed(2), Status: string(a.Result.Status), StatusLabel: a.Result.Status.Label(),
		Why: a.Why, Source: SourceRef{Code: t.SourceCode, Title: t.SourceTitle}, Quote: t.Quote, Note: t.Note,
	}
	if a.Actual != nil {
		f := figure(*a.Actual)
		v.Actual = &f
	}
	if a.Partial != nil {
		f := figure(*a.Partial)
		v.Partial = &f
	}
	r := a.Result
	if r.Completion != nil {
		s := r.Completion.String()
		v.Completion, v.CompletionText = &s, quantity.FormatGrowth(*r.Completion)
	}
	if r.TimeElapsed != nil {
		s := r.TimeElapsed.String()
		v.Elapsed, v.ElapsedText = &s, quantity.FormatGrowth(*r.TimeElapsed)
	}
	if r.RequiredGrowth != nil && bulletin.StillToGo(r.Status) {
		s := r.RequiredGrowth.String()
		v.Required, v.RequiredText = &s, quantity.FormatGrowth(*r.RequiredGrowth)
	}
	return v
}

// NodeJS is a node of the structure.
type NodeJS struct {
	Code        string `json:"code"`
	Parent      string `json:"parent,omitempty"`
	PartOf      string `json:"part_of,omitempty"`
	Kind        string `json:"kind"`
	KindLabel   string `json:"kind_label"`
	Name        string `json:"name"`
	FullName    string `json:"full_name,omitempty"`
	Role        string `json:"role,omitempty"`
	Numeral     string `json:"numeral,omitempty"`
	Level       string `json:"level,omitempty"`
	Description string `json:"description,omitempty"`
	Source      string `json:"source,omitempty"`
	Quote       string `json:"quote,omitempty"`
}

func nodeJS(n model.Node) NodeJS {
	return NodeJS{Code: n.Code, Parent: n.ParentCode, PartOf: n.PartOfCode, Kind: string(n.Kind), KindLabel: n.Kind.Label(),
		Name: n.Name, FullName: n.FullName, Role: string(n.Role), Numeral: n.Numeral, Level: n.Level,
		Description: n.Description, Source: n.SourceCode, Quote: n.Quote}
}

// levelLabel is the Chinese name of a level.
func levelLabel(l string) string {
	switch l {
	case "national":
		return "国家级"
	case "municipal":
		return "市级"
	case "district":
		return "区级"
	case "society":
		return "学会/社会组织"
	}
	return l
}

// MicroView is an aggregate of firms' reports as pages and the API show it.
type MicroView struct {
	Node          string      `json:"node"`
	NodeName      string      `json:"node_name"`
	Indicator     IndicatorJS `json:"indicator"`
	Period        PeriodJS    `json:"period"`
	Value         string      `json:"value"`
	Display       string      `json:"display"`
	Month         *string     `json:"month_value"` // single month: YTD N − YTD N−1; null when not derivable
	MonthText     string      `json:"month_display"`
	Firms         int         `json:"firms"`
	SameBasis     *string     `json:"same_basis_growth"`         // ratio, null when no rate
	SameBasisText string      `json:"same_basis_growth_display"` // 15.6%, 扭亏为盈（由负转正）, —
	Archived      *string     `json:"archived_growth"`
	ArchivedText  string      `json:"archived_growth_display"`
	ArchivedFirms int         `json:"archived_firms"` // firms in last year's total
	Source        string      `json:"source"`
	Demo          bool        `json:"demo_data"` // synthetic demo firms are among them
}

func growthJS(g aggregate.Growth) (*string, string) {
	if g.Kind == aggregate.Rate {
		s := g.Ratio.String()
		return &s, quantity.FormatGrowth(*g.Ratio)
	}
	if g.Kind == aggregate.NoBase {
		return nil, "—"
	}
	return nil, g.Label()
}

func microView(m app.MicroFigure) MicroView {
	v := MicroView{Node: m.Node.Code, NodeName: m.Node.Name, Indicator: indicatorJS(m.Indicator),
		Period: PeriodJS{Code: m.Period.String(), Label: m.Period.Label(), Start: m.Period.Start().Format("2006-01-02"), End: m.Period.End().Format("2006-01-02")},
		Value:  m.Value.String(), Display: m.Indicator.Format(m.Value), Firms: m.Firms, Source: m.Source, Demo: m.Demo}
	v.MonthText = "—"
	if m.Month != nil {
		s := m.Month.String()
		v.Month, v.MonthText = &s, m.Indicator.Format(*m.Month)
	}
	v.SameBasis, v.SameBasisText = growthJS(m.SameBasis)
	v.Archived, v.ArchivedText = growthJS(m.Archived)
	v.ArchivedFirms = m.ArchivedFirms
	if m.Archived.Kind == aggregate.Rate && m.ArchivedFirms != m.Firms {
		v.ArchivedText += fmt.Sprintf("（上年%d家）", m.ArchivedFirms)
	}
	return v
}

// statusLabel is the status shown with a figure: the ledgers' own
// aggregates say so rather than 公布数.
func statusLabel(o model.Observation) string {
	if isLedger(o) {
		return "台账汇总"
	}
	return o.Status.Label()
}
