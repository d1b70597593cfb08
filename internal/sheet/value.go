package sheet

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/quantity"
)

// Value is one cell read as a figure by ParseValue.
type Value struct {
	// Missing is true for a cell that holds no figure: "", "—", "-", "－",
	// "/", "——", "--", "…", "N/A". Missing is not zero.
	Missing bool
	// Number is the number as written, exact, before any magnitude or column
	// unit is applied: 1.2 for "1.2亿", 3105 for "3105万元", -500 for
	// "(500)". For a percentage it is already divided by 100 ("4.8%" →
	// 0.048).
	Number decimal.Decimal
	// Percent is true when the cell was written with % (or ％).
	Percent bool
	// Unit is the magnitude and/or unit word written after the number, as
	// written: "亿", "亿元", "万元", "元", "家", "个百分点"; "" when the
	// cell is a bare number or a percentage.
	Unit string
}

// ErrMissing is returned by ToBase (wrapped) for a missing value.
var ErrMissing = errors.New("value is missing")

var (
	fullWidth = strings.NewReplacer(
		"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
		"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
		"．", ".", "％", "%", "，", ",", "－", "-", "＋", "+", "−", "-",
		"（", "(", "）", ")", "ｅ", "e", "Ｅ", "E",
	)
	spaceStrip = strings.NewReplacer(" ", "", "\u3000", "", "\u00a0", "", "\t", "", "\r", "", "\n", "")
	missingSet = map[string]bool{
		"": true, "-": true, "—": true, "–": true, "/": true, "／": true, "——": true,
		"--": true, "…": true, "……": true, "N/A": true, "n/a": true, "NA": true, "#N/A": true,
	}
	reNum = regexp.MustCompile(`^[+-]?(\d{1,3}(?:,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?`)
	// magnitude words a cell may carry before its unit word.
	magWords = []string{"万亿", "亿", "万", "千", "百"}
)

// norm converts full-width digits, signs and brackets to ASCII and removes
// all white space.
func norm(s string) string { return spaceStrip.Replace(fullWidth.Replace(s)) }

// ParseValue reads one cell as a figure, exactly (no floats).
//
// Accepted: "1,234.56" (thousands separators must group three digits),
// " 87.5 " (white space anywhere is ignored), "１２３４．５" (full-width),
// "(500)" and "（500）" (accounting negatives → -500), "-500", "4.8%"
// (→ Number 0.048, Percent), "1.2亿" (Number 1.2, Unit "亿"), "9.24亿元",
// "3105万元", "400000000元", "42家", "0.3个百分点", "1.2E+5". The unit
// after the number must be a magnitude (万亿, 亿, 万, 千, 百), a unit word
// known to package quantity (元, 家, 人, %, 吨, ...), or both. Missing
// markers ("", "—", "-", "－", "/", ...) give Missing. Anything else is an
// error quoting the input.
func ParseValue(s string) (Value, error) {
	fail := func(why string) (Value, error) {
		return Value{}, fmt.Errorf("sheet: cannot read value %q: %s", s, why)
	}
	t := norm(s)
	if missingSet[t] || t == "－" {
		return Value{Missing: true}, nil
	}
	neg := false
	if strings.HasPrefix(t, "(") && strings.HasSuffix(t, ")") {
		t = t[1 : len(t)-1]
		neg = true
		if strings.HasPrefix(t, "-") || strings.HasPrefix(t, "+") {
			return fail("sign inside accounting brackets")
		}
	}
	m := reNum.FindStringSubmatchIndex(t)
	if m == nil || m[1] == 0 || (m[2] < 0 && m[4] < 0) {
		return fail("not a number")
	}
	numText := strings.ReplaceAll(t[:m[1]], ",", "")
	rest := t[m[1]:]
	if rest != "" && (rest[0] == ',' || rest[0] == '.' || (rest[0] >= '0' && rest[0] <= '9')) {
		return fail("malformed number (thousands separators must group three digits)")
	}
	num, err := decimal.NewFromString(numText)
	if err != nil {
		return fail("bad number")
	}
	if neg {
		num = num.Neg()
	}
	v := Value{Number: num}
	switch {
	case rest == "":
	case rest == "%":
		v.Number = num.Shift(-2)
		v.Percent = true
	case rest == "个百分点" || rest == "百分点":
		v.Unit = rest
	default:
		if !isUnitText(rest) {
			return fail("unknown unit " + strconv.Quote(rest))
		}
		v.Unit = rest
	}
	return v, nil
}

