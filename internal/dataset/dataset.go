package dataset

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

// Dataset is a whole district dataset, checked and ready to store.
type Dataset struct {
	Structure     *Structure
	Indicators    []model.Indicator
	Sources       []model.Source
	Organisations []model.Organisation
	Observations  []model.Observation
	Targets       []model.Target
}

// Load reads and checks the dataset in directory dir of fsys (see
// docs/dataset.md). It returns an *Error listing every problem, with file and
// line, when any file is malformed or any reference dangles.
func Load(fsys fs.FS, dir string) (*Dataset, error) {
	read := func(name string) ([]byte, error) {
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", path.Join(dir, name), err)
		}
		return b, nil
	}
	var all errList
	file := func(name string) string { return path.Join(dir, name) }
	ds := &Dataset{}

	// Sources first: everything else refers to them.
	data, err := read("sources.yaml")
	if err != nil {
		return nil, err
	}
	srcs, err := parseSources(file("sources.yaml"), data, func(name string) (string, error) {
		b, err := read(name)
		return string(b), err
	})
	all.merge(err)
	ds.Sources = srcs
	sourceSet := map[string]bool{}
	bodies := map[string]string{}
	for _, s := range srcs {
		sourceSet[s.Code] = true
		bodies[s.Code] = s.Body
	}

	if data, err = read("system.yaml"); err != nil {
		return nil, err
	}
	ds.Structure, err = ParseStructure(file("system.yaml"), data, sourceSet)
	all.merge(err)

	if data, err = read("indicators.yaml"); err != nil {
		return nil, err
	}
	ds.Indicators, err = parseIndicators(file("indicators.yaml"), data)
	all.merge(err)

	if all.err() != nil {
		// Without a valid structure or catalogue the rest cannot be checked.
		return nil, all.err()
	}
	nodes := map[string]model.Node{}
	for _, n := range ds.Structure.Nodes {
		nodes[n.Code] = n
	}
	inds := map[string]model.Indicator{}
	for _, ind := range ds.Indicators {
		inds[ind.Code] = ind
	}

	if data, err = read("organisations.yaml"); err != nil {
		return nil, err
	}
	ds.Organisations, err = parseOrganisations(file("organisations.yaml"), data, nodes, sourceSet, bodies)
	all.merge(err)
	orgs := map[string]model.Organisation{}
	for _, o := range ds.Organisations {
		orgs[o.Code] = o
	}
	ref := refs{nodes: nodes, orgs: orgs, inds: inds, sources: sourceSet, bodies: bodies, titles: map[string]string{}}
	for _, s := range srcs {
		ref.titles[s.Code] = s.Title
	}
	// quotes in system.yaml
	var sysErrs errList
	sysErrs.file = file("system.yaml")
	for _, n := range ds.Structure.Nodes {
		checkQuote(&sysErrs, n.Line, n.SourceCode, n.Quote, bodies)
	}
	all.merge(sysErrs.err())

	if data, err = read("observations.csv"); err != nil {
		return nil, err
	}
	ds.Observations, err = parseObservations(file("observations.csv"), data, ref)
	all.merge(err)

	if data, err = read("targets.csv"); err != nil {
		return nil, err
	}
	ds.Targets, err = parseTargets(file("targets.csv"), data, ref)
	all.merge(err)

	if err := all.err(); err != nil {
		return nil, err
	}
	return ds, nil
}

// checkQuote requires a quote to occur verbatim in its source's text, when
// the source has a text.
func checkQuote(errs *errList, line int, source, quote string, bodies map[string]string) {
	if quote == "" || source == "" {
		return
	}
	if body := bodies[source]; body != "" && !strings.Contains(body, quote) {
		errs.add(line, fmt.Sprintf("quote %q does not occur in the text of source %q", quote, source))
	}
}

var partialDateRE = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

