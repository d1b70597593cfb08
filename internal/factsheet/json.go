package factsheet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strings"

	"github.com/kechuang/kechuang/internal/qualify"
	"github.com/kechuang/kechuang/internal/uscc"
)

// plainDate is a bare civil date in JSON ("2019-05-20"), which qualify
// reads as midnight UTC.
var plainDate = regexp.MustCompile(`"(\d{4}-\d{2}-\d{2})"`)

// topNames are the JSON keys of qualify.FirmFacts; sectionNames the field
// names of each section's type (qualify.HTFacts, SMEFacts, GradientFacts).
var topNames, sectionNames = factNames()

func factNames() ([]string, map[string][]string) {
	var top []string
	secs := map[string][]string{}
	t := reflect.TypeOf(qualify.FirmFacts{})
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" {
			name = f.Name
		}
		top = append(top, name)
		if f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct {
			st := f.Type.Elem()
			for j := 0; j < st.NumField(); j++ {
				if sf := st.Field(j); sf.IsExported() {
					secs[name] = append(secs[name], sf.Name)
				}
			}
		}
	}
	return top, secs
}

// canonical is the name among names that k matches case-insensitively (as
// encoding/json matches keys), else k.
func canonical(names []string, k string) string {
	for _, n := range names {
		if strings.EqualFold(n, k) {
			return n
		}
	}
	return k
}

// member is one key and value of a JSON object, in file order.
type member struct {
	key string
	val json.RawMessage
}

// members reads a JSON object's members in order.
func members(b []byte) ([]member, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	if tok != json.Delim('{') {
		return nil, fmt.Errorf("not a JSON object")
	}
	var out []member
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		k, _ := tok.(string)
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{k, v})
	}
	return out, nil
}

func isNull(v json.RawMessage) bool { return string(bytes.TrimSpace(v)) == "null" }

// readJSON reads a JSON facts file: qualify.ReadFacts checks it (unknown
// keys, wrong types), then each firm is kept as given — only the keys the
// file gives, keys spelled as the Go field names, bare dates as RFC 3339,
// nulls dropped.
func readJSON(name string, data []byte) (*File, error) {
	out := &File{}
	if _, err := qualify.ReadFacts(bytes.NewReader(data)); err != nil {
		return out, Errors{{File: name, Reason: err.Error(), json: true}}
	}
	data = plainDate.ReplaceAll(data, []byte(`"${1}T00:00:00Z"`))
	var raw struct {
		Firms []json.RawMessage `json:"firms"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return out, Errors{{File: name, Reason: err.Error(), json: true}}
	}
	var errs Errors
	seen := map[string]int{}
	for i, m := range raw.Firms {
		row := i + 1
		out.Rows++
		bad := func(column, value, reason string) {
			errs = append(errs, Error{File: name, Row: row, Column: column, Value: value, Reason: reason, json: true})
		}
		ms, err := members(m)
		if err != nil {
			bad("", "", err.Error())
			continue
		}
		firm := Firm{Row: row}
		obj := map[string]json.RawMessage{}
		ok := true
		for _, x := range ms {
			k := canonical(topNames, x.key)
			switch {
			case k == "uscc":
				json.Unmarshal(x.val, &firm.USCC)
				continue
			case k == "name":
				json.Unmarshal(x.val, &firm.Name)
				continue
			case isNull(x.val):
				delete(obj, k)
				continue
			}
			fields, section := sectionNames[k]
			if !section {
				obj[k] = x.val
				continue
			}
			inner, err := members(x.val)
			if err != nil {
				bad(k, "", err.Error())
				ok = false
				continue
			}
			sec := map[string]json.RawMessage{}
			for _, y := range inner {
				f := canonical(fields, y.key)
				if isNull(y.val) {
					delete(sec, f)
					continue
				}
				sec[f] = y.val
			}
			if len(sec) == 0 {
				delete(obj, k)
				continue
			}
			b, err := json.Marshal(sec)
			if err != nil {
				bad(k, "", err.Error())
				ok = false
				continue
			}
			obj[k] = b
		}
		code := uscc.Normalize(firm.USCC)
		switch err := uscc.Validate(code); {
		case firm.USCC == "":
			bad("uscc", "", "uscc (统一社会信用代码) is missing")
			ok = false
		case err != nil:
			bad("uscc", firm.USCC, err.Error())
			ok = false
		}
		firm.USCC = code
		if prev, dup := seen[code]; dup && code != "" {
			bad("uscc", code, fmt.Sprintf("统一社会信用代码 %s appears twice: firms %d and %d", code, prev, row))
			ok = false
		} else {
			seen[code] = row
		}
		if len(obj) == 0 {
			bad("", "", "no facts given: give at least one fact, or leave the firm out of the file")
			ok = false
		}
		if !ok {
			continue
		}
		b, err := json.Marshal(obj)
		if err == nil {
			err = checkShape(b)
		}
		if err != nil {
			bad("", "", err.Error())
			continue
		}
		firm.Facts = b
		out.Firms = append(out.Firms, firm)
	}
	if out.Rows == 0 {
		errs = append(errs, Error{File: name, Reason: `no firms: the file is {"firms": [{"uscc": …, "high_tech": {…}}, …]}`, json: true})
	}
	for i := range errs {
		if errs[i].Row > 0 && errs[i].Column != "uscc" {
			errs[i].Firm = firmCode(raw.Firms[errs[i].Row-1])
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// firmCode is the credit code of a JSON firm as written, for messages.
func firmCode(m json.RawMessage) string {
	ms, _ := members(m)
	for _, x := range ms {
		if strings.EqualFold(x.key, "uscc") {
			var s string
			json.Unmarshal(x.val, &s)
			return s
		}
	}
	return ""
}
