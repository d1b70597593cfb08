// Package bulletin writes the statistical sentences a science-and-technology
// bureau publishes (科技创新统计简报), from the observations and targets in
// the database — never from a template with numbers typed in: change a value
// and the text changes.
//
// A bulletin covers one scope (a node and its descendants) and one period.
// It reports every flow figure measured over exactly that period and every
// stock figure counted at its last day, one paragraph per node, followed by a
// paragraph on the progress of the targets of those nodes.
package bulletin

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/attainment"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/progress"
	"github.com/kechuang/kechuang/internal/quantity"
)

// Bulletin is a generated statistical bulletin.
type Bulletin struct {
	Title    string
	Subtitle string
	Scope    model.Node
	Period   period.Period
	AsOf     time.Time // the date target progress is judged at
	Sections []Section
	Sources  []SourceRef // the documents cited, in order of first use
}

// Section is a paragraph: a heading and its sentences.
type Section struct {
	Heading   string
	Sentences []Sentence
}

// Text is the paragraph as one string.
func (s Section) Text() string {
	var b strings.Builder
	for _, x := range s.Sentences {
		b.WriteString(x.Text)
	}
	return b.String()
}

// Sentence is one sentence with the sources of the figures in it.
type Sentence struct {
	Text string
	// Cites are indexes into Bulletin.Sources (0-based).
	Cites []int
}

// SourceRef is a cited document.
type SourceRef struct {
	Code, Title, Published string
}

// Input is what a bulletin is made from.
type Input struct {
	Nodes        []model.Node // the system's nodes in tree order
	Scope        string       // code of the scope node
	Period       period.Period
	Observations []model.Observation // any superset of the ones needed
	Assessments  []attainment.Assessment
	AsOf         time.Time
	// Matching is the industry–academia–research matching funnel of the
	// period (whole district; nil: none). It is reported for the district
	// scope only.
	Matching *MatchFunnel
}

// MatchFunnel is the matching funnel of a period: demands posted, demands
// given recommendations, recommendations contacted, declined and agreed,
// contracts linked, and the technology transaction value of the linked
// contracts found in the contract ledger (Valued of Contracts; the value is
// nil when none is).
type MatchFunnel struct {
	Demands, Recommended, Contacted, Declined, Agreed, Contracts int
	Valued                                                       int
	TransactionValue                                             *decimal.Decimal
}

// Build writes the bulletin for in.Scope and in.Period. It returns an error
// when the scope is not a node, and a bulletin with no figure sections (and a
// sentence saying so) when no figure matches the period.
func Build(in Input) (Bulletin, error) {
	var scope model.Node
	found := false
	for _, n := range in.Nodes {
		if n.Code == in.Scope {
			scope, found = n, true
		}
	}
	if !found {
		return Bulletin{}, fmt.Errorf("bulletin: scope %q is not a node of the system", in.Scope)
	}
	sub := subtree(in.Nodes, scope.Code)
	b := Bulletin{
		Title:    fmt.Sprintf("%s科技创新统计简报", scope.Name),
		Subtitle: in.Period.Label(),
		Scope:    scope,
		Period:   in.Period,
		AsOf:     in.AsOf,
	}
	cite := func(code, title string) int {
		for i, s := range b.Sources {
			if s.Code == code {
				return i
			}
		}
		b.Sources = append(b.Sources, SourceRef{Code: code, Title: title})
		return len(b.Sources) - 1
	}
	for _, n := range sub {
		var items []item
		for _, o := range in.Observations {
			if o.Scope.NodeCode != n.Code || !inPeriod(o, in.Period) || shadowed(o, in.Observations, in.Period) {
				continue
			}
			items = append(items, item{text: figure(o), growth: o.YoY != nil || o.PPChange != nil, cite: cite(o.SourceCode, o.SourceTitle)})
		}
		if len(items) == 0 {
			continue
		}
		lead := lead(in.Period) + "，" + n.ScopeLabel()
		b.Sections = append(b.Sections, Section{Heading: heading(n, scope), Sentences: []Sentence{joinItems(lead, items)}})
	}
	if len(b.Sections) == 0 {
		b.Sections = append(b.Sections, Section{Heading: heading(scope, scope), Sentences: []Sentence{{
			Text: fmt.Sprintf("%s暂无%s的统计数据。", in.Period.Label(), scope.ScopeLabel())}}})
	}
	if m := in.Matching; m != nil && scope.ParentCode == "" && m.Demands+m.Contacted+m.Agreed+m.Contracts > 0 {
		b.Sections = append(b.Sections, matchSection(in.Period, *m))
	}
	if s, ok := targetSection(sub, in.Assessments, cite); ok {
		b.Sections = append(b.Sections, s)
	}
	return b, nil
}

