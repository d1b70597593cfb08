// Package store holds all of kechuang's SQL, one file per aggregate. The same
// statements run on SQLite and PostgreSQL ('?' placeholders are rebound).
// Values are stored as exact decimal strings in base units.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
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
	t, err := s.db.W.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	if err := fn(&txn{Tx: t, db: s.db}); err != nil {
		t.Rollback()
		return err
	}
	if err := t.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// txn is a write transaction with placeholder rebinding.
type txn struct {
	*sql.Tx
	db *db.DB
}

func (t *txn) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.ExecContext(ctx, t.db.Rebind(q), args...)
}

// insertID runs an INSERT … RETURNING id.
func (t *txn) insertID(ctx context.Context, q string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, t.db.Rebind(q), args...).Scan(&id)
	return id, err
}

func (t *txn) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return t.QueryRowContext(ctx, t.db.Rebind(q), args...)
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
