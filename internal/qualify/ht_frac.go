package qualify

import (
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/shopspring/decimal"
)

// htFrac is an exact fraction num/den of two decimals (den ≠ 0). The
// high-tech rules compare ratios such as ΣR&D/Σsales, monthly averages
// (Σ/12) and growth rates (½(X₂/X₁+X₃/X₂)−1) against thresholds; doing it by
// cross-multiplication keeps every comparison exact, so a ratio that is
// exactly on a band edge lands in the band the rule says, never beside it
// because of a rounded quotient.
type htFrac struct{ num, den decimal.Decimal }

var (
	htZero    = decimal.Zero
	htOne     = decimal.NewFromInt(1)
	htTwo     = decimal.NewFromInt(2)
	htPoint8  = decimal.RequireFromString("0.8")
	htQuarter = decimal.RequireFromString("0.25")
	htTenPct  = decimal.RequireFromString("0.10")
	htSixty   = decimal.RequireFromString("0.60")
)

func htF(num, den decimal.Decimal) htFrac { return htFrac{num, den} }

// cmp compares f with t: -1, 0, +1. f must be defined.
func (f htFrac) cmp(t decimal.Decimal) int {
	c := f.num.Cmp(t.Mul(f.den))
	if f.den.Sign() < 0 {
		return -c
	}
	return c
}

func (f htFrac) ge(t decimal.Decimal) bool { return f.cmp(t) >= 0 }
func (f htFrac) gt(t decimal.Decimal) bool { return f.cmp(t) > 0 }

// div is f/g (g's numerator must be non-zero).
func (f htFrac) div(g htFrac) htFrac { return htFrac{f.num.Mul(g.den), f.den.Mul(g.num)} }

// sub is f−g.
func (f htFrac) sub(g htFrac) htFrac {
	return htFrac{f.num.Mul(g.den).Sub(g.num.Mul(f.den)), f.den.Mul(g.den)}
}

// scale is k·f.
func (f htFrac) scale(k decimal.Decimal) htFrac { return htFrac{f.num.Mul(k), f.den} }

// dec is f rounded half away from zero to prec decimals.
func (f htFrac) dec(prec int32) decimal.Decimal { return f.num.DivRound(f.den, prec) }

// ceil is the least integer ≥ f.
func (f htFrac) ceil() decimal.Decimal {
	n, d := f.num, f.den
	if d.Sign() < 0 {
		n, d = n.Neg(), d.Neg()
	}
	q, r := n.QuoRem(d, 0)
	if r.Sign() > 0 {
		q = q.Add(htOne)
	}
	return q
}

// htPct prints a ratio as a percentage with two decimals ("4.38%"). When
// the ratio fails threshold t (f < t) but would print at or above it with
// two decimals (4.9996% → "5.00%"), as many more decimals as it takes (up
// to 8, then truncated) are printed, so that a failing value never reads as
// if it met the threshold: "4.9996%".
func htPct(f htFrac, t *decimal.Decimal) string {
	p := f.dec(10).Shift(2)
	s := p.StringFixed(2)
	if t != nil && !f.ge(*t) {
		tp := t.Shift(2)
		for prec := int32(2); prec <= 8; prec++ {
			if p.Round(prec).LessThan(tp) {
				return p.StringFixed(prec) + "%"
			}
		}
		return p.Truncate(8).StringFixed(8) + "%"
	}
	return s + "%"
}

// htYuan prints an amount in yuan the way the platform prints money
// ("600万元", "1.2亿元").
func htYuan(v decimal.Decimal) string { return quantity.Format(v, quantity.Yuan, "", 2) }

// htYuanUp prints a shortfall, first rounded up to the precision it is
// printed at (0.01 of the magnitude), so that meeting the printed figure
// always suffices.
func htYuanUp(v decimal.Decimal) string {
	var unit decimal.Decimal
	switch a := v.Abs(); {
	case a.GreaterThanOrEqual(decimal.New(1, 12)):
		unit = decimal.New(1, 10)
	case a.GreaterThanOrEqual(decimal.New(1, 8)):
		unit = decimal.New(1, 6)
	case a.GreaterThanOrEqual(decimal.New(1, 4)):
		unit = decimal.New(1, 2)
	default:
		unit = decimal.New(1, -2)
	}
	q, r := v.QuoRem(unit, 0)
	if r.Sign() > 0 {
		q = q.Add(htOne)
	}
	return htYuan(q.Mul(unit))
}

// htNum prints a plain number (head counts, conversion averages) with at
// most two decimals, trailing zeros trimmed.
func htNum(v decimal.Decimal) string { return v.Round(2).String() }

// htAppendUnique appends s to list unless it is already there.
func htAppendUnique(list []string, s ...string) []string {
outer:
	for _, x := range s {
		if x == "" {
			continue
		}
		for _, y := range list {
			if y == x {
				continue outer
			}
		}
		list = append(list, x)
	}
	return list
}

// htRange prints a point range: "7–8分", "0分".
func htRange(r ScoreRange) string {
	if r.Min == r.Max {
		return htItoa(r.Min) + "分"
	}
	return htItoa(r.Min) + "–" + htItoa(r.Max) + "分"
}

func htItoa(n int) string { return decimal.NewFromInt(int64(n)).String() }
