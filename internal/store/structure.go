package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/quantity"
)

// ErrNotFound is returned when a looked-up record does not exist.
var ErrNotFound = errors.New("not found")

// Systems lists the systems in the database, by code.
func (s *Store) Systems(ctx context.Context) ([]model.System, error) {
	rows, err := s.query(ctx, `SELECT sy.id, sy.code, sy.name, sy.short_name, sy.region_code, sy.region_name,
		COALESCE(src.code, ''), sy.quote
		FROM systems sy LEFT JOIN sources src ON src.id = sy.source_id ORDER BY sy.code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.System
	for rows.Next() {
		var x model.System
		if err := rows.Scan(&x.ID, &x.Code, &x.Name, &x.ShortName, &x.RegionCode, &x.RegionName, &x.SourceCode, &x.Quote); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// System returns the system with the given code, or the only one when code
// is "". ErrNotFound when there is none.
func (s *Store) System(ctx context.Context, code string) (model.System, error) {
	all, err := s.Systems(ctx)
	if err != nil {
		return model.System{}, err
	}
	for _, x := range all {
		if x.Code == code || (code == "" && len(all) == 1) {
			return x, nil
		}
	}
	if code == "" && len(all) > 1 {
		codes := make([]string, len(all))
		for i, x := range all {
			codes[i] = x.Code
		}
		return model.System{}, fmt.Errorf("%d systems are loaded (%s); choose one with --system CODE or KECHUANG_SYSTEM", len(all), strings.Join(codes, ", "))
	}
	return model.System{}, fmt.Errorf("system %q: %w", code, ErrNotFound)
}

// Nodes returns the nodes of a system in tree order (parents first, siblings
// in file order).
func (s *Store) Nodes(ctx context.Context, systemID int64) ([]model.Node, error) {
	rows, err := s.query(ctx, `SELECT n.id, n.code, COALESCE(p.code, ''), COALESCE(po.code, ''), n.kind, n.name, n.name_en,
		n.full_name, n.label, n.aliases, n.role, n.numeral, n.level, n.description, COALESCE(src.code, ''), n.quote, n.sort
		FROM nodes n
		LEFT JOIN nodes p ON p.id = n.parent_id
		LEFT JOIN nodes po ON po.id = n.part_of_id
		LEFT JOIN sources src ON src.id = n.source_id
		WHERE n.system_id = ? ORDER BY n.sort, n.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var flat []model.Node
	for rows.Next() {
		var n model.Node
		var kind, role, aliases string
		if err := rows.Scan(&n.ID, &n.Code, &n.ParentCode, &n.PartOfCode, &kind, &n.Name, &n.NameEn, &n.FullName, &n.Label, &aliases,
			&role, &n.Numeral, &n.Level, &n.Description, &n.SourceCode, &n.Quote, &n.Sort); err != nil {
			return nil, err
		}
		n.Kind, n.Role = model.NodeKind(kind), model.PillarRole(role)
		if aliases != "" {
			n.Aliases = strings.Split(aliases, "|")
		}
		flat = append(flat, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Depth-first order from the roots.
	children := map[string][]model.Node{}
	for _, n := range flat {
		children[n.ParentCode] = append(children[n.ParentCode], n)
	}
	var out []model.Node
	var walk func(code string)
	walk = func(code string) {
		for _, c := range children[code] {
			out = append(out, c)
			walk(c.Code)
		}
	}
	walk("")
	return out, nil
}

// Indicators returns the catalogue, keyed by code.
func (s *Store) Indicators(ctx context.Context) (map[string]model.Indicator, error) {
	rows, err := s.query(ctx, `SELECT id, code, name_zh, name_en, unit, kind, display_precision, counter, definition, aliases FROM indicators ORDER BY code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]model.Indicator{}
	for rows.Next() {
		var x model.Indicator
		var unit, kind, aliases string
		if err := rows.Scan(&x.ID, &x.Code, &x.NameZh, &x.NameEn, &unit, &kind, &x.Precision, &x.Counter, &x.Definition, &aliases); err != nil {
			return nil, err
		}
		x.Unit, x.Kind = quantity.Unit(unit), model.IndicatorKind(kind)
		if aliases != "" {
			x.Aliases = strings.Split(aliases, "|")
		}
		out[x.Code] = x
	}
	return out, rows.Err()
}

// Sources returns every source document, without its text.
func (s *Store) Sources(ctx context.Context) ([]model.Source, error) {
	rows, err := s.query(ctx, `SELECT id, code, title, publisher, published, url, note FROM sources ORDER BY published, code`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.Source
	for rows.Next() {
		var x model.Source
		if err := rows.Scan(&x.ID, &x.Code, &x.Title, &x.Publisher, &x.Published, &x.URL, &x.Note); err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// Source returns one source with its text; ErrNotFound when unknown.
func (s *Store) Source(ctx context.Context, code string) (model.Source, error) {
	var x model.Source
	err := s.queryRow(ctx, `SELECT id, code, title, publisher, published, url, note, body FROM sources WHERE code = ?`, code).
		Scan(&x.ID, &x.Code, &x.Title, &x.Publisher, &x.Published, &x.URL, &x.Note, &x.Body)
	if errors.Is(err, sql.ErrNoRows) {
		return x, fmt.Errorf("source %q: %w", code, ErrNotFound)
	}
	return x, err
}

// Organisations returns a system's organisations with their memberships and
// recognitions, ordered by kind and name.
func (s *Store) Organisations(ctx context.Context, systemID int64) ([]model.Organisation, error) {
	rows, err := s.query(ctx, `SELECT o.id, o.code, o.name, o.kind, o.in_district, o.description, COALESCE(src.code, ''), o.quote
		FROM organisations o LEFT JOIN sources src ON src.id = o.source_id
		WHERE o.system_id = ? ORDER BY o.kind, o.name`, systemID)
	if err != nil {
		return nil, err
	}
	var out []model.Organisation
	idx := map[int64]int{}
	for rows.Next() {
		var o model.Organisation
		var kind string
		if err := rows.Scan(&o.ID, &o.Code, &o.Name, &kind, &o.InDistrict, &o.Description, &o.SourceCode, &o.Quote); err != nil {
			rows.Close()
			return nil, err
		}
		o.Kind = model.OrgKind(kind)
		idx[o.ID] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	mrows, err := s.query(ctx, `SELECT m.org_id, n.code, n.name, COALESCE(m.valid_from, ''), COALESCE(m.valid_to, ''),
		COALESCE(m.as_of, ''), COALESCE(src.code, ''), m.quote
		FROM memberships m JOIN nodes n ON n.id = m.node_id LEFT JOIN sources src ON src.id = m.source_id
		JOIN organisations o ON o.id = m.org_id WHERE o.system_id = ? ORDER BY m.id`, systemID)
	if err != nil {
		return nil, err
	}
	for mrows.Next() {
		var orgID int64
		var m model.Membership
		if err := mrows.Scan(&orgID, &m.NodeCode, &m.NodeName, &m.From, &m.To, &m.AsOf, &m.SourceCode, &m.Quote); err != nil {
			mrows.Close()
			return nil, err
		}
		o := &out[idx[orgID]]
		o.Memberships = append(o.Memberships, m)
	}
	mrows.Close()
	rrows, err := s.query(ctx, `SELECT r.org_id, r.name, r.level, r.granted, r.valid_until, r.certificate_no, COALESCE(src.code, ''), r.quote
		FROM recognitions r LEFT JOIN sources src ON src.id = r.source_id
		JOIN organisations o ON o.id = r.org_id WHERE o.system_id = ? ORDER BY r.id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rrows.Close()
	for rrows.Next() {
		var orgID int64
		var r model.Recognition
		if err := rrows.Scan(&orgID, &r.Name, &r.Level, &r.Granted, &r.ValidUntil, &r.CertificateNo, &r.SourceCode, &r.Quote); err != nil {
			return nil, err
		}
		o := &out[idx[orgID]]
		o.Recognitions = append(o.Recognitions, r)
	}
	return out, rrows.Err()
}

// OrganisationExists reports whether the system has an organisation with
// this code (one indexed lookup, not the whole registry).
func (s *Store) OrganisationExists(ctx context.Context, systemID int64, code string) (bool, error) {
	var n int
	err := s.queryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE system_id = ? AND code = ?`, systemID, code).Scan(&n)
	return n > 0, err
}
