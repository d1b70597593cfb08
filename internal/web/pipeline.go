package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/pipeline"
	"github.com/kechuang/kechuang/internal/qualify"
)

// pageSize is the number of candidates a page lists.
const pageSize = 100

// pipelineQuery is what the pipeline pages read from the URL: ?day=
// (YYYY-MM-DD, default today), ?node= (code or name, default the district).
type pipelineQuery struct {
	View app.View
	Day  time.Time
	Node model.Node
	Snap *pipeline.Snapshot
}

func (s *Server) pipelineQuery(r *http.Request) (pipelineQuery, error) {
	var q pipelineQuery
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return q, err
	}
	q.View = v
	now := s.app.Now()
	q.Day = time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if d := r.URL.Query().Get("day"); d != "" {
		if q.Day, err = time.Parse(time.DateOnly, d); err != nil {
			return q, badRequest("日期 %q 格式不对，应为 YYYY-MM-DD", d)
		}
	}
	q.Node = v.Root()
	if p := principal(r); p.Role == auth.Officer {
		q.Node, _ = v.Node(p.Node) // an officer's pipeline is their node's
	}
	if n := r.URL.Query().Get("node"); n != "" {
		if q.Node, err = v.Resolve(n); err != nil {
			return q, badRequest("没有节点 %q", n)
		}
	}
	// (A reporter reaches only their own firm's report: firmScreening checks.)
	if principal(r).Role != auth.Reporter && !s.inScope(r, q.Node.Code) {
		s.log.Warn("refused: node out of scope", "login", principal(r).Login, "node", q.Node.Code, "path", r.URL.Path)
		return q, forbidden(q.Node.Name + "的企业数据")
	}
	q.Snap, err = s.app.Pipeline(r.Context(), v, q.Day)
	return q, err
}

// query returns the URL query of the page's day and node plus extra pairs.
func (q pipelineQuery) Query(extra ...string) string {
	p := []string{"day=" + q.Day.Format(time.DateOnly), "node=" + q.Node.Code}
	for i := 0; i+1 < len(extra); i += 2 {
		if extra[i+1] != "" {
			p = append(p, extra[i]+"="+extra[i+1])
		}
	}
	return "?" + strings.Join(p, "&")
}

// FunnelRow is one node's funnel on the pipeline page.
type FunnelRow struct {
	Node   model.Node
	Depth  int
	Funnel pipeline.Funnel
}

// TierCount is one rung of the funnel as the page shows it.
type TierCount struct {
	Tier                pipeline.Tier
	Held, Near, Qualify int
}

func tierCounts(fn pipeline.Funnel) []TierCount {
	var out []TierCount
	for _, t := range pipeline.Tiers {
		out = append(out, TierCount{t, fn.Held[t], fn.Near[t], fn.Qualify[t]})
	}
	return out
}

func (s *Server) pipelinePage(w http.ResponseWriter, r *http.Request) error {
	q, err := s.pipelineQuery(r)
	if err != nil {
		return err
	}
	fn := q.Snap.Funnel(q.Node.Code)
	var rows []FunnelRow
	var walk func(n model.Node, depth int)
	walk = func(n model.Node, depth int) {
		rows = append(rows, FunnelRow{n, depth, q.Snap.Funnel(n.Code)})
		for _, c := range q.View.Children(n.Code) {
			walk(c, depth+1)
		}
	}
	walk(q.View.Root(), 0)
	periods, err := s.app.Store.ReportPeriods(r.Context(), q.View.System.ID)
	if err != nil {
		return err
	}
	latest := ""
	if len(periods) > 0 {
		p := periods[0] // newest first
		latest = fmt.Sprintf("%d年1—%d月", p[0], p[1])
	}
	demo, err := s.app.Store.HasDemoData(r.Context(), q.View.System.ID)
	if err != nil {
		return err
	}
	return s.render(w, "pipeline", map[string]any{
		"Title": "梯度培育", "Nav": "pipeline", "View": q.View, "Q": q, "Day": q.Day.Format(time.DateOnly),
		"Funnel": fn, "Tiers": tierCounts(fn), "Rows": rows, "Chart": funnelChart(fn), "Latest": latest, "Demo": demo,
		"Expiring": q.Snap.Expiring(q.Node.Code), "Took": q.Snap.Took.Round(time.Millisecond),
	})
}

