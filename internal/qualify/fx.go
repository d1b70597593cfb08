package qualify

// Exact decimal arithmetic without allocation for the screening hot paths.
//
// num is the value c·10^e held in an int64 coefficient; when a value does
// not fit (or an operation would overflow even after dropping trailing
// zeros) it holds the shopspring decimal instead and the operation falls
// back to the decimal method the rules were written with. Every operation
// gives exactly the value its decimal counterpart gives (Add, Sub, Mul,
// DivRound, Div, Round, Ceil, Truncate, Shift, Cmp, IntPart): rounding is
// half away from zero as in decimal.Round and decimal.DivRound, and div
// honours decimal.DivisionPrecision. A num is a value, not a
// representation: its exponent may differ from that of the decimal the
// original code computed.
//
// The printers (appendPlain, appendFixed, appendYuan, appendPct) produce
// decimal.String, decimal.StringFixed and quantity.Format output, which
// under the decimal package's default print options (trailing zeros
// trimmed, no scientific notation; this module never changes them) depends
// only on the value. Under other options they print through the decimal
// package, from the num's own exponent.

import (
	"math"
	"math/bits"
	"strconv"

	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/shopspring/decimal"
)

type num struct {
	c   int64 // coefficient (never math.MinInt64) when !big
	e   int32 // exponent when !big
	big bool  // the value is d
	d   decimal.Decimal
}

// p10 are the powers of ten that fit in a uint64.
var p10 = [20]uint64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
	1e16, 1e17, 1e18, 1e19}

// nd is d as a num.
func nd(d decimal.Decimal) num {
	if d.NumDigits() <= 18 {
		return num{c: d.CoefficientInt64(), e: d.Exponent()}
	}
	return num{big: true, d: d}
}

// nI is the integer n.
func nI(n int64) num {
	if n == math.MinInt64 {
		return num{big: true, d: decimal.NewFromInt(n)}
	}
	return num{c: n}
}

// nE is c·10^e.
func nE(c int64, e int32) num {
	if c == math.MinInt64 {
		return num{big: true, d: decimal.New(c, e)}
	}
	return num{c: c, e: e}
}

// nS is a decimal literal (package-level constants).
func nS(s string) num { return nd(decimal.RequireFromString(s)) }

// dec is x as a decimal.
func (x num) dec() decimal.Decimal {
	if x.big {
		return x.d
	}
	return decimal.New(x.c, x.e)
}

func uabs(c int64) uint64 {
	if c < 0 {
		return uint64(-c)
	}
	return uint64(c)
}

// signed is ±u as a num coefficient; ok is false when it does not fit.
func signed(u uint64, neg bool) (int64, bool) {
	if u > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func (x num) sign() int {
	if x.big {
		return x.d.Sign()
	}
	switch {
	case x.c > 0:
		return 1
	case x.c < 0:
		return -1
	}
	return 0
}

func (x num) isZero() bool { return x.sign() == 0 }
func (x num) isPos() bool  { return x.sign() > 0 }

func (x num) neg() num {
	if x.big {
		return nd(x.d.Neg())
	}
	return num{c: -x.c, e: x.e}
}

func (x num) abs() num {
	if x.sign() < 0 {
		return x.neg()
	}
	return x
}

// mul10 is c·10^k when it fits.
func mul10(c int64, k int64) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k < 0 || k > 18 {
		return 0, false
	}
	m := int64(p10[k])
	if c > math.MaxInt64/m || c < -math.MaxInt64/m {
		return 0, false
	}
	return c * m, true
}

// cmpU compares a·10^k (k ≥ 0) with b, both magnitudes.
func cmpU(a uint64, k int64, b uint64) int {
	if a == 0 {
		if b == 0 {
			return 0
		}
		return -1
	}
	if k > 19 {
		return 1 // a·10^k ≥ 10^20 > b
	}
	hi, lo := bits.Mul64(a, p10[k])
	switch {
	case hi != 0 || lo > b:
		return 1
	case lo < b:
		return -1
	}
	return 0
}

