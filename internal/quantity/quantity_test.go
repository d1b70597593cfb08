package quantity

import (
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestParseWrittenFull(t *testing.T) {
	tests := []struct {
		in        string
		value     string
		unit      Unit
		counter   string
		magnitude string
		number    string
		scale     string
	}{
		{"24.02亿元", "2402000000", Yuan, "", "亿元", "24.02", "100000000"},
		{"7010.2万元", "70102000", Yuan, "", "万元", "7010.2", "10000"},
		{"5亿元", "500000000", Yuan, "", "亿元", "5", "100000000"},
		{"6100万元", "61000000", Yuan, "", "万元", "6100", "10000"},
		{"1000亿元", "100000000000", Yuan, "", "亿元", "1000", "100000000"},
		{"120亿元", "12000000000", Yuan, "", "亿元", "120", "100000000"},
		{"3.26亿元", "326000000", Yuan, "", "亿元", "3.26", "100000000"},
		{"455.65亿元", "45565000000", Yuan, "", "亿元", "455.65", "100000000"},
		{"1.5万亿元", "1500000000000", Yuan, "", "万亿元", "1.5", "1000000000000"},
		{"850元", "850", Yuan, "", "元", "850", "1"},
		{"5千元", "5000", Yuan, "", "千元", "5", "1000"},
		{"2.1万亿立方米", "2100000000000", CubicMetre, "", "万亿立方米", "2.1", "1000000000000"},
		{"15.6%", "0.156", Percent, "", "%", "15.6", "0.01"},
		{"5.5%", "0.055", Percent, "", "%", "5.5", "0.01"},
		{"89%", "0.89", Percent, "", "%", "89", "0.01"},
		{"-3.2%", "-0.032", Percent, "", "%", "-3.2", "0.01"},
		{"+3.2%", "0.032", Percent, "", "%", "3.2", "0.01"},
		{"0.05%", "0.0005", Percent, "", "%", "0.05", "0.01"},
		{"151户", "151", Count, "户", "户", "151", "1"},
		{"32家", "32", Count, "家", "家", "32", "1"},
		{"180个", "180", Count, "个", "个", "180", "1"},
		{"51项", "51", Count, "项", "项", "51", "1"},
		{"14户", "14", Count, "户", "户", "14", "1"},
		{"3个", "3", Count, "个", "个", "3", "1"},
		{"1.2万户", "12000", Count, "户", "万户", "1.2", "10000"},
		{"380名", "380", Persons, "名", "名", "380", "1"},
		{"30万人", "300000", Persons, "人", "万人", "30", "10000"},
		{"55平方公里", "55", SquareKm, "", "平方公里", "55", "1"},
		{"5.1平方公里", "5.1", SquareKm, "", "平方公里", "5.1", "1"},
		{"12GWh", "12", GWh, "", "GWh", "12", "1"},
		{"5万吨", "50000", Tonnes, "", "万吨", "5", "10000"},
		// tolerated variants
		{"1,266户", "1266", Count, "户", "户", "1266", "1"},
		{"1,234,567.5万元", "12345675000", Yuan, "", "万元", "1234567.5", "10000"},
		{"１５．６％", "0.156", Percent, "", "%", "15.6", "0.01"},
		{"２４．０２亿元", "2402000000", Yuan, "", "亿元", "24.02", "100000000"},
		{" 24.02 亿元 ", "2402000000", Yuan, "", "亿元", "24.02", "100000000"},
		{"24.02\u3000亿元", "2402000000", Yuan, "", "亿元", "24.02", "100000000"},
		{"１２ＧＷｈ", "12", GWh, "", "GWh", "12", "1"},
		{"0元", "0", Yuan, "", "元", "0", "1"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			w, err := ParseWrittenFull(tc.in)
			if err != nil {
				t.Fatalf("ParseWrittenFull(%q): %v", tc.in, err)
			}
			if !w.Value.Equal(dec(tc.value)) || w.Unit != tc.unit || w.Counter != tc.counter ||
				w.Magnitude != tc.magnitude || !w.Number.Equal(dec(tc.number)) || !w.Scale.Equal(dec(tc.scale)) {
				t.Errorf("ParseWrittenFull(%q) = {%s %s %q %q %s %s}, want {%s %s %q %q %s %s}", tc.in,
					w.Value, w.Unit, w.Counter, w.Magnitude, w.Number, w.Scale,
					tc.value, tc.unit, tc.counter, tc.magnitude, tc.number, tc.scale)
			}
			v, u, err := ParseWritten(tc.in)
			if err != nil || !v.Equal(dec(tc.value)) || u != tc.unit {
				t.Errorf("ParseWritten(%q) = %s, %s, %v", tc.in, v, u, err)
			}
			if got := CounterWord(tc.in); got != tc.counter {
				t.Errorf("CounterWord(%q) = %q, want %q", tc.in, got, tc.counter)
			}
		})
	}
}

