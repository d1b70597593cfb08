// Package disclosure applies statistical disclosure control (SDC) to tables
// of firm aggregates before they leave the confidential roles.
//
// Legal basis: the Statistics Law of the PRC, Art. 25, forbids releasing
// anything, aggregates included, from which a single respondent's data can
// be inferred. The rules below are the standard ones of SDC practice for
// magnitude tables (Hundepool, Domingo-Ferrer, Franconi, Giessing, Schulte
// Nordholt, Spicer, de Wolf: Statistical Disclosure Control, Wiley 2012,
// ch. 4 "Magnitude tabular data": the minimum-frequency (threshold) rule,
// the (n,k)-dominance rule, secondary cell suppression and protection
// intervals; the same rules as τ-Argus).
//
// The package is pure: no database, no web. It takes a Table — cells, each
// with the per-firm contributions (exact decimals) that sum to it, and the
// marginal totals that will be published with them — and returns the
// Published table: each cell and total either its exact value or suppressed
// (「—（保密）」), with the reason.
//
// # Primary suppression
//
// A cell or total is sensitive when
//   - threshold rule: it has 1 ≤ n < N contributing firms (default N = 3);
//     a cell with no firm at all is empty, published as 「—」: an empty cell
//     carries no respondent's data, and its emptiness is structural and
//     public (hiding it would protect no one and cannot be used as a
//     complementary suppression either);
//   - dominance rule (k, p): the k largest contributions exceed p % of the
//     cell, compared exactly as  (sum of the k largest) × 100 > p × cell.
//     Defaults (1, 85) and (2, 90). Exactly 85 % is not more than 85 %: the
//     cell is published. Negative contributions (losses, say) are handled on
//     absolute values: both the k largest and the cell total in the
//     comparison are taken over |contribution|, so a firm cannot hide behind
//     others that cancel it out.
//
// Totals are subject to the same rules, with the firms of their cells (a
// firm in several cells of a row counts once, with its contributions added).
// N, the (k, p) list and the protection level are configurable (Config);
// DefaultConfig gives the defaults above.
//
// # Secondary suppression and protection intervals
//
// Suppressing a sensitive cell is not enough if it can be recomputed from
// the published cells and totals of its row and column, or by combining
// several rows and columns, or narrowed to a tight interval knowing that
// all figures are ≥ 0. The table (cells plus totals) is treated as an
// (R+1)×(C+1) additive table; a set of suppressed cells and totals leaves
// each suppressed value free to move only along cycles of suppressed entries
// (the classic network view of 2-D tables, Hundepool et al. §4.3). For each
// sensitive entry of value x the package computes, exactly (max-flow with
// decimal capacities), the feasible interval [L, U] an attacker can derive,
// and requires the upper and lower protection levels of τ-Argus:
//
//	U ≥ x + q·|x|,   L ≤ x − q·|x|,   U > L,   q = ProtectionPercent / 100
//
// (default 10 %: the attacker cannot tell the value within ±10 %, and never
// exactly, not even a zero). When an entry falls short the cheapest
// complementary suppressions are added: the cheapest augmenting path (cost
// = |value| of each newly suppressed cell or total, ties by number of
// entries) in the residual network that widens the short side enough.
// Adding suppressions only widens intervals, so the result is reached in one
// pass over the sensitive entries (largest first), and it always exists
// (with every entry suppressed, a non-negative x ranges over at least
// [0, ∞)). Totals that are not published are unknowns for the attacker but
// still checked: a sensitive unpublished total is protected like any
// suppressed one. Secondary suppressions themselves need no protection.
//
// Attack plays the attacker independently of that method: exact rational
// Gaussian elimination on the row/column equations to find any uniquely
// determined suppressed value, and an exact rational simplex for the
// feasible interval of each one. The tests run it on every output.
//
// # Scope and limitations
//
//   - 1-D tables (one row or one column of cells with their total) and
//     2-D tables with any of row totals, column totals and grand total.
//     Hierarchical tables (sub-totals nested inside a classification,
//     e.g. 行业门类 › 大类) and linked tables sharing cells are out of scope:
//     protect each published table as a whole, and never publish two tables
//     that share cells without protecting them jointly.
//   - The attacker knows the published figures, the additive structure and,
//     when every cell and total is ≥ 0, non-negativity. Insider knowledge
//     (a contributing firm knows its own value, coalitions of firms) is
//     covered only by the primary rules, not by the protection interval.
//   - The secondary pattern is a heuristic: protected, not of minimum cost.
package disclosure

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// DominanceRule is the (k, p) dominance rule: a cell is sensitive when its
// K largest contributions exceed P percent of the cell.
type DominanceRule struct {
	K int
	P decimal.Decimal // a percentage, 0 < P ≤ 100
}

