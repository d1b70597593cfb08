package datasets

// Checks of the Fuling dataset in fuling/ against its sources, read straight
// from the files (independently of internal/dataset):
//
//	(a) every quote occurs verbatim in its source and contains the value as written;
//	(b) every value parses and its unit is the indicator's unit;
//	(c) every scope, indicator, node and source code is defined;
//	(d) a hand-written table of key figures is found with exactly those values,
//	    and every target has the verb its source states it with (力争/预计/计划);
//	(e) every number in the source texts is either covered by a row or listed
//	    in notFigures with a reason;
//	(f) the prose shown to users (descriptions, definitions, notes) is Chinese.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

const fulingDir = "fuling"

// --- file shapes (docs/dataset.md); unknown keys are rejected -----------------

type fSystemFile struct {
	System struct {
		Code       string `yaml:"code"`
		Name       string `yaml:"name"`
		ShortName  string `yaml:"short_name"`
		RegionCode string `yaml:"region_code"`
		RegionName string `yaml:"region_name"`
		Source     string `yaml:"source"`
		Quote      string `yaml:"quote"`
	} `yaml:"system"`
	Nodes []*fNode `yaml:"nodes"`
}

type fNode struct {
	Code        string   `yaml:"code"`
	Name        string   `yaml:"name"`
	NameEn      string   `yaml:"name_en"`
	FullName    string   `yaml:"full_name"`
	Label       string   `yaml:"label"`
	Aliases     []string `yaml:"aliases"`
	Kind        string   `yaml:"kind"`
	Role        string   `yaml:"role"`
	Numeral     string   `yaml:"numeral"`
	Level       string   `yaml:"level"`
	PartOf      string   `yaml:"part_of"`
	Description string   `yaml:"description"`
	Source      string   `yaml:"source"`
	Quote       string   `yaml:"quote"`
	Children    []*fNode `yaml:"children"`
	parent      string
}

type fIndicator struct {
	Code       string   `yaml:"code"`
	NameZh     string   `yaml:"name_zh"`
	NameEn     string   `yaml:"name_en"`
	Unit       string   `yaml:"unit"`
	Kind       string   `yaml:"kind"`
	Precision  *int     `yaml:"precision"`
	Counter    string   `yaml:"counter"`
	Definition string   `yaml:"definition"`
	Aliases    []string `yaml:"aliases"`
	Signed     bool     `yaml:"signed"`
}

