package disclosure

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// model is a table extended with its margins: an (m+1)×(n+1) grid whose
// item (i, j) is cell (i, j) for i < m and j < n, row total i for j = n,
// column total j for i = m and the grand total at (m, n). All margins are in
// the model whether published or not (the additive relations hold anyway).
//
// Seen as a graph, there is a node per grid row (0 … m) and per grid column
// (m+1 … m+1+n) and item (i, j) is an edge between row node i and column
// node m+1+j. Every node carries one equation — the parts of a row (column)
// sum to its total — so the perturbations of the unknown items that keep all
// published figures are exactly the circulations on the unknown edges, with
// z = +y for cells and the grand total and z = −y for row and column totals.
type model struct {
	m, n   int
	nonneg bool

	val      []decimal.Decimal
	firms    []Cell
	declared []bool // published if not suppressed (cells always; totals when given)
	empty    []bool // no firm
	unknown  []bool // suppressed or not published
	reason   []Reason
	rule     []DominanceRule

	adj [][]int // node → items incident to it
}

func (md *model) id(i, j int) int     { return i*(md.n+1) + j }
func (md *model) items() int          { return (md.m + 1) * (md.n + 1) }
func (md *model) nodes() int          { return md.m + md.n + 2 }
func (md *model) isRow(u int) bool    { return u <= md.m }
func (md *model) ij(e int) (int, int) { return e / (md.n + 1), e % (md.n + 1) }

// ends: the row node and column node of item e.
func (md *model) ends(e int) (r, c int) {
	i, j := md.ij(e)
	return i, md.m + 1 + j
}

// sign of item e in z: −1 for row and column totals, +1 for cells and the
// grand total.
func (md *model) sign(e int) int {
	i, j := md.ij(e)
	if (i == md.m) != (j == md.n) {
		return -1
	}
	return 1
}

// sensitive: fails a primary rule (published or not).
func (md *model) sensitive(e int) bool {
	return md.reason[e] == Count || md.reason[e] == Dominance
}

