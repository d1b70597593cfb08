package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/db"
)

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
//
// The roll-up over the structure is done here rather than in SQL, in one of
// two ways, whichever is faster on the engine (BenchmarkScale, 1,000,000
// firms, one period = 5 M report rows):
//
//   - SQLite: the database streams each firm's reports for the period once
//     (an indexed scan), and each value is added to every node the firm
//     belongs to — its membership nodes, their ancestors and the root —
//     counting a firm once per node even when it belongs to two of the
//     node's descendants (6.3 s; the grouped query takes 20 s in the
//     WebAssembly engine, which has to sort the 5 M rows to group them).
//   - PostgreSQL: the database sums the reports per distinct placement of
//     firms (aggregateGrouped; hash aggregation, 2.4 s), and the few sums are
//     rolled up here (streaming the rows took 3.8–4.5 s).
//
// Measured: BenchmarkAggregate, BenchmarkScale.
func (s *Store) AggregateReports(ctx context.Context, systemID int64, year, month int, day string) ([]NodeSums, error) {
	if s.db.Dialect == db.Postgres {
		return s.aggregateGrouped(ctx, systemID, year, month, day)
	}
	sums, _, err := s.aggregate(ctx, systemID, year, month, day, nil)
	return sums, err
}

// AggregateRatio sums num and den (indicator codes) over the firms of every
// node that reported both for year and month, placing firms as on day. A
// num of the form "code@recognition" counts only firms holding that
// recognition on day (and 0 for the others), which makes the ratio a share:
// "operating_revenue@高新技术企业" over "operating_revenue".
//
// On SQLite the period's reports are streamed (as for AggregateReports); on
// PostgreSQL the database pairs each firm's two values and sums the pairs
// per distinct placement of firms (ratiosGrouped).
func (s *Store) AggregateRatio(ctx context.Context, systemID int64, year, month int, day, num, den string) ([]RatioSums, error) {
	pairs := [][2]string{{num, den}}
	var ratios [][]RatioSums
	var err error
	if s.db.Dialect == db.Postgres {
		ratios, err = s.ratiosGrouped(ctx, systemID, year, month, day, pairs)
	} else {
		_, ratios, err = s.aggregate(ctx, systemID, year, month, day, pairs)
	}
	if err != nil {
		return nil, err
	}
	return ratios[0], nil
}

// AggregatePeriod is AggregateReports and AggregateRatio for each (num, den)
// pair of pairs in one go, with the same results: on SQLite one scan of the
// period's reports computes them all (instead of one scan each); on
// PostgreSQL one grouped query computes the sums and one more every ratio.
func (s *Store) AggregatePeriod(ctx context.Context, systemID int64, year, month int, day string, pairs [][2]string) ([]NodeSums, [][]RatioSums, error) {
	if s.db.Dialect != db.Postgres {
		return s.aggregate(ctx, systemID, year, month, day, pairs)
	}
	sums, err := s.aggregateGrouped(ctx, systemID, year, month, day)
	if err != nil {
		return nil, nil, err
	}
	ratios, err := s.ratiosGrouped(ctx, systemID, year, month, day, pairs)
	if err != nil {
		return nil, nil, err
	}
	return sums, ratios, nil
}

// acc accumulates hundredths of base units exactly, failing on overflow.
type acc struct {
	firms, paired int
	value, pv, pp int64
}

func add(dst *int64, v int64) error {
	r := *dst + v
	if (v > 0 && r < *dst) || (v < 0 && r > *dst) {
		return fmt.Errorf("aggregate overflows 64-bit hundredths")
	}
	*dst = r
	return nil
}

