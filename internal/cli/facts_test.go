package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/uscc"
)

// demoCode is the credit code the demo gives firm i.
func demoCode(t *testing.T, i int) string {
	t.Helper()
	s := fmt.Sprintf("91500102DM%07d", i)
	c, err := uscc.CheckChar(s)
	if err != nil {
		t.Fatal(err)
	}
	return s + string(c)
}

// factsRows counts the stored supplied facts and the facts import jobs by
// status.
func factsRows(t *testing.T, dir string) (int, map[string]int) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM firm_facts`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	jobs := map[string]int{}
	rows, err := d.R.Query(`SELECT status FROM imports WHERE kind = 'facts'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		rows.Scan(&s)
		jobs[s]++
	}
	return n, jobs
}

func TestFactsLoad(t *testing.T) {
	dir := t.TempDir()
	if _, err := run(t, "--data", dir, "demo", "generate", "--firms", "20", "--months", "3", "--year", "2026", "--seed", "1"); err != nil {
		t.Fatal(err)
	}
	before, _ := factsRows(t, dir)
	code, other := demoCode(t, 7), demoCode(t, 3)
	write := func(name, content string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	head := "统一社会信用代码,企业名称,有效Ⅰ类知识产权（件）,有效Ⅱ类知识产权（件）,上年末资产负债率（%）,研究开发费用（万元）\n"
	good := write("补充事实.csv", head+code+",演示企业,17,23,35,\n"+other+",演示企业,,1,,1.5\n")

	// A bad value, a firm not in the registry, a day after today: nothing
	// is written.
	bad := write("bad.csv", head+code+",演示企业,17,abc,35,\n"+other+",演示企业,,1,,-5\n")
	out, err := run(t, "--data", dir, "facts", "load", bad)
	if err == nil || !strings.Contains(err.Error(), "2 problem(s) listed above; nothing was written") ||
		!strings.Contains(out, `bad.csv, row 2 (`+code+`), column D 有效Ⅱ类知识产权（件）, value "abc": not a whole number`) ||
		!strings.Contains(out, `bad.csv, row 3 (`+other+`), column F 研究开发费用（万元）, value "-5": negative`) {
		t.Errorf("bad values: %v\n%s", err, out)
	}
	stranger := write("stranger.csv", head+code+",演示企业,1,,,\n91500102MA6000001J,外区企业,1,,,\n")
	if _, err := run(t, "--data", dir, "facts", "load", stranger); err == nil || !strings.Contains(err.Error(), `row 3: 统一社会信用代码 "91500102MA6000001J" is not in the registry`) {
		t.Errorf("unknown firm: %v", err)
	}
	tomorrow := time.Now().AddDate(0, 0, 1).Format(time.DateOnly)
	if _, err := run(t, "--data", dir, "facts", "load", good, "--on", tomorrow); err == nil || !strings.Contains(err.Error(), "after today") {
		t.Errorf("--on tomorrow: %v", err)
	}
	if n, jobs := factsRows(t, dir); n != before || jobs["rejected"] != 2 || jobs["done"] != 0 {
		t.Fatalf("after rejected loads: %d facts (before %d), jobs %v", n, before, jobs)
	}

	out, err = run(t, "--data", dir, "facts", "load", good, "--on", "2026-05-10")
	if err != nil || !strings.Contains(out, "facts of 2 firm(s) stored as supplied on 2026-05-10") {
		t.Fatalf("load: %v\n%s", err, out)
	}
	if n, jobs := factsRows(t, dir); n != before+2 || jobs["done"] != 1 {
		t.Errorf("after load: %d facts (before %d), jobs %v", n, before, jobs)
	}

	// Screening shows the supplied IP counts.
	out, err = run(t, "--data", dir, "screen", "--firm", code, "--format", "json")
	if err != nil {
		t.Fatalf("screen: %v\n%.500s", err, out)
	}
	var results []struct {
		Qualification string `json:"qualification"`
		Conditions    []struct {
			Code  string `json:"code"`
			Value string `json:"value"`
		} `json:"conditions"`
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("%v\n%.500s", err, out)
	}
	found := false
	for _, r := range results {
		for _, c := range r.Conditions {
			if r.Qualification == "high_tech_enterprise" && c.Code == "C2" {
				found = true
				if c.Value != "Ⅰ类17项，Ⅱ类23项" {
					t.Errorf("C2 value %q, want the supplied counts", c.Value)
				}
			}
		}
	}
	if !found {
		t.Errorf("no high-tech C2 condition:\n%.1000s", out)
	}

	// The template: written, and read back with no firm rows.
	tmpl := filepath.Join(t.TempDir(), "模板.xlsx")
	out, err = run(t, "facts", "template", "--year", "2026", "-o", tmpl)
	if err != nil || !strings.Contains(out, "R&D figures of 2023–2025") {
		t.Fatalf("template: %v %s", err, out)
	}
	if _, err := run(t, "--data", dir, "facts", "load", tmpl); err == nil || !strings.Contains(err.Error(), "1 problem(s)") {
		t.Errorf("empty template: %v", err)
	}
	if _, err := run(t, "facts", "template"); err == nil || !strings.Contains(err.Error(), "-o FILE.xlsx is required") {
		t.Errorf("template without -o: %v", err)
	}
}
