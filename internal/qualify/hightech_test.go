package qualify

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// ---- helpers ----

func htIntP(n int) *int                          { return &n }
func htBoolP(b bool) *bool                       { return &b }
func htDecP(s string) *decimal.Decimal           { d := Dec(s); return &d }
func htDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func htY(year int, sales, rd string) HTYear {
	return HTYear{Year: year, Sales: Dec(sales), RDInternal: Dec(rd)}
}

// htBase is a firm that meets every condition.
func htBase() HTFacts {
	ys := []HTYear{htY(2023, "30000000", "1600000"), htY(2024, "40000000", "2000000"), htY(2025, "50000000", "2400000")}
	for i, na := range []string{"10000000", "12000000", "15000000"} {
		ys[i].NetAssets = htDecP(na)
	}
	return HTFacts{
		RegisteredOn: htDay(2020, 1, 1), ApplyOn: htDay(2026, 6, 1),
		IPClassI: htIntP(1), IPClassII: htIntP(5),
		CoreTechInFields: htBoolP(true),
		StaffAvg:         htDecP("100"), STStaffAvg: htDecP("20"),
		Years:        ys,
		TotalRevenue: htDecP("52000000"), NonTaxableRevenue: htDecP("2000000"), HTRevenue: htDecP("30000000"),
		InnovationScore: &HTScoreFacts{
			IPAdvancement: "A", IPCoreSupport: "A", OwnRD: htBoolP(true), Standards: htBoolP(true),
			ConversionsAvg: htDecP("5"),
			OrgBands:       &[4]ScoreRange{{6, 6}, {6, 6}, {4, 4}, {4, 4}},
		},
		SeriousIncident: htBoolP(false),
	}
}