func (r DominanceRule) String() string { return fmt.Sprintf("(%d, %s%%)", r.K, r.P) }

// Config holds the disclosure rules. Start from DefaultConfig.
type Config struct {
	// MinFirms is the threshold N: a cell or total with 1 … N−1 firms is
	// suppressed. Must be ≥ 1 (1 disables the rule).
	MinFirms int
	// Dominance rules, each applied on its own; empty disables the rule.
	Dominance []DominanceRule
	// ProtectionPercent: an attacker's feasible interval for a suppressed
	// sensitive value x must reach at least this percentage of |x| above x
	// and below x (and never be a single point). 0 asks only for
	// non-uniqueness; at most 100 (a non-negative value cannot be shown
	// to go lower than 0).
	ProtectionPercent decimal.Decimal
}

// DefaultConfig: N = 3, dominance (1, 85 %) and (2, 90 %), protection 10 %.
func DefaultConfig() Config {
	return Config{
		MinFirms: 3,
		Dominance: []DominanceRule{
			{K: 1, P: decimal.NewFromInt(85)},
			{K: 2, P: decimal.NewFromInt(90)},
		},
		ProtectionPercent: decimal.NewFromInt(10),
	}
}

func (c Config) validate() error {
	if c.MinFirms < 1 {
		return fmt.Errorf("disclosure: MinFirms must be ≥ 1, got %d", c.MinFirms)
	}
	for _, r := range c.Dominance {
		if r.K < 1 {
			return fmt.Errorf("disclosure: dominance rule %s: k must be ≥ 1", r)
		}
		if !r.P.IsPositive() || r.P.GreaterThan(decimal.NewFromInt(100)) {
			return fmt.Errorf("disclosure: dominance rule %s: p must be in (0, 100]", r)
		}
	}
	if c.ProtectionPercent.IsNegative() || c.ProtectionPercent.GreaterThan(decimal.NewFromInt(100)) {
		return fmt.Errorf("disclosure: ProtectionPercent must be in [0, 100], got %s", c.ProtectionPercent)
	}
	return nil
}

// Cell is one cell of a table: the contribution of each firm (keyed by a
// firm id, e.g. the 统一社会信用代码). Its value is the sum of the
// contributions; a firm listed with 0 is a contributor (it reported 0). A
// cell with no firms is empty.
type Cell map[string]decimal.Decimal

// Value is the sum of the contributions.
func (c Cell) Value() decimal.Decimal {
	s := decimal.Zero
	for _, v := range c {
		s = s.Add(v)
	}
	return s
}

// Table is a table to publish: Cells[i][j] for row i and column j, and the
// totals that will be published with it. A nil RowTotals (ColTotals,
// GrandTotal) means that margin is not published. A 1-D table is a single
// column (Cells[i][0], ColTotals of length 1 is its total) or a single row
// (RowTotals of length 1). Published totals must equal the sums of their
// cells exactly; Protect reports an error otherwise. AddTotals fills them.
type Table struct {
	Title     string
	RowLabels []string // optional; if set, one per row
	ColLabels []string // optional; if set, one per column
	Cells     [][]Cell

	RowTotals  []decimal.Decimal // one per row, or nil
	ColTotals  []decimal.Decimal // one per column, or nil
	GrandTotal *decimal.Decimal
}

// AddTotals sets the chosen margins to the sums of the cells.
func (t *Table) AddTotals(rows, cols, grand bool) {
	if rows {
		t.RowTotals = make([]decimal.Decimal, len(t.Cells))
		for i, row := range t.Cells {
			for _, c := range row {
				t.RowTotals[i] = t.RowTotals[i].Add(c.Value())
			}
		}
	}
	if cols {
		n := 0
		if len(t.Cells) > 0 {
			n = len(t.Cells[0])
		}
		t.ColTotals = make([]decimal.Decimal, n)
		for _, row := range t.Cells {
			for j, c := range row {
				if j < n {
					t.ColTotals[j] = t.ColTotals[j].Add(c.Value())
				}
			}
		}
	}
	if grand {
		g := decimal.Zero
		for _, row := range t.Cells {
			for _, c := range row {
				g = g.Add(c.Value())
			}
		}
		t.GrandTotal = &g
	}
}