// funnelChart draws the ladder as a funnel: firms holding each rung.
func funnelChart(fn pipeline.Funnel) map[string]any {
	var data []map[string]any
	for _, t := range pipeline.Tiers {
		data = append(data, map[string]any{"name": t.Label(), "value": fn.Held[t]})
	}
	return map[string]any{
		"_height": 320,
		"tooltip": map[string]any{"trigger": "item", "formatter": "{b}：{c}家"},
		"series": []map[string]any{{
			"type": "funnel", "sort": "none", "left": "4%", "width": "52%", "minSize": "18%", "gap": 4,
			"label": map[string]any{"show": true, "position": "right", "formatter": "{b} {c}家", "fontSize": 13, "color": "#1f2933"},
			"data":  data, "color": []string{"#f0b4b1", "#e0736d", "#c9403a", "#8e1b12"},
		}},
	}
}

// CandidateRow is one line of the candidate list.
type CandidateRow struct {
	Rank int
	Firm *pipeline.Firm
	Gap  string
}

func (s *Server) candidates(r *http.Request) (pipelineQuery, pipeline.Tier, bool, []*pipeline.Firm, error) {
	q, err := s.pipelineQuery(r)
	if err != nil {
		return q, 0, false, nil, err
	}
	to, ok := pipeline.ParseTier(r.URL.Query().Get("to"))
	if !ok || to == pipeline.NoTier {
		if r.URL.Query().Get("to") != "" {
			return q, 0, false, nil, badRequest("未知的梯度 %q（tech_sme、high_tech、srdi、little_giant）", r.URL.Query().Get("to"))
		}
		to = pipeline.HighTech
	}
	all := r.URL.Query().Get("all") == "1"
	return q, to, all, q.Snap.Candidates(q.Node.Code, to, !all), nil
}

func (s *Server) candidatesPage(w http.ResponseWriter, r *http.Request) error {
	start := time.Now()
	q, to, all, list, err := s.candidates(r)
	if err != nil {
		return err
	}
	page := 1
	if p := r.URL.Query().Get("page"); p != "" {
		if page, err = strconv.Atoi(p); err != nil || page < 1 {
			return badRequest("页码 %q 不对", p)
		}
	}
	pages := max(1, (len(list)+pageSize-1)/pageSize)
	if page > pages {
		page = pages
	}
	var rows []CandidateRow
	for i := (page - 1) * pageSize; i < min(len(list), page*pageSize); i++ {
		rows = append(rows, CandidateRow{i + 1, list[i], list[i].Next.Gap()})
	}
	allFlag := ""
	if all {
		allFlag = "1"
	}
	return s.render(w, "candidates", map[string]any{
		"Title": to.Label() + "培育候选", "Nav": "pipeline", "View": q.View, "Q": q, "Day": q.Day.Format(time.DateOnly),
		"To": to, "From": to - 1, "All": all, "Rows": rows, "Total": len(list), "Page": page, "Pages": pages,
		"Prev":   q.Query("to", to.Code(), "all", allFlag, "page", strconv.Itoa(page-1)),
		"Next":   q.Query("to", to.Code(), "all", allFlag, "page", strconv.Itoa(page+1)),
		"Export": q.Query("to", to.Code(), "all", allFlag), "Tiers": pipeline.Tiers,
		"Took": time.Since(start).Round(time.Millisecond),
	})
}

