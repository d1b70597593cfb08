package sheet

import (
	"errors"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/quantity"
)

func TestParseValue(t *testing.T) {
	tests := []struct {
		in      string
		num     string
		unit    string
		percent bool
		missing bool
	}{
		{in: "1,234.56", num: "1234.56"},
		{in: " 87.5 ", num: "87.5"},
		{in: "１２３４．５", num: "1234.5"},
		{in: "(500)", num: "-500"},
		{in: "（500）", num: "-500"},
		{in: "(1,234.5)", num: "-1234.5"},
		{in: "-500", num: "-500"},
		{in: "－500", num: "-500"},
		{in: "+3", num: "3"},
		{in: "4.8%", num: "0.048", percent: true},
		{in: "４．８％", num: "0.048", percent: true},
		{in: "-3.1%", num: "-0.031", percent: true},
		{in: "3.1%", num: "0.031", percent: true},
		{in: "1.2亿", num: "1.2", unit: "亿"},
		{in: "9.24亿元", num: "9.24", unit: "亿元"},
		{in: "3105万元", num: "3105", unit: "万元"},
		{in: "400000000元", num: "400000000", unit: "元"},
		{in: "42家", num: "42", unit: "家"},
		{in: "0.3个百分点", num: "0.3", unit: "个百分点"},
		{in: "1.2E+5", num: "120000"},
		{in: "0", num: "0"},
		{in: ".5", num: "0.5"},
		{in: "", missing: true},
		{in: "  ", missing: true},
		{in: "—", missing: true},
		{in: "-", missing: true},
		{in: "－", missing: true},
		{in: "/", missing: true},
		{in: "——", missing: true},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in)
		if err != nil {
			t.Errorf("ParseValue(%q): %v", tt.in, err)
			continue
		}
		if v.Missing != tt.missing {
			t.Errorf("ParseValue(%q).Missing = %v", tt.in, v.Missing)
			continue
		}
		if tt.missing {
			continue
		}
		if !v.Number.Equal(dec(tt.num)) || v.Unit != tt.unit || v.Percent != tt.percent {
			t.Errorf("ParseValue(%q) = %+v, want %s %q %v", tt.in, v, tt.num, tt.unit, tt.percent)
		}
	}
	for _, in := range []string{"abc", "12,34", "1.2.3", "约20亿元", "二十", "5斤", "(-5)", "1.2亿%", "20211215x", "%"} {
		if v, err := ParseValue(in); err == nil {
			t.Errorf("ParseValue(%q) = %+v, want error", in, v)
		} else if !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseValue(%q) error %q does not quote the input", in, err)
		}
	}
}