func TestParseWrittenErrors(t *testing.T) {
	tests := []struct{ in, why string }{
		{"", "empty"},
		{"   ", "empty"},
		{"约二十亿", "does not start with a number"},
		{"二十亿元", "does not start with a number"},
		{"约20亿元", "does not start with a number"},
		{"亿元", "does not start with a number"},
		{".5亿元", "does not start with a number"},
		{"24.02", "no unit"},
		{"24.02亿", "magnitude 亿 without a unit"},
		{"5千", "magnitude 千 without a unit"},
		{"24.02美元", "unknown unit 美元"},
		{"20亿元以上", "unknown unit 元以上"},
		{"5%左右", "unknown unit %左右"},
		{"5万%", "a percentage takes no magnitude"},
		{"1,26户", "malformed number"},
		{"1,2667户", "malformed number"},
		{"1.2.3亿元", "malformed number"},
		{"10-20亿元", "unknown unit -20亿元"},
		{"5千万元", "unknown unit 万元"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			_, _, err := ParseWritten(tc.in)
			if err == nil {
				t.Fatalf("ParseWritten(%q) succeeded", tc.in)
			}
			want := `quantity: cannot read "` + tc.in + `": ` + tc.why
			if !strings.HasPrefix(err.Error(), want) {
				t.Errorf("error %q, want prefix %q", err, want)
			}
			if CounterWord(tc.in) != "" {
				t.Errorf("CounterWord(%q) non-empty", tc.in)
			}
		})
	}
	if got := CounterWord("24.02亿元"); got != "" {
		t.Errorf("CounterWord(24.02亿元) = %q", got)
	}
}

