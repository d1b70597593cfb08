package web

import (
	"encoding/json"
	"net/http"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/opendata"
)

// apiExport serves the selected published observations (the query of
// /api/v1/observations) as SDMX-CSV (format=sdmx-csv), JSON-stat 2.0
// (format=json-stat) or xlsx (format=xlsx), with their status flags.
// Published figures are exported as published: disclosure control applies
// to aggregates of firms' reports, which this endpoint does not serve.
func (s *Server) apiExport(w http.ResponseWriter, r *http.Request) error {
	format := r.URL.Query().Get("format")
	if format != "sdmx-csv" && format != "json-stat" && format != "xlsx" {
		return badRequest("format %q: sdmx-csv, json-stat or xlsx", format)
	}
	obs, err := s.observations(r)
	if err != nil {
		return err
	}
	cells := opendata.FromObservations(obs)
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	switch format {
	case "sdmx-csv":
		w.Header().Set("Content-Type", "application/vnd.sdmx.data+csv; version=1.0.0; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="kechuang-indicators.csv"`)
		return opendata.WriteSDMXCSV(w, cells)
	case "json-stat":
		js := opendata.BuildJSONStat(v.System.Name+"指标（"+v.System.RegionCode+"）", s.now().UTC().Format("2006-01-02T15:04:05Z"), cells)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(js)
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "指标"
	f.SetSheetName("Sheet1", sheet)
	f.SetSheetRow(sheet, "A1", &[]any{"范围代码", "范围", "指标代码", "指标", "时间（SDMX）", "期间", "数值", "单位", "状态", "来源"})
	for i, c := range cells {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(sheet, cell, &[]any{c.Area, c.AreaName, c.Indicator.Code, c.Indicator.NameZh, opendata.TimePeriod(c.Period),
			c.Period.Label(), c.Value, string(c.Indicator.Unit), c.Status.Label(), c.Source})
	}
	f.SetColWidth(sheet, "A", "J", 16)
	return writeXLSX(w, f, "kechuang-indicators.xlsx")
}
