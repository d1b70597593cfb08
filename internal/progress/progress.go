// Package progress judges how far a published figure has come towards a
// plan target (目标完成情况): whether it is achieved, on pace with the
// elapsed share of the plan period (时序进度), at risk, behind, or missed, and
// the compound annual growth still required to reach it.
//
// All quantities are exact decimals in the same base units (see package
// quantity); ratios are plain ratios (0.4625 = 46.25%). Dates are calendar
// dates at UTC midnight as in package period, where a date used as a
// position in time means the end of that day.
package progress

import (
	"errors"
	"fmt"
	"time"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/shopspring/decimal"
)

// Status is the verdict on a target. Its string value is stable and may be
// stored.
type Status string

// The statuses, in the order Evaluate tests them.
const (
	// NoActual: there is no comparable actual figure yet (暂无可比实绩).
	NoActual Status = "no_actual"
	// Achieved: the latest actual meets the target (已完成).
	Achieved Status = "achieved"
	// Missed: the target year has ended and its figure (an actual at or
	// after the end of the target year) does not meet the target (未完成).
	Missed Status = "missed"
	// OnTrack: progress is at least the elapsed share of the plan period
	// (进度正常).
	OnTrack Status = "on_track"
	// AtRisk: progress lags the elapsed share by no more than the at-risk
	// margin (存在风险).
	AtRisk Status = "at_risk"
	// Behind: progress lags the elapsed share by more than the margin
	// (进度滞后).
	Behind Status = "behind"
	// UnknownPace: not achieved, but pace cannot be judged because the plan
	// start is unknown or progress cannot be computed (无法判断进度).
	UnknownPace Status = "unknown_pace"
)

// Label returns the Chinese label of the status: 已完成, 进度正常, 存在风险,
// 进度滞后, 暂无可比实绩, 未完成, 无法判断进度. An unknown status returns its
// own string.
func (s Status) Label() string {
	switch s {
	case Achieved:
		return "已完成"
	case OnTrack:
		return "进度正常"
	case AtRisk:
		return "存在风险"
	case Behind:
		return "进度滞后"
	case NoActual:
		return "暂无可比实绩"
	case Missed:
		return "未完成"
	case UnknownPace:
		return "无法判断进度"
	}
	return string(s)
}

// Target is a plan target: reach Value by the end of calendar year Year.
type Target struct {
	// Value is the target level in base units.
	Value decimal.Decimal
	// Exclusive is true when the target must be exceeded (突破, 超过): the
	// actual must be > Value. When false (达到, 以上, 不低于) ≥ Value
	// suffices.
	Exclusive bool
	// Year is the calendar year by whose end (December 31) the target is to
	// be met, e.g. 2025 for “十四五”末 (see period.ParseHorizon).
	Year int
	// PlanStart is the first day of the plan period, e.g. 2022-01-01; the
	// zero time if unknown, in which case pace cannot be judged.
	PlanStart time.Time
	// Baseline is the level at BaselineAt the plan starts from, if known
	// (nil otherwise). With a baseline, progress is measured as the share of
	// the distance from baseline to target covered so far.
	Baseline *decimal.Decimal
	// BaselineAt is the date Baseline was measured (informational).
	BaselineAt time.Time
}

// Actual is the latest actual figure for a target.
type Actual struct {
	// Value is the figure in the target's base units.
	Value decimal.Decimal
	// At is the last day of the period it measures (period.Period.End),
	// e.g. 2022-12-31 for a 2022 figure.
	At time.Time
}

