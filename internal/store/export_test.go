package store

import "context"

// AggregateStreaming is the streaming aggregation (SQLite's path of
// AggregateReports, AggregateRatio and AggregatePeriod) on either engine:
// the reference the grouped PostgreSQL paths are tested against.
func (s *Store) AggregateStreaming(ctx context.Context, systemID int64, year, month int, day string, pairs [][2]string) ([]NodeSums, [][]RatioSums, error) {
	return s.aggregate(ctx, systemID, year, month, day, pairs)
}

// CountRecognisedCTE is CountRecognised as one SQL query (a recursive CTE
// over the structure joined to every firm's memberships), as it was before
// the roll-up moved to Go: the reference the new path is tested against.
func (s *Store) CountRecognisedCTE(ctx context.Context, systemID int64, recognition, day string) (map[string]int, error) {
	rows, err := s.query(ctx, `WITH RECURSIVE anc(node_id, anc_id) AS (
		SELECT id, id FROM nodes WHERE system_id = ?
		UNION ALL
		SELECT anc.node_id, n.parent_id FROM anc JOIN nodes n ON n.id = anc.anc_id WHERE n.parent_id IS NOT NULL
	),
	firm_node(org_id, node_id) AS (
		SELECT DISTINCT m.org_id, anc.anc_id FROM memberships m
		JOIN anc ON anc.node_id = m.node_id
		JOIN organisations o ON o.id = m.org_id AND o.system_id = ?
		WHERE (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)
		UNION
		SELECT o.id, n.id FROM organisations o JOIN nodes n ON n.system_id = o.system_id AND n.parent_id IS NULL
		WHERE o.system_id = ? AND o.in_district
	)
		SELECT n.code, COUNT(DISTINCT fn.org_id)
		FROM firm_node fn
		JOIN nodes n ON n.id = fn.node_id
		JOIN recognitions rc ON rc.org_id = fn.org_id
		WHERE rc.name = ? AND rc.granted <> '' AND rc.granted <= ? AND (rc.valid_until = '' OR rc.valid_until >= ?)
		GROUP BY n.code`,
		systemID, systemID, day, day, systemID, recognition, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var code string
		var n int
		if err := rows.Scan(&code, &n); err != nil {
			return nil, err
		}
		out[code] = n
	}
	return out, rows.Err()
}

// ReportPeriodsDistinct is ReportPeriods as one DISTINCT query over every
// current report (before the loose index scan).
func (s *Store) ReportPeriodsDistinct(ctx context.Context, systemID int64) ([][2]int, error) {
	rows, err := s.query(ctx, `SELECT DISTINCT year, month FROM reports WHERE system_id = ? AND is_current ORDER BY year DESC, month DESC`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]int
	for rows.Next() {
		var y, m int
		if err := rows.Scan(&y, &m); err != nil {
			return nil, err
		}
		out = append(out, [2]int{y, m})
	}
	return out, rows.Err()
}

// SetRegistryCopy turns WriteRegistry's bulk path on PostgreSQL on or off
// (to compare it with the per-firm path); it returns the previous setting.
func SetRegistryCopy(on bool) bool {
	old := registryCopy
	registryCopy = on
	return old
}