type fSource struct {
	Code      string `yaml:"code"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	Published string `yaml:"published"`
	URL       string `yaml:"url"`
	File      string `yaml:"file"`
	Note      string `yaml:"note"`
}

type fOrg struct {
	Code        string `yaml:"code"`
	Name        string `yaml:"name"`
	Kind        string `yaml:"kind"`
	InDistrict  *bool  `yaml:"in_district"`
	Description string `yaml:"description"`
	Source      string `yaml:"source"`
	Quote       string `yaml:"quote"`
	Memberships []struct {
		Node   string `yaml:"node"`
		From   string `yaml:"from"`
		To     string `yaml:"to"`
		AsOf   string `yaml:"as_of"`
		Source string `yaml:"source"`
		Quote  string `yaml:"quote"`
	} `yaml:"memberships"`
	Recognitions []struct {
		Name          string `yaml:"name"`
		Level         string `yaml:"level"`
		Granted       string `yaml:"granted"`
		ValidUntil    string `yaml:"valid_until"`
		CertificateNo string `yaml:"certificate_no"`
		Source        string `yaml:"source"`
		Quote         string `yaml:"quote"`
	} `yaml:"recognitions"`
}

// row is one CSV row by column name, with its line number.
type row struct {
	line int
	c    map[string]string
}

func (r row) get(col string) string { return r.c[col] }

type fuling struct {
	system     fSystemFile
	nodes      map[string]*fNode
	nodeOrder  []*fNode
	indicators map[string]fIndicator
	indOrder   []string
	sources    map[string]fSource
	bodies     map[string]string
	orgs       map[string]fOrg
	orgOrder   []string
	obs        []row
	targets    []row
}

var (
	obsColumns    = []string{"scope", "indicator", "period", "value", "qualifier", "yoy", "status", "source", "quote", "note"}
	targetColumns = []string{"scope", "indicator", "horizon", "verb", "value", "qualifier", "plan_start", "baseline_period", "baseline_value", "source", "quote", "note"}
)

func readStrictYAML(t *testing.T, name string, out any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fulingDir, name))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func readCSV(t *testing.T, name string, columns []string) []row {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fulingDir, name))
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(b))
	header, err := r.Read()
	if err != nil {
		t.Fatalf("%s: header: %v", name, err)
	}
	if !slices.Equal(header, columns) {
		t.Fatalf("%s: header %v, want %v", name, header, columns)
	}
	var rows []row
	for {
		rec, err := r.Read()
		if err != nil {
			if err.Error() == "EOF" {
				break
			}
			t.Fatalf("%s: %v", name, err)
		}
		line, _ := r.FieldPos(0)
		m := map[string]string{}
		for i, h := range header {
			if rec[i] != strings.TrimSpace(rec[i]) {
				t.Errorf("%s:%d: column %s has surrounding white space: %q", name, line, h, rec[i])
			}
			m[h] = rec[i]
		}
		rows = append(rows, row{line: line, c: m})
	}
	return rows
}

func loadFuling(t *testing.T) *fuling {
	t.Helper()
	f := &fuling{nodes: map[string]*fNode{}, indicators: map[string]fIndicator{},
		sources: map[string]fSource{}, bodies: map[string]string{}, orgs: map[string]fOrg{}}

	var srcs struct {
		Sources []fSource `yaml:"sources"`
	}
	readStrictYAML(t, "sources.yaml", &srcs)
	for _, s := range srcs.Sources {
		if _, dup := f.sources[s.Code]; dup {
			t.Errorf("sources.yaml: duplicate source %q", s.Code)
		}
		f.sources[s.Code] = s
		b, err := os.ReadFile(filepath.Join(fulingDir, s.File))
		if err != nil {
			t.Fatalf("source %s: %v", s.Code, err)
		}
		f.bodies[s.Code] = string(b)
	}

	readStrictYAML(t, "system.yaml", &f.system)
	var walk func(parent string, ns []*fNode)
	walk = func(parent string, ns []*fNode) {
		for _, n := range ns {
			if _, dup := f.nodes[n.Code]; dup {
				t.Errorf("system.yaml: duplicate node %q", n.Code)
			}
			n.parent = parent
			f.nodes[n.Code] = n
			f.nodeOrder = append(f.nodeOrder, n)
			walk(n.Code, n.Children)
		}
	}
	walk("", f.system.Nodes)

	var inds struct {
		Indicators []fIndicator `yaml:"indicators"`
	}
	readStrictYAML(t, "indicators.yaml", &inds)
	for _, i := range inds.Indicators {
		if _, dup := f.indicators[i.Code]; dup {
			t.Errorf("indicators.yaml: duplicate indicator %q", i.Code)
		}
		f.indicators[i.Code] = i
		f.indOrder = append(f.indOrder, i.Code)
	}

	var orgs struct {
		Organisations []fOrg `yaml:"organisations"`
	}
	readStrictYAML(t, "organisations.yaml", &orgs)
	for _, o := range orgs.Organisations {
		if _, dup := f.orgs[o.Code]; dup {
			t.Errorf("organisations.yaml: duplicate organisation %q", o.Code)
		}
		if _, clash := f.nodes[o.Code]; clash {
			t.Errorf("organisations.yaml: %q is also a node code", o.Code)
		}
		f.orgs[o.Code] = o
		f.orgOrder = append(f.orgOrder, o.Code)
	}

	f.obs = readCSV(t, "observations.csv", obsColumns)
	f.targets = readCSV(t, "targets.csv", targetColumns)
	return f
}

// --- helpers -------------------------------------------------------------------

var numberRE = regexp.MustCompile(`[0-9]+(\.[0-9]+)?`)

// numberOf is the number as written at the start of a written figure
// ("24.02亿元" → "24.02", "-3.2%" → "3.2").
func numberOf(written string) string {
	return numberRE.FindString(written)
}

// containsWritten reports whether quote contains the figure as written. A
// figure with qualifier 余 is written with 余 between number and unit
// ("10余个" for value "10个", qualifier 余).
func containsWritten(quote, value, qualifier string) bool {
	if strings.Contains(quote, value) {
		return true
	}
	if qualifier == "余" {
		n := numberOf(value)
		return n != "" && strings.Contains(quote, n+"余"+strings.TrimPrefix(value, n))
	}
	return false
}

// occurrences returns the byte offsets of every occurrence of sub in s.
func occurrences(s, sub string) []int {
	var out []int
	if sub == "" {
		return out
	}
	for i := 0; ; {
		j := strings.Index(s[i:], sub)
		if j < 0 {
			return out
		}
		out = append(out, i+j)
		i += j + 1
	}
}

// verbGovernsQuote reports whether verb occurs in the source sentence that
// holds quote, between the sentence's start and the quote's end ("到2026年,力争
// 地区生产总值突破…,规上工业增加值突破800亿元": 力争 governs every target of the
// sentence, though only the first one's quote contains it).
func verbGovernsQuote(body, quote, verb string) bool {
	for _, at := range occurrences(body, quote) {
		start := strings.LastIndexAny(body[:at], "。！？!?\n") + 1
		if strings.Contains(body[start:at+len(quote)], verb) {
			return true
		}
	}
	return false
}

var (
	codeRE          = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	indicatorCodeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	partialDateRE   = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)
	dateRE          = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	obsQualifiers   = []string{"", "超过", "突破", "达到", "近", "约", "以上", "余"}
	tgtQualifiers   = []string{"突破", "超过", "达到", "以上"}
	tgtVerbs        = []string{"力争", "预计", "计划"} // a goal, an expectation, a plan
	nodeKinds       = []string{"district", "pillar", "high_tech_zone", "carrier", "direction", "industry", "park"}
	orgKinds        = []string{"enterprise", "university", "research_institute", "new_rd_institution", "incubator", "maker_space", "platform", "alliance", "team"}
	levels          = []string{"national", "municipal", "district", "society"}
	units           = []string{"yuan", "count", "percent", "km2", "persons", "tonnes", "GWh", "m3"}
	counters        = []string{"户", "家", "个", "项", "名", "人"}
)

func (f *fuling) scopeExists(code string) bool {
	_, n := f.nodes[code]
	_, o := f.orgs[code]
	return n || o
}

// --- (a) quotes ------------------------------------------------------------------

func TestFulingQuotes(t *testing.T) {
	f := loadFuling(t)
	check := func(where, source, quote string) {
		if quote == "" {
			t.Errorf("%s: empty quote", where)
			return
		}
		body, ok := f.bodies[source]
		if !ok {
			t.Errorf("%s: source %q is not defined", where, source)
			return
		}
		if !strings.Contains(body, quote) {
			t.Errorf("%s: quote %q does not occur in source %s", where, quote, source)
		}
	}
	check("system", f.system.System.Source, f.system.System.Quote)
	for _, n := range f.nodeOrder {
		check("node "+n.Code, n.Source, n.Quote)
	}
	for _, code := range f.orgOrder {
		o := f.orgs[code]
		check("organisation "+code, o.Source, o.Quote)
		for _, m := range o.Memberships {
			check("membership "+code+"→"+m.Node, m.Source, m.Quote)
		}
		for _, r := range o.Recognitions {
			check("recognition "+code+" "+r.Name, r.Source, r.Quote)
		}
	}
	for _, r := range f.obs {
		where := fmt.Sprintf("observations.csv:%d", r.line)
		check(where, r.get("source"), r.get("quote"))
		if !containsWritten(r.get("quote"), r.get("value"), r.get("qualifier")) {
			t.Errorf("%s: quote %q does not contain the value %q", where, r.get("quote"), r.get("value"))
		}
		if y := r.get("yoy"); y != "" && !strings.Contains(r.get("quote"), y) {
			t.Errorf("%s: quote %q does not contain the yoy %q", where, r.get("quote"), y)
		}
		if q := r.get("qualifier"); q != "" && !strings.Contains(r.get("quote"), q) {
			t.Errorf("%s: quote %q does not contain the qualifier %q", where, r.get("quote"), q)
		}
	}
	for _, r := range f.targets {
		where := fmt.Sprintf("targets.csv:%d", r.line)
		check(where, r.get("source"), r.get("quote"))
		if !containsWritten(r.get("quote"), r.get("value"), r.get("qualifier")) {
			t.Errorf("%s: quote %q does not contain the value %q", where, r.get("quote"), r.get("value"))
		}
		if q := r.get("qualifier"); !strings.Contains(r.get("quote"), q) {
			t.Errorf("%s: quote %q does not contain the qualifier %q", where, r.get("quote"), q)
		}
	}
}

// --- (b) values and units ----------------------------------------------------------

func TestFulingValues(t *testing.T) {
	f := loadFuling(t)
	for _, code := range f.indOrder {
		ind := f.indicators[code]
		if !indicatorCodeRE.MatchString(code) {
			t.Errorf("indicator %q: bad code", code)
		}
		if ind.NameZh == "" || ind.NameEn == "" || ind.Definition == "" || ind.Precision == nil {
			t.Errorf("indicator %q: name_zh, name_en, precision and definition are required", code)
		}
		if !slices.Contains(units, ind.Unit) {
			t.Errorf("indicator %q: unknown unit %q", code, ind.Unit)
		} else if u, err := quantity.ParseUnit(ind.Unit); err != nil || string(u) != ind.Unit {
			t.Errorf("indicator %q: unit %q not read by quantity.ParseUnit: %v", code, ind.Unit, err)
		}
		switch ind.Kind {
		case "flow", "stock", "ratio":
		default:
			t.Errorf("indicator %q: unknown kind %q", code, ind.Kind)
		}
		if (ind.Unit == "percent") != (ind.Kind == "ratio") {
			t.Errorf("indicator %q: percent indicators are ratios and ratios are percentages (unit %s, kind %s)", code, ind.Unit, ind.Kind)
		}
		isCount := ind.Unit == "count" || ind.Unit == "persons"
		if isCount != (ind.Counter != "") || (isCount && !slices.Contains(counters, ind.Counter)) {
			t.Errorf("indicator %q: counter %q (counts and persons need one of %v, others none)", code, ind.Counter, counters)
		}
	}

	parse := func(where, written, unit string) {
		v, u, err := quantity.ParseWritten(written)
		if err != nil {
			t.Errorf("%s: value %q: %v", where, written, err)
			return
		}
		if string(u) != unit {
			t.Errorf("%s: value %q has unit %s, indicator has %s", where, written, u, unit)
		}
		if v.Sign() <= 0 {
			t.Errorf("%s: value %q is not positive", where, written)
		}
	}
	seen := map[string]int{}
	for _, r := range f.obs {
		where := fmt.Sprintf("observations.csv:%d", r.line)
		ind, ok := f.indicators[r.get("indicator")]
		if !ok {
			continue // reported by TestFulingReferences
		}
		parse(where, r.get("value"), ind.Unit)
		if y := r.get("yoy"); y != "" {
			if _, u, err := quantity.ParseWritten(y); err != nil || u != quantity.Percent {
				t.Errorf("%s: yoy %q is not a percentage (%v)", where, y, err)
			}
		}
		p, err := period.Parse(r.get("period"))
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		if p.String() != r.get("period") {
			t.Errorf("%s: period %q is not canonical (%q)", where, r.get("period"), p.String())
		}
		isDate := dateRE.MatchString(r.get("period"))
		if ind.Kind == "flow" && isDate {
			t.Errorf("%s: flow %s needs a period, not a date", where, ind.Code)
		}
		if ind.Kind == "stock" && !isDate {
			t.Errorf("%s: stock %s is counted at a date", where, ind.Code)
		}
		if !slices.Contains(obsQualifiers, r.get("qualifier")) {
			t.Errorf("%s: unknown qualifier %q", where, r.get("qualifier"))
		}
		switch r.get("status") {
		case "published", "provisional", "estimated":
		default:
			t.Errorf("%s: unknown status %q", where, r.get("status"))
		}
		if r.get("note") == "" {
			t.Errorf("%s: every row explains its period or scope in note", where)
		}
		k := r.get("scope") + "|" + r.get("indicator") + "|" + r.get("period")
		if l := seen[k]; l != 0 {
			t.Errorf("%s: duplicates line %d (%s)", where, l, k)
		}
		seen[k] = r.line
	}
	seen = map[string]int{}
	for _, r := range f.targets {
		where := fmt.Sprintf("targets.csv:%d", r.line)
		ind, ok := f.indicators[r.get("indicator")]
		if !ok {
			continue
		}
		parse(where, r.get("value"), ind.Unit)
		year, _, err := period.ParseHorizon(r.get("horizon"))
		if err != nil {
			t.Errorf("%s: %v", where, err)
		}
		if !slices.Contains(tgtQualifiers, r.get("qualifier")) {
			t.Errorf("%s: target qualifier %q must be one of %v", where, r.get("qualifier"), tgtQualifiers)
		}
		if v := r.get("verb"); !slices.Contains(tgtVerbs, v) {
			t.Errorf("%s: target verb %q must be one of %v", where, v, tgtVerbs)
		} else if !verbGovernsQuote(f.bodies[r.get("source")], r.get("quote"), v) {
			t.Errorf("%s: verb %s does not occur in the sentence of the quote %q before its end", where, v, r.get("quote"))
		}
		if ps := r.get("plan_start"); ps != "" {
			if !dateRE.MatchString(ps) || ps[:4] > fmt.Sprint(year) {
				t.Errorf("%s: plan_start %q is not a date before the horizon %d", where, ps, year)
			}
		}
		if (r.get("baseline_period") == "") != (r.get("baseline_value") == "") {
			t.Errorf("%s: baseline_period and baseline_value go together", where)
		}
		if bp := r.get("baseline_period"); bp != "" {
			if _, err := period.Parse(bp); err != nil {
				t.Errorf("%s: %v", where, err)
			}
			parse(where+" baseline", r.get("baseline_value"), ind.Unit)
		}
		if r.get("note") == "" {
			t.Errorf("%s: every row explains its plan period in note", where)
		}
		k := r.get("scope") + "|" + r.get("indicator") + "|" + r.get("horizon")
		if l := seen[k]; l != 0 {
			t.Errorf("%s: duplicates line %d (%s)", where, l, k)
		}
		seen[k] = r.line
	}
}

// --- (c) references and structure ----------------------------------------------------

func TestFulingReferences(t *testing.T) {
	f := loadFuling(t)
	srcRef := func(where, code string) {
		if _, ok := f.sources[code]; !ok {
			t.Errorf("%s: source %q is not defined", where, code)
		}
	}
	for code, s := range f.sources {
		if !codeRE.MatchString(code) || s.Title == "" || !partialDateRE.MatchString(s.Published) || s.Note == "" {
			t.Errorf("source %q: code, title, published (YYYY[-MM[-DD]]) and note are required", code)
		}
	}
	sys := f.system.System
	if sys.Code != "fuling" || sys.RegionCode != "500102" || sys.RegionName != "涪陵区" {
		t.Errorf("system: %+v", sys)
	}
	srcRef("system", sys.Source)
	if len(f.system.Nodes) != 1 || f.system.Nodes[0].Code != "fuling" || f.system.Nodes[0].Kind != "district" || f.system.Nodes[0].Label != "全区" {
		t.Errorf("system.yaml: the single root must be fuling (district, 全区)")
	}
	for _, n := range f.nodeOrder {
		where := "node " + n.Code
		if !codeRE.MatchString(n.Code) || n.Name == "" {
			t.Errorf("%s: bad code or empty name", where)
		}
		if !slices.Contains(nodeKinds, n.Kind) {
			t.Errorf("%s: unknown kind %q", where, n.Kind)
		}
		if (n.Kind == "pillar") != (n.Role != "") {
			t.Errorf("%s: pillars and only pillars have a role", where)
		}
		if n.Level != "" && !slices.Contains(levels, n.Level) {
			t.Errorf("%s: unknown level %q", where, n.Level)
		}
		if n.PartOf != "" {
			if _, ok := f.nodes[n.PartOf]; !ok || n.PartOf == n.Code {
				t.Errorf("%s: part_of %q is not another node", where, n.PartOf)
			}
		}
		srcRef(where, n.Source)
	}
	// the 1+2+3 shape
	want := map[string][]string{
		"fuling":           {"pillar-engine", "pillar-carrier", "pillar-direction"},
		"pillar-engine":    {"fl-htz"},
		"pillar-carrier":   {"baitao", "huigu-lake"},
		"pillar-direction": {"green-lowcarbon", "life-health", "intelligent-tech"},
		"baitao":           {"baitao-pu-pa", "baitao-clean-energy", "baitao-fine-chemicals", "baitao-polymers", "baitao-aluminium"},
	}
	for parent, kids := range want {
		var got []string
		for _, c := range f.nodes[parent].Children {
			got = append(got, c.Code)
		}
		if !slices.Equal(got, kids) {
			t.Errorf("children of %s: %v, want %v", parent, got, kids)
		}
	}
	roles := map[string][2]string{"pillar-engine": {"engine", "1"}, "pillar-carrier": {"carrier", "2"}, "pillar-direction": {"direction", "3"}}
	for code, rn := range roles {
		if n := f.nodes[code]; n == nil || n.Role != rn[0] || n.Numeral != rn[1] {
			t.Errorf("pillar %s: want role %s numeral %s", code, rn[0], rn[1])
		}
	}
	if n := f.nodes["huigu-lake"]; n == nil || n.PartOf != "fl-htz" || n.Kind != "carrier" {
		t.Errorf("huigu-lake must be a carrier part_of fl-htz")
	}
	if n := f.nodes["fl-htz"]; n == nil || n.Kind != "high_tech_zone" || n.Level != "national" {
		t.Errorf("fl-htz must be a national high_tech_zone")
	}
	for _, d := range []string{"green-lowcarbon", "life-health", "intelligent-tech"} {
		if n := f.nodes[d]; n == nil || n.Kind != "direction" || len(n.Children) == 0 {
			t.Errorf("%s must be a direction with industries", d)
		}
	}

	for _, code := range f.orgOrder {
		o := f.orgs[code]
		where := "organisation " + code
		if !codeRE.MatchString(code) || o.Name == "" || o.InDistrict == nil {
			t.Errorf("%s: code, name and in_district are required", where)
		}
		if !slices.Contains(orgKinds, o.Kind) {
			t.Errorf("%s: unknown kind %q", where, o.Kind)
		}
		srcRef(where, o.Source)
		for _, m := range o.Memberships {
			if _, ok := f.nodes[m.Node]; !ok {
				t.Errorf("%s: membership node %q is not defined", where, m.Node)
			}
			for _, d := range []string{m.From, m.To, m.AsOf} {
				if d != "" && !dateRE.MatchString(d) {
					t.Errorf("%s: membership date %q is not YYYY-MM-DD", where, d)
				}
			}
			if m.AsOf == "" {
				t.Errorf("%s: membership of %s has no as_of", where, m.Node)
			}
			srcRef(where, m.Source)
		}
		for _, r := range o.Recognitions {
			if r.Name == "" || !slices.Contains(levels, r.Level) || (r.Granted != "" && !partialDateRE.MatchString(r.Granted)) {
				t.Errorf("%s: recognition %q: name, level and a YYYY[-MM[-DD]] or empty granted are required", where, r.Name)
			}
			srcRef(where, r.Source)
		}
	}
	for name, code := range map[string]string{"中科大": "ustc", "北理工": "bit", "香港科技大学李泽湘团队": "hkust-li-zexiang-team"} {
		if o, ok := f.orgs[code]; !ok || o.Name != name || o.InDistrict == nil || *o.InDistrict {
			t.Errorf("%s (%s) must be an organisation outside the district", name, code)
		}
	}

	// The article's paragraph on 涪陵高新区 ("涪陵高新区以建成…" to the 长江师范学院
	// award) lists the zone's platforms and firms: each is a member of fl-htz,
	// quoted from that paragraph. 长江师范学院 is not: its campus is not located.
	para := f.bodies["article-2022"]
	if i, j := strings.Index(para, "涪陵高新区以建成"), strings.Index(para, "一等奖。"); i >= 0 && j > i {
		para = para[i:j]
	} else {
		t.Errorf("article-2022: the zone's paragraph is not found")
	}
	isMember := func(code string) (quote string, ok bool) {
		for _, m := range f.orgs[code].Memberships {
			if m.Node == "fl-htz" {
				return m.Quote, true
			}
		}
		return "", false
	}
	for _, code := range []string{"baihang-ai-institute", "guoyi-quantum-shale-centre", "ligong-qingke", "smartmore-ai-centre", "zhongfu-kerui", "kaigao"} {
		q, ok := isMember(code)
		if !ok {
			t.Errorf("organisation %s: listed in the zone's paragraph but not a member of fl-htz", code)
			continue
		}
		if !strings.Contains(para, q) || !strings.Contains(q, f.orgs[code].Name) {
			t.Errorf("organisation %s: membership quote %q must come from the zone's paragraph and name %s", code, q, f.orgs[code].Name)
		}
	}
	if _, ok := isMember("yangtze-normal-university"); ok {
		t.Errorf("yangtze-normal-university: the article does not place the university in the zone")
	}

	used := map[string]bool{}
	for _, file := range []struct {
		name string
		rows []row
	}{{"observations.csv", f.obs}, {"targets.csv", f.targets}} {
		for _, r := range file.rows {
			where := fmt.Sprintf("%s:%d", file.name, r.line)
			if !f.scopeExists(r.get("scope")) {
				t.Errorf("%s: scope %q is neither a node nor an organisation", where, r.get("scope"))
			}
			if _, ok := f.indicators[r.get("indicator")]; !ok {
				t.Errorf("%s: indicator %q is not in indicators.yaml", where, r.get("indicator"))
			}
			used[r.get("indicator")] = true
			srcRef(where, r.get("source"))
		}
	}
	for _, code := range f.indOrder {
		if !used[code] {
			t.Errorf("indicator %q is catalogued but never used", code)
		}
	}
}

// --- (d) key figures, written by hand from the sources ------------------------------

type keyFigure struct {
	file      string // "obs" or "target"
	scope     string
	indicator string
	period    string // period code, or horizon for targets
	value     string // exact value in base units
	yoy       string // exact growth ratio, "" if none
	qualifier string
}

var keyFigures = []keyFigure{
	// 涪陵高新区, 2022 actuals (cnipai 2023-03-06)
	{"obs", "fl-htz", "gross_output_above_scale_industry", "2022", "122500000000", "", ""},
	{"obs", "fl-htz", "value_added_above_scale_industry", "2022", "37000000000", "", ""},
	{"obs", "fl-htz", "fixed_asset_investment", "2022", "11000000000", "", ""},
	// 涪陵高新区 in the article
	{"obs", "huachen-xinyuan", "key_equipment_nc_rate", "2022-10-01", "0.89", "", ""},
	{"obs", "fl-htz", "national_brands", "2022-10-01", "10", "", "余"},
	{"obs", "fl-htz", "municipal_enterprise_tech_centres_created", "2022", "3", "", ""},
	// 白涛新材料科技城
	{"obs", "baitao", "rd_expenditure_total", "2022-01..2022-08", "924000000", "0.588", ""},
	{"obs", "baitao", "gross_output_above_scale_industry", "2022-01..2022-08", "45565000000", "0.316", ""},
	{"obs", "baitao", "high_tech_enterprises", "2022-08-31", "14", "", ""},
	{"obs", "baitao", "national_little_giants", "2022-08-31", "2", "", ""},
	{"obs", "baitao", "municipal_srdi_enterprises", "2022-08-31", "14", "", ""},
	{"obs", "baitao", "smart_manufacturing_benchmark_firms", "2022-08-31", "3", "", ""},
	{"obs", "baitao", "iim_certified_firms", "2022-08-31", "10", "", ""},
	// 慧谷湖科创小镇
	{"obs", "huigu-lake", "planning_area", "2022-10-01", "32", "", "约"},
	{"obs", "huigu-lake", "core_land_area", "2022-10-01", "5.1", "", "约"},
	{"obs", "huigu-lake", "rd_institutions_gathered", "2022-10-01", "8", "", ""},
	// three directions
	{"obs", "shale-gas", "project_total_investment", "2022-07-22", "12000000000", "", ""},
	{"obs", "shale-gas", "project_expected_annual_output", "2022-07-22", "11000000000", "", ""},
	{"obs", "shale-gas", "proved_reserves", "2022-10-01", "2100000000000", "", ""},
	{"obs", "huafeng-chemical", "process_unit_capacity", "2022-10-01", "50000", "", ""},
	{"obs", "huafeng-chemical", "product_cost_reduction", "2022-10-01", "0.42", "", ""},
	{"obs", "panhua", "market_share_southwest", "2022", "0.5", "", "超过"},
	{"obs", "zhacai-health", "salt_reduction", "2022-10-01", "0.3", "", ""},
	{"obs", "zhacai-health", "industry_output_scale", "2022", "13000000000", "", "超过"},
	{"obs", "modern-tcm", "share_of_municipal_pharma_industry", "2022", "0.15", "", "达到"},
	{"obs", "hualan", "market_share_domestic", "2022", "0.2271", "", ""},
	{"obs", "geely-fuling", "battery_capacity", "2022-10-01", "12", "", ""},
	// 全区, 1-8月
	{"obs", "fuling", "rd_expenditure_above_scale_industry", "2022-01..2022-08", "2402000000", "0.156", ""},
	{"obs", "fuling", "high_tech_enterprises", "2022-08-31", "151", "", "达到"},
	{"obs", "fuling", "tech_based_enterprises", "2022-08-31", "1266", "", ""},
	{"obs", "fuling", "rd_institutions_in_above_scale_industry", "2022-08-31", "180", "", "达到"},
	{"obs", "fuling", "rd_institutions_municipal_or_higher", "2022-08-31", "127", "", "达到"},
	{"obs", "fuling", "new_rd_institutions", "2022-08-31", "32", "", "达到"},
	// 全区 incubation, finance, technology market, talent
	{"obs", "fuling", "national_incubators", "2022-10-01", "1", "", ""},
	{"obs", "fuling", "maker_spaces", "2022-10-01", "3", "", ""},
	{"obs", "fuling", "municipal_ie_carriers", "2022-10-01", "14", "", ""},
	{"obs", "fuling", "incubated_enterprises", "2022-10-01", "300", "", "超过"},
	{"obs", "fuling", "ip_value_loan_firms", "2022", "33", "", ""},
	{"obs", "fuling", "ip_value_loan_amount", "2022", "61000000", "", ""},
	{"obs", "fuling", "ip_value_loan_amount_cumulative", "2022-10-01", "326000000", "", ""},
	{"obs", "fuling", "tech_contracts_registered", "2022Q1-Q3", "51", "", ""},
	{"obs", "fuling", "tech_contract_turnover", "2022Q1-Q3", "500000000", "", "达到"},
	{"obs", "fuling", "tech_transaction_value", "2022Q1-Q3", "70102000", "", ""},
	{"obs", "fuling", "innovation_teams_introduced", "2022", "38", "", ""},
	{"obs", "fuling", "innovation_talents_introduced", "2022", "380", "", ""},
	{"obs", "fuling", "cq_talent_entrepreneur_leaders", "2022", "1", "", ""},
	{"obs", "fuling", "cq_talent_demo_teams", "2022", "5", "", ""},
	// 涪陵高新区 targets, 到2026年 (力争, a goal)
	{"target", "fl-htz", "gdp", "2026", "100000000000", "", "突破"},
	{"target", "fl-htz", "value_added_above_scale_industry", "2026", "80000000000", "", "突破"},
	{"target", "fl-htz", "gross_industrial_output", "2026", "260000000000", "", "突破"},
	{"target", "fl-htz", "services_operating_revenue", "2026", "30000000000", "", "突破"},
	{"target", "fl-htz", "foreign_trade_total", "2026", "30000000000", "", "突破"},
	{"target", "fl-htz", "digital_economy_revenue", "2026", "12000000000", "", "突破"},
	{"target", "fl-htz", "rd_intensity", "2026", "0.055", "", "达到"},
	{"target", "fl-htz", "rd_institutions_municipal_or_higher", "2026", "120", "", "达到"},
	{"target", "fl-htz", "sei_hti_output_share", "2026", "0.6", "", "达到"},
	{"target", "fl-htz", "urban_builtup_area", "2026", "55", "", "达到"},
	{"target", "fl-htz", "resident_population", "2026", "300000", "", "达到"},
	// 白涛新材料科技城, “十四五”末 (预计, an expectation)
	{"target", "baitao", "gross_output_above_scale_industry", "十四五末", "100000000000", "", "突破"},
	{"target", "baitao", "above_scale_industrial_enterprises", "十四五末", "40", "", "以上"},
}

// targetVerbs is how the source states each scope's targets. inQuote: every
// quote of the scope contains the verb. The zone's 力争 opens the sentence
// "到2026年,力争地区生产总值突破1000亿元,规上工业增加值突破800亿元,…", so only
// the first target's quote can hold it without spanning the others; Baitao's
// two figures follow "预计“十四五”末" and both quotes start there.
var targetVerbs = map[string]struct {
	verb    string
	inQuote bool
}{
	"fl-htz": {"力争", false},
	"baitao": {"预计", true},
}

func TestFulingKeyFigures(t *testing.T) {
	f := loadFuling(t)
	for _, r := range f.targets {
		where := fmt.Sprintf("targets.csv:%d", r.line)
		want, ok := targetVerbs[r.get("scope")]
		if !ok {
			t.Errorf("%s: no expected verb for the targets of %s", where, r.get("scope"))
			continue
		}
		if r.get("verb") != want.verb {
			t.Errorf("%s: %s/%s: verb %q, want %q", where, r.get("scope"), r.get("indicator"), r.get("verb"), want.verb)
		}
		if want.inQuote && !strings.Contains(r.get("quote"), want.verb) {
			t.Errorf("%s: quote %q lacks %s, the word that makes it an expectation", where, r.get("quote"), want.verb)
		}
	}
	zoneQuoted := false
	for _, r := range f.targets {
		zoneQuoted = zoneQuoted || (r.get("scope") == "fl-htz" && strings.Contains(r.get("quote"), "力争"))
	}
	if !zoneQuoted {
		t.Errorf("targets.csv: no quote of the zone's targets carries 力争 (the first, 到2026年,力争地区生产总值…, can)")
	}
	if len(keyFigures) < 40 {
		t.Fatalf("only %d key figures", len(keyFigures))
	}
	for _, k := range keyFigures {
		rows, col := f.obs, "period"
		if k.file == "target" {
			rows, col = f.targets, "horizon"
		}
		var found []row
		for _, r := range rows {
			if r.get("scope") == k.scope && r.get("indicator") == k.indicator && r.get(col) == k.period {
				found = append(found, r)
			}
		}
		if len(found) != 1 {
			t.Errorf("key figure %s/%s/%s: %d rows, want 1", k.scope, k.indicator, k.period, len(found))
			continue
		}
		r := found[0]
		v, _, err := quantity.ParseWritten(r.get("value"))
		if err != nil {
			t.Errorf("key figure %s/%s/%s: %v", k.scope, k.indicator, k.period, err)
		} else if v.String() != k.value {
			t.Errorf("key figure %s/%s/%s: value %q = %s, want %s", k.scope, k.indicator, k.period, r.get("value"), v.String(), k.value)
		}
		yoy := ""
		if y := r.get("yoy"); y != "" {
			yv, _, err := quantity.ParseWritten(y)
			if err != nil {
				t.Errorf("key figure %s/%s/%s: yoy: %v", k.scope, k.indicator, k.period, err)
			}
			yoy = yv.String()
		}
		if yoy != k.yoy {
			t.Errorf("key figure %s/%s/%s: yoy %q, want %q", k.scope, k.indicator, k.period, yoy, k.yoy)
		}
		if r.get("qualifier") != k.qualifier {
			t.Errorf("key figure %s/%s/%s: qualifier %q, want %q", k.scope, k.indicator, k.period, r.get("qualifier"), k.qualifier)
		}
	}
	// the zone's 2022 value added is comparable with its 2026 target
	var actual, target bool
	for _, r := range f.obs {
		actual = actual || (r.get("scope") == "fl-htz" && r.get("indicator") == "value_added_above_scale_industry" && r.get("period") == "2022")
	}
	for _, r := range f.targets {
		target = target || (r.get("scope") == "fl-htz" && r.get("indicator") == "value_added_above_scale_industry")
	}
	if !actual || !target {
		t.Errorf("the zone's 规上工业增加值 actual and target must share an indicator")
	}
}

// --- (e) completeness ---------------------------------------------------------------

// notFigure is a span of a source text whose numbers are deliberately not
// recorded as figures.
type notFigure struct {
	source  string
	snippet string // exact text; every number inside any occurrence is excused
	reason  string
}

var notFigures = []notFigure{
	{"article-2022", "1+2+3", `name of the "1+2+3" system`},
	{"article-2022", "“1”这个", `the "1" pillar's name`},
	{"article-2022", "“2”中", `the "2" pillar's name`},
	{"article-2022", "“3”指", `the "3" pillar's name`},
	{"article-2022", "“4+1”", `name of Chongqing's "4+1" pharmaceutical-cluster layout`},
	{"article-2022", "2022年", "a year (award year, period of the IP-loan and 重庆英才 rows)"},
	{"article-2022", "到2026年", "the horizon of the zone's targets"},
	{"article-2022", "1-8月", "reporting period (the rows' period 2022-01..2022-08)"},
	{"article-2022", "1月-8月", "reporting period (the rows' period 2022-01..2022-08)"},
	{"article-2022", "1月-9月", "reporting period (the rows' period 2022Q1-Q3)"},
	{"article-2022", "9月21日", "founding date of the 慧谷湖科创实验班 (in its description)"},
	{"article-2022", "7月22日", "signing date at the 西洽会 (the period of the shale-gas project rows)"},
	{"article-2022", "近20年", "age of the zone in years; the dataset has no unit for durations (quantity cannot read 年), kept in the node description"},
	{"article-2022", "10亿元级", "a tier (billion-yuan-class product), not a measured sales figure of 藿香正气液"},
	{"cnipai-2023-03-06", "2000亿级", "aspiration in the title, without a horizon"},
	{"cnipai-2023-03-06", "2023\n03/06\n16:07", "the page's publication timestamp"},
	{"cnipai-2023-03-06", "2022年", "the year of the recorded 2022 actuals"},
	{"cnipai-2023-03-06", "24亿瓦时", "battery capacity in 亿瓦时, probably a GWh misprint; deliberately not recorded"},
	{"cnipai-2023-03-06", "30亿瓦时", "battery capacity in 亿瓦时, probably a GWh misprint; deliberately not recorded"},
	{"cnipai-2023-03-06", "12亿瓦时", "battery capacity in 亿瓦时, probably a GWh misprint (the article has 12GWh); not recorded"},
	{"cnipai-2023-03-06", "66亿瓦时", "battery capacity in 亿瓦时, probably a GWh misprint; deliberately not recorded"},
	{"cnipai-2023-03-06", "产值660亿元", "output value attached to the introduced battery capacity (potential, not a realised figure)"},
}

