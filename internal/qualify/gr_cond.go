package qualify

import (
	"github.com/shopspring/decimal"
)

// Condition builders shared by the gradient-cultivation rules.

// grAppendPoints appends a ratio difference as percentage points, rounded
// up at two decimals: 0.05 → "5个百分点".
func grAppendPoints(b []byte, d num) []byte {
	c := d.shift(4).ceil().shift(-4)
	b = appendPct(b, c, 2)
	b = b[:len(b)-1] // the "%"
	return append(b, "个百分点"...)
}

// grPoints prints a ratio difference as percentage points, rounded up at
// two decimals: 0.05 → "5个百分点".
func grPoints(d num) string {
	var buf [48]byte
	return string(grAppendPoints(buf[:0], d))
}

// grGeYears is the threshold "≥n年（截至上年末）".
func grGeYears(n int) string {
	switch n {
	case 2:
		return "≥2年（截至上年末）"
	case 3:
		return "≥3年（截至上年末）"
	}
	return "≥" + itoa(n) + "年（截至上年末）"
}

// grGePoints is the threshold "≥n分".
func grGePoints(n int) string {
	switch n {
	case 15:
		return "≥15分"
	case 20:
		return "≥20分"
	case 50:
		return "≥50分"
	case 60:
		return "≥60分"
	}
	return "≥" + itoa(n) + "分"
}

// grMinYuan: amount v ≥ t (以上/不低于, inclusive). what names the amount in
// the gap ("营业收入"), when names the year ("上一年度").
func grMinYuan(code, name string, v *decimal.Decimal, t grT, what, when, src, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: t.geYuan, Source: src}
	if grNeedDec(&c, v, fact) {
		x := nd(*v)
		var buf [128]byte
		c.Value = string(grAppendYuanVs(buf[:0], x, t.n))
		c.Pass = pass(x.ge(t.n))
		if x.lt(t.n) {
			b := append(buf[:0], what...)
			b = append(b, "还需增加"...)
			b = grAppendYuanGap(b, t.n.sub(x))
			b = append(b, "（"...)
			b = append(b, when...)
			b = append(b, "）"...)
			c.Gap = string(b)
		}
	}
	return c
}

// grMinYears: full years in the niche market ≥ n.
func grMinYears(code string, v *int, n int, src string) Condition {
	c := Condition{Code: code, Name: "从事特定细分市场年限", Threshold: grGeYears(n), Source: src}
	if grNeedInt(&c, v, "从事特定细分市场年限（NicheYears）") {
		c.Value = itoa(*v) + "年"
		c.Pass = pass(*v >= n)
		if *v < n {
			c.Gap = "从事细分市场年限还差" + itoa(n-*v) + "年"
		}
	}
	return c
}

// grShareMin: main-business revenue / operating revenue ≥ t.
func grShareMin(code string, main, rev *decimal.Decimal, t grT, src string) Condition {
	c := Condition{Code: code, Name: "主营业务收入占营业收入比重", Threshold: t.gePct, Source: src}
	okM := grNeedDec(&c, main, "上一年度主营业务收入（MainRevenue）")
	okR := grNeedDec(&c, rev, "上一年度营业收入（Revenue）")
	if okM && okR {
		m, r := nd(*main), nd(*rev)
		q, ok := grRatio(m, r)
		if !ok {
			c.Value = "营业收入为0"
			c.Pass = pass(false)
			c.Gap = "营业收入为0，无法计算占比"
			return c
		}
		var buf [128]byte
		b := grAppendPctVs(buf[:0], q, t.n)
		b = append(b, "（"...)
		b = grAppendYuan(b, m)
		b = append(b, '/')
		b = grAppendYuan(b, r)
		b = append(b, "）"...)
		c.Value = string(b)
		c.Pass = pass(q.ge(t.n))
		if q.lt(t.n) {
			b = append(buf[:0], "主营业务收入占比还需提高"...)
			c.Gap = string(grAppendPoints(b, t.n.sub(q)))
		}
	}
	return c
}

// grDebtMax: debt-to-asset ratio ≤ t (不高于, inclusive).
func grDebtMax(code string, v *decimal.Decimal, t grT, src string) Condition {
	c := Condition{Code: code, Name: "资产负债率（上年末）", Threshold: t.lePct, Source: src}
	if grNeedDec(&c, v, "上年末资产负债率（DebtRatio）") {
		x := nd(*v)
		c.Value = grPctVs(x, t.n)
		c.Pass = pass(x.le(t.n))
		if x.gt(t.n) {
			var buf [96]byte
			b := append(buf[:0], "资产负债率还需降低"...)
			c.Gap = string(grAppendPoints(b, x.sub(t.n)))
		}
	}
	return c
}

// grRDYear is one year's R&D check: amount ≥ minAmt (skipped when zero)
// and R&D / revenue ≥ minRatio (skipped when zero).
type grRDYear struct {
	when    string // 上一年度（2025年）
	rd, rev *decimal.Decimal
	rdFact  string
	revFact string
}