// Result is the outcome of Evaluate. Pointer fields are nil when the
// quantity cannot be computed.
type Result struct {
	// Status is the verdict.
	Status Status
	// Completion is actual/target as a ratio (0.4625 = 46.25%); nil without
	// an actual or when the target is zero.
	Completion *decimal.Decimal
	// RequiredGrowth is the compound annual growth rate still required, a
	// ratio (see RequiredGrowth); nil without an actual, when the actual or
	// target is not positive, or when no time is left (YearsLeft ≤ 0).
	RequiredGrowth *decimal.Decimal
	// YearsLeft is period.YearsUntilEndOf(actual.At, target.Year): the
	// years from the end of the latest actual's period to the end of the
	// target year (from asOf when there is no actual). Negative when that
	// year has already ended.
	YearsLeft decimal.Decimal
	// TimeElapsed is the elapsed share of the plan period (时序进度) at
	// actual.At, clamped to 0..1; nil without PlanStart or actual.
	TimeElapsed *decimal.Decimal
	// Progress is (actual−baseline)/(target−baseline) when a baseline is
	// known and differs from the target, otherwise Completion.
	Progress *decimal.Decimal
}

// ratioPlaces is the number of decimal places of the ratios Evaluate
// computes by division (rounded half away from zero).
const ratioPlaces = 16

// workPlaces is the working precision of RequiredGrowth's Ln/Exp.
const workPlaces = 30

// GrowthPlaces is the number of decimal places RequiredGrowth's result is
// rounded to.
const GrowthPlaces = 12

// RequiredGrowth returns the compound annual growth rate needed to go from
// latest to target in years years: (target/latest)^(1/years) − 1, a ratio
// (0.212616 = 21.2616% a year). years may be fractional (see
// period.YearsUntilEndOf); a negative result means the level may fall.
//
// It is computed in decimal as exp(ln(target/latest)/years) − 1 with 30
// decimal places of working precision (shopspring Ln and ExpTaylor) and
// rounded half away from zero to GrowthPlaces (12) decimal places, so the
// result is exact to 12 places and needs no float. Example: target 800,
// latest 370, 4 years → 0.212615999… (0.212616 to 6 places).
//
// Errors: latest ≤ 0, target ≤ 0 (a growth rate to or from a non-positive
// level is undefined) or years ≤ 0 (no time left).
func RequiredGrowth(target, latest decimal.Decimal, years decimal.Decimal) (decimal.Decimal, error) {
	switch {
	case latest.Sign() <= 0:
		return decimal.Decimal{}, fmt.Errorf("progress: required growth from non-positive latest value %s", latest)
	case target.Sign() <= 0:
		return decimal.Decimal{}, fmt.Errorf("progress: required growth to non-positive target %s", target)
	case years.Sign() <= 0:
		return decimal.Decimal{}, fmt.Errorf("progress: required growth over non-positive span of %s years", years)
	}
	ratio := target.DivRound(latest, workPlaces)
	ln, err := ratio.Ln(workPlaces)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("progress: required growth: %w", err)
	}
	e, err := ln.DivRound(years, workPlaces).ExpTaylor(workPlaces)
	if err != nil {
		return decimal.Decimal{}, fmt.Errorf("progress: required growth: %w", err)
	}
	return e.Sub(decimal.NewFromInt(1)).Round(GrowthPlaces), nil
}

// ErrNoTimeline is returned by TimeElapsed when the plan start is unknown or
// not before the end of the target year.
var ErrNoTimeline = errors.New("progress: no plan timeline")

// TimeElapsed returns the elapsed share of a plan period (时序进度) at the
// end of day at: days from planStart (inclusive) through at (inclusive),
// divided by days from planStart through December 31 of endYear
// (inclusive), rounded half away from zero to 16 decimal places and clamped
// to 0..1. E.g. planStart 2022-01-01, at 2022-12-31, endYear 2026: 365/1826.
// Only calendar dates count. It returns ErrNoTimeline when planStart is zero
// or after December 31 of endYear.
func TimeElapsed(planStart, at time.Time, endYear int) (decimal.Decimal, error) {
	if planStart.IsZero() {
		return decimal.Decimal{}, ErrNoTimeline
	}
	start := dateOf(planStart)
	end := time.Date(endYear+1, time.January, 1, 0, 0, 0, 0, time.UTC) // exclusive
	total := days(start, end)
	if total <= 0 {
		return decimal.Decimal{}, ErrNoTimeline
	}
	done := days(start, dateOf(at).AddDate(0, 0, 1))
	switch {
	case done <= 0:
		return decimal.Zero, nil
	case done >= total:
		return decimal.NewFromInt(1), nil
	}
	return decimal.NewFromInt(done).DivRound(decimal.NewFromInt(total), ratioPlaces), nil
}