// splitMagnitude splits "万元" into ("万", "元"), "亿" into ("亿", "").
func splitMagnitude(u string) (mag, word string) {
	for _, m := range magWords {
		if strings.HasPrefix(u, m) {
			return m, u[len(m):]
		}
	}
	return "", u
}

// isUnitText reports whether u is magnitude, unit word, or magnitude+unit
// word ("亿", "元", "亿元", "家", "万人", "%").
func isUnitText(u string) bool {
	if u == "" {
		return false
	}
	mag, word := splitMagnitude(u)
	if word == "" {
		return mag != ""
	}
	if mag != "" && word == "%" {
		return false
	}
	_, err := quantity.ParseUnit(word)
	return err == nil
}

var magShift = map[string]int32{"万亿": 12, "亿": 8, "万": 4, "千": 3, "百": 2, "": 0}

// ratioWords mark a column whose bare values are ratios even without "%".
var ratioWords = []string{"比例", "比重", "占比", "强度", "ratio"}

// IsRatioUnit reports whether a column unit as passed to ToBase names a
// ratio column without % ("比例", "比重", "占比", "强度", "ratio").
func IsRatioUnit(u string) bool {
	for _, w := range ratioWords {
		if u == w {
			return true
		}
	}
	return false
}

// ToBase converts a Value to base units (元, count, persons, ratio, ...),
// exactly, given the unit of its column (a header unit such as "万元",
// "亿元", "家", "%", a table unit, or "" when the column states none).
//
// Rules:
//   - Missing → error wrapping ErrMissing (never zero).
//   - Percent ("4.8%") → the ratio 0.048, quantity.Percent, whatever the
//     column says.
//   - A unit in the cell overrides the column's: "1.2亿" in a 万元 column is
//     120000000 yuan (the cell's magnitude with the column's unit word),
//     "9.24亿元" is 924000000 yuan, "42家" is 42 count. A bare magnitude
//     ("1.2亿") in a column without a unit word is an error.
//   - "0.3个百分点" → 0.003 quantity.Percent (a change in points).
//   - A bare number takes the column unit: 87.5 in a 万元 column →
//     875000 yuan; 7.7 in a "%" column → 0.077.
//   - Ratio columns without % (columnUnit "比例", "比重", "占比", "强度",
//     "ratio"; see Column.ValueUnit): a bare number with |x| ≤ 1 is a ratio
//     (0.077 → 0.077); a bare |x| > 1 is ambiguous (7.7 could mean 7.7%) and
//     is an error — it is never stored as the ratio 7.7.
//   - A bare number with columnUnit "" → error (unit unknown). A column
//     unit listing several units ("万元、家、%") → error unless the cell
//     carries its own unit.
func ToBase(v Value, columnUnit string) (decimal.Decimal, quantity.Unit, error) {
	fail := func(format string, a ...any) (decimal.Decimal, quantity.Unit, error) {
		return decimal.Decimal{}, "", fmt.Errorf("sheet: "+format, a...)
	}
	if v.Missing {
		return decimal.Decimal{}, "", fmt.Errorf("sheet: %w", ErrMissing)
	}
	if v.Percent {
		return v.Number, quantity.Percent, nil
	}
	if v.Unit == "个百分点" || v.Unit == "百分点" {
		return v.Number.Shift(-2), quantity.Percent, nil
	}
	col := norm(columnUnit)
	if v.Unit != "" {
		mag, word := splitMagnitude(v.Unit)
		if word == "" {
			_, cw := splitMagnitude(col)
			if cw == "" || IsRatioUnit(cw) || cw == "%" {
				return fail("%s%s: magnitude %q without a unit word and column unit %q gives none", v.Number, v.Unit, mag, columnUnit)
			}
			if _, err := quantity.ParseUnit(cw); err != nil {
				return fail("%s%s: column unit %q is not a single unit", v.Number, v.Unit, columnUnit)
			}
			word = cw
		}
		u, err := quantity.ParseUnit(word)
		if err != nil {
			return fail("%s%s: unknown unit %q", v.Number, v.Unit, word)
		}
		return v.Number.Shift(magShift[mag]), u, nil
	}
	switch {
	case col == "":
		return fail("bare number %s and no column unit", v.Number)
	case IsRatioUnit(col):
		if v.Number.Abs().GreaterThan(decimal.NewFromInt(1)) {
			return fail("bare %s in a ratio column is ambiguous (%s%% or the ratio %s?); write it with %%", v.Number, v.Number, v.Number)
		}
		return v.Number, quantity.Percent, nil
	case col == "%":
		return v.Number.Shift(-2), quantity.Percent, nil
	}
	mag, word := splitMagnitude(col)
	if word == "" || word == "%" {
		return fail("column unit %q has no unit word", columnUnit)
	}
	u, err := quantity.ParseUnit(word)
	if err != nil {
		return fail("column unit %q is not a single unit", columnUnit)
	}
	return v.Number.Shift(magShift[mag]), u, nil
}

