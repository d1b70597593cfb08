package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/period"
)

// expected is one record of a case's .expected.json (the format of
// ../shared/cases/bulletins: value in base units, a percentage as percent
// with value_ratio, pp_change in points, yoy as a ratio with its basis).
type expected struct {
	N              int             `json:"n"`
	Quote          string          `json:"quote"`
	Entity         string          `json:"entity"`
	Period         string          `json:"period"`
	Key            string          `json:"indicator_key"`
	Value          json.RawMessage `json:"value"`
	BaseUnit       *string         `json:"base_unit"`
	ValueRatio     *json.Number    `json:"value_ratio"`
	Qualifier      string          `json:"qualifier"`
	YoY            *json.Number    `json:"yoy"`
	YoYBasis       string          `json:"yoy_basis"`
	PP             *json.Number    `json:"pp_change"`
	PPWritten      string          `json:"pp_change_as_written"`
	Rank           *int            `json:"rank"`
	Optional       bool            `json:"optional"`
	Target         bool            `json:"target"`
	expectedAspect string
}

type caseFile struct {
	TextFile   string     `json:"text_file"`
	Indicators []expected `json:"indicators"`
}

// keyMap maps the cases' indicator keys to the lexicon's where they differ
// (the lexicon uses the catalogue's codes), and to the aspect of a record
// that states them: a rank or a gap to the average is stated on the
// figure's own record (Record.Ranks, Record.VsAverage), not as a record of
// its own.
var keyMap = map[string][2]string{
	"above_scale_industrial_output":         {"gross_output_above_scale_industry", "value"},
	"above_scale_industrial_value_added":    {"value_added_above_scale_industry", "value"},
	"rd_expenditure":                        {"rd_expenditure_total", "value"},
	"rd_expenditure_cagr":                   {"rd_expenditure_total", "value"},
	"rd_intensity_rank_national":            {"rd_intensity", "within_top"},
	"rd_intensity_rank_west":                {"rd_intensity", "rank"},
	"rd_expenditure_growth_gap_vs_national": {"rd_expenditure_total", "vs_average"},
	"rd_expenditure_growth_rank_national":   {"rd_expenditure_total", "growth_rank"},
	"patents_granted":                       {"patent_grants", "value"},
	"national_sti_projects_cumulative":      {"national_sti_projects", "value"},
	"national_sti_awards_cumulative":        {"national_sti_awards", "value"},
	"tech_transaction_amount":               {"tech_transaction_value", "value"},
	"high_tech_enterprise_count":            {"high_tech_enterprises", "value"},
	"little_giant_national_count":           {"national_little_giants", "value"},
	"sci_tech_sme_count":                    {"tech_based_smes", "value"},
	"national_key_labs_approved":            {"national_key_labs", "value"},
	"innovation_consortia_cumulative":       {"innovation_consortia", "value"},
	"overseas_engineer_evaluation_rank":     {"", "rank"},
}

func fulingKnown(t testing.TB) []Known {
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	return KnownScopes(ds.Structure.System, ds.Structure.Nodes, ds.Organisations)
}

func dec(n *json.Number) *decimal.Decimal {
	if n == nil {
		return nil
	}
	d := decimal.RequireFromString(n.String())
	return &d
}

func eqDec(a, b *decimal.Decimal) bool {
	return a != nil && b != nil && a.Equal(*b)
}

var reYearOnly = regexp.MustCompile(`^\d{4}$`)

// periodMatches compares an expected period (the cases' notation) with a
// record's. Equivalences: "as_of:D" is the date D; "as_of:YYYY-MM" any day
// of that month; "cumulative:to_YYYY" is YYYY-12-31; a year YYYY of a stock
// is its year end; flows compare by months covered (2022-01..2022-06 is
// 2022H1); "relative:… (=YYYY)" is YYYY.
func periodMatches(exp string, r Record) bool {
	got := r.Period
	if got == "" {
		return false
	}
	if exp == got {
		return true
	}
	switch {
	case strings.HasPrefix(exp, "relative:"):
		if m := regexp.MustCompile(`=(\d{4})`).FindStringSubmatch(exp); m != nil {
			return m[1] == got
		}
	case strings.HasPrefix(exp, "cumulative:to_"):
		return got == strings.TrimPrefix(exp, "cumulative:to_")+"-12-31"
	case strings.HasPrefix(exp, "as_of:"):
		d := strings.TrimPrefix(exp, "as_of:")
		if len(d) == 7 {
			return strings.HasPrefix(got, d+"-")
		}
		return got == d
	case reYearOnly.MatchString(exp):
		if got == exp+"-12-31" && r.entry != nil && r.entry.Stock {
			return true
		}
	}
	pe, err1 := period.Parse(exp)
	pg, err2 := period.Parse(got)
	return err1 == nil && err2 == nil && pe.Year == pg.Year && pe.FromMonth == pg.FromMonth && pe.ToMonth == pg.ToMonth && pe.IsFlow() == pg.IsFlow()
}