func TestParseUnit(t *testing.T) {
	tests := []struct {
		in   string
		want Unit
	}{
		{"yuan", Yuan}, {"YUAN", Yuan}, {" count ", Count}, {"percent", Percent}, {"km2", SquareKm},
		{"persons", Persons}, {"tonnes", Tonnes}, {"GWh", GWh}, {"gwh", GWh}, {"m3", CubicMetre},
		{"元", Yuan}, {"%", Percent}, {"％", Percent}, {"平方公里", SquareKm}, {"吨", Tonnes},
		{"立方米", CubicMetre}, {"户", Count}, {"家", Count}, {"项", Count}, {"个", Count},
		{"名", Persons}, {"人", Persons},
	}
	for _, tc := range tests {
		got, err := ParseUnit(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseUnit(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "万元", "dollars", "亿"} {
		if _, err := ParseUnit(bad); err == nil || !strings.Contains(err.Error(), `"`+bad+`"`) {
			t.Errorf("ParseUnit(%q) err = %v, want error quoting input", bad, err)
		}
	}
}

// TestRoundTrip checks Format(ParseWritten(s)) == s for every canonical
// written form.
func TestRoundTrip(t *testing.T) {
	for _, s := range []string{
		"24.02亿元", "7010.2万元", "5亿元", "6100万元", "1000亿元", "120亿元", "3.26亿元", "455.65亿元",
		"1.5万亿元", "850元", "2.1万亿立方米", "15.6%", "5.5%", "89%", "22.71%", "-3.2%",
		"151户", "32家", "180个", "51项", "14户", "3个", "1266户", "1.2万户",
		"380名", "30万人", "2.5万名", "55平方公里", "5.1平方公里", "12GWh", "5万吨", "8000吨", "-6100万元",
	} {
		w, err := ParseWrittenFull(s)
		if err != nil {
			t.Errorf("ParseWrittenFull(%q): %v", s, err)
			continue
		}
		if got := Format(w.Value, w.Unit, w.Counter, -1); got != s {
			t.Errorf("Format(ParseWritten(%q)) = %q", s, got)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		v       string
		u       Unit
		counter string
		prec    int
		want    string
	}{
		{"2402000000", Yuan, "", -1, "24.02亿元"},
		{"70102000", Yuan, "", -1, "7010.2万元"},
		{"500000000", Yuan, "", -1, "5亿元"},
		{"61000000", Yuan, "", -1, "6100万元"},
		{"326000000", Yuan, "", -1, "3.26亿元"},
		{"45565000000", Yuan, "", -1, "455.65亿元"},
		{"100000000", Yuan, "", -1, "1亿元"},
		{"99999999", Yuan, "", -1, "9999.9999万元"},
		{"10000", Yuan, "", -1, "1万元"},
		{"9999", Yuan, "", -1, "9999元"},
		{"9999.5", Yuan, "", -1, "9999.5元"},
		{"0", Yuan, "", -1, "0元"},
		{"1000000000000", Yuan, "", -1, "1万亿元"},
		{"1234567000000000", Yuan, "", -1, "1234.567万亿元"},
		{"-2402000000", Yuan, "", -1, "-24.02亿元"},
		{"2402000000.00", Yuan, "", -1, "24.02亿元"},
		// fixed precision, 四舍五入 in the chosen magnitude
		{"2402000000", Yuan, "", 2, "24.02亿元"},
		{"2400000000", Yuan, "", 2, "24亿元"},
		{"2402500000", Yuan, "", 2, "24.03亿元"},
		{"2402499999", Yuan, "", 2, "24.02亿元"},
		{"2402500000", Yuan, "", 1, "24亿元"},
		{"2405000000", Yuan, "", 1, "24.1亿元"},
		{"-2405000000", Yuan, "", 1, "-24.1亿元"},
		{"2450000000", Yuan, "", 0, "25亿元"},
		{"70102000", Yuan, "", 0, "7010万元"},
		{"70105000", Yuan, "", 0, "7011万元"},
		// rounding up into the next magnitude
		{"99999999", Yuan, "", 2, "1亿元"},
		{"99994999", Yuan, "", 2, "9999.5万元"},
		{"99999", Yuan, "", 0, "10万元"},
		{"9999.5", Yuan, "", 0, "1万元"},
		{"9999.4", Yuan, "", 0, "9999元"},
		{"999999999999.9", Yuan, "", 1, "1万亿元"},
		// Percent
		{"0.156", Percent, "", -1, "15.6%"},
		{"0.055", Percent, "", -1, "5.5%"},
		{"0.2271", Percent, "", -1, "22.71%"},
		{"0.2271", Percent, "", 1, "22.7%"},
		{"0.15650", Percent, "", 1, "15.7%"},
		{"0.156499", Percent, "", 1, "15.6%"},
		{"0.00005", Percent, "", 2, "0.01%"},
		{"0.000049", Percent, "", 2, "0%"},
		{"-0.00005", Percent, "", 2, "-0.01%"},
		{"0.89", Percent, "", -1, "89%"},
		{"1", Percent, "", -1, "100%"},
		{"0", Percent, "", 1, "0%"},
		{"-0.032", Percent, "", -1, "-3.2%"},
		// Count and Persons
		{"151", Count, "户", -1, "151户"},
		{"3", Count, "", -1, "3个"},
		{"1266", Count, "户", -1, "1266户"},
		{"12000", Count, "户", -1, "1.2万户"},
		{"12345", Count, "户", -1, "12345户"},
		{"12345", Count, "户", 1, "1.2万户"},
		{"380", Persons, "名", -1, "380名"},
		{"380", Persons, "", -1, "380人"},
		{"300000", Persons, "人", -1, "30万人"},
		{"25000", Persons, "人", -1, "2.5万人"},
		{"25100", Persons, "人", -1, "2.51万人"},
		{"25110", Persons, "人", -1, "25110人"},
		{"25110", Persons, "人", 2, "2.51万人"},
		{"10000", Persons, "", -1, "1万人"},
		{"9900", Persons, "", -1, "9900人"},
		{"-12000", Persons, "", -1, "-1.2万人"},
		// other units
		{"55", SquareKm, "", -1, "55平方公里"},
		{"5.1", SquareKm, "", -1, "5.1平方公里"},
		{"5.15", SquareKm, "", 1, "5.2平方公里"},
		{"12", GWh, "", -1, "12GWh"},
		{"12", GWh, "", 1, "12GWh"},
		{"50000", Tonnes, "", -1, "5万吨"},
		{"8000", Tonnes, "", -1, "8000吨"},
		{"2100000000000", CubicMetre, "", -1, "2.1万亿立方米"},
		{"3.5", Unit("kWh"), "", -1, "3.5kWh"},
	}
	for _, tc := range tests {
		if got := Format(dec(tc.v), tc.u, tc.counter, tc.prec); got != tc.want {
			t.Errorf("Format(%s, %s, %q, %d) = %q, want %q", tc.v, tc.u, tc.counter, tc.prec, got, tc.want)
		}
	}
}

func TestGrowth(t *testing.T) {
	tests := []struct {
		r, format, phrase, points, pphrase string
	}{
		{"0.156", "15.6%", "增长15.6%", "15.6个百分点", "提高15.6个百分点"},
		{"0.58849", "58.8%", "增长58.8%", "58.8个百分点", "提高58.8个百分点"},
		{"0.58850", "58.9%", "增长58.9%", "58.9个百分点", "提高58.9个百分点"},
		{"0.5885", "58.9%", "增长58.9%", "58.9个百分点", "提高58.9个百分点"},
		{"-0.032", "-3.2%", "下降3.2%", "-3.2个百分点", "回落3.2个百分点"},
		{"-0.00249", "-0.2%", "下降0.2%", "-0.2个百分点", "回落0.2个百分点"},
		{"-0.00250", "-0.3%", "下降0.3%", "-0.3个百分点", "回落0.3个百分点"},
		{"0.012", "1.2%", "增长1.2%", "1.2个百分点", "提高1.2个百分点"},
		{"0", "0.0%", "持平", "0.0个百分点", "持平"},
		{"0.00049", "0.0%", "持平", "0.0个百分点", "持平"},
		{"-0.00049", "0.0%", "持平", "0.0个百分点", "持平"},
		{"0.0005", "0.1%", "增长0.1%", "0.1个百分点", "提高0.1个百分点"},
		{"-0.0005", "-0.1%", "下降0.1%", "-0.1个百分点", "回落0.1个百分点"},
		{"0.00005", "0.0%", "持平", "0.0个百分点", "持平"},
		{"1.5", "150.0%", "增长150.0%", "150.0个百分点", "提高150.0个百分点"},
		{"-1", "-100.0%", "下降100.0%", "-100.0个百分点", "回落100.0个百分点"},
	}
	for _, tc := range tests {
		r := dec(tc.r)
		if got := FormatGrowth(r); got != tc.format {
			t.Errorf("FormatGrowth(%s) = %q, want %q", tc.r, got, tc.format)
		}
		if got := GrowthPhrase(r); got != tc.phrase {
			t.Errorf("GrowthPhrase(%s) = %q, want %q", tc.r, got, tc.phrase)
		}
		if got := FormatPoints(r); got != tc.points {
			t.Errorf("FormatPoints(%s) = %q, want %q", tc.r, got, tc.points)
		}
		if got := PointsPhrase(r); got != tc.pphrase {
			t.Errorf("PointsPhrase(%s) = %q, want %q", tc.r, got, tc.pphrase)
		}
	}
}
