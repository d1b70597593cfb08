// Package period models the reporting periods used in Chinese official
// statistics (年度, 1—N月累计, 月度, 季度, 半年, 前三季度, 时点) and the date
// arithmetic built on them (month and year spans, plan horizons such as
// “十四五”末).
//
// All dates are calendar dates: a time.Time carrying a date is expected at UTC
// midnight, and functions that accept arbitrary times use only their calendar
// date (year, month, day in the time's own location). A period's End is its
// last day, inclusive — 2022年1—8月 ends on 2022-08-31 — so a date used as a
// position in time means “the end of that day”.
package period

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Kind is the kind of a reporting period. Its string value is stable and may
// be stored.
type Kind string

// The period kinds. Flow kinds (every kind but Date) cover a run of whole
// months within one calendar year; Date is a stock measured on one day.
const (
	// Year is a calendar year, January–December: 2022年.
	Year Kind = "year"
	// YTD is a cumulative run from January to month N of one year, N in
	// 2..11: 2022年1—8月. (1—12月 is a Year and 1—1月 is a Month.)
	YTD Kind = "ytd"
	// Month is a single calendar month: 2022年3月.
	Month Kind = "month"
	// Quarter is a calendar quarter: 2022年第三季度.
	Quarter Kind = "quarter"
	// Half is a half year, January–June (上半年) or July–December (下半年).
	Half Kind = "half"
	// ThreeQuarters is January–September: 2022年前三季度.
	ThreeQuarters Kind = "q1to3"
	// Date is a stock measured at the end of one day: 2022年8月31日, or
	// 2022年末 for December 31.
	Date Kind = "date"
)

// Period is one reporting period.
//
// For flow kinds Year is the calendar year, FromMonth and ToMonth (1..12,
// inclusive) the months covered, and Day is the zero time. For Date, Day is
// the day at UTC midnight, Year is its year and FromMonth = ToMonth = its
// month. Build a Period with Parse or the New* constructors, which normalise
// it; the zero Period is invalid.
type Period struct {
	Kind      Kind
	Year      int
	FromMonth int
	ToMonth   int
	Day       time.Time // only for Date, UTC midnight
}

// NewYear returns the calendar year y (code "2022").
func NewYear(y int) Period { return Period{Kind: Year, Year: y, FromMonth: 1, ToMonth: 12} }

// NewMonth returns month m (1..12) of year y (code "2022-03"). It returns an
// error if m is out of range.
func NewMonth(y, m int) (Period, error) {
	if m < 1 || m > 12 {
		return Period{}, fmt.Errorf("period: month %d out of range 1..12", m)
	}
	return Period{Kind: Month, Year: y, FromMonth: m, ToMonth: m}, nil
}

// NewQuarter returns quarter q (1..4) of year y (code "2022Q3"). It returns an
// error if q is out of range.
func NewQuarter(y, q int) (Period, error) {
	if q < 1 || q > 4 {
		return Period{}, fmt.Errorf("period: quarter %d out of range 1..4", q)
	}
	return Period{Kind: Quarter, Year: y, FromMonth: 3*q - 2, ToMonth: 3 * q}, nil
}

// NewHalf returns half h (1 = 上半年, 2 = 下半年) of year y (code "2022H1").
// It returns an error if h is not 1 or 2.
func NewHalf(y, h int) (Period, error) {
	if h != 1 && h != 2 {
		return Period{}, fmt.Errorf("period: half %d must be 1 or 2", h)
	}
	return Period{Kind: Half, Year: y, FromMonth: 6*h - 5, ToMonth: 6 * h}, nil
}

// NewThreeQuarters returns January–September of year y (code "2022Q1-Q3").
func NewThreeQuarters(y int) Period {
	return Period{Kind: ThreeQuarters, Year: y, FromMonth: 1, ToMonth: 9}
}

// NewDate returns the stock period at the calendar date of t (its year,
// month and day in t's own location), stored at UTC midnight.
func NewDate(t time.Time) Period {
	d := dateOf(t)
	return Period{Kind: Date, Year: d.Year(), FromMonth: int(d.Month()), ToMonth: int(d.Month()), Day: d}
}