// aggregate computes the node sums and, for each (num, den) pair, the ratio
// sums over firms that reported both.
//
// Nodes and indicators are numbered densely here so that the per-row work of
// the scan — the hot loop, one iteration per report of the period — indexes
// slices instead of hashing: each firm's node list is looked up once per firm
// (the covering index returns a firm's rows together), and each value is
// added to a [node][indicator] array.
func (s *Store) aggregate(ctx context.Context, systemID int64, year, month int, day string, pairs [][2]string) ([]NodeSums, [][]RatioSums, error) {
	// The structure: node codes and parents.
	nodes, root, err := s.nodeTree(ctx, systemID)
	if err != nil {
		return nil, nil, err
	}
	var rows *sql.Rows
	// Dense node numbers (an id outside the structure gets one too, with an
	// empty code, as it did when sums were keyed by id).
	nodePos := map[int64]int32{}
	var nodeCodes []string
	posOf := func(id int64) int32 {
		p, ok := nodePos[id]
		if !ok {
			p = int32(len(nodeCodes))
			nodePos[id] = p
			nodeCodes = append(nodeCodes, nodes[id].code)
		}
		return p
	}
	// chains[node] is the node and its ancestors, computed once per node.
	chains := map[int64][]int32{}
	chain := func(id int64) []int32 {
		c, ok := chains[id]
		if !ok {
			for x := id; x != 0; x = nodes[x].parent {
				c = append(c, posOf(x))
			}
			chains[id] = c
		}
		return c
	}
	// Each firm's nodes on day: memberships, their ancestors, and the root
	// for in-district firms.
	firmNodes := map[int64][]int32{}
	addNode := func(org int64, p int32) {
		ns := firmNodes[org]
		for _, x := range ns {
			if x == p {
				return
			}
		}
		firmNodes[org] = append(ns, p)
	}
	rows, err = s.query(ctx, `SELECT m.org_id, m.node_id FROM memberships m JOIN organisations o ON o.id = m.org_id
		WHERE o.system_id = ? AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)`, systemID, day, day)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var org, id int64
		if err := rows.Scan(&org, &id); err != nil {
			rows.Close()
			return nil, nil, err
		}
		for _, p := range chain(id) {
			addNode(org, p)
		}
	}
	rows.Close()
	rootPos := posOf(root)
	rows, err = s.query(ctx, `SELECT id FROM organisations WHERE system_id = ? AND in_district`, systemID)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var org int64
		if err := rows.Scan(&org); err != nil {
			rows.Close()
			return nil, nil, err
		}
		addNode(org, rootPos)
	}
	rows.Close()
	// Dense indicator numbers; small ids (all in practice) through a slice.
	indPos := map[int64]int32{}
	var indCodes []string
	inds := map[int64]string{}
	rows, err = s.query(ctx, `SELECT id, code FROM indicators`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			rows.Close()
			return nil, nil, err
		}
		inds[id] = code
	}
	rows.Close()
	const smallID = 1 << 12
	indSmall := make([]int32, smallID)
	for i := range indSmall {
		indSmall[i] = -1
	}
	indOf := func(id int64) int32 {
		if id >= 0 && id < smallID && indSmall[id] >= 0 {
			return indSmall[id]
		}
		p, ok := indPos[id]
		if !ok {
			p = int32(len(indCodes))
			indPos[id] = p
			indCodes = append(indCodes, inds[id])
			if id >= 0 && id < smallID {
				indSmall[id] = p
			}
		}
		return p
	}
	pairCode := map[string][]int{} // indicator code → pair index and side (2i, 2i+1)
	pairRec := make([]string, len(pairs))
	for i, p := range pairs {
		// "code@recognition": the value of firms holding the recognition on
		// day, 0 for the others (a share: part over whole).
		num, rec, _ := strings.Cut(p[0], "@")
		pairRec[i] = rec
		pairCode[num] = append(pairCode[num], 2*i)
		pairCode[p[1]] = append(pairCode[p[1]], 2*i+1)
	}
	var sidesOf [][]int // by indicator number
	if len(pairs) > 0 {
		for id, code := range inds {
			p := indOf(id)
			for int(p) >= len(sidesOf) {
				sidesOf = append(sidesOf, nil)
			}
			sidesOf[p] = pairCode[code]
		}
	}
	recognised := map[string]map[int64]bool{}
	for _, rec := range pairRec {
		if rec == "" || recognised[rec] != nil {
			continue
		}
		set := map[int64]bool{}
		rows, err := s.query(ctx, `SELECT DISTINCT rc.org_id FROM recognitions rc JOIN organisations o ON o.id = rc.org_id
			WHERE o.system_id = ? AND rc.name = ? AND rc.granted <> '' AND rc.granted <= ? AND (rc.valid_until = '' OR rc.valid_until >= ?)`,
			systemID, rec, day, day)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var org int64
			if err := rows.Scan(&org); err != nil {
				rows.Close()
				return nil, nil, err
			}
			set[org] = true
		}
		rows.Close()
		recognised[rec] = set
	}

	// pairSet[i] is the firms holding pair i's recognition, nil for none.
	pairSet := make([]map[int64]bool, len(pairs))
	for i, rec := range pairRec {
		if rec != "" {
			pairSet[i] = recognised[rec]
		}
	}

	// sums[node][indicator]; a sum with firms == 0 was never touched.
	sums := make([][]acc, len(nodeCodes))
	type rkey struct {
		node int32
		pair int
	}
	ratio := map[rkey]*[3]int64{} // firms, num, den
	// Each placed firm's values of the pair indicators, to pair them after
	// the scan: pairAt[org] is the firm's offset in pairVal and pairHas
	// (2·len(pairs) slots a firm, num and den of each pair).
	pairAt := map[int64]int{}
	var pairOrgs []int64
	var pairVal []int64
	var pairHas []bool
	rows, err = s.query(ctx, `SELECT org_id, indicator_id, value, prior FROM reports
		WHERE system_id = ? AND year = ? AND month = ? AND is_current`, systemID, year, month)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	lastOrg, haveLast, lastAt := int64(0), false, -1
	var fn []int32
	for rows.Next() {
		var org, ind int64
		var v, p sql.NullInt64
		if err := rows.Scan(&org, &ind, &v, &p); err != nil {
			return nil, nil, err
		}
		if !v.Valid {
			continue
		}
		ip := indOf(ind)
		if !haveLast || org != lastOrg {
			fn, lastOrg, haveLast = firmNodes[org], org, true
			lastAt = -1
		}
		// A firm in no node adds to no ratio: its values are not kept.
		if int(ip) < len(sidesOf) && len(fn) > 0 {
			if sides := sidesOf[ip]; len(sides) > 0 {
				at := lastAt
				if at < 0 {
					var ok bool
					if at, ok = pairAt[org]; !ok {
						at = len(pairVal)
						pairAt[org] = at
						pairOrgs = append(pairOrgs, org)
						pairVal = append(pairVal, make([]int64, 2*len(pairs))...)
						pairHas = append(pairHas, make([]bool, 2*len(pairs))...)
					}
					lastAt = at
				}
				for _, si := range sides {
					x := v.Int64
					if set := pairSet[si/2]; si%2 == 0 && set != nil && !set[org] {
						x = 0
					}
					pairVal[at+si], pairHas[at+si] = x, true
				}
			}
		}
		for _, n := range fn {
			row := sums[n]
			if int(ip) >= len(row) {
				row = append(row, make([]acc, len(indCodes)-len(row))...)
				sums[n] = row
			}
			a := &row[ip]
			a.firms++
			if err := add(&a.value, v.Int64); err != nil {
				return nil, nil, err
			}
			if p.Valid {
				a.paired++
				if err := add(&a.pv, v.Int64); err != nil {
					return nil, nil, err
				}
				if err := add(&a.pp, p.Int64); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for _, org := range pairOrgs {
		at := pairAt[org]
		for i := range pairs {
			if !pairHas[at+2*i] || !pairHas[at+2*i+1] {
				continue
			}
			for _, n := range firmNodes[org] {
				r := ratio[rkey{n, i}]
				if r == nil {
					r = &[3]int64{}
					ratio[rkey{n, i}] = r
				}
				r[0]++
				if err := add(&r[1], pairVal[at+2*i]); err != nil {
					return nil, nil, err
				}
				if err := add(&r[2], pairVal[at+2*i+1]); err != nil {
					return nil, nil, err
				}
			}
		}
	}
	out := []NodeSums{}
	for n, row := range sums {
		for i := range row {
			a := &row[i]
			if a.firms == 0 {
				continue
			}
			out = append(out, NodeSums{NodeCode: nodeCodes[n], Indicator: indCodes[i], Firms: a.firms, Value: decimal.New(a.value, -2),
				PairedFirms: a.paired, PairedValue: decimal.New(a.pv, -2), PairedPrior: decimal.New(a.pp, -2)})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].NodeCode != out[j].NodeCode {
			return out[i].NodeCode < out[j].NodeCode
		}
		return out[i].Indicator < out[j].Indicator
	})
	ratios := make([][]RatioSums, len(pairs))
	for k, r := range ratio {
		ratios[k.pair] = append(ratios[k.pair], RatioSums{NodeCode: nodeCodes[k.node], Firms: int(r[0]), Num: decimal.New(r[1], -2), Den: decimal.New(r[2], -2)})
	}
	for _, rs := range ratios {
		sort.Slice(rs, func(i, j int) bool { return rs[i].NodeCode < rs[j].NodeCode })
	}
	return out, ratios, nil
}

// aggregateGrouped computes AggregateReports' sums with the database doing
// the per-report work: one query sums the period's reports per distinct
// placement of firms — in the district or not, and the list of active
// membership nodes (a handful of distinct lists however many firms) — and
// indicator, and the few group sums are then added here to every node of the
// group's placement: its membership nodes, their ancestors and the root for
// in-district firms. A firm's placement is one group, so it still counts
// once per node even when it belongs to two of the node's descendants.
func (s *Store) aggregateGrouped(ctx context.Context, systemID int64, year, month int, day string) ([]NodeSums, error) {
	nodes, root, err := s.nodeTree(ctx, systemID)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	inds, err := s.indicatorCodes(ctx)
	if err != nil {
		return nil, err
	}
	rows, err = s.query(ctx, s.placementCTE()+`
		SELECT pl.inside, pl.nodes, r.indicator_id, COUNT(*), SUM(r.value), COUNT(r.prior),
			SUM(CASE WHEN r.prior IS NOT NULL THEN r.value END), SUM(r.prior)
		FROM reports r JOIN placement pl ON pl.org_id = r.org_id
		WHERE r.system_id = ? AND r.year = ? AND r.month = ? AND r.is_current AND r.value IS NOT NULL
		GROUP BY pl.inside, pl.nodes, r.indicator_id`, day, day, systemID, systemID, year, month)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct{ node, ind int64 }
	sums := map[key]*acc{}
	// SUM is numeric on PostgreSQL: read the sums as text, exact.
	for rows.Next() {
		var inside bool
		var list sql.NullString
		var ind, firms, paired int64
		var value, pvalue, pprior sql.NullString
		if err := rows.Scan(&inside, &list, &ind, &firms, &value, &paired, &pvalue, &pprior); err != nil {
			return nil, err
		}
		var v, pv, pp int64
		if v, err = parseHundredths(value); err != nil {
			return nil, err
		}
		if pv, err = parseHundredths(pvalue); err != nil {
			return nil, err
		}
		if pp, err = parseHundredths(pprior); err != nil {
			return nil, err
		}
		set, err := placementNodes(list, inside, func(id int64) int64 { return nodes[id].parent }, root)
		if err != nil {
			return nil, err
		}
		for _, n := range set {
			a := sums[key{n, ind}]
			if a == nil {
				a = &acc{}
				sums[key{n, ind}] = a
			}
			a.firms += int(firms)
			a.paired += int(paired)
			if err := add(&a.value, v); err != nil {
				return nil, err
			}
			if err := add(&a.pv, pv); err != nil {
				return nil, err
			}
			if err := add(&a.pp, pp); err != nil {
				return nil, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]NodeSums, 0, len(sums))
	for k, a := range sums {
		out = append(out, NodeSums{NodeCode: nodes[k.node].code, Indicator: inds[k.ind], Firms: a.firms, Value: decimal.New(a.value, -2),
			PairedFirms: a.paired, PairedValue: decimal.New(a.pv, -2), PairedPrior: decimal.New(a.pp, -2)})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].NodeCode != out[j].NodeCode {
			return out[i].NodeCode < out[j].NodeCode
		}
		return out[i].Indicator < out[j].Indicator
	})
	return out, nil
}

