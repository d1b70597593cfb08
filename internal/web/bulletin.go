package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// bulletinFor reads ?scope= and ?period= (defaults: the root, and the period
// the root has most figures for) and builds the bulletin.
func (s *Server) bulletinFor(r *http.Request) (app.View, bulletin.Bulletin, error) {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return v, bulletin.Bulletin{}, err
	}
	scope := r.URL.Query().Get("scope")
	if scope == "" {
		scope = v.Root().Code
	}
	n, err := v.Resolve(scope)
	if err != nil {
		return v, bulletin.Bulletin{}, badRequest("%v", err)
	}
	code := r.URL.Query().Get("period")
	if code == "" {
		obs, err := s.app.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID, Scopes: []string{n.Code}})
		if err != nil {
			return v, bulletin.Bulletin{}, err
		}
		if code = defaultBulletinPeriod(obs, n.Code); code == "" {
			return v, bulletin.Bulletin{}, badRequest("%s 没有按期间统计的数据，请指定 period 参数", n.Name)
		}
	}
	p, err := period.Parse(code)
	if err != nil {
		return v, bulletin.Bulletin{}, badRequest("period 参数有误（%v）", err)
	}
	// Target progress is judged at the end of the period, from the figures
	// known by then, unless ?as_of= names another day.
	asOf := p.End()
	if d := r.URL.Query().Get("as_of"); d != "" {
		if asOf, err = time.Parse("2006-01-02", d); err != nil {
			return v, bulletin.Bulletin{}, badRequest("as_of 参数应为日期（YYYY-MM-DD）：%q", d)
		}
	}
	b, err := s.app.BulletinFor(ctx, v, n.Code, p, asOf, seesConfidential(r))
	return v, b, err
}

func (s *Server) bulletinPage(w http.ResponseWriter, r *http.Request) error {
	v, b, err := s.bulletinFor(r)
	if err != nil {
		return err
	}
	q := url.Values{"scope": {b.Scope.Code}, "period": {b.Period.String()}, "as_of": {b.AsOf.Format("2006-01-02")}}.Encode()
	return s.render(w, "bulletin", map[string]any{
		"Title": b.Title, "Nav": "bulletin", "View": v, "B": b, "Query": template.URL(q),
		"Period": b.Period.String(), "Scope": b.Scope.Code, "AsOf": b.AsOf.Format("2006-01-02"),
	})
}

func (s *Server) bulletinMarkdown(w http.ResponseWriter, r *http.Request) error {
	_, b, err := s.bulletinFor(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/markdown; charset=utf-8")
	w.Header().Set("Content-Disposition", disposition(b, "md"))
	_, err = w.Write([]byte(b.Markdown()))
	return err
}

func (s *Server) bulletinHTML(w http.ResponseWriter, r *http.Request) error {
	_, b, err := s.bulletinFor(r)
	if err != nil {
		return err
	}
	h, err := b.HTML()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if r.URL.Query().Get("download") != "" {
		w.Header().Set("Content-Disposition", disposition(b, "html"))
	}
	_, err = w.Write(h)
	return err
}

// disposition names a downloaded bulletin file, e.g. 涪陵区科技创新统计简报-2022-01..2022-08.md,
// with the RFC 5987 form for the Chinese name and an ASCII fallback.
func disposition(b bulletin.Bulletin, ext string) string {
	name := fmt.Sprintf("%s-%s.%s", b.Title, b.Period.String(), ext)
	ascii := fmt.Sprintf("bulletin-%s-%s.%s", b.Scope.Code, b.Period.String(), ext)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, url.PathEscape(name))
}
