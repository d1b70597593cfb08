package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/extract"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/store"
)

// extractRoutes are the pages of issue 8: pasting a published text
// (文本摘录), reviewing what was read from it, and comparing confirmed
// figures across districts (同类地区对比).
func (s *Server) extractRoutes() []route {
	return []route{
		{"GET /extract", s.extractPage},
		{"POST /extract", s.extractPost},
		{"GET /extract/{code}", s.reviewPage},
		{"POST /extract/figures/{id}", s.reviewPost},
		{"GET /peers", s.peersPage},
	}
}

func (s *Server) extractPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	list, err := s.app.Store.Extractions(r.Context(), v.System.ID)
	if err != nil {
		return err
	}
	return s.render(w, "extract", map[string]any{"Title": "文本摘录", "Nav": "extract", "View": v, "Extractions": list})
}

// maxPaste bounds a pasted text (a bulletin is tens of kilobytes).
const maxPaste = 2 << 20

func (s *Server) extractPost(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxPaste)
	if err := r.ParseForm(); err != nil {
		return badRequest("无法读取提交的文本（不超过2 MB）：%v", err)
	}
	text := r.PostFormValue("text")
	if strings.TrimSpace(text) == "" {
		return badRequest("请粘贴公报、报告或新闻的文本（或HTML）")
	}
	published := strings.TrimSpace(r.PostFormValue("published"))
	if published != "" {
		if _, err := period.Parse(published); err != nil || len(published) != 10 {
			return badRequest("发布日期 %q 应为 YYYY-MM-DD", published)
		}
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	ex, err := s.app.ExtractText(r.Context(), v, text, strings.TrimSpace(r.PostFormValue("title")), published)
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/extract/"+url.PathEscape(ex.SourceCode), http.StatusSeeOther)
	return nil
}

// figureView is an extracted figure as the review table shows it.
type figureView struct {
	store.ExtractedFigure
	Display    string
	PeriodText string
	StatusText string
	FlagList   []string
}

func viewFigure(f store.ExtractedFigure) figureView {
	fv := figureView{ExtractedFigure: f, Display: figureDisplay(f), PeriodText: periodText(f.Period)}
	fv.StatusText = map[string]string{store.FigureExtracted: "未确认", store.FigureConfirmed: "已确认", store.FigureRejected: "已驳回"}[f.Status]
	if f.Corrected {
		fv.StatusText += "（已更正）"
	}
	if f.Flags != "" {
		fv.FlagList = strings.Fields(f.Flags)
	}
	return fv
}

// figureDisplay prints a stored figure's value as a bulletin does, from the
// exact value: 1402.74亿元, 2.36%, 1.57万家.
func figureDisplay(f store.ExtractedFigure) string {
	if f.Parts != "" {
		return f.Parts
	}
	if f.Value == nil {
		return "—"
	}
	one := func(v decimal.Decimal) string {
		switch f.Unit {
		case extract.UnitYuan:
			return quantity.Format(v, quantity.Yuan, "", -1)
		case extract.UnitPercent:
			return quantity.Format(v, quantity.Percent, "", -1)
		case extract.UnitPermille:
			return v.Shift(3).String() + "‰"
		case extract.UnitCount:
			return quantity.Format(v, quantity.Count, counterOf(f.ValueWritten, "个"), -1)
		case extract.UnitPersons:
			return quantity.Format(v, quantity.Persons, counterOf(f.ValueWritten, "人"), -1)
		case extract.UnitWh:
			return strings.TrimSuffix(quantity.Format(v, quantity.Tonnes, "", -1), "吨") + "瓦时"
		}
		return v.String()
	}
	if f.ValueHigh != nil {
		return one(*f.Value) + "—" + one(*f.ValueHigh)
	}
	return one(*f.Value)
}

func counterOf(written, def string) string {
	for _, c := range append(quantity.CountCounters, quantity.PersonCounters...) {
		if strings.Contains(written, c) {
			return c
		}
	}
	return def
}

func periodText(code string) string {
	switch code {
	case "":
		return "未知"
	case extract.Capacity:
		return "年产能"
	}
	p, err := period.Parse(code)
	if err != nil {
		return code
	}
	return p.Label()
}

// segment is a run of the source text, highlighted when it is a quote.
type segment struct {
	Text string
	Seq  int // the figure whose quote it is, 0 for plain text
}