// entityCode resolves an expected entity ("重慶市 (重庆市)", "鄞州区 (区本级)")
// to a region code, "" when it is not a region (a project, a sum of cities).
func entityCode(e string) string {
	var cands []string
	for _, part := range regexp.MustCompile(`[ ()]+`).Split(e, -1) {
		if part != "" {
			cands = append(cands, normalize(part).String())
		}
	}
	for _, c := range cands {
		for _, r := range Regions() {
			if c == r.Name {
				return r.Code
			}
		}
	}
	return ""
}

var qualifierWords = map[string][]string{
	"reaches":      {"达到", "达"},
	"over":         {"超过", "超", "逾", "超出"},
	"breakthrough": {"突破"},
	"increased_to": {"增至", "提升至", "提升到", "提高到", "增加到"},
	"more_than":    {"多", "余", "以上"},
	"nearly":       {"近", "将近", "接近"},
	"about":        {"约", "左右"},
}

// matches reports whether record r states expected e, and why not.
func matches(e expected, r Record, strictPeriod bool) (bool, string) {
	key, aspect := e.Key, "value"
	if m, ok := keyMap[e.Key]; ok {
		key, aspect = m[0], m[1]
	}
	if r.Key != key {
		return false, "key"
	}
	if code := entityCode(e.Entity); code != "" && r.RegionCode != code {
		return false, "entity"
	} else if name := strings.Fields(e.Entity); code == "" && len(name) > 0 && strings.ContainsAny(lastRune(name[0]), "市县区省") && normalize(name[0]).String() != r.ScopeName {
		return false, "entity" // a place the gazetteer does not know: compared by name
	}
	if !periodMatches(e.Period, r) && (strictPeriod || r.Period != "") {
		return false, "period"
	}
	switch aspect {
	case "rank", "within_top", "growth_rank":
		var want int
		json.Unmarshal(e.Value, &want)
		for _, rk := range r.Ranks {
			if rk.Rank == want && rk.WithinTop == (aspect == "within_top") && (rk.Of == "growth") == (aspect == "growth_rank") {
				return true, ""
			}
		}
		return false, "rank"
	case "vs_average":
		return eqDec(r.VsAverage, ptr(dec(e.PP).Shift(-2))), "vs_average"
	}
	// the value
	raw := strings.TrimSpace(string(e.Value))
	switch {
	case raw == "null":
		if r.Value != nil {
			return false, "value"
		}
		if e.YoYBasis == "cagr" {
			if !eqDec(r.CAGR, dec(e.YoY)) {
				return false, "cagr"
			}
		} else if !eqDec(r.YoY, dec(e.YoY)) {
			return false, "yoy"
		}
		return true, ""
	case strings.HasPrefix(raw, "["):
		var parts []json.Number
		json.Unmarshal(e.Value, &parts)
		if len(parts) != len(r.Parts) {
			return false, "parts"
		}
		for i, p := range parts {
			if !r.Parts[i].Equal(decimal.RequireFromString(p.String())) {
				return false, "parts"
			}
		}
	default:
		var n json.Number
		d := json.NewDecoder(bytes.NewReader(e.Value))
		d.UseNumber()
		d.Decode(&n)
		want := decimal.RequireFromString(n.String())
		switch {
		case e.ValueRatio != nil:
			want = *dec(e.ValueRatio)
		case e.BaseUnit != nil && *e.BaseUnit == "per_mille":
			want = want.Shift(-3)
		}
		if r.Value == nil || !r.Value.Equal(want) {
			return false, "value"
		}
	}
	if e.YoY != nil && raw != "null" {
		if e.YoYBasis == "cagr" {
			if !eqDec(r.CAGR, dec(e.YoY)) {
				return false, "cagr"
			}
		} else if !eqDec(r.YoY, dec(e.YoY)) {
			return false, "yoy"
		}
	}
	if e.PP != nil {
		want := dec(e.PP).Shift(-2)
		if strings.Contains(e.PPWritten, "高于") || strings.Contains(e.PPWritten, "高出") {
			if !eqDec(r.VsAverage, &want) {
				return false, "vs_average"
			}
		} else if !eqDec(r.PPChange, &want) {
			return false, "pp_change"
		}
	}
	if e.Rank != nil && !slices.ContainsFunc(r.Ranks, func(rk Rank) bool { return rk.Rank == *e.Rank }) {
		return false, "rank"
	}
	if e.Target != r.Target {
		return false, "target"
	}
	if words, ok := qualifierWords[e.Qualifier]; ok {
		if !slices.ContainsFunc(words, func(w string) bool { return strings.Contains(r.Qualifier, w) }) {
			return false, "qualifier"
		}
	}
	return true, ""
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

// measurement is the result of extraction over a set of cases.
type measurement struct {
	Expected, Found               int // non-optional expected statements; found with the right indicator, value and period
	Extracted, Right, RightStrict int // records; right (unknown period not counted wrong); right with a stated period
	PPAsGrowth                    int // percentage-point changes reported as growth
	Misses, Wrong                 []string
	PerCase                       map[string][2]int
}

func (m measurement) Recall() float64    { return float64(m.Found) / float64(m.Expected) }
func (m measurement) Precision() float64 { return float64(m.Right) / float64(m.Extracted) }
func (m measurement) PrecisionStrict() float64 {
	return float64(m.RightStrict) / float64(m.Extracted)
}

func measure(t testing.TB, dirs ...string) measurement {
	known := fulingKnown(t)
	m := measurement{PerCase: map[string][2]int{}}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.expected.json"))
		if len(files) == 0 {
			t.Fatalf("no cases in %s", dir)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var c caseFile
			if err := json.Unmarshal(b, &c); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			txt, err := os.ReadFile(filepath.Join(dir, c.TextFile))
			if err != nil {
				t.Fatal(err)
			}
			res := Extract(string(txt), Options{Known: known})
			name := strings.TrimSuffix(filepath.Base(f), ".expected.json")
			found := 0
			for _, e := range c.Indicators {
				if e.Optional {
					continue
				}
				m.Expected++
				ok := false
				why := []string{}
				for _, r := range res.Records {
					if y, w := matches(e, r, true); y {
						ok = true
						break
					} else if r.Key == e.Key || keyMap[e.Key][0] == r.Key {
						why = append(why, fmt.Sprintf("#%d:%s(%s)", r.N, w, r.Period))
					}
				}
				if ok {
					m.Found++
					found++
				} else {
					m.Misses = append(m.Misses, fmt.Sprintf("%s #%d %s %s %q %v", name, e.N, e.Key, e.Period, e.Quote, why))
				}
				// a percentage-point change reported as growth
				if e.PP != nil {
					want := dec(e.PP).Shift(-2)
					for _, r := range res.Records {
						if eqDec(r.YoY, &want) || eqDec(r.CAGR, &want) {
							m.PPAsGrowth++
						}
					}
				}
			}
			for _, r := range res.Records {
				m.Extracted++
				if strings.Contains(r.YoYWritten, "百分点") || strings.Contains(r.CAGRWritten, "百分点") {
					m.PPAsGrowth++
				}
				right, strict := false, false
				for _, e := range c.Indicators {
					if _, aspect := keyMap[e.Key]; aspect && keyMap[e.Key][1] != "value" {
						continue
					}
					if y, _ := matches(e, r, true); y {
						right, strict = true, true
						break
					}
					if y, _ := matches(e, r, false); y {
						right = true
					}
				}
				if right {
					m.Right++
				} else {
					m.Wrong = append(m.Wrong, fmt.Sprintf("%s #%d %s %s %v %q", name, r.N, r.Key, r.Period, r.Value, r.Quote))
				}
				if strict {
					m.RightStrict++
				}
			}
			m.PerCase[name] = [2]int{found, len(res.Records)}
		}
	}
	return m
}