// cmp compares x and y: -1, 0 or +1.
func (x num) cmp(y num) int {
	if x.big || y.big {
		return x.dec().Cmp(y.dec())
	}
	xs, ys := x.sign(), y.sign()
	if xs != ys {
		if xs > ys {
			return 1
		}
		return -1
	}
	if xs == 0 {
		return 0
	}
	ax, ay := uabs(x.c), uabs(y.c)
	var r int
	if x.e >= y.e {
		r = cmpU(ax, int64(x.e)-int64(y.e), ay)
	} else {
		r = -cmpU(ay, int64(y.e)-int64(x.e), ax)
	}
	if xs < 0 {
		r = -r
	}
	return r
}

func (x num) ge(y num) bool { return x.cmp(y) >= 0 }
func (x num) gt(y num) bool { return x.cmp(y) > 0 }
func (x num) lt(y num) bool { return x.cmp(y) < 0 }
func (x num) le(y num) bool { return x.cmp(y) <= 0 }

// add is x+y.
func (x num) add(y num) num {
	if !x.big && !y.big {
		a, b, e := x.c, y.c, x.e
		ok := true
		switch {
		case x.e > y.e:
			a, ok = mul10(a, int64(x.e)-int64(y.e))
			e = y.e
		case x.e < y.e:
			b, ok = mul10(b, int64(y.e)-int64(x.e))
		}
		if ok {
			s := a + b
			if !((a > 0 && b > 0 && s <= 0) || (a < 0 && b < 0 && s >= 0)) && s != math.MinInt64 {
				return num{c: s, e: e}
			}
		}
	}
	return nd(x.dec().Add(y.dec()))
}

// sub is x−y.
func (x num) sub(y num) num {
	if !y.big {
		return x.add(num{c: -y.c, e: y.e})
	}
	return nd(x.dec().Sub(y.dec()))
}

// mul is x·y.
func (x num) mul(y num) num {
	if !x.big && !y.big {
		e := int64(x.e) + int64(y.e)
		if e >= math.MinInt32 && e <= math.MaxInt32 {
			hi, lo := bits.Mul64(uabs(x.c), uabs(y.c))
			if r, ok := fromU128(hi, lo, e, (x.c < 0) != (y.c < 0)); ok {
				return r
			}
		}
	}
	return nd(x.dec().Mul(y.dec()))
}

// quo is the truncated quotient q = |x|·10^(x.e−y.e+prec) / |y| as a
// 128-bit number (qhi, qlo), with the remainder's size: half is -1, 0 or +1
// as 2·remainder is below, at or above the divisor; rem says whether the
// remainder is non-zero. ok is false when x or y is big, y is zero or the
// scaled operands do not fit in 128 bits.
func quo(x, y num, prec int32) (qhi, qlo uint64, half int, rem bool, ok bool) {
	if x.big || y.big || y.c == 0 {
		return 0, 0, 0, false, false
	}
	k := int64(x.e) - int64(y.e) + int64(prec)
	ax, ay := uabs(x.c), uabs(y.c)
	if k >= 0 {
		if k > 19 {
			if ax != 0 {
				return 0, 0, 0, false, false
			}
			k = 0
		}
		nhi, nlo := bits.Mul64(ax, p10[k])
		qhi, r := nhi/ay, nhi%ay
		qlo, r := bits.Div64(r, nlo, ay)
		return qhi, qlo, cmpHalf(r, ay), r != 0, true
	}
	if -k > 19 {
		// the divisor is ≥ 10^20 > 2·|x|.
		return 0, 0, -1, ax != 0, true
	}
	dhi, dlo := bits.Mul64(ay, p10[-k])
	if dhi != 0 {
		return 0, 0, -1, ax != 0, true // divisor ≥ 2^64 > 2·|x|
	}
	q, r := ax/dlo, ax%dlo
	return 0, q, cmpHalf(r, dlo), r != 0, true
}

// fromU128 is ±(hi·2^64+lo)·10^e as a num, trailing zeros dropped as far as
// needed to fit; ok is false when it does not fit.
func fromU128(hi, lo uint64, e int64, neg bool) (num, bool) {
	for hi != 0 || lo > math.MaxInt64 {
		qh, r := hi/10, hi%10
		ql, r := bits.Div64(r, lo, 10)
		if r != 0 {
			return num{}, false
		}
		hi, lo = qh, ql
		e++
	}
	if e < math.MinInt32 || e > math.MaxInt32 {
		return num{}, false
	}
	c := int64(lo)
	if neg {
		c = -c
	}
	return num{c: c, e: int32(e)}, true
}

