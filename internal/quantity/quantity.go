// Package quantity stores published statistical figures exactly, in base
// units, and reads and prints them the way Chinese official bulletins
// (统计公报, 政府工作报告) write them: "24.02亿元", "15.6%", "151户",
// "增长15.6%", "提高1.2个百分点".
//
// Values are shopspring decimals, never floats: money, counts and ratios are
// exact. Base units are 元 for money, persons for headcounts, 1 for counts,
// a plain ratio for percentages (0.156 means 15.6%), km², tonnes, GWh and
// m³.
package quantity

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/shopspring/decimal"
)

// Unit is the base unit of a stored value. Its string value is stable and
// may be stored.
type Unit string

// The base units.
const (
	// Yuan is money in 元 (RMB yuan).
	Yuan Unit = "yuan"
	// Count is a number of things (enterprises 户/家, projects 个/项, ...).
	Count Unit = "count"
	// Percent is a ratio stored as such: 0.156 is printed 15.6%.
	Percent Unit = "percent"
	// SquareKm is area in square kilometres (平方公里).
	SquareKm Unit = "km2"
	// Persons is a number of people (人/名).
	Persons Unit = "persons"
	// Tonnes is mass in metric tonnes (吨).
	Tonnes Unit = "tonnes"
	// GWh is energy in gigawatt-hours.
	GWh Unit = "GWh"
	// CubicMetre is volume in cubic metres (立方米).
	CubicMetre Unit = "m3"
)

// Units lists every Unit, in declaration order.
var Units = []Unit{Yuan, Count, Percent, SquareKm, Persons, Tonnes, GWh, CubicMetre}

// CountCounters are the counter words (量词) read as Count; PersonCounters
// those read as Persons.
var (
	CountCounters  = []string{"户", "家", "个", "项", "件", "台", "套", "座", "所", "次", "篇", "条", "款", "批"}
	PersonCounters = []string{"人", "名", "位"}
)

// unitWords maps the unit words written after a number (after any
// magnitude) to units. Counter words are added in init.
var unitWords = map[string]Unit{
	"元": Yuan, "%": Percent, "平方公里": SquareKm, "km2": SquareKm, "km²": SquareKm,
	"吨": Tonnes, "GWh": GWh, "立方米": CubicMetre, "m3": CubicMetre, "m³": CubicMetre,
}

func init() {
	for _, c := range CountCounters {
		unitWords[c] = Count
	}
	for _, c := range PersonCounters {
		unitWords[c] = Persons
	}
}

// ParseUnit reads a unit code ("yuan", "count", "percent", "km2",
// "persons", "tonnes", "GWh", "m3"; case-insensitive, surrounding space
// ignored) or a Chinese unit word without magnitude ("元", "%", "平方公里",
// "吨", "立方米", a counter word of CountCounters or PersonCounters). An
// unknown unit is an error quoting the input.
func ParseUnit(s string) (Unit, error) {
	t := strings.TrimSpace(s)
	for _, u := range Units {
		if strings.EqualFold(t, string(u)) {
			return u, nil
		}
	}
	if u, ok := unitWords[normalize(t)]; ok {
		return u, nil
	}
	return "", fmt.Errorf("quantity: unknown unit %q", s)
}

// Written is a figure as read from Chinese text by ParseWrittenFull.
type Written struct {
	// Value is the figure in base units of Unit (2402000000 for "24.02亿元",
	// 0.156 for "15.6%").
	Value decimal.Decimal
	// Unit is the base unit.
	Unit Unit
	// Counter is the counter word for Count and Persons ("户", "家", "名",
	// "人", ...), empty for other units.
	Counter string
	// Magnitude is the text after the number as written, magnitude and unit
	// word together: "亿元", "万元", "%", "户", "万人", "平方公里",
	// "万亿立方米".
	Magnitude string
	// Number is the number as written, after normalisation (24.02 for
	// "24.02亿元", 15.6 for "15.6%").
	Number decimal.Decimal
	// Scale is the multiplier the magnitude stands for: 1e8 for 亿, 1 when
	// there is none, 0.01 for %.
	Scale decimal.Decimal
}

// magnitudes in matching order (longest first).
var magnitudes = []struct {
	word  string
	shift int32
}{{"万亿", 12}, {"亿", 8}, {"万", 4}, {"千", 3}}

var (
	reNumber = regexp.MustCompile(`^[+-]?(\d+(?:,\d{3})*)(\.\d+)?`)
	fullRepl = strings.NewReplacer(
		"０", "0", "１", "1", "２", "2", "３", "3", "４", "4",
		"５", "5", "６", "6", "７", "7", "８", "8", "９", "9",
		"．", ".", "％", "%", "，", ",", "－", "-", "＋", "+",
		"Ｇ", "G", "Ｗ", "W", "ｈ", "h",
		" ", "", "\u3000", "", "\u00a0", "", "\t", "",
	)
)

// normalize converts full-width digits and signs to ASCII and drops white
// space (ASCII, ideographic and no-break spaces).
func normalize(s string) string { return fullRepl.Replace(s) }