// highlight cuts body into plain runs and the figures' quoted spans
// (byte offsets; overlapping spans are merged into the first).
func highlight(body string, figs []store.ExtractedFigure) []segment {
	type span struct{ a, b, seq int }
	var spans []span
	for _, f := range figs {
		if f.QuoteStart >= 0 && f.QuoteEnd <= len(body) && f.QuoteStart < f.QuoteEnd {
			spans = append(spans, span{f.QuoteStart, f.QuoteEnd, f.Seq})
		}
	}
	slices.SortFunc(spans, func(x, y span) int { return x.a - y.a })
	var out []segment
	at := 0
	for _, sp := range spans {
		if sp.a < at {
			if sp.b > at && len(out) > 0 && out[len(out)-1].Seq != 0 {
				out[len(out)-1].Text += body[at:sp.b]
				at = sp.b
			}
			continue
		}
		if sp.a > at {
			out = append(out, segment{Text: body[at:sp.a]})
		}
		out = append(out, segment{Text: body[sp.a:sp.b], Seq: sp.seq})
		at = sp.b
	}
	if at < len(body) {
		out = append(out, segment{Text: body[at:]})
	}
	return out
}

func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	src, err := s.app.Store.Source(r.Context(), code)
	if err != nil {
		return err
	}
	figs, err := s.app.Store.ExtractedFigures(r.Context(), code)
	if err != nil {
		return err
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	var views []figureView
	open := 0
	for _, f := range figs {
		views = append(views, viewFigure(f))
		if f.Status == store.FigureExtracted {
			open++
		}
	}
	return s.render(w, "review", map[string]any{"Title": "核对：" + src.Title, "Nav": "extract", "View": v, "Source": src,
		"Figures": views, "Open": open, "Segments": highlight(src.Body, figs)})
}

func (s *Server) reviewPost(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("没有这条摘录：%q", r.PathValue("id"))
	}
	if err := r.ParseForm(); err != nil {
		return badRequest("无法读取表单：%v", err)
	}
	f, err := s.app.Store.ExtractedFigure(r.Context(), id)
	if err != nil {
		return err
	}
	rv := store.Review{At: s.now(), Note: r.PostFormValue("note")}
	switch r.PostFormValue("action") {
	case "confirm":
		rv.Status = store.FigureConfirmed
	case "reject":
		rv.Status = store.FigureRejected
	case "reset":
		rv.Status = store.FigureExtracted
	default:
		return badRequest("操作应为 confirm、reject 或 reset")
	}
	if written := strings.TrimSpace(r.PostFormValue("value")); written != "" && rv.Status == store.FigureConfirmed {
		val, err := quantity.ParseWrittenFull(written)
		if err != nil {
			return badRequest("更正数值 %q 无法读取（写法如 1225亿元、2.36%%、151家）：%v", written, err)
		}
		if want := f.Unit; want != "" && !unitAgrees(want, val.Unit) {
			return badRequest("更正数值 %q 的单位与原摘录（%s）不一致", written, f.Unit)
		}
		rv.Value = &val.Value
	}
	if p := strings.TrimSpace(r.PostFormValue("period")); p != "" && rv.Status == store.FigureConfirmed {
		pp, err := period.Parse(p)
		if err != nil {
			return badRequest("更正期间 %q 无法读取（写法如 2022、2022-01..2022-08、2022-12-31）", p)
		}
		rv.Period = pp.String()
	}
	if rv.Status == store.FigureConfirmed && f.Value == nil && rv.Value == nil {
		// growth- or rank-only statements are confirmed as such
	}
	if err := s.app.Store.ReviewFigure(r.Context(), id, rv); err != nil {
		return err
	}
	http.Redirect(w, r, "/extract/"+url.PathEscape(f.SourceCode)+"#f"+strconv.Itoa(f.Seq), http.StatusSeeOther)
	return nil
}

func unitAgrees(figure string, u quantity.Unit) bool {
	switch figure {
	case extract.UnitYuan:
		return u == quantity.Yuan
	case extract.UnitPercent:
		return u == quantity.Percent
	case extract.UnitCount:
		return u == quantity.Count
	case extract.UnitPersons:
		return u == quantity.Persons || u == quantity.Count
	}
	return true
}