// inc128 is (hi, lo)+1.
func inc128(hi, lo uint64) (uint64, uint64) {
	lo, carry := bits.Add64(lo, 1, 0)
	return hi + carry, lo
}

// cmpHalf compares 2r with d (r < d).
func cmpHalf(r, d uint64) int {
	switch {
	case r > d-r:
		return 1
	case r < d-r:
		return -1
	}
	return 0
}

// divRound is x.DivRound(y, prec).
func (x num) divRound(y num, prec int32) num {
	if qhi, qlo, half, _, ok := quo(x, y, prec); ok && qhi != math.MaxUint64 {
		if half >= 0 {
			qhi, qlo = inc128(qhi, qlo)
		}
		if r, ok := fromU128(qhi, qlo, -int64(prec), (x.c < 0) != (y.c < 0)); ok {
			return r
		}
	}
	return nd(x.dec().DivRound(y.dec(), prec))
}

// div is x.Div(y) (decimal.DivisionPrecision places).
func (x num) div(y num) num { return x.divRound(y, int32(decimal.DivisionPrecision)) }

// ceilDiv is the least integer ≥ x/y.
func (x num) ceilDiv(y num) num {
	if qhi, qlo, _, rem, ok := quo(x, y, 0); ok && qhi != math.MaxUint64 {
		neg := (x.c < 0) != (y.c < 0)
		if rem && !neg {
			qhi, qlo = inc128(qhi, qlo)
		}
		if r, ok := fromU128(qhi, qlo, 0, neg); ok {
			return r
		}
	}
	n, d := x.dec(), y.dec()
	if d.Sign() < 0 {
		n, d = n.Neg(), d.Neg()
	}
	q, r := n.QuoRem(d, 0)
	if r.Sign() > 0 {
		q = q.Add(decimal.NewFromInt(1))
	}
	return nd(q)
}

// shift is x·10^k.
func (x num) shift(k int32) num {
	if x.big {
		return nd(x.d.Shift(k))
	}
	e := int64(x.e) + int64(k)
	if e < math.MinInt32 || e > math.MaxInt32 {
		return nd(x.dec().Shift(k)) // panics as decimal does
	}
	return num{c: x.c, e: int32(e)}
}

// round is x.Round(places): half away from zero.
func (x num) round(places int32) num {
	if x.big {
		return nd(x.d.Round(places))
	}
	k := -int64(places) - int64(x.e)
	if k <= 0 {
		return x
	}
	a := uabs(x.c)
	var q uint64
	if k <= 19 {
		q = a / p10[k]
		if cmpHalf(a%p10[k], p10[k]) >= 0 {
			q++
		}
	}
	c, _ := signed(q, x.c < 0)
	return num{c: c, e: -places}
}

// truncate is x.Truncate(places): towards zero.
func (x num) truncate(places int32) num {
	if x.big {
		return nd(x.d.Truncate(places))
	}
	k := -int64(places) - int64(x.e)
	if k <= 0 {
		return x
	}
	var q uint64
	if k <= 19 {
		q = uabs(x.c) / p10[k]
	}
	c, _ := signed(q, x.c < 0)
	return num{c: c, e: -places}
}

// ceil is x.Ceil().
func (x num) ceil() num {
	if x.big {
		return nd(x.d.Ceil())
	}
	if x.e >= 0 {
		return x
	}
	k := -int64(x.e)
	a := uabs(x.c)
	var q, r uint64
	if k <= 19 {
		q, r = a/p10[k], a%p10[k]
	} else {
		r = a
	}
	if x.c > 0 && r != 0 {
		q++
	}
	c, _ := signed(q, x.c < 0)
	return num{c: c}
}

// intPart is x.IntPart().
func (x num) intPart() int64 {
	if !x.big {
		if x.e == 0 {
			return x.c
		}
		if x.e < 0 && x.e >= -18 {
			return x.c / int64(p10[-x.e])
		}
	}
	return x.dec().IntPart()
}

func maxN(a, b num) num {
	if b.cmp(a) > 0 {
		return b
	}
	return a
}

// ---- printing ----