// judge judges the year on c: it appends the year's value to vals and its
// gap, if any, to gaps (after sep when gaps is not empty), and returns the
// year's pass (a tri, nil when undetermined).
func (y *grRDYear) judge(c *Condition, minAmt, minRatio num, vals, gaps []byte) (*bool, []byte, []byte) {
	var partsA [2]*bool
	parts := partsA[:0]
	vals = append(vals, y.when...)
	if y.rd == nil {
		c.Missing = append(c.Missing, y.rdFact)
		return nil, append(vals, "研发费用未提供"...), gaps
	}
	rd := nd(*y.rd)
	vals = append(vals, "研发费用"...)
	vals = grAppendYuanVs(vals, rd, minAmt)
	need := num{}
	if !minAmt.isZero() {
		parts = append(parts, tri(rd.ge(minAmt)))
		if rd.lt(minAmt) {
			need = minAmt.sub(rd)
		}
	}
	if !minRatio.isZero() {
		if y.rev == nil {
			c.Missing = append(c.Missing, y.revFact)
			parts = append(parts, nil)
		} else if rev := nd(*y.rev); !rev.isZero() {
			q, _ := grRatio(rd, rev)
			vals = append(vals, "，占营业收入"...)
			vals = grAppendPctVs(vals, q, minRatio)
			parts = append(parts, tri(q.ge(minRatio)))
			if q.lt(minRatio) {
				need = maxN(need, rev.mul(minRatio).sub(rd))
			}
		} else {
			vals = append(vals, "（营业收入为0）"...)
			parts = append(parts, tri(rd.isPos()))
		}
	}
	if need.isPos() {
		if len(gaps) > 0 {
			gaps = append(gaps, "；"...)
		}
		gaps = append(gaps, "研发费用还需增加"...)
		gaps = grAppendYuanGap(gaps, need)
		gaps = append(gaps, "（"...)
		gaps = append(gaps, y.when...)
		gaps = append(gaps, "）"...)
	}
	return grAndT(parts...), vals, gaps
}

// grScoreCond is a platform score ≥ mark.
func grScoreCond(code, name string, v *int, mark int, src, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: grGePoints(mark), Source: src}
	if grNeedInt(&c, v, fact) {
		c.Value = itoa(*v) + "分"
		c.Pass = pass(*v >= mark)
		if *v < mark {
			c.Gap = "评价得分还差" + itoa(mark-*v) + "分"
		}
	}
	return c
}

// grIndicator is a scored indicator's condition and points.
type grIndicator struct {
	c Condition
	r grRange
}

// grSettle marks scored indicators: an indicator is settled (Pass true)
// when its points are exact or when the judging conditions are decided
// whatever its points are; otherwise it stays undetermined with its
// missing facts.
func grSettle(inds []*grIndicator, decided bool) {
	for _, in := range inds {
		if in.r.exact() || decided {
			in.c.Pass = pass(true)
			if decided && !in.r.exact() {
				in.c.Value += "（不影响结论）"
			}
			in.c.Missing = nil
		}
	}
}

// grRatioScore scores num/den in bands; nil facts give the full range.
func grRatioScore(in *grIndicator, nu, de *decimal.Decimal, numFact, denFact string, bs []grBand) (num, bool) {
	okN := grNeedDec(&in.c, nu, numFact)
	okD := grNeedDec(&in.c, de, denFact)
	in.r = grRange{bs[len(bs)-1].pts, bs[0].pts}
	var buf [96]byte
	if !okN || !okD {
		b := append(buf[:0], "未提供，"...)
		in.c.Value = string(in.r.appendTo(b))
		return num{}, false
	}
	q, ok := grRatio(nd(*nu), nd(*de))
	if !ok {
		in.r = grRange{bs[len(bs)-1].pts, bs[len(bs)-1].pts}
		b := append(buf[:0], "分母为0，得"...)
		b = appendInt(b, in.r.min)
		in.c.Value = string(append(b, "分"...))
		return num{}, false
	}
	p, _ := grScore(q, bs)
	in.r = grRange{p, p}
	b := grAppendPctBands(buf[:0], q, bs)
	b = append(b, "，得"...)
	b = appendInt(b, p)
	in.c.Value = string(append(b, "分"...))
	return q, true
}

// grNextBand is the band above the one v is in (ok false at the top).
func grNextBand(v num, bs []grBand) (grBand, bool) {
	_, i := grScore(v, bs)
	if i == 0 {
		return grBand{}, false
	}
	return bs[i-1], true
}

// grAppendPctBands appends q as a percentage, exactly when rounding would
// hide a band boundary.
func grAppendPctBands(b []byte, q num, bs []grBand) []byte {
	rr := q.round(4)
	for _, band := range bs[:len(bs)-1] {
		if q.cmp(band.min) != rr.cmp(band.min) {
			// printed exactly unless that reads the same as rounded
			n := len(b)
			b = appendPct(b, q.truncate(8), -1)
			var tmp [48]byte
			if string(b[n:]) != string(appendPct(tmp[:0], q, 2)) {
				return b
			}
			b = b[:n]
		}
	}
	return appendPct(b, q, 2)
}
