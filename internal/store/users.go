package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/auth"
)

// User is an account as stored (without its password hash).
type User struct {
	ID         int64
	Login      string
	Name       string
	Role       auth.Role
	Node       string // node code (officers)
	OrgUSCC    string // organisation credit code or code (reporters, institution users)
	OrgName    string
	MustChange bool
	Disabled   bool
	CreatedAt  string
}

// ErrLoginTaken is returned by CreateUser for a login already in use.
var ErrLoginTaken = errors.New("login already in use")

// CreateUser adds an account with the password's argon2id hash; node is the
// officer's node code, org the organisation's credit code or code for
// reporters and institution users. The change is audited as actor.
func (s *Store) CreateUser(ctx context.Context, u User, passwordHash, actor string, now time.Time) (int64, error) {
	var id int64
	err := s.tx(ctx, func(t *txn) error {
		var nodeID, orgID any
		if u.Node != "" {
			var n int64
			if err := t.queryRow(ctx, `SELECT id FROM nodes WHERE code = ?`, u.Node).Scan(&n); err != nil {
				return fmt.Errorf("node %q: %w", u.Node, notFound(err))
			}
			nodeID = n
		}
		if u.OrgUSCC != "" {
			var o int64
			if err := t.queryRow(ctx, `SELECT id FROM organisations WHERE uscc = ? OR code = ?`, u.OrgUSCC, u.OrgUSCC).Scan(&o); err != nil {
				return fmt.Errorf("organisation %q: %w", u.OrgUSCC, notFound(err))
			}
			orgID = o
		}
		var err error
		id, err = t.insertID(ctx, `INSERT INTO users (login, name, role, node_id, org_id, password_hash, must_change, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Login, u.Name, string(u.Role), nodeID, orgID, passwordHash, true, now.UTC().Format(timeLayout))
		if isUniqueViolation(err) {
			return fmt.Errorf("%w: %s", ErrLoginTaken, u.Login)
		}
		if err != nil {
			return err
		}
		u.ID = id
		return t.audit(ctx, now, actor, "user.create", "user", u.Login, nil, userAudit(u), "", "")
	})
	return id, err
}

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// userAudit is what the audit log keeps of an account: never the hash.
func userAudit(u User) map[string]any {
	return map[string]any{"login": u.Login, "name": u.Name, "role": u.Role, "node": u.Node, "org": u.OrgUSCC, "disabled": u.Disabled}
}

// UserCount is the number of accounts.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

const userColumns = `u.id, u.login, u.name, u.role, COALESCE(n.code, ''), COALESCE(o.uscc, o.code, ''), COALESCE(o.name, ''),
	u.must_change, u.disabled, u.created_at`

func scanUser(sc interface{ Scan(...any) error }, u *User, extra ...any) error {
	var role string
	err := sc.Scan(append([]any{&u.ID, &u.Login, &u.Name, &role, &u.Node, &u.OrgUSCC, &u.OrgName, &u.MustChange, &u.Disabled, &u.CreatedAt}, extra...)...)
	u.Role = auth.Role(role)
	return err
}

// Users lists the accounts by login.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u LEFT JOIN nodes n ON n.id = u.node_id
		LEFT JOIN organisations o ON o.id = u.org_id ORDER BY u.login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		var u User
		if err := scanUser(rows, &u); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// UserByLogin returns an account and its password hash.
func (s *Store) UserByLogin(ctx context.Context, login string) (User, string, error) {
	var u User
	var hash string
	err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u LEFT JOIN nodes n ON n.id = u.node_id
		LEFT JOIN organisations o ON o.id = u.org_id WHERE u.login = ?`, login), &u, &hash)
	return u, hash, notFound(err)
}

// SetPassword replaces an account's password hash; mustChange forces a
// change at the next login (a reset), false records a change by the user.
// Sessions of the account end, except keep (the token hash of the session
// that changed it, "" for none).
func (s *Store) SetPassword(ctx context.Context, login, hash string, mustChange bool, keep, actor string, now time.Time) error {
	return s.tx(ctx, func(t *txn) error {
		res, err := t.exec(ctx, `UPDATE users SET password_hash = ?, must_change = ?, password_changed_at = ? WHERE login = ?`,
			hash, mustChange, now.UTC().Format(timeLayout), login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, ErrNotFound)
		}
		if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?) AND token_hash <> ?`, login, keep); err != nil {
			return err
		}
		action := "user.password_change"
		if mustChange {
			action = "user.password_reset"
		}
		return t.audit(ctx, now, actor, action, "user", login, nil, nil, "", "")
	})
}

// SetUserDisabled disables or enables an account (ending its sessions when
// disabled).
func (s *Store) SetUserDisabled(ctx context.Context, login string, disabled bool, actor string, now time.Time) error {
	return s.tx(ctx, func(t *txn) error {
		res, err := t.exec(ctx, `UPDATE users SET disabled = ? WHERE login = ?`, disabled, login)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("user %q: %w", login, ErrNotFound)
		}
		if disabled {
			if _, err := t.exec(ctx, `DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE login = ?)`, login); err != nil {
				return err
			}
		}
		return t.audit(ctx, now, actor, "user.disable", "user", login, map[string]any{"disabled": !disabled}, map[string]any{"disabled": disabled}, "", "")
	})
}

// CreateSession stores a session (its token's hash) lasting ttl.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, now time.Time, ttl time.Duration) error {
	return s.tx(ctx, func(t *txn) error {
		_, err := t.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, now.UTC().Format(timeLayout), now.Add(ttl).UTC().Format(timeLayout))
		return err
	})
}

// Session returns the account of a live session (not expired, account not
// disabled), or ErrNotFound.
func (s *Store) Session(ctx context.Context, tokenHash string, now time.Time) (User, error) {
	var u User
	err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM sessions x JOIN users u ON u.id = x.user_id
		LEFT JOIN nodes n ON n.id = u.node_id LEFT JOIN organisations o ON o.id = u.org_id
		WHERE x.token_hash = ? AND x.expires_at > ? AND NOT u.disabled`, tokenHash, now.UTC().Format(timeLayout)), &u)
	return u, notFound(err)
}

