package disclosure

import (
	"errors"
	"fmt"
	"math/big"
)

// Finding is what an attacker learns about one figure the table does not
// show: a suppressed cell or total, or a total the table does not publish.
type Finding struct {
	// Row and Col place it in the table extended with its margins: Col ==
	// Cols() is the row total of row Row, Row == Rows() the column total of
	// column Col, both the grand total.
	Row, Col int
	// Suppressed: shown as 「—（保密）」; false for a margin not published.
	Suppressed bool
	// Exact: the published equations alone fix the value (Lower = Upper).
	Exact bool
	// Lower and Upper bound every value consistent with the published
	// figures (and with non-negativity when the table is NonNegative);
	// nil is unbounded. They are the exact bounds: no consistent value lies
	// outside and both are attained.
	Lower, Upper *big.Rat
}

// Determined: the value is known exactly (by the equations, or because
// the feasible interval is a single point).
func (f Finding) Determined() bool {
	return f.Exact || (f.Lower != nil && f.Upper != nil && f.Lower.Cmp(f.Upper) == 0)
}

// Width is Upper − Lower, nil when unbounded.
func (f Finding) Width() *big.Rat {
	if f.Lower == nil || f.Upper == nil {
		return nil
	}
	return new(big.Rat).Sub(f.Upper, f.Lower)
}

// Attack plays the attacker on a published table. It knows only what is
// published: the shown values, which entries are suppressed or empty (an
// empty cell is 0), the additive structure (each row and column sums to its
// total, the totals to the grand total, whether those totals are published
// or not) and, if p.NonNegative, that every value is ≥ 0.
//
// It writes one equation per row and column of the table extended with its
// margins, with the unknown figures as variables, and solves it exactly
// (math/big.Rat): Gaussian elimination to reduced row echelon form; a
// variable is determined when its pivot row has no other variable (it takes
// the same value in every solution). For a non-negative table it then
// computes each unknown's exact feasible interval by linear programming
// (a rational two-phase simplex with Bland's rule, min and max of each
// variable); otherwise an undetermined variable is unbounded. Attack is
// independent of the method Protect uses (max-flow on the table's graph),
// so each checks the other.
//
// Cost: the simplex runs two small LPs per unknown; fine for tables of a
// few hundred cells, slow beyond.
func Attack(p *Published) ([]Finding, error) {
	m, n := p.Rows(), p.Cols()
	if m == 0 || n == 0 {
		return nil, errors.New("disclosure: attack: empty table")
	}
	v := &view{m: m, n: n, nonneg: p.NonNegative}
	N := (m + 1) * (n + 1)
	v.known = make([]bool, N)
	v.val = make([]*big.Rat, N)
	v.suppressed = make([]bool, N)
	set := func(e int, en Entry) {
		switch en.Status {
		case Shown:
			v.known[e], v.val[e] = true, en.Value.Rat()
		case Empty:
			v.known[e], v.val[e] = true, new(big.Rat)
		default:
			v.suppressed[e] = true
		}
	}
	for i, row := range p.Cells {
		if len(row) != n {
			return nil, fmt.Errorf("disclosure: attack: ragged row %d", i)
		}
		for j, en := range row {
			set(i*(n+1)+j, en)
		}
	}
	if p.RowTotals != nil {
		for i, en := range p.RowTotals {
			set(i*(n+1)+n, en)
		}
	}
	if p.ColTotals != nil {
		for j, en := range p.ColTotals {
			set(m*(n+1)+j, en)
		}
	}
	if p.GrandTotal != nil {
		set(m*(n+1)+n, *p.GrandTotal)
	}
	return v.attack()
}

// view is what the attacker sees: the (m+1)×(n+1) grid, known values.
type view struct {
	m, n       int
	nonneg     bool
	known      []bool
	val        []*big.Rat
	suppressed []bool
}

func (md *model) view() *view {
	v := &view{m: md.m, n: md.n, nonneg: md.nonneg}
	N := md.items()
	v.known = make([]bool, N)
	v.val = make([]*big.Rat, N)
	v.suppressed = make([]bool, N)
	for e := 0; e < N; e++ {
		if md.unknown[e] {
			v.suppressed[e] = md.declared[e]
		} else {
			v.known[e], v.val[e] = true, md.val[e].Rat()
		}
	}
	return v
}

// system: the equations over the unknowns, A x = b.
type system struct {
	vars []int        // column → grid item
	a    [][]*big.Rat // nil entries are 0
	b    []*big.Rat
}

