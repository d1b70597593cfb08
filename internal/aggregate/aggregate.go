// Package aggregate turns sums of firms' year-to-date reports into the
// indicators a bureau publishes: totals, same-basis year-on-year growth,
// growth against last year's archived total, and ratios. Pure: the sums come
// from the store.
package aggregate

import (
	"github.com/shopspring/decimal"
)

// GrowthKind says how a growth rate could be computed.
type GrowthKind string

const (
	// Rate: an ordinary rate, base > 0.
	Rate GrowthKind = "rate"
	// NoBase: no base (no firm reported a 同期数, or last year's total is missing).
	NoBase GrowthKind = "no_base"
	// TurnedPositive: base ≤ 0 and current > 0 — the bureau writes 扭亏为盈 /
	// 由负转正, never a rate (which would have the wrong sign).
	TurnedPositive GrowthKind = "turned_positive"
	// NotMeaningful: base ≤ 0 and current ≤ 0 (亏损, 负值): no rate.
	NotMeaningful GrowthKind = "not_meaningful"
)

// Growth is a year-on-year growth: a ratio when Kind is Rate, otherwise nil
// with the reason.
type Growth struct {
	Kind  GrowthKind
	Ratio *decimal.Decimal // current/base − 1, 12 decimal places; nil unless Kind == Rate
}

// Label is the Chinese wording for a growth that is not a rate.
func (g Growth) Label() string {
	switch g.Kind {
	case TurnedPositive:
		return "扭亏为盈（由负转正）"
	case NotMeaningful:
		return "基数为负，不计算增速"
	case NoBase:
		return "无可比基数"
	}
	return ""
}

// Compute returns current/base − 1 when base > 0. A zero or negative base
// gives no rate: the naive formula has the wrong sign or divides by zero
// (policy-rules §5.3; ../shared/cases/import/csv/ytd_indicators: 利润总额).
func Compute(current, base decimal.Decimal, hasBase bool) Growth {
	switch {
	case !hasBase:
		return Growth{Kind: NoBase}
	case base.Sign() > 0:
		r := current.DivRound(base, 12).Sub(decimal.NewFromInt(1))
		return Growth{Kind: Rate, Ratio: &r}
	case current.Sign() > 0:
		return Growth{Kind: TurnedPositive}
	}
	return Growth{Kind: NotMeaningful}
}

// SameBasis is the same-basis (同口径) growth over the firms reporting now:
// Σ current / Σ same-period-as-re-reported − 1, both sums over the firms
// that reported both (statistics bureaus' rule; policy-rules §5.3: 2026 H1
// 115亿 now vs 104亿 re-reported → 10.58%, not 115/100 − 1).
func SameBasis(pairedValue, pairedPrior decimal.Decimal, pairedFirms int) Growth {
	return Compute(pairedValue, pairedPrior, pairedFirms > 0)
}

// Monthly derives single-month values from year-to-date ones: month N =
// YTD N − YTD N−1. ytd maps month → cumulative value; January and February
// reported together (1–2月, no month 1) give one value for month 2 covering
// both. A month whose predecessor is missing is left out rather than taken
// as the cumulative value.
func Monthly(ytd map[int]decimal.Decimal) map[int]decimal.Decimal {
	out := map[int]decimal.Decimal{}
	for m, v := range ytd {
		switch prev, ok := ytd[m-1]; {
		case m == 1:
			out[1] = v
		case m == 2 && !ok:
			out[2] = v // 1–2月 reported together
		case ok:
			out[m] = v.Sub(prev)
		}
	}
	return out
}
