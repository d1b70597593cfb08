package dataset

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// knownKeys caches the yaml keys of each struct type.
var knownKeys sync.Map // reflect.Type → map[string]bool

func keysOf(t reflect.Type) map[string]bool {
	if v, ok := knownKeys.Load(t); ok {
		return v.(map[string]bool)
	}
	keys := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("yaml")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" || !t.Field(i).IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(t.Field(i).Name)
		}
		keys[name] = true
	}
	knownKeys.Store(t, keys)
	return keys
}

// lineError is an error at a line of a YAML or CSV file.
type lineError struct {
	Line int
	Msg  string
}

func (e *lineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// checkKeys returns an error naming the line of the first key of mapping v
// that is not a yaml key of struct type t, listing the keys t knows. This is
// what yaml's KnownFields does, but it also holds inside custom unmarshalers,
// where KnownFields is not passed on.
func checkKeys(v *yaml.Node, t reflect.Type) error {
	if v.Kind != yaml.MappingNode {
		return &lineError{v.Line, fmt.Sprintf("expected a mapping (key: value), found %s", kindName(v))}
	}
	keys := keysOf(t)
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k := v.Content[i]
		if !keys[k.Value] {
			known := make([]string, 0, len(keys))
			for name := range keys {
				known = append(known, name)
			}
			sort.Strings(known)
			return &lineError{k.Line, fmt.Sprintf("unknown key %q (known keys: %s)", k.Value, strings.Join(known, ", "))}
		}
		if seen[k.Value] {
			return &lineError{k.Line, fmt.Sprintf("key %q given twice", k.Value)}
		}
		seen[k.Value] = true
	}
	return nil
}

func kindName(v *yaml.Node) string {
	switch v.Kind {
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		return fmt.Sprintf("the value %q", v.Value)
	case yaml.MappingNode:
		return "a mapping"
	}
	return "nothing"
}

// pos is where a mapping and each of its keys are in the file.
type pos struct {
	line int            // the mapping's first line
	keys map[string]int // line of each key
}

// at is the line of a key, or of the mapping when the key is absent.
func (p pos) at(key string) int {
	if l, ok := p.keys[key]; ok {
		return l
	}
	return p.line
}

// decodeStrict decodes v into out (a pointer to a plain struct type without
// its own UnmarshalYAML) after checking its keys, and returns where v and
// its keys are.
func decodeStrict(v *yaml.Node, out any) (pos, error) {
	if err := checkKeys(v, reflect.TypeOf(out).Elem()); err != nil {
		return pos{}, err
	}
	if err := v.Decode(out); err != nil {
		return pos{}, err
	}
	p := pos{line: v.Line, keys: map[string]int{}}
	for i := 0; i+1 < len(v.Content); i += 2 {
		p.keys[v.Content[i].Value] = v.Content[i].Line
	}
	return p, nil
}

// parseYAML parses a whole YAML document into out, naming the file in errors.
func parseYAML(file string, data []byte, out any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if len(doc.Content) == 0 {
		return fmt.Errorf("%s: the file is empty", file)
	}
	if _, err := decodeStrict(doc.Content[0], out); err != nil {
		return fmt.Errorf("%s: %w", file, unwrapYAML(err))
	}
	return nil
}

// unwrapYAML turns yaml's "yaml: unmarshal errors:\n  line 3: ..." into the
// line message alone, and passes our own line errors through.
func unwrapYAML(err error) error {
	var te *yaml.TypeError
	if ok := asTypeError(err, &te); ok && len(te.Errors) > 0 {
		return fmt.Errorf("%s", strings.Join(te.Errors, "; "))
	}
	return err
}

func asTypeError(err error, out **yaml.TypeError) bool {
	te, ok := err.(*yaml.TypeError)
	if ok {
		*out = te
	}
	return ok
}
