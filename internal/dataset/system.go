// Package dataset reads a district's innovation-system dataset — structure,
// indicator catalogue, sources, organisations, published figures and targets —
// from the files described in docs/dataset.md, and checks it whole before
// anything is written: unknown keys, bad values and dangling references are
// errors naming the file and line (CSV: row and column).
package dataset

import (
	"fmt"
	"regexp"
	"slices"

	"go.yaml.in/yaml/v3"

	"github.com/kechuang/kechuang/internal/model"
)

// Structure is a loaded system.yaml: the system and its nodes, flattened in
// file order (parents before children).
type Structure struct {
	System model.System
	Nodes  []model.Node
}

// Node returns the node with the given code.
func (s *Structure) Node(code string) (model.Node, bool) {
	for _, n := range s.Nodes {
		if n.Code == code {
			return n, true
		}
	}
	return model.Node{}, false
}

type systemFile struct {
	System systemYAML  `yaml:"system"`
	Nodes  []*nodeYAML `yaml:"nodes"`
}

type systemYAML struct {
	Code       string `yaml:"code"`
	Name       string `yaml:"name"`
	ShortName  string `yaml:"short_name"`
	RegionCode string `yaml:"region_code"`
	RegionName string `yaml:"region_name"`
	Source     string `yaml:"source"`
	Quote      string `yaml:"quote"`
	pos        pos
}

func (s *systemYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain systemYAML
	p, err := decodeStrict(v, (*plain)(s))
	s.pos = p
	return err
}

type nodeYAML struct {
	Code        string      `yaml:"code"`
	Name        string      `yaml:"name"`
	NameEn      string      `yaml:"name_en"`
	FullName    string      `yaml:"full_name"`
	Label       string      `yaml:"label"`
	Aliases     []string    `yaml:"aliases"`
	Kind        string      `yaml:"kind"`
	Role        string      `yaml:"role"`
	Numeral     string      `yaml:"numeral"`
	Level       string      `yaml:"level"`
	PartOf      string      `yaml:"part_of"`
	Description string      `yaml:"description"`
	Source      string      `yaml:"source"`
	Quote       string      `yaml:"quote"`
	Children    []*nodeYAML `yaml:"children"`
	pos         pos
}

func (n *nodeYAML) UnmarshalYAML(v *yaml.Node) error {
	type plain nodeYAML
	p, err := decodeStrict(v, (*plain)(n))
	n.pos = p
	return err
}

var codeRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

var levels = []string{"", "national", "municipal", "district", "society"}

// ParseStructure reads a system.yaml. file names the file in errors. Source
// references are checked against sources when it is non-nil (a stand-alone
// `system load` has no sources, and then a source reference is an error).
func ParseStructure(file string, data []byte, sources map[string]bool) (*Structure, error) {
	var f systemFile
	if err := parseYAML(file, data, &f); err != nil {
		return nil, err
	}
	var errs errList
	errs.file = file
	sys := f.System
	if sys.pos.line == 0 {
		errs.add(1, "missing the system: mapping")
	}
	if !codeRE.MatchString(sys.Code) {
		errs.add(sys.pos.at("code"), fmt.Sprintf("system code %q must be lowercase letters, digits and hyphens", sys.Code))
	}
	if sys.Name == "" {
		errs.add(sys.pos.at("name"), "system name is empty")
	}
	if !regexp.MustCompile(`^[0-9]{6}$`).MatchString(sys.RegionCode) {
		errs.add(sys.pos.at("region_code"), fmt.Sprintf("region_code %q is not a 6-digit GB/T 2260 code", sys.RegionCode))
	}
	if sys.RegionName == "" {
		errs.add(sys.pos.at("region_name"), "region_name is empty")
	}
	checkSource := func(line int, code string) {
		if code != "" && !sources[code] {
			errs.add(line, fmt.Sprintf("source %q is not defined in sources.yaml", code))
		}
	}
	checkSource(sys.pos.at("source"), sys.Source)
	st := &Structure{System: model.System{
		Code: sys.Code, Name: sys.Name, ShortName: sys.ShortName,
		RegionCode: sys.RegionCode, RegionName: sys.RegionName,
		SourceCode: sys.Source, Quote: sys.Quote,
	}}
	if len(f.Nodes) == 0 {
		errs.add(sys.pos.line, "no nodes: a system needs at least its root node")
	}
	if len(f.Nodes) > 1 {
		errs.add(f.Nodes[1].pos.line, "a system has one root node; put the others under its children:")
	}
	codes := newCodes("node", codeRE)
	partOfLine := map[string]int{}
	var walk func(parent string, ns []*nodeYAML)
	walk = func(parent string, ns []*nodeYAML) {
		for i, n := range ns {
			if n == nil {
				continue
			}
			codes.check(&errs, n.pos, n.Code)
			if n.Name == "" {
				errs.add(n.pos.at("name"), fmt.Sprintf("node %q has no name", n.Code))
			}
			kind := model.NodeKind(n.Kind)
			if !slices.Contains(model.NodeKinds, kind) {
				errs.add(n.pos.at("kind"), fmt.Sprintf("node %q: unknown kind %q (one of %v)", n.Code, n.Kind, model.NodeKinds))
			}
			role := model.PillarRole(n.Role)
			if kind == model.Pillar {
				if role != model.RoleEngine && role != model.RoleCarrier && role != model.RoleDirection {
					errs.add(n.pos.at("role"), fmt.Sprintf("pillar %q: role %q must be engine, carrier or direction", n.Code, n.Role))
				}
			} else if n.Role != "" {
				errs.add(n.pos.at("role"), fmt.Sprintf("node %q: only pillars have a role", n.Code))
			}
			if !slices.Contains(levels, n.Level) {
				errs.add(n.pos.at("level"), fmt.Sprintf("node %q: unknown level %q (one of national, municipal, district, society)", n.Code, n.Level))
			}
			checkSource(n.pos.at("source"), n.Source)
			partOfLine[n.Code] = n.pos.at("part_of")
			st.Nodes = append(st.Nodes, model.Node{
				Code: n.Code, ParentCode: parent, PartOfCode: n.PartOf, Kind: kind,
				Name: n.Name, NameEn: n.NameEn, FullName: n.FullName, Label: n.Label, Aliases: n.Aliases,
				Role: role, Numeral: n.Numeral, Level: n.Level, Description: n.Description,
				SourceCode: n.Source, Quote: n.Quote, Sort: i, Line: n.pos.line,
			})
			walk(n.Code, n.Children)
		}
	}
	walk("", f.Nodes)
	for _, n := range st.Nodes {
		if n.PartOfCode == "" {
			continue
		}
		if codes.seen[n.PartOfCode] == 0 {
			errs.add(partOfLine[n.Code], fmt.Sprintf("node %q: part_of %q is not a node of this system", n.Code, n.PartOfCode))
		} else if n.PartOfCode == n.Code {
			errs.add(partOfLine[n.Code], fmt.Sprintf("node %q cannot be part of itself", n.Code))
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	return st, nil
}