func (v *view) system() *system {
	N := (v.m + 1) * (v.n + 1)
	col := make([]int, N)
	s := &system{}
	for e := 0; e < N; e++ {
		col[e] = -1
		if !v.known[e] {
			col[e] = len(s.vars)
			s.vars = append(s.vars, e)
		}
	}
	one, minus := big.NewRat(1, 1), big.NewRat(-1, 1)
	add := func(items []int, total int) {
		row := make([]*big.Rat, len(s.vars))
		rhs := new(big.Rat)
		term := func(e int, c *big.Rat) {
			if v.known[e] {
				rhs.Sub(rhs, new(big.Rat).Mul(c, v.val[e]))
			} else {
				row[col[e]] = c
			}
		}
		for _, e := range items {
			term(e, one)
		}
		term(total, minus)
		s.a = append(s.a, row)
		s.b = append(s.b, rhs)
	}
	for i := 0; i <= v.m; i++ {
		items := make([]int, v.n)
		for j := range items {
			items[j] = i*(v.n+1) + j
		}
		add(items, i*(v.n+1)+v.n)
	}
	for j := 0; j <= v.n; j++ {
		items := make([]int, v.m)
		for i := range items {
			items[i] = i*(v.n+1) + j
		}
		add(items, v.m*(v.n+1)+j)
	}
	return s
}

var errInconsistent = errors.New("disclosure: attack: the published figures are inconsistent")