// shadowed reports whether o is a ledger aggregate (source "ledger-…",
// computed from the ledgers' records) beside a published figure of the same
// node, indicator and span: the bulletin prints the published one.
func shadowed(o model.Observation, all []model.Observation, p period.Period) bool {
	if !strings.HasPrefix(o.SourceCode, "ledger-") {
		return false
	}
	for _, x := range all {
		if x.Scope.NodeCode == o.Scope.NodeCode && x.Indicator.Code == o.Indicator.Code && !strings.HasPrefix(x.SourceCode, "ledger-") && inPeriod(x, p) {
			return true
		}
	}
	return false
}

// lead is how a paragraph opens: "1—8月", "前三季度" (the year is in the
// subtitle), but "2022年" for a whole year and "截至8月末" for a date, as
// bureaus write it.
func lead(p period.Period) string {
	switch p.Kind {
	case period.Year:
		return p.Label()
	case period.Date:
		d := p.End()
		switch {
		case d.Month() == time.December && d.Day() == 31:
			return fmt.Sprintf("截至%d年末", d.Year())
		case d.AddDate(0, 0, 1).Day() == 1:
			return fmt.Sprintf("截至%d月末", d.Month())
		}
		return fmt.Sprintf("截至%d月%d日", d.Month(), d.Day())
	}
	return p.ShortLabel()
}

// heading names a node's paragraph: the district as 全区, others by name.
func heading(n, scope model.Node) string {
	if n.Code == scope.Code && n.Kind == model.District {
		return n.ScopeLabel()
	}
	return n.Name
}

// subtree returns the node and its descendants in tree order.
func subtree(nodes []model.Node, root string) []model.Node {
	in := map[string]bool{root: true}
	var out []model.Node
	for _, n := range nodes { // tree order: parents come first
		if n.Code == root || in[n.ParentCode] {
			in[n.Code] = true
			out = append(out, n)
		}
	}
	return out
}

// inPeriod reports whether an observation belongs in a bulletin for p: a flow
// over the same span, or a stock counted on p's last day.
func inPeriod(o model.Observation, p period.Period) bool {
	if o.Period.Kind == period.Date {
		return o.Period.End().Equal(p.End())
	}
	return o.Period.Start().Equal(p.Start()) && o.Period.End().Equal(p.End())
}

type item struct {
	text   string
	growth bool
	cite   int
}

// figure writes "规模以上工业企业研发投入24.02亿元，同比增长15.6%" or
// "高新技术企业达到151户" from an observation.
func figure(o model.Observation) string {
	s := o.Indicator.NameZh + Qualified(o.Qualifier, o.Formatted())
	switch {
	case o.YoY != nil:
		s += "，同比" + quantity.GrowthPhrase(*o.YoY)
	case o.PPChange != nil:
		s += "，比上年同期" + quantity.PointsPhrase(*o.PPChange)
	}
	return s
}

// Bound is the part of a qualifier that bounds the value (超过, 约, 以上 …):
// "" for 达到 and 增至, which are verbs of the sentence, not bounds. Tables
// print Bound; sentences print the qualifier whole.
func Bound(q string) string {
	if q == "达到" || q == "增至" {
		return ""
	}
	return q
}

// Qualified puts a qualifier as written where Chinese puts it: before the
// number (超过300家, 达到151户, 约32平方公里), after it (40户以上), or
// between the number (with its magnitude) and the measure word (10余个,
// 1.5万余人).
func Qualified(q, formatted string) string {
	switch q {
	case "":
		return formatted
	case "以上":
		return formatted + q
	case "余":
		// After the number and its magnitude: 10余个, 1.5万余人, 3亿余元.
		i := strings.LastIndexAny(formatted, "0123456789")
		if i < 0 {
			return formatted + q
		}
		rest := formatted[i+1:]
		j := len(formatted) - len(strings.TrimLeft(rest, "万亿千"))
		return formatted[:j] + "余" + formatted[j:]
	}
	return q + formatted
}