func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// days counts calendar days from a to b (both UTC midnight).
func days(a, b time.Time) int64 { return (b.Unix() - a.Unix()) / 86400 }

// met reports whether actual meets the target (> when Exclusive, else ≥).
func (t Target) met(v decimal.Decimal) bool {
	if t.Exclusive {
		return v.GreaterThan(t.Value)
	}
	return v.GreaterThanOrEqual(t.Value)
}

// Evaluate judges actual a (nil if there is none) against target t as of
// date asOf. atRiskMargin is the tolerated lag of progress behind the time
// share, a ratio (0.05 = 5 points).
//
// Rules, in order:
//
//  1. a == nil → NoActual.
//  2. a meets the target (a.Value ≥ t.Value, or > when t.Exclusive: “突破
//     1000” is not met by 1000) → Achieved.
//  3. the calendar date of asOf is after December 31 of t.Year → Missed.
//  4. pace, when t.PlanStart is known and Progress is computable:
//     TimeElapsed at a.At (see TimeElapsed); Progress ≥ TimeElapsed →
//     OnTrack; Progress ≥ TimeElapsed − atRiskMargin → AtRisk; else
//     Behind.
//  5. otherwise → UnknownPace.
//
// Completion = a.Value/t.Value, Progress = (a.Value−baseline)/(t.Value−
// baseline) with a baseline (else Completion), both rounded half away from
// zero to 16 decimal places. RequiredGrowth = RequiredGrowth(t.Value,
// a.Value, YearsLeft) with YearsLeft = period.YearsUntilEndOf(a.At, t.Year),
// counted from the end of the latest actual's period to the end of the
// target year; all fields are filled whatever the status, when computable.
func Evaluate(t Target, a *Actual, asOf time.Time, atRiskMargin decimal.Decimal) Result {
	var r Result
	if a == nil {
		r.YearsLeft = period.YearsUntilEndOf(asOf, t.Year)
		r.Status = NoActual
		return r
	}
	r.YearsLeft = period.YearsUntilEndOf(a.At, t.Year)
	if !t.Value.IsZero() {
		c := a.Value.DivRound(t.Value, ratioPlaces)
		r.Completion = &c
	}
	if g, err := RequiredGrowth(t.Value, a.Value, r.YearsLeft); err == nil {
		r.RequiredGrowth = &g
	}
	r.Progress = r.Completion
	if t.Baseline != nil {
		if span := t.Value.Sub(*t.Baseline); !span.IsZero() {
			p := a.Value.Sub(*t.Baseline).DivRound(span, ratioPlaces)
			r.Progress = &p
		}
	}
	if e, err := TimeElapsed(t.PlanStart, a.At, t.Year); err == nil {
		r.TimeElapsed = &e
	}
	targetEnd := time.Date(t.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	switch {
	case t.met(a.Value):
		r.Status = Achieved
	case dateOf(asOf).After(targetEnd) && !dateOf(a.At).Before(targetEnd):
		// Only the figure for the target year itself can show a miss; an
		// older one is still judged on pace at its own date.
		r.Status = Missed
	case r.TimeElapsed == nil || r.Progress == nil:
		r.Status = UnknownPace
	case r.Progress.GreaterThanOrEqual(*r.TimeElapsed):
		r.Status = OnTrack
	case r.Progress.GreaterThanOrEqual(r.TimeElapsed.Sub(atRiskMargin)):
		r.Status = AtRisk
	default:
		r.Status = Behind
	}
	return r
}