// placementCTE is the CTE placement(org_id, inside, nodes) of
// aggregateGrouped and ratiosGrouped: every firm of a system with whether it
// is in the district and the comma-separated list of its membership nodes
// active on a day (NULL for none). Parameters: day, day, system.
func (s *Store) placementCTE() string {
	concat := "group_concat(m.node_id)"
	if s.db.Dialect == db.Postgres {
		concat = "string_agg(m.node_id::text, ',')"
	}
	return `WITH placement AS (
			SELECT o.id AS org_id, o.in_district AS inside, ` + concat + ` AS nodes
			FROM organisations o LEFT JOIN memberships m ON m.org_id = o.id
				AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)
			WHERE o.system_id = ?
			GROUP BY o.id, o.in_district
		)`
}

// placementNodes is the set of nodes of a placement (see placementCTE): its
// membership nodes and their ancestors (parent gives a node's parent, 0 for
// none), and root when the firm is in the district; each node once.
func placementNodes(list sql.NullString, inside bool, parent func(int64) int64, root int64) ([]int64, error) {
	var set []int64
	put := func(id int64) {
		for _, x := range set {
			if x == id {
				return
			}
		}
		set = append(set, id)
	}
	if list.Valid && list.String != "" {
		for _, f := range strings.Split(list.String, ",") {
			id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
			if err != nil {
				return nil, fmt.Errorf("aggregate: membership node %q: %w", f, err)
			}
			for ; id != 0; id = parent(id) {
				put(id)
			}
		}
	}
	if inside {
		put(root)
	}
	return set, nil
}

