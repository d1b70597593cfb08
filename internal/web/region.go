package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

// regionPage is the city (or province) view: the firms' reports of every
// district of the installation whose 行政区划代码 starts with ?code= (default
// the first four digits of this system's: the city), for ?period= (1–N月,
// default this district's default period, app.LatestReportPeriod: the
// newest not still being collected; with no reports, the newest period of
// the districts' published flow figures). An account of one district sees only its
// own district's row: other districts are for installation-level accounts.
func (s *Server) regionPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return err
	}
	code := r.URL.Query().Get("code")
	if code == "" && len(v.System.RegionCode) >= 4 {
		code = v.System.RegionCode[:4]
	}
	// Other districts' figures are for installation-level (city or
	// province) accounts; a district's account sees its own district.
	if p := principal(r); s.authOn && p.District != "" && code != v.System.RegionCode {
		code = v.System.RegionCode
	}
	c, err := s.microChoose(r, v)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "区域汇总", "Nav": "region", "View": v, "Code": code,
		"PeriodCode": c.Code, "PeriodNote": c.Collecting, "PeriodNewer": c.CollectingCode}
	// No firms' reports to default to: the published table shows the
	// newest period of the districts' published flow figures (so the view
	// is not empty when figures exist), and the firms' table that period
	// when it is a 1–N月 one.
	var pubPeriod period.Period
	havePub := false
	if c.Year == 0 {
		p, ok, err := s.app.RegionPublishedPeriod(ctx, code)
		if err != nil {
			return badRequest("%v", err)
		}
		if ok {
			pubPeriod, havePub = p, true
			data["PublishedDefault"] = true
			if p.Kind != period.Date && p.FromMonth == 1 {
				c.Year, c.Month = p.Year, p.ToMonth
				data["PeriodCode"] = p.String()
			} else {
				data["Period"] = p.Label()
			}
		}
	}
	year, month := c.Year, c.Month
	if year != 0 {
		rows, cols, err := s.app.RegionView(ctx, code, year, month)
		if err != nil {
			return badRequest("%v", err)
		}
		p, _ := period.FromMonths(year, 1, month)
		pubPeriod, havePub = p, true
		type cell struct{ Value, Growth, Firms string }
		type row struct {
			Name, Code string
			Total      bool
			Cells      []cell
		}
		var out []row
		for _, x := range rows {
			rr := row{Name: x.System.RegionName, Code: x.System.RegionCode, Total: x.System.Code == ""}
			if rr.Total {
				rr.Name = "合计"
			}
			for _, ind := range cols {
				c, ok := x.Cells[ind.Code]
				if !ok {
					rr.Cells = append(rr.Cells, cell{"—", "", ""})
					continue
				}
				g := ""
				if c.SameBasis.Kind == aggregate.Rate {
					g = quantity.FormatGrowth(*c.SameBasis.Ratio)
				} else if c.SameBasis.Kind != "" {
					g = c.SameBasis.Label()
				}
				rr.Cells = append(rr.Cells, cell{ind.Format(c.Value), g, strconv.Itoa(c.Firms)})
			}
			out = append(out, rr)
		}
		data["Period"], data["Districts"] = p.Label(), len(rows)-1
		if len(cols) > 0 { // some district has reports for the period
			data["Rows"], data["Cols"] = out, cols
		}
	}
	if havePub {
		prows, pcols, err := s.app.RegionPublished(ctx, code, pubPeriod)
		if err != nil {
			return badRequest("%v", err)
		}
		type pcell struct{ Value, Note string }
		type prow struct {
			Name, Code string
			Total      bool
			Cells      []pcell
		}
		var pub []prow
		for _, x := range prows {
			rr := prow{Name: x.System.RegionName, Code: x.System.RegionCode, Total: x.System.Code == ""}
			for _, ind := range pcols {
				f := x.Figures[ind.Code]
				switch {
				case f.Obs != nil:
					c := pcell{Value: f.Obs.Qualifier + ind.Format(f.Obs.Value)}
					if f.Obs.Status != model.Published {
						c.Note = f.Obs.Status.Label()
					}
					rr.Cells = append(rr.Cells, c)
				case !rr.Total:
					rr.Cells = append(rr.Cells, pcell{"—", "未发布"})
				case f.Sum != nil:
					c := pcell{Value: ind.Format(*f.Sum)}
					if len(f.Inexact) > 0 {
						c.Note = "含" + strings.Join(f.Inexact, "、") + "之数，非确数"
					}
					rr.Cells = append(rr.Cells, c)
				case len(f.Missing) > 0:
					rr.Cells = append(rr.Cells, pcell{"—", "缺" + strings.Join(f.Missing, "、") + "，不合计"})
				default:
					rr.Cells = append(rr.Cells, pcell{"—", "比率类指标不加总"})
				}
			}
			if rr.Total {
				rr.Name = "合计"
			}
			pub = append(pub, rr)
		}
		if len(pcols) > 0 {
			data["Published"], data["PubCols"] = pub, pcols
		}
	}
	return s.render(w, "region", data)
}
