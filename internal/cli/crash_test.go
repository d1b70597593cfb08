package cli

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
)

// TestMain lets the test binary act as kechuang for TestCrashSafety's child
// processes.
func TestMain(m *testing.M) {
	if os.Getenv("KECHUANG_CRASH_CHILD") == "1" {
		os.Exit(Main())
	}
	os.Exit(m.Run())
}

// child starts this test binary as `kechuang args…`.
func child(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "KECHUANG_CRASH_CHILD=1")
	return cmd
}

// TestCrashSafety kills kechuang with SIGKILL at random moments during
// report imports and facts loads, many times, and checks after each kill
// that the database opens, passes integrity_check and foreign_key_check,
// and holds all or none of the interrupted operation; finally that the
// interrupted jobs are marked as such on the next start.
// TestCrashSafetyScreen and TestCrashSafetyWeb do the same for screening
// runs and for writes made through the dashboard (SQLite only, as here).
func TestCrashSafety(t *testing.T) {
	dir := t.TempDir()
	if out, err := child(t, "--data", dir, "demo", "generate", "--firms", "8000", "--months", "2", "--year", "2020", "--seed", "3").CombinedOutput(); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	// The firms' credit codes, for report files of later periods.
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	rows, err := d.R.Query(`SELECT uscc FROM organisations WHERE uscc IS NOT NULL ORDER BY uscc`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var c string
		rows.Scan(&c)
		codes = append(codes, c)
	}
	rows.Close()
	d.Close()
	if len(codes) != 8000 {
		t.Fatalf("%d firms", len(codes))
	}
	var b strings.Builder
	b.WriteString("统一社会信用代码,研发投入（万元）,研发投入上年同期（万元）,营业收入（万元）,营业收入上年同期（万元）\n")
	for i, c := range codes {
		fmt.Fprintf(&b, "%s,%d.5,%d,%d,%d\n", c, 100+i%900, 90+i%800, 5000+i, 4800+i)
	}
	csv := filepath.Join(dir, "report.csv")
	if err := os.WriteFile(csv, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// How long an uninterrupted import takes, to spread the kills over it.
	start := time.Now()
	if out, err := child(t, "--data", dir, "import", csv, "--period", "2021-01..2021-02").CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	full := time.Since(start)
	perPeriod := countReports(t, dir, 2021, 2)
	if perPeriod != 2*len(codes) {
		t.Fatalf("a whole import wrote %d reports, want %d", perPeriod, 2*len(codes))
	}
	r := rand.New(rand.NewPCG(7, 7))
	killed, none, all := 0, 0, 0
	for month := 3; month <= 12; month++ {
		cmd := child(t, "--data", dir, "import", csv, "--period", fmt.Sprintf("2021-01..2021-%02d", month))
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Kill once the job has started (its row is there), at a random
		// moment of the read-and-write that follows.
		waitForJob(t, dir, month, 10*time.Second)
		if month%2 == 1 {
			// Every other kill lands inside the write transaction: once the
			// write-ahead log grows, within the next 40 ms.
			waitForWrite(dir, walSize(dir), 10*time.Second)
			time.Sleep(time.Duration(r.Int64N(int64(40 * time.Millisecond))))
		} else {
			time.Sleep(time.Duration(r.Int64N(int64(full * 8 / 10))))
		}
		if cmd.Process.Signal(syscall.SIGKILL) == nil {
			killed++
		}
		cmd.Wait()
		if err := db.CheckSQLiteFile(context.Background(), filepath.Join(dir, "kechuang.db")); err != nil {
			t.Fatalf("after a kill during the 1—%d月 import: %v", month, err)
		}
		switch n := countReports(t, dir, 2021, month); n {
		case 0:
			none++
		case perPeriod:
			all++
		default:
			t.Fatalf("1—%d月: %d reports after the kill, want 0 or %d", month, n, perPeriod)
		}
		// Supplied facts: one file, all or nothing.
		facts := filepath.Join(dir, fmt.Sprintf("facts-%d.csv", month))
		var fb strings.Builder
		fb.WriteString("统一社会信用代码,有效Ⅰ类知识产权（件）\n")
		for _, c := range codes[:3000] {
			fb.WriteString(c + ",2\n")
		}
		os.WriteFile(facts, []byte(fb.String()), 0o644)
		fc := child(t, "--data", dir, "facts", "load", facts)
		fc.Start()
		time.Sleep(time.Duration(r.Int64N(int64(300 * time.Millisecond))))
		fc.Process.Signal(syscall.SIGKILL)
		fc.Wait()
		if n := countRows(t, dir, `SELECT COUNT(*) FROM firm_facts f JOIN imports i ON i.id = f.import_id WHERE i.file_name = ?`, filepath.Base(facts)); n != 0 && n != 3000 {
			t.Fatalf("facts load %d: %d rows after the kill, want 0 or 3000", month, n)
		}
	}
	if killed < 5 || none == 0 {
		t.Errorf("%d imports killed, %d of them before their commit: the kills did not interrupt writes", killed, none)
	}
	// The next start marks the killed jobs as interrupted; nothing stays
	// "running". Jobs killed after they started (while reading or writing)
	// must be among the kills, or the test proved nothing.
	if out, err := child(t, "--data", dir, "targets").CombinedOutput(); err != nil {
		t.Fatalf("restart: %v\n%s", err, out)
	}
	if n := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE status = 'running'`); n != 0 {
		t.Errorf("%d imports still running after a restart", n)
	}
	// A job says what its data says: failed-interrupted exactly for the
	// imports that left nothing, done for the others (some recovered: killed
	// between their commit and recording the result).
	interrupted := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE file_name = 'report.csv' AND status = 'failed' AND message LIKE 'interrupted%'`)
	done := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE file_name = 'report.csv' AND status = 'done'`)
	recovered := countRows(t, dir, `SELECT COUNT(*) FROM imports WHERE file_name = 'report.csv' AND message LIKE 'recovered%'`)
	if interrupted != none || done != all+1 {
		t.Errorf("jobs: %d interrupted, %d done; data: %d imports left nothing, %d complete (+1 before the kills)", interrupted, done, none, all)
	}
	if none < 2 {
		t.Errorf("only %d kills interrupted an import before its commit", none)
	}
	facts := countRows(t, dir, `SELECT COUNT(*) FROM imports i WHERE i.kind = 'facts' AND i.status = 'done' AND NOT EXISTS (SELECT 1 FROM firm_facts f WHERE f.import_id = i.id)`)
	if facts != 0 {
		t.Errorf("%d facts loads are done without their facts", facts)
	}
	t.Logf("full import %s; %d kills: %d imports left nothing, %d had committed (%d of them recovered: killed between commit and recording)", full.Round(time.Millisecond), killed, none, all, recovered)
}

func countReports(t *testing.T, dir string, year, month int) int {
	return countRows(t, dir, `SELECT COUNT(*) FROM reports WHERE year = ? AND month = ? AND is_current`, year, month)
}

func countRows(t *testing.T, dir, q string, args ...any) int {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitForJob waits until the import of month's file has a job row (the
// process got past start-up), or fails after limit.
func waitForJob(t *testing.T, dir string, month int, limit time.Duration) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		// One job per import of report.csv: 1—2月 whole, then 1—3月 … .
		n := 0
		d.R.QueryRow(`SELECT COUNT(*) FROM imports WHERE file_name = 'report.csv'`).Scan(&n)
		if n >= month-1 {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("the 1—%d月 import did not start within %s", month, limit)
}

func walSize(dir string) int64 {
	st, err := os.Stat(filepath.Join(dir, "kechuang.db-wal"))
	if err != nil {
		return 0
	}
	return st.Size()
}

// waitForWrite waits until the write-ahead log is larger than from (a
// writer is committing pages), or limit passes.
func waitForWrite(dir string, from int64, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) && walSize(dir) <= from {
		time.Sleep(time.Millisecond)
	}
}
