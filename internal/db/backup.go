package db

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Backup writes a consistent copy of the database to path while others go on
// reading and writing.
//
// SQLite: VACUUM INTO, a transactionally consistent, compacted copy; path must
// not exist. The copy is then opened read-only and must pass
// PRAGMA integrity_check. PostgreSQL: pg_dump --format=custom (pg_dump from
// PATH or /usr/lib/postgresql/*/bin), restorable with Restore or pg_restore.
func (d *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup: %s exists; give a new file name", path)
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return err
		}
	}
	if d.Dialect == Postgres {
		var schema string
		if err := d.R.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
			return err
		}
		uri, _ := libpqURI(d.dsn)
		return d.pgTool(ctx, "pg_dump", "--format=custom", "--no-owner", "--schema", schema, "--file", path, "--dbname", uri)
	}
	if _, err := d.W.ExecContext(ctx, "VACUUM INTO ?", path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup of %s: %w", d.Where, err)
	}
	if err := CheckSQLiteFile(ctx, path); err != nil {
		os.Remove(path)
		return fmt.Errorf("backup of %s: the copy failed its check: %w", d.Where, err)
	}
	return nil
}

// Check verifies the open database: PRAGMA integrity_check and
// foreign_key_check for SQLite (nil when both are clean); a trivial query
// for PostgreSQL, whose own checks run server-side.
func (d *DB) Check(ctx context.Context) error {
	if d.Dialect == Postgres {
		return d.R.QueryRowContext(ctx, "SELECT 1").Scan(new(int))
	}
	return checkSQLite(ctx, d.R)
}

func checkSQLite(ctx context.Context, c *sql.DB) error {
	rows, err := c.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			rows.Close()
			return err
		}
		msgs = append(msgs, m)
	}
	rows.Close()
	if len(msgs) != 1 || msgs[0] != "ok" {
		return fmt.Errorf("integrity_check: %s", strings.Join(msgs, "; "))
	}
	rows, err = c.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign_key_check: rows refer to missing rows")
	}
	return rows.Err()
}

// CheckSQLiteFile opens an SQLite file read-only, without migrating it, and
// runs the checks of [DB.Check].
func CheckSQLiteFile(ctx context.Context, path string) error {
	c, err := sql.Open("sqlite3", "file:"+uriPath.Replace(filepath.ToSlash(path))+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	return checkSQLite(ctx, c)
}

// sqliteSchemaVersion reads the goose version of an SQLite file opened
// read-only (0 when it has none).
func sqliteSchemaVersion(ctx context.Context, path string) (int64, error) {
	c, err := sql.Open("sqlite3", "file:"+uriPath.Replace(filepath.ToSlash(path))+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer c.Close()
	var v sql.NullInt64
	err = c.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("%s is not a kechuang database: %w", path, err)
	}
	return v.Int64, nil
}

// NewestSchema is the newest schema version this binary embeds.
func NewestSchema() (int64, error) {
	ents, err := fs.ReadDir(migrations, "migrations/sqlite")
	if err != nil {
		return 0, err
	}
	var n int64
	for _, e := range ents {
		var v int64
		if _, err := fmt.Sscanf(e.Name(), "%05d_", &v); err == nil && v > n {
			n = v
		}
	}
	return n, nil
}

// RestoreSQLite replaces the SQLite database at dbPath with the backup at
// from. The backup is checked first (integrity, and a schema this binary
// knows); the current file, if any, is kept beside it as
// dbPath.before-restore-YYYYMMDD-HHMMSS, and the WAL files are removed. The
// server must be stopped: a running process would keep writing to the old
// file. It returns the path of the kept file ("" when there was none).
func RestoreSQLite(ctx context.Context, from, dbPath string) (string, error) {
	if err := CheckSQLiteFile(ctx, from); err != nil {
		return "", fmt.Errorf("restore: %s: %w", from, err)
	}
	v, err := sqliteSchemaVersion(ctx, from)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	newest, err := NewestSchema()
	if err != nil {
		return "", err
	}
	if v > newest {
		return "", fmt.Errorf("restore: %w: %s has schema version %d, this kechuang knows versions up to %d", ErrNewerSchema, from, v, newest)
	}
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return "", err
	}
	tmp := dbPath + ".restoring"
	if err := copyFile(from, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("restore: %w", err)
	}
	kept := ""
	if _, err := os.Stat(dbPath); err == nil {
		kept = dbPath + ".before-restore-" + time.Now().Format("20060102-150405")
		if err := os.Rename(dbPath, kept); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("restore: keep the current database: %w", err)
		}
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + suffix); err == nil {
			if kept != "" {
				os.Rename(dbPath+suffix, kept+suffix)
			} else {
				os.Remove(dbPath + suffix)
			}
		}
	}
	if err := os.Rename(tmp, dbPath); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// RestorePostgres loads a pg_dump --format=custom backup into the database
