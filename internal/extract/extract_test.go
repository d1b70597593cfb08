package extract

import (
	"strings"
	"testing"
)

func one(t *testing.T, text, key string) Record {
	t.Helper()
	res := Extract(text, Options{})
	for _, r := range res.Records {
		if r.Key == key {
			return r
		}
	}
	t.Fatalf("no %s in %q: %+v", key, text, res.Records)
	return Record{}
}

func TestValuesAndGrowth(t *testing.T) {
	r := one(t, "2022年全区研发投入强度2.4%，比上年提高0.3个百分点。", "rd_intensity")
	if r.Value.String() != "0.024" || r.PPChange.String() != "0.003" || r.YoY != nil || r.Period != "2022" {
		t.Errorf("intensity: %v pp %v yoy %v period %q", r.Value, r.PPChange, r.YoY, r.Period)
	}
	r = one(t, "2023年，全区技术合同成交额12.5亿元，同比增长58.8%。", "tech_contract_turnover")
	if r.Value.String() != "1250000000" || r.YoY.String() != "0.588" || r.UnitWritten != "亿元" {
		t.Errorf("turnover: %v yoy %v unit %q", r.Value, r.YoY, r.UnitWritten)
	}
	r = one(t, "2023年，全区技术合同成交额12.5亿元，同比下降3.2%。", "tech_contract_turnover")
	if r.YoY.String() != "-0.032" {
		t.Errorf("下降: yoy %v", r.YoY)
	}
	r = one(t, "2021年，全市研发投入达到603.8亿元，年均增长15.9%。", "rd_expenditure_total")
	if r.CAGR.String() != "0.159" || r.YoY != nil || r.Qualifier != "达到" {
		t.Errorf("年均: cagr %v yoy %v q %q", r.CAGR, r.YoY, r.Qualifier)
	}
}

func TestFullWidthTraditionalAndRanges(t *testing.T) {
	r := one(t, "２０２２年，全區高新技術企業達到１５１戶。", "high_tech_enterprises")
	if r.Value.String() != "151" || r.Period != "2022-12-31" || r.Qualifier != "达到" {
		t.Errorf("full-width traditional: %v %q %q", r.Value, r.Period, r.Qualifier)
	}
	r = one(t, "2022年，全区新增高新技术企业10-15家。", "high_tech_enterprises_new")
	if r.Value.String() != "10" || r.ValueHigh.String() != "15" || r.Qualifier != "区间" {
		t.Errorf("range: %v–%v %q", r.Value, r.ValueHigh, r.Qualifier)
	}
	r = one(t, "2022年，全区拥有众创空间十余个。", "maker_spaces")
	if r.Value.String() != "10" || r.Qualifier != "余" {
		t.Errorf("十余个: %v %q", r.Value, r.Qualifier)
	}
}

func TestNoYearIsUnknown(t *testing.T) {
	r := one(t, "1—8月，全区规模以上工业企业研发投入24.02亿元。", "rd_expenditure_above_scale_industry")
	if r.Period != "" || !strings.Contains(r.PeriodNote, "未写年份") {
		t.Errorf("no year: period %q note %q", r.Period, r.PeriodNote)
	}
	r = one(t, "2022年1—8月统计快报\n\n1—8月，全区规模以上工业企业研发投入24.02亿元。", "rd_expenditure_above_scale_industry")
	if r.Period != "2022-01..2022-08" {
		t.Errorf("title year: period %q", r.Period)
	}
}

func TestTiersAndNamesAreNotValues(t *testing.T) {
	res := Extract("涪陵高新区是首个千亿级产业园区，“1+2+3”体系，建设两大万亿级产业集群，向“2000亿级园区”迈进。", Options{})
	if len(res.Records) != 0 {
		t.Errorf("tier labels read as values: %+v", res.Records)
	}
}

func TestHTML(t *testing.T) {
	res := Extract(`<html><head><script>var a="研发投入99亿元"</script></head><body><h1>2022年工作总结</h1><p>全区研发投入<b>12.3</b>亿元。</p></body></html>`, Options{})
	if len(res.Records) != 1 || res.Records[0].Value.String() != "1230000000" || res.Records[0].Period != "2022" {
		t.Fatalf("html: %+v", res.Records)
	}
	if q := res.Records[0]; res.Text[q.Start:q.End] != q.Quote {
		t.Errorf("quote %q is not the text at %d..%d", q.Quote, q.Start, q.End)
	}
}

func TestUnitSuspectFlagged(t *testing.T) {
	r := one(t, "近年来，集聚新能源动力电池产能66亿瓦时。", "battery_capacity_total")
	if r.Value.String() != "6600000000" || len(r.Flags) == 0 || !strings.HasPrefix(r.Flags[0], "unit_suspect") {
		t.Errorf("亿瓦时: %v %v", r.Value, r.Flags)
	}
}
