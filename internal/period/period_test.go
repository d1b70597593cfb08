package period

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseRoundTripAndLabels(t *testing.T) {
	tests := []struct {
		code, canon    string
		kind           Kind
		year, from, to int
		label, short   string
		start, end     time.Time
		months         int
		flow           bool
	}{
		{"2022", "2022", Year, 2022, 1, 12, "2022年", "全年", day(2022, 1, 1), day(2022, 12, 31), 12, true},
		{"2024", "2024", Year, 2024, 1, 12, "2024年", "全年", day(2024, 1, 1), day(2024, 12, 31), 12, true},
		{"2022-01..2022-08", "2022-01..2022-08", YTD, 2022, 1, 8, "2022年1—8月", "1—8月", day(2022, 1, 1), day(2022, 8, 31), 8, true},
		{"2022-01..2022-02", "2022-01..2022-02", YTD, 2022, 1, 2, "2022年1—2月", "1—2月", day(2022, 1, 1), day(2022, 2, 28), 2, true},
		{"2024-01..2024-02", "2024-01..2024-02", YTD, 2024, 1, 2, "2024年1—2月", "1—2月", day(2024, 1, 1), day(2024, 2, 29), 2, true},
		{"2022-01..2022-11", "2022-01..2022-11", YTD, 2022, 1, 11, "2022年1—11月", "1—11月", day(2022, 1, 1), day(2022, 11, 30), 11, true},
		{"2022-01..2022-06", "2022-01..2022-06", YTD, 2022, 1, 6, "2022年1—6月", "1—6月", day(2022, 1, 1), day(2022, 6, 30), 6, true},
		{"2022-01..2022-12", "2022", Year, 2022, 1, 12, "2022年", "全年", day(2022, 1, 1), day(2022, 12, 31), 12, true},
		{"2022-01..2022-01", "2022-01", Month, 2022, 1, 1, "2022年1月", "1月", day(2022, 1, 1), day(2022, 1, 31), 1, true},
		{"2022-03..2022-03", "2022-03", Month, 2022, 3, 3, "2022年3月", "3月", day(2022, 3, 1), day(2022, 3, 31), 1, true},
		{"2022-03", "2022-03", Month, 2022, 3, 3, "2022年3月", "3月", day(2022, 3, 1), day(2022, 3, 31), 1, true},
		{"2023-02", "2023-02", Month, 2023, 2, 2, "2023年2月", "2月", day(2023, 2, 1), day(2023, 2, 28), 1, true},
		{"2024-02", "2024-02", Month, 2024, 2, 2, "2024年2月", "2月", day(2024, 2, 1), day(2024, 2, 29), 1, true},
		{"2000-02", "2000-02", Month, 2000, 2, 2, "2000年2月", "2月", day(2000, 2, 1), day(2000, 2, 29), 1, true},
		{"1900-02", "1900-02", Month, 1900, 2, 2, "1900年2月", "2月", day(1900, 2, 1), day(1900, 2, 28), 1, true},
		{"2022-12", "2022-12", Month, 2022, 12, 12, "2022年12月", "12月", day(2022, 12, 1), day(2022, 12, 31), 1, true},
		{"2022Q1", "2022Q1", Quarter, 2022, 1, 3, "2022年第一季度", "一季度", day(2022, 1, 1), day(2022, 3, 31), 3, true},
		{"2022Q2", "2022Q2", Quarter, 2022, 4, 6, "2022年第二季度", "二季度", day(2022, 4, 1), day(2022, 6, 30), 3, true},
		{"2022Q3", "2022Q3", Quarter, 2022, 7, 9, "2022年第三季度", "三季度", day(2022, 7, 1), day(2022, 9, 30), 3, true},
		{"2022Q4", "2022Q4", Quarter, 2022, 10, 12, "2022年第四季度", "四季度", day(2022, 10, 1), day(2022, 12, 31), 3, true},
		{"2022q4", "2022Q4", Quarter, 2022, 10, 12, "2022年第四季度", "四季度", day(2022, 10, 1), day(2022, 12, 31), 3, true},
		{"2022-04..2022-06", "2022Q2", Quarter, 2022, 4, 6, "2022年第二季度", "二季度", day(2022, 4, 1), day(2022, 6, 30), 3, true},
		{"2022-07..2022-09", "2022Q3", Quarter, 2022, 7, 9, "2022年第三季度", "三季度", day(2022, 7, 1), day(2022, 9, 30), 3, true},
		{"2022-10..2022-12", "2022Q4", Quarter, 2022, 10, 12, "2022年第四季度", "四季度", day(2022, 10, 1), day(2022, 12, 31), 3, true},
		{"2022H1", "2022H1", Half, 2022, 1, 6, "2022年上半年", "上半年", day(2022, 1, 1), day(2022, 6, 30), 6, true},
		{"2022H2", "2022H2", Half, 2022, 7, 12, "2022年下半年", "下半年", day(2022, 7, 1), day(2022, 12, 31), 6, true},
		{"2022h2", "2022H2", Half, 2022, 7, 12, "2022年下半年", "下半年", day(2022, 7, 1), day(2022, 12, 31), 6, true},
		{"2022-07..2022-12", "2022H2", Half, 2022, 7, 12, "2022年下半年", "下半年", day(2022, 7, 1), day(2022, 12, 31), 6, true},
		{"2022Q1-Q3", "2022Q1-Q3", ThreeQuarters, 2022, 1, 9, "2022年前三季度", "前三季度", day(2022, 1, 1), day(2022, 9, 30), 9, true},
		{"2022-08-31", "2022-08-31", Date, 2022, 8, 8, "2022年8月31日", "8月31日", day(2022, 8, 31), day(2022, 8, 31), 0, false},
		{"2022-12-31", "2022-12-31", Date, 2022, 12, 12, "2022年末", "年末", day(2022, 12, 31), day(2022, 12, 31), 0, false},
		{"2024-02-29", "2024-02-29", Date, 2024, 2, 2, "2024年2月29日", "2月29日", day(2024, 2, 29), day(2024, 2, 29), 0, false},
		{"2023-01-01", "2023-01-01", Date, 2023, 1, 1, "2023年1月1日", "1月1日", day(2023, 1, 1), day(2023, 1, 1), 0, false},
		{"  2022Q3 ", "2022Q3", Quarter, 2022, 7, 9, "2022年第三季度", "三季度", day(2022, 7, 1), day(2022, 9, 30), 3, true},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			p, err := Parse(tc.code)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.code, err)
			}
			if p.Kind != tc.kind || p.Year != tc.year || p.FromMonth != tc.from || p.ToMonth != tc.to {
				t.Errorf("Parse(%q) = %+v, want kind %s year %d months %d..%d", tc.code, p, tc.kind, tc.year, tc.from, tc.to)
			}
			if got := p.String(); got != tc.canon {
				t.Errorf("String() = %q, want %q", got, tc.canon)
			}
			q, err := Parse(p.String())
			if err != nil || !q.Equal(p) {
				t.Errorf("round trip %q -> %+v, %v", p.String(), q, err)
			}
			if got := p.Label(); got != tc.label {
				t.Errorf("Label() = %q, want %q", got, tc.label)
			}
			if got := p.ShortLabel(); got != tc.short {
				t.Errorf("ShortLabel() = %q, want %q", got, tc.short)
			}
			if got := p.Start(); !got.Equal(tc.start) || got.Location() != time.UTC {
				t.Errorf("Start() = %v, want %v", got, tc.start)
			}
			if got := p.End(); !got.Equal(tc.end) || got.Location() != time.UTC {
				t.Errorf("End() = %v, want %v", got, tc.end)
			}
			if got := p.Months(); got != tc.months {
				t.Errorf("Months() = %d, want %d", got, tc.months)
			}
			if got := p.IsFlow(); got != tc.flow {
				t.Errorf("IsFlow() = %v, want %v", got, tc.flow)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct{ code, want string }{
		{"", "empty code"},
		{"   ", "empty code"},
		{"2022-13", "month 13 is not 01..12"},
		{"2022-00", "month 00 is not 01..12"},
		{"2022-08..2022-03", "reversed"},
		{"2022-03..2022-08", "neither start in January"},
		{"2022-02..2022-12", "neither start in January"},
		{"2022-04..2022-05", "neither start in January"},
		{"2022-11..2023-02", "crosses years"},
		{"2022-01..2023-12", "crosses years"},
		{"2022-01..2022-13", "month 13 is not 01..12"},
		{"2022-00..2022-03", "month 00 is not 01..12"},
		{"2022Q5", "quarter must be Q1..Q4"},
		{"2022Q0", "quarter must be Q1..Q4"},
		{"2022H3", "half must be H1 or H2"},
		{"2022H0", "half must be H1 or H2"},
		{"2022-02-30", "2022-02 has no day 30"},
		{"2023-02-29", "2023-02 has no day 29"},
		{"2022-04-31", "2022-04 has no day 31"},
		{"2022-13-01", "month 13 is not 01..12"},
		{"2022-3", "not one of"},
		{"22", "not one of"},
		{"0000", "year must be"},
		{"0000-01-01", "year must be"},
		{"0000-01", "year must be"},
		{"0000-01..0000-02", "year must be"},
		{"0000Q1", "year must be"},
		{"0000H1", "year must be"},
		{"0000Q1-Q3", "year must be"},
		{"2022Q2-Q3", "not one of"},
		{"2022年", "not one of"},
		{"abc", "not one of"},
	}
	for _, tc := range tests {
		t.Run(tc.code, func(t *testing.T) {
			_, err := Parse(tc.code)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded, want error", tc.code)
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) {
				t.Errorf("error %q does not contain %q", msg, tc.want)
			}
			if !strings.Contains(msg, `"`+tc.code+`"`) {
				t.Errorf("error %q does not quote input %q", msg, tc.code)
			}
		})
	}
}

