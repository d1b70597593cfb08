package qualify

// Helpers shared by the tech-based SME (techsme.go) and gradient-cultivation
// (gradient.go, gr_*.go) rules. Every identifier is prefixed gr so that it
// cannot clash with the high-tech helpers (ht_*.go) of the same package.

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// grT is a threshold constant with its printed forms, computed once.
type grT struct {
	n                     num
	yuan, pct             string // grYuan(n), grPct(n)
	geYuan, leYuan, gePct string // "≥"+yuan, "≤"+yuan, "≥"+pct
	lePct                 string // "≤"+pct
}

// grK is the threshold constant s (a decimal literal).
func grK(s string) grT {
	n := nS(s)
	t := grT{n: n, yuan: grYuan(n), pct: grPct(n)}
	t.geYuan, t.leYuan, t.gePct, t.lePct = "≥"+t.yuan, "≤"+t.yuan, "≥"+t.pct, "≤"+t.pct
	return t
}

var (
	grOne      = nI(1)
	grTwo      = nI(2)
	grLim8     = nE(1, 8)
	grLim4     = nE(1, 4)
	grStep8    = nE(1, 6)
	grStep4    = nE(1, 2)
	grStepCent = nE(1, -2)
)

// grRatio is a/b, exact to 16 places; ok is false when b is zero.
func grRatio(a, b num) (num, bool) {
	if b.isZero() {
		return num{}, false
	}
	return a.divRound(b, 16), true
}

// grStep is the last printed digit of quantity.Format(v, Yuan, "", 2): two
// decimals of 亿, 万 or 元.
func grStep(v num) num {
	a := v.abs()
	switch {
	case a.ge(grLim8):
		return grStep8
	case a.ge(grLim4):
		return grStep4
	}
	return grStepCent
}

// grYuan prints an amount the way bulletins do (quantity.Format, two
// decimals of 万元/亿元).
func grYuan(v num) string {
	var buf [64]byte
	return string(appendYuan(buf[:0], v, 2))
}

func grAppendYuan(b []byte, v num) []byte { return appendYuan(b, v, 2) }

// grAppendYuanVs appends v for comparison with threshold t: rounded like
// grYuan, unless the rounding would hide which side of t it is on, in which
// case it is printed exactly (200,000,001 → "2.00000001亿元", not "2亿元").
func grAppendYuanVs(b []byte, v, t num) []byte {
	st := grStep(v)
	r := v.div(st).round(0).mul(st)
	if v.cmp(t) != r.cmp(t) {
		return appendYuan(b, v, -1)
	}
	return appendYuan(b, v, 2)
}

// grAppendYuanGap appends a shortfall rounded up at the printed precision,
// so that adding the printed amount is always enough.
func grAppendYuanGap(b []byte, v num) []byte {
	st := grStep(v)
	c := v.div(st).ceil().mul(st)
	return appendYuan(b, c, 2)
}

// grPct prints a ratio as a percentage with up to two decimals.
func grPct(r num) string {
	var buf [48]byte
	return string(appendPct(buf[:0], r, 2))
}

func grAppendPct(b []byte, r num) []byte { return appendPct(b, r, 2) }

// grAppendPctVs appends ratio r for comparison with threshold t, exactly
// when the rounding would hide the side of t (2.9999% is not printed "3%").
func grAppendPctVs(b []byte, r, t num) []byte {
	rr := r.round(4)
	if r.cmp(t) != rr.cmp(t) {
		return appendPct(b, r.truncate(8), -1)
	}
	return appendPct(b, r, 2)
}

func grPctVs(r, t num) string {
	var buf [48]byte
	return string(grAppendPctVs(buf[:0], r, t))
}

// tri is b as a read-only *bool for the parts grAnd and grOr combine; it
// is never stored in a result (pass allocates those).
func tri(b bool) *bool {
	if b {
		return &triTrue
	}
	return &triFalse
}

var triTrue, triFalse = true, false

// grAnd combines three-valued results: false if any is false, else nil if
// any is nil, else true.
func grAnd(ps ...*bool) *bool { return triCopy(grAndT(ps...)) }

// grOr combines three-valued results: true if any is true, else nil if any
// is nil, else false.
func grOr(ps ...*bool) *bool { return triCopy(grOrT(ps...)) }

// triCopy is p as a new *bool (nil stays nil).
func triCopy(p *bool) *bool {
	if p == nil {
		return nil
	}
	return pass(*p)
}

// grAndT is grAnd as a tri.
func grAndT(ps ...*bool) *bool {
	unknown := false
	for _, p := range ps {
		if p == nil {
			unknown = true
		} else if !*p {
			return &triFalse
		}
	}
	if unknown {
		return nil
	}
	return &triTrue
}

// grOrT is grOr as a tri.
func grOrT(ps ...*bool) *bool {
	unknown := false
	for _, p := range ps {
		if p == nil {
			unknown = true
		} else if *p {
			return &triTrue
		}
	}
	if unknown {
		return nil
	}
	return &triFalse
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
	var buf [32]byte
	return string(r.appendTo(buf[:0]))
}

// appendTo appends r.String().
func (r grRange) appendTo(b []byte) []byte {
	b = appendInt(b, r.min)
	if !r.exact() {
		b = append(b, "–"...)
		b = appendInt(b, r.max)
	}
	return append(b, "分"...)
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
	min num
	pts int
}

// grBands parses a band table written as "ratio:points" pairs from the top
// band down; the lowest band is written "-:points".
func grBands(spec string) []grBand {
	var bs []grBand
	for _, f := range strings.Fields(spec) {
		k, v, _ := strings.Cut(f, ":")
		pts, err := strconv.Atoi(v)
		if err != nil {
			panic("qualify: bad band " + f)
		}
		b := grBand{pts: pts, min: nE(-1, 30)}
		if k != "-" {
			b.min = nS(k)
		}
		bs = append(bs, b)
	}
	return bs
}

// grScore is the points of v in bands, and the index of its band.
func grScore(v num, bs []grBand) (int, int) {
	for i, b := range bs {
		if v.ge(b.min) {
			return b.pts, i
		}
	}
	return 0, len(bs) - 1
}

// grFinish sets the verdict, and collects missing facts and assumptions
// from the conditions (each once, in order).
func grFinish(r *Result) Result {
	failed, open := false, false
	for _, c := range r.Conditions {
		switch {
		case c.Pass == nil:
			open = true
		case !*c.Pass:
			failed = true
		}
		for _, m := range c.Missing {
			if !slices.Contains(r.Missing, m) {
				r.Missing = append(r.Missing, m)
			}
		}
		if c.Assumption != "" && !slices.Contains(r.Assumptions, c.Assumption) {
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
func grCeilInt(v num) int64 { return v.ceil().intPart() }

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