// ParseWrittenFull reads a figure as written in Chinese text or tables and
// converts it to base units, exactly.
//
// Grammar: [+|-] digits [. digits] [magnitude] unit-word. Magnitudes are
// 万 (1e4), 亿 (1e8), 万亿 (1e12) and 千 (1e3); a magnitude must be
// followed by a unit word, and % takes none. Unit words: 元 (Yuan), % (a
// percentage, stored as a ratio: "15.6%" → 0.156), 平方公里 (SquareKm), 吨
// (Tonnes), GWh, 立方米 (CubicMetre), the counter words of CountCounters
// (Count) and of PersonCounters (Persons). Full-width digits, ．, ％ and
// signs, white space anywhere, and thousands separators in groups of three
// ("1,266户") are tolerated.
//
// Examples: "24.02亿元" → 2402000000 Yuan; "7010.2万元" → 70102000 Yuan;
// "2.1万亿立方米" → 2100000000000 CubicMetre; "5.5%" → 0.055 Percent;
// "151户" → 151 Count (Counter "户"); "30万人" → 300000 Persons; "5万吨" →
// 50000 Tonnes. Anything else — Chinese numerals, approximations (约),
// ranges, missing or unknown units — is an error quoting the input:
// `quantity: cannot read "约二十亿": ...`.
func ParseWrittenFull(s string) (Written, error) {
	fail := func(why string) (Written, error) {
		return Written{}, fmt.Errorf("quantity: cannot read %q: %s", s, why)
	}
	t := normalize(s)
	if t == "" {
		return fail("empty")
	}
	m := reNumber.FindStringSubmatchIndex(t)
	if m == nil {
		return fail("does not start with a number in Arabic digits")
	}
	numText := strings.ReplaceAll(t[:m[1]], ",", "")
	num, err := decimal.NewFromString(numText)
	if err != nil {
		return fail("bad number " + t[:m[1]])
	}
	rest := t[m[1]:]
	if rest == "" {
		return fail("no unit after the number")
	}
	if rest[0] == ',' || rest[0] == '.' || (rest[0] >= '0' && rest[0] <= '9') {
		return fail("malformed number (thousands separators must group three digits)")
	}
	var shift int32
	magWord := ""
	for _, mg := range magnitudes {
		if strings.HasPrefix(rest, mg.word) {
			magWord, shift = mg.word, mg.shift
			break
		}
	}
	unitWord := rest[len(magWord):]
	u, ok := unitWords[unitWord]
	if !ok {
		if unitWord == "" {
			return fail("magnitude " + magWord + " without a unit")
		}
		return fail("unknown unit " + unitWord)
	}
	if u == Percent {
		if magWord != "" {
			return fail("a percentage takes no magnitude")
		}
		shift = -2
	}
	w := Written{
		Value:     num.Shift(shift),
		Unit:      u,
		Magnitude: rest,
		Number:    num,
		Scale:     decimal.New(1, shift),
	}
	if u == Count || u == Persons {
		w.Counter = unitWord
	}
	return w, nil
}

// ParseWritten is ParseWrittenFull returning only the value in base units
// and its unit.
func ParseWritten(s string) (value decimal.Decimal, unit Unit, err error) {
	w, err := ParseWrittenFull(s)
	if err != nil {
		return decimal.Decimal{}, "", err
	}
	return w.Value, w.Unit, nil
}

// CounterWord returns the counter word of a written count or headcount
// ("151户" → "户", "380名" → "名", "30万人" → "人"), and "" when s is not
// a readable Count or Persons figure.
func CounterWord(s string) string {
	w, err := ParseWrittenFull(s)
	if err != nil {
		return ""
	}
	return w.Counter
}

var (
	tenThousand = decimal.New(1, 4)
	hundred     = decimal.New(1, 2)
)

// scaled chooses the largest magnitude of mags (shift, word pairs, largest
// first) not above |v|, and prints v in it: exact with trailing zeros
// trimmed when prec < 0, else rounded half away from zero to at most prec
// decimals (trailing zeros trimmed, as prose prints 24亿元, not 24.00亿元).
// If rounding reaches the next magnitude (9999.996万 at 2 decimals) the
// larger magnitude is used ("1亿").
func scaled(v decimal.Decimal, prec int, mags []magnitude) string {
	a := v.Abs()
	for i, mg := range mags {
		if i < len(mags)-1 && a.LessThan(decimal.New(1, mg.shift)) {
			continue
		}
		x := v.Shift(-mg.shift)
		if prec < 0 {
			return x.String() + mg.word
		}
		r := x.Round(int32(prec))
		if i > 0 && r.Abs().Shift(mg.shift).GreaterThanOrEqual(decimal.New(1, mags[i-1].shift)) {
			up := mags[i-1]
			return v.Shift(-up.shift).Round(int32(prec)).String() + up.word
		}
		return r.String() + mg.word
	}
	panic("unreachable")
}

type magnitude struct {
	shift int32
	word  string
}

var bigMags = []magnitude{{12, "万亿"}, {8, "亿"}, {4, "万"}, {0, ""}}

