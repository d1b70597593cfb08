package progress

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func ratio(a, b int64) decimal.Decimal {
	return decimal.NewFromInt(a).DivRound(decimal.NewFromInt(b), 16)
}

func ptr(d decimal.Decimal) *decimal.Decimal { return &d }

func TestStatusLabel(t *testing.T) {
	tests := []struct {
		s    Status
		want string
	}{
		{Achieved, "已完成"}, {OnTrack, "进度正常"}, {AtRisk, "存在风险"}, {Behind, "进度滞后"},
		{NoActual, "暂无可比实绩"}, {Missed, "未完成"}, {UnknownPace, "无法判断进度"}, {Status("x"), "x"},
	}
	for _, tc := range tests {
		if got := tc.s.Label(); got != tc.want {
			t.Errorf("%s.Label() = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestRequiredGrowth(t *testing.T) {
	// Expected values computed independently at 40 significant digits
	// (mpmath), rounded to 12 places.
	tests := []struct {
		target, latest, years string
		want                  string
	}{
		// (800/370)^(1/4) − 1 = 0.21261256969718712…
		{"800", "370", "4", "0.212612569697"},
		// 52 months: (800/370)^(12/52) − 1 = 0.19476339100759466…
		{"800", "370", "4.3333333333333333", "0.194763391008"},
		{"1000", "600", "3", "0.185631101497"},
		// target below latest: negative growth allowed
		{"100", "120", "2", "-0.087129070825"},
		{"121", "100", "2", "0.1"},
		{"100", "100", "5", "0"},
		{"200", "100", "1", "1"},
	}
	for _, tc := range tests {
		got, err := RequiredGrowth(dec(tc.target), dec(tc.latest), dec(tc.years))
		if err != nil {
			t.Errorf("RequiredGrowth(%s, %s, %s): %v", tc.target, tc.latest, tc.years, err)
			continue
		}
		if !got.Equal(dec(tc.want)) {
			t.Errorf("RequiredGrowth(%s, %s, %s) = %s, want %s", tc.target, tc.latest, tc.years, got, tc.want)
		}
	}
	if got, _ := RequiredGrowth(dec("800"), dec("370"), dec("4")); got.Round(6).String() != "0.212613" {
		t.Errorf("to 6 places = %s", got.Round(6))
	}
	errs := []struct{ target, latest, years, want string }{
		{"800", "0", "4", "non-positive latest"},
		{"800", "-1", "4", "non-positive latest"},
		{"0", "370", "4", "non-positive target"},
		{"-5", "370", "4", "non-positive target"},
		{"800", "370", "0", "non-positive span"},
		{"800", "370", "-1", "non-positive span"},
	}
	for _, tc := range errs {
		_, err := RequiredGrowth(dec(tc.target), dec(tc.latest), dec(tc.years))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("RequiredGrowth(%s, %s, %s) error = %v, want %q", tc.target, tc.latest, tc.years, err, tc.want)
		}
	}
}

func TestTimeElapsed(t *testing.T) {
	tests := []struct {
		start, at time.Time
		year      int
		want      decimal.Decimal
	}{
		// 2022-01-01..2022-12-31 is 365 days of 2022-01-01..2026-12-31 = 1826 (2024 leap).
		{day(2022, 1, 1), day(2022, 12, 31), 2026, ratio(365, 1826)},
		{day(2021, 1, 1), day(2022, 12, 31), 2025, ratio(730, 1826)},
		{day(2021, 1, 1), day(2023, 6, 30), 2025, ratio(365+365+181, 1826)},
		{day(2022, 1, 1), day(2022, 1, 1), 2022, ratio(1, 365)},
		{day(2022, 1, 1), day(2026, 12, 31), 2026, dec("1")},
		{day(2022, 1, 1), day(2027, 3, 31), 2026, dec("1")},
		{day(2022, 1, 1), day(2021, 12, 30), 2026, dec("0")},
		{day(2022, 1, 1), day(2021, 12, 31), 2026, dec("0")},
		// time of day is ignored
		{time.Date(2022, 1, 1, 15, 0, 0, 0, time.UTC), time.Date(2022, 12, 31, 8, 0, 0, 0, time.UTC), 2026, ratio(365, 1826)},
	}
	for _, tc := range tests {
		got, err := TimeElapsed(tc.start, tc.at, tc.year)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("TimeElapsed(%s, %s, %d) = %s, %v; want %s", tc.start.Format(time.DateOnly), tc.at.Format(time.DateOnly), tc.year, got, err, tc.want)
		}
	}
	if _, err := TimeElapsed(time.Time{}, day(2022, 12, 31), 2026); !errors.Is(err, ErrNoTimeline) {
		t.Errorf("zero plan start: err = %v", err)
	}
	if _, err := TimeElapsed(day(2027, 1, 1), day(2027, 12, 31), 2026); !errors.Is(err, ErrNoTimeline) {
		t.Errorf("plan start after end: err = %v", err)
	}
}

// dp renders an optional decimal for comparison ("nil" when absent).
func dp(d *decimal.Decimal) string {
	if d == nil {
		return "nil"
	}
	return d.String()
}

func TestEvaluate(t *testing.T) {
	start := day(2022, 1, 1)
	margin := dec("0.05")
	rg := func(target, latest, years string) string {
		g, err := RequiredGrowth(dec(target), dec(latest), dec(years))
		if err != nil {
			t.Fatal(err)
		}
		return g.String()
	}
	tests := []struct {
		name   string
		target Target
		actual *Actual
		asOf   time.Time
		status Status
		// expected fields, as strings; "nil" for absent
		completion, required, yearsLeft, elapsed, progress string
	}{
		{
			name:       "worked example: 突破800, 370 at end of 2022",
			target:     Target{Value: dec("800"), Exclusive: true, Year: 2026, PlanStart: start},
			actual:     &Actual{Value: dec("370"), At: day(2022, 12, 31)},
			asOf:       day(2023, 3, 1),
			status:     OnTrack,
			completion: "0.4625", required: "0.212612569697", yearsLeft: "4",
			elapsed: ratio(365, 1826).String(), progress: "0.4625",
		},
		{
			name:       "achieved boundary: 达到120 with 120",
			target:     Target{Value: dec("120"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("120"), At: day(2023, 12, 31)},
			asOf:       day(2024, 2, 1),
			status:     Achieved,
			completion: "1", required: "0", yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "1",
		},
		{
			name:       "exclusive boundary: 突破1000 with 1000 is not achieved",
			target:     Target{Value: dec("1000"), Exclusive: true, Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("1000"), At: day(2023, 12, 31)},
			asOf:       day(2024, 2, 1),
			status:     OnTrack,
			completion: "1", required: "0", yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "1",
		},
		{
			name:       "exclusive exceeded: 突破1000 with 1000.01",
			target:     Target{Value: dec("1000"), Exclusive: true, Year: 2025},
			actual:     &Actual{Value: dec("1000.01"), At: day(2023, 12, 31)},
			asOf:       day(2024, 2, 1),
			status:     Achieved,
			completion: "1.00001", required: rg("1000", "1000.01", "2"), yearsLeft: "2",
			elapsed: "nil", progress: "1.00001",
		},
		{
			name:       "missed: 2025 ended below target",
			target:     Target{Value: dec("800"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("700"), At: day(2025, 12, 31)},
			asOf:       day(2026, 1, 1),
			status:     Missed,
			completion: "0.875", required: "nil", yearsLeft: "0",
			elapsed: "1", progress: "0.875",
		},
		{
			name:       "year over but only an older figure: judged on pace, not missed",
			target:     Target{Value: dec("800"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("700"), At: day(2025, 9, 30)},
			asOf:       day(2027, 3, 1),
			status:     Behind,
			completion: "0.875", required: rg("800", "700", "0.25"), yearsLeft: "0.25",
			elapsed: ratio(1369, 1461).String(), progress: "0.875",
		},
		{
			name:       "not yet missed on Dec 31 of the target year",
			target:     Target{Value: dec("800"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("700"), At: day(2025, 9, 30)},
			asOf:       day(2025, 12, 31),
			status:     Behind,
			completion: "0.875", required: rg("800", "700", "0.25"), yearsLeft: "0.25",
			elapsed: ratio(1369, 1461).String(), progress: "0.875",
		},
		{
			name:       "achieved after the target year still counts",
			target:     Target{Value: dec("800"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("810"), At: day(2025, 12, 31)},
			asOf:       day(2026, 4, 1),
			status:     Achieved,
			completion: "1.0125", required: "nil", yearsLeft: "0",
			elapsed: "1", progress: "1.0125",
		},
		{
			name:       "no actual",
			target:     Target{Value: dec("800"), Year: 2026, PlanStart: start},
			actual:     nil,
			asOf:       day(2022, 12, 31),
			status:     NoActual,
			completion: "nil", required: "nil", yearsLeft: "4",
			elapsed: "nil", progress: "nil",
		},
		{
			name:       "no plan start: pace unknown",
			target:     Target{Value: dec("800"), Year: 2026},
			actual:     &Actual{Value: dec("370"), At: day(2022, 12, 31)},
			asOf:       day(2023, 3, 1),
			status:     UnknownPace,
			completion: "0.4625", required: "0.212612569697", yearsLeft: "4",
			elapsed: "nil", progress: "0.4625",
		},
		{
			name: "baseline: progress over the distance from baseline",
			// baseline 300 at 2021-12-31, target 500 by 2025; 2023: 360 → 60/200 = 0.3; time 730/1461
			target:     Target{Value: dec("500"), Year: 2025, PlanStart: start, Baseline: ptr(dec("300")), BaselineAt: day(2021, 12, 31)},
			actual:     &Actual{Value: dec("360"), At: day(2023, 12, 31)},
			asOf:       day(2024, 3, 1),
			status:     Behind,
			completion: "0.72", required: rg("500", "360", "2"), yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "0.3",
		},
		{
			name:       "baseline: at risk within the margin",
			target:     Target{Value: dec("500"), Year: 2025, PlanStart: start, Baseline: ptr(dec("300"))},
			actual:     &Actual{Value: dec("392"), At: day(2023, 12, 31)},
			asOf:       day(2024, 3, 1),
			status:     AtRisk,
			completion: "0.784", required: rg("500", "392", "2"), yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "0.46",
		},
		{
			name:       "baseline: on track exactly at the time share boundary",
			target:     Target{Value: dec("1761"), Year: 2025, PlanStart: start, Baseline: ptr(dec("300"))},
			actual:     &Actual{Value: dec("1030"), At: day(2023, 12, 31)},
			asOf:       day(2024, 3, 1),
			status:     OnTrack,
			completion: dec("1030").DivRound(dec("1761"), 16).String(), required: rg("1761", "1030", "2"), yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: ratio(730, 1461).String(),
		},
		{
			name: "baseline equal to target falls back to completion",
			// a "keep at least 500" target: baseline 500 = target; 480 < 500
			target:     Target{Value: dec("500"), Year: 2025, PlanStart: start, Baseline: ptr(dec("500"))},
			actual:     &Actual{Value: dec("480"), At: day(2023, 12, 31)},
			asOf:       day(2024, 3, 1),
			status:     OnTrack,
			completion: "0.96", required: rg("500", "480", "2"), yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "0.96",
		},
		{
			name:       "zero target: no completion, pace unknown",
			target:     Target{Value: dec("0"), Exclusive: true, Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("-3"), At: day(2023, 12, 31)},
			asOf:       day(2024, 3, 1),
			status:     UnknownPace,
			completion: "nil", required: "nil", yearsLeft: "2",
			elapsed: ratio(730, 1461).String(), progress: "nil",
		},
		{
			name:       "zero latest: required growth undefined",
			target:     Target{Value: dec("10"), Year: 2025, PlanStart: start},
			actual:     &Actual{Value: dec("0"), At: day(2022, 12, 31)},
			asOf:       day(2023, 3, 1),
			status:     Behind,
			completion: "0", required: "nil", yearsLeft: "3",
			elapsed: ratio(365, 1461).String(), progress: "0",
		},
		{
			name:       "mid-year actual: fractional years left",
			target:     Target{Value: dec("800"), Exclusive: true, Year: 2026, PlanStart: start},
			actual:     &Actual{Value: dec("370"), At: day(2022, 8, 31)},
			asOf:       day(2022, 10, 1),
			status:     OnTrack,
			completion: "0.4625", required: "0.194763391008", yearsLeft: "4.3333333333333333",
			elapsed: ratio(243, 1826).String(), progress: "0.4625",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := Evaluate(tc.target, tc.actual, tc.asOf, margin)
			if r.Status != tc.status {
				t.Errorf("Status = %s, want %s", r.Status, tc.status)
			}
			check := func(field string, got *decimal.Decimal, want string) {
				if want == "nil" {
					if got != nil {
						t.Errorf("%s = %s, want nil", field, got)
					}
					return
				}
				if got == nil || !got.Equal(dec(want)) {
					t.Errorf("%s = %s, want %s", field, dp(got), want)
				}
			}
			check("Completion", r.Completion, tc.completion)
			check("RequiredGrowth", r.RequiredGrowth, tc.required)
			check("YearsLeft", &r.YearsLeft, tc.yearsLeft)
			check("TimeElapsed", r.TimeElapsed, tc.elapsed)
			check("Progress", r.Progress, tc.progress)
		})
	}
}

func TestEvaluateMarginBoundaries(t *testing.T) {
	// A one-year plan for 2023 observed at 2023-07-02: time share 183/365,
	// and a target of 365 makes progress = actual/365.
	target := Target{Value: dec("365"), Year: 2023, PlanStart: day(2023, 1, 1)}
	at := day(2023, 7, 2)
	asOf := day(2023, 8, 1)
	elapsed := ratio(183, 365)
	margin := dec("0.1")
	tests := []struct {
		actual decimal.Decimal
		want   Status
	}{
		{dec("183"), OnTrack}, // progress 183/365 == elapsed
		{dec("182.99"), AtRisk},
		{elapsed.Sub(margin).Mul(dec("365")), AtRisk}, // exactly elapsed − margin
		{elapsed.Sub(margin).Mul(dec("365")).Sub(dec("0.0001")), Behind},
		{dec("0"), Behind},
		{dec("365"), Achieved},
	}
	for _, tc := range tests {
		r := Evaluate(target, &Actual{Value: tc.actual, At: at}, asOf, margin)
		if r.Status != tc.want {
			t.Errorf("actual %s: status %s (progress %s, elapsed %s), want %s", tc.actual, r.Status, dp(r.Progress), dp(r.TimeElapsed), tc.want)
		}
	}
}
