package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/kechuang/kechuang/internal/db"
)

// Import is an import job: one file read, with its status and counters.
type Import struct {
	ID           int64
	Kind         string // registry | report
	FileName     string
	SHA256       string
	Status       string // running | done | rejected (row errors, nothing written) | failed
	StartedAt    time.Time
	FinishedAt   *time.Time
	RowsRead     int
	RowsWritten  int
	RowsRejected int
	Message      string
}

// RowError is one rejected row of an import: where, the value and why.
type RowError struct {
	Sheet  string
	Row    int
	Column string
	Value  string
	Reason string
}

func (e RowError) String() string {
	where := fmt.Sprintf("row %d", e.Row)
	if e.Sheet != "" {
		where = fmt.Sprintf("sheet %s, %s", e.Sheet, where)
	}
	if e.Column != "" {
		where += ", column " + e.Column
	}
	if e.Value != "" {
		where += fmt.Sprintf(", value %q", e.Value)
	}
	return where + ": " + e.Reason
}

const timeLayout = time.RFC3339

// StartImport records a running import job in its own transaction, so the
// job stays visible even when the import itself is rolled back.
func (s *Store) StartImport(ctx context.Context, systemID int64, kind, file, sha string, now time.Time) (int64, error) {
	var id int64
	err := s.tx(ctx, func(t *txn) error {
		var err error
		id, err = t.insertID(ctx, `INSERT INTO imports (system_id, kind, file_name, sha256, status, started_at)
			VALUES (?, ?, ?, ?, 'running', ?) RETURNING id`, systemID, kind, file, sha, now.UTC().Format(timeLayout))
		return err
	})
	return id, err
}