func TestMustParsePanics(t *testing.T) {
	if got := MustParse("2022Q3").String(); got != "2022Q3" {
		t.Errorf("MustParse = %q", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("MustParse(\"bad\") did not panic")
		}
	}()
	MustParse("bad")
}

func TestConstructors(t *testing.T) {
	if _, err := NewMonth(2022, 0); err == nil {
		t.Error("NewMonth(2022, 0) succeeded")
	}
	if _, err := NewMonth(2022, 13); err == nil {
		t.Error("NewMonth(2022, 13) succeeded")
	}
	if _, err := NewQuarter(2022, 5); err == nil {
		t.Error("NewQuarter(2022, 5) succeeded")
	}
	if _, err := NewHalf(2022, 0); err == nil {
		t.Error("NewHalf(2022, 0) succeeded")
	}
	for _, r := range [][2]int{{0, 3}, {1, 13}, {5, 3}, {2, 4}} {
		if _, err := FromMonths(2022, r[0], r[1]); err == nil {
			t.Errorf("FromMonths(2022, %d, %d) succeeded", r[0], r[1])
		}
	}
	// NewDate takes the calendar date in the time's own location.
	cst := time.FixedZone("CST", 8*3600)
	p := NewDate(time.Date(2022, 8, 31, 23, 30, 0, 0, cst))
	if p.String() != "2022-08-31" || p.Day.Location() != time.UTC || p.Day.Hour() != 0 {
		t.Errorf("NewDate = %+v", p)
	}
	fm := []struct {
		from, to int
		want     string
	}{{1, 1, "2022-01"}, {1, 3, "2022-01..2022-03"}, {1, 9, "2022-01..2022-09"}, {1, 12, "2022"}, {4, 6, "2022Q2"}, {7, 12, "2022H2"}, {5, 5, "2022-05"}}
	for _, tc := range fm {
		p, err := FromMonths(2022, tc.from, tc.to)
		if err != nil || p.String() != tc.want {
			t.Errorf("FromMonths(2022, %d, %d) = %v, %v; want %s", tc.from, tc.to, p, err, tc.want)
		}
	}
}