// stdPrint says the decimal package prints as by default (trailing zeros
// trimmed, no scientific notation), the form the fast printers produce.
func stdPrint() bool { return decimal.TrimTrailingZeros && !decimal.UseScientificNotation }

// appendPlain appends x.String().
func appendPlain(b []byte, x num) []byte {
	if x.big || !stdPrint() {
		return append(b, x.dec().String()...)
	}
	if x.c == 0 {
		return append(b, '0')
	}
	if x.c < 0 {
		b = append(b, '-')
	}
	var tmp [20]byte
	ds := strconv.AppendUint(tmp[:0], uabs(x.c), 10)
	if x.e >= 0 {
		b = append(b, ds...)
		for range x.e {
			b = append(b, '0')
		}
		return b
	}
	frac := int(-int64(x.e))
	// trim trailing zeros of the fraction
	end := len(ds)
	for end > 0 && frac > 0 && ds[end-1] == '0' {
		end--
		frac--
	}
	ds = ds[:end]
	if frac == 0 {
		return append(b, ds...)
	}
	if len(ds) > frac {
		b = append(b, ds[:len(ds)-frac]...)
		b = append(b, '.')
		return append(b, ds[len(ds)-frac:]...)
	}
	b = append(b, '0', '.')
	for range frac - len(ds) {
		b = append(b, '0')
	}
	return append(b, ds...)
}

// appendFixed appends x.StringFixed(places) (places ≥ 0).
func appendFixed(b []byte, x num, places int32) []byte {
	r := x.round(places)
	if !r.big && r.e > -places {
		// a value with fewer decimals: write it at places decimals
		if c, ok := mul10(r.c, int64(r.e)+int64(places)); ok {
			r = num{c: c, e: -places}
		}
	}
	if r.big || r.e != -places {
		return append(b, x.dec().StringFixed(places)...)
	}
	if r.c < 0 {
		b = append(b, '-')
	}
	var tmp [20]byte
	ds := strconv.AppendUint(tmp[:0], uabs(r.c), 10)
	p := int(places)
	if p == 0 {
		return append(b, ds...)
	}
	if len(ds) > p {
		b = append(b, ds[:len(ds)-p]...)
		b = append(b, '.')
		return append(b, ds[len(ds)-p:]...)
	}
	b = append(b, '0', '.')
	for range p - len(ds) {
		b = append(b, '0')
	}
	return append(b, ds...)
}

type fxMag struct {
	shift int32
	word  string
	lim   num // 10^shift
}

var fxBigMags = []fxMag{{12, "万亿", nE(1, 12)}, {8, "亿", nE(1, 8)}, {4, "万", nE(1, 4)}, {0, "", nE(1, 0)}}

// appendYuan appends quantity.Format(x, quantity.Yuan, "", prec).
func appendYuan(b []byte, x num, prec int) []byte {
	if x.big || !stdPrint() {
		return append(b, quantity.Format(x.dec(), quantity.Yuan, "", prec)...)
	}
	a := x.abs()
	mags := fxBigMags
	for i, mg := range mags {
		if i < len(mags)-1 && a.lt(mg.lim) {
			continue
		}
		v := x.shift(-mg.shift)
		if prec < 0 {
			b = appendPlain(b, v)
			b = append(b, mg.word...)
			return append(b, "元"...)
		}
		r := v.round(int32(prec))
		if i > 0 && r.abs().shift(mg.shift).ge(mags[i-1].lim) {
			up := mags[i-1]
			b = appendPlain(b, x.shift(-up.shift).round(int32(prec)))
			b = append(b, up.word...)
			return append(b, "元"...)
		}
		b = appendPlain(b, r)
		b = append(b, mg.word...)
		return append(b, "元"...)
	}
	panic("unreachable")
}

// appendPct appends quantity.Format(x, quantity.Percent, "", prec).
func appendPct(b []byte, x num, prec int) []byte {
	if x.big || !stdPrint() {
		return append(b, quantity.Format(x.dec(), quantity.Percent, "", prec)...)
	}
	v := x.shift(2)
	if prec >= 0 {
		v = v.round(int32(prec))
	}
	b = appendPlain(b, v)
	return append(b, '%')
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

func itoa(n int) string { return strconv.Itoa(n) }