// FromMonths returns the flow period covering months from..to (inclusive) of
// year y, normalised to its kind:
//
//   - from = 1: to = 12 is a Year, to = 1 a Month, otherwise YTD 1—to月
//     (so 1—3月, 1—6月 and 1—9月 stay YTD; they are not rewritten as 一季度,
//     上半年 or 前三季度 because the wording is part of the published figure);
//   - from = to is a Month;
//   - 4..6, 7..9, 10..12 are Quarters and 7..12 is the second Half;
//   - anything else (reversed, out of 1..12, or a run not starting in
//     January that is not a quarter or half) is an error.
func FromMonths(y, from, to int) (Period, error) {
	switch {
	case from < 1 || from > 12 || to < 1 || to > 12:
		return Period{}, fmt.Errorf("period: month range %d..%d out of 1..12", from, to)
	case to < from:
		return Period{}, fmt.Errorf("period: month range %d..%d is reversed", from, to)
	case from == to:
		return NewMonth(y, from)
	case from == 1 && to == 12:
		return NewYear(y), nil
	case from == 1:
		return Period{Kind: YTD, Year: y, FromMonth: 1, ToMonth: to}, nil
	case from == 7 && to == 12:
		return NewHalf(y, 2)
	case (from == 4 || from == 7 || from == 10) && to == from+2:
		return NewQuarter(y, (from+2)/3)
	}
	return Period{}, fmt.Errorf("period: months %d..%d neither start in January nor form a quarter or half year", from, to)
}

var (
	reYear    = regexp.MustCompile(`^(\d{4})$`)
	reMonth   = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
	reDate    = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	reRange   = regexp.MustCompile(`^(\d{4})-(\d{2})\.\.(\d{4})-(\d{2})$`)
	reQuarter = regexp.MustCompile(`^(\d{4})Q(\d)$`)
	reHalf    = regexp.MustCompile(`^(\d{4})H(\d)$`)
	reQ1toQ3  = regexp.MustCompile(`^(\d{4})Q1-Q3$`)
)

// Parse reads a canonical period code, as produced by Period.String:
//
//	"2022"               Year
//	"2022-01..2022-08"   YTD (ranges are normalised by FromMonths:
//	                     "2022-01..2022-12" → "2022", "2022-03..2022-03" →
//	                     "2022-03", "2022-04..2022-06" → "2022Q2")
//	"2022-03"            Month
//	"2022Q3"             Quarter (Q1..Q4)
//	"2022H1", "2022H2"   Half
//	"2022Q1-Q3"          ThreeQuarters
//	"2022-08-31"         Date (must be a real calendar day)
//
// Surrounding white space is ignored and the letters q, h may be lower
// case; months and days need two digits and years four (0001..9999). Errors
// quote the input and say what was wrong.
func Parse(code string) (Period, error) {
	s := strings.ToUpper(strings.TrimSpace(code))
	fail := func(format string, args ...any) (Period, error) {
		return Period{}, fmt.Errorf("period: cannot parse %q: %s", code, fmt.Sprintf(format, args...))
	}
	if s == "" {
		return fail("empty code")
	}
	year := func(txt string) (int, bool) {
		y, _ := strconv.Atoi(txt)
		return y, y >= 1
	}
	if m := reYear.FindStringSubmatch(s); m != nil {
		y, ok := year(m[1])
		if !ok {
			return fail("year must be 0001..9999")
		}
		return NewYear(y), nil
	}
	if m := reMonth.FindStringSubmatch(s); m != nil {
		y, ok := year(m[1])
		if !ok {
			return fail("year must be 0001..9999")
		}
		mo, _ := strconv.Atoi(m[2])
		if mo < 1 || mo > 12 {
			return fail("month %s is not 01..12", m[2])
		}
		return NewMonth(y, mo)
	}
	if m := reDate.FindStringSubmatch(s); m != nil {
		if _, ok := year(m[1]); !ok {
			return fail("year must be 0001..9999")
		}
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			mo, _ := strconv.Atoi(m[2])
			if mo < 1 || mo > 12 {
				return fail("month %s is not 01..12", m[2])
			}
			return fail("%s-%s has no day %s", m[1], m[2], m[3])
		}
		return NewDate(d), nil
	}
	if m := reRange.FindStringSubmatch(s); m != nil {
		y1, ok1 := year(m[1])
		y2, ok2 := year(m[3])
		if !ok1 || !ok2 {
			return fail("year must be 0001..9999")
		}
		from, _ := strconv.Atoi(m[2])
		to, _ := strconv.Atoi(m[4])
		if from < 1 || from > 12 {
			return fail("month %s is not 01..12", m[2])
		}
		if to < 1 || to > 12 {
			return fail("month %s is not 01..12", m[4])
		}
		if y1 != y2 {
			return fail("month range crosses years (%d to %d)", y1, y2)
		}
		if to < from {
			return fail("month range is reversed (%02d after %02d)", from, to)
		}
		p, err := FromMonths(y1, from, to)
		if err != nil {
			return fail("months %02d..%02d neither start in January nor form a quarter or half year", from, to)
		}
		return p, nil
	}
	if m := reQ1toQ3.FindStringSubmatch(s); m != nil {
		y, ok := year(m[1])
		if !ok {
			return fail("year must be 0001..9999")
		}
		return NewThreeQuarters(y), nil
	}
	if m := reQuarter.FindStringSubmatch(s); m != nil {
		y, ok := year(m[1])
		if !ok {
			return fail("year must be 0001..9999")
		}
		q, _ := strconv.Atoi(m[2])
		if q < 1 || q > 4 {
			return fail("quarter must be Q1..Q4")
		}
		return NewQuarter(y, q)
	}
	if m := reHalf.FindStringSubmatch(s); m != nil {
		y, ok := year(m[1])
		if !ok {
			return fail("year must be 0001..9999")
		}
		h, _ := strconv.Atoi(m[2])
		if h != 1 && h != 2 {
			return fail("half must be H1 or H2")
		}
		return NewHalf(y, h)
	}
	return fail(`not one of YYYY, YYYY-MM, YYYY-MM..YYYY-MM, YYYYQn, YYYYHn, YYYYQ1-Q3, YYYY-MM-DD`)
}