func report(t testing.TB, label string, m measurement) {
	t.Logf("%s: recall %.3f (%d/%d), precision %.3f (%d/%d; %.3f counting unknown periods as wrong), percentage-point changes reported as growth: %d",
		label, m.Recall(), m.Found, m.Expected, m.Precision(), m.Right, m.Extracted, m.PrecisionStrict(), m.PPAsGrowth)
	for _, s := range m.Misses {
		t.Logf("  missed: %s", s)
	}
	for _, s := range m.Wrong {
		t.Logf("  wrong:  %s", s)
	}
}

// TestCasesRecallPrecision measures extraction over the shared bulletin
// cases (testdata/cases, copied from ../shared/cases/bulletins) and the
// cases written for this package (testdata/own). It fails below the figures
// achieved when it was written (docs/extraction.md), above the targets of
// issue 8 (recall ≥ 0.9, precision ≥ 0.97), and on any percentage-point
// change reported as growth.
func TestCasesRecallPrecision(t *testing.T) {
	shared := measure(t, "testdata/cases")
	report(t, "shared cases", shared)
	own := measure(t, "testdata/own")
	report(t, "own cases", own)
	all := measure(t, "testdata/cases", "testdata/own")
	report(t, "all cases", all)
	// floors: the figures achieved when this test was written (docs/extraction.md)
	for _, c := range []struct {
		label           string
		m               measurement
		found, expected int
	}{
		{"shared cases", shared, 102, 107},
		{"own cases", own, 25, 27},
		{"all cases", all, 127, 134},
	} {
		if c.m.Expected != c.expected || c.m.Found < c.found {
			t.Errorf("%s: found %d of %d expected statements, want at least %d of %d", c.label, c.m.Found, c.m.Expected, c.found, c.expected)
		}
		if c.m.Right != c.m.Extracted {
			t.Errorf("%s: %d of %d extracted records are wrong", c.label, c.m.Extracted-c.m.Right, c.m.Extracted)
		}
		if c.m.Recall() < 0.9 || c.m.Precision() < 0.97 {
			t.Errorf("%s: recall %.3f, precision %.3f: below issue 8's targets (0.9, 0.97)", c.label, c.m.Recall(), c.m.Precision())
		}
		if c.m.PPAsGrowth != 0 {
			t.Errorf("%s: %d percentage-point changes reported as growth", c.label, c.m.PPAsGrowth)
		}
	}
}