// Status says how an entry is published.
type Status int

const (
	// Shown: the exact value is published.
	Shown Status = iota
	// Empty: no firm contributes; published as 「—」.
	Empty
	// Suppressed: withheld, published as 「—（保密）」.
	Suppressed
)

// Reason says why an entry is suppressed.
type Reason int

const (
	NoReason  Reason = iota
	Count            // primary: fewer than N firms
	Dominance        // primary: a (k, p) dominance rule, see Entry.Rule
	Secondary        // complementary suppression protecting another entry
)

func (r Reason) String() string {
	switch r {
	case Count:
		return "primary: count"
	case Dominance:
		return "primary: dominance"
	case Secondary:
		return "secondary"
	}
	return ""
}

// SuppressedText is how a suppressed figure is shown.
const SuppressedText = "—（保密）"

// EmptyText is how an empty cell (no firm) is shown.
const EmptyText = "—"

// Entry is one published cell or total. Value is set only when Status is
// Shown (it is zero otherwise, so a suppressed value never travels with the
// published table). Reason and Rule are for the confidential roles (audit,
// the analyst's view): the public page shows only Display, which is the
// same for every suppression, since telling a dominated cell from a small
// one is itself information.
type Entry struct {
	Status Status
	Value  decimal.Decimal
	Reason Reason
	Rule   DominanceRule // the rule that fired when Reason is Dominance
}

// Display is the text of the entry on a page: the exact value, 「—」 for an
// empty cell, 「—（保密）」 when suppressed.
func (e Entry) Display() string {
	switch e.Status {
	case Empty:
		return EmptyText
	case Suppressed:
		return SuppressedText
	}
	return e.Value.String()
}

// Published is a protected table, safe to publish (Display each entry). A
// nil RowTotals, ColTotals or GrandTotal is a margin the table does not
// publish. NonNegative records that every cell and total is ≥ 0, which an
// attacker is assumed to know.
type Published struct {
	Title       string
	RowLabels   []string
	ColLabels   []string
	Cells       [][]Entry
	RowTotals   []Entry
	ColTotals   []Entry
	GrandTotal  *Entry
	NonNegative bool
}

// Rows and Cols are the table's dimensions.
func (p *Published) Rows() int { return len(p.Cells) }

// Cols is the number of columns.
func (p *Published) Cols() int {
	if len(p.Cells) == 0 {
		return 0
	}
	return len(p.Cells[0])
}

// Counts returns how many cells and totals are suppressed as primary
// (count or dominance) and as secondary.
func (p *Published) Counts() (primary, secondary int) {
	add := func(e Entry) {
		switch e.Reason {
		case Count, Dominance:
			primary++
		case Secondary:
			secondary++
		}
	}
	for _, row := range p.Cells {
		for _, e := range row {
			add(e)
		}
	}
	for _, e := range p.RowTotals {
		add(e)
	}
	for _, e := range p.ColTotals {
		add(e)
	}
	if p.GrandTotal != nil {
		add(*p.GrandTotal)
	}
	return
}

// Redacted is a copy without reasons, for the public view and for Attack.
func (p *Published) Redacted() *Published {
	q := *p
	strip := func(es []Entry) []Entry {
		if es == nil {
			return nil
		}
		out := make([]Entry, len(es))
		for i, e := range es {
			out[i] = Entry{Status: e.Status, Value: e.Value}
		}
		return out
	}
	q.Cells = make([][]Entry, len(p.Cells))
	for i, row := range p.Cells {
		q.Cells[i] = strip(row)
	}
	q.RowTotals = strip(p.RowTotals)
	q.ColTotals = strip(p.ColTotals)
	if p.GrandTotal != nil {
		g := Entry{Status: p.GrandTotal.Status, Value: p.GrandTotal.Value}
		q.GrandTotal = &g
	}
	return &q
}