func (s *Server) candidatesXLSX(w http.ResponseWriter, r *http.Request) error {
	q, to, _, list, err := s.candidates(r)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := to.Label() + "培育候选"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetColWidth(1, 1, 6)
	sw.SetColWidth(2, 2, 22)
	sw.SetColWidth(3, 3, 36)
	sw.SetColWidth(4, 6, 10)
	sw.SetColWidth(7, 8, 12)
	sw.SetColWidth(9, 9, 90)
	sw.SetRow("A1", []any{fmt.Sprintf("%s（%s）%s培育候选名单，评价日%s，近者在前", q.View.System.Name, q.Node.Name, to.Label(), q.Day.Format("2006年1月2日"))})
	sw.SetRow("A2", []any{"序号", "统一社会信用代码", "企业名称", "评价结论", "不符合项", "待定项", "缺少数据项", "得分", "差距", "适用规则"})
	for i, x := range list {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		if err := sw.SetRow(cell, []any{i + 1, x.USCC, x.Name, x.Next.Result.Verdict.Label(), x.Next.Failed, x.Next.Open, x.Next.Missing,
			scoreText(x.Next.Result.Score), x.Next.Gap(), x.Next.Result.RuleSet}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return writeXLSX(w, f, fmt.Sprintf("candidates-%s-%s.xlsx", to.Code(), q.Day.Format("20060102")))
}

func (s *Server) pipelineXLSX(w http.ResponseWriter, r *http.Request) error {
	q, err := s.pipelineQuery(r)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "梯度培育漏斗"
	f.SetSheetName("Sheet1", sheet)
	f.SetCellValue(sheet, "A1", fmt.Sprintf("%s梯度培育情况，评价日%s（单位：家）", q.View.System.Name, q.Day.Format("2006年1月2日")))
	head := []any{"节点", "企业数"}
	for _, t := range pipeline.Tiers {
		head = append(head, t.Label())
	}
	for _, t := range pipeline.Tiers {
		head = append(head, "接近"+t.Label())
	}
	head = append(head, "12个月内到期高企证书", "事实有误未评价")
	f.SetSheetRow(sheet, "A2", &head)
	row := 3
	var walk func(n model.Node, depth int)
	walk = func(n model.Node, depth int) {
		fn := q.Snap.Funnel(n.Code)
		vals := []any{strings.Repeat("　", depth) + n.Name, fn.Firms}
		for _, t := range pipeline.Tiers {
			vals = append(vals, fn.Held[t])
		}
		for _, t := range pipeline.Tiers {
			vals = append(vals, fn.Near[t])
		}
		vals = append(vals, fn.Expiring, fn.Unscreened)
		cell, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sheet, cell, &vals)
		row++
		for _, c := range q.View.Children(n.Code) {
			walk(c, depth+1)
		}
	}
	walk(q.View.Root(), 0)
	f.SetColWidth(sheet, "A", "A", 28)
	f.SetColWidth(sheet, "B", "L", 14)
	ex := "高企证书到期"
	f.NewSheet(ex)
	f.SetSheetRow(ex, "A1", &[]any{"统一社会信用代码", "企业名称", "有效期至"})
	for i, x := range q.Snap.Expiring(q.Node.Code) {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(ex, cell, &[]any{x.USCC, x.Name, x.HTExpires})
	}
	f.SetColWidth(ex, "A", "A", 22)
	f.SetColWidth(ex, "B", "B", 36)
	f.SetColWidth(ex, "C", "C", 12)
	return writeXLSX(w, f, "pipeline-"+q.Day.Format("20060102")+".xlsx")
}

func writeXLSX(w http.ResponseWriter, f *excelize.File, name string) error {
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, name))
	return f.Write(w)
}

func scoreText(s *qualify.ScoreRange) string {
	switch {
	case s == nil:
		return ""
	case s.Min == s.Max:
		return strconv.Itoa(s.Min)
	}
	return fmt.Sprintf("%d～%d", s.Min, s.Max)
}

// firmScreening finds the firm of /firms/{uscc}/… in the day's snapshot.
func (s *Server) firmScreening(r *http.Request) (pipelineQuery, *pipeline.Firm, []qualify.Result, error) {
	q, err := s.pipelineQuery(r)
	if err != nil {
		return q, nil, nil, err
	}
	f, ok := q.Snap.Firm(r.PathValue("uscc"))
	p := principal(r)
	switch {
	case p.Role == auth.Reporter && r.PathValue("uscc") != p.OrgUSCC,
		p.Role == auth.Officer && (!ok || !slices.Contains(f.Nodes, p.Node)):
		s.log.Warn("refused: firm out of scope", "login", p.Login, "uscc", r.PathValue("uscc"))
		return q, nil, nil, forbidden("该企业的评价报告")
	case !ok:
		return q, nil, nil, &httpError{http.StatusNotFound, "登记库中没有统一社会信用代码为 " + r.PathValue("uscc") + " 的企业"}
	}
	return q, f, f.ScreenAll(), nil
}

func (s *Server) firmScreeningPage(w http.ResponseWriter, r *http.Request) error {
	q, f, results, err := s.firmScreening(r)
	if err != nil {
		return err
	}
	return s.render(w, "screening", map[string]any{
		"Title": f.Name + " 资质评价", "Nav": "pipeline", "View": q.View, "Q": q, "Day": q.Day.Format(time.DateOnly),
		"Firm": f, "Results": results, "Tiers": pipeline.Tiers,
	})
}

