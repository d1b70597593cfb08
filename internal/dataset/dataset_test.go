package dataset_test

import (
	"io/fs"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
)

// copyFuling returns the built-in dataset as a writable in-memory FS so a
// test can break one file.
func copyFuling(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	err := fs.WalkDir(datasets.FS, datasets.Fuling, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(datasets.FS, p)
		m[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func edit(t *testing.T, m fstest.MapFS, file, old, new string) {
	t.Helper()
	p := datasets.Fuling + "/" + file
	s := string(m[p].Data)
	if !strings.Contains(s, old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	m[p] = &fstest.MapFile{Data: []byte(strings.Replace(s, old, new, 1))}
}

// lineOf is the 1-based line of the first occurrence of s in a file.
func lineOf(t *testing.T, m fstest.MapFS, file, s string) int {
	t.Helper()
	data := string(m[datasets.Fuling+"/"+file].Data)
	i := strings.Index(data, s)
	if i < 0 {
		t.Fatalf("%s does not contain %q", file, s)
	}
	return strings.Count(data[:i], "\n") + 1
}

func TestBuiltInDatasetLoads(t *testing.T) {
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Structure.System.Code != "fuling" || len(ds.Structure.Nodes) < 15 || len(ds.Observations) < 40 || len(ds.Targets) != 13 {
		t.Fatalf("dataset: %d nodes, %d observations, %d targets", len(ds.Structure.Nodes), len(ds.Observations), len(ds.Targets))
	}
	roles := map[string]string{}
	for _, n := range ds.Structure.Nodes {
		if n.Kind == "pillar" {
			roles[n.Numeral] = string(n.Role)
		}
	}
	if roles["1"] != "engine" || roles["2"] != "carrier" || roles["3"] != "direction" {
		t.Errorf("pillars 1+2+3 = %v", roles)
	}
}

func TestBadInputNamesFileLineAndReason(t *testing.T) {
	cases := []struct {
		name       string
		file       string
		old, new   string
		wantFile   string
		wantLineOf string // text on the offending line after the edit ("" = no line check)
		want       string
	}{
		{"unknown key in system.yaml", "system.yaml", "    label: 全区\n", "    label: 全区\n    lable: 全区\n",
			"system.yaml", "lable: 全区", `unknown key "lable"`},
		{"unknown node kind", "system.yaml", "kind: high_tech_zone", "kind: hightech",
			"system.yaml", "", `unknown kind "hightech"`},
		{"dangling part_of", "system.yaml", "part_of: fl-htz", "part_of: fl-hzt",
			"system.yaml", "", `part_of "fl-hzt" is not a node`},
		{"duplicate node code", "system.yaml", "code: baitao", "code: fl-htz",
			"system.yaml", "", `node code "fl-htz" already used`},
		{"dangling membership", "organisations.yaml", "      - node: fl-htz", "      - node: nowhere",
			"organisations.yaml", "- node: nowhere", `node "nowhere" is not defined`},
		{"unknown indicator unit", "indicators.yaml", "unit: yuan", "unit: dollars",
			"indicators.yaml", "unit: dollars", `dollars`},
		{"observation with unknown scope", "observations.csv", "fuling,rd_expenditure_above_scale_industry", "fuling-x,rd_expenditure_above_scale_industry",
			"observations.csv", "", `row 3`},
		{"observation value in the wrong unit", "observations.csv", "24.02亿元,,15.6%", "24.02%,,15.6%",
			"observations.csv", "", `column value, value "24.02%": unit percent does not match`},
		{"unreadable value", "observations.csv", "7010.2万元", "七千万元",
			"observations.csv", "", `column value, value "七千万元"`},
		{"quote not in the source", "observations.csv", "全区规模以上工业企业研发投入24.02亿元", "全区规模以上工业企业研发投入24.03亿元",
			"observations.csv", "", `does not occur in the text of source "article-2022"`},
		{"bad period", "observations.csv", "2022-01..2022-08,24.02亿元", "2022-08..2022-01,24.02亿元",
			"observations.csv", "", `column period, value "2022-08..2022-01"`},
		{"the same figure twice", "observations.csv", "fuling,tech_based_enterprises,2022-08-31,1266户", "fuling,tech_based_enterprises,2022-08-31,1266户,,,published,article-2022,,\nfuling,tech_based_enterprises,2022-08-31,1267户",
			"observations.csv", "", `one figure per scope, indicator and period`},
		{"target verb", "targets.csv", ",力争,", ",争取,", "targets.csv", "", `column verb, value "争取"`},
		{"target with an actual's qualifier", "targets.csv", "1000亿元,突破", "1000亿元,约",
			"targets.csv", "", `column qualifier, value "约"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := copyFuling(t)
			edit(t, m, c.file, c.old, c.new)
			_, err := dataset.Load(m, datasets.Fuling)
			if err == nil {
				t.Fatal("malformed dataset loaded without error")
			}
			msg := err.Error()
			if !strings.Contains(msg, "fuling/"+c.wantFile+": ") || !strings.Contains(msg, c.want) {
				t.Fatalf("error does not name %s and %q:\n%s", c.wantFile, c.want, msg)
			}
			if c.wantLineOf != "" {
				line := lineOf(t, m, c.file, c.wantLineOf)
				want := "fuling/" + c.wantFile + ": line " + strconv.Itoa(line) + ": "
				if !strings.Contains(msg, want) {
					t.Fatalf("error does not say %q:\n%s", want, msg)
				}
			}
		})
	}
}

func TestObservationRowNumberIsTheCSVLine(t *testing.T) {
	m := copyFuling(t)
	edit(t, m, "observations.csv", "fuling,tech_based_enterprises,2022-08-31,1266户", "fuling,tech_based_enterprises,2022-08-31,1266亿元")
	line := lineOf(t, m, "observations.csv", "1266亿元")
	_, err := dataset.Load(m, datasets.Fuling)
	want := "fuling/observations.csv: row " + strconv.Itoa(line) + ", column value, value \"1266亿元\": unit yuan does not match indicator \"tech_based_enterprises\" (count)"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("want %q, got:\n%v", want, err)
	}
}

func TestStructureAlone(t *testing.T) {
	data := []byte(`system:
  code: demo
  name: 示范区科创体系
  region_code: "500000"
  region_name: 示范区
nodes:
  - code: demo
    name: 示范区
    kind: district
    children:
      - code: p1
        name: 一个引擎
        kind: pillar
        role: engine
        source: nowhere
`)
	_, err := dataset.ParseStructure("demo.yaml", data, nil)
	if err == nil || !strings.Contains(err.Error(), `demo.yaml: line 15: source "nowhere" is not defined`) {
		t.Fatalf("dangling source: %v", err)
	}
	st, err := dataset.ParseStructure("demo.yaml", []byte(strings.Replace(string(data), "        source: nowhere\n", "", 1)), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Nodes) != 2 || st.Nodes[1].ParentCode != "demo" || st.Nodes[1].Line != 11 {
		t.Fatalf("nodes = %+v", st.Nodes)
	}
	_, err = dataset.ParseStructure("demo.yaml", []byte("system: [1, 2]\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "demo.yaml: line 1: expected a mapping") {
		t.Fatalf("list instead of mapping: %v", err)
	}
	_, err = dataset.ParseStructure("demo.yaml", []byte("system:\n  code: x\n\tname: y\n"), nil)
	if err == nil || !strings.Contains(err.Error(), "demo.yaml: ") {
		t.Fatalf("syntax error: %v", err)
	}
}

func TestCSVMustBeUTF8(t *testing.T) {
	m := copyFuling(t)
	p := datasets.Fuling + "/observations.csv"
	data := m[p].Data
	// 涪陵 in GBK on the third line.
	lines := strings.SplitN(string(data), "\n", 3)
	m[p] = &fstest.MapFile{Data: []byte(lines[0] + "\n" + lines[1] + "\n\xb8\xa2\xc1\xea," + lines[2])}
	_, err := dataset.Load(m, datasets.Fuling)
	if err == nil || !strings.Contains(err.Error(), "fuling/observations.csv: row 3: the file is not UTF-8 (byte 0xb8)") {
		t.Fatalf("GBK bytes: %v", err)
	}
}