var (
	reSerial  = regexp.MustCompile(`^\d{1,7}(\.\d+)?$`)
	reYMD     = regexp.MustCompile(`^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$`)
	reCompact = regexp.MustCompile(`^(\d{4})(\d{2})(\d{2})$`)
)

// ParseDate reads a date as bureau spreadsheets write it, as a UTC time:
// an Excel serial as number or text ("44545", "44545.5"; 1900 system with
// Lotus' phantom 1900-02-29 — serial 60 is an error — or the 1904 system
// when date1904), "2021/12/15", "2021-12-15", "2021.12.15",
// "2021年12月15日", "20211215", optionally followed by " hh:mm[:ss]".
// Impossible dates (2021/2/30) are errors quoting the input.
func ParseDate(s string, date1904 bool) (time.Time, error) {
	fail := func(why string) (time.Time, error) {
		return time.Time{}, fmt.Errorf("sheet: cannot read date %q: %s", s, why)
	}
	t := strings.TrimSpace(fullWidth.Replace(strings.ReplaceAll(s, "\u3000", " ")))
	if t == "" {
		return fail("empty")
	}
	if m := reCompact.FindStringSubmatch(t); m != nil {
		return ymd(s, m[1], m[2], m[3], "", "", "")
	}
	if reSerial.MatchString(t) {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return fail("bad serial")
		}
		return serialDate(s, f, date1904)
	}
	if m := reYMD.FindStringSubmatch(t); m != nil {
		return ymd(s, m[1], m[2], m[3], m[4], m[5], m[6])
	}
	return fail("unknown date format")
}

func ymd(in, y, mo, d, hh, mm, ss string) (time.Time, error) {
	atoi := func(x string) int { n, _ := strconv.Atoi(x); return n }
	Y, M, D, h, mi, sec := atoi(y), atoi(mo), atoi(d), atoi(hh), atoi(mm), atoi(ss)
	tm := time.Date(Y, time.Month(M), D, h, mi, sec, 0, time.UTC)
	if tm.Year() != Y || int(tm.Month()) != M || tm.Day() != D || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("sheet: cannot read date %q: no such date", in)
	}
	return tm, nil
}

// serialDate converts an Excel serial date.
func serialDate(in string, f float64, date1904 bool) (time.Time, error) {
	if f < 0 || f > 2958465 || math.IsNaN(f) {
		return time.Time{}, fmt.Errorf("sheet: cannot read date %q: serial out of range", in)
	}
	days := math.Floor(f)
	frac := f - days
	var base time.Time
	switch {
	case date1904:
		base = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	case days == 60:
		return time.Time{}, fmt.Errorf("sheet: cannot read date %q: serial 60 is 1900-02-29, a date that does not exist", in)
	case days < 60:
		if days < 1 {
			return time.Time{}, fmt.Errorf("sheet: cannot read date %q: serial 0 is no date", in)
		}
		base = time.Date(1899, 12, 31, 0, 0, 0, 0, time.UTC)
	default:
		base = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	}
	ms := math.Round(frac * 86400000)
	return base.AddDate(0, 0, int(days)).Add(time.Duration(ms) * time.Millisecond), nil
}
