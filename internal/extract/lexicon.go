package extract

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"

	"github.com/kechuang/kechuang/internal/model"
)

//go:embed lexicon.yaml
var lexiconYAML []byte

//go:embed regions.tsv
var regionsTSV string

// Entry is one indicator of the extraction lexicon (lexicon.yaml).
type Entry struct {
	Key        string            `yaml:"key"`
	Code       string            `yaml:"code"`
	Name       string            `yaml:"name"`
	Unit       string            `yaml:"unit"`
	Stock      bool              `yaml:"stock"`
	Terms      []string          `yaml:"terms"`
	Context    string            `yaml:"context"`
	Bare       bool              `yaml:"bare"`
	Attributes map[string]string `yaml:"attributes"`
	Shares     map[string]string `yaml:"shares"`
	New        string            `yaml:"new"`
	Max        string            `yaml:"max"`
	max        *decimal.Decimal
}

// Lexicon is the indicator lexicon: entries by key and every term.
type Lexicon struct {
	Entries []*Entry
	byKey   map[string]*Entry
	terms   []termRef // longest first
}

type termRef struct {
	term  string
	r     []rune
	entry *Entry
}

// Entry returns the entry of key, or nil.
func (l *Lexicon) Entry(key string) *Entry { return l.byKey[key] }

// units a lexicon entry may declare.
var lexiconUnits = []string{UnitYuan, UnitCount, UnitPersons, UnitPercent, UnitPermille, UnitWh, UnitParts, UnitPer100}

// ParseLexicon reads a lexicon in the lexicon.yaml format. Errors name the
// entry (by position and key) and the field: unknown fields, a missing key,
// name or terms, an unknown unit, a duplicate key, or an attribute, share or
// new key that is not an entry.
func ParseLexicon(data []byte) (*Lexicon, error) {
	var doc struct {
		Indicators []*Entry `yaml:"indicators"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("lexicon: %w", err)
	}
	l := &Lexicon{Entries: doc.Indicators, byKey: map[string]*Entry{}}
	for i, e := range l.Entries {
		where := fmt.Sprintf("lexicon: indicator %d (%s)", i+1, e.Key)
		switch {
		case e.Key == "":
			return nil, fmt.Errorf("%s: no key", where)
		case e.Name == "":
			return nil, fmt.Errorf("%s: no name", where)
		case len(e.Terms) == 0:
			return nil, fmt.Errorf("%s: no terms", where)
		case !slices.Contains(lexiconUnits, e.Unit):
			return nil, fmt.Errorf("%s: unit %q is not one of %s", where, e.Unit, strings.Join(lexiconUnits, ", "))
		case e.Code != "" && e.Code != e.Key:
			return nil, fmt.Errorf("%s: key must equal the catalogue code %q", where, e.Code)
		}
		if l.byKey[e.Key] != nil {
			return nil, fmt.Errorf("%s: duplicate key", where)
		}
		if e.Max != "" {
			m, err := decimal.NewFromString(e.Max)
			if err != nil {
				return nil, fmt.Errorf("%s: max %q is not a number", where, e.Max)
			}
			e.max = &m
		}
		l.byKey[e.Key] = e
		for _, t := range e.Terms {
			l.terms = append(l.terms, termRef{t, []rune(t), e})
		}
	}
	for _, e := range l.Entries {
		refs := []string{e.New}
		for _, k := range e.Attributes {
			refs = append(refs, k)
		}
		for _, k := range e.Shares {
			refs = append(refs, k)
		}
		for _, k := range refs {
			if k != "" && l.byKey[k] == nil {
				return nil, fmt.Errorf("lexicon: indicator %s refers to %q, which is not an indicator of the lexicon", e.Key, k)
			}
		}
	}
	slices.SortStableFunc(l.terms, func(a, b termRef) int { return len(b.r) - len(a.r) })
	return l, nil
}

// DefaultLexicon is the built-in lexicon (lexicon.yaml).
var DefaultLexicon = func() *Lexicon {
	l, err := ParseLexicon(lexiconYAML)
	if err != nil {
		panic(err)
	}
	return l
}()

// Region is an administrative division (行政区划) of the built-in gazetteer
// (regions.tsv): the scopes outside a district's own structure that bulletins
// talk about — provinces, prefecture cities, districts and counties.
type Region struct {
	Code   string // 行政区划代码 (GB/T 2260), e.g. "500102"
	Name   string // full name: 涪陵区
	Short  string // name in prose without the suffix (涪陵), "" when ambiguous
	Level  string // province | prefecture | county
	Parent string // code of the region above, "" for a province
}

// Regions returns the built-in gazetteer, in file order.
func Regions() []Region {
	var out []Region
	for line := range strings.SplitSeq(regionsTSV, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 3 {
			continue
		}
		r := Region{Code: f[0], Name: f[1], Short: f[2]}
		switch {
		case strings.HasSuffix(r.Code, "0000"):
			r.Level = "province"
		case strings.HasSuffix(r.Code, "00"):
			r.Level, r.Parent = "prefecture", r.Code[:2]+"0000"
		default:
			r.Level, r.Parent = "county", r.Code[:4]+"00"
			if r.Code[:2] == "50" || r.Code[:2] == "11" || r.Code[:2] == "12" || r.Code[:2] == "31" {
				r.Parent = r.Code[:2] + "0000" // municipalities: districts sit under the city
			}
		}
		out = append(out, r)
	}
	return out
}

// RegionByCode returns the region of the gazetteer with code, ok false when
// there is none.
func RegionByCode(code string) (Region, bool) {
	for _, r := range Regions() {
		if r.Code == code {
			return r, true
		}
	}
	return Region{}, false
}

// KnownScopes lists a district's nodes and organisations as scopes
// extraction resolves names against: the district, its high-tech zones,
// carriers and parks, and its organisations (industries, directions and
// pillars are left out: 汽车 or 绿色低碳 in a sentence is an industry word,
// not the scope of a figure). The root node (kind district) stands
// for the system's region (sys.RegionCode), so text naming 涪陵区 resolves
// to the node rather than to the gazetteer's region.
func KnownScopes(sys model.System, nodes []model.Node, orgs []model.Organisation) []Known {
	var out []Known
	for _, n := range nodes {
		switch n.Kind {
		case model.Industry, model.Direction, model.Pillar:
			// 汽车, 绿色低碳, 一个引擎: words of the text, not places a figure is about
			continue
		}
		k := Known{Code: n.Code, Name: n.Name, Aliases: n.Aliases, Kind: "node"}
		if n.Kind == model.District {
			k.Region = sys.RegionCode
		}
		if n.FullName != "" && n.FullName != n.Name {
			k.Aliases = append(slices.Clone(k.Aliases), n.FullName)
		}
		out = append(out, k)
	}
	for _, o := range orgs {
		out = append(out, Known{Code: o.Code, Name: o.Name, Kind: "org"})
	}
	return out
}