// MustParse is Parse for constants known to be valid; it panics on error.
func MustParse(code string) Period {
	p, err := Parse(code)
	if err != nil {
		panic(err)
	}
	return p
}

// String returns the canonical code accepted by Parse: "2022",
// "2022-01..2022-08", "2022-03", "2022Q3", "2022H1", "2022Q1-Q3" or
// "2022-08-31". An unknown kind prints as "invalid(<kind>)".
func (p Period) String() string {
	switch p.Kind {
	case Year:
		return fmt.Sprintf("%04d", p.Year)
	case YTD:
		return fmt.Sprintf("%04d-%02d..%04d-%02d", p.Year, p.FromMonth, p.Year, p.ToMonth)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.FromMonth)
	case Quarter:
		return fmt.Sprintf("%04dQ%d", p.Year, p.ToMonth/3)
	case Half:
		return fmt.Sprintf("%04dH%d", p.Year, p.ToMonth/6)
	case ThreeQuarters:
		return fmt.Sprintf("%04dQ1-Q3", p.Year)
	case Date:
		return p.Day.Format("2006-01-02")
	}
	return "invalid(" + string(p.Kind) + ")"
}

// MarshalText encodes the period as its canonical code (see String).
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText decodes a canonical code with Parse.
func (p *Period) UnmarshalText(b []byte) error {
	q, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}

var cnQuarter = [...]string{"", "一", "二", "三", "四"}

// Label returns the period as written in Chinese official publications:
// "2022年", "2022年1—8月" (with an em dash U+2014, as in 统计公报),
// "2022年3月", "2022年第三季度", "2022年上半年" / "2022年下半年",
// "2022年前三季度", "2022年8月31日" and, for a stock at December 31,
// "2022年末" (the bulletins' 年末).
func (p Period) Label() string {
	switch p.Kind {
	case Quarter:
		return fmt.Sprintf("%d年第%s季度", p.Year, cnQuarter[p.ToMonth/3])
	case Year:
		return fmt.Sprintf("%d年", p.Year)
	case Date:
		if p.Day.Month() == time.December && p.Day.Day() == 31 {
			return fmt.Sprintf("%d年末", p.Year)
		}
	}
	return fmt.Sprintf("%d年%s", p.Year, p.ShortLabel())
}