// plain prints v exactly (prec < 0) or rounded half away from zero to prec
// decimals, trailing zeros trimmed.
func plain(v decimal.Decimal, prec int) string {
	if prec < 0 {
		return v.String()
	}
	return v.Round(int32(prec)).String()
}

// Format prints v, in base units of u, the way a Chinese bulletin does.
//
// Digits: when prec < 0 the value is printed exactly with as many decimals
// as it needs (trailing zeros trimmed); when prec >= 0 it is rounded half
// away from zero (四舍五入) to at most prec decimals of the chosen magnitude,
// trailing zeros trimmed (1000亿元, not 1000.00亿元): prec is the precision
// an indicator is published to, not a fixed column width. Negative values get a leading "-";
// the magnitude is chosen by absolute value.
//
//   - Yuan, Tonnes, CubicMetre: ≥1e12 → 万亿, ≥1e8 → 亿, ≥1e4 → 万, else
//     none; then 元 / 吨 / 立方米. 2402000000 → "24.02亿元"; 70102000 →
//     "7010.2万元"; 500000000 → "5亿元"; 50000 → "5万吨";
//     2100000000000 → "2.1万亿立方米". With prec >= 0, a value that rounds
//     up to 10000 of a magnitude moves to the next one: 99999999 at prec 2
//     → "1亿元".
//   - Percent: the ratio ×100 then "%": 0.156 → "15.6%", 0.2271 →
//     "22.71%"; prec 1 rounds 0.15650 → "15.7%".
//   - Count and Persons: the counter word (default "个" for Count and "人"
//     for Persons) after the number: Format(151, Count, "户", -1) →
//     "151户", Format(380, Persons, "名", -1) → "380名". From 1e4 up the
//     number is written in 万 when it needs at most two decimals there
//     (a multiple of 100), or always when prec >= 0: 300000 → "30万人",
//     25000 → "2.5万人", 12345 → "12345人".
//   - SquareKm: "55平方公里", "5.1平方公里"; GWh: "12GWh" (no magnitude).
//   - Any other unit: the number followed by the unit's string.
func Format(v decimal.Decimal, u Unit, counter string, prec int) string {
	switch u {
	case Yuan:
		return scaled(v, prec, bigMags) + "元"
	case Tonnes:
		return scaled(v, prec, bigMags) + "吨"
	case CubicMetre:
		return scaled(v, prec, bigMags) + "立方米"
	case Percent:
		return plain(v.Shift(2), prec) + "%"
	case Count, Persons:
		if counter == "" {
			counter = "个"
			if u == Persons {
				counter = "人"
			}
		}
		a := v.Abs()
		if a.GreaterThanOrEqual(tenThousand) && (prec >= 0 || a.Mod(hundred).IsZero()) {
			return scaled(v, prec, bigMags[2:]) + counter
		}
		return plain(v, prec) + counter
	case SquareKm:
		return plain(v, prec) + "平方公里"
	case GWh:
		return plain(v, prec) + "GWh"
	}
	return plain(v, prec) + string(u)
}

// growthPct is r as a percentage rounded half away from zero to one
// decimal.
func growthPct(r decimal.Decimal) decimal.Decimal { return r.Shift(2).Round(1) }

// FormatGrowth prints a growth ratio as a percentage rounded half away from
// zero (四舍五入) to one decimal, the precision of 统计公报 growth rates:
// 0.156 → "15.6%", 0.58849 → "58.8%", 0.5885 → "58.9%", -0.032 →
// "-3.2%", 0 → "0.0%". A value that rounds to zero prints "0.0%" (never
// "-0.0%").
func FormatGrowth(r decimal.Decimal) string {
	return growthPct(r).StringFixed(1) + "%"
}

// GrowthPhrase words a growth ratio as bulletins do: "增长15.6%" when it
// rounds (as in FormatGrowth) above zero, "下降3.2%" (absolute value) below
// zero, and "持平" when it rounds to 0.0%.
func GrowthPhrase(r decimal.Decimal) string {
	p := growthPct(r)
	switch p.Sign() {
	case 1:
		return "增长" + p.StringFixed(1) + "%"
	case -1:
		return "下降" + p.Abs().StringFixed(1) + "%"
	}
	return "持平"
}

// FormatPoints prints a change between two ratios as percentage points,
// rounded half away from zero to one decimal: 0.012 → "1.2个百分点",
// -0.0035 → "-0.4个百分点", 0 → "0.0个百分点".
func FormatPoints(d decimal.Decimal) string {
	return growthPct(d).StringFixed(1) + "个百分点"
}

// PointsPhrase words a change in percentage points: "提高1.2个百分点" when
// it rounds above zero, "回落1.2个百分点" (absolute value) below zero, and
// "持平" when it rounds to 0.0.
func PointsPhrase(d decimal.Decimal) string {
	p := growthPct(d)
	switch p.Sign() {
	case 1:
		return "提高" + p.StringFixed(1) + "个百分点"
	case -1:
		return "回落" + p.Abs().StringFixed(1) + "个百分点"
	}
	return "持平"
}