// of dsn with pg_restore --clean --if-exists --no-owner (the tables of the
// dump replace the current ones) in one transaction.
func RestorePostgres(ctx context.Context, from, dsn string) error {
	d := &DB{dsn: dsn}
	uri, _ := libpqURI(dsn)
	return d.pgTool(ctx, "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error", "--dbname", uri, from)
}

// libpqURI turns a pgx URL into one the PostgreSQL client programs accept:
// pgx's search_path parameter is removed (and returned).
func libpqURI(dsn string) (string, string) {
	u, err := url.Parse(dsn)
	if err != nil {
		return dsn, ""
	}
	q := u.Query()
	sp := q.Get("search_path")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), sp
}

// pgTool runs a PostgreSQL client program.
func (d *DB) pgTool(ctx context.Context, name string, args ...string) error {
	exe, err := exec.LookPath(name)
	if err != nil {
		matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/" + name)
		slices.Sort(matches)
		if len(matches) == 0 {
			return fmt.Errorf("%s is not installed (Debian: apt install postgresql-client): %w", name, err)
		}
		exe = matches[len(matches)-1]
	}
	out, err := exec.CommandContext(ctx, exe, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, strings.TrimSpace(string(out)))
	}
	return nil
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// TableDigests returns, for every table of the database (goose's own
// excepted), its row count and a SHA-256 over its rows in first-column
// order — for comparing a database with its restored backup.
func (d *DB) TableDigests(ctx context.Context) (map[string]string, error) {
	tables, err := d.tables(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, t := range tables {
		if out[t], err = digest(ctx, d.R, "SELECT * FROM "+t+" ORDER BY 1"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *DB) tables(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1`
	if d.Dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1`
	}
	rows, err := d.R.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if t != "goose_db_version" {
			tables = append(tables, t)
		}
	}
	return tables, rows.Err()
}

// ColumnDigests returns, for every table of the database, the digest (as
// TableDigests) of the given columns only: cols maps a table to the columns
// to read, so a database can be compared with an older copy whose tables
// had fewer columns.
func (d *DB) ColumnDigests(ctx context.Context, cols map[string][]string) (map[string]string, error) {
	out := map[string]string{}
	for t, cs := range cols {
		var err error
		if out[t], err = digest(ctx, d.R, "SELECT "+strings.Join(cs, ", ")+" FROM "+t+" ORDER BY 1"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SQLiteColumns lists the tables of an SQLite file (opened read-only, not
// migrated) and their columns, with the digests of their rows.
func SQLiteColumns(ctx context.Context, path string) (map[string][]string, map[string]string, error) {
	c, err := sql.Open("sqlite3", "file:"+uriPath.Replace(filepath.ToSlash(path))+"?mode=ro")
	if err != nil {
		return nil, nil, err
	}
	defer c.Close()
	d := &DB{Dialect: SQLite, R: c, W: c}
	tables, err := d.tables(ctx)
	if err != nil {
		return nil, nil, err
	}
	cols := map[string][]string{}
	for _, t := range tables {
		rows, err := c.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", t)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			cols[t] = append(cols[t], n)
		}
		rows.Close()
	}
	digests, err := d.ColumnDigests(ctx, cols)
	return cols, digests, err
}

func digest(ctx context.Context, c *sql.DB, q string) (string, error) {
	rows, err := c.QueryContext(ctx, q)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	h := sha256.New()
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return "", err
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			fmt.Fprintf(h, "%v\x1f", v)
		}
		h.Write([]byte{'\n'})
		n++
	}
	return fmt.Sprintf("%d rows %s", n, hex.EncodeToString(h.Sum(nil))[:16]), rows.Err()
}
