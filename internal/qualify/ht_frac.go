package qualify

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// htFrac is an exact fraction num/den of two exact numbers (den ≠ 0). The
// high-tech rules compare ratios such as ΣR&D/Σsales, monthly averages
// (Σ/12) and growth rates (½(X₂/X₁+X₃/X₂)−1) against thresholds; doing it by
// cross-multiplication keeps every comparison exact, so a ratio that is
// exactly on a band edge lands in the band the rule says, never beside it
// because of a rounded quotient.
type htFrac struct{ num, den num }

var (
	nZero      = num{}
	nOne       = nI(1)
	nTwo       = nI(2)
	nPoint8    = nS("0.8")
	nPoint9    = nS("0.9")
	nPoint4    = nS("0.4")
	nQuarter   = nS("0.25")
	nTenPct    = nS("0.10")
	nSixty     = nS("0.60")
	nYuanUp12  = nE(1, 12)
	nYuanUp10  = nE(1, 10)
	nYuanUp8   = nE(1, 8)
	nYuanUp6   = nE(1, 6)
	nYuanUp4   = nE(1, 4)
	nYuanUp2   = nE(1, 2)
	nYuanUpM2  = nE(1, -2)
	htMonthDen = func() (t [13]num) {
		for i := range t {
			t[i] = nI(int64(2 * i))
		}
		return t
	}()
)

func htF(num, den decimal.Decimal) htFrac { return htFrac{nd(num), nd(den)} }

// cmp compares f with t: -1, 0, +1. f must be defined.
func (f htFrac) cmp(t num) int {
	c := f.num.cmp(t.mul(f.den))
	if f.den.sign() < 0 {
		return -c
	}
	return c
}

func (f htFrac) ge(t num) bool { return f.cmp(t) >= 0 }
func (f htFrac) gt(t num) bool { return f.cmp(t) > 0 }

// div is f/g (g's numerator must be non-zero).
func (f htFrac) div(g htFrac) htFrac { return htFrac{f.num.mul(g.den), f.den.mul(g.num)} }

// sub is f−g.
func (f htFrac) sub(g htFrac) htFrac {
	return htFrac{f.num.mul(g.den).sub(g.num.mul(f.den)), f.den.mul(g.den)}
}

// scale is k·f.
func (f htFrac) scale(k num) htFrac { return htFrac{f.num.mul(k), f.den} }

// dec is f rounded half away from zero to prec decimals.
func (f htFrac) dec(prec int32) num { return f.num.divRound(f.den, prec) }

// ceil is the least integer ≥ f.
func (f htFrac) ceil() num { return f.num.ceilDiv(f.den) }

// htPct prints a ratio as a percentage with two decimals ("4.38%"). When
// the ratio fails threshold t (f < t) but would print at or above it with
// two decimals (4.9996% → "5.00%"), as many more decimals as it takes (up
// to 8, then truncated) are printed, so that a failing value never reads as
// if it met the threshold: "4.9996%".
func htPct(f htFrac, t *decimal.Decimal) string {
	var buf [48]byte
	if t == nil {
		return string(htAppendPct(buf[:0], f, nil))
	}
	n := nd(*t)
	return string(htAppendPct(buf[:0], f, &n))
}

// htAppendPct appends htPct(f, t).
func htAppendPct(b []byte, f htFrac, t *num) []byte {
	p := f.dec(10).shift(2)
	if t != nil && !f.ge(*t) {
		tp := t.shift(2)
		for prec := int32(2); prec <= 8; prec++ {
			if p.round(prec).lt(tp) {
				b = appendFixed(b, p, prec)
				return append(b, '%')
			}
		}
		b = appendFixed(b, p.truncate(8), 8)
		return append(b, '%')
	}
	b = appendFixed(b, p, 2)
	return append(b, '%')
}

// htAppendYuan appends an amount in yuan the way the platform prints money
// ("600万元", "1.2亿元"): quantity.Format(v, quantity.Yuan, "", 2).
func htAppendYuan(b []byte, v num) []byte { return appendYuan(b, v, 2) }

// htYuanUp prints a shortfall, first rounded up to the precision it is
// printed at (0.01 of the magnitude), so that meeting the printed figure
// always suffices.
func htYuanUp(v decimal.Decimal) string {
	var buf [64]byte
	return string(htAppendYuanUp(buf[:0], nd(v)))
}

// htAppendYuanUp appends htYuanUp(v).
func htAppendYuanUp(b []byte, v num) []byte {
	var unit num
	switch a := v.abs(); {
	case a.ge(nYuanUp12):
		unit = nYuanUp10
	case a.ge(nYuanUp8):
		unit = nYuanUp6
	case a.ge(nYuanUp4):
		unit = nYuanUp2
	default:
		unit = nYuanUpM2
	}
	return htAppendYuan(b, v.ceilDiv(unit).mul(unit))
}

// htAppendNum appends a plain number (head counts, conversion averages)
// with at most two decimals, trailing zeros trimmed.
func htAppendNum(b []byte, v num) []byte { return appendPlain(b, v.round(2)) }

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
	var buf [32]byte
	return string(htAppendRange(buf[:0], r))
}

// htAppendRange appends htRange(r).
func htAppendRange(b []byte, r ScoreRange) []byte {
	b = appendInt(b, r.Min)
	if r.Min != r.Max {
		b = append(b, "–"...)
		b = appendInt(b, r.Max)
	}
	return append(b, "分"...)
}

func htItoa(n int) string { return strconv.Itoa(n) }
