package disclosure

import (
	"sort"

	"github.com/shopspring/decimal"
)

var hundred = decimal.NewFromInt(100)

// Primary applies the primary rules to one cell or total: Count when it has
// 1 … MinFirms−1 firms, Dominance (with the rule that fired, the first in
// cfg.Dominance order) when its k largest contributions exceed p % of it,
// NoReason otherwise (an empty cell, no firm, is NoReason too).
//
// Dominance is decided exactly on absolute values:
//
//	Σ k largest |v| × 100 > p × Σ |v|
//
// so with non-negative contributions it is the usual "the k largest exceed
// p % of the cell", and exactly p % is not dominated. A cell whose
// contributions are all zero is never dominated (the threshold rule still
// applies).
func Primary(c Cell, cfg Config) (Reason, DominanceRule) {
	n := len(c)
	if n == 0 {
		return NoReason, DominanceRule{}
	}
	if n < cfg.MinFirms {
		return Count, DominanceRule{}
	}
	if len(cfg.Dominance) == 0 {
		return NoReason, DominanceRule{}
	}
	abs := make([]decimal.Decimal, 0, n)
	total := decimal.Zero
	for _, v := range c {
		a := v.Abs()
		abs = append(abs, a)
		total = total.Add(a)
	}
	if total.IsZero() {
		return NoReason, DominanceRule{}
	}
	sort.Slice(abs, func(i, j int) bool { return abs[i].GreaterThan(abs[j]) })
	for _, r := range cfg.Dominance {
		top := decimal.Zero
		for i := 0; i < r.K && i < n; i++ {
			top = top.Add(abs[i])
		}
		if top.Mul(hundred).GreaterThan(r.P.Mul(total)) {
			return Dominance, r
		}
	}
	return NoReason, DominanceRule{}
}

// merge adds cells firm by firm: the contributions behind a total.
func merge(cells ...Cell) Cell {
	out := Cell{}
	for _, c := range cells {
		for f, v := range c {
			if old, ok := out[f]; ok {
				out[f] = old.Add(v)
			} else {
				out[f] = v
			}
		}
	}
	return out
}