func (s *Server) firmScreeningXLSX(w http.ResponseWriter, r *http.Request) error {
	q, f, results, err := s.firmScreening(r)
	if err != nil {
		return err
	}
	x := excelize.NewFile()
	defer x.Close()
	sheet := "资质评价"
	x.SetSheetName("Sheet1", sheet)
	x.SetCellValue(sheet, "A1", fmt.Sprintf("%s（%s）资质评价报告，评价日%s", f.Name, f.USCC, q.Day.Format("2006年1月2日")))
	x.SetSheetRow(sheet, "A2", &[]any{"资质", "适用规则", "结论", "得分", "条件", "条件名称", "企业数值", "要求", "是否符合", "差距", "缺少数据", "依据", "假定（待核实）"})
	row := 3
	for _, res := range results {
		for _, c := range res.Conditions {
			cell, _ := excelize.CoordinatesToCellName(1, row)
			x.SetSheetRow(sheet, cell, &[]any{res.Qualification.Label(), res.RuleSet, res.Verdict.Label(), scoreText(res.Score),
				c.Code, c.Name, c.Value, c.Threshold, passText(c.Pass), c.Gap, strings.Join(c.Missing, "、"), c.Source, c.Assumption})
			row++
		}
	}
	for i, e := range f.FactErrors {
		cell, _ := excelize.CoordinatesToCellName(1, row+i)
		x.SetSheetRow(sheet, cell, &[]any{"事实有误，未评价", "", "", "", e.Field, "", e.Value, "", "", e.Reason})
	}
	x.SetColWidth(sheet, "A", "D", 14)
	x.SetColWidth(sheet, "E", "E", 6)
	x.SetColWidth(sheet, "F", "F", 22)
	x.SetColWidth(sheet, "G", "H", 40)
	x.SetColWidth(sheet, "I", "I", 8)
	x.SetColWidth(sheet, "J", "M", 40)
	src := "数据来源"
	x.NewSheet(src)
	x.SetSheetRow(src, "A1", &[]any{"事实", "数值", "来源"})
	for i, p := range f.Sources() {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		x.SetSheetRow(src, cell, &[]any{p.Fact, p.Value, p.Source})
	}
	x.SetColWidth(src, "A", "C", 36)
	return writeXLSX(w, x, "screening-"+f.USCC+"-"+q.Day.Format("20060102")+".xlsx")
}

func passText(p *bool) string {
	switch {
	case p == nil:
		return "待定"
	case *p:
		return "符合"
	}
	return "不符合"
}

func (s *Server) apiPipeline(w http.ResponseWriter, r *http.Request) error {
	q, err := s.pipelineQuery(r)
	if err != nil {
		return err
	}
	fn := q.Snap.Funnel(q.Node.Code)
	type tier struct {
		Code    string `json:"code"`
		Label   string `json:"label"`
		Held    int    `json:"held"`
		Top     int    `json:"top"`
		Near    int    `json:"near"`
		Qualify int    `json:"qualify"`
	}
	var tiers []tier
	for _, t := range pipeline.Tiers {
		tiers = append(tiers, tier{t.Code(), t.Label(), fn.Held[t], fn.Top[t], fn.Near[t], fn.Qualify[t]})
	}
	return writeJSON(w, http.StatusOK, map[string]any{
		"day": q.Day.Format(time.DateOnly), "node": q.Node.Code, "firms": fn.Firms, "no_tier": fn.Top[pipeline.NoTier],
		"tiers": tiers, "expiring_high_tech_certificates": fn.Expiring, "not_screened": fn.Unscreened,
	})
}

func (s *Server) apiFirmScreening(w http.ResponseWriter, r *http.Request) error {
	q, f, results, err := s.firmScreening(r)
	if err != nil {
		return err
	}
	out := []pipeline.ResultJSON{}
	for _, res := range results {
		out = append(out, pipeline.ToJSON(f.USCC, f.Name, res))
	}
	return writeJSON(w, http.StatusOK, map[string]any{"day": q.Day.Format(time.DateOnly), "uscc": f.USCC, "name": f.Name,
		"tier": f.Top.Code(), "fact_errors": append([]qualify.FactError{}, f.FactErrors...), "results": out})
}
