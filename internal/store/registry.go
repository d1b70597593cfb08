package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
)

// RegistrySummary counts what a registry import changed.
type RegistrySummary struct {
	Added, Updated, Unchanged int
	Renamed                   []string // "USCC: old → new"
	Moved                     []string // "USCC: node → node (from YYYY-MM-DD)"
}

// WriteRegistry upserts firms by unified social credit code in one
// transaction, as of day asOf (YYYY-MM-DD):
//   - a new code adds an enterprise (organisation code = the code in lower case);
//   - a different name is recorded in the name history and becomes current,
//     unless it differs only in bracket width or spaces (model.CanonicalName);
//   - a firm's registry membership that names another node is closed the day
//     before asOf and the new one opened on asOf (time-bounded membership);
//   - recognitions are added once per (name, issue date).
//
// Nothing is written when it returns an error.
func (s *Store) WriteRegistry(ctx context.Context, systemID, importID int64, firms []model.Firm, asOf string) (RegistrySummary, error) {
	var sum RegistrySummary
	err := s.tx(ctx, func(t *txn) error {
		var err error
		sum, err = t.writeRegistry(ctx, systemID, importID, firms, asOf)
		return err
	})
	return sum, err
}

func (t *txn) writeRegistry(ctx context.Context, systemID, importID int64, firms []model.Firm, asOf string) (RegistrySummary, error) {
	var sum RegistrySummary
	err := func() error {
		nodeIDs, err := t.codeIDs(ctx, `SELECT code, id FROM nodes WHERE system_id = ?`, systemID)
		if err != nil {
			return err
		}
		if t.conn != nil && registryCopy {
			done, err := t.copyNewFirms(ctx, systemID, importID, firms, asOf, nodeIDs)
			if err != nil || done {
				if done {
					sum.Added = len(firms)
				}
				return err
			}
		}
		for _, f := range firms {
			var id int64
			var cur model.Firm
			unchanged := false
			var reg sql.NullString
			var above sql.NullBool
			err := t.queryRow(ctx, `SELECT id, name, registered_on, legal_form, industry_code, above_scale, size_class
				FROM organisations WHERE system_id = ? AND uscc = ?`, systemID, f.USCC).
				Scan(&id, &cur.Name, &reg, &cur.LegalForm, &cur.IndustryCode, &above, &cur.SizeClass)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				id, err = t.insertID(ctx, `INSERT INTO organisations (system_id, code, name, kind, in_district, uscc, registered_on, legal_form,
						industry_code, above_scale, size_class)
					VALUES (?, ?, ?, 'enterprise', TRUE, ?, ?, ?, ?, ?, ?) RETURNING id`,
					systemID, strings.ToLower(f.USCC), f.Name, f.USCC, nullString(f.RegisteredOn), f.LegalForm, f.IndustryCode, nullBool(f.AboveScale), f.SizeClass)
				if err != nil {
					return fmt.Errorf("row %d: add %s: %w", f.Row, f.USCC, err)
				}
				sum.Added++
			case err != nil:
				return err
			default:
				cur.RegisteredOn = reg.String
				if above.Valid {
					cur.AboveScale = &above.Bool
				}
				next := mergeFirm(cur, f)
				changed := next != flat(cur)
				if changed {
					if _, err := t.exec(ctx, `UPDATE organisations SET name = ?, registered_on = ?, legal_form = ?, industry_code = ?,
							above_scale = ?, size_class = ? WHERE id = ?`,
						next.name, nullString(next.registeredOn), next.legalForm, next.industryCode, next.aboveScale, next.sizeClass, id); err != nil {
						return fmt.Errorf("row %d: update %s: %w", f.Row, f.USCC, err)
					}
					sum.Updated++
				} else {
					sum.Unchanged++
					unchanged = true
				}
				if next.name != cur.Name {
					sum.Renamed = append(sum.Renamed, fmt.Sprintf("%s: %s → %s", f.USCC, cur.Name, f.Name))
				}
			}
			if _, err := t.exec(ctx, `INSERT INTO organisation_names (system_id, org_id, name, first_seen, import_id) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (org_id, name) DO NOTHING`, systemID, id, f.Name, asOf, importID); err != nil {
				return err
			}
			if len(f.Memberships) > 0 {
				want := map[int64]string{}
				for _, m := range f.Memberships {
					nodeID, ok := nodeIDs[m.NodeCode]
					if !ok {
						return fmt.Errorf("row %d: node %q is not in the system", f.Row, m.NodeCode)
					}
					want[nodeID] = m.NodeCode
				}
				moved, err := t.placeFirm(ctx, systemID, id, want, asOf, importID)
				if err != nil {
					return fmt.Errorf("row %d: %w", f.Row, err)
				}
				if moved != "" {
					sum.Moved = append(sum.Moved, fmt.Sprintf("%s: %s (from %s)", f.USCC, moved, asOf))
					if unchanged { // a move is a change
						sum.Unchanged--
						sum.Updated++
					}
				}
			}
			for _, r := range f.Recognitions {
				var n int
				if err := t.queryRow(ctx, `SELECT COUNT(*) FROM recognitions WHERE org_id = ? AND name = ? AND granted = ?`, id, r.Name, r.Granted).Scan(&n); err != nil {
					return err
				}
				if n == 0 {
					if _, err := t.exec(ctx, `INSERT INTO recognitions (system_id, org_id, name, level, granted, valid_until, certificate_no, import_id)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, systemID, id, r.Name, r.Level, r.Granted, r.ValidUntil, r.CertificateNo, importID); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}()
	return sum, err
}

// registryCopy enables copyNewFirms (tests turn it off to compare).
var registryCopy = true

// copyNewFirms is writeRegistry's bulk path on PostgreSQL, taken when every
// firm is new to the system — a first registry import, or a batch of new
// firms — and the batch is plain (each credit code once, every membership
// node in the system): the firms, their names, memberships and recognitions
// are written with COPY, four statements in all instead of about five round
// trips per firm. The rows are the ones the per-firm path writes (ids taken
// from the same sequence, in the firms' order; memberships open from an
// unknown day; each recognition once per name and issue date). It reports
// false, having written nothing, when the batch does not qualify.
func (t *txn) copyNewFirms(ctx context.Context, systemID, importID int64, firms []model.Firm, asOf string, nodeIDs map[string]int64) (bool, error) {
	if len(firms) == 0 {
		return false, nil
	}
	usccs := make([]string, len(firms))
	codes := make([]string, len(firms))
	seen := make(map[string]bool, len(firms))
	for i, f := range firms {
		if seen[f.USCC] {
			return false, nil
		}
		seen[f.USCC] = true
		usccs[i], codes[i] = f.USCC, strings.ToLower(f.USCC)
		for _, m := range f.Memberships {
			if _, ok := nodeIDs[m.NodeCode]; !ok {
				return false, nil // the per-firm path says which row
			}
		}
	}
	var clash bool
	if err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM organisations WHERE system_id = ? AND (uscc = ANY(?) OR code = ANY(?)))`,
		systemID, usccs, codes).Scan(&clash); err != nil {
		return false, err
	}
	if clash {
		return false, nil
	}
	ids := make([]int64, 0, len(firms))
	rows, err := t.QueryContext(ctx, t.db.Rebind(`SELECT nextval(pg_get_serial_sequence('organisations', 'id')) FROM generate_series(1, ?)`), len(firms))
	if err != nil {
		return false, err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return false, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, err
	}
	if len(ids) != len(firms) {
		return false, fmt.Errorf("registry: %d organisation ids for %d firms", len(ids), len(firms))
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	orgs := make([][]any, len(firms))
	names := make([][]any, len(firms))
	var mems, recs [][]any
	for i, f := range firms {
		id := ids[i]
		orgs[i] = []any{id, systemID, codes[i], f.Name, "enterprise", true, f.USCC, nullString(f.RegisteredOn), f.LegalForm, f.IndustryCode, nullBool(f.AboveScale), f.SizeClass}
		names[i] = []any{systemID, id, f.Name, asOf, importID}
		placed := map[int64]bool{}
		for _, m := range f.Memberships {
			node := nodeIDs[m.NodeCode]
			if !placed[node] {
				placed[node] = true
				mems = append(mems, []any{systemID, id, node, nil, asOf, importID, ""})
			}
		}
		type rk struct{ name, granted string }
		had := map[rk]bool{}
		for _, r := range f.Recognitions {
			if !had[rk{r.Name, r.Granted}] {
				had[rk{r.Name, r.Granted}] = true
				recs = append(recs, []any{systemID, id, r.Name, r.Level, r.Granted, r.ValidUntil, r.CertificateNo, importID})
			}
		}
	}
	for _, c := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{
		{"organisations", []string{"id", "system_id", "code", "name", "kind", "in_district", "uscc", "registered_on", "legal_form", "industry_code", "above_scale", "size_class"}, orgs},
		{"organisation_names", []string{"system_id", "org_id", "name", "first_seen", "import_id"}, names},
		{"memberships", []string{"system_id", "org_id", "node_id", "valid_from", "as_of", "import_id", "quote"}, mems},
		{"recognitions", []string{"system_id", "org_id", "name", "level", "granted", "valid_until", "certificate_no", "import_id"}, recs},
	} {
		if len(c.rows) == 0 {
			continue
		}
		if _, err := t.copyFrom(ctx, c.table, c.cols, c.rows); err != nil {
			return false, fmt.Errorf("registry: copy into %s: %w", c.table, err)
		}
	}
	return true, nil
}

// placeFirm makes want (node id → code) the firm's registry nodes from
// asOf: open registry memberships of other nodes are closed the day before,
// and memberships are opened for the nodes it was not yet in. It returns a
// description of the move ("a → b"), "" when nothing changed.
func (t *txn) placeFirm(ctx context.Context, systemID, orgID int64, want map[int64]string, asOf string, importID int64) (string, error) {
	rows, err := t.QueryContext(ctx, t.db.Rebind(`SELECT m.id, m.node_id, n.code FROM memberships m JOIN nodes n ON n.id = m.node_id
		WHERE m.org_id = ? AND m.valid_to IS NULL AND m.import_id IS NOT NULL`), orgID)
	if err != nil {
		return "", err
	}
	type open struct {
		id, node int64
		code     string
	}
	var opens []open
	have := map[int64]bool{}
	for rows.Next() {
		var o open
		if err := rows.Scan(&o.id, &o.node, &o.code); err != nil {
			rows.Close()
			return "", err
		}
		opens = append(opens, o)
		have[o.node] = true
	}
	rows.Close()
	day, err := time.Parse(dateLayout, asOf)
	if err != nil {
		return "", fmt.Errorf("as-of date %q: %w", asOf, err)
	}
	var from, to []string
	for _, o := range opens {
		if _, keep := want[o.node]; keep {
			continue
		}
		if _, err := t.exec(ctx, `UPDATE memberships SET valid_to = ? WHERE id = ?`, day.AddDate(0, 0, -1).Format(dateLayout), o.id); err != nil {
			return "", err
		}
		from = append(from, o.code)
	}
	var start any = asOf
	if len(opens) == 0 {
		start = nil // first registration: when the firm arrived is not known
	}
	for nodeID, code := range want {
		if have[nodeID] {
			continue
		}
		if _, err := t.exec(ctx, `INSERT INTO memberships (system_id, org_id, node_id, valid_from, as_of, import_id, quote) VALUES (?, ?, ?, ?, ?, ?, '')`,
			systemID, orgID, nodeID, start, asOf, importID); err != nil {
			return "", err
		}
		to = append(to, code)
	}
	if len(opens) == 0 || (len(from) == 0 && len(to) == 0) {
		return "", nil
	}
	sort.Strings(from)
	sort.Strings(to)
	return strings.Join(from, "、") + " → " + strings.Join(to, "、"), nil
}

// firmRow is the comparable attributes of a registry entry.
type firmRow struct {
	name, registeredOn, legalForm, industryCode, sizeClass string
	aboveScale                                             any // nil, true or false
}

func flat(f model.Firm) firmRow {
	return firmRow{f.Name, f.RegisteredOn, f.LegalForm, f.IndustryCode, f.SizeClass, nullBool(f.AboveScale)}
}

// mergeFirm is cur updated with what f states: non-empty attributes replace
// the stored ones; a name that differs only in bracket width or spaces keeps
// the stored spelling.
func mergeFirm(cur, f model.Firm) firmRow {
	r := flat(cur)
	if model.CanonicalName(cur.Name) != model.CanonicalName(f.Name) {
		r.name = f.Name
	}
	for _, x := range []struct {
		dst *string
		v   string
	}{{&r.registeredOn, f.RegisteredOn}, {&r.legalForm, f.LegalForm}, {&r.industryCode, f.IndustryCode}, {&r.sizeClass, f.SizeClass}} {
		if x.v != "" {
			*x.dst = x.v
		}
	}
	if f.AboveScale != nil {
		r.aboveScale = *f.AboveScale
	}
	return r
}

func nullBool(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// ReportSummary counts what a report import changed.
type ReportSummary struct {
	Written   int // new values and corrections (each a new revision)
	Unchanged int // identical to the current revision: nothing written
}

// hundred converts base units to the stored hundredths (fen for yuan).
var hundred = decimal.NewFromInt(100)

// toStored converts a value in base units to hundredths, refusing more than
// two decimals (a fraction of a fen) rather than rounding silently.
func toStored(v *decimal.Decimal) (any, error) {
	if v == nil {
		return nil, nil
	}
	h := v.Mul(hundred)
	if !h.Equal(h.Truncate(0)) {
		return nil, fmt.Errorf("%s has more than two decimals in its base unit", v)
	}
	return h.IntPart(), nil
}

// WriteReports stores firms' year-to-date reports in one transaction. Each
// (firm, indicator, year, month) whose value or 同期数 differs from the current
// revision gets a new revision, which becomes current; identical ones are
// left alone, so importing the same file twice writes nothing the second
// time. Firms must already be in the registry (by USCC); indicators in the
// catalogue.
func (s *Store) WriteReports(ctx context.Context, systemID, importID int64, reports []model.Report) (ReportSummary, error) {
	var sum ReportSummary
	err := s.tx(ctx, func(t *txn) error {
		var err error
		sum, err = t.writeReports(ctx, systemID, importID, reports)
		return err
	})
	return sum, err
}

func (t *txn) writeReports(ctx context.Context, systemID, importID int64, reports []model.Report) (ReportSummary, error) {
	var sum ReportSummary
	// Fast path: a period nobody has reported yet needs no comparison with
	// earlier revisions.
	periods := map[[2]int]bool{}
	for _, r := range reports {
		periods[[2]int{r.Year, r.Month}] = true
	}
	fresh := len(reports) > 0
	for p := range periods {
		var n int
		if err := t.queryRow(ctx, `SELECT COUNT(*) FROM reports WHERE system_id = ? AND year = ? AND month = ?`, systemID, p[0], p[1]).Scan(&n); err != nil {
			return sum, err
		}
		fresh = fresh && n == 0
	}
	if fresh && !duplicateReports(reports) {
		if err := t.insertReports(ctx, systemID, importID, reports); err != nil {
			return sum, err
		}
		return ReportSummary{Written: len(reports)}, nil
	}
	return t.compareReports(ctx, systemID, importID, reports)
}

// compareReports writes each report as a new revision when it differs from
// the current one, and leaves identical ones alone.
func (t *txn) compareReports(ctx context.Context, systemID, importID int64, reports []model.Report) (ReportSummary, error) {
	var sum ReportSummary
	err := func() error {
		orgs, err := t.codeIDs(ctx, `SELECT uscc, id FROM organisations WHERE system_id = ? AND uscc IS NOT NULL`, systemID)
		if err != nil {
			return err
		}
		inds, err := t.codeIDs(ctx, `SELECT code, id FROM indicators`)
		if err != nil {
			return err
		}
		get, err := t.PrepareContext(ctx, t.db.Rebind(`SELECT revision, value, prior FROM reports
			WHERE org_id = ? AND indicator_id = ? AND year = ? AND month = ? AND is_current`))
		if err != nil {
			return err
		}
		defer get.Close()
		retire, err := t.PrepareContext(ctx, t.db.Rebind(`UPDATE reports SET is_current = FALSE
			WHERE org_id = ? AND indicator_id = ? AND year = ? AND month = ? AND is_current`))
		if err != nil {
			return err
		}
		defer retire.Close()
		insert, err := t.PrepareContext(ctx, t.db.Rebind(`INSERT INTO reports (system_id, org_id, indicator_id, year, month, value, prior, revision, is_current, import_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?)`))
		if err != nil {
			return err
		}
		defer insert.Close()
		for _, r := range reports {
			org, ind, value, prior, err := resolveReport(r, orgs, inds)
			if err != nil {
				return err
			}
			var rev int
			var curV, curP sql.NullInt64
			switch err := get.QueryRowContext(ctx, org, ind, r.Year, r.Month).Scan(&rev, &curV, &curP); {
			case errors.Is(err, sql.ErrNoRows):
			case err != nil:
				return err
			default:
				if sameStored(curV, value) && sameStored(curP, prior) {
					sum.Unchanged++
					continue
				}
				if _, err := retire.ExecContext(ctx, org, ind, r.Year, r.Month); err != nil {
					return err
				}
			}
			if _, err := insert.ExecContext(ctx, systemID, org, ind, r.Year, r.Month, value, prior, rev+1, nullID(importID)); err != nil {
				return fmt.Errorf("row %d: %w", r.Row, err)
			}
			sum.Written++
		}
		return nil
	}()
	return sum, err
}

func sameStored(cur sql.NullInt64, v any) bool {
	if v == nil {
		return !cur.Valid
	}
	return cur.Valid && cur.Int64 == v.(int64)
}

// ReportRevision is one revision of a firm's reported value.
type ReportRevision struct {
	Revision int
	Value    *decimal.Decimal // base units
	Prior    *decimal.Decimal
	ImportID int64
	Current  bool
}

// ReportHistory returns every revision of one firm's figure, oldest first.
func (s *Store) ReportHistory(ctx context.Context, systemID int64, uscc, indicator string, year, month int) ([]ReportRevision, error) {
	rows, err := s.query(ctx, `SELECT r.revision, r.value, r.prior, COALESCE(r.import_id, 0), r.is_current
		FROM reports r JOIN organisations o ON o.id = r.org_id JOIN indicators i ON i.id = r.indicator_id
		WHERE r.system_id = ? AND o.uscc = ? AND i.code = ? AND r.year = ? AND r.month = ? ORDER BY r.revision`,
		systemID, uscc, indicator, year, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportRevision
	for rows.Next() {
		var x ReportRevision
		var v, p sql.NullInt64
		if err := rows.Scan(&x.Revision, &v, &p, &x.ImportID, &x.Current); err != nil {
			return nil, err
		}
		x.Value, x.Prior = fromStored(v), fromStored(p)
		out = append(out, x)
	}
	return out, rows.Err()
}

func fromStored(v sql.NullInt64) *decimal.Decimal {
	if !v.Valid {
		return nil
	}
	d := decimal.New(v.Int64, -2)
	return &d
}

// InsertReports stores reports as first revisions without comparing them
// with earlier ones, in batches of multi-row INSERTs in one transaction: the
// fast path for a fresh period (demo data, benchmarks, a first import). A
// report that already has a revision makes it fail, and nothing is written.
func (s *Store) InsertReports(ctx context.Context, systemID, importID int64, reports []model.Report) error {
	return s.tx(ctx, func(t *txn) error { return t.insertReports(ctx, systemID, importID, reports) })
}

func (t *txn) insertReports(ctx context.Context, systemID, importID int64, reports []model.Report) error {
	orgs, err := t.codeIDs(ctx, `SELECT uscc, id FROM organisations WHERE system_id = ? AND uscc IS NOT NULL`, systemID)
	if err != nil {
		return err
	}
	inds, err := t.codeIDs(ctx, `SELECT code, id FROM indicators`)
	if err != nil {
		return err
	}
	if t.conn != nil {
		return t.copyReports(ctx, systemID, importID, reports, orgs, inds)
	}
	const batch = 1000
	const cols = 8
	var stmt *sql.Stmt
	args := make([]any, 0, batch*cols)
	flush := func(n int) error {
		if n == 0 {
			return nil
		}
		if stmt == nil || n != batch {
			q := `INSERT INTO reports (system_id, org_id, indicator_id, year, month, value, prior, revision, is_current, import_id) VALUES ` +
				strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, 1, TRUE, ?), ", n), ", ")
			st, err := t.PrepareContext(ctx, t.db.Rebind(q))
			if err != nil {
				return err
			}
			if n != batch {
				defer st.Close()
			} else {
				stmt = st
			}
			_, err = st.ExecContext(ctx, args...)
			return err
		}
		_, err := stmt.ExecContext(ctx, args...)
		return err
	}
	n := 0
	for _, r := range reports {
		org, ind, value, prior, err := resolveReport(r, orgs, inds)
		if err != nil {
			return err
		}
		args = append(args, systemID, org, ind, r.Year, r.Month, value, prior, nullID(importID))
		if n++; n == batch {
			if err := flush(n); err != nil {
				return err
			}
			args, n = args[:0], 0
		}
	}
	err = flush(n)
	if stmt != nil {
		stmt.Close()
	}
	return err
}

// codeIDs maps the first column of a two-column query to the second.
func (t *txn) codeIDs(ctx context.Context, q string, args ...any) (map[string]int64, error) {
	rows, err := t.QueryContext(ctx, t.db.Rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var code string
		var id int64
		if err := rows.Scan(&code, &id); err != nil {
			return nil, err
		}
		out[code] = id
	}
	return out, rows.Err()
}

// duplicateReports reports whether the same firm, indicator and period occur
// twice (then each later one is a revision of the earlier).
func duplicateReports(reports []model.Report) bool {
	type key struct {
		uscc, ind   string
		year, month int
	}
	seen := make(map[key]bool, len(reports))
	for _, r := range reports {
		k := key{r.USCC, r.Indicator, r.Year, r.Month}
		if seen[k] {
			return true
		}
		seen[k] = true
	}
	return false
}

// copyReports loads reports as first revisions with COPY (PostgreSQL).
func (t *txn) copyReports(ctx context.Context, systemID, importID int64, reports []model.Report, orgs, inds map[string]int64) error {
	rows := make([][]any, 0, len(reports))
	for _, r := range reports {
		org, ind, value, prior, err := resolveReport(r, orgs, inds)
		if err != nil {
			return err
		}
		rows = append(rows, []any{systemID, org, ind, int32(r.Year), int32(r.Month), value, prior, int32(1), true, nullID(importID)})
	}
	_, err := t.copyFrom(ctx, "reports", []string{"system_id", "org_id", "indicator_id", "year", "month", "value", "prior", "revision", "is_current", "import_id"}, rows)
	return err
}

// resolveReport maps a report to its firm and indicator ids and its values
// in stored hundredths (nil for missing), or says which row is wrong.
func resolveReport(r model.Report, orgs, inds map[string]int64) (org, ind int64, value, prior any, err error) {
	var ok bool
	if org, ok = orgs[r.USCC]; !ok {
		return 0, 0, nil, nil, fmt.Errorf("row %d: firm %s is not in the registry", r.Row, r.USCC)
	}
	if ind, ok = inds[r.Indicator]; !ok {
		return 0, 0, nil, nil, fmt.Errorf("row %d: indicator %q is not in the catalogue", r.Row, r.Indicator)
	}
	if value, err = toStored(r.Value); err != nil {
		return 0, 0, nil, nil, fmt.Errorf("row %d, %s: %w", r.Row, r.Indicator, err)
	}
	if prior, err = toStored(r.Prior); err != nil {
		return 0, 0, nil, nil, fmt.Errorf("row %d, %s 同期: %w", r.Row, r.Indicator, err)
	}
	return org, ind, value, prior, nil
}

// ImportWriter writes one import's firms and reports batch by batch inside a
// single transaction (see WriteImportStream).
type ImportWriter struct {
	t                  *txn
	ctx                context.Context
	systemID, importID int64
	asOf               string
	// fresh records, per period, whether it had no reports when first seen:
	// such periods take the bulk path for the whole import.
	fresh    map[[2]int]bool
	Registry RegistrySummary
	Reports  ReportSummary
}

// Write stores a batch: firms first (registry), then reports.
func (w *ImportWriter) Write(firms []model.Firm, reports []model.Report) error {
	if len(firms) > 0 {
		rs, err := w.t.writeRegistry(w.ctx, w.systemID, w.importID, firms, w.asOf)
		if err != nil {
			return err
		}
		w.Registry.Added += rs.Added
		w.Registry.Updated += rs.Updated
		w.Registry.Unchanged += rs.Unchanged
		w.Registry.Renamed = append(w.Registry.Renamed, rs.Renamed...)
		w.Registry.Moved = append(w.Registry.Moved, rs.Moved...)
	}
	var bulk, compare []model.Report
	for _, r := range reports {
		p := [2]int{r.Year, r.Month}
		f, seen := w.fresh[p]
		if !seen {
			var n int
			if err := w.t.queryRow(w.ctx, `SELECT COUNT(*) FROM reports WHERE system_id = ? AND year = ? AND month = ?`, w.systemID, r.Year, r.Month).Scan(&n); err != nil {
				return err
			}
			f = n == 0
			w.fresh[p] = f
		}
		if f {
			bulk = append(bulk, r)
		} else {
			compare = append(compare, r)
		}
	}
	if len(bulk) > 0 {
		if err := w.t.insertReports(w.ctx, w.systemID, w.importID, bulk); err != nil {
			return err
		}
		w.Reports.Written += len(bulk)
	}
	if len(compare) > 0 {
		ps, err := w.t.compareReports(w.ctx, w.systemID, w.importID, compare)
		if err != nil {
			return err
		}
		w.Reports.Written += ps.Written
		w.Reports.Unchanged += ps.Unchanged
	}
	return nil
}

// WriteImportStream runs fn with a writer whose batches all go into one
// transaction: committed when fn returns nil, rolled back otherwise — so an
// import streamed in batches is still all or nothing.
func (s *Store) WriteImportStream(ctx context.Context, systemID, importID int64, asOf string, fn func(w *ImportWriter) error) (RegistrySummary, ReportSummary, error) {
	var w *ImportWriter
	err := s.tx(ctx, func(t *txn) error {
		w = &ImportWriter{t: t, ctx: ctx, systemID: systemID, importID: importID, asOf: asOf, fresh: map[[2]int]bool{}}
		return fn(w)
	})
	if err != nil || w == nil {
		return RegistrySummary{}, ReportSummary{}, err
	}
	return w.Registry, w.Reports, nil
}
