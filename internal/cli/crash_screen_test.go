package cli

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
)

// TestCrashSafetyScreen kills `kechuang screen` with SIGKILL at random
// moments of a run (SQLite only), many times, and checks after each kill
// that the database opens, passes integrity_check and foreign_key_check, and
// is unchanged: a screening reads the registry, the reports and the facts
// and writes nothing (opening the database re-upserts the report catalogue
// and settles interrupted jobs, neither of which changes a settled
// database), so every table's digest (db.TableDigests) is the same after
// the kill as before.
func TestCrashSafetyScreen(t *testing.T) {
	dir := t.TempDir()
	if out, err := child(t, "--data", dir, "demo", "generate", "--firms", "600", "--months", "12", "--year", "2024", "--seed", "5").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	codes := firmCodes(t, dir)
	// Supplied facts, so the screening reads them too.
	var fb strings.Builder
	fb.WriteString("统一社会信用代码,有效Ⅰ类知识产权（件）\n")
	for _, c := range codes[:200] {
		fb.WriteString(c + ",2\n")
	}
	facts := filepath.Join(dir, "facts.csv")
	writeFile(t, facts, fb.String())
	if out, err := child(t, "--data", dir, "facts", "load", facts).CombinedOutput(); err != nil {
		t.Fatalf("facts: %v\n%s", err, out)
	}
	path := filepath.Join(dir, "kechuang.db")
	before := digests(t, path)
	args := []string{"--data", dir, "screen", "--day", "2025-06-30", "--format", "json"}
	// How long a whole screening takes, to spread the kills over it; and
	// that it writes nothing when not killed.
	start := time.Now()
	out, err := child(t, args...).Output()
	if err != nil {
		t.Fatalf("screen: %v", err)
	}
	full := time.Since(start)
	if !strings.Contains(string(out), `"qualification": "high_tech_enterprise"`) {
		t.Fatalf("screen printed no screening:\n%.500s", out)
	}
	if d := diffDigests(before, digests(t, path)); d != "" {
		t.Fatalf("a whole screening changed the database: %s", d)
	}
	r := rand.New(rand.NewPCG(11, 11))
	kills := 0
	for i := range 12 {
		cmd := child(t, args...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Spread over the run, start-up (opening, migrating) included.
		time.Sleep(time.Duration(r.Int64N(int64(full))))
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			kills++
		}
		cmd.Wait()
		if err := db.CheckSQLiteFile(context.Background(), path); err != nil {
			t.Fatalf("kill %d: %v", i+1, err)
		}
		if d := diffDigests(before, digests(t, path)); d != "" {
			t.Fatalf("kill %d: the screening changed the database: %s", i+1, d)
		}
	}
	if kills < 10 {
		t.Errorf("only %d of 12 screenings were still running when killed", kills)
	}
	t.Logf("whole screening of %d firms %s; %d kills, database unchanged after each", len(codes), full.Round(time.Millisecond), kills)
}

// firmCodes lists the credit codes of the registry's firms.
func firmCodes(t *testing.T, dir string) []string {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	rows, err := d.R.Query(`SELECT uscc FROM organisations WHERE uscc IS NOT NULL AND uscc LIKE '91%' ORDER BY uscc`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var codes []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	return codes
}

// digests are the table digests of the SQLite file at path.
func digests(t *testing.T, path string) map[string]string {
	t.Helper()
	d, err := db.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	m, err := d.TableDigests(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// diffDigests names the tables whose digests differ ("" when none).
func diffDigests(a, b map[string]string) string {
	var diff []string
	for _, k := range slices.Sorted(maps.Keys(a)) {
		if a[k] != b[k] {
			diff = append(diff, fmt.Sprintf("%s (%s → %s)", k, a[k], b[k]))
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			diff = append(diff, k+" (new)")
		}
	}
	return strings.Join(diff, ", ")
}

func writeFile(t *testing.T, path, body string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}