// ratiosGrouped computes AggregateRatio's sums for several (num, den) pairs
// with the database doing the per-report work (PostgreSQL): one query reads
// the period's reports of the pairs' indicators, puts each firm's values on
// one row (reports_current allows one current report per firm, indicator
// and period), marks the firms holding each pair's recognition on day, and
// sums per distinct placement of firms the pairs of firms that reported
// both; the few group sums are then added here to the nodes of each
// placement, as in aggregateGrouped.
func (s *Store) ratiosGrouped(ctx context.Context, systemID int64, year, month int, day string, pairs [][2]string) ([][]RatioSums, error) {
	out := make([][]RatioSums, len(pairs))
	if len(pairs) == 0 {
		return out, nil
	}
	nodes, root, err := s.nodeTree(ctx, systemID)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	codes, err := s.indicatorCodes(ctx)
	if err != nil {
		return nil, err
	}
	indID := make(map[string]int64, len(codes))
	for id, code := range codes {
		indID[code] = id
	}
	// Columns: one value column per distinct indicator, one flag per
	// distinct recognition; pairs with an unknown indicator have no sums.
	var cols []int64
	colOf := map[int64]int{}
	var recs []string
	recOf := map[string]int{}
	type side struct{ num, den, rec int } // rec -1: no recognition
	sides := make([]*side, len(pairs))
	for i, p := range pairs {
		code, rec, _ := strings.Cut(p[0], "@")
		nid, ok1 := indID[code]
		did, ok2 := indID[p[1]]
		if !ok1 || !ok2 {
			continue
		}
		sd := &side{rec: -1}
		for _, x := range []struct {
			id  int64
			dst *int
		}{{nid, &sd.num}, {did, &sd.den}} {
			c, ok := colOf[x.id]
			if !ok {
				c = len(cols)
				colOf[x.id] = c
				cols = append(cols, x.id)
			}
			*x.dst = c
		}
		if rec != "" {
			r, ok := recOf[rec]
			if !ok {
				r = len(recs)
				recOf[rec] = r
				recs = append(recs, rec)
			}
			sd.rec = r
		}
		sides[i] = sd
	}
	if len(cols) == 0 {
		return out, nil
	}
	var q strings.Builder
	args := []any{day, day, systemID}
	q.WriteString(s.placementCTE())
	for r := range recs {
		fmt.Fprintf(&q, `, rec%d AS (
			SELECT DISTINCT rc.org_id FROM recognitions rc JOIN organisations o ON o.id = rc.org_id
			WHERE o.system_id = ? AND rc.name = ? AND rc.granted <> '' AND rc.granted <= ? AND (rc.valid_until = '' OR rc.valid_until >= ?)
		)`, r)
		args = append(args, systemID, recs[r], day, day)
	}
	q.WriteString(`, firm AS (
			SELECT r.org_id`)
	in := make([]string, len(cols))
	for c, id := range cols {
		fmt.Fprintf(&q, `, MAX(CASE WHEN r.indicator_id = %d THEN r.value END) AS v%d`, id, c)
		in[c] = strconv.FormatInt(id, 10)
	}
	q.WriteString(`
			FROM reports r
			WHERE r.system_id = ? AND r.year = ? AND r.month = ? AND r.is_current AND r.value IS NOT NULL
				AND r.indicator_id IN (` + strings.Join(in, ", ") + `)
			GROUP BY r.org_id
		)
		SELECT pl.inside, pl.nodes`)
	args = append(args, systemID, year, month)
	active := []int{}
	for i, sd := range sides {
		if sd == nil {
			continue
		}
		active = append(active, i)
		both := fmt.Sprintf("f.v%d IS NOT NULL AND f.v%d IS NOT NULL", sd.num, sd.den)
		numOK := both
		if sd.rec >= 0 {
			numOK += fmt.Sprintf(" AND rec%d.org_id IS NOT NULL", sd.rec)
		}
		fmt.Fprintf(&q, `,
			COUNT(CASE WHEN %s THEN 1 END), SUM(CASE WHEN %s THEN f.v%d END), SUM(CASE WHEN %s THEN f.v%d END)`,
			both, numOK, sd.num, both, sd.den)
	}
	q.WriteString(`
		FROM firm f JOIN placement pl ON pl.org_id = f.org_id`)
	for r := range recs {
		fmt.Fprintf(&q, ` LEFT JOIN rec%d ON rec%d.org_id = f.org_id`, r, r)
	}
	q.WriteString(`
		GROUP BY pl.inside, pl.nodes`)
	rows, err = s.query(ctx, q.String(), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type key struct {
		node int64
		pair int
	}
	sums := map[key]*[3]int64{} // firms, num, den
	for rows.Next() {
		var inside bool
		var list sql.NullString
		firms := make([]int64, len(active))
		num := make([]sql.NullString, len(active))
		den := make([]sql.NullString, len(active))
		dst := []any{&inside, &list}
		for k := range active {
			dst = append(dst, &firms[k], &num[k], &den[k])
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		set, err := placementNodes(list, inside, func(id int64) int64 { return nodes[id].parent }, root)
		if err != nil {
			return nil, err
		}
		for k, i := range active {
			if firms[k] == 0 {
				continue
			}
			nv, err := parseHundredths(num[k])
			if err != nil {
				return nil, err
			}
			dv, err := parseHundredths(den[k])
			if err != nil {
				return nil, err
			}
			for _, n := range set {
				r := sums[key{n, i}]
				if r == nil {
					r = &[3]int64{}
					sums[key{n, i}] = r
				}
				r[0] += firms[k]
				if err := add(&r[1], nv); err != nil {
					return nil, err
				}
				if err := add(&r[2], dv); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for k, r := range sums {
		out[k.pair] = append(out[k.pair], RatioSums{NodeCode: nodes[k.node].code, Firms: int(r[0]), Num: decimal.New(r[1], -2), Den: decimal.New(r[2], -2)})
	}
	for _, rs := range out {
		sort.Slice(rs, func(i, j int) bool { return rs[i].NodeCode < rs[j].NodeCode })
	}
	return out, nil
}

// CountRecognised counts, for every node, the firms holding a recognition
// (e.g. model.HighTechEnterprise) valid on day: issued on or before it and
// not expired (valid_until empty or on or after day). A firm counts in each
// node whose subtree holds one of its memberships active on day, and in the
// root when it is in the district; once per node even when it belongs to two
// of the node's descendants.
//
// The database returns the recognised firms' active memberships (work in
// proportion to the recognised firms, not to the district's) and the
// roll-up over the structure is done here.
func (s *Store) CountRecognised(ctx context.Context, systemID int64, recognition, day string) (map[string]int, error) {
	nodes, root, err := s.nodeTree(ctx, systemID)
	if err != nil {
		return nil, err
	}
	var rows *sql.Rows
	rows, err = s.query(ctx, `SELECT o.id, o.in_district, m.node_id
		FROM organisations o LEFT JOIN memberships m ON m.org_id = o.id
			AND (m.valid_from IS NULL OR m.valid_from <= ?) AND (m.valid_to IS NULL OR m.valid_to >= ?)
		WHERE o.system_id = ? AND o.id IN (SELECT rc.org_id FROM recognitions rc
			WHERE rc.name = ? AND rc.granted <> '' AND rc.granted <= ? AND (rc.valid_until = '' OR rc.valid_until >= ?))`,
		day, day, systemID, recognition, day, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type pair struct{ org, node int64 }
	seen := map[pair]bool{}
	perNode := map[int64]int{}
	put := func(org, id int64) {
		if !seen[pair{org, id}] {
			seen[pair{org, id}] = true
			perNode[id]++
		}
	}
	for rows.Next() {
		var org int64
		var inside bool
		var id sql.NullInt64
		if err := rows.Scan(&org, &inside, &id); err != nil {
			return nil, err
		}
		if inside {
			if root != 0 {
				put(org, root)
			}
		}
		if !id.Valid {
			continue
		}
		if _, ok := nodes[id.Int64]; !ok {
			continue // not a node of the system
		}
		for x := id.Int64; x != 0; x = nodes[x].parent {
			put(org, x)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[string]int{}
	for id, n := range perNode {
		if nd, ok := nodes[id]; ok {
			out[nd.code] += n
		}
	}
	return out, nil
}

// NewestReportPeriod is the newest (year, month) with current reports (one
// index probe); ok false when there are none.
func (s *Store) NewestReportPeriod(ctx context.Context, systemID int64) (year, month int, ok bool, err error) {
	err = s.queryRow(ctx, `SELECT year, month FROM reports WHERE system_id = ? AND is_current
		ORDER BY year DESC, month DESC LIMIT 1`, systemID).Scan(&year, &month)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, 0, false, nil
	}
	return year, month, err == nil, err
}

// ReportPeriods lists the (year, month) pairs that have current reports,
// newest first. Each is found by one descending probe of the reports_period
// index below the previous one (a "loose" index scan: a few probes a year
// instead of reading the index's 55 M entries at a million firms). The
// probes name year and month separately: SQLite does not seek backwards to
// a row-value bound like (year, month) < (?, ?) but scans up to it.
func (s *Store) ReportPeriods(ctx context.Context, systemID int64) ([][2]int, error) {
	var out [][2]int
	y, m, ok, err := s.NewestReportPeriod(ctx, systemID)
	for ok && err == nil {
		out = append(out, [2]int{y, m})
		// The month before in the same year, else the newest of a year before.
		err = s.queryRow(ctx, `SELECT month FROM reports WHERE system_id = ? AND is_current AND year = ? AND month < ?
			ORDER BY month DESC LIMIT 1`, systemID, y, m).Scan(&m)
		if errors.Is(err, sql.ErrNoRows) {
			err = s.queryRow(ctx, `SELECT year, month FROM reports WHERE system_id = ? AND is_current AND year < ?
				ORDER BY year DESC, month DESC LIMIT 1`, systemID, y).Scan(&y, &m)
			if errors.Is(err, sql.ErrNoRows) {
				return out, nil
			}
		}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RatioSums is, for one node, the sums of a numerator and a denominator
// indicator over the firms that reported both (so the ratio compares like
// with like).
type RatioSums struct {
	NodeCode string
	Firms    int
	Num, Den decimal.Decimal
}

// treeNode is a node of a system's structure as the aggregations read it.
type treeNode struct {
	code   string
	parent int64 // 0 for the root
}

// nodeTree reads a system's nodes by id, and its root (the district; 0 when
// the system has no nodes).
func (s *Store) nodeTree(ctx context.Context, systemID int64) (map[int64]treeNode, int64, error) {
	rows, err := s.query(ctx, `SELECT id, code, COALESCE(parent_id, 0) FROM nodes WHERE system_id = ?`, systemID)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	nodes := map[int64]treeNode{}
	var root int64
	for rows.Next() {
		var id int64
		var n treeNode
		if err := rows.Scan(&id, &n.code, &n.parent); err != nil {
			return nil, 0, err
		}
		nodes[id] = n
		if n.parent == 0 {
			root = id
		}
	}
	return nodes, root, rows.Err()
}

// indicatorCodes maps every indicator's id to its code.
func (s *Store) indicatorCodes(ctx context.Context) (map[int64]string, error) {
	rows, err := s.query(ctx, `SELECT id, code FROM indicators`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var id int64
		var code string
		if err := rows.Scan(&id, &code); err != nil {
			return nil, err
		}
		out[id] = code
	}
	return out, rows.Err()
}

// parseHundredths reads a SUM of amounts in hundredths, which PostgreSQL
// returns as numeric text: exact, 0 for NULL, an error beyond 64 bits.
func parseHundredths(ns sql.NullString) (int64, error) {
	if !ns.Valid {
		return 0, nil
	}
	v, err := strconv.ParseInt(ns.String, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("aggregate overflows 64-bit hundredths: %w", err)
	}
	return v, nil
}
