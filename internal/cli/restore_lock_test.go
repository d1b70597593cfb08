package cli

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/kechuang/kechuang/internal/db"
)

// TestRestoreRefusedWhileServing: `kechuang serve` holds the lock file
// kechuang.lock in its data directory, so `restore` on that directory
// refuses — naming the server's pid — and leaves the database as it was
// (before, it swapped the file under the running server, whose later
// writes went to the renamed old file and were lost); a second serve on
// the directory refuses too; `backup` (online) and other commands still
// work. Once serve has stopped, restore works.
func TestRestoreRefusedWhileServing(t *testing.T) {
	dir := t.TempDir()
	bak := filepath.Join(t.TempDir(), "before.db")
	srv := startServe(t, dir)
	stopped := false
	defer func() {
		if !stopped {
			srv.kill(t)
		}
	}()
	pid := strconv.Itoa(srv.cmd.Process.Pid)
	if out, err := run(t, "--data", dir, "backup", bak); err != nil {
		t.Fatalf("backup while serving: %v %s", err, out)
	}
	// A change after the backup, made while serve runs.
	if out, err := run(t, "--data", dir, "user", "add", "zed", "--role", "analyst"); err != nil {
		t.Fatalf("user add: %v %s", err, out)
	}
	if n := users(t, dir, "zed"); n != 1 {
		t.Fatalf("zed: %d", n)
	}

	_, err := run(t, "--data", dir, "restore", bak)
	if err == nil {
		t.Fatal("restore while serve runs succeeded")
	}
	for _, want := range []string{"kechuang serve is running on " + dir, "(pid " + pid + ")", "stop it before restoring"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("restore's error lacks %q: %v", want, err)
		}
	}
	// The database is untouched: no kept copy, no half-copied file, the
	// change still there, and the server still answers with it.
	if kept, _ := filepath.Glob(filepath.Join(dir, "kechuang.db.*")); len(kept) != 0 {
		t.Errorf("refused restore left %v", kept)
	}
	if n := users(t, dir, "zed"); n != 1 {
		t.Errorf("zed after the refused restore: %d", n)
	}
	// A second server on the same directory refuses, before opening it.
	_, err = run(t, "--data", dir, "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "kechuang serve is running on "+dir+" (pid "+pid+")") {
		t.Errorf("second serve: %v", err)
	}

	// Stop serve (SIGTERM, as an operator would); restore now works.
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve on SIGTERM: %v\n%s", err, srv.out.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not stop on SIGTERM\n%s", srv.out.String())
	}
	stopped = true
	out, err := run(t, "--data", dir, "restore", bak)
	if err != nil {
		t.Fatalf("restore after serve stopped: %v", err)
	}
	if !strings.Contains(out, "restored "+bak) || !strings.Contains(out, "kept as") {
		t.Errorf("restore: %s", out)
	}
	if n := users(t, dir, "zed"); n != 0 {
		t.Errorf("zed after the restore: %d (the backup has none)", n)
	}
	// The lock is free again: serve starts on the restored database.
	srv = startServe(t, dir)
	stopped = false
}

// A server killed outright (SIGKILL) leaves its lock file behind but not
// the lock: the kernel drops it with the process, and restore works.
func TestRestoreAfterServeKilled(t *testing.T) {
	dir := t.TempDir()
	bak := filepath.Join(t.TempDir(), "before.db")
	srv := startServe(t, dir)
	if out, err := run(t, "--data", dir, "backup", bak); err != nil {
		t.Fatalf("backup: %v %s", err, out)
	}
	srv.kill(t)
	if _, err := os.Stat(filepath.Join(dir, lockName)); err != nil {
		t.Fatalf("lock file: %v", err)
	}
	if out, err := run(t, "--data", dir, "restore", bak); err != nil {
		t.Fatalf("restore after serve was killed: %v %s", err, out)
	}
}

// users counts the accounts called login in dir's database.
func users(t *testing.T, dir, login string) int {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(dir, "kechuang.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R.QueryRow(`SELECT COUNT(*) FROM users WHERE login = ?`, login).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
