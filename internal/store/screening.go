package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
)

// ScreeningIndicators are the report indicators screening reads: 营业收入
// (the gradient rules' 营业收入 and the tech-based SME's 销售收入, both main-
// plus other-business revenue), and the month-end head counts 从业人员,
// 科技活动人员 and 研发人员. 研发投入 is not read: the statistical R&D
// (火炬统计口径) is not the 高企 or super-deduction basis (policy-rules §5.1,
// "do not mix bases"), so those R&D figures come only from supplied facts.
var ScreeningIndicators = []string{"operating_revenue", "employees", "st_staff", "rd_staff"}

// FirmRecords reads, for every firm of the system that has a credit code,
// what screening on day (YYYY-MM-DD, in year) needs: registry attributes,
// the nodes it counts in on day, all its recognitions, the current report
// values of ScreeningIndicators for every month of year−1 and December of
// year−2 and year−3, and its latest supplied facts. Firms are in credit-code
// order.
func (s *Store) FirmRecords(ctx context.Context, systemID int64, day string, year int) ([]model.FirmRecord, error) {
	var out []model.FirmRecord
	idx := map[int64]int{}
	rows, err := s.query(ctx, `SELECT id, uscc, name, COALESCE(registered_on, ''), in_district FROM organisations
		WHERE system_id = ? AND uscc IS NOT NULL ORDER BY uscc`, systemID)
	if err != nil {
		return nil, err
	}
	inDistrict := map[int64]bool{}
	for rows.Next() {
		var r model.FirmRecord
		var in bool
		if err := rows.Scan(&r.OrgID, &r.USCC, &r.Name, &r.RegisteredOn, &in); err != nil {
			rows.Close()
			return nil, err
		}
		idx[r.OrgID] = len(out)
		inDistrict[r.OrgID] = in
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Nodes: memberships on day, their ancestors, the root for in-district
	// firms (as AggregateReports counts them).
	nodes, rootID, err := s.nodeTree(ctx, systemID)
	if err != nil {
		return nil, err
	}
	root := nodes[rootID].code
	addNode := func(r *model.FirmRecord, code string) {
		for _, x := range r.Nodes {
			if x == code {
				return
			}
		}
		r.Nodes = append(r.Nodes, code)
	}
	for id, in := range inDistrict {
		if in && root != "" {
			addNode(&out[idx[id]], root)
		}
	}
	rows, err = s.query(ctx, `SELECT m.org_id, m.node_id FROM memberships m JOIN organisations o ON o.id = m.org_id
		WHERE o.system_id = ? AND o.uscc IS NOT NULL AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)`, systemID, day, day)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var org, id int64
		if err := rows.Scan(&org, &id); err != nil {
			rows.Close()
			return nil, err
		}
		r := &out[idx[org]]
		for ; id != 0; id = nodes[id].parent {
			addNode(r, nodes[id].code)
		}
	}
	rows.Close()

	rows, err = s.query(ctx, `SELECT r.org_id, r.name, r.level, r.granted, r.valid_until, r.certificate_no
		FROM recognitions r JOIN organisations o ON o.id = r.org_id WHERE o.system_id = ? AND o.uscc IS NOT NULL ORDER BY r.id`, systemID)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var org int64
		var rc model.Recognition
		if err := rows.Scan(&org, &rc.Name, &rc.Level, &rc.Granted, &rc.ValidUntil, &rc.CertificateNo); err != nil {
			rows.Close()
			return nil, err
		}
		r := &out[idx[org]]
		r.Recognitions = append(r.Recognitions, rc)
	}
	rows.Close()

	inds := map[int64]string{}
	rows, err = s.query(ctx, `SELECT id, code FROM indicators`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, err
		}
		for _, want := range ScreeningIndicators {
			if code == want {
				inds[id] = code
			}
		}
	}
	rows.Close()
	// The covering index reports_period serves these ranges.
	rows, err = s.query(ctx, `SELECT org_id, indicator_id, year, month, value FROM reports
		WHERE system_id = ? AND is_current AND value IS NOT NULL
		AND ((year = ?) OR (year IN (?, ?) AND month = 12))`, systemID, year-1, year-2, year-3)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var org, ind int64
		var f model.Figure
		var v sql.NullInt64
		if err := rows.Scan(&org, &ind, &f.Year, &f.Month, &v); err != nil {
			rows.Close()
			return nil, err
		}
		code, ok := inds[ind]
		i, known := idx[org]
		if !ok || !known {
			continue
		}
		f.Indicator, f.Value = code, decimal.New(v.Int64, -2)
		out[i].Figures = append(out[i].Figures, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Supplied facts: the latest supply per firm (highest id) wins.
	rows, err = s.query(ctx, `SELECT org_id, supplied_on, facts FROM firm_facts WHERE system_id = ? ORDER BY id`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var org int64
		var on, facts string
		if err := rows.Scan(&org, &on, &facts); err != nil {
			return nil, err
		}
		if i, ok := idx[org]; ok {
			out[i].Supplied, out[i].SuppliedOn = []byte(facts), on
		}
	}
	return out, rows.Err()
}