// EndSession deletes a session (logout).
func (s *Store) EndSession(ctx context.Context, tokenHash string) error {
	return s.tx(ctx, func(t *txn) error {
		_, err := t.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID               int64
	At               string // RFC 3339, UTC
	Actor            string // login, or "system", or "cli:<os user>"
	Action           string // e.g. login.ok, login.failed, user.create, import.facts
	Entity, EntityID string
	Before, After    string // JSON, "" when none
	Via              string // import job or form
	IP               string
}

// Audit appends an entry to the audit log (append-only: the database
// refuses updates and deletes). before and after are marshalled to JSON;
// they must not hold secrets.
func (s *Store) Audit(ctx context.Context, now time.Time, actor, action, entity, entityID string, before, after any, via, ip string) error {
	return s.tx(ctx, func(t *txn) error { return t.audit(ctx, now, actor, action, entity, entityID, before, after, via, ip) })
}

func (t *txn) audit(ctx context.Context, now time.Time, actor, action, entity, entityID string, before, after any, via, ip string) error {
	j := func(v any) (string, error) {
		if v == nil {
			return "", nil
		}
		b, err := json.Marshal(v)
		return string(b), err
	}
	b, err := j(before)
	if err != nil {
		return err
	}
	a, err := j(after)
	if err != nil {
		return err
	}
	_, err = t.exec(ctx, `INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json, via, ip) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		now.UTC().Format(timeLayout), actor, action, entity, entityID, b, a, via, ip)
	return err
}

// AuditFilter selects audit entries: by actor, action prefix, text in the
// entity or values, and time range (RFC 3339 prefixes such as 2026-11).
type AuditFilter struct {
	Actor, Action, Text, From, To string
	Limit                         int
}

// AuditLog returns the entries matching f, newest first (at most f.Limit,
// default 500).
func (s *Store) AuditLog(ctx context.Context, f AuditFilter) ([]AuditEntry, error) {
	var where []string
	var args []any
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	if f.Action != "" {
		where, args = append(where, "action LIKE ?"), append(args, f.Action+"%")
	}
	if f.Text != "" {
		where = append(where, "(entity_id LIKE ? OR before_json LIKE ? OR after_json LIKE ? OR via LIKE ?)")
		x := "%" + f.Text + "%"
		args = append(args, x, x, x, x)
	}
	if f.From != "" {
		where, args = append(where, "at >= ?"), append(args, f.From)
	}
	if f.To != "" {
		where, args = append(where, "at < ?"), append(args, f.To+"\uffff")
	}
	q := `SELECT id, at, actor, action, entity, entity_id, before_json, after_json, via, ip FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 500
	}
	q += fmt.Sprintf(" ORDER BY id DESC LIMIT %d", limit)
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.Via, &e.IP); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// FirmReport is one current report value of a firm.
type FirmReport struct {
	Indicator, IndicatorName string
	Year, Month              int
	Value, Prior             *decimal.Decimal
	Revision                 int
}

// FirmReports lists a firm's current report values, newest period first.
func (s *Store) FirmReports(ctx context.Context, systemID int64, uscc string) ([]FirmReport, error) {
	rows, err := s.query(ctx, `SELECT i.code, i.name_zh, r.year, r.month, r.value, r.prior, r.revision
		FROM reports r JOIN organisations o ON o.id = r.org_id JOIN indicators i ON i.id = r.indicator_id
		WHERE r.system_id = ? AND o.uscc = ? AND r.is_current ORDER BY r.year DESC, r.month DESC, i.code`, systemID, uscc)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FirmReport
	for rows.Next() {
		var f FirmReport
		var v, p sql.NullInt64
		if err := rows.Scan(&f.Indicator, &f.IndicatorName, &f.Year, &f.Month, &v, &p, &f.Revision); err != nil {
			return nil, err
		}
		f.Value, f.Prior = fromStored(v), fromStored(p)
		out = append(out, f)
	}
	return out, rows.Err()
}