// ShortLabel returns the label without the year, as used in table headers
// and after a year already stated: "全年", "1—8月", "3月", "三季度",
// "上半年" / "下半年", "前三季度", "8月31日" and "年末" for December 31.
func (p Period) ShortLabel() string {
	switch p.Kind {
	case Year:
		return "全年"
	case YTD:
		return fmt.Sprintf("%d—%d月", p.FromMonth, p.ToMonth)
	case Month:
		return fmt.Sprintf("%d月", p.FromMonth)
	case Quarter:
		return cnQuarter[p.ToMonth/3] + "季度"
	case Half:
		if p.FromMonth == 1 {
			return "上半年"
		}
		return "下半年"
	case ThreeQuarters:
		return "前三季度"
	case Date:
		if p.Day.Month() == time.December && p.Day.Day() == 31 {
			return "年末"
		}
		return fmt.Sprintf("%d月%d日", int(p.Day.Month()), p.Day.Day())
	}
	return p.String()
}

// Start returns the first day of the period at UTC midnight (for Date, the
// day itself).
func (p Period) Start() time.Time {
	if p.Kind == Date {
		return p.Day
	}
	return time.Date(p.Year, time.Month(p.FromMonth), 1, 0, 0, 0, 0, time.UTC)
}

// End returns the last day of the period (inclusive) at UTC midnight, e.g.
// 2024-02-29 for "2024-02" and 2022-08-31 for "2022-01..2022-08". For Date it
// is the day itself.
func (p Period) End() time.Time {
	if p.Kind == Date {
		return p.Day
	}
	return time.Date(p.Year, time.Month(p.ToMonth)+1, 0, 0, 0, 0, 0, time.UTC)
}

// Months returns the number of months a flow period covers (12 for a Year,
// 8 for 1—8月, 3 for a quarter) and 0 for Date.
func (p Period) Months() int {
	if p.Kind == Date {
		return 0
	}
	return p.ToMonth - p.FromMonth + 1
}

// IsFlow reports whether the period is a flow over time (every kind but
// Date, which is a stock at one day).
func (p Period) IsFlow() bool { return p.Kind != Date }

// SamePeriodLastYear returns the comparison period for 同比: the same kind
// and months one year earlier. For Date, February 29 maps to February 28.
func (p Period) SamePeriodLastYear() Period {
	q := p
	q.Year--
	if p.Kind == Date {
		y, m, d := p.Day.Date()
		if last := daysIn(y-1, m); d > last {
			d = last
		}
		q.Day = time.Date(y-1, m, d, 0, 0, 0, 0, time.UTC)
	}
	return q
}

// Contains reports whether the calendar date of t (in t's own location)
// falls within the period, Start and End inclusive. For Date only that day
// matches.
func (p Period) Contains(t time.Time) bool {
	d := dateOf(t)
	return !d.Before(p.Start()) && !d.After(p.End())
}

// Equal reports whether p and o are the same period: same kind and months,
// and the same day for Date. Periods of different kinds spanning the same
// months (2022Q1 and 2022-01..2022-03) are not Equal; compare Start and End
// for that.
func (p Period) Equal(o Period) bool {
	return p.Kind == o.Kind && p.Year == o.Year && p.FromMonth == o.FromMonth &&
		p.ToMonth == o.ToMonth && p.Day.Equal(o.Day)
}

// dateOf returns the calendar date of t (in t's location) at UTC midnight.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// monthPosition is the number of months elapsed from the start of year 0 to
// the end of day t: whole months before t's month plus day/daysInMonth.
func monthPosition(t time.Time) decimal.Decimal {
	y, m, d := t.Date()
	whole := decimal.NewFromInt(int64(y)*12 + int64(m) - 1)
	dim := daysIn(y, m)
	if d == dim {
		return whole.Add(decimal.NewFromInt(1))
	}
	return whole.Add(decimal.NewFromInt(int64(d)).DivRound(decimal.NewFromInt(int64(dim)), 16))
}