func TestFulingCompleteness(t *testing.T) {
	f := loadFuling(t)
	type span struct{ from, to int }
	for src, body := range f.bodies {
		// spans of rows of this source, with the numbers they record
		type covered struct {
			span
			numbers []string
		}
		var cov []covered
		for _, rows := range [][]row{f.obs, f.targets} {
			for _, r := range rows {
				if r.get("source") != src {
					continue
				}
				nums := []string{numberOf(r.get("value"))}
				if y := r.get("yoy"); y != "" {
					nums = append(nums, numberOf(y))
				}
				for _, at := range occurrences(body, r.get("quote")) {
					cov = append(cov, covered{span{at, at + len(r.get("quote"))}, nums})
				}
			}
		}
		var excused []span
		for _, nf := range notFigures {
			if nf.source != src {
				continue
			}
			occ := occurrences(body, nf.snippet)
			if len(occ) == 0 {
				t.Errorf("notFigures: %q does not occur in %s", nf.snippet, src)
			}
			if !numberRE.MatchString(nf.snippet) || nf.reason == "" {
				t.Errorf("notFigures: %q has no number or no reason", nf.snippet)
			}
			for _, at := range occ {
				excused = append(excused, span{at, at + len(nf.snippet)})
			}
		}
		for _, m := range numberRE.FindAllStringIndex(body, -1) {
			num := body[m[0]:m[1]]
			ok := false
			for _, c := range cov {
				if c.from <= m[0] && m[1] <= c.to && slices.Contains(c.numbers, num) {
					ok = true
					break
				}
			}
			for _, e := range excused {
				if ok {
					break
				}
				ok = e.from <= m[0] && m[1] <= e.to
			}
			if !ok {
				lo, hi := max(0, m[0]-24), min(len(body), m[1]+24)
				for lo > 0 && !isRuneStart(body[lo]) {
					lo--
				}
				for hi < len(body) && !isRuneStart(body[hi]) {
					hi++
				}
				t.Errorf("%s: number %s in %q is neither recorded nor listed in notFigures", src, num, body[lo:hi])
			}
		}
	}
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// --- (f) language ---------------------------------------------------------------------

var (
	hanRE     = regexp.MustCompile(`\p{Han}`)
	englishRE = regexp.MustCompile(`[A-Za-z]+[ ,;'-]+[A-Za-z]+[ ,;'-]+[A-Za-z]+`)
)

// TestFulingProseIsChinese: node and organisation descriptions, indicator
// definitions, source notes and row notes are shown to Chinese officials.
// Codes, units (GWh) and standards (GB/T 23001) may appear; English prose may not.
func TestFulingProseIsChinese(t *testing.T) {
	f := loadFuling(t)
	check := func(where, text string, required bool) {
		if text == "" {
			if required {
				t.Errorf("%s: empty", where)
			}
			return
		}
		if !hanRE.MatchString(text) {
			t.Errorf("%s: not Chinese: %q", where, text)
		}
		if m := englishRE.FindString(text); m != "" {
			t.Errorf("%s: English prose %q in %q", where, m, text)
		}
	}
	for _, n := range f.nodeOrder {
		check("node "+n.Code+" description", n.Description, false)
	}
	for _, code := range f.orgOrder {
		check("organisation "+code+" description", f.orgs[code].Description, true)
	}
	for _, code := range f.indOrder {
		check("indicator "+code+" definition", f.indicators[code].Definition, true)
	}
	for code, s := range f.sources {
		check("source "+code+" note", s.Note, true)
	}
	for _, r := range f.obs {
		check(fmt.Sprintf("observations.csv:%d note", r.line), r.get("note"), true)
	}
	for _, r := range f.targets {
		check(fmt.Sprintf("targets.csv:%d note", r.line), r.get("note"), true)
	}
}
