package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
)

// opsCommands are the operator's commands: backup and restore.
func opsCommands(f *rootFlags) []*cobra.Command { return []*cobra.Command{newBackup(f), newRestore(f)} }

// lockName is the lock file in the data directory (next to kechuang.db):
// `serve` holds an exclusive flock on it for its lifetime, `restore` for
// the restore, so that a restore never swaps the database file under a
// running server (which would go on writing to the old, renamed file) and
// two servers never share a data directory. The file holds the holder's
// "PID COMMAND"; the lock, not the file's presence, is what counts — the
// kernel drops it when the process ends, also when it is killed.
const lockName = "kechuang.lock"

// lockedError is returned by lockDataDir when another process holds the
// lock: "kechuang serve is running on DIR (pid N)".
type lockedError struct {
	dir, pid, command string
}

func (e *lockedError) Error() string {
	return fmt.Sprintf("kechuang %s is running on %s (pid %s)", e.command, e.dir, e.pid)
}

// dataDirLock is a held lock on a data directory.
type dataDirLock struct {
	f *os.File
}

// lockDataDir takes the exclusive lock on dir's lock file without waiting
// and records this process in it (the data directory is created if
// missing). When another process holds the lock, the error is a
// *lockedError naming that process (as recorded in the file).
func lockDataDir(dir, command string) (*dataDirLock, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, lockName)
	// Not O_TRUNC: the holder's PID must survive a refused attempt.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			pid, holder := lockHolder(path)
			return nil, &lockedError{dir: dir, pid: pid, command: holder}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+" "+command+"\n"), 0)
	}
	return &dataDirLock{f: f}, nil
}

// lockHolder reads the PID and command recorded in a lock file ("?" when
// unknown).
func lockHolder(path string) (pid, command string) {
	pid, command = "?", "serve"
	b, err := os.ReadFile(path)
	if err != nil {
		return pid, command
	}
	fields := strings.Fields(string(b))
	if len(fields) > 0 {
		pid = fields[0]
	}
	if len(fields) > 1 {
		command = fields[1]
	}
	return pid, command
}

// Close releases the lock. The file stays: removing it would let a process
// that opened it just before lock a file no one else sees.
func (l *dataDirLock) Close() error {
	if l == nil {
		return nil
	}
	return l.f.Close()
}