// MarkInterruptedImports closes the jobs left 'running' by a process that
// stopped mid-import. A job whose data transaction had committed (rows of
// any table carry its import_id) is closed as done — the process stopped
// between writing and recording the result — with the rows it wrote; the
// others (their transaction was rolled back) as failed, interrupted.
func (s *Store) MarkInterruptedImports(ctx context.Context, now time.Time) (int, error) {
	tables, err := s.importTables(ctx)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.tx(ctx, func(t *txn) error {
		ids, err := t.codeIDs(ctx, `SELECT CAST(id AS TEXT), id FROM imports WHERE status = 'running'`)
		if err != nil {
			return err
		}
		for _, id := range ids {
			written := 0
			for _, tb := range tables {
				var c int
				if err := t.queryRow(ctx, `SELECT COUNT(*) FROM `+tb+` WHERE import_id = ?`, id).Scan(&c); err != nil {
					return err
				}
				written += c
			}
			at := now.UTC().Format(timeLayout)
			if written > 0 {
				_, err = t.exec(ctx, `UPDATE imports SET status = 'done', finished_at = ?, rows_written = ?,
					message = 'recovered: the data was written; kechuang stopped before recording the result' WHERE id = ?`, at, written, id)
			} else {
				_, err = t.exec(ctx, `UPDATE imports SET status = 'failed', finished_at = ?, rows_written = 0,
					message = 'interrupted (kechuang stopped during the import); nothing was written' WHERE id = ?`, at, id)
			}
			if err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, err
}

// importTables lists the tables with an import_id column (the rows an
// import wrote), import_errors excepted.
func (s *Store) importTables(ctx context.Context) ([]string, error) {
	q := `SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p ON p.name = 'import_id'
		WHERE m.type = 'table' AND m.name <> 'import_errors' ORDER BY 1`
	if s.db.Dialect == db.Postgres {
		q = `SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()
			AND column_name = 'import_id' AND table_name <> 'import_errors' ORDER BY 1`
	}
	rows, err := s.query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// FinishImport records the outcome of an import job (its kind now known) and
// its rejected rows.
func (s *Store) FinishImport(ctx context.Context, id int64, status string, read, written int, errs []RowError, message string, now time.Time) error {
	return s.finishImport(ctx, id, "", status, read, written, errs, message, now)
}

// FinishImportKind is FinishImport that also sets the kind detected.
func (s *Store) FinishImportKind(ctx context.Context, id int64, kind, status string, read, written int, errs []RowError, message string, now time.Time) error {
	return s.finishImport(ctx, id, kind, status, read, written, errs, message, now)
}

func (s *Store) finishImport(ctx context.Context, id int64, kind, status string, read, written int, errs []RowError, message string, now time.Time) error {
	return s.tx(ctx, func(t *txn) error {
		if _, err := t.exec(ctx, `UPDATE imports SET kind = CASE WHEN ? = '' THEN kind ELSE ? END, status = ?, finished_at = ?, rows_read = ?,
			rows_written = ?, rows_rejected = ?, message = ? WHERE id = ?`,
			kind, kind, status, now.UTC().Format(timeLayout), read, written, rejectedRows(errs), message, id); err != nil {
			return err
		}
		for _, e := range errs {
			if _, err := t.exec(ctx, `INSERT INTO import_errors (system_id, import_id, sheet, row_no, col, value, reason)
				VALUES ((SELECT system_id FROM imports WHERE id = ?), ?, ?, ?, ?, ?, ?)`,
				id, id, e.Sheet, e.Row, e.Column, e.Value, e.Reason); err != nil {
				return err
			}
		}
		return nil
	})
}

// rejectedRows counts the distinct rows with an error.
func rejectedRows(errs []RowError) int {
	seen := map[string]bool{}
	for _, e := range errs {
		seen[fmt.Sprintf("%s\x00%d", e.Sheet, e.Row)] = true
	}
	return len(seen)
}

// Imports lists a system's import jobs, newest first.
func (s *Store) Imports(ctx context.Context, systemID int64) ([]Import, error) {
	rows, err := s.query(ctx, `SELECT id, kind, file_name, sha256, status, started_at, finished_at, rows_read, rows_written, rows_rejected, message
		FROM imports WHERE system_id = ? ORDER BY id DESC`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Import
	for rows.Next() {
		var x Import
		var started string
		var finished sql.NullString
		if err := rows.Scan(&x.ID, &x.Kind, &x.FileName, &x.SHA256, &x.Status, &started, &finished, &x.RowsRead, &x.RowsWritten, &x.RowsRejected, &x.Message); err != nil {
			return nil, err
		}
		x.StartedAt, _ = time.Parse(timeLayout, started)
		if finished.Valid {
			f, _ := time.Parse(timeLayout, finished.String)
			x.FinishedAt = &f
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// ImportErrors returns the rejected rows of an import, in file order.
func (s *Store) ImportErrors(ctx context.Context, importID int64) ([]RowError, error) {
	rows, err := s.query(ctx, `SELECT sheet, row_no, col, value, reason FROM import_errors WHERE import_id = ? ORDER BY sheet, row_no, id`, importID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RowError
	for rows.Next() {
		var e RowError
		if err := rows.Scan(&e.Sheet, &e.Row, &e.Column, &e.Value, &e.Reason); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// HasDemoData reports whether synthetic demo data (kechuang demo generate)
// was written into the system.
func (s *Store) HasDemoData(ctx context.Context, systemID int64) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM imports WHERE system_id = ? AND kind = 'demo' AND status = 'done'`, systemID).Scan(&n)
	return n > 0, err
}

// Expiring is a firm whose recognition runs out within a window.
type Expiring struct {
	USCC, Name    string
	Recognition   string
	Granted       string // YYYY-MM-DD
	ValidUntil    string // YYYY-MM-DD, the last valid day
	CertificateNo string
	Nodes         []string // node names of its current memberships
}

// ExpiringRecognitions lists the firms whose recognition (e.g.
// model.HighTechEnterprise) is valid on from and expires on or before to
// (YYYY-MM-DD), soonest first — the firms to remind to re-apply — with the
// nodes they belong to on from.
func (s *Store) ExpiringRecognitions(ctx context.Context, systemID int64, recognition, from, to string) ([]Expiring, error) {
	rows, err := s.query(ctx, `SELECT o.id, COALESCE(o.uscc, o.code), o.name, r.name, r.granted, r.valid_until, r.certificate_no
		FROM recognitions r JOIN organisations o ON o.id = r.org_id
		WHERE o.system_id = ? AND r.name = ? AND r.granted <> '' AND r.granted <= ? AND r.valid_until >= ? AND r.valid_until <= ?
		ORDER BY r.valid_until, o.name`, systemID, recognition, from, from, to)
	if err != nil {
		return nil, err
	}
	var out []Expiring
	var ids []int64
	for rows.Next() {
		var e Expiring
		var id int64
		if err := rows.Scan(&id, &e.USCC, &e.Name, &e.Recognition, &e.Granted, &e.ValidUntil, &e.CertificateNo); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, e)
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range ids {
		nr, err := s.query(ctx, `SELECT n.name FROM memberships m JOIN nodes n ON n.id = m.node_id
			WHERE m.org_id = ? AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?) ORDER BY n.sort`, id, from, from)
		if err != nil {
			return nil, err
		}
		for nr.Next() {
			var name string
			if err := nr.Scan(&name); err != nil {
				nr.Close()
				return nil, err
			}
			out[i].Nodes = append(out[i].Nodes, name)
		}
		nr.Close()
	}
	return out, nil
}