// validPartialDate accepts "", YYYY, YYYY-MM and YYYY-MM-DD (a real date).
func validPartialDate(s string) bool {
	if s == "" {
		return true
	}
	if !partialDateRE.MatchString(s) {
		return false
	}
	switch len(s) {
	case 7:
		_, err := time.Parse("2006-01", s)
		return err == nil
	case 10:
		_, err := time.Parse("2006-01-02", s)
		return err == nil
	}
	return true
}

func validDate(s string) bool {
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

type sourcesFile struct {
	Sources []*sourceYAML `yaml:"sources"`
}

type sourceYAML struct {
	Code      string `yaml:"code"`
	Title     string `yaml:"title"`
	Publisher string `yaml:"publisher"`
	Published string `yaml:"published"`
	URL       string `yaml:"url"`
	File      string `yaml:"file"`
	Note      string `yaml:"note"`
	pos       pos
}

func (s *sourceYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain sourceYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

func parseSources(file string, data []byte, readText func(string) (string, error)) ([]model.Source, error) {
	var f sourcesFile
	if err := parseYAML(file, data, &f); err != nil {
		return nil, err
	}
	errs := errList{file: file}
	codes := newCodes("source", codeRE)
	var out []model.Source
	for _, s := range f.Sources {
		codes.check(&errs, s.pos, s.Code)
		if s.Title == "" {
			errs.add(s.pos.at("title"), fmt.Sprintf("source %q has no title", s.Code))
		}
		if !validPartialDate(s.Published) {
			errs.add(s.pos.at("published"), fmt.Sprintf("published %q is not YYYY, YYYY-MM or YYYY-MM-DD", s.Published))
		}
		var body string
		if s.File != "" {
			b, err := readText(s.File)
			if err != nil {
				errs.add(s.pos.at("file"), err.Error())
			}
			body = b
		}
		out = append(out, model.Source{Code: s.Code, Title: s.Title, Publisher: s.Publisher,
			Published: s.Published, URL: s.URL, Note: s.Note, Body: body, Line: s.pos.line})
	}
	return out, errs.err()
}

type indicatorsFile struct {
	Indicators []*indicatorYAML `yaml:"indicators"`
}

type indicatorYAML struct {
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
	pos        pos
}

func (s *indicatorYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain indicatorYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

var indicatorCodeRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// codes checks that the identifiers of one kind in one file are well-formed
// and unique.
type codes struct {
	what string
	re   *regexp.Regexp
	seen map[string]int // code → line of its definition
}

func newCodes(what string, re *regexp.Regexp) *codes {
	return &codes{what: what, re: re, seen: map[string]int{}}
}

// check records a definition of code at p and reports whether it is
// well-formed and not yet used; otherwise it adds the problem to errs.
func (c *codes) check(errs *errList, p pos, code string) bool {
	switch {
	case !c.re.MatchString(code):
		errs.add(p.at("code"), fmt.Sprintf("%s code %q must match %s", c.what, code, c.re))
	case c.seen[code] != 0:
		errs.add(p.at("code"), fmt.Sprintf("%s code %q already used at line %d", c.what, code, c.seen[code]))
	default:
		c.seen[code] = p.at("code")
		return true
	}
	return false
}

// ParseIndicators reads an indicator catalogue (indicators.yaml format);
// file names it in errors.
func ParseIndicators(file string, data []byte) ([]model.Indicator, error) {
	return parseIndicators(file, data)
}

func parseIndicators(file string, data []byte) ([]model.Indicator, error) {
	var f indicatorsFile
	if err := parseYAML(file, data, &f); err != nil {
		return nil, err
	}
	errs := errList{file: file}
	codes := newCodes("indicator", indicatorCodeRE)
	var out []model.Indicator
	for _, y := range f.Indicators {
		codes.check(&errs, y.pos, y.Code)
		if y.NameZh == "" {
			errs.add(y.pos.at("name_zh"), fmt.Sprintf("indicator %q has no name_zh", y.Code))
		}
		unit, err := quantity.ParseUnit(y.Unit)
		if err != nil {
			errs.add(y.pos.at("unit"), fmt.Sprintf("indicator %q: %v", y.Code, err))
		}
		kind := model.IndicatorKind(y.Kind)
		if kind != model.Flow && kind != model.Stock && kind != model.Ratio {
			errs.add(y.pos.at("kind"), fmt.Sprintf("indicator %q: kind %q must be flow, stock or ratio", y.Code, y.Kind))
		}
		prec := -1
		if y.Precision != nil {
			prec = *y.Precision
			if prec < -1 || prec > 6 {
				errs.add(y.pos.at("precision"), fmt.Sprintf("indicator %q: precision %d must be -1 (exact) or 0…6", y.Code, prec))
			}
		}
		out = append(out, model.Indicator{Code: y.Code, NameZh: y.NameZh, NameEn: y.NameEn, Unit: unit,
			Kind: kind, Precision: prec, Counter: y.Counter, Definition: y.Definition, Aliases: y.Aliases, Signed: y.Signed, Line: y.pos.line})
	}
	return out, errs.err()
}

type orgsFile struct {
	Organisations []*orgYAML `yaml:"organisations"`
}

type orgYAML struct {
	Code         string            `yaml:"code"`
	Name         string            `yaml:"name"`
	Kind         string            `yaml:"kind"`
	InDistrict   *bool             `yaml:"in_district"`
	Description  string            `yaml:"description"`
	Source       string            `yaml:"source"`
	Quote        string            `yaml:"quote"`
	Memberships  []*membershipYAML `yaml:"memberships"`
	Recognitions []*recognYAML     `yaml:"recognitions"`
	pos          pos
}

func (s *orgYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain orgYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

type membershipYAML struct {
	Node   string `yaml:"node"`
	From   string `yaml:"from"`
	To     string `yaml:"to"`
	AsOf   string `yaml:"as_of"`
	Source string `yaml:"source"`
	Quote  string `yaml:"quote"`
	pos    pos
}

func (s *membershipYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain membershipYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

type recognYAML struct {
	Name          string `yaml:"name"`
	Level         string `yaml:"level"`
	Granted       string `yaml:"granted"`
	ValidUntil    string `yaml:"valid_until"`
	CertificateNo string `yaml:"certificate_no"`
	Source        string `yaml:"source"`
	Quote         string `yaml:"quote"`
	pos           pos
}

func (s *recognYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain recognYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

func parseOrganisations(file string, data []byte, nodes map[string]model.Node, sources map[string]bool, bodies map[string]string) ([]model.Organisation, error) {
	var f orgsFile
	if err := parseYAML(file, data, &f); err != nil {
		return nil, err
	}
	errs := errList{file: file}
	srcRef := func(line int, code string) {
		if code != "" && !sources[code] {
			errs.add(line, fmt.Sprintf("source %q is not defined in sources.yaml", code))
		}
	}
	codes := newCodes("organisation", codeRE)
	var out []model.Organisation
	for _, y := range f.Organisations {
		if codes.check(&errs, y.pos, y.Code) && nodes[y.Code].Code != "" {
			errs.add(y.pos.at("code"), fmt.Sprintf("organisation code %q is already a node code (line %d of system.yaml); scope codes must be unique", y.Code, nodes[y.Code].Line))
		}
		if y.Name == "" {
			errs.add(y.pos.at("name"), fmt.Sprintf("organisation %q has no name", y.Code))
		}
		kind := model.OrgKind(y.Kind)
		if !slices.Contains(model.OrgKinds, kind) {
			errs.add(y.pos.at("kind"), fmt.Sprintf("organisation %q: unknown kind %q (one of %v)", y.Code, y.Kind, model.OrgKinds))
		}
		srcRef(y.pos.at("source"), y.Source)
		checkQuote(&errs, y.pos.at("quote"), y.Source, y.Quote, bodies)
		o := model.Organisation{Code: y.Code, Name: y.Name, Kind: kind, InDistrict: y.InDistrict == nil || *y.InDistrict,
			Description: y.Description, SourceCode: y.Source, Quote: y.Quote, Line: y.pos.line}
		for _, m := range y.Memberships {
			if nodes[m.Node].Code == "" {
				errs.add(m.pos.at("node"), fmt.Sprintf("membership of %q: node %q is not defined in system.yaml", y.Code, m.Node))
			}
			for _, d := range []struct{ k, v string }{{"from", m.From}, {"to", m.To}, {"as_of", m.AsOf}} {
				if d.v != "" && !validDate(d.v) {
					errs.add(m.pos.at(d.k), fmt.Sprintf("membership of %q: %s %q is not a date YYYY-MM-DD", y.Code, d.k, d.v))
				}
			}
			if m.From != "" && m.To != "" && m.To < m.From {
				errs.add(m.pos.at("to"), fmt.Sprintf("membership of %q: ends (%s) before it starts (%s)", y.Code, m.To, m.From))
			}
			srcRef(m.pos.at("source"), m.Source)
			checkQuote(&errs, m.pos.at("quote"), m.Source, m.Quote, bodies)
			o.Memberships = append(o.Memberships, model.Membership{NodeCode: m.Node, NodeName: nodes[m.Node].Name,
				From: m.From, To: m.To, AsOf: m.AsOf, SourceCode: m.Source, Quote: m.Quote, Line: m.pos.line})
		}
		for _, r := range y.Recognitions {
			if r.Name == "" {
				errs.add(r.pos.at("name"), fmt.Sprintf("recognition of %q has no name", y.Code))
			}
			if !slices.Contains(levels, r.Level) {
				errs.add(r.pos.at("level"), fmt.Sprintf("recognition of %q: unknown level %q (national, municipal, district, society)", y.Code, r.Level))
			}
			if !validPartialDate(r.Granted) || !validPartialDate(r.ValidUntil) {
				errs.add(r.pos.at("granted"), fmt.Sprintf("recognition of %q: granted %q / valid_until %q must be YYYY, YYYY-MM or YYYY-MM-DD", y.Code, r.Granted, r.ValidUntil))
			}
			srcRef(r.pos.at("source"), r.Source)
			checkQuote(&errs, r.pos.at("quote"), r.Source, r.Quote, bodies)
			o.Recognitions = append(o.Recognitions, model.Recognition{Name: r.Name, Level: r.Level, Granted: r.Granted,
				ValidUntil: r.ValidUntil, CertificateNo: r.CertificateNo, SourceCode: r.Source, Quote: r.Quote, Line: r.pos.line})
		}
		out = append(out, o)
	}
	return out, errs.err()
}

// refs resolves the codes a CSV row refers to.
type refs struct {
	nodes   map[string]model.Node
	orgs    map[string]model.Organisation
	inds    map[string]model.Indicator
	sources map[string]bool
	bodies  map[string]string
	titles  map[string]string
}

func (r refs) scope(code string) (model.Scope, bool) {
	if n, ok := r.nodes[code]; ok {
		return model.Scope{NodeCode: code, Name: n.Name, Label: n.ScopeLabel()}, true
	}
	if o, ok := r.orgs[code]; ok {
		return model.Scope{OrgCode: code, Name: o.Name, Label: o.Name}, true
	}
	return model.Scope{}, false
}

// csvTable reads a CSV file with a header row, rejecting unknown or missing
// columns, and calls row for each data row with a cell accessor. A UTF-8 BOM
// is stripped.
func csvTable(file string, data []byte, columns []string, required []string, row func(line int, get func(string) string)) error {
	errs := errList{file: file}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		i := 0
		for i < len(data) {
			r, n := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			i += n
		}
		return fmt.Errorf("%s: row %d: the file is not UTF-8 (byte 0x%02x); it looks like GBK/GB18030 — save it as UTF-8 (Excel: “CSV UTF-8”, WPS: 编码 UTF-8)",
			file, bytes.Count(data[:i], []byte("\n"))+1, data[i])
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: read header: %w", file, err)
	}
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if !slices.Contains(columns, h) {
			errs.addf("%s: row 1, column %d: unknown column %q (known: %s)", file, i+1, h, strings.Join(columns, ", "))
			continue
		}
		idx[h] = i
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			errs.addf("%s: row 1: missing column %q", file, c)
		}
	}
	if errs.err() != nil {
		return errs.err()
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			errs.addf("%s: %v", file, err)
			break
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			errs.addf("%s: row %d: %d cells, the header has %d", file, line, len(rec), len(header))
			continue
		}
		row(line, func(c string) string {
			if i, ok := idx[c]; ok {
				return strings.TrimSpace(rec[i])
			}
			return ""
		})
	}
	return errs.err()
}

var qualifiers = []string{"", "超过", "突破", "达到", "近", "约", "以上", "余", "超", "逾", "增至"}

var observationColumns = []string{"scope", "indicator", "period", "value", "qualifier", "yoy", "status", "source", "quote", "note"}

func parseObservations(file string, data []byte, ref refs) ([]model.Observation, error) {
	errs := errList{file: file}
	var out []model.Observation
	firstRow := map[string]int{} // scope|indicator|period → row
	err := csvTable(file, data, observationColumns, []string{"scope", "indicator", "period", "value", "status", "source"}, func(line int, get func(string) string) {
		o := model.Observation{Line: line, ValueWritten: get("value"), Qualifier: get("qualifier"),
			SourceCode: get("source"), Quote: get("quote"), Note: get("note"), Status: model.Status(get("status"))}
		var ok bool
		if o.Scope, ok = ref.scope(get("scope")); !ok {
			errs.cell(line, "scope", get("scope"), "not a node of system.yaml nor an organisation of organisations.yaml")
		}
		if o.Indicator, ok = ref.inds[get("indicator")]; !ok {
			errs.cell(line, "indicator", get("indicator"), "not in indicators.yaml")
		}
		p, err := period.Parse(get("period"))
		if err != nil {
			errs.cell(line, "period", get("period"), err.Error())
		}
		o.Period = p
		if ok {
			if p.Kind == period.Date && o.Indicator.Kind == model.Flow {
				errs.cell(line, "period", get("period"), fmt.Sprintf("indicator %q is a flow and needs a period, not a date", o.Indicator.Code))
			}
			if p.Kind != period.Date && o.Indicator.Kind == model.Stock && err == nil {
				errs.cell(line, "period", get("period"), fmt.Sprintf("indicator %q is a stock and is counted at a date (YYYY-MM-DD)", o.Indicator.Code))
			}
		}
		o.Value = parseValue(&errs, line, "value", o.ValueWritten, o.Indicator, ok)
		if y := get("yoy"); y != "" {
			v, u, err := quantity.ParseWritten(y)
			switch {
			case err != nil:
				errs.cell(line, "yoy", y, err.Error())
			case u != quantity.Percent:
				errs.cell(line, "yoy", y, "growth must be a percentage such as 15.6% or -3.2%")
			default:
				o.YoY = &v
			}
		}
		if !slices.Contains(qualifiers, o.Qualifier) {
			errs.cell(line, "qualifier", o.Qualifier, fmt.Sprintf("unknown qualifier (one of %s)", strings.Join(qualifiers[1:], " ")))
		}
		if o.Status != model.Published && o.Status != model.Provisional && o.Status != model.Estimated {
			errs.cell(line, "status", string(o.Status), "must be published, provisional or estimated")
		}
		checkRowSource(&errs, line, o.SourceCode, o.Quote, o.ValueWritten, ref)
		key := get("scope") + "|" + get("indicator") + "|" + o.Period.String()
		if first, dup := firstRow[key]; dup {
			errs.cell(line, "period", get("period"), fmt.Sprintf("row %d already gives %s of %s for this period; one figure per scope, indicator and period", first, get("indicator"), get("scope")))
		} else {
			firstRow[key] = line
		}
		o.SourceTitle = ref.titles[o.SourceCode]
		out = append(out, o)
	})
	errs.merge(err)
	return out, errs.err()
}

// parseValue converts a written figure to base units and checks its unit
// against the indicator's.
func parseValue(errs *errList, line int, column, written string, ind model.Indicator, indOK bool) (v decimal.Decimal) {
	val, unit, err := quantity.ParseWritten(written)
	if err != nil {
		errs.cell(line, column, written, err.Error())
		return v
	}
	if indOK && unit != ind.Unit {
		errs.cell(line, column, written, fmt.Sprintf("unit %s does not match indicator %q (%s)", unit, ind.Code, ind.Unit))
	}
	return val
}

func checkRowSource(errs *errList, line int, source, quote, written string, ref refs) {
	if !ref.sources[source] {
		errs.cell(line, "source", source, "not defined in sources.yaml")
		return
	}
	if quote == "" {
		return
	}
	if body := ref.bodies[source]; body != "" && !strings.Contains(body, quote) {
		errs.cell(line, "quote", quote, fmt.Sprintf("does not occur in the text of source %q", source))
	}
}

var targetColumns = []string{"scope", "indicator", "horizon", "verb", "value", "qualifier", "plan_start", "baseline_period", "baseline_value", "source", "quote", "note"}

func parseTargets(file string, data []byte, ref refs) ([]model.Target, error) {
	errs := errList{file: file}
	var out []model.Target
	err := csvTable(file, data, targetColumns, []string{"scope", "indicator", "horizon", "value", "qualifier", "source"}, func(line int, get func(string) string) {
		t := model.Target{Line: line, ValueWritten: get("value"), Qualifier: get("qualifier"),
			SourceCode: get("source"), Quote: get("quote"), Note: get("note")}
		var ok bool
		if t.Scope, ok = ref.scope(get("scope")); !ok {
			errs.cell(line, "scope", get("scope"), "not a node of system.yaml nor an organisation of organisations.yaml")
		}
		if t.Indicator, ok = ref.inds[get("indicator")]; !ok {
			errs.cell(line, "indicator", get("indicator"), "not in indicators.yaml")
		}
		year, label, err := period.ParseHorizon(get("horizon"))
		if err != nil {
			errs.cell(line, "horizon", get("horizon"), err.Error())
		}
		t.Year, t.Horizon = year, label
		switch t.Verb = get("verb"); t.Verb {
		case "":
			t.Verb = "力争"
		case "力争", "预计", "计划":
		default:
			errs.cell(line, "verb", t.Verb, "a target is stated with 力争 (a goal), 预计 (an expectation) or 计划 (a plan)")
		}
		t.Value = parseValue(&errs, line, "value", t.ValueWritten, t.Indicator, ok)
		switch t.Qualifier {
		case "突破", "超过", "达到", "以上":
		default:
			errs.cell(line, "qualifier", t.Qualifier, "a target's qualifier must be 突破 or 超过 (exceed) or 达到 or 以上 (reach at least)")
		}
		if s := get("plan_start"); s != "" {
			d, err := time.Parse("2006-01-02", s)
			if err != nil {
				errs.cell(line, "plan_start", s, "not a date YYYY-MM-DD")
			} else {
				t.PlanStart = &d
			}
		}
		bp, bv := get("baseline_period"), get("baseline_value")
		if (bp == "") != (bv == "") {
			errs.cell(line, "baseline_value", bv, "baseline_period and baseline_value go together")
		} else if bp != "" {
			p, err := period.Parse(bp)
			if err != nil {
				errs.cell(line, "baseline_period", bp, err.Error())
			}
			t.BaselinePeriod = &p
			v := parseValue(&errs, line, "baseline_value", bv, t.Indicator, ok)
			t.Baseline = &v
		}
		checkRowSource(&errs, line, t.SourceCode, t.Quote, t.ValueWritten, ref)
		t.SourceTitle = ref.titles[t.SourceCode]
		out = append(out, t)
	})
	errs.merge(err)
	return out, errs.err()
}
