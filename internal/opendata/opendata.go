// Package opendata writes indicator observations in the open statistical
// exchange formats: SDMX-CSV (SDMX 2.1 CSV format, "SDMX-CSV v1") and
// JSON-stat 2.0, with observation status flags.
//
// Dimensions: REF_AREA (the scope: a structure node or organisation code;
// the district root also carries its GB/T 2260 region code in the JSON-stat
// label), INDICATOR (catalogue code), TIME_PERIOD. Periods use SDMX time
// formats: 2022 (year), 2022-Q3, 2022-S1, 2022-03 (month), 2022-08-31
// (date, for stocks) and, for cumulative 1–N月 and 前三季度 spans, the
// SDMX time range form start/duration: 2022-01-01/P8M.
//
// Status flags (SDMX code list CL_OBS_STATUS): A normal (公布数), P
// provisional (初步数), E estimated (预计数); confidentiality (CL_CONF_STATUS,
// attribute OBS_CONF): F free, C confidential — a cell suppressed by
// disclosure control carries OBS_CONF C and no value.
package opendata

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
)

// Dataflow is the SDMX dataflow reference written in the first column.
const Dataflow = "KECHUANG:DF_STI_INDICATORS(1.0)"

// Obs is one exported cell: an observation, or a suppressed cell
// (Confidential, no value).
type Obs struct {
	Area, AreaName string
	Indicator      model.Indicator
	Period         period.Period
	Value          string // exact decimal in the indicator's base unit; "" when suppressed
	Status         model.Status
	Confidential   bool
	Source         string
}

// FromObservations turns published observations into export cells.
func FromObservations(obs []model.Observation) []Obs {
	out := make([]Obs, 0, len(obs))
	for _, o := range obs {
		out = append(out, Obs{Area: o.Scope.Code(), AreaName: o.Scope.Name, Indicator: o.Indicator, Period: o.Period,
			Value: o.Value.String(), Status: o.Status, Source: o.SourceTitle})
	}
	return out
}

// TimePeriod is the SDMX time period of p (see the package comment).
func TimePeriod(p period.Period) string {
	switch p.Kind {
	case period.Year:
		return fmt.Sprintf("%04d", p.Year)
	case period.Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.FromMonth)
	case period.Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Year, p.ToMonth/3)
	case period.Half:
		return fmt.Sprintf("%04d-S%d", p.Year, p.ToMonth/6)
	case period.Date:
		return p.Day.Format("2006-01-02")
	}
	// 1–N月, 前三季度: a time range from the first day, N months long.
	return fmt.Sprintf("%04d-%02d-01/P%dM", p.Year, p.FromMonth, p.Months())
}

// ObsStatus is the CL_OBS_STATUS code of a status.
func ObsStatus(s model.Status) string {
	switch s {
	case model.Provisional:
		return "P"
	case model.Estimated:
		return "E"
	}
	return "A"
}

// UnitMeasure is the unit code of an indicator's base unit.
func UnitMeasure(ind model.Indicator) string { return strings.ToUpper(string(ind.Unit)) }

// WriteSDMXCSV writes cells as SDMX-CSV: a header row DATAFLOW, REF_AREA,
// INDICATOR, TIME_PERIOD, OBS_VALUE, UNIT_MEASURE, OBS_STATUS, OBS_CONF,
// then one row per cell in the order given.
func WriteSDMXCSV(w io.Writer, cells []Obs) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"DATAFLOW", "REF_AREA", "INDICATOR", "TIME_PERIOD", "OBS_VALUE", "UNIT_MEASURE", "OBS_STATUS", "OBS_CONF"})
	for _, c := range cells {
		conf, value := "F", c.Value
		if c.Confidential {
			conf, value = "C", ""
		}
		if err := cw.Write([]string{Dataflow, c.Area, c.Indicator.Code, TimePeriod(c.Period), value, UnitMeasure(c.Indicator), ObsStatus(c.Status), conf}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// JSONStat is a JSON-stat 2.0 dataset (class "dataset") with the dimensions
// area, indicator, time; values are sparse ({"index": value}) in row-major
// order of id; status flags the same way.
type JSONStat struct {
	Version   string                    `json:"version"`
	Class     string                    `json:"class"`
	Label     string                    `json:"label"`
	Source    string                    `json:"source,omitempty"`
	Updated   string                    `json:"updated,omitempty"`
	ID        []string                  `json:"id"`
	Size      []int                     `json:"size"`
	Dimension map[string]JSONStatDim    `json:"dimension"`
	Value     map[string]json.Number    `json:"value"`
	Status    map[string]string         `json:"status,omitempty"`
	Extension map[string]map[string]any `json:"extension,omitempty"`
}

// JSONStatDim is one dimension: its categories' order and labels, and for
// the indicator dimension their units.
type JSONStatDim struct {
	Label    string           `json:"label"`
	Category JSONStatCategory `json:"category"`
}

// JSONStatCategory lists a dimension's categories.
type JSONStatCategory struct {
	Index map[string]int            `json:"index"`
	Label map[string]string         `json:"label"`
	Unit  map[string]map[string]any `json:"unit,omitempty"`
}

// BuildJSONStat makes the dataset of cells. Categories keep the order of
// their first appearance; of two cells for the same area, indicator and time
// the first is kept. A suppressed cell has no value and status "C"
// (confidential); other statuses are CL_OBS_STATUS codes.
func BuildJSONStat(label, updated string, cells []Obs) JSONStat {
	js := JSONStat{Version: "2.0", Class: "dataset", Label: label, Updated: updated,
		ID: []string{"area", "indicator", "time"}, Dimension: map[string]JSONStatDim{},
		Value: map[string]json.Number{}, Status: map[string]string{}}
	type dim struct {
		codes  []string
		labels map[string]string
	}
	dims := [3]*dim{{labels: map[string]string{}}, {labels: map[string]string{}}, {labels: map[string]string{}}}
	units := map[string]map[string]any{}
	add := func(d *dim, code, label string) int {
		if i := slices.Index(d.codes, code); i >= 0 {
			return i
		}
		d.codes = append(d.codes, code)
		d.labels[code] = label
		return len(d.codes) - 1
	}
	type pos struct{ a, i, t int }
	var at []pos
	for _, c := range cells {
		a := add(dims[0], c.Area, c.AreaName)
		i := add(dims[1], c.Indicator.Code, c.Indicator.NameZh)
		t := add(dims[2], TimePeriod(c.Period), c.Period.Label())
		units[c.Indicator.Code] = map[string]any{"label": string(c.Indicator.Unit), "decimals": max(c.Indicator.Precision, 0)}
		at = append(at, pos{a, i, t})
	}
	for k, d := range dims {
		cat := JSONStatCategory{Index: map[string]int{}, Label: d.labels}
		for i, c := range d.codes {
			cat.Index[c] = i
		}
		if k == 1 {
			cat.Unit = units
		}
		js.Dimension[js.ID[k]] = JSONStatDim{Label: [...]string{"地区", "指标", "时间"}[k], Category: cat}
		js.Size = append(js.Size, len(d.codes))
	}
	for n, c := range cells {
		p := at[n]
		key := fmt.Sprint((p.a*js.Size[1]+p.i)*js.Size[2] + p.t)
		if _, dup := js.Status[key]; dup {
			continue // the first of two sources for one cell is kept
		}
		if c.Confidential {
			js.Status[key] = "C"
			continue
		}
		js.Value[key] = json.Number(c.Value)
		js.Status[key] = ObsStatus(c.Status)
	}
	return js
}
