package qualify

// Helpers shared by the tech-based SME (techsme.go) and gradient-cultivation
// (gradient.go, gr_*.go) rules. Every identifier is prefixed gr so that it
// cannot clash with the high-tech helpers (ht_*.go) of the same package.

import (
	"fmt"
	"strings"

	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/shopspring/decimal"
)

var (
	grZero    = decimal.Zero
	grHundred = decimal.NewFromInt(100)
)

// grD is a decimal literal.
func grD(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// grRatio is a/b, exact to 16 places; ok is false when b is zero.
func grRatio(a, b decimal.Decimal) (decimal.Decimal, bool) {
	if b.IsZero() {
		return grZero, false
	}
	return a.DivRound(b, 16), true
}

// grStep is the last printed digit of quantity.Format(v, Yuan, "", 2): two
// decimals of 亿, 万 or 元.
func grStep(v decimal.Decimal) decimal.Decimal {
	a := v.Abs()
	switch {
	case a.GreaterThanOrEqual(decimal.New(1, 8)):
		return decimal.New(1, 6)
	case a.GreaterThanOrEqual(decimal.New(1, 4)):
		return decimal.New(1, 2)
	}
	return decimal.New(1, -2)
}

// grYuan prints an amount the way bulletins do (quantity.Format, two
// decimals of 万元/亿元).
func grYuan(v decimal.Decimal) string { return quantity.Format(v, quantity.Yuan, "", 2) }

// grYuanVs prints v for comparison with threshold t: rounded like grYuan,
// unless the rounding would hide which side of t it is on, in which case
// it is printed exactly (200,000,001 → "2.00000001亿元", not "2亿元").
func grYuanVs(v, t decimal.Decimal) string {
	r := v.Div(grStep(v)).Round(0).Mul(grStep(v))
	if v.Cmp(t) != r.Cmp(t) {
		return quantity.Format(v, quantity.Yuan, "", -1)
	}
	return grYuan(v)
}

// grYuanGap prints a shortfall rounded up at the printed precision, so that
// adding the printed amount is always enough.
func grYuanGap(v decimal.Decimal) string {
	st := grStep(v)
	c := v.Div(st).Ceil().Mul(st)
	return quantity.Format(c, quantity.Yuan, "", 2)
}

// grPct prints a ratio as a percentage with up to two decimals.
func grPct(r decimal.Decimal) string { return quantity.Format(r, quantity.Percent, "", 2) }

// grPctVs prints ratio r for comparison with threshold t, exactly when the
// rounding would hide the side of t (2.9999% is not printed "3%").
func grPctVs(r, t decimal.Decimal) string {
	rr := r.Round(4)
	if r.Cmp(t) != rr.Cmp(t) {
		return quantity.Format(r.Truncate(8), quantity.Percent, "", -1)
	}
	return grPct(r)
}

// grTri combines three-valued results.
func grAnd(ps ...*bool) *bool {
	unknown := false
	for _, p := range ps {
		if p == nil {
			unknown = true
		} else if !*p {
			return pass(false)
		}
	}
	if unknown {
		return nil
	}
	return pass(true)
}

func grOr(ps ...*bool) *bool {
	unknown := false
	for _, p := range ps {
		if p == nil {
			unknown = true
		} else if *p {
			return pass(true)
		}
	}
	if unknown {
		return nil
	}
	return pass(false)
}

// grNeed records a missing fact on c and reports whether p is set.
func grNeedDec(c *Condition, p *decimal.Decimal, fact string) bool {
	if p == nil {
		c.Missing = append(c.Missing, fact)
		return false
	}
	return true
}

func grNeedInt(c *Condition, p *int, fact string) bool {
	if p == nil {
		c.Missing = append(c.Missing, fact)
		return false
	}
	return true
}

func grNeedBool(c *Condition, p *bool, fact string) bool {
	if p == nil {
		c.Missing = append(c.Missing, fact)
		return false
	}
	return true
}

// grRange is a point range for one scored indicator.
type grRange struct{ min, max int }

func (r grRange) exact() bool { return r.min == r.max }

func (r grRange) String() string {
	if r.exact() {
		return fmt.Sprintf("%d分", r.min)
	}
	return fmt.Sprintf("%d–%d分", r.min, r.max)
}

func grSum(rs ...grRange) grRange {
	var s grRange
	for _, r := range rs {
		s.min += r.min
		s.max += r.max
	}
	return s
}

// grBand is one band of a scored indicator: values ≥ min score pts (the
// last band of a table has no lower bound).
type grBand struct {
	min decimal.Decimal
	pts int
}

// grBands parses a band table written as "ratio:points" pairs from the top
// band down; the lowest band is written "-:points".
func grBands(spec string) []grBand {
	var bs []grBand
	for _, f := range strings.Fields(spec) {
		k, v, _ := strings.Cut(f, ":")
		var pts int
		fmt.Sscan(v, &pts)
		b := grBand{pts: pts, min: decimal.New(-1, 30)}
		if k != "-" {
			b.min = grD(k)
		}
		bs = append(bs, b)
	}
	return bs
}

// grScore is the points of v in bands, and the index of its band.
func grScore(v decimal.Decimal, bs []grBand) (int, int) {
	for i, b := range bs {
		if v.GreaterThanOrEqual(b.min) {
			return b.pts, i
		}
	}
	return 0, len(bs) - 1
}

// grFinish sets the verdict, and collects missing facts and assumptions
// from the conditions (each once, in order).
func grFinish(r *Result) Result {
	seenM := map[string]bool{}
	for _, m := range r.Missing {
		seenM[m] = true
	}
	seenA := map[string]bool{}
	for _, a := range r.Assumptions {
		seenA[a] = true
	}
	failed, open := false, false
	for _, c := range r.Conditions {
		switch {
		case c.Pass == nil:
			open = true
		case !*c.Pass:
			failed = true
		}
		for _, m := range c.Missing {
			if !seenM[m] {
				seenM[m] = true
				r.Missing = append(r.Missing, m)
			}
		}
		if c.Assumption != "" && !seenA[c.Assumption] {
			seenA[c.Assumption] = true
			r.Assumptions = append(r.Assumptions, c.Assumption)
		}
	}
	switch {
	case failed:
		r.Verdict = Fails
	case open:
		r.Verdict = Undetermined
	default:
		r.Verdict = Qualifies
	}
	return *r
}

// grRangeVs judges a point range against a pass mark: pass when even the
// minimum reaches it, fail when even the maximum does not.
func grRangeVs(s grRange, mark int) *bool {
	switch {
	case s.min >= mark:
		return pass(true)
	case s.max < mark:
		return pass(false)
	}
	return nil
}

// grCeilInt is the smallest integer ≥ v.
func grCeilInt(v decimal.Decimal) int64 { return v.Ceil().IntPart() }

// grAppendNew appends the items of add not yet in list.
func grAppendNew(list []string, add ...string) []string {
	for _, a := range add {
		found := false
		for _, l := range list {
			if l == a {
				found = true
				break
			}
		}
		if !found {
			list = append(list, a)
		}
	}
	return list
}
