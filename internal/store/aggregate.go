package store

import (
	"context"

	"github.com/shopspring/decimal"
)

// firmNodes is a CTE (firm_node: org_id, node_id) placing every firm of a
// system in each node whose subtree holds one of its memberships active on a
// day, and every in-district firm in the root. Parameters: system, system,
// day, day, system. DISTINCT makes a firm count once per node even when it
// belongs to two of the node's descendants.
const firmNodes = `WITH RECURSIVE anc(node_id, anc_id) AS (
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
	)`

// NodeSums is one node's sums of one indicator over the current revisions of
// its firms' year-to-date reports for one year and month.
type NodeSums struct {
	NodeCode  string
	Indicator string
	// Firms is the number of firms with a value; Value their sum.
	Firms int
	Value decimal.Decimal
	// PairedFirms have both a value and a 同期数; PairedValue and PairedPrior
	// are the sums over exactly those firms (the same basis, 同口径).
	PairedFirms int
	PairedValue decimal.Decimal
	PairedPrior decimal.Decimal
}

// AggregateReports sums the current report revisions of every indicator for
// every node for a year and month (1–month cumulative), placing firms by the
// memberships active on day (YYYY-MM-DD, normally the period's last day).
// Values are exact, in base units.
func (s *Store) AggregateReports(ctx context.Context, systemID int64, year, month int, day string) ([]NodeSums, error) {
	rows, err := s.query(ctx, firmNodes+`
		SELECT n.code, i.code, COUNT(r.value), COALESCE(SUM(r.value), 0),
			COUNT(CASE WHEN r.value IS NOT NULL AND r.prior IS NOT NULL THEN 1 END),
			COALESCE(SUM(CASE WHEN r.prior IS NOT NULL THEN r.value END), 0),
			COALESCE(SUM(CASE WHEN r.value IS NOT NULL THEN r.prior END), 0)
		FROM reports r
		JOIN firm_node fn ON fn.org_id = r.org_id
		JOIN nodes n ON n.id = fn.node_id
		JOIN indicators i ON i.id = r.indicator_id
		WHERE r.system_id = ? AND r.year = ? AND r.month = ? AND r.is_current
		GROUP BY n.code, i.code
		ORDER BY n.code, i.code`,
		systemID, systemID, day, day, systemID, systemID, year, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []NodeSums
	for rows.Next() {
		var x NodeSums
		var v, pv, pp int64
		if err := rows.Scan(&x.NodeCode, &x.Indicator, &x.Firms, &v, &x.PairedFirms, &pv, &pp); err != nil {
			return nil, err
		}
		x.Value, x.PairedValue, x.PairedPrior = decimal.New(v, -2), decimal.New(pv, -2), decimal.New(pp, -2)
		out = append(out, x)
	}
	return out, rows.Err()
}

// CountRecognised counts, for every node, the firms holding a recognition
// (e.g. model.HighTechEnterprise) valid on day: issued on or before it and
// not expired (valid_until empty or on or after day).
func (s *Store) CountRecognised(ctx context.Context, systemID int64, recognition, day string) (map[string]int, error) {
	rows, err := s.query(ctx, firmNodes+`
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

// ReportPeriods lists the (year, month) pairs that have current reports,
// newest first.
func (s *Store) ReportPeriods(ctx context.Context, systemID int64) ([][2]int, error) {
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

// RatioSums is, for one node, the sums of a numerator and a denominator
// indicator over the firms that reported both (so the ratio compares like
// with like).
type RatioSums struct {
	NodeCode string
	Firms    int
	Num, Den decimal.Decimal
}

// AggregateRatio sums num and den (indicator codes) over the firms of every
// node that reported both for year and month, placing firms as on day.
func (s *Store) AggregateRatio(ctx context.Context, systemID int64, year, month int, day, num, den string) ([]RatioSums, error) {
	rows, err := s.query(ctx, firmNodes+`
		SELECT n.code, COUNT(*), COALESCE(SUM(a.value), 0), COALESCE(SUM(b.value), 0)
		FROM reports a
		JOIN indicators ia ON ia.id = a.indicator_id AND ia.code = ?
		JOIN reports b ON b.org_id = a.org_id AND b.year = a.year AND b.month = a.month AND b.is_current
		JOIN indicators ib ON ib.id = b.indicator_id AND ib.code = ?
		JOIN firm_node fn ON fn.org_id = a.org_id
		JOIN nodes n ON n.id = fn.node_id
		WHERE a.system_id = ? AND a.year = ? AND a.month = ? AND a.is_current AND a.value IS NOT NULL AND b.value IS NOT NULL
		GROUP BY n.code`,
		systemID, systemID, day, day, systemID, num, den, systemID, year, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []RatioSums
	for rows.Next() {
		var x RatioSums
		var a, b int64
		if err := rows.Scan(&x.NodeCode, &x.Firms, &a, &b); err != nil {
			return nil, err
		}
		x.Num, x.Den = decimal.New(a, -2), decimal.New(b, -2)
		out = append(out, x)
	}
	return out, rows.Err()
}
