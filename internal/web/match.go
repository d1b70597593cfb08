package web

import (
	"errors"
	"fmt"
	"github.com/kechuang/kechuang/internal/auth"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/matchsheet"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
	"github.com/kechuang/kechuang/internal/textseg"
)

const matchPage = 50

// RecView is a recommendation as a page shows it: highlighted title and
// text, the factors, and the pair's feedback state.
type RecView struct {
	match.Recommendation
	Rank           int
	Title, Text    []match.Segment
	State          *store.PairState
	OtherID        int64
	OtherCode      string
	OtherKindLabel string
	NoLink         bool // the reader may not open the other record (an institution, a posted demand)
}

func recViews(recs []match.Recommendation, states map[int64]*store.PairState, reverse bool) []RecView {
	tok := textseg.Default()
	out := make([]RecView, len(recs))
	for i, r := range recs {
		set := match.Set(r.Matched)
		v := RecView{Recommendation: r, Rank: i + 1}
		if reverse {
			v.Title, v.Text = match.Highlight(tok, r.Demand.Title, set), match.Highlight(tok, r.Demand.Description, set)
			v.OtherID, v.OtherCode, v.OtherKindLabel = r.Demand.ID, r.Demand.Code, "技术需求"
		} else {
			v.Title, v.Text = match.Highlight(tok, r.Achievement.Title, set), match.Highlight(tok, r.Achievement.Abstract, set)
			v.OtherID, v.OtherCode, v.OtherKindLabel = r.Achievement.ID, r.Achievement.Code, r.Achievement.KindLabel()
		}
		if states != nil {
			v.State = states[v.OtherID]
		}
		out[i] = v
	}
	return out
}

func formMoney(r *http.Request, key string) (*decimal.Decimal, error) {
	s := strings.TrimSpace(r.FormValue(key))
	if s == "" {
		return nil, nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil || d.IsNegative() {
		return nil, badRequest("金额（万元）%q 不是非负数", s)
	}
	d = d.Mul(decimal.NewFromInt(10000))
	return &d, nil
}

func formModes(r *http.Request) []match.Mode {
	var ms []match.Mode
	for _, m := range r.Form["mode"] {
		if x, ok := match.ParseMode(m); ok {
			ms = append(ms, x)
		}
	}
	return ms
}

// matchPage: free text in, explained recommendations out; and the funnel.
func (s *Server) matchPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var recs []RecView
	if q != "" {
		rs, err := s.app.Recommend(r.Context(), v, match.Demand{Title: q}, 20, false)
		if err != nil {
			return err
		}
		recs = recViews(rs, nil, false)
	}
	per := r.URL.Query().Get("period")
	if per == "" {
		per = strconv.Itoa(s.now().Year())
	}
	p, err := period.Parse(per)
	if err != nil {
		return badRequest("期间 %q 不对，如 2026 或 2026-01..2026-06", per)
	}
	fn, err := s.app.MatchFunnel(r.Context(), v, p)
	if err != nil {
		return err
	}
	return s.render(w, "match", map[string]any{"Title": "产学研对接", "Nav": "match", "View": v, "Q": q, "Recs": recs, "Funnel": fn, "Period": p, "PeriodCode": per})
}

func (s *Server) apiMatch(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	d := match.Demand{Title: strings.TrimSpace(r.URL.Query().Get("q"))}
	if ref := r.URL.Query().Get("demand"); ref != "" {
		if d, err = s.app.Store.Demand(r.Context(), v.System.ID, ref); err != nil {
			return err
		}
	}
	if d.Title == "" {
		return badRequest("需要 q（需求文本）或 demand（需求编号）")
	}
	limit := 10
	if l, err := strconv.Atoi(r.URL.Query().Get("limit")); err == nil && l > 0 && l <= 100 {
		limit = l
	}
	recs, err := s.app.Recommend(r.Context(), v, d, limit, false)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"demand": map[string]any{"id": d.ID, "code": d.Code, "title": d.Title}, "recommendations": app.RecommendationsJSON(recs, false)})
}

func matchPageNo(r *http.Request) int {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	return max(1, p)
}

func (s *Server) demandsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	page := matchPageNo(r)
	f := store.MatchFilter{Contains: r.URL.Query().Get("q"), Field: r.URL.Query().Get("field"), Limit: matchPage, Offset: (page - 1) * matchPage}
	ds, total, err := s.app.Store.Demands(r.Context(), v.System.ID, f)
	if err != nil {
		return err
	}
	return s.render(w, "demands", map[string]any{"Title": "技术需求", "Nav": "match", "View": v, "Demands": ds, "Total": total, "Page": page,
		"More": page*matchPage < total, "F": f, "Fields": match.FieldNames(), "Modes": match.Modes, "Nodes": v.Nodes})
}

