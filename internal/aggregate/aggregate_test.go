package aggregate

import (
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// policy-rules §5.3: 210 firms now report 115亿 and re-report 104亿 for the
// same period last year; last year's published total was 100亿.
func TestSameBasisRule(t *testing.T) {
	g := SameBasis(d("11500000000"), d("10400000000"), 210)
	if g.Kind != Rate || g.Ratio.Round(4).String() != "0.1058" {
		t.Fatalf("same basis = %+v", g)
	}
	archived := Compute(d("11500000000"), d("10000000000"), true)
	if archived.Ratio.String() != "0.15" {
		t.Errorf("against the archived total = %s", archived.Ratio)
	}
}

// ../shared/cases/import/csv/ytd_indicators_2023_1to8.expected.json.
func TestCasesGrowth(t *testing.T) {
	for _, c := range []struct{ cur, prior, want string }{
		{"92400", "58186", "0.588011"}, {"128.6", "111.2", "0.156475"}, {"7010.2", "7234.5", "-0.031004"}, {"3256", "2950", "0.103729"},
	} {
		g := Compute(d(c.cur), d(c.prior), true)
		if g.Ratio.Round(6).String() != c.want {
			t.Errorf("%s/%s − 1 = %s, want %s", c.cur, c.prior, g.Ratio, c.want)
		}
	}
	// 利润总额 1500 now, −800 last year: 扭亏为盈, not −287.5%.
	if g := Compute(d("1500"), d("-800"), true); g.Kind != TurnedPositive || g.Ratio != nil || g.Label() != "扭亏为盈（由负转正）" {
		t.Errorf("negative base: %+v", g)
	}
	if g := Compute(d("-100"), d("0"), true); g.Kind != NotMeaningful {
		t.Errorf("zero base, loss now: %+v", g)
	}
	if g := SameBasis(d("5"), d("0"), 0); g.Kind != NoBase {
		t.Errorf("no paired firm: %+v", g)
	}
}

func TestMonthly(t *testing.T) {
	// 1–2月 reported together, then 1–3月 … 1–8月; the case's August month = 92400 − 80000.
	got := Monthly(map[int]decimal.Decimal{2: d("20000"), 3: d("31000"), 7: d("80000"), 8: d("92400")})
	want := map[int]string{2: "20000", 3: "11000", 8: "12400"}
	if len(got) != len(want) {
		t.Fatalf("Monthly = %v", got)
	}
	for m, w := range want {
		if got[m].String() != w {
			t.Errorf("month %d = %s, want %s", m, got[m], w)
		}
	}
}