// rref brings the system to reduced row echelon form, drops the zero rows
// and returns the pivot column of each remaining row.
func (s *system) rref() ([]int, error) {
	var pivots []int
	r := 0
	tmp := new(big.Rat)
	for c := 0; c < len(s.vars) && r < len(s.a); c++ {
		p := -1
		for i := r; i < len(s.a); i++ {
			if s.a[i][c] != nil && s.a[i][c].Sign() != 0 {
				p = i
				break
			}
		}
		if p < 0 {
			continue
		}
		s.a[r], s.a[p] = s.a[p], s.a[r]
		s.b[r], s.b[p] = s.b[p], s.b[r]
		prow := s.a[r]
		if inv := prow[c]; inv.Cmp(big.NewRat(1, 1)) != 0 {
			inv = new(big.Rat).Inv(inv)
			for j := range prow {
				if prow[j] != nil {
					prow[j] = new(big.Rat).Mul(prow[j], inv)
				}
			}
			s.b[r] = new(big.Rat).Mul(s.b[r], inv)
		}
		var nz []int
		for j := c; j < len(prow); j++ {
			if prow[j] != nil && prow[j].Sign() != 0 {
				nz = append(nz, j)
			}
		}
		for i := range s.a {
			if i == r || s.a[i][c] == nil || s.a[i][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(s.a[i][c])
			row := s.a[i]
			for _, j := range nz {
				tmp.Mul(f, prow[j])
				if row[j] == nil {
					row[j] = new(big.Rat).Neg(tmp)
				} else {
					row[j] = new(big.Rat).Sub(row[j], tmp)
				}
			}
			s.b[i] = new(big.Rat).Sub(s.b[i], tmp.Mul(f, s.b[r]))
		}
		pivots = append(pivots, c)
		r++
	}
	for i := r; i < len(s.a); i++ {
		if s.b[i].Sign() != 0 {
			return nil, errInconsistent
		}
	}
	s.a, s.b = s.a[:r], s.b[:r]
	return pivots, nil
}

// exact: for each variable, its value when the equations fix it.
func (s *system) exact(pivots []int) []*big.Rat {
	out := make([]*big.Rat, len(s.vars))
	for r, c := range pivots {
		alone := true
		for j, x := range s.a[r] {
			if j != c && x != nil && x.Sign() != 0 {
				alone = false
				break
			}
		}
		if alone {
			out[c] = new(big.Rat).Set(s.b[r])
		}
	}
	return out
}

// determined: grid items whose value the published figures fix, by the
// equations alone.
func (v *view) determined() []bool {
	s := v.system()
	det := make([]bool, (v.m+1)*(v.n+1))
	pivots, err := s.rref()
	if err != nil {
		return det
	}
	for c, x := range s.exact(pivots) {
		if x != nil {
			det[s.vars[c]] = true
		}
	}
	return det
}

func (v *view) attack() ([]Finding, error) {
	s := v.system()
	pivots, err := s.rref()
	if err != nil {
		return nil, err
	}
	exact := s.exact(pivots)
	var lp *tableau
	if v.nonneg {
		lp, err = newTableau(s)
		if err != nil {
			return nil, err
		}
	}
	out := make([]Finding, 0, len(s.vars))
	for c, e := range s.vars {
		f := Finding{Row: e / (v.n + 1), Col: e % (v.n + 1), Suppressed: v.suppressed[e]}
		switch {
		case exact[c] != nil:
			f.Exact, f.Lower, f.Upper = true, exact[c], exact[c]
		case lp != nil:
			f.Upper = lp.optimum(c, 1)
			if lo := lp.optimum(c, -1); lo != nil {
				f.Lower = lo.Neg(lo)
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// tableau is a simplex tableau over the rationals for A x = b, x ≥ 0, kept
// at a feasible basis between optimisations.
type tableau struct {
	t     [][]*big.Rat // rows × (cols + 1), rhs last
	basis []int
	cols  int // structural columns; artificial ones follow
}

func newTableau(s *system) (*tableau, error) {
	rows, n := len(s.a), len(s.vars)
	tb := &tableau{cols: n, basis: make([]int, rows)}
	width := n + rows + 1
	for i := range s.a {
		row := make([]*big.Rat, width)
		neg := s.b[i].Sign() < 0
		for j := 0; j < width; j++ {
			row[j] = new(big.Rat)
		}
		for j, x := range s.a[i] {
			if x != nil {
				row[j].Set(x)
				if neg {
					row[j].Neg(row[j])
				}
			}
		}
		row[width-1].Abs(s.b[i])
		row[n+i].SetInt64(1)
		tb.t = append(tb.t, row)
		tb.basis[i] = n + i
	}
	// Phase 1: maximise −Σ artificials.
	c := make([]*big.Rat, n+rows)
	for j := range c {
		c[j] = new(big.Rat)
		if j >= n {
			c[j].SetInt64(-1)
		}
	}
	val, unbounded := tb.maximize(c, n+rows)
	if unbounded || val.Sign() < 0 {
		return nil, errInconsistent
	}
	// Drive artificial variables (at 0) out of the basis; the rows are
	// independent after rref, so each has a structural non-zero.
	for i, b := range tb.basis {
		if b < n {
			continue
		}
		for j := 0; j < n; j++ {
			if tb.t[i][j].Sign() != 0 {
				tb.pivot(i, j, nil)
				break
			}
		}
	}
	return tb, nil
}

// optimum is max(dir × x_v), or nil when unbounded.
func (tb *tableau) optimum(v int, dir int64) *big.Rat {
	c := make([]*big.Rat, len(tb.t[0])-1)
	for j := range c {
		c[j] = new(big.Rat)
	}
	c[v].SetInt64(dir)
	val, unbounded := tb.maximize(c, tb.cols)
	if unbounded {
		return nil
	}
	return val
}

// maximize c·x by the primal simplex from the current basis, entering
// columns < allowed, Bland's rule (no cycling).
func (tb *tableau) maximize(c []*big.Rat, allowed int) (*big.Rat, bool) {
	rhs := len(tb.t[0]) - 1
	d := make([]*big.Rat, rhs) // reduced costs
	tmp := new(big.Rat)
	for j := range d {
		d[j] = new(big.Rat).Set(c[j])
		for i, b := range tb.basis {
			if c[b].Sign() != 0 && tb.t[i][j].Sign() != 0 {
				d[j].Sub(d[j], tmp.Mul(c[b], tb.t[i][j]))
			}
		}
	}
	for {
		enter := -1
		for j := 0; j < allowed; j++ {
			if d[j].Sign() > 0 {
				enter = j
				break
			}
		}
		if enter < 0 {
			val := new(big.Rat)
			for i, b := range tb.basis {
				if c[b].Sign() != 0 {
					val.Add(val, tmp.Mul(c[b], tb.t[i][rhs]))
				}
			}
			return val, false
		}
		leave := -1
		var best *big.Rat
		for i := range tb.t {
			if tb.t[i][enter].Sign() <= 0 {
				continue
			}
			r := new(big.Rat).Quo(tb.t[i][rhs], tb.t[i][enter])
			if leave < 0 || r.Cmp(best) < 0 || (r.Cmp(best) == 0 && tb.basis[i] < tb.basis[leave]) {
				leave, best = i, r
			}
		}
		if leave < 0 {
			return nil, true
		}
		tb.pivot(leave, enter, d)
	}
}

func (tb *tableau) pivot(r, c int, d []*big.Rat) {
	prow := tb.t[r]
	inv := new(big.Rat).Inv(prow[c])
	for j := range prow {
		if prow[j].Sign() != 0 {
			prow[j].Mul(prow[j], inv)
		}
	}
	tmp := new(big.Rat)
	elim := func(row []*big.Rat) {
		f := new(big.Rat).Set(row[c])
		for j := range row {
			if prow[j].Sign() != 0 {
				row[j].Sub(row[j], tmp.Mul(f, prow[j]))
			}
		}
	}
	for i := range tb.t {
		if i != r && tb.t[i][c].Sign() != 0 {
			elim(tb.t[i])
		}
	}
	if d != nil && d[c].Sign() != 0 {
		f := new(big.Rat).Set(d[c])
		for j := range d {
			if prow[j].Sign() != 0 {
				d[j].Sub(d[j], tmp.Mul(f, prow[j]))
			}
		}
	}
	tb.basis[r] = c
}