// peerIndicators are compared first, in this order; any other indicator
// with confirmed figures for two or more scopes follows.
var peerIndicators = []string{"rd_intensity", "rd_expenditure_total", "high_tech_enterprises", "tech_contract_turnover", "tech_transaction_value", "tech_based_smes", "national_little_giants", "national_incubators", "gdp"}

type peerCell struct {
	Display, SourceCode, SourceTitle, Quote, Note string
	Flags                                         []string
}

type peerRow struct {
	Scope, RegionCode, Part string
	Own                     bool
	Cells                   []*peerCell // one per column
}

type peerTable struct {
	Key, Name string
	Periods   []string // labels
	Rows      []peerRow
}

func (s *Server) peersPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	figs, err := s.app.Store.ConfirmedFigures(r.Context(), v.System.ID)
	if err != nil {
		return err
	}
	tables := peerTables(figs, v.System.RegionCode)
	scopes := map[string]bool{}
	for _, t := range tables {
		for _, row := range t.Rows {
			scopes[row.Scope+row.Part] = true
		}
	}
	return s.render(w, "peers", map[string]any{"Title": "同类地区对比", "Nav": "peers", "View": v, "Tables": tables, "Scopes": len(scopes), "Figures": len(figs)})
}

// peerTables arranges confirmed figures: one table per indicator, a row per
// scope (region, or node of the district; a part such as 区本级 apart), a
// column per period. Two figures for one cell keep the first confirmed.
func peerTables(figs []store.ExtractedFigure, ownRegion string) []peerTable {
	byKey := map[string][]store.ExtractedFigure{}
	names := map[string]string{}
	for _, f := range figs {
		if f.Period == extract.Capacity || f.Target {
			continue
		}
		byKey[f.IndicatorKey] = append(byKey[f.IndicatorKey], f)
		names[f.IndicatorKey] = f.IndicatorName
	}
	var keys []string
	for _, k := range peerIndicators {
		if len(byKey[k]) > 0 {
			keys = append(keys, k)
		}
	}
	var rest []string
	for k, fs := range byKey {
		if slices.Contains(peerIndicators, k) {
			continue
		}
		sc := map[string]bool{}
		for _, f := range fs {
			sc[f.ScopeName] = true
		}
		if len(sc) >= 2 {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	keys = append(keys, rest...)
	var out []peerTable
	for _, k := range keys {
		fs := byKey[k]
		var periods []string
		for _, f := range fs {
			if !slices.Contains(periods, f.Period) {
				periods = append(periods, f.Period)
			}
		}
		slices.SortFunc(periods, func(a, b string) int {
			pa, ea := period.Parse(a)
			pb, eb := period.Parse(b)
			if ea != nil || eb != nil {
				return strings.Compare(a, b)
			}
			if c := pa.End().Compare(pb.End()); c != 0 {
				return c
			}
			return strings.Compare(a, b)
		})
		t := peerTable{Key: k, Name: names[k]}
		for _, p := range periods {
			t.Periods = append(t.Periods, periodText(p))
		}
		rowOf := map[string]int{}
		for _, f := range fs {
			id := f.ScopeName + "|" + f.ScopePart
			i, ok := rowOf[id]
			if !ok {
				i = len(t.Rows)
				rowOf[id] = i
				t.Rows = append(t.Rows, peerRow{Scope: f.ScopeName, RegionCode: f.RegionCode, Part: f.ScopePart,
					Own: f.NodeCode != "" || (ownRegion != "" && f.RegionCode == ownRegion), Cells: make([]*peerCell, len(periods))})
			}
			c := slices.Index(periods, f.Period)
			if t.Rows[i].Cells[c] == nil {
				fv := viewFigure(f)
				cell := &peerCell{Display: fv.Display, SourceCode: f.SourceCode, SourceTitle: f.SourceTitle, Quote: f.Quote, Note: f.PeriodNote}
				for _, fl := range fv.FlagList {
					// only what bears on the value: not script or layout notes
					if !slices.Contains([]string{"traditional_script", "pinyin_injected", "table_row", "total_row", "growth_only"}, fl) {
						cell.Flags = append(cell.Flags, fl)
					}
				}
				t.Rows[i].Cells[c] = cell
			}
		}
		slices.SortStableFunc(t.Rows, func(a, b peerRow) int {
			if a.Own != b.Own {
				if a.Own {
					return -1
				}
				return 1
			}
			return strings.Compare(a.RegionCode, b.RegionCode)
		})
		out = append(out, t)
	}
	return out
}