func htCond(t *testing.T, r Result, code string) Condition {
	t.Helper()
	for _, c := range r.Conditions {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("no condition %s in %+v", code, r.Conditions)
	return Condition{}
}

func htPassStr(p *bool) string {
	if p == nil {
		return "undetermined"
	}
	if *p {
		return "pass"
	}
	return "fail"
}

func htWant(t *testing.T, c Condition, want string) {
	t.Helper()
	if got := htPassStr(c.Pass); got != want {
		t.Errorf("%s: got %s, want %s (value %q, gap %q, missing %v)", c.Code, got, want, c.Value, c.Gap, c.Missing)
	}
}

func htHasPrefix(t *testing.T, what, got, prefix string) {
	t.Helper()
	if !strings.HasPrefix(got, prefix) {
		t.Errorf("%s = %q, want prefix %q", what, got, prefix)
	}
}

func htEq(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

// htRatio3 is the C5 ratio of the years rounded to n decimals (as a ratio).
func htRatio(ys []HTYear, n int32) string {
	s := htRD(ys)
	return s.rd.DivRound(s.sales, n).String()
}

// ---- whole screening ----

func TestHTBaseQualifies(t *testing.T) {
	r := ScreenHighTech(htBase())
	if r.Verdict != Qualifies {
		t.Fatalf("verdict %s; conditions %+v", r.Verdict, r.Conditions)
	}
	if r.Qualification != HighTech || r.RuleSet != HTRuleSet {
		t.Errorf("qualification/ruleset %s / %s", r.Qualification, r.RuleSet)
	}
	codes := []string{}
	for _, c := range r.Conditions {
		codes = append(codes, c.Code)
		htWant(t, c, "pass")
		if c.Source == "" || c.Threshold == "" || c.Value == "" || c.Gap != "" || len(c.Missing) != 0 {
			t.Errorf("%s: source %q threshold %q value %q gap %q missing %v", c.Code, c.Source, c.Threshold, c.Value, c.Gap, c.Missing)
		}
		if !strings.HasPrefix(c.Source, "国科发火〔2016〕32号 第十一条（") {
			t.Errorf("%s source %q", c.Code, c.Source)
		}
	}
	if !slices.Equal(codes, []string{"C1", "C2", "C3", "C4", "C5", "C5b", "C6", "C7", "C8"}) {
		t.Errorf("codes %v", codes)
	}
	if len(r.Missing) != 0 || len(r.Assumptions) != 0 {
		t.Errorf("missing %v assumptions %v", r.Missing, r.Assumptions)
	}
	// IP 7+7+7+1+1=23..30 (cap), conversion A 25–30, org 20, growth NA 22.5% C 5–6 + sales 29.17% B 7–8.
	if *r.Score != (ScoreRange{80, 94}) {
		t.Errorf("score %+v", *r.Score)
	}
	htEq(t, "C4 value", htCond(t, r, "C4").Value, "20.00%（科技人员年平均20人÷职工总数年平均100人）")
	htEq(t, "C1 value", htCond(t, r, "C1").Value, "2343天（2020-01-01成立，2026-06-01申请）")
	htEq(t, "C6 source", htCond(t, r, "C6").Source, "国科发火〔2016〕32号 第十一条（六）；国科发火〔2016〕195号 三（四）")
	htEq(t, "C5 source", htCond(t, r, "C5").Source, "国科发火〔2016〕32号 第十一条（五）；国科发火〔2016〕195号 三（一）、三（六）")
}

func TestHTVerdictFailsOverUndetermined(t *testing.T) {
	f := htBase()
	f.CoreTechInFields = nil          // undetermined
	f.SeriousIncident = htBoolP(true) // fails
	r := ScreenHighTech(f)
	if r.Verdict != Fails {
		t.Fatalf("verdict %s", r.Verdict)
	}
	htWant(t, htCond(t, r, "C3"), "undetermined")
	c8 := htCond(t, r, "C8")
	htWant(t, c8, "fail")
	htEq(t, "C8 gap", c8.Gap, "须待该事故或违法行为已不在申请前365天之内时再申请")
	f.SeriousIncident = htBoolP(false)
	if r := ScreenHighTech(f); r.Verdict != Undetermined || !slices.Contains(r.Missing, "核心技术是否属于《国家重点支持的高新技术领域》（专家判断）") {
		t.Errorf("verdict %s missing %v", r.Verdict, r.Missing)
	}
	f.CoreTechInFields = htBoolP(false)
	r = ScreenHighTech(f)
	htWant(t, htCond(t, r, "C3"), "fail")
	if r.Verdict != Fails {
		t.Errorf("verdict %s", r.Verdict)
	}
}

// ---- C5: R&D ratio (H1–H5, band edges) ----

func htC5Of(t *testing.T, ys []HTYear) Condition {
	t.Helper()
	f := htBase()
	f.Years = ys
	f.RegisteredOn = htDay(ys[0].Year, 1, 1) // only the years given are required
	return htCond(t, ScreenHighTech(f), "C5")
}

func TestHTH1InclusiveFiveMillionEdge(t *testing.T) {
	ys := []HTYear{htY(2023, "30000000", "1600000"), htY(2024, "40000000", "2000000"), htY(2025, "50000000", "2400000")}
	if got := htRatio(ys, 5); got != "0.05" {
		t.Errorf("H1 ratio %s, want 0.05000", got)
	}
	c := htC5Of(t, ys)
	htWant(t, c, "pass")
	htEq(t, "H1 value", c.Value, "5.00%（2023–2025年研究开发费用合计600万元÷销售收入合计1.2亿元；最近一年销售收入5000万元）")
	htHasPrefix(t, "H1 threshold", c.Threshold, "≥5%（最近一年销售收入5000万元（含）以下）")
	// One yuan less R&D fails, and the gap is exactly 1 yuan.
	ys[2].RDInternal = Dec("2399999")
	c = htC5Of(t, ys)
	htWant(t, c, "fail")
	htEq(t, "H1-1 gap", c.Gap, "近三年研发费用合计还需增加1元（按现有销售收入）")
	if strings.HasPrefix(c.Value, "5.00%") {
		t.Errorf("failing value prints as the threshold: %q", c.Value)
	}
	htHasPrefix(t, "H1-1 value", c.Value, "4.999999%（")
}

func TestHTH2(t *testing.T) {
	ys := []HTYear{htY(2023, "80000000", "3500000"), htY(2024, "80000000", "3500000"), htY(2025, "80000000", "3500000")}
	if got := htRatio(ys, 5); got != "0.04375" {
		t.Errorf("H2 ratio %s, want 0.04375", got)
	}
	c := htC5Of(t, ys)
	htWant(t, c, "pass")
	htHasPrefix(t, "H2 value", c.Value, "4.38%（")
	htHasPrefix(t, "H2 threshold", c.Threshold, "≥4%")
}

func TestHTH3(t *testing.T) {
	ys := []HTYear{htY(2023, "180000000", "5000000"), htY(2024, "220000000", "6000000"), htY(2025, "250000000", "7000000")}
	if got := htRatio(ys, 5); got != "0.02769" {
		t.Errorf("H3 ratio %s, want 0.02769 (2.769%%)", got)
	}
	c := htC5Of(t, ys)
	htWant(t, c, "fail")
	htHasPrefix(t, "H3 value", c.Value, "2.77%（2023–2025年研究开发费用合计1800万元÷销售收入合计6.5亿元")
	htHasPrefix(t, "H3 threshold", c.Threshold, "≥3%（最近一年销售收入超过2亿元）")
	// 0.03 × 650,000,000 − 18,000,000 = 1,500,000
	htEq(t, "H3 gap", c.Gap, "近三年研发费用合计还需增加150万元（按现有销售收入）")
}

func TestHTH4(t *testing.T) {
	mk := func(rd string) []HTYear {
		return []HTYear{htY(2023, "40000000", "0"), htY(2024, "9999999", "0"), htY(2025, "50000001", rd)}
	}
	c := htC5Of(t, mk("4500000")) // 4.5m / 100m = 4.5%
	htWant(t, c, "pass")
	htHasPrefix(t, "H4 threshold", c.Threshold, "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）")
	htHasPrefix(t, "H4 value", c.Value, "4.50%")
	c = htC5Of(t, mk("3900000")) // 3.9%
	htWant(t, c, "fail")
	htHasPrefix(t, "H4 value", c.Value, "3.90%")
	htEq(t, "H4 gap", c.Gap, "近三年研发费用合计还需增加10万元（按现有销售收入）")
}

func TestHTC5BandEdges(t *testing.T) {
	for _, tc := range []struct{ latest, wantBand string }{
		{"50000000", "≥5%（最近一年销售收入5000万元（含）以下）"},
		{"50000001", "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）"},
		{"200000000", "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）"}, // 200m is still the 4% band
		{"200000001", "≥3%（最近一年销售收入超过2亿元）"},
	} {
		c := htC5Of(t, []HTYear{htY(2025, tc.latest, "0")})
		htHasPrefix(t, "band "+tc.latest, c.Threshold, tc.wantBand)
	}
	// Exactly 4% passes (4m / 100m over the period, latest 60m).
	c := htC5Of(t, []HTYear{htY(2024, "40000000", "1600000"), htY(2025, "60000000", "2400000")})
	htWant(t, c, "pass")
	htHasPrefix(t, "4% exact", c.Value, "4.00%")
	// One yuan less: fails, gap 1 yuan.
	c = htC5Of(t, []HTYear{htY(2024, "40000000", "1600000"), htY(2025, "60000000", "2399999")})
	htWant(t, c, "fail")
	htEq(t, "4% gap", c.Gap, "实际经营期（2024–2025年）研发费用合计还需增加1元（按现有销售收入）")
	// Exactly 3% above 200m passes.
	c = htC5Of(t, []HTYear{htY(2023, "100000000", "3000000"), htY(2024, "100000000", "3000000"), htY(2025, "300000000", "9000000")})
	htWant(t, c, "pass")
	htHasPrefix(t, "3% exact", c.Value, "3.00%")
	htHasPrefix(t, "3% band", c.Threshold, "≥3%")
	// 5.0% at exactly 50,000,000 in a single year.
	c = htC5Of(t, []HTYear{htY(2025, "50000000", "2500000")})
	htWant(t, c, "pass")
	// 50,000,001 with 5% → passes the 4% band; 4.5% of it too.
	c = htC5Of(t, []HTYear{htY(2025, "50000001", "2000000")}) // 3.99999992%
	htWant(t, c, "fail")
	htEq(t, "gap at 50,000,001", c.Gap, "实际经营期（2025年）研发费用合计还需增加0.04元（按现有销售收入）")
}

func TestHTH5YoungFirm(t *testing.T) {
	f := htBase()
	f.RegisteredOn, f.ApplyOn = htDay(2024, 3, 10), htDay(2026, 6, 1)
	f.Years = []HTYear{htY(2024, "8000000", "600000"), htY(2025, "22000000", "1000000")}
	if got := htRatio(f.Years, 4); got != "0.0533" {
		t.Errorf("H5 ratio %s, want 0.0533 (5.33%%)", got)
	}
	r := ScreenHighTech(f)
	c1 := htCond(t, r, "C1")
	htWant(t, c1, "pass")
	c := htCond(t, r, "C5")
	htWant(t, c, "pass")
	htEq(t, "H5 value", c.Value, "5.33%（2024–2025年研究开发费用合计160万元÷销售收入合计3000万元；最近一年销售收入2200万元）")
	htHasPrefix(t, "H5 threshold", c.Threshold, "≥5%")
	// Growth for a 2-year firm: X₂/X₁ − 1 [U]; no net assets given → missing for that sub-score.
	sales := htCond(t, r, "C7").Value
	if !strings.Contains(sales, "销售收入增长率175.00% A 9–10分") {
		t.Errorf("C7 value %q", sales)
	}
	if !slices.Contains(r.Assumptions, HTAssumeGrowthTwoYears) {
		t.Errorf("assumptions %v", r.Assumptions)
	}

	// 360 days: C1 fails, with the earliest date.
	f.RegisteredOn, f.ApplyOn = htDay(2025, 6, 15), htDay(2026, 6, 10)
	f.Years = []HTYear{htY(2025, "8000000", "600000")}
	c1 = htCond(t, ScreenHighTech(f), "C1")
	htWant(t, c1, "fail")
	htEq(t, "C1 value", c1.Value, "360天（2025-06-15成立，2026-06-10申请）")
	htEq(t, "C1 gap", c1.Gap, "还需5天，最早可于2026-06-15申请")
	// 365 days exactly passes; 364 fails.
	f.ApplyOn = htDay(2026, 6, 15)
	htWant(t, htCond(t, ScreenHighTech(f), "C1"), "pass")
	f.ApplyOn = htDay(2026, 6, 14)
	htWant(t, htCond(t, ScreenHighTech(f), "C1"), "fail")
	// Calendar dates count, not clock time or zone.
	f.RegisteredOn = time.Date(2025, 6, 15, 23, 59, 0, 0, time.FixedZone("CST", 8*3600))
	f.ApplyOn = time.Date(2026, 6, 15, 0, 1, 0, 0, time.FixedZone("CST", 8*3600))
	htWant(t, htCond(t, ScreenHighTech(f), "C1"), "pass")
}

func TestHTYearsCoverage(t *testing.T) {
	f := htBase() // registered 2020, applying 2026: needs 2023–2025
	f.Years = f.Years[1:]
	r := ScreenHighTech(f)
	c := htCond(t, r, "C5")
	htWant(t, c, "undetermined")
	if !slices.Equal(c.Missing, []string{"2023年度销售收入及研究开发费用"}) {
		t.Errorf("missing %v", c.Missing)
	}
	htWant(t, htCond(t, r, "C5b"), "undetermined")
	if !slices.Contains(r.Missing, "2023年度销售收入") {
		t.Errorf("growth missing: %v", r.Missing)
	}
	// The application year itself is excluded; more than 3 years → last 3.
	f = htBase()
	f.Years = append([]HTYear{htY(2021, "1", "0"), htY(2022, "1", "0")}, f.Years...)
	f.Years = append(f.Years, htY(2026, "1", "0"))
	slices.Reverse(f.Years) // order does not matter
	c = htCond(t, ScreenHighTech(f), "C5")
	htWant(t, c, "pass")
	htHasPrefix(t, "value", c.Value, "5.00%（2023–2025年")
}

// ---- C5: entrusted R&D, 20% cap, domestic share (H6, H7) ----

func TestHTH6DomesticShare(t *testing.T) {
	f := htBase()
	f.Years = []HTYear{{Year: 2025, Sales: Dec("100000000"), RDInternal: Dec("6000000"),
		EntrustedDomestic: Dec("2000000"), EntrustedForeign: Dec("3000000")}}
	f.RegisteredOn = htDay(2025, 1, 1)
	r := ScreenHighTech(f)
	s := htRD(f.Years)
	if s.rd.String() != "10000000" || s.domestic.String() != "7600000" {
		t.Errorf("H6 totals %s / %s, want 10000000 / 7600000", s.rd, s.domestic)
	}
	d := htCond(t, r, "C5b")
	htWant(t, d, "pass")
	htEq(t, "H6 value", d.Value, "76.00%（2025年境内研究开发费用760万元÷研究开发费用总额1000万元）")
	htEq(t, "H6 assumption", d.Assumption, HTAssumeDomestic80)
	if !slices.Contains(r.Assumptions, HTAssumeDomestic80) {
		t.Errorf("assumptions %v", r.Assumptions)
	}
	htWant(t, htCond(t, r, "C5"), "pass") // 10m / 100m = 10%

	f.Years[0].EntrustedForeign = Dec("7000000") // counted 5.6m
	r = ScreenHighTech(f)
	s = htRD(f.Years)
	if s.rd.String() != "13200000" || s.domestic.DivRound(s.rd, 3).String() != "0.576" {
		t.Errorf("H6b total %s share %s, want 13200000 / 0.576", s.rd, s.domestic.DivRound(s.rd, 3))
	}
	d = htCond(t, r, "C5b")
	htWant(t, d, "fail")
	htHasPrefix(t, "H6b value", d.Value, "57.58%（2025年境内研究开发费用760万元÷研究开发费用总额1320万元）")
	// (0.6 × 13.2m − 7.6m) / 0.4 = 800,000; (7.6m+0.8m)/(13.2m+0.8m) = 60%.
	htEq(t, "H6b gap", d.Gap, "境内研发费用还需增加80万元（实际经营期（2025年）合计，境外委托研发不变）")
	if r.Verdict != Fails {
		t.Errorf("verdict %s", r.Verdict)
	}
	// Exactly 60% passes.
	f.Years[0] = HTYear{Year: 2025, Sales: Dec("100000000"), RDInternal: Dec("6000000"), EntrustedForeign: Dec("5000000")}
	// domestic 6m, foreign 4m → 60.0%
	d = htCond(t, ScreenHighTech(f), "C5b")
	htWant(t, d, "pass")
	htHasPrefix(t, "60% exact", d.Value, "60.00%")
	if d.Assumption != "" {
		t.Errorf("no domestic entrusted R&D, yet assumption %q", d.Assumption)
	}
}

func TestHTH7OtherCap(t *testing.T) {
	y := HTYear{Year: 2025, Sales: Dec("100000000"), RDInternal: Dec("8000000"), RDOther: Dec("2500000")}
	s := htRD([]HTYear{y})
	if s.rd.String() != "10000000" || !s.capped {
		t.Fatalf("H7 total %s capped %v, want 10000000 (other capped at 2.0m)", s.rd, s.capped)
	}
	// The capped "other" is exactly 20% of the total.
	if got := Dec("2000000").Div(s.rd).String(); got != "0.2" {
		t.Errorf("other share %s", got)
	}
	f := htBase()
	f.RegisteredOn = htDay(2025, 1, 1)
	f.Years = []HTYear{y}
	r := ScreenHighTech(f)
	c := htCond(t, r, "C5")
	htEq(t, "H7 assumption", c.Assumption, HTAssumeOtherCap)
	htHasPrefix(t, "H7 value", c.Value, "10.00%（2025年研究开发费用合计1000万元÷")
	if !slices.Contains(r.Assumptions, HTAssumeOtherCap) {
		t.Errorf("assumptions %v", r.Assumptions)
	}
	// Under the cap: counted in full, no assumption.
	y.RDOther = Dec("2000000")
	s = htRD([]HTYear{y})
	if s.rd.String() != "10000000" || s.capped {
		t.Errorf("at the cap: %s capped %v", s.rd, s.capped)
	}
	// Entrusted R&D enters N at 80%: N = 4m + 0.8×5m = 8m → cap 2m.
	y = HTYear{Year: 2025, Sales: Dec("1"), RDInternal: Dec("4000000"), EntrustedDomestic: Dec("5000000"), RDOther: Dec("3000000")}
	if s = htRD([]HTYear{y}); s.rd.String() != "10000000" || s.domestic.String() != "10000000" {
		t.Errorf("entrusted N: %s / %s", s.rd, s.domestic)
	}
	// The cap applies year by year.
	ys := []HTYear{
		{Year: 2024, Sales: Dec("1"), RDInternal: Dec("8000000"), RDOther: Dec("2500000")},
		{Year: 2025, Sales: Dec("1"), RDInternal: Dec("8000000"), RDOther: Dec("1000000")},
	}
	if s = htRD(ys); s.rd.String() != "19000000" {
		t.Errorf("per-year cap: %s, want 19000000", s.rd)
	}
}

// ---- C4: S&T staff (H8) ----

func TestHTH8Staff(t *testing.T) {
	f := htBase()
	f.StaffAvg, f.STStaffAvg = htDecP("100"), htDecP("10")
	c := htCond(t, ScreenHighTech(f), "C4")
	htWant(t, c, "pass")
	htEq(t, "H8 value", c.Value, "10.00%（科技人员年平均10人÷职工总数年平均100人）")
	f.STStaffAvg = htDecP("9.9")
	c = htCond(t, ScreenHighTech(f), "C4")
	htWant(t, c, "fail")
	htEq(t, "H8 value", c.Value, "9.90%（科技人员年平均9.9人÷职工总数年平均100人）")
	htEq(t, "H8 gap", c.Gap, "科技人员还需增加1人（年平均，按现有职工总数）；如为新招聘人员并计入职工总数，需增加1人")
	f.StaffAvg, f.STStaffAvg = htDecP("200"), htDecP("15")
	c = htCond(t, ScreenHighTech(f), "C4")
	// 0.1×200 − 15 = 5; new hires: 5/0.9 = 5.6 → 6 (21/206 ≥ 10%).
	htEq(t, "gap 200/15", c.Gap, "科技人员还需增加5人（年平均，按现有职工总数）；如为新招聘人员并计入职工总数，需增加6人")
}

func TestHTStaffMonthly(t *testing.T) {
	f := htBase()
	f.StaffAvg, f.STStaffAvg = nil, nil
	for i := 0; i < 12; i++ {
		f.StaffMonthly = append(f.StaffMonthly, MonthHeads{Dec("98"), Dec("102")})
		f.STStaffMonthly = append(f.STStaffMonthly, MonthHeads{Dec("9"), Dec("11")})
	}
	r := ScreenHighTech(f)
	c := htCond(t, r, "C4")
	htWant(t, c, "pass")
	htEq(t, "monthly value", c.Value, "10.00%（科技人员年平均10人÷职工总数年平均100人）")
	if c.Assumption != "" {
		t.Errorf("full year, yet assumption %q", c.Assumption)
	}
	// Σ/12 exactly: one month's S&T staff lower by 1 → 9.9583… < 10 → fail.
	f.STStaffMonthly[5] = MonthHeads{Dec("9"), Dec("10")}
	c = htCond(t, ScreenHighTech(f), "C4")
	htWant(t, c, "fail")
	htHasPrefix(t, "monthly fail", c.Value, "9.96%（科技人员年平均9.96人")
	htEq(t, "monthly gap", c.Gap, "科技人员还需增加1人（年平均，按现有职工总数）；如为新招聘人员并计入职工总数，需增加1人")
	// Mid-year start: 6 months, divisor 6 [U].
	f.StaffMonthly, f.STStaffMonthly = f.StaffMonthly[:6], f.STStaffMonthly[:5]
	f.STStaffMonthly = append(f.STStaffMonthly, MonthHeads{Dec("9"), Dec("11")})
	r = ScreenHighTech(f)
	c = htCond(t, r, "C4")
	htWant(t, c, "pass")
	htEq(t, "months assumption", c.Assumption, HTAssumeMonths)
	if !slices.Contains(r.Assumptions, HTAssumeMonths) {
		t.Errorf("assumptions %v", r.Assumptions)
	}
	// Monthly figures take precedence over averages; missing facts listed.
	f = htBase()
	f.StaffAvg, f.STStaffAvg = nil, nil
	r = ScreenHighTech(f)
	c = htCond(t, r, "C4")
	htWant(t, c, "undetermined")
	if len(c.Missing) != 2 || r.Verdict != Undetermined {
		t.Errorf("missing %v verdict %s", c.Missing, r.Verdict)
	}
}

// ---- C6: HT revenue (H9) ----

func TestHTH9Revenue(t *testing.T) {
	f := htBase()
	f.HTRevenue = htDecP("30000000") // 27m products + 3m technical services
	c := htCond(t, ScreenHighTech(f), "C6")
	htWant(t, c, "pass")
	htEq(t, "H9 value", c.Value, "60.00%（高新技术产品（服务）收入3000万元÷总收入5000万元）")
	f.HTRevenue = htDecP("29000000")
	c = htCond(t, ScreenHighTech(f), "C6")
	htWant(t, c, "fail")
	htEq(t, "H9 gap", c.Gap, "高新技术产品（服务）收入还需增加100万元（按现有总收入）")
	f.HTRevenue = htDecP("29999999.99")
	c = htCond(t, ScreenHighTech(f), "C6")
	htWant(t, c, "fail")
	htHasPrefix(t, "H9 near", c.Value, "59.99999")
	htEq(t, "H9 near gap", c.Gap, "高新技术产品（服务）收入还需增加0.01元（按现有总收入）")
	// Non-taxable revenue not given: 30m/52m < 60% cannot be decided …
	f.HTRevenue, f.NonTaxableRevenue = htDecP("30000000"), nil
	c = htCond(t, ScreenHighTech(f), "C6")
	htWant(t, c, "undetermined")
	if !slices.Equal(c.Missing, []string{"近一年不征税收入"}) {
		t.Errorf("missing %v", c.Missing)
	}
	// … but 40m/52m passes whatever it is.
	f.HTRevenue = htDecP("40000000")
	c = htCond(t, ScreenHighTech(f), "C6")
	htWant(t, c, "pass")
	if !strings.Contains(c.Value, "未给出不征税收入，按0计") {
		t.Errorf("value %q", c.Value)
	}
}

// ---- C7: growth (H10) ----

func htGrowthOf(xs ...string) (string, ScoreRange, string) {
	ds := make([]decimal.Decimal, len(xs))
	for i, x := range xs {
		ds[i] = Dec(x)
	}
	it, rate, _ := htGrowthItem("g", ds, "")
	r := ""
	if rate != nil {
		r = rate.String()
	}
	return it.Band, it.Points, r
}

func TestHTH10Growth(t *testing.T) {
	for _, tc := range []struct {
		xs       []string
		band     string
		pts      ScoreRange
		rate     string
		describe string
	}{
		{[]string{"10000000", "12000000", "15000000"}, "C", ScoreRange{5, 6}, "0.225", "H10 net assets 22.5%"},
		{[]string{"40000000", "50000000", "70000000"}, "B", ScoreRange{7, 8}, "0.325", "H10 sales 32.5%"},
		{[]string{"0", "5000000", "8000000"}, "A", ScoreRange{9, 10}, "0.6", "year-1 zero → years 2–3: 60%"},
		{[]string{"100", "135", "182.25"}, "A", ScoreRange{9, 10}, "0.35", "exactly 35.0% → A"},
		{[]string{"100", "125", "156.25"}, "B", ScoreRange{7, 8}, "0.25", "exactly 25% → B"},
		{[]string{"100", "115", "132.25"}, "C", ScoreRange{5, 6}, "0.15", "exactly 15% → C"},
		{[]string{"100", "105", "110.25"}, "D", ScoreRange{3, 4}, "0.05", "exactly 5% → D"},
		{[]string{"100", "100", "100.01"}, "E", ScoreRange{1, 2}, "0.00005", "just above 0 → E"},
		{[]string{"100", "100", "100"}, "F", ScoreRange{0, 0}, "0", "0.0% → F"},
		{[]string{"100", "90", "80"}, "F", ScoreRange{0, 0}, "-0.1055555556", "negative → 0"},
		{[]string{"100", "0", "80"}, "F", ScoreRange{0, 0}, "", "year-2 zero → 0"},
		{[]string{"100", "134.9", "182"}, "B", ScoreRange{7, 8}, "0.3490737583", "34.9…% → B"},
		{[]string{"40000000", "50000000"}, "B", ScoreRange{7, 8}, "0.25", "two years: X₂/X₁ − 1"},
		{[]string{"0", "50000000"}, "F", ScoreRange{0, 0}, "", "two years, year-1 zero"},
		{[]string{"50000000"}, "F", ScoreRange{0, 0}, "", "one year"},
	} {
		band, pts, rate := htGrowthOf(tc.xs...)
		if band != tc.band || pts != tc.pts || rate != tc.rate {
			t.Errorf("%s: got %s %+v %s, want %s %+v %s", tc.describe, band, pts, rate, tc.band, tc.pts, tc.rate)
		}
	}
	// Just below 35% (exact comparison, no rounding into A): ½(1.35 + 1.35 − ε) − 1.
	if band, _, _ := htGrowthOf("100", "135", "182.2499999999"); band != "B" {
		t.Errorf("just below 35%%: %s", band)
	}
	// H10 total: 12–14, shown with band letters and rates.
	r := ScreenHighTech(htH10Facts())
	s := HighTechScore(htH10Facts())
	if s.Growth != (ScoreRange{12, 14}) {
		t.Errorf("growth %+v", s.Growth)
	}
	v := htCond(t, r, "C7").Value
	if !strings.Contains(v, "企业成长性12–14分〔净资产增长率22.50% C 5–6分、销售收入增长率32.50% B 7–8分〕") {
		t.Errorf("C7 value %q", v)
	}
	// Year-1 zero records the [U] formula.
	f := htH10Facts()
	f.Years[0].NetAssets = htDecP("0")
	f.Years[1].NetAssets = htDecP("5000000")
	f.Years[2].NetAssets = htDecP("8000000")
	r = ScreenHighTech(f)
	if !slices.Contains(r.Assumptions, HTAssumeGrowthYear1Zero) {
		t.Errorf("assumptions %v", r.Assumptions)
	}
	if s := HighTechScore(f); s.NetAssetGrowth.String() != "0.6" || s.Growth != (ScoreRange{16, 18}) {
		t.Errorf("net asset growth %s, growth %+v", s.NetAssetGrowth, s.Growth)
	}
	// Net assets not given → that sub-score 0–10 and missing.
	f.Years[1].NetAssets = nil
	s = HighTechScore(f)
	if s.Growth != (ScoreRange{7, 18}) {
		t.Errorf("growth with unknown net assets %+v", s.Growth)
	}
	if it := s.Items[len(s.Items)-2]; it.Missing != "2024年末净资产" || it.Points != (ScoreRange{0, 10}) {
		t.Errorf("net-asset item %+v", it)
	}
}

// htH10Facts: H10 growth (net assets 10→12→15m, sales 40→50→70m) with the
// H11 mix of expert items.
func htH10Facts() HTFacts {
	f := htBase()
	f.Years = []HTYear{htY(2023, "40000000", "2000000"), htY(2024, "50000000", "2500000"), htY(2025, "70000000", "3500000")}
	for i, na := range []string{"10000000", "12000000", "15000000"} {
		f.Years[i].NetAssets = htDecP(na)
	}
	f.InnovationScore = &HTScoreFacts{
		IPAdvancement: "A", IPCoreSupport: "A", OwnRD: htBoolP(true), Standards: htBoolP(false), // IP 22–30
		ConversionsAvg: htDecP("4"), // B 19–24
		OrgBands:       nil,         // 0–20
	}
	return f
}

// ---- C7: total and the 70/71 edge (H11) ----

func TestHTH11Undetermined(t *testing.T) {
	f := htH10Facts()
	s := HighTechScore(f)
	if s.IP != (ScoreRange{22, 30}) || s.Conversion != (ScoreRange{19, 24}) || s.Org != (ScoreRange{0, 20}) || s.Growth != (ScoreRange{12, 14}) {
		t.Fatalf("parts %+v %+v %+v %+v", s.IP, s.Conversion, s.Org, s.Growth)
	}
	if s.Total != (ScoreRange{53, 88}) {
		t.Fatalf("total %+v, want 53–88", s.Total)
	}
	r := ScreenHighTech(f)
	c := htCond(t, r, "C7")
	htWant(t, c, "undetermined")
	if r.Verdict != Undetermined || *r.Score != (ScoreRange{53, 88}) {
		t.Errorf("verdict %s score %+v", r.Verdict, *r.Score)
	}
	htEq(t, "H11 value", c.Value, "53–88分（知识产权22–30分〔先进程度A 7–8分、核心支持A 7–8分、数量A 7–8分、获得方式A 1–6分、标准B 0分〕；科技成果转化能力B 19–24分（年均4项）；研究开发组织管理水平0–20分；企业成长性12–14分〔净资产增长率22.50% C 5–6分、销售收入增长率32.50% B 7–8分〕）")
	htEq(t, "H11 gap", c.Gap, "得分区间53–88分，取决于专家评分：须达到71分，比可确定的下限还差18分")
	if !slices.Equal(c.Missing, []string{"研究开发组织管理水平各项得分（专家评定）"}) {
		t.Errorf("missing %v", c.Missing)
	}
}

func TestHTScore70vs71(t *testing.T) {
	if p := HTScorePass(ScoreRange{70, 70}); p == nil || *p {
		t.Errorf("70 → %s, want fail", htPassStr(p))
	}
	if p := HTScorePass(ScoreRange{71, 71}); p == nil || !*p {
		t.Errorf("71 → %s, want pass", htPassStr(p))
	}
	if p := HTScorePass(ScoreRange{70, 71}); p != nil {
		t.Errorf("70–71 → %s, want undetermined", htPassStr(p))
	}
	// Through the facts: a low-scoring firm whose maximum is exactly 70 fails,
	// and exactly 71 at the maximum is undetermined.
	f := htBase()
	f.IPClassI, f.IPClassII = htIntP(0), htIntP(2)                                                                              // D 1–2
	f.InnovationScore = &HTScoreFacts{IPAdvancement: "D", IPCoreSupport: "D", OwnRD: htBoolP(false), Standards: htBoolP(false), // IP 4–9
		ConversionsAvg: htDecP("4"),                                    // 19–24
		OrgBands:       &[4]ScoreRange{{5, 5}, {5, 5}, {4, 4}, {3, 3}}} // 17
	f.Years = []HTYear{htY(2023, "10000000", "1000000"), htY(2024, "20000000", "2000000"), htY(2025, "40000000", "4000000")}
	for i, na := range []string{"10", "20", "40"} {
		f.Years[i].NetAssets = htDecP(na)
	} // growth A+A 18–20
	s := HighTechScore(f)
	if s.Total != (ScoreRange{58, 70}) {
		t.Fatalf("total %+v, want 58–70", s.Total)
	}
	c := htCond(t, ScreenHighTech(f), "C7")
	htWant(t, c, "fail")
	htEq(t, "70 gap", c.Gap, "最高可得70分，还需提高至少1分（达到71分）")
	f.InnovationScore.OrgBands[3] = ScoreRange{4, 4}
	htWant(t, htCond(t, ScreenHighTech(f), "C7"), "undetermined") // 59–71

	// A high-scoring firm whose minimum is exactly 71 passes; 70 is undetermined.
	f = htBase()                                                                // IP 23–30, conversion A 25–30, growth C+B 12–14 → 60–74 + org
	f.InnovationScore.OrgBands = &[4]ScoreRange{{5, 5}, {3, 3}, {2, 2}, {1, 1}} // 11
	if s := HighTechScore(f); s.Total != (ScoreRange{71, 85}) {
		t.Fatalf("total %+v, want 71–85", s.Total)
	}
	htWant(t, htCond(t, ScreenHighTech(f), "C7"), "pass")
	f.InnovationScore.OrgBands[3] = ScoreRange{0, 0}
	c = htCond(t, ScreenHighTech(f), "C7")
	htWant(t, c, "undetermined")
	htEq(t, "70 min gap", c.Gap, "得分区间70–84分，取决于专家评分：须达到71分，比可确定的下限还差1分")
	// Org ranges are clamped to the item maxima.
	f.InnovationScore.OrgBands = &[4]ScoreRange{{9, 9}, {-1, 7}, {4, 4}, {4, 4}}
	if s := HighTechScore(f); s.Org != (ScoreRange{14, 20}) {
		t.Errorf("clamped org %+v", s.Org)
	}
}

func TestHTIPItems(t *testing.T) {
	for _, tc := range []struct {
		c1, c2 *int
		band   string
		pts    ScoreRange
	}{
		{htIntP(1), htIntP(0), "A", ScoreRange{7, 8}},
		{htIntP(0), htIntP(5), "B", ScoreRange{5, 6}},
		{htIntP(0), htIntP(4), "C", ScoreRange{3, 4}},
		{htIntP(0), htIntP(3), "C", ScoreRange{3, 4}},
		{htIntP(0), htIntP(2), "D", ScoreRange{1, 2}},
		{htIntP(0), htIntP(1), "D", ScoreRange{1, 2}},
		{htIntP(0), htIntP(0), "E", ScoreRange{0, 0}},
		{nil, htIntP(3), "", ScoreRange{3, 8}},
		{htIntP(0), nil, "", ScoreRange{0, 6}},
		{nil, nil, "", ScoreRange{0, 8}},
	} {
		it := htQuantityItem(tc.c1, tc.c2)
		if it.Band != tc.band || it.Points != tc.pts {
			t.Errorf("quantity %v/%v: %s %+v, want %s %+v", tc.c1, tc.c2, it.Band, it.Points, tc.band, tc.pts)
		}
	}
	for band, want := range map[string]ScoreRange{"A": {7, 8}, "B": {5, 6}, "C": {3, 4}, "D": {1, 2}, "E": {0, 0}, "": {0, 8}, "X": {0, 8}} {
		if it := htBandItem("x", band, "m"); it.Points != want {
			t.Errorf("band %q: %+v", band, it.Points)
		}
	}
	// IP total capped at 30 (8+8+8+6+2 = 32).
	f := htBase()
	if s := HighTechScore(f); s.IP != (ScoreRange{23, 30}) {
		t.Errorf("IP %+v", s.IP)
	}
	// Acquisition: B 1–3; unknown 1–6 with IP, 0 without any IP.
	f.InnovationScore.OwnRD = htBoolP(false)
	if s := HighTechScore(f); s.Items[3].Points != (ScoreRange{1, 3}) || s.Items[3].Band != "B" {
		t.Errorf("acquisition B %+v", s.Items[3])
	}
	f.InnovationScore.OwnRD = nil
	if s := HighTechScore(f); s.Items[3].Points != (ScoreRange{1, 6}) {
		t.Errorf("acquisition unknown %+v", s.Items[3])
	}
	f.IPClassI, f.IPClassII = htIntP(0), htIntP(0)
	if s := HighTechScore(f); s.Items[3].Points != (ScoreRange{0, 0}) {
		t.Errorf("acquisition without IP %+v", s.Items[3])
	}
}

func TestHTConversionBands(t *testing.T) {
	for _, tc := range []struct {
		avg  string
		band string
		pts  ScoreRange
	}{
		{"7", "A", ScoreRange{25, 30}}, {"5", "A", ScoreRange{25, 30}}, {"4.99", "B", ScoreRange{19, 24}},
		{"4", "B", ScoreRange{19, 24}}, {"3", "C", ScoreRange{13, 18}}, {"2.6666666667", "D", ScoreRange{7, 12}},
		{"2", "D", ScoreRange{7, 12}}, {"1", "E", ScoreRange{1, 6}}, {"0", "F", ScoreRange{0, 0}},
	} {
		it, a := htConversionItem(htDecP(tc.avg))
		if it.Band != tc.band || it.Points != tc.pts || a != "" {
			t.Errorf("avg %s: %s %+v %q", tc.avg, it.Band, it.Points, a)
		}
	}
	it, a := htConversionItem(htDecP("0.6666666667"))
	if it.Points != (ScoreRange{0, 6}) || a != HTAssumeConversionFraction {
		t.Errorf("fractional avg: %+v %q", it.Points, a)
	}
	if it, _ := htConversionItem(nil); it.Points != (ScoreRange{0, 30}) || it.Missing == "" {
		t.Errorf("unknown avg: %+v", it)
	}
}

// ---- C2, missing facts ----

func TestHTC2(t *testing.T) {
	f := htBase()
	f.IPClassI, f.IPClassII = nil, htIntP(1)
	htWant(t, htCond(t, ScreenHighTech(f), "C2"), "pass")
	f.IPClassI, f.IPClassII = htIntP(0), htIntP(0)
	c := htCond(t, ScreenHighTech(f), "C2")
	htWant(t, c, "fail")
	htEq(t, "C2 value", c.Value, "Ⅰ类0项，Ⅱ类0项")
	htEq(t, "C2 gap", c.Gap, "需取得至少1项Ⅰ类或Ⅱ类知识产权（如发明专利、实用新型专利、外观设计专利或软件著作权）")
	f.IPClassI, f.IPClassII = htIntP(0), nil
	c = htCond(t, ScreenHighTech(f), "C2")
	htWant(t, c, "undetermined")
	if !slices.Equal(c.Missing, []string{"Ⅱ类知识产权数量"}) {
		t.Errorf("missing %v", c.Missing)
	}
}

func TestHTMissingEverything(t *testing.T) {
	r := ScreenHighTech(HTFacts{})
	if r.Verdict != Undetermined {
		t.Fatalf("verdict %s", r.Verdict)
	}
	for _, c := range r.Conditions {
		htWant(t, c, "undetermined")
		if len(c.Missing) == 0 {
			t.Errorf("%s: no missing facts", c.Code)
		}
	}
	want := []string{
		"注册成立日期", "申请日期", "Ⅰ类知识产权数量", "Ⅱ类知识产权数量",
		"核心技术是否属于《国家重点支持的高新技术领域》（专家判断）",
		"职工总数（全年各月月初、月末数或全年月平均数）", "科技人员数（全年各月月初、月末数或全年月平均数）",
		"近三个会计年度销售收入及研究开发费用",
		"近一年高新技术产品（服务）收入", "近一年收入总额",
		"知识产权技术先进程度档次（专家评定A–E）", "知识产权核心支持作用档次（专家评定A–E）",
		"Ⅰ类、Ⅱ类知识产权数量", "知识产权获得方式（是否有自主研发）",
		"是否参与编制国家或行业标准、检测方法、技术规范", "近三年科技成果转化年平均数（项）",
		"研究开发组织管理水平各项得分（专家评定）", "近三个会计年度年末净资产", "近三个会计年度销售收入",
		"申请前365天内是否发生重大安全、重大质量事故或严重环境违法行为",
	}
	if !slices.Equal(r.Missing, want) {
		t.Errorf("missing\n got %q\nwant %q", r.Missing, want)
	}
	if *r.Score != (ScoreRange{0, 100}) {
		t.Errorf("score %+v", *r.Score)
	}
}

func TestHTMissingOnlyWhenNeeded(t *testing.T) {
	// A score that fails on its maximum needs no more facts.
	f := htBase()
	f.InnovationScore = &HTScoreFacts{IPAdvancement: "E", IPCoreSupport: "E", OwnRD: htBoolP(false), Standards: htBoolP(false),
		ConversionsAvg: htDecP("0")}
	f.Years = []HTYear{htY(2023, "100", "10"), htY(2024, "100", "10"), htY(2025, "100", "10")} // growth 0; net assets missing
	f.IPClassI, f.IPClassII = htIntP(0), htIntP(1)
	c := htCond(t, ScreenHighTech(f), "C7")
	htWant(t, c, "fail") // max 0+0+2+3+0 + 0 + 20 + 10 = 35
	if len(c.Missing) != 0 {
		t.Errorf("missing %v", c.Missing)
	}
}

func TestHTPercentNeverRoundsUpToThreshold(t *testing.T) {
	for _, tc := range []struct{ num, den, thr, want string }{
		{"4999999", "100000000", "0.05", "4.999999%"},
		{"49995", "1000000", "0.05", "4.9995%"},
		{"49994", "1000000", "0.05", "4.999%"},
		{"49940", "1000000", "0.05", "4.99%"},
		{"5", "100", "0.05", "5.00%"},
		{"1", "3", "0.6", "33.33%"},
	} {
		thr := Dec(tc.thr)
		if got := htPct(htF(Dec(tc.num), Dec(tc.den)), &thr); got != tc.want {
			t.Errorf("htPct(%s/%s) = %q, want %q", tc.num, tc.den, got, tc.want)
		}
	}
}

func TestHTYuanUp(t *testing.T) {
	for _, tc := range []struct{ v, want string }{
		{"1500000", "150万元"}, {"1", "1元"}, {"0.04", "0.04元"}, {"0.001", "0.01元"},
		{"12345.001", "1.24万元"}, {"123456789", "1.24亿元"}, {"99999999", "1亿元"},
	} {
		if got := htYuanUp(Dec(tc.v)); got != tc.want {
			t.Errorf("htYuanUp(%s) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// ---- benchmark ----

func BenchmarkScreenHighTech(b *testing.B) {
	f := htH10Facts()
	f.StaffAvg, f.STStaffAvg = nil, nil
	for i := 0; i < 12; i++ {
		f.StaffMonthly = append(f.StaffMonthly, MonthHeads{Dec("98"), Dec("102")})
		f.STStaffMonthly = append(f.STStaffMonthly, MonthHeads{Dec("9"), Dec("11")})
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		_ = ScreenHighTech(f)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "assessments/s")
}
