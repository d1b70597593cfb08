// Package attainment pairs each plan target with the latest comparable
// published actual and judges its progress (目标完成情况) with package
// progress. It is pure: callers pass the observations in.
package attainment

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/progress"
)

// DefaultAtRiskMargin is how far (as a share of the plan, 0.10 = 10
// percentage points) progress may lag the elapsed share of the plan period
// (时序进度) and still count as "at risk" rather than "behind". It is a
// kechuang convention, not an official rule.
var DefaultAtRiskMargin = decimal.RequireFromString("0.10")

// Assessment is a target with its latest comparable actual and verdict.
type Assessment struct {
	Target model.Target
	// Actual is the latest comparable actual, nil when there is none.
	Actual *model.Observation
	// Partial is the latest figure of the same scope and indicator that is
	// not comparable (e.g. a 1—8月 cumulative figure for an annual target),
	// shown for information; nil when there is none.
	Partial *model.Observation
	Result  progress.Result
	// Why explains, in Chinese, why there is no comparable actual or how
	// progress was measured.
	Why string
}

// Comparable reports whether an observation can be set against a target of
// the same scope and indicator: for a flow (accumulated over a period) only a
// full calendar year compares with an annual target; a stock or a ratio
// compares at any date or for a full year. Estimates and forecasts never
// count as actuals.
func Comparable(t model.Target, o model.Observation) bool {
	if o.Scope.Code() != t.Scope.Code() || o.Indicator.Code != t.Indicator.Code {
		return false
	}
	if o.Status == model.Estimated {
		return false
	}
	switch t.Indicator.Kind {
	case model.Flow:
		return o.Period.Kind == period.Year
	default:
		return o.Period.Kind == period.Year || o.Period.Kind == period.Date
	}
}

// Assess evaluates every target against obs as of asOf. For each target the
// comparable actual with the latest period end on or before asOf is used
// (ties: the later observation in obs); figures of later periods are not
// known at asOf and are ignored. See progress.Evaluate for the verdict and
// progress.RequiredGrowth for the required compound annual growth.
func Assess(targets []model.Target, obs []model.Observation, asOf time.Time, atRiskMargin decimal.Decimal) []Assessment {
	out := make([]Assessment, 0, len(targets))
	for _, t := range targets {
		a := Assessment{Target: t}
		for i := range obs {
			o := &obs[i]
			if o.Scope.Code() != t.Scope.Code() || o.Indicator.Code != t.Indicator.Code || o.Period.End().After(asOf) {
				continue
			}
			if Comparable(t, *o) {
				if a.Actual == nil || !o.Period.End().Before(a.Actual.Period.End()) {
					a.Actual = o
				}
			} else if a.Partial == nil || !o.Period.End().Before(a.Partial.Period.End()) {
				a.Partial = o
			}
		}
		pt := progress.Target{Value: t.Value, Exclusive: t.Exclusive(), Year: t.Year, Baseline: t.Baseline}
		if t.PlanStart != nil {
			pt.PlanStart = *t.PlanStart
		}
		if t.BaselinePeriod != nil {
			pt.BaselineAt = t.BaselinePeriod.End()
		}
		var actual *progress.Actual
		if a.Actual != nil {
			actual = &progress.Actual{Value: a.Actual.Value, At: a.Actual.Period.End()}
		}
		a.Result = progress.Evaluate(pt, actual, asOf, atRiskMargin)
		switch {
		case a.Actual == nil && a.Partial != nil:
			a.Why = fmt.Sprintf("仅有%s数据（%s），与%d年目标口径不可比", a.Partial.Period.Label(), a.Partial.Formatted(), t.Year)
		case a.Actual == nil:
			a.Why = "尚无同一范围、同一指标的公布数"
		case t.Baseline != nil:
			a.Why = "进度 =（实绩 − 基期）÷（目标 − 基期）"
		default:
			a.Why = "无基期值，进度按完成率（实绩 ÷ 目标）计"
		}
		out = append(out, a)
	}
	return out
}