func TestToBase(t *testing.T) {
	tests := []struct {
		in, col string
		want    string
		unit    quantity.Unit
	}{
		{"1.2亿", "万元", "120000000", quantity.Yuan}, // NOT 12000
		{"9.24亿元", "万元", "924000000", quantity.Yuan},
		{"3105万元", "", "31050000", quantity.Yuan},
		{"400000000元", "万元", "400000000", quantity.Yuan},
		{"42家", "万元", "42", quantity.Count},
		{"87.5", "万元", "875000", quantity.Yuan},
		{"4", "亿元", "400000000", quantity.Yuan},
		{"1,234.56", "万元", "12345600", quantity.Yuan},
		{"(500)", "万元", "-5000000", quantity.Yuan},
		{"42", "家", "42", quantity.Count},
		{"4728", "人", "4728", quantity.Persons},
		{"1.5", "万人", "15000", quantity.Persons},
		{"4.8%", "比例", "0.048", quantity.Percent},
		{"4.8%", "万元", "0.048", quantity.Percent},
		{"0.077", "比例", "0.077", quantity.Percent},
		{"0.077", "强度", "0.077", quantity.Percent},
		{"7.7", "%", "0.077", quantity.Percent},
		{"58.8", "%", "0.588", quantity.Percent},
		{"0.3个百分点", "%", "0.003", quantity.Percent},
		{"1.2万", "家", "12000", quantity.Count},
		{"1.2万", "亿元", "12000", quantity.Yuan},
	}
	for _, tt := range tests {
		v, err := ParseValue(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		got, u, err := ToBase(v, tt.col)
		if err != nil {
			t.Errorf("ToBase(%q, %q): %v", tt.in, tt.col, err)
			continue
		}
		if !got.Equal(dec(tt.want)) || u != tt.unit {
			t.Errorf("ToBase(%q, %q) = %s %s, want %s %s", tt.in, tt.col, got, u, tt.want, tt.unit)
		}
	}
	errs := []struct{ in, col string }{
		{"7.7", "比例"},      // ambiguous: 7.7% or the ratio 7.7
		{"7.7", "ratio"},   //
		{"1.2亿", ""},       // magnitude without unit word
		{"1.2亿", "%"},      //
		{"87.5", ""},       // no unit at all
		{"87.5", "万元、家、%"}, // table unit listing several units
		{"1.2亿", "万元、家、%"}, //
		{"87.5", "亿"},      // column magnitude without unit word
		{"12", "斤"},        // unknown unit
	}
	for _, e := range errs {
		v, err := ParseValue(e.in)
		if err != nil {
			t.Fatal(err)
		}
		if got, u, err := ToBase(v, e.col); err == nil {
			t.Errorf("ToBase(%q, %q) = %s %s, want error", e.in, e.col, got, u)
		}
	}
	v, _ := ParseValue("—")
	if _, _, err := ToBase(v, "万元"); !errors.Is(err, ErrMissing) {
		t.Errorf("missing: %v", err)
	}
}

func TestParseDate(t *testing.T) {
	ok := []struct {
		in    string
		d1904 bool
		want  string
	}{
		{"44545", false, "2021-12-15 00:00"},
		{"44545.5", false, "2021-12-15 12:00"},
		{"43083", true, "2021-12-15 00:00"},
		{"2021/12/15", false, "2021-12-15 00:00"},
		{"2021-12-15", false, "2021-12-15 00:00"},
		{"20211215", false, "2021-12-15 00:00"},
		{"2021年12月15日", false, "2021-12-15 00:00"},
		{"2021.12.15", false, "2021-12-15 00:00"},
		{"2021/1/5", false, "2021-01-05 00:00"},
		{" 2021-12-15 ", false, "2021-12-15 00:00"},
		{"2021/12/15 9:30", false, "2021-12-15 09:30"},
		{"２０２１年１２月１５日", false, "2021-12-15 00:00"},
		{"1", false, "1900-01-01 00:00"},
		{"59", false, "1900-02-28 00:00"},
		{"61", false, "1900-03-01 00:00"},
		{"0", true, "1904-01-01 00:00"},
		{"2024/2/29", false, "2024-02-29 00:00"},
	}
	for _, tt := range ok {
		got, err := ParseDate(tt.in, tt.d1904)
		if err != nil {
			t.Errorf("ParseDate(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format("2006-01-02 15:04"); s != tt.want {
			t.Errorf("ParseDate(%q, %v) = %s, want %s", tt.in, tt.d1904, s, tt.want)
		}
	}
	for _, in := range []string{"2021/2/30", "2022/2/30", "2023/2/29", "20210230", "2021-13-01", "60", "0", "2021年12月", "明天", "", "2021/12/15 25:00"} {
		if got, err := ParseDate(in, false); err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", in, got)
		} else if in != "" && !strings.Contains(err.Error(), `"`+in+`"`) {
			t.Errorf("ParseDate(%q) error %q does not quote the input", in, err)
		}
	}
}

func TestDetect(t *testing.T) {
	tests := []struct {
		head string
		want Kind
	}{
		{"PK\x03\x04rest", KindXLSX},
		{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00", KindXLS},
		{"<html><body><table><tr><td>1</td></tr></table>", KindHTML},
		{"\xef\xbb\xbf<!DOCTYPE html><html>", KindHTML},
		{"  <table border=1><tr>", KindHTML},
		{"序号,名称\n1,甲\n", KindCSV},
		{"\xef\xbb\xbf序号,名称\n", KindCSV},
		{"\xd0\xf2\xba\xc5,\xc3\xfb\xb3\xc6\r\n", KindCSV}, // 序号,名称 in GBK
		{"\xff\xfea\x00,\x00", KindCSV},
		{"%PDF-1.4\n\x00\x01\x02\x03\x04", KindUnknown},
		{"\x89PNG\r\n\x1a\n\x00\x00\x00", KindUnknown},
		{"", KindUnknown},
		{"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">", KindUnknown},
	}
	for _, tt := range tests {
		if got := Detect([]byte(tt.head)); got != tt.want {
			t.Errorf("Detect(%q) = %s, want %s", tt.head, got, tt.want)
		}
	}
}

func TestExcelNumber(t *testing.T) {
	for in, want := range map[string]string{
		"1.1000000000000001":  "1.1",
		"0.30000000000000004": "0.3",
		"92400.456":           "92400.456",
		"92400456":            "92400456",
		"-3.1":                "-3.1",
		"1E-3":                "0.001",
		"123456789012345678":  "123456789012346000",
	} {
		got, ok := excelNumber(in)
		if !ok || !got.Equal(dec(want)) {
			t.Errorf("excelNumber(%q) = %s %v, want %s", in, got, ok, want)
		}
	}
}