func TestInvalidKindString(t *testing.T) {
	p := Period{Kind: "bogus", Year: 2022}
	if got := p.String(); got != "invalid(bogus)" {
		t.Errorf("String() = %q", got)
	}
	if got := p.ShortLabel(); got != "invalid(bogus)" {
		t.Errorf("ShortLabel() = %q", got)
	}
}

func TestSamePeriodLastYear(t *testing.T) {
	tests := []struct{ code, want string }{
		{"2022", "2021"},
		{"2022-01..2022-08", "2021-01..2021-08"},
		{"2022-03", "2021-03"},
		{"2025-02", "2024-02"},
		{"2022Q3", "2021Q3"},
		{"2022H2", "2021H2"},
		{"2022Q1-Q3", "2021Q1-Q3"},
		{"2022-08-31", "2021-08-31"},
		{"2024-02-29", "2023-02-28"},
		{"2025-03-01", "2024-03-01"},
		{"2023-12-31", "2022-12-31"},
	}
	for _, tc := range tests {
		got := MustParse(tc.code).SamePeriodLastYear()
		if got.String() != tc.want || !got.Equal(MustParse(tc.want)) {
			t.Errorf("SamePeriodLastYear(%s) = %+v, want %s", tc.code, got, tc.want)
		}
	}
	if got := MustParse("2025-02").SamePeriodLastYear().End(); !got.Equal(day(2024, 2, 29)) {
		t.Errorf("2025-02 last year ends %v, want 2024-02-29", got)
	}
}