func (s *Server) demandPost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("表单有误")
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	d := match.Demand{Firm: r.FormValue("firm"), USCC: r.FormValue("uscc"), Title: r.FormValue("title"), Description: r.FormValue("description"),
		Field: r.FormValue("field"), Industry: r.FormValue("industry"), Modes: formModes(r), Region: r.FormValue("region"), Carrier: r.FormValue("carrier"),
		Contact: r.FormValue("contact"), Deadline: r.FormValue("deadline"), Status: "open"}
	if d.BudgetMin, err = formMoney(r, "budget_min"); err != nil {
		return err
	}
	if d.BudgetMax, err = formMoney(r, "budget_max"); err != nil {
		return err
	}
	// A firm's account posts its own firm's demand, whatever the form says.
	if p := principal(r); p.Role == auth.Reporter {
		if p.OrgUSCC == "" {
			return badRequest("您的账号未关联企业")
		}
		d.Firm, d.USCC = p.OrgName, p.OrgUSCC
	}
	id, err := s.app.SaveDemand(r.Context(), v, d)
	if err != nil {
		return badRequest("%v", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/demands/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) demandPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	d, err := s.app.Store.Demand(r.Context(), v.System.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	if p := principal(r); p.Role == auth.Reporter && (p.OrgUSCC == "" || d.USCC != p.OrgUSCC) {
		return s.outOfScope(r, "demand", d.Code, "只能查看本企业发布的技术需求")
	}
	recs, err := s.app.Recommend(r.Context(), v, d, 10, true)
	if err != nil {
		return err
	}
	states, err := s.app.Store.PairStates(r.Context(), d.ID, true)
	if err != nil {
		return err
	}
	return s.render(w, "demand", map[string]any{"Title": d.Title, "Nav": "match", "View": v, "D": d, "Recs": recViews(recs, states, false),
		"Reasons": store.DeclineReasons, "Today": s.now().Format("2006-01-02"), "Status": matchsheet.StatusLabel(d.Status)})
}

// demandFeedback records feedback on a pair (action feedback) or links a
// contract (action link), then shows the demand again.
func (s *Server) demandFeedback(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("表单有误")
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	d, err := s.app.Store.Demand(r.Context(), v.System.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	x, err := s.app.Store.Achievement(r.Context(), v.System.ID, r.FormValue("achievement"))
	if err != nil {
		return badRequest("没有成果 %q", r.FormValue("achievement"))
	}
	day := r.FormValue("on")
	if day == "" {
		day = s.now().Format("2006-01-02")
	}
	if r.FormValue("action") == "link" {
		err = s.app.Store.LinkContract(r.Context(), v.System.ID, d.ID, x.ID, strings.TrimSpace(r.FormValue("registration_no")), day)
	} else {
		err = s.app.Store.AddFeedback(r.Context(), v.System.ID, store.Feedback{DemandID: d.ID, AchievementID: x.ID, Status: r.FormValue("status"),
			Reason: r.FormValue("reason"), Note: r.FormValue("note"), OnDay: day}, s.now())
	}
	if err != nil {
		return badRequest("%v", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/demands/%d#r%d", d.ID, x.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) achievementsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	page := matchPageNo(r)
	f := store.MatchFilter{Contains: r.URL.Query().Get("q"), Field: r.URL.Query().Get("field"), Kind: r.URL.Query().Get("kind"), Limit: matchPage, Offset: (page - 1) * matchPage}
	xs, total, err := s.app.Store.Achievements(r.Context(), v.System.ID, f)
	if err != nil {
		return err
	}
	return s.render(w, "achievements", map[string]any{"Title": "科技成果与科研能力", "Nav": "match", "View": v, "Achievements": xs, "Total": total, "Page": page,
		"More": page*matchPage < total, "F": f, "Fields": match.FieldNames(), "Modes": match.Modes, "Nodes": v.Nodes})
}

func (s *Server) achievementPost(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("表单有误")
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	x := match.Achievement{Kind: r.FormValue("kind"), Owner: r.FormValue("owner"), Title: r.FormValue("title"), Abstract: r.FormValue("abstract"),
		Keywords: r.FormValue("keywords"), Field: r.FormValue("field"), Modes: formModes(r), Region: r.FormValue("region"), Carrier: r.FormValue("carrier"), Contact: r.FormValue("contact")}
	if x.Kind != match.KindCapability {
		x.Kind = match.KindAchievement
	}
	if t := r.FormValue("trl"); t != "" {
		if x.TRL, err = strconv.Atoi(t); err != nil || x.TRL < 1 || x.TRL > 9 {
			return badRequest("技术成熟度应为1—9：%q", t)
		}
	}
	if st, ok := match.ParseStage(r.FormValue("stage")); ok {
		x.Stage = st
	}
	if p := strings.TrimSpace(r.FormValue("patents")); p != "" {
		x.Patents = strings.FieldsFunc(p, func(c rune) bool { return strings.ContainsRune("、，, ;；", c) })
	}
	if x.PriceMin, err = formMoney(r, "price_min"); err != nil {
		return err
	}
	if x.PriceMax, err = formMoney(r, "price_max"); err != nil {
		return err
	}
	// An institution's account posts under its own organisation.
	if p := principal(r); p.Role == auth.Institution {
		if p.OrgUSCC == "" {
			return badRequest("您的账号未关联机构")
		}
		x.Owner, x.OwnerCode = p.OrgName, p.OrgUSCC
	}
	id, err := s.app.SaveAchievement(r.Context(), v, x)
	if err != nil {
		return badRequest("%v", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/achievements/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) achievementPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	x, err := s.app.Store.Achievement(r.Context(), v.System.ID, r.PathValue("id"))
	if err != nil {
		return err
	}
	p := principal(r)
	if p.Role == auth.Institution && (p.OrgUSCC == "" || x.OwnerCode != p.OrgUSCC) {
		return s.outOfScope(r, "achievement", x.Code, "只能查看本机构发布的成果")
	}
	recs, firms, err := s.app.ReverseMatches(r.Context(), v, x, 10)
	if err != nil {
		return err
	}
	if p.Role == auth.Institution {
		firms = nil // the registry's firms are the bureau's; an institution sees the posted demands
	}
	states, err := s.app.Store.PairStates(r.Context(), x.ID, false)
	if err != nil {
		return err
	}
	views := recViews(recs, states, true)
	if p.Role == auth.Institution {
		for i := range views {
			views[i].NoLink = true
		}
	}
	return s.render(w, "achievement", map[string]any{"Title": x.Title, "Nav": "match", "View": v, "A": x, "Recs": views, "Firms": firms,
		"Staff": p.Role != auth.Institution})
}

func (s *Server) matchXLSX(w http.ResponseWriter, r *http.Request, k matchsheet.Kind) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kechuang-%s.xlsx"`, k))
	if k == matchsheet.Demands {
		ds, _, err := s.app.Store.Demands(r.Context(), v.System.ID, store.MatchFilter{})
		if err != nil {
			return err
		}
		return matchsheet.Write(w, k, ds, nil)
	}
	xs, _, err := s.app.Store.Achievements(r.Context(), v.System.ID, store.MatchFilter{})
	if err != nil {
		return err
	}
	return matchsheet.Write(w, k, nil, xs)
}

func (s *Server) demandsXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.matchXLSX(w, r, matchsheet.Demands)
}

func (s *Server) achievementsXLSX(w http.ResponseWriter, r *http.Request) error {
	return s.matchXLSX(w, r, matchsheet.Achievements)
}

func (s *Server) matchTemplate(w http.ResponseWriter, r *http.Request) error {
	k := matchsheet.Kind(strings.TrimSuffix(r.PathValue("kind"), ".xlsx"))
	if k != matchsheet.Demands && k != matchsheet.Achievements {
		return &httpError{http.StatusNotFound, "模板只有 demands.xlsx 和 achievements.xlsx"}
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kechuang-%s-template.xlsx"`, k))
	return matchsheet.Write(w, k, nil, nil)
}

// matchImport imports an uploaded demands or achievements file, all or
// nothing, and shows the import job (with its error list when rejected).
func (s *Server) matchImport(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return badRequest("上传失败：%v", err)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return badRequest("请选择要导入的文件")
	}
	defer file.Close()
	k := matchsheet.Kind(r.FormValue("kind"))
	if k != matchsheet.Demands && k != matchsheet.Achievements {
		return badRequest("未知的导入类型 %q", k)
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	dir := s.app.DataDir
	if dir == "" {
		dir = os.TempDir()
	}
	path, err := app.KeepUpload(dir, file, hdr.Filename, s.now())
	if err != nil {
		return err
	}
	res, err := s.app.LoadMatchFile(r.Context(), v, path, hdr.Filename, k)
	if res == nil {
		return badRequest("无法读取 %s：%v", hdr.Filename, err)
	}
	if err != nil && !errors.Is(err, app.ErrMatchFileRejected) {
		s.log.Warn("match import failed", "id", res.ImportID, "err", err)
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", res.ImportID), http.StatusSeeOther)
	return nil
}

// outOfScope refuses (403) a record of another organisation, logged and
// audited like any out-of-scope request.
func (s *Server) outOfScope(r *http.Request, entity, code, msg string) error {
	p := principal(r)
	s.log.Warn("refused: record out of scope", "login", p.Login, "entity", entity, "code", code)
	s.app.Store.Audit(r.Context(), s.now(), p.Login, "refused.out_of_scope", entity, code, nil, nil, r.URL.Path, clientIP(r))
	return &httpError{http.StatusForbidden, msg}
}