// MonthsBetween returns the number of months from a to b (negative if b is
// before a), using only the calendar dates of a and b, each taken as the end
// of that day.
//
// Convention: the position of a date is its whole months plus the fraction
// day/days-in-its-month, so every month-end is a whole month and the
// difference between two month-ends is an integer: 2022-08-31 to 2026-12-31
// is exactly 52, 2022-12-31 to 2026-12-31 exactly 48, 2024-01-31 to
// 2024-02-29 exactly 1. A date inside a month counts the fraction of that
// month completed by the end of the day: 2022-01-15 is 15/31 of January, so
// 2021-12-31 to 2022-01-15 is 15/31. Fractions that do not terminate are
// rounded half away from zero to 16 decimal places; whole-month results are
// exact.
func MonthsBetween(a, b time.Time) decimal.Decimal {
	return monthPosition(b).Sub(monthPosition(a))
}

// YearsUntilEndOf returns the years from the end of day from to the end of
// December 31 of year: MonthsBetween(from, year-12-31) / 12, rounded half
// away from zero to 16 decimal places when not exact. From 2022-12-31 to
// the end of 2026 is exactly 4; from 2022-08-31 it is 52/12 =
// 4.3333333333333333. It is negative when from is after the end of year and
// zero on December 31 of year.
func YearsUntilEndOf(from time.Time, year int) decimal.Decimal {
	end := time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC)
	return MonthsBetween(from, end).DivRound(decimal.NewFromInt(12), 16)
}

var (
	reFYP     = regexp.MustCompile(`^[“"]?([一二三四五六七八九十]+)五[”"]?(?:期)?末$`)
	reHorizon = regexp.MustCompile(`^(?:到)?(\d{4})(?:年)?(?:末|底)?$`)
)

// cnNumber reads a Chinese numeral 1..99 written with 一..九 and 十
// ("十四", "二十"); ok is false otherwise.
func cnNumber(s string) (int, bool) {
	digits := map[rune]int{'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	r := []rune(s)
	switch len(r) {
	case 1:
		if r[0] == '十' {
			return 10, true
		}
		v, ok := digits[r[0]]
		return v, ok
	case 2:
		if r[0] == '十' {
			v, ok := digits[r[1]]
			return 10 + v, ok
		}
		if r[1] == '十' {
			v, ok := digits[r[0]]
			return 10 * v, ok
		}
	case 3:
		a, ok1 := digits[r[0]]
		b, ok2 := digits[r[2]]
		if r[1] == '十' && ok1 && ok2 {
			return 10*a + b, true
		}
	}
	return 0, false
}

// ParseHorizon reads the horizon of a plan target and returns the calendar
// year whose end it means, and a label as officials print it.
//
// Five-year-plan ends: "十四五末" (also "“十四五”末", "十四五期末") → 2025,
// label "“十四五”末"; "十三五末" → 2020; "十五五末" → 2030. The N-th plan
// ends in 1955+5N (the 1st plan ran 1953–1957; the 14th 2021–2025).
// Calendar years: "到2026年", "2026年", "2026", "2026年末", "2026年底" →
// 2026, label "到2026年". Surrounding white space is ignored; anything else
// is an error quoting the input.
func ParseHorizon(s string) (year int, label string, err error) {
	t := strings.TrimSpace(s)
	if m := reFYP.FindStringSubmatch(t); m != nil {
		n, ok := cnNumber(m[1])
		if !ok || n < 1 {
			return 0, "", fmt.Errorf("period: cannot read plan horizon %q: %q is not a plan number", s, m[1])
		}
		return 1955 + 5*n, "“" + m[1] + "五”末", nil
	}
	if m := reHorizon.FindStringSubmatch(t); m != nil {
		y, _ := strconv.Atoi(m[1])
		if y < 1 {
			return 0, "", fmt.Errorf("period: cannot read plan horizon %q: year must be 0001..9999", s)
		}
		return y, fmt.Sprintf("到%d年", y), nil
	}
	return 0, "", fmt.Errorf("period: cannot read plan horizon %q: want e.g. \"十四五末\", \"到2026年\" or \"2026\"", s)
}