// BenchmarkExtractCases extracts every case once per iteration and reports
// the measured recall and precision with the speed.
func BenchmarkExtractCases(b *testing.B) {
	var texts []string
	for _, dir := range []string{"testdata/cases", "testdata/own"} {
		fs, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range fs {
			t, _ := os.ReadFile(f)
			texts = append(texts, string(t))
		}
	}
	known := fulingKnown(b)
	start := time.Now()
	for b.Loop() {
		for _, t := range texts {
			Extract(t, Options{Known: known})
		}
	}
	_ = start
	m := measure(b, "testdata/cases", "testdata/own")
	b.ReportMetric(m.Recall(), "recall")
	b.ReportMetric(m.Precision(), "precision")
	b.ReportMetric(float64(m.PPAsGrowth), "pp-as-growth")
}

// The project's own source, the Fuling article (found by a new user): it
// opens with blank lines and carries a photo caption 慧谷湖科创小镇效果图
// before the text, and says 今年1月-8月 and 全区. The caption was taken for
// the article's subject and every 全区 figure went to 慧谷湖科创小镇 with
// no period. Now 全区 is the district 涪陵 and the periods are the
// dataset's (datasets/fuling/observations.csv).
func TestFulingArticleItself(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "datasets", "fuling", "sources", "article-2022.txt"))
	if err != nil {
		t.Fatal(err)
	}
	res := Extract(string(b), Options{Known: fulingKnown(t), Published: "2022-10-15"})
	if res.Subject == "慧谷湖科创小镇" {
		t.Errorf("the photo caption is the subject")
	}
	want := map[string][3]string{ // catalogue code → scope code, period, value
		"rd_expenditure_above_scale_industry": {"fuling", "2022-01..2022-08", "2402000000"},
		"high_tech_enterprises":               {"fuling", "2022-08-31", "151"},
		"tech_based_enterprises":              {"fuling", "2022-08-31", "1266"},
		"new_rd_institutions":                 {"fuling", "2022-08-31", "32"},
	}
	for _, r := range res.Records {
		w, ok := want[r.Code]
		if !ok || r.ScopeCode != w[0] {
			continue
		}
		if r.Period != w[1] || r.Value == nil || r.Value.String() != w[2] {
			t.Errorf("%s of 涪陵: %s %s, want %s %s (%q)", r.Code, r.Period, r.Value, w[1], w[2], r.Quote)
		}
		delete(want, r.Code)
	}
	for code, w := range want {
		t.Errorf("no %s of %s (%s %s)", code, w[0], w[1], w[2])
	}
}
