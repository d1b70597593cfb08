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
	ID      int64
	Login   string
	Name    string
	Role    auth.Role
	Node    string // node code (officers)
	OrgUSCC string // organisation credit code or code (reporters, institution users)
	OrgName string
	// System is the code of the district's innovation system the account
	// belongs to; "" for an installation-level account (a city or
	// province bureau) that may look at every district. Officers,
	// reporters and institution users always belong to the district of
	// their node or organisation.
	System     string
	MustChange bool
	Disabled   bool
	CreatedAt  string
}

// ErrLoginTaken is returned by CreateUser for a login already in use.
var ErrLoginTaken = errors.New("login already in use")

// ErrAmbiguous is returned by CreateUser when a node or organisation code
// names one in several districts and no district is given.
var ErrAmbiguous = errors.New("in several districts: give the district (kechuang user add --district CODE, or the 区县 field of 系统管理)")

// CreateUser adds an account with the password's argon2id hash; node is the
// officer's node code, org the organisation's credit code or code for
// reporters and institution users, System the district's system code ("" for
// an installation-level account; for an officer, reporter or institution
// user it is taken from the node or organisation, which must be in the
// district when one is given). The change is audited as actor. Errors:
// ErrNotFound (district, node or organisation), ErrAmbiguous, ErrLoginTaken.
func (s *Store) CreateUser(ctx context.Context, u User, passwordHash, actor string, now time.Time) (int64, error) {
	var id int64
	err := s.tx(ctx, func(t *txn) error {
		var nodeID, orgID, sysID any
		var sys int64
		if u.System != "" {
			if err := t.queryRow(ctx, `SELECT id FROM systems WHERE code = ?`, u.System).Scan(&sys); err != nil {
				return fmt.Errorf("district (system) %q: %w", u.System, notFound(err))
			}
			sysID = sys
		}
		// one looks a code up, in the district when one is given, and
		// takes the district from it otherwise.
		one := func(what, q, code string, args ...any) (int64, error) {
			if sys != 0 {
				q += ` AND system_id = ?`
				args = append(args, sys)
			}
			rows, err := t.QueryContext(ctx, t.db.Rebind(q), args...)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			var ids, systems []int64
			for rows.Next() {
				var id, sid int64
				if err := rows.Scan(&id, &sid); err != nil {
					return 0, err
				}
				ids, systems = append(ids, id), append(systems, sid)
			}
			if err := rows.Err(); err != nil {
				return 0, err
			}
			switch {
			case len(ids) == 0:
				return 0, fmt.Errorf("%s %q: %w", what, code, ErrNotFound)
			case len(ids) > 1:
				return 0, fmt.Errorf("%s %q: %w", what, code, ErrAmbiguous)
			}
			if sys == 0 {
				sys, sysID = systems[0], systems[0]
			}
			return ids[0], nil
		}
		if u.Node != "" {
			n, err := one("node", `SELECT id, system_id FROM nodes WHERE code = ?`, u.Node, u.Node)
			if err != nil {
				return err
			}
			nodeID = n
		}
		if u.OrgUSCC != "" {
			o, err := one("organisation", `SELECT id, system_id FROM organisations WHERE (uscc = ? OR code = ?)`, u.OrgUSCC, u.OrgUSCC, u.OrgUSCC)
			if err != nil {
				return err
			}
			orgID = o
		}
		if sys != 0 && u.System == "" {
			if err := t.queryRow(ctx, `SELECT code FROM systems WHERE id = ?`, sys).Scan(&u.System); err != nil {
				return err
			}
		}
		var err error
		id, err = t.insertID(ctx, `INSERT INTO users (login, name, role, node_id, org_id, system_id, password_hash, must_change, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, u.Login, u.Name, string(u.Role), nodeID, orgID, sysID, passwordHash, true, now.UTC().Format(timeLayout))
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
	return map[string]any{"login": u.Login, "name": u.Name, "role": u.Role, "node": u.Node, "org": u.OrgUSCC, "system": u.System, "disabled": u.Disabled}
}

// UserCount is the number of accounts.
func (s *Store) UserCount(ctx context.Context) (int, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM users`).Scan(&n)
	return n, err
}

const userColumns = `u.id, u.login, u.name, u.role, COALESCE(n.code, ''), COALESCE(o.uscc, o.code, ''), COALESCE(o.name, ''),
	COALESCE(sy.code, ''), u.must_change, u.disabled, u.created_at`

// userJoins are the joins userColumns reads from (users u).
const userJoins = ` LEFT JOIN nodes n ON n.id = u.node_id LEFT JOIN organisations o ON o.id = u.org_id
	LEFT JOIN systems sy ON sy.id = u.system_id`

func scanUser(sc interface{ Scan(...any) error }, u *User, extra ...any) error {
	var role string
	err := sc.Scan(append([]any{&u.ID, &u.Login, &u.Name, &role, &u.Node, &u.OrgUSCC, &u.OrgName, &u.System, &u.MustChange, &u.Disabled, &u.CreatedAt}, extra...)...)
	u.Role = auth.Role(role)
	return err
}

// Users lists the accounts by login.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users u`+userJoins+` ORDER BY u.login`)
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
	err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+`, u.password_hash FROM users u`+userJoins+` WHERE u.login = ?`, login), &u, &hash)
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
	err := scanUser(s.queryRow(ctx, `SELECT `+userColumns+` FROM sessions x JOIN users u ON u.id = x.user_id`+userJoins+`
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
	// Actors, when not nil, keeps only entries by these logins (none when
	// empty): a district administrator's view.
	Actors []string
	Limit  int
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
	if f.Actors != nil {
		if len(f.Actors) == 0 {
			return nil, nil
		}
		where = append(where, "actor IN (?"+strings.Repeat(", ?", len(f.Actors)-1)+")")
		for _, a := range f.Actors {
			args = append(args, a)
		}
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