func TestContains(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	tests := []struct {
		code string
		t    time.Time
		want bool
	}{
		{"2022-01..2022-08", day(2022, 1, 1), true},
		{"2022-01..2022-08", day(2022, 8, 31), true},
		{"2022-01..2022-08", time.Date(2022, 8, 31, 23, 59, 59, 0, time.UTC), true},
		{"2022-01..2022-08", day(2022, 9, 1), false},
		{"2022-01..2022-08", day(2021, 12, 31), false},
		{"2022Q3", day(2022, 7, 1), true},
		{"2022Q3", day(2022, 6, 30), false},
		{"2024-02", day(2024, 2, 29), true},
		{"2022-08-31", day(2022, 8, 31), true},
		{"2022-08-31", time.Date(2022, 8, 31, 12, 0, 0, 0, time.UTC), true},
		{"2022-08-31", day(2022, 9, 1), false},
		// 2022-09-01 00:30 in Beijing is 2022-08-31 in UTC; the local date counts.
		{"2022-08-31", time.Date(2022, 9, 1, 0, 30, 0, 0, cst), false},
		{"2022-09", time.Date(2022, 9, 1, 0, 30, 0, 0, cst), true},
	}
	for _, tc := range tests {
		if got := MustParse(tc.code).Contains(tc.t); got != tc.want {
			t.Errorf("%s.Contains(%v) = %v, want %v", tc.code, tc.t, got, tc.want)
		}
	}
}

func TestEqual(t *testing.T) {
	if MustParse("2022Q1").Equal(MustParse("2022-01..2022-03")) {
		t.Error("2022Q1 Equal 2022-01..2022-03; kinds differ")
	}
	if !MustParse("2022H1").Equal(MustParse("2022h1")) {
		t.Error("2022H1 not Equal 2022h1")
	}
	if MustParse("2022-08-31").Equal(MustParse("2022-08-30")) {
		t.Error("different days Equal")
	}
	if MustParse("2022").Equal(MustParse("2023")) {
		t.Error("different years Equal")
	}
}

