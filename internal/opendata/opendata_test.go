package opendata

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
)

// fulingCells are the Fuling dataset's observations as export cells, with
// one cell marked confidential (as disclosure control would).
func fulingCells(t *testing.T) []Obs {
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	cells := FromObservations(ds.Observations)
	if len(cells) < 40 {
		t.Fatalf("%d cells", len(cells))
	}
	cells[len(cells)-1].Confidential = true
	return cells
}

var sdmxTime = regexp.MustCompile(`^\d{4}(-(Q[1-4]|S[12]|\d{2}(-\d{2})?))?$|^\d{4}-\d{2}-01/P([1-9]|1[0-2])M$`)

// The SDMX-CSV output follows the SDMX-CSV v1 structure: the DATAFLOW
// column, one column per dimension and attribute, one row per observation,
// SDMX time periods, CL_OBS_STATUS and CL_CONF_STATUS codes, and a value
// exactly when the cell is not confidential.
func TestSDMXCSV(t *testing.T) {
	cells := fulingCells(t)
	var b bytes.Buffer
	if err := WriteSDMXCSV(&b, cells); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], ","); got != "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,OBS_CONF" {
		t.Fatalf("header %s", got)
	}
	if len(rows) != len(cells)+1 {
		t.Fatalf("%d rows for %d cells", len(rows)-1, len(cells))
	}
	found := false
	for i, r := range rows[1:] {
		if r[0] != Dataflow || r[1] == "" || r[2] == "" {
			t.Errorf("row %d: %v", i+2, r)
		}
		if !sdmxTime.MatchString(r[3]) {
			t.Errorf("row %d: TIME_PERIOD %q is not an SDMX time period", i+2, r[3])
		}
		if !strings.Contains("APE", r[6]) || len(r[6]) != 1 || (r[7] != "F" && r[7] != "C") {
			t.Errorf("row %d: status %q conf %q", i+2, r[6], r[7])
		}
		if _, err := decimal.NewFromString(r[4]); (err == nil) != (r[7] == "F") {
			t.Errorf("row %d: value %q with OBS_CONF %s", i+2, r[4], r[7])
		}
		if r[1] == "fuling" && r[2] == "rd_expenditure_above_scale_industry" && r[3] == "2022-01-01/P8M" {
			found = r[4] == "2402000000" && r[5] == "YUAN" && r[6] == "A"
		}
	}
	if !found {
		t.Error("no row fuling,rd_expenditure_above_scale_industry,2022-01-01/P8M,2402000000,YUAN,A (研发投入24.02亿元, 1—8月 2022)")
	}
}

// The JSON-stat output is a valid JSON-stat 2.0 dataset: id and size agree,
// every dimension's index is a bijection onto 0..size−1 with a label for
// each category, value and status keys are positions below the product of
// the sizes, a confidential cell has a status C and no value, and a known
// figure sits at the position its categories give.
func TestJSONStat(t *testing.T) {
	cells := fulingCells(t)
	js := BuildJSONStat("涪陵区指标", "2026-11-29T00:00:00Z", cells)
	b, err := json.Marshal(js)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m["version"] != "2.0" || m["class"] != "dataset" {
		t.Fatalf("version %v class %v", m["version"], m["class"])
	}
	if len(js.ID) != len(js.Size) || len(js.ID) != len(js.Dimension) {
		t.Fatalf("id %v size %v", js.ID, js.Size)
	}
	total := 1
	for k, id := range js.ID {
		d, ok := js.Dimension[id]
		if !ok {
			t.Fatalf("no dimension %s", id)
		}
		seen := make([]bool, js.Size[k])
		for code, i := range d.Category.Index {
			if i < 0 || i >= js.Size[k] || seen[i] {
				t.Fatalf("%s: index %s → %d", id, code, i)
			}
			seen[i] = true
			if d.Category.Label[code] == "" {
				t.Errorf("%s: category %s has no label", id, code)
			}
		}
		total *= js.Size[k]
	}
	for key, v := range js.Value {
		n, err := strconv.Atoi(key)
		if err != nil || n < 0 || n >= total {
			t.Errorf("value key %q out of 0..%d", key, total-1)
		}
		if _, err := decimal.NewFromString(v.String()); err != nil {
			t.Errorf("value %q", v)
		}
		if st := js.Status[key]; st != "A" && st != "P" && st != "E" {
			t.Errorf("status %q at %s", st, key)
		}
	}
	conf := 0
	for key, st := range js.Status {
		if st == "C" {
			conf++
			if _, has := js.Value[key]; has {
				t.Errorf("confidential cell %s has a value", key)
			}
		}
	}
	if conf != 1 {
		t.Errorf("%d confidential cells, want 1", conf)
	}
	a := js.Dimension["area"].Category.Index["fuling"]
	i := js.Dimension["indicator"].Category.Index["rd_expenditure_above_scale_industry"]
	tm, ok := js.Dimension["time"].Category.Index["2022-01-01/P8M"]
	if !ok {
		t.Fatal("no time category 2022-01-01/P8M")
	}
	key := strconv.Itoa((a*js.Size[1]+i)*js.Size[2] + tm)
	if js.Value[key] != "2402000000" || js.Status[key] != "A" {
		t.Errorf("R&D 1—8月 2022 at %s: %q %q", key, js.Value[key], js.Status[key])
	}
	if u := js.Dimension["indicator"].Category.Unit["rd_expenditure_above_scale_industry"]; u["label"] != "yuan" {
		t.Errorf("unit %v", u)
	}
}
