package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/kechuang/kechuang/internal/match"
)

// MatchRecord is a demand or an achievement to save, with its index terms
// (match.Index of its text).
type MatchRecord[T any] struct {
	Record T
	Terms  match.DocTerms
}

const demandCols = `id, code, firm, COALESCE(uscc, ''), title, description, field, industry, budget_min, budget_max, modes,
	COALESCE(deadline, ''), status, region, carrier, contact, created_on, row_no`

const achievementCols = `id, code, kind, owner, title, abstract, keywords, field, trl, stage, patents, modes, price_min, price_max,
	region, carrier, contact, created_on, row_no, COALESCE(owner_code, '')`

func modesText(ms []match.Mode) string {
	l := make([]string, len(ms))
	for i, m := range ms {
		l[i] = string(m)
	}
	return strings.Join(l, ",")
}

func parseModes(s string) []match.Mode {
	var out []match.Mode
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, match.Mode(x))
		}
	}
	return out
}

// SaveDemands writes demands under an import (0: entered in a form) in one
// transaction with their index entries: a demand whose code exists in the
// system replaces it (its old index entries are removed), one without a
// code gets XQ and its id. It returns the ids in order.
func (s *Store) SaveDemands(ctx context.Context, systemID, importID int64, recs []MatchRecord[match.Demand]) ([]int64, error) {
	var ids []int64
	err := s.tx(ctx, func(t *txn) error {
		return t.saveRecords(ctx, systemID, CorpusDemands, len(recs), func(i int) (string, match.DocTerms) { return recs[i].Record.Code, recs[i].Terms },
			func(i int, code string, terms []byte, old int64) (int64, error) {
				d := recs[i].Record
				args := []any{code, d.Firm, nullString(d.USCC), d.Title, d.Description, d.Field, d.Industry, nullDecimal(d.BudgetMin), nullDecimal(d.BudgetMax),
					modesText(d.Modes), nullString(d.Deadline), orDefault(d.Status, "open"), d.Region, d.Carrier, d.Contact, d.CreatedOn, terms, nullID(importID), d.Row}
				if old != 0 {
					_, err := t.exec(ctx, `UPDATE match_demands SET code = ?, firm = ?, uscc = ?, title = ?, description = ?, field = ?, industry = ?, budget_min = ?, budget_max = ?,
						modes = ?, deadline = ?, status = ?, region = ?, carrier = ?, contact = ?, created_on = ?, terms = ?, import_id = ?, row_no = ? WHERE id = ?`, append(args, old)...)
					return old, err
				}
				return t.insertID(ctx, `INSERT INTO match_demands (code, firm, uscc, title, description, field, industry, budget_min, budget_max,
					modes, deadline, status, region, carrier, contact, created_on, terms, import_id, row_no, system_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					append(args, systemID)...)
			}, &ids)
	})
	return ids, err
}

// SaveAchievements is SaveDemands for achievements and capabilities (codes
// CG and the id when not given).
func (s *Store) SaveAchievements(ctx context.Context, systemID, importID int64, recs []MatchRecord[match.Achievement]) ([]int64, error) {
	var ids []int64
	err := s.tx(ctx, func(t *txn) error {
		return t.saveRecords(ctx, systemID, CorpusAchievements, len(recs), func(i int) (string, match.DocTerms) { return recs[i].Record.Code, recs[i].Terms },
			func(i int, code string, terms []byte, old int64) (int64, error) {
				a := recs[i].Record
				var trl any
				if a.TRL > 0 {
					trl = a.TRL
				}
				args := []any{code, orDefault(a.Kind, match.KindAchievement), a.Owner, a.Title, a.Abstract, a.Keywords, a.Field, trl, string(a.Stage),
					strings.Join(a.Patents, ","), modesText(a.Modes), nullDecimal(a.PriceMin), nullDecimal(a.PriceMax), a.Region, a.Carrier, a.Contact, a.CreatedOn, terms, nullID(importID), a.Row, nullString(a.OwnerCode)}
				if old != 0 {
					_, err := t.exec(ctx, `UPDATE match_achievements SET code = ?, kind = ?, owner = ?, title = ?, abstract = ?, keywords = ?, field = ?, trl = ?, stage = ?,
						patents = ?, modes = ?, price_min = ?, price_max = ?, region = ?, carrier = ?, contact = ?, created_on = ?, terms = ?, import_id = ?, row_no = ?, owner_code = ? WHERE id = ?`, append(args, old)...)
					return old, err
				}
				return t.insertID(ctx, `INSERT INTO match_achievements (code, kind, owner, title, abstract, keywords, field, trl, stage,
					patents, modes, price_min, price_max, region, carrier, contact, created_on, terms, import_id, row_no, owner_code, system_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					append(args, systemID)...)
			}, &ids)
	})
	return ids, err
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// saveRecords is the common part of saving demands or achievements: term
// ids, replacing records by code, new codes, the index.
func (t *txn) saveRecords(ctx context.Context, systemID int64, corpus string, n int,
	rec func(i int) (string, match.DocTerms),
	write func(i int, code string, terms []byte, old int64) (int64, error), ids *[]int64) error {
	table, prefix := "match_achievements", "CG"
	if corpus == CorpusDemands {
		table, prefix = "match_demands", "XQ"
	}
	seen := map[string]bool{}
	var all []string
	for i := 0; i < n; i++ {
		_, dt := rec(i)
		for _, x := range dt.Terms {
			if !seen[x] {
				seen[x] = true
				all = append(all, x)
			}
		}
	}
	tids, err := t.termIDs(ctx, all)
	if err != nil {
		return err
	}
	existing, err := t.codeIDs(ctx, `SELECT code, id FROM `+table+` WHERE system_id = ?`, systemID)
	if err != nil {
		return err
	}
	var next int64
	if err := t.QueryRowContext(ctx, t.db.Rebind(`SELECT COALESCE(MAX(id), 0) FROM `+table)).Scan(&next); err != nil {
		return err
	}
	removed := map[int64][]int64{}
	docs := make([]indexedDoc, 0, n)
	for i := 0; i < n; i++ {
		code, dt := rec(i)
		old := int64(0)
		if code != "" {
			old = existing[code]
		}
		if old != 0 {
			var b []byte
			if err := t.queryRow(ctx, `SELECT terms FROM `+table+` WHERE id = ?`, old).Scan(&b); err != nil {
				return err
			}
			if removed[old], err = decodeTermIDs(b); err != nil {
				return fmt.Errorf("%s %d: %w", table, old, err)
			}
		}
		if code == "" {
			next++
			code = fmt.Sprintf("%s%06d", prefix, next)
		}
		d := indexedDoc{impacts: dt.Impacts}
		for _, x := range dt.Terms {
			d.terms = append(d.terms, tids[x])
		}
		id, err := write(i, code, encodeTermIDs(append([]int64(nil), d.terms...)), old)
		if err != nil {
			if isUniqueViolation(err) {
				return fmt.Errorf("row %d: code %q twice", i+1, code)
			}
			return err
		}
		next = max(next, id)
		existing[code] = id
		d.id = id
		docs = append(docs, d)
		*ids = append(*ids, id)
	}
	if err := t.removeDocs(ctx, systemID, corpus, removed); err != nil {
		return err
	}
	return t.addDocs(ctx, systemID, corpus, docs)
}

func scanDemand(sc interface{ Scan(...any) error }) (match.Demand, error) {
	var d match.Demand
	var bmin, bmax sql.NullString
	var modes string
	err := sc.Scan(&d.ID, &d.Code, &d.Firm, &d.USCC, &d.Title, &d.Description, &d.Field, &d.Industry, &bmin, &bmax, &modes,
		&d.Deadline, &d.Status, &d.Region, &d.Carrier, &d.Contact, &d.CreatedOn, &d.Row)
	if err != nil {
		return d, err
	}
	d.Modes = parseModes(modes)
	if d.BudgetMin, err = parseNullDecimal(bmin, "budget"); err != nil {
		return d, err
	}
	d.BudgetMax, err = parseNullDecimal(bmax, "budget")
	return d, err
}

func scanAchievement(sc interface{ Scan(...any) error }) (match.Achievement, error) {
	var a match.Achievement
	var pmin, pmax sql.NullString
	var trl sql.NullInt64
	var modes, patents, stage string
	err := sc.Scan(&a.ID, &a.Code, &a.Kind, &a.Owner, &a.Title, &a.Abstract, &a.Keywords, &a.Field, &trl, &stage, &patents, &modes,
		&pmin, &pmax, &a.Region, &a.Carrier, &a.Contact, &a.CreatedOn, &a.Row, &a.OwnerCode)
	if err != nil {
		return a, err
	}
	a.TRL, a.Stage, a.Modes = int(trl.Int64), match.Stage(stage), parseModes(modes)
	if patents != "" {
		a.Patents = strings.Split(patents, ",")
	}
	if a.PriceMin, err = parseNullDecimal(pmin, "price"); err != nil {
		return a, err
	}
	a.PriceMax, err = parseNullDecimal(pmax, "price")
	return a, err
}

// MatchFilter selects records for a list page: a text the title or the
// owner/firm contains, a field, a page.
type MatchFilter struct {
	Contains string
	Field    string
	Kind     string // achievements only: achievement | capability
	Status   string // demands only
	// Org keeps an organisation's own records: demands whose firm's credit
	// code it is, achievements it posted (owner_code).
	Org    string
	Limit  int // 0: all
	Offset int
}

func (f MatchFilter) where(ownerCol string) (string, []any) {
	var w []string
	var args []any
	if f.Contains != "" {
		w = append(w, `(title LIKE ? OR `+ownerCol+` LIKE ? OR code = ?)`)
		like := "%" + strings.NewReplacer("%", "", "_", "").Replace(f.Contains) + "%"
		args = append(args, like, like, f.Contains)
	}
	if f.Field != "" {
		w = append(w, `field = ?`)
		args = append(args, f.Field)
	}
	if f.Kind != "" {
		w = append(w, `kind = ?`)
		args = append(args, f.Kind)
	}
	if f.Status != "" {
		w = append(w, `status = ?`)
		args = append(args, f.Status)
	}
	if f.Org != "" {
		col := "owner_code"
		if ownerCol == "firm" {
			col = "uscc"
		}
		w = append(w, col+` = ?`)
		args = append(args, f.Org)
	}
	if len(w) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(w, " AND "), args
}

func (f MatchFilter) page() string {
	if f.Limit <= 0 {
		return ""
	}
	return fmt.Sprintf(" LIMIT %d OFFSET %d", f.Limit, max(0, f.Offset))
}

// Demands lists a system's demands, newest first, and how many match the
// filter in all.
func (s *Store) Demands(ctx context.Context, systemID int64, f MatchFilter) ([]match.Demand, int, error) {
	w, args := f.where("firm")
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM match_demands WHERE system_id = ?`+w, append([]any{systemID}, args...)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.query(ctx, `SELECT `+demandCols+` FROM match_demands WHERE system_id = ?`+w+` ORDER BY id DESC`+f.page(), append([]any{systemID}, args...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []match.Demand
	for rows.Next() {
		d, err := scanDemand(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, d)
	}
	return out, total, rows.Err()
}

// Achievements lists a system's achievements and capabilities, newest
// first, and how many match the filter in all.
func (s *Store) Achievements(ctx context.Context, systemID int64, f MatchFilter) ([]match.Achievement, int, error) {
	w, args := f.where("owner")
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM match_achievements WHERE system_id = ?`+w, append([]any{systemID}, args...)...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := s.query(ctx, `SELECT `+achievementCols+` FROM match_achievements WHERE system_id = ?`+w+` ORDER BY id DESC`+f.page(), append([]any{systemID}, args...)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []match.Achievement
	for rows.Next() {
		a, err := scanAchievement(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, a)
	}
	return out, total, rows.Err()
}

// Demand returns one demand of a system by id or code; ErrNotFound when
// unknown.
func (s *Store) Demand(ctx context.Context, systemID int64, idOrCode string) (match.Demand, error) {
	d, err := scanDemand(s.queryRow(ctx, `SELECT `+demandCols+` FROM match_demands WHERE system_id = ? AND (code = ? OR CAST(id AS TEXT) = ?)`, systemID, idOrCode, idOrCode))
	if err == sql.ErrNoRows {
		return d, fmt.Errorf("demand %q: %w", idOrCode, ErrNotFound)
	}
	return d, err
}

// Achievement returns one achievement of a system by id or code;
// ErrNotFound when unknown.
func (s *Store) Achievement(ctx context.Context, systemID int64, idOrCode string) (match.Achievement, error) {
	a, err := scanAchievement(s.queryRow(ctx, `SELECT `+achievementCols+` FROM match_achievements WHERE system_id = ? AND (code = ? OR CAST(id AS TEXT) = ?)`, systemID, idOrCode, idOrCode))
	if err == sql.ErrNoRows {
		return a, fmt.Errorf("achievement %q: %w", idOrCode, ErrNotFound)
	}
	return a, err
}

// AchievementsByID returns the achievements with the ids (unknown ids are
// left out).
func (s *Store) AchievementsByID(ctx context.Context, ids []int64) (map[int64]match.Achievement, error) {
	out := make(map[int64]match.Achievement, len(ids))
	err := s.byIDs(ctx, `SELECT `+achievementCols+` FROM match_achievements WHERE id IN `, ids, func(r *sql.Rows) error {
		a, err := scanAchievement(r)
		out[a.ID] = a
		return err
	})
	return out, err
}

// DemandsByID returns the demands with the ids.
func (s *Store) DemandsByID(ctx context.Context, ids []int64) (map[int64]match.Demand, error) {
	out := make(map[int64]match.Demand, len(ids))
	err := s.byIDs(ctx, `SELECT `+demandCols+` FROM match_demands WHERE id IN `, ids, func(r *sql.Rows) error {
		d, err := scanDemand(r)
		out[d.ID] = d
		return err
	})
	return out, err
}

func (s *Store) byIDs(ctx context.Context, q string, ids []int64, fn func(*sql.Rows) error) error {
	for i := 0; i < len(ids); i += inChunk {
		part := ids[i:min(i+inChunk, len(ids))]
		args := make([]any, len(part))
		for k, x := range part {
			args[k] = x
		}
		rows, err := s.query(ctx, q+`(`+placeholders(len(part))+`)`, args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := fn(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// SetDemandStatus sets a demand's status (open, matched, closed).
func (s *Store) SetDemandStatus(ctx context.Context, id int64, status string) error {
	return s.tx(ctx, func(t *txn) error {
		_, err := t.exec(ctx, `UPDATE match_demands SET status = ? WHERE id = ?`, status, id)
		return err
	})
}