func TestTextMarshalling(t *testing.T) {
	in := struct{ P Period }{MustParse("2022-01..2022-08")}
	b, err := json.Marshal(in)
	if err != nil || string(b) != `{"P":"2022-01..2022-08"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var out struct{ P Period }
	if err := json.Unmarshal(b, &out); err != nil || !out.P.Equal(in.P) {
		t.Fatalf("Unmarshal = %+v, %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"P":"2022Q5"}`), &out); err == nil {
		t.Error("Unmarshal of 2022Q5 succeeded")
	}
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestMonthsBetween(t *testing.T) {
	tests := []struct {
		a, b time.Time
		want decimal.Decimal
	}{
		{day(2022, 8, 31), day(2026, 12, 31), dec("52")},
		{day(2022, 12, 31), day(2026, 12, 31), dec("48")},
		{day(2026, 12, 31), day(2022, 12, 31), dec("-48")},
		{day(2022, 8, 31), day(2022, 8, 31), dec("0")},
		{day(2024, 1, 31), day(2024, 2, 29), dec("1")},
		{day(2023, 1, 31), day(2023, 2, 28), dec("1")},
		{day(2021, 12, 31), day(2022, 1, 15), decimal.NewFromInt(15).DivRound(decimal.NewFromInt(31), 16)},
		{day(2022, 4, 15), day(2022, 6, 30), dec("2.5")},
		{day(2022, 6, 15), day(2022, 6, 30), dec("0.5")},
		{day(2024, 2, 1), day(2024, 2, 29), decimal.NewFromInt(28).DivRound(decimal.NewFromInt(29), 16)},
		// time of day is ignored
		{time.Date(2022, 8, 31, 18, 0, 0, 0, time.UTC), day(2022, 9, 30), dec("1")},
	}
	for _, tc := range tests {
		if got := MonthsBetween(tc.a, tc.b); !got.Equal(tc.want) {
			t.Errorf("MonthsBetween(%s, %s) = %s, want %s", tc.a.Format(time.DateOnly), tc.b.Format(time.DateOnly), got, tc.want)
		}
	}
}

func TestYearsUntilEndOf(t *testing.T) {
	tests := []struct {
		from time.Time
		year int
		want decimal.Decimal
	}{
		{day(2022, 12, 31), 2026, dec("4")},
		{day(2022, 8, 31), 2026, decimal.NewFromInt(52).DivRound(decimal.NewFromInt(12), 16)},
		{day(2022, 6, 30), 2025, dec("3.5")},
		{day(2025, 12, 31), 2025, dec("0")},
		{day(2026, 12, 31), 2025, dec("-1")},
		{day(2026, 6, 30), 2025, dec("-0.5")},
	}
	for _, tc := range tests {
		if got := YearsUntilEndOf(tc.from, tc.year); !got.Equal(tc.want) {
			t.Errorf("YearsUntilEndOf(%s, %d) = %s, want %s", tc.from.Format(time.DateOnly), tc.year, got, tc.want)
		}
	}
	if got := YearsUntilEndOf(day(2022, 8, 31), 2026).String(); got != "4.3333333333333333" {
		t.Errorf("52/12 printed %s", got)
	}
}

func TestParseHorizon(t *testing.T) {
	tests := []struct {
		in    string
		year  int
		label string
	}{
		{"十四五末", 2025, "“十四五”末"},
		{"“十四五”末", 2025, "“十四五”末"},
		{"十四五期末", 2025, "“十四五”末"},
		{"十三五末", 2020, "“十三五”末"},
		{"十二五末", 2015, "“十二五”末"},
		{"十五五末", 2030, "“十五五”末"},
		{"十六五末", 2035, "“十六五”末"},
		{"到2026年", 2026, "到2026年"},
		{"2026年", 2026, "到2026年"},
		{"2026", 2026, "到2026年"},
		{"2026年末", 2026, "到2026年"},
		{"到2026年底", 2026, "到2026年"},
		{" 2030年 ", 2030, "到2030年"},
	}
	for _, tc := range tests {
		y, l, err := ParseHorizon(tc.in)
		if err != nil || y != tc.year || l != tc.label {
			t.Errorf("ParseHorizon(%q) = %d, %q, %v; want %d, %q", tc.in, y, l, err, tc.year, tc.label)
		}
	}
	for _, bad := range []string{"", "十四五", "二〇二六年", "到26年", "0000", "五五五末", "十四五初", "2026年初"} {
		_, _, err := ParseHorizon(bad)
		if err == nil {
			t.Errorf("ParseHorizon(%q) succeeded, want error", bad)
		} else if !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("error %q does not quote input", err)
		}
	}
}

func TestCnNumber(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{{"一", 1, true}, {"十", 10, true}, {"十四", 14, true}, {"二十", 20, true}, {"二十三", 23, true}, {"十十", 0, false}, {"零", 0, false}, {"一二三四", 0, false}, {"四五", 0, false}}
	for _, tc := range tests {
		got, ok := cnNumber(tc.in)
		if ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("cnNumber(%q) = %d, %v; want %d, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}