// SuppliedFacts is one firm's supplied screening facts: a JSON object in the
// shape of one firm of a facts file (docs/screening.md) holding only the
// facts given, and where it was read (Row, for errors).
type SuppliedFacts struct {
	USCC  string
	Facts []byte
	Row   int
}

// SupplyFacts stores supplied facts as of suppliedOn (YYYY-MM-DD) under an
// import, all or nothing: a credit code not in the registry is an error
// naming the row and the code, and nothing is written.
func (s *Store) SupplyFacts(ctx context.Context, systemID, importID int64, suppliedOn string, facts []SuppliedFacts) error {
	return s.tx(ctx, func(t *txn) error {
		orgs, err := t.codeIDs(ctx, `SELECT uscc, id FROM organisations WHERE system_id = ? AND uscc IS NOT NULL`, systemID)
		if err != nil {
			return err
		}
		for _, f := range facts {
			org, ok := orgs[f.USCC]
			if !ok {
				return fmt.Errorf("row %d: 统一社会信用代码 %q is not in the registry: import the firm first", f.Row, f.USCC)
			}
			if _, err := t.exec(ctx, `INSERT INTO firm_facts (system_id, org_id, supplied_on, facts, import_id, row_no) VALUES (?, ?, ?, ?, ?, ?)`,
				systemID, org, suppliedOn, string(f.Facts), nullID(importID), f.Row); err != nil {
				return err
			}
		}
		return nil
	})
}

// DataVersion changes whenever what screening and the aggregates read may
// have changed: the imports (every registry, report, facts and demo write is
// one), the supplied facts, and the organisations, memberships and
// recognitions a dataset load writes. Each part is a count of imports or an
// indexed MAX(id), cheap at any size. The organisations part, like the
// memberships and recognitions ones, is the whole table's MAX(id) (the
// primary key's last entry), not the system's: SQLite would read every
// organisation of the system for that (0.1 s at a million firms, on every
// request that uses a cached result), and a new organisation of another
// district only costs a recomputation.
func (s *Store) DataVersion(ctx context.Context, systemID int64) (string, error) {
	var imports, lastImport, facts, orgs, mems, recs int64
	var finished string
	err := s.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM imports WHERE system_id = ?),
		(SELECT COALESCE(MAX(id), 0) FROM imports WHERE system_id = ?),
		(SELECT COALESCE(MAX(finished_at), '') FROM imports WHERE system_id = ?),
		(SELECT COALESCE(MAX(id), 0) FROM firm_facts WHERE system_id = ?),
		(SELECT COALESCE(MAX(id), 0) FROM organisations),
		(SELECT COALESCE(MAX(id), 0) FROM memberships),
		(SELECT COALESCE(MAX(id), 0) FROM recognitions)`,
		systemID, systemID, systemID, systemID).Scan(&imports, &lastImport, &finished, &facts, &orgs, &mems, &recs)
	return fmt.Sprintf("%d/%d/%s/%d/%d/%d/%d", imports, lastImport, finished, facts, orgs, mems, recs), err
}
