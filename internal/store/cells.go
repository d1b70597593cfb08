package store

import (
	"context"
	"database/sql"

	"github.com/shopspring/decimal"
)

// FirmValue is one firm's current report value of one indicator for a
// period, with the nodes the firm counts in on the day (memberships and
// their ancestors).
type FirmValue struct {
	USCC      string
	Indicator string
	Value     decimal.Decimal
	Nodes     []string
}

// FirmValues reads every firm's current 1–month cumulative value of the
// indicators (codes) for year and month, with its nodes on day: the
// contributions of a table of firm aggregates, for disclosure control.
// Missing values are left out (missing is not zero).
func (s *Store) FirmValues(ctx context.Context, systemID int64, year, month int, day string, indicators []string) ([]FirmValue, error) {
	nodes := map[int64]struct {
		code   string
		parent int64
	}{}
	rows, err := s.query(ctx, `SELECT id, code, COALESCE(parent_id, 0) FROM nodes WHERE system_id = ?`, systemID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, parent int64
		var code string
		if err := rows.Scan(&id, &code, &parent); err != nil {
			rows.Close()
			return nil, err
		}
		nodes[id] = struct {
			code   string
			parent int64
		}{code, parent}
	}
	rows.Close()
	firmNodes := map[int64][]string{}
	rows, err = s.query(ctx, `SELECT m.org_id, m.node_id FROM memberships m JOIN organisations o ON o.id = m.org_id
		WHERE o.system_id = ? AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)`, systemID, day, day)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var org, id int64
		if err := rows.Scan(&org, &id); err != nil {
			rows.Close()
			return nil, err
		}
		for ; id != 0; id = nodes[id].parent {
			c := nodes[id].code
			dup := false
			for _, x := range firmNodes[org] {
				dup = dup || x == c
			}
			if !dup {
				firmNodes[org] = append(firmNodes[org], c)
			}
		}
	}
	rows.Close()
	want := map[string]bool{}
	for _, c := range indicators {
		want[c] = true
	}
	rows, err = s.query(ctx, `SELECT r.org_id, COALESCE(o.uscc, o.code), i.code, r.value FROM reports r
		JOIN organisations o ON o.id = r.org_id JOIN indicators i ON i.id = r.indicator_id
		WHERE r.system_id = ? AND r.year = ? AND r.month = ? AND r.is_current AND r.value IS NOT NULL ORDER BY 2, 3`, systemID, year, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []FirmValue
	for rows.Next() {
		var org int64
		var f FirmValue
		var v sql.NullInt64
		if err := rows.Scan(&org, &f.USCC, &f.Indicator, &v); err != nil {
			return nil, err
		}
		if !want[f.Indicator] {
			continue
		}
		f.Value, f.Nodes = decimal.New(v.Int64, -2), firmNodes[org]
		out = append(out, f)
	}
	return out, rows.Err()
}