// joinItems writes the lead and items as one sentence: items with a growth
// clause are followed by "；", others by "，".
func joinItems(lead string, items []item) Sentence {
	var b strings.Builder
	b.WriteString(lead)
	var cites []int
	for i, it := range items {
		if i > 0 {
			if items[i-1].growth {
				b.WriteString("；")
			} else {
				b.WriteString("，")
			}
		}
		b.WriteString(it.text)
		if !slices.Contains(cites, it.cite) {
			cites = append(cites, it.cite)
		}
	}
	b.WriteString("。")
	return Sentence{Text: b.String(), Cites: cites}
}

// targetSection writes the paragraph on target progress for the targets of
// the nodes in sub: a sentence for each target with a comparable actual, and
// one per scope and horizon listing those without.
func targetSection(sub []model.Node, as []attainment.Assessment, cite func(code, title string) int) (Section, bool) {
	in := map[string]bool{}
	for _, n := range sub {
		in[n.Code] = true
	}
	sec := Section{Heading: "目标进展"}
	type group struct {
		scope, horizon, verb string
		items                []string
		cites                []int
	}
	var pending []*group
	for _, a := range as {
		t := a.Target
		if !in[t.Scope.NodeCode] {
			continue
		}
		c := cite(t.SourceCode, t.SourceTitle)
		goal := Qualified(t.Qualifier, t.Formatted())
		if a.Actual == nil {
			var g *group
			for _, x := range pending {
				if x.scope == t.Scope.Name && x.horizon == t.Horizon && x.verb == t.Verb {
					g = x
				}
			}
			if g == nil {
				g = &group{scope: t.Scope.Name, horizon: t.Horizon, verb: t.Verb}
				pending = append(pending, g)
			}
			g.items = append(g.items, t.Indicator.NameZh+goal)
			if !slices.Contains(g.cites, c) {
				g.cites = append(g.cites, c)
			}
			continue
		}
		r := a.Result
		var b strings.Builder
		fmt.Fprintf(&b, "%s%s%s目标为%s，%s为%s", t.Scope.Name, t.Indicator.NameZh, strings.TrimPrefix(t.Horizon, "到"), goal,
			a.Actual.Period.Label(), a.Actual.Formatted())
		if r.Completion != nil {
			fmt.Fprintf(&b, "，完成目标的%s", quantity.FormatGrowth(*r.Completion))
		}
		if r.TimeElapsed != nil {
			fmt.Fprintf(&b, "，时序进度%s", quantity.FormatGrowth(*r.TimeElapsed))
		}
		fmt.Fprintf(&b, "，%s", r.Status.Label())
		if r.RequiredGrowth != nil && StillToGo(r.Status) {
			fmt.Fprintf(&b, "；实现目标尚需年均增长%s", quantity.FormatGrowth(*r.RequiredGrowth))
		}
		b.WriteString("。")
		cites := []int{c}
		if ac := cite(a.Actual.SourceCode, a.Actual.SourceTitle); ac != c {
			cites = append(cites, ac)
		}
		sec.Sentences = append(sec.Sentences, Sentence{Text: b.String(), Cites: cites})
	}
	for _, g := range pending {
		sec.Sentences = append(sec.Sentences, Sentence{
			Text:  fmt.Sprintf("%s%s%s实现以下目标（暂无可比实绩）：%s。", g.scope, g.horizon, g.verb, strings.Join(g.items, "；")),
			Cites: g.cites,
		})
	}
	return sec, len(sec.Sentences) > 0
}

// StillToGo reports whether a target is still open, so that the growth it
// requires is worth printing: not achieved, not missed.
func StillToGo(s progress.Status) bool {
	return s == progress.OnTrack || s == progress.AtRisk || s == progress.Behind || s == progress.UnknownPace
}

// matchSection is the 产学研对接 paragraph: the funnel from demands to
// registered contracts, from the platform's own records.
func matchSection(p period.Period, m MatchFunnel) Section {
	t := fmt.Sprintf("%s，平台发布企业技术需求%d项，为%d项需求推荐科技成果，对接联系%d次（谢绝%d次），达成合作意向%d项，签订并登记技术合同%d项",
		lead(p), m.Demands, m.Recommended, m.Contacted, m.Declined, m.Agreed, m.Contracts)
	if m.TransactionValue != nil {
		v := quantity.Format(*m.TransactionValue, quantity.Yuan, "", 2)
		if m.Valued < m.Contracts {
			t += fmt.Sprintf("，其中已认定登记的%d项技术交易额%s", m.Valued, v)
		} else {
			t += "，技术交易额" + v
		}
	}
	return Section{Heading: "产学研对接", Sentences: []Sentence{{Text: t + "（平台对接记录）。"}}}
}
