// Package store holds all of kechuang's SQL, one file per aggregate. The same
// statements run on SQLite and PostgreSQL ('?' placeholders are rebound).
// Values are stored as exact decimal strings in base units.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/ncruces/go-sqlite3"
	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/db"
)

// Store is the database access layer.
type Store struct {
	db *db.DB
}

// New wraps an open database.
func New(d *db.DB) *Store { return &Store{db: d} }

// DB returns the underlying database.
func (s *Store) DB() *db.DB { return s.db }

// tx runs fn in one write transaction: committed when fn returns nil, rolled
// back otherwise, so nothing is half-written.
func (s *Store) tx(ctx context.Context, fn func(*txn) error) error {
	// On PostgreSQL the transaction runs on a dedicated connection so bulk
	// loads can use COPY on it (txn.copyFrom).
	var conn *sql.Conn
	beginner := interface {
		BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
	}(s.db.W)
	if s.db.Dialect == db.Postgres {
		c, err := s.db.W.Conn(ctx)
		if err != nil {
			return fmt.Errorf("begin transaction: %w", err)
		}
		defer c.Close()
		conn, beginner = c, c
	}
	t, err := beginner.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	tx := &txn{Tx: t, db: s.db, conn: conn}
	defer tx.closeStmts()
	if err := fn(tx); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// txn is a write transaction with placeholder rebinding and a cache of
// prepared statements (a registry import runs the same few statements for
// every firm).
type txn struct {
	*sql.Tx
	db    *db.DB
	stmts map[string]*sql.Stmt
	conn  *sql.Conn // PostgreSQL: the connection the transaction runs on
}

// copyFrom bulk-loads rows into table with PostgreSQL's COPY, inside the
// transaction (pgx CopyFrom on the transaction's connection). It returns
// false when the engine has no COPY (SQLite); the caller then inserts.
func (t *txn) copyFrom(ctx context.Context, table string, columns []string, rows [][]any) (bool, error) {
	if t.conn == nil {
		return false, nil
	}
	err := t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: connection is %T, not pgx", table, dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, pgx.CopyFromRows(rows))
		return err
	})
	return true, err
}

// stmt returns the prepared form of q, preparing it on first use.
func (t *txn) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := t.stmts[q]; ok {
		return st, nil
	}
	st, err := t.PrepareContext(ctx, t.db.Rebind(q))
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[q] = st
	return st, nil
}

func (t *txn) closeStmts() {
	for _, st := range t.stmts {
		st.Close()
	}
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

// insertID runs an INSERT … RETURNING id.
func (t *txn) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	st, err := t.stmt(ctx, q)
	if err != nil {
		return 0, err
	}
	err = st.QueryRowContext(ctx, args...).Scan(&id)
	return id, err
}

// queryRow runs a one-row query with a prepared statement; errors surface
// from Scan as usual.
func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := t.stmt(ctx, q)
	if err != nil {
		return t.QueryRowContext(ctx, t.db.Rebind(q), args...) // reports the same error on Scan
	}
	return st.QueryRowContext(ctx, args...)
}

func (s *Store) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.db.R.QueryContext(ctx, s.db.Rebind(q), args...)
}

func (s *Store) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.db.R.QueryRowContext(ctx, s.db.Rebind(q), args...)
}

// isUniqueViolation reports whether err is a unique-constraint violation on
// either engine.
func isUniqueViolation(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code == "23505"
	}
	return errors.Is(err, sqlite3.CONSTRAINT_UNIQUE)
}

// nullString maps "" to NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID maps 0 to NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func nullDecimal(d *decimal.Decimal) any {
	if d == nil {
		return nil
	}
	return d.String()
}

func parseDecimal(s string, what string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return d, fmt.Errorf("stored %s %q is not a decimal: %w", what, s, err)
	}
	return d, nil
}

func parseNullDecimal(s sql.NullString, what string) (*decimal.Decimal, error) {
	if !s.Valid {
		return nil, nil
	}
	d, err := parseDecimal(s.String, what)
	return &d, err
}