func build(t Table, cfg Config) (*model, error) {
	m := len(t.Cells)
	if m == 0 {
		return nil, fmt.Errorf("disclosure: table %q has no rows", t.Title)
	}
	n := len(t.Cells[0])
	if n == 0 {
		return nil, fmt.Errorf("disclosure: table %q has no columns", t.Title)
	}
	for i, row := range t.Cells {
		if len(row) != n {
			return nil, fmt.Errorf("disclosure: table %q: row %d has %d cells, row 0 has %d", t.Title, i, len(row), n)
		}
	}
	if t.RowLabels != nil && len(t.RowLabels) != m {
		return nil, fmt.Errorf("disclosure: table %q: %d row labels for %d rows", t.Title, len(t.RowLabels), m)
	}
	if t.ColLabels != nil && len(t.ColLabels) != n {
		return nil, fmt.Errorf("disclosure: table %q: %d column labels for %d columns", t.Title, len(t.ColLabels), n)
	}
	if t.RowTotals != nil && len(t.RowTotals) != m {
		return nil, fmt.Errorf("disclosure: table %q: %d row totals for %d rows", t.Title, len(t.RowTotals), m)
	}
	if t.ColTotals != nil && len(t.ColTotals) != n {
		return nil, fmt.Errorf("disclosure: table %q: %d column totals for %d columns", t.Title, len(t.ColTotals), n)
	}
	md := &model{m: m, n: n, nonneg: true}
	N := md.items()
	md.val = make([]decimal.Decimal, N)
	md.firms = make([]Cell, N)
	md.declared = make([]bool, N)
	md.empty = make([]bool, N)
	md.unknown = make([]bool, N)
	md.reason = make([]Reason, N)
	md.rule = make([]DominanceRule, N)

	label := func(labels []string, k int) string {
		if labels != nil {
			return fmt.Sprintf("%q", labels[k])
		}
		return fmt.Sprint(k)
	}
	for i, row := range t.Cells {
		for j, c := range row {
			e := md.id(i, j)
			md.firms[e] = c
			md.val[e] = c.Value()
			md.declared[e] = true
		}
	}
	for i := 0; i < m; i++ {
		row := make([]Cell, n)
		for j := 0; j < n; j++ {
			row[j] = t.Cells[i][j]
		}
		e := md.id(i, n)
		md.firms[e] = merge(row...)
		md.val[e] = md.firms[e].Value()
		if t.RowTotals != nil {
			md.declared[e] = true
			if !t.RowTotals[i].Equal(md.val[e]) {
				return nil, fmt.Errorf("disclosure: table %q: row %s total %s ≠ sum of its cells %s", t.Title, label(t.RowLabels, i), t.RowTotals[i], md.val[e])
			}
		}
	}
	for j := 0; j < n; j++ {
		col := make([]Cell, m)
		for i := 0; i < m; i++ {
			col[i] = t.Cells[i][j]
		}
		e := md.id(m, j)
		md.firms[e] = merge(col...)
		md.val[e] = md.firms[e].Value()
		if t.ColTotals != nil {
			md.declared[e] = true
			if !t.ColTotals[j].Equal(md.val[e]) {
				return nil, fmt.Errorf("disclosure: table %q: column %s total %s ≠ sum of its cells %s", t.Title, label(t.ColLabels, j), t.ColTotals[j], md.val[e])
			}
		}
	}
	g := md.id(m, n)
	all := make([]Cell, 0, m*n)
	for _, row := range t.Cells {
		all = append(all, row...)
	}
	md.firms[g] = merge(all...)
	md.val[g] = md.firms[g].Value()
	if t.GrandTotal != nil {
		md.declared[g] = true
		if !t.GrandTotal.Equal(md.val[g]) {
			return nil, fmt.Errorf("disclosure: table %q: grand total %s ≠ sum of the cells %s", t.Title, *t.GrandTotal, md.val[g])
		}
	}

	for e := 0; e < N; e++ {
		md.empty[e] = len(md.firms[e]) == 0
		if md.val[e].IsNegative() {
			md.nonneg = false
		}
		md.reason[e], md.rule[e] = Primary(md.firms[e], cfg)
		md.unknown[e] = !md.declared[e] || md.sensitive(e)
	}
	md.adj = make([][]int, md.nodes())
	for e := 0; e < N; e++ {
		r, c := md.ends(e)
		md.adj[r] = append(md.adj[r], e)
		md.adj[c] = append(md.adj[c], e)
	}
	return md, nil
}

func (md *model) entry(e int) Entry {
	switch {
	case md.empty[e]:
		return Entry{Status: Empty}
	case md.unknown[e]:
		en := Entry{Status: Suppressed, Reason: md.reason[e]}
		if en.Reason == NoReason {
			en.Reason = Secondary
		}
		if en.Reason == Dominance {
			en.Rule = md.rule[e]
		}
		return en
	}
	return Entry{Status: Shown, Value: md.val[e]}
}

func (md *model) published(t Table) *Published {
	p := &Published{Title: t.Title, RowLabels: t.RowLabels, ColLabels: t.ColLabels, NonNegative: md.nonneg}
	p.Cells = make([][]Entry, md.m)
	for i := range p.Cells {
		p.Cells[i] = make([]Entry, md.n)
		for j := range p.Cells[i] {
			p.Cells[i][j] = md.entry(md.id(i, j))
		}
	}
	if t.RowTotals != nil {
		p.RowTotals = make([]Entry, md.m)
		for i := range p.RowTotals {
			p.RowTotals[i] = md.entry(md.id(i, md.n))
		}
	}
	if t.ColTotals != nil {
		p.ColTotals = make([]Entry, md.n)
		for j := range p.ColTotals {
			p.ColTotals[j] = md.entry(md.id(md.m, j))
		}
	}
	if t.GrandTotal != nil {
		g := md.entry(md.id(md.m, md.n))
		p.GrandTotal = &g
	}
	return p
}
