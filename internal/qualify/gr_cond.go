package qualify

import (
	"fmt"

	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/shopspring/decimal"
)

// Condition builders shared by the gradient-cultivation rules.

// grPoints prints a ratio difference as percentage points, rounded up at
// two decimals: 0.05 → "5个百分点".
func grPoints(d decimal.Decimal) string {
	c := d.Shift(4).Ceil().Shift(-4)
	s := quantity.Format(c, quantity.Percent, "", 2)
	return s[:len(s)-1] + "个百分点"
}

// grMinYuan: amount v ≥ t (以上/不低于, inclusive). what names the amount in
// the gap ("营业收入"), when names the year ("上一年度").
func grMinYuan(code, name string, v *decimal.Decimal, t decimal.Decimal, what, when, src, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: "≥" + grYuan(t), Source: src}
	if grNeedDec(&c, v, fact) {
		c.Value = grYuanVs(*v, t)
		c.Pass = pass(v.GreaterThanOrEqual(t))
		if v.LessThan(t) {
			c.Gap = fmt.Sprintf("%s还需增加%s（%s）", what, grYuanGap(t.Sub(*v)), when)
		}
	}
	return c
}

// grMinYears: full years in the niche market ≥ n.
func grMinYears(code string, v *int, n int, src string) Condition {
	c := Condition{Code: code, Name: "从事特定细分市场年限", Threshold: fmt.Sprintf("≥%d年（截至上年末）", n), Source: src}
	if grNeedInt(&c, v, "从事特定细分市场年限（NicheYears）") {
		c.Value = fmt.Sprintf("%d年", *v)
		c.Pass = pass(*v >= n)
		if *v < n {
			c.Gap = fmt.Sprintf("从事细分市场年限还差%d年", n-*v)
		}
	}
	return c
}

// grShareMin: main-business revenue / operating revenue ≥ t.
func grShareMin(code string, main, rev *decimal.Decimal, t decimal.Decimal, src string) Condition {
	c := Condition{Code: code, Name: "主营业务收入占营业收入比重", Threshold: "≥" + grPct(t), Source: src}
	okM := grNeedDec(&c, main, "上一年度主营业务收入（MainRevenue）")
	okR := grNeedDec(&c, rev, "上一年度营业收入（Revenue）")
	if okM && okR {
		q, ok := grRatio(*main, *rev)
		if !ok {
			c.Value = "营业收入为0"
			c.Pass = pass(false)
			c.Gap = "营业收入为0，无法计算占比"
			return c
		}
		c.Value = fmt.Sprintf("%s（%s/%s）", grPctVs(q, t), grYuan(*main), grYuan(*rev))
		c.Pass = pass(q.GreaterThanOrEqual(t))
		if q.LessThan(t) {
			c.Gap = "主营业务收入占比还需提高" + grPoints(t.Sub(q))
		}
	}
	return c
}

// grDebtMax: debt-to-asset ratio ≤ t (不高于, inclusive).
func grDebtMax(code string, v *decimal.Decimal, t decimal.Decimal, src string) Condition {
	c := Condition{Code: code, Name: "资产负债率（上年末）", Threshold: "≤" + grPct(t), Source: src}
	if grNeedDec(&c, v, "上年末资产负债率（DebtRatio）") {
		c.Value = grPctVs(*v, t)
		c.Pass = pass(v.LessThanOrEqual(t))
		if v.GreaterThan(t) {
			c.Gap = "资产负债率还需降低" + grPoints(v.Sub(t))
		}
	}
	return c
}

// grRDYear is one year's R&D check: amount ≥ minAmt (skipped when zero)
// and R&D / revenue ≥ minRatio (skipped when zero). It returns pass and the
// parts for Value and Gap.
type grRDYear struct {
	when      string // 上一年度（2025年）
	rd, rev   *decimal.Decimal
	rdFact    string
	revFact   string
	value     string
	gap       string
	pass      *bool
	shortfall decimal.Decimal // the larger R&D shortfall, yuan
}

func (y *grRDYear) judge(c *Condition, minAmt, minRatio decimal.Decimal) {
	var parts []*bool
	if y.rd == nil {
		c.Missing = append(c.Missing, y.rdFact)
		y.value = y.when + "研发费用未提供"
		y.pass = nil
		return
	}
	y.value = y.when + "研发费用" + grYuanVs(*y.rd, minAmt)
	need := decimal.Zero
	if !minAmt.IsZero() {
		parts = append(parts, pass(y.rd.GreaterThanOrEqual(minAmt)))
		if y.rd.LessThan(minAmt) {
			need = minAmt.Sub(*y.rd)
		}
	}
	if !minRatio.IsZero() {
		if y.rev == nil {
			c.Missing = append(c.Missing, y.revFact)
			parts = append(parts, nil)
		} else if q, ok := grRatio(*y.rd, *y.rev); ok {
			y.value += "，占营业收入" + grPctVs(q, minRatio)
			parts = append(parts, pass(q.GreaterThanOrEqual(minRatio)))
			if q.LessThan(minRatio) {
				need = decimal.Max(need, y.rev.Mul(minRatio).Sub(*y.rd))
			}
		} else {
			y.value += "（营业收入为0）"
			parts = append(parts, pass(y.rd.IsPositive()))
		}
	}
	y.pass = grAnd(parts...)
	y.shortfall = need
	if need.IsPositive() {
		y.gap = fmt.Sprintf("研发费用还需增加%s（%s）", grYuanGap(need), y.when)
	}
}

// grScoreCond is a platform score ≥ mark.
func grScoreCond(code, name string, v *int, mark int, src, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: fmt.Sprintf("≥%d分", mark), Source: src}
	if grNeedInt(&c, v, fact) {
		c.Value = fmt.Sprintf("%d分", *v)
		c.Pass = pass(*v >= mark)
		if *v < mark {
			c.Gap = fmt.Sprintf("评价得分还差%d分", mark-*v)
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
func grRatioScore(in *grIndicator, num, den *decimal.Decimal, numFact, denFact string, bs []grBand) (decimal.Decimal, bool) {
	okN := grNeedDec(&in.c, num, numFact)
	okD := grNeedDec(&in.c, den, denFact)
	in.r = grRange{bs[len(bs)-1].pts, bs[0].pts}
	if !okN || !okD {
		in.c.Value = "未提供，" + in.r.String()
		return decimal.Zero, false
	}
	q, ok := grRatio(*num, *den)
	if !ok {
		in.r = grRange{bs[len(bs)-1].pts, bs[len(bs)-1].pts}
		in.c.Value = fmt.Sprintf("分母为0，得%d分", in.r.min)
		return decimal.Zero, false
	}
	p, _ := grScore(q, bs)
	in.r = grRange{p, p}
	in.c.Value = fmt.Sprintf("%s，得%d分", grPctBands(q, bs), p)
	return q, true
}

// grNextBand is the band above the one v is in (ok false at the top).
func grNextBand(v decimal.Decimal, bs []grBand) (grBand, bool) {
	_, i := grScore(v, bs)
	if i == 0 {
		return grBand{}, false
	}
	return bs[i-1], true
}

// grPctBands prints q, exactly when rounding would hide a band boundary.
func grPctBands(q decimal.Decimal, bs []grBand) string {
	for _, b := range bs[:len(bs)-1] {
		if s := grPctVs(q, b.min); s != grPct(q) {
			return s
		}
	}
	return grPct(q)
}
