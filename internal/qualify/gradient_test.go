package qualify

import (
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	grTOld = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC) // last day of 63号
	grTNew = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)  // first day of 2号
)

// grTSRDI is a firm that meets every 2026 专精特新 condition.
func grTSRDI() GradientFacts {
	return GradientFacts{AssessedOn: grTNew, TechInnovSME: grTB(true), NicheYears: grTI(3),
		Revenue: grTD("18000000"), Revenue2: grTD("16000000"), MainRevenue: grTD("16000000"),
		DebtRatio: grTD("0.6"), RD: grTD("1200000"), RD2: grTD("1000000"), ClassI: grTI(1),
		MarketRankHigh: grTB(true), PlatformScore: grTI(55)}
}

func TestSpecialised2026Passing(t *testing.T) {
	r := ScreenSpecialised(grTSRDI())
	if r.Verdict != Qualifies {
		t.Fatalf("%s %+v", r.Verdict, r.Conditions)
	}
	if !strings.Contains(r.RuleSet, "工信部企业〔2026〕2号") {
		t.Errorf("RuleSet %q", r.RuleSet)
	}
	c := grTCond(t, r, "2c")
	if !strings.HasPrefix(c.Assumption, "[S1]") || !slices.Contains(r.Assumptions, c.Assumption) {
		t.Errorf("debt-ratio cap must be noted [S1]: %q / %v", c.Assumption, r.Assumptions)
	}
	if got := grTCond(t, r, "2b").Value; got != "88.89%（1600万元/1800万元）" {
		t.Errorf("2b %q", got)
	}
}

func TestSpecialisedExampleZ1(t *testing.T) {
	f := grTSRDI()
	f.RD2 = grTD("900000")
	r := ScreenSpecialised(f)
	if r.Verdict != Fails {
		t.Fatalf("Z1: %s", r.Verdict)
	}
	c := grTCond(t, r, "3a")
	if grTPass(c) != "false" || c.Gap != "研发费用还需增加10万元（上上年度）" {
		t.Errorf("3a %s %q", grTPass(c), c.Gap)
	}
	if c.Value != "上一年度研发费用120万元；上上年度研发费用90万元" {
		t.Errorf("3a value %q", c.Value)
	}
	if v := grTCond(t, r, "3b").Value; !strings.Contains(v, "占营业收入6.67%") {
		t.Errorf("3b %q", v)
	}
	// Z1 as given (Revenue2 unknown etc.) still fails on the R&D amount.
	z := GradientFacts{AssessedOn: grTNew, Revenue: grTD("18000000"), MainRevenue: grTD("16000000"),
		DebtRatio: grTD("0.6"), RD: grTD("1200000"), RD2: grTD("900000")}
	if r := ScreenSpecialised(z); r.Verdict != Fails {
		t.Errorf("Z1 bare: %s", r.Verdict)
	}
}

func TestSpecialisedExampleZ2RevenueOrEquity(t *testing.T) {
	f := grTSRDI()
	f.Revenue, f.MainRevenue, f.Revenue2 = grTD("12000000"), grTD("11000000"), grTD("10000000")
	f.RD, f.RD2 = grTD("1000000"), grTD("1000000")
	f.NewEquity2y = grTD("25000000")
	r := ScreenSpecialised(f)
	c := grTCond(t, r, "2a")
	if grTPass(c) != "true" || c.Value != "营业收入1200万元，近2年新增股权融资2500万元" {
		t.Errorf("Z2: %s %q", grTPass(c), c.Value)
	}
	if r.Verdict != Qualifies {
		t.Errorf("Z2 verdict %s", r.Verdict)
	}
	f.NewEquity2y = nil
	c = grTCond(t, ScreenSpecialised(f), "2a")
	if grTPass(c) != "false" || c.Gap != "营业收入还需增加300万元（上一年度），或近2年新增股权融资还需增加2000万元" {
		t.Errorf("Z2 without equity: %s %q", grTPass(c), c.Gap)
	}
	f.Revenue = grTD("15000000") // exactly 15m
	if c := grTCond(t, ScreenSpecialised(f), "2a"); grTPass(c) != "true" {
		t.Errorf("15,000,000 exact: %s", grTPass(c))
	}
}

func TestSpecialisedExampleZ3AndRDEdges(t *testing.T) {
	f := grTSRDI()
	f.Revenue, f.MainRevenue, f.RD = grTD("40000000"), grTD("36000000"), grTD("1000000")
	r := ScreenSpecialised(f)
	c := grTCond(t, r, "3b")
	if r.Verdict != Fails || grTPass(c) != "false" {
		t.Fatalf("Z3: %s %s", r.Verdict, grTPass(c))
	}
	if c.Gap != "研发费用还需增加20万元（上一年度）" || !strings.Contains(c.Value, "占营业收入2.5%") {
		t.Errorf("Z3 gap %q value %q", c.Gap, c.Value)
	}
	if grTPass(grTCond(t, r, "3a")) != "true" {
		t.Errorf("1,000,000 exact must pass the amount test")
	}
	// 3% exact passes; 1,000,000 − 1 fails with a 1-yuan gap.
	f = grTSRDI()
	f.Revenue, f.MainRevenue, f.RD = grTD("40000000"), grTD("36000000"), grTD("1200000")
	if c := grTCond(t, ScreenSpecialised(f), "3b"); grTPass(c) != "true" {
		t.Errorf("3%% exact: %s %q", grTPass(c), c.Value)
	}
	f.RD = grTD("1199999")
	if c := grTCond(t, ScreenSpecialised(f), "3b"); grTPass(c) != "false" || c.Gap != "研发费用还需增加1元（上一年度）" ||
		!strings.Contains(c.Value, "占营业收入2.999997%") {
		t.Errorf("3%% − 1 yuan: %s %q %q", grTPass(c), c.Gap, c.Value)
	}
	f = grTSRDI()
	f.RD2 = grTD("999999")
	if c := grTCond(t, ScreenSpecialised(f), "3a"); grTPass(c) != "false" || c.Gap != "研发费用还需增加1元（上上年度）" {
		t.Errorf("999,999: %s %q", grTPass(c), c.Gap)
	}
}

func TestSpecialisedExampleZ4PlatformScore(t *testing.T) {
	f := grTSRDI()
	f.PlatformScore = grTI(49)
	r := ScreenSpecialised(f)
	c := grTCond(t, r, "6")
	if r.Verdict != Fails || c.Gap != "评价得分还差1分" {
		t.Errorf("Z4 49: %s %q", r.Verdict, c.Gap)
	}
	f.PlatformScore = grTI(50)
	if r := ScreenSpecialised(f); r.Verdict != Qualifies {
		t.Errorf("Z4 50: %s", r.Verdict)
	}
}

func TestSpecialised2026ManualAndWaivers(t *testing.T) {
	f := grTSRDI()
	f.MarketRankHigh = nil
	r := ScreenSpecialised(f)
	if r.Verdict != Undetermined || !slices.Equal(r.Missing, []string{"主导产品市场占有率排名是否靠前（MarketRankHigh，人工判断）"}) {
		t.Errorf("market rank manual: %s %v", r.Verdict, r.Missing)
	}
	f = grTSRDI()
	f.ClassI = grTI(0)
	if c := grTCond(t, ScreenSpecialised(f), "4"); grTPass(c) != "false" {
		t.Errorf("no Class I IP: %s", grTPass(c))
	}
	f.ProvincialAwardRank = 3
	if c := grTCond(t, ScreenSpecialised(f), "4"); grTPass(c) != "true" {
		t.Errorf("provincial award rank 3 waives IP: %s", grTPass(c))
	}
	f.ProvincialAwardRank = 4
	f.ProvincialRDInstitution = true
	if c := grTCond(t, ScreenSpecialised(f), "4"); grTPass(c) != "true" {
		t.Errorf("provincial R&D institution waives IP: %s", grTPass(c))
	}
	f = grTSRDI()
	f.MainRevenue = grTD("14399999") // 79.99999%
	c := grTCond(t, ScreenSpecialised(f), "2b")
	if grTPass(c) != "false" || c.Gap != "主营业务收入占比还需提高0.01个百分点" {
		t.Errorf("share just under 80%%: %s %q %q", grTPass(c), c.Gap, c.Value)
	}
	f.MainRevenue = grTD("14400000")
	if c := grTCond(t, ScreenSpecialised(f), "2b"); grTPass(c) != "true" {
		t.Errorf("80%% exact")
	}
	f.DebtRatio = grTD("0.8")
	if c := grTCond(t, ScreenSpecialised(f), "2c"); grTPass(c) != "true" {
		t.Errorf("debt 80%% exact")
	}
	f.DebtRatio = grTD("0.85")
	if c := grTCond(t, ScreenSpecialised(f), "2c"); grTPass(c) != "false" || c.Gap != "资产负债率还需降低5个百分点" {
		t.Errorf("debt 85%%: %q", c.Gap)
	}
	f = grTSRDI()
	f.NicheYears = grTI(2)
	if c := grTCond(t, ScreenSpecialised(f), "1b"); grTPass(c) != "false" || c.Gap != "从事细分市场年限还差1年" {
		t.Errorf("niche 2 years under 2026 rules: %q", c.Gap)
	}
}

func TestGradientRegimeBoundary(t *testing.T) {
	f := grTSRDI()
	f.NicheYears = grTI(2) // enough in 2022 (≥2), not in 2026 (≥3)
	f.AssessedOn = grTOld
	old := ScreenSpecialised(f)
	if !strings.Contains(old.RuleSet, "工信部企业〔2022〕63号") || grTPass(grTCond(t, old, "1")) != "true" {
		t.Errorf("2026-03-31: %q", old.RuleSet)
	}
	f.AssessedOn = grTNew
	nw := ScreenSpecialised(f)
	if !strings.Contains(nw.RuleSet, "工信部企业〔2026〕2号") || grTPass(grTCond(t, nw, "1b")) != "false" {
		t.Errorf("2026-04-01: %q", nw.RuleSet)
	}
	// The civil date decides, whatever the clock time or zone.
	f.AssessedOn = time.Date(2026, 3, 31, 23, 59, 59, 0, time.FixedZone("CST", 8*3600))
	if r := ScreenSpecialised(f); !strings.Contains(r.RuleSet, "63号") {
		t.Errorf("2026-03-31 23:59 CST: %q", r.RuleSet)
	}
	for _, fn := range []func(GradientFacts) Result{ScreenLittleGiant, ScreenInnovativeSME} {
		g := GradientFacts{AssessedOn: grTOld}
		a := fn(g)
		g.AssessedOn = grTNew
		b := fn(g)
		if !strings.Contains(a.RuleSet, "63号") || !strings.Contains(b.RuleSet, "2026〕2号") {
			t.Errorf("%s: %q / %q", a.Qualification, a.RuleSet, b.RuleSet)
		}
	}
	// No rule set before 2022-08-01 or without a date.
	for _, d := range []time.Time{{}, time.Date(2022, 7, 31, 0, 0, 0, 0, time.UTC)} {
		r := ScreenSpecialised(GradientFacts{AssessedOn: d})
		if r.Verdict != Undetermined || len(r.Conditions) != 1 {
			t.Errorf("%v: %s %+v", d, r.Verdict, r.Conditions)
		}
	}
	if r := ScreenSpecialised(GradientFacts{AssessedOn: time.Date(2022, 8, 1, 0, 0, 0, 0, time.UTC)}); !strings.Contains(r.RuleSet, "63号") {
		t.Errorf("2022-08-01: %q", r.RuleSet)
	}
	if r := ScreenLittleGiant(GradientFacts{}); !slices.Equal(r.Missing, []string{"评价日期（AssessedOn）"}) {
		t.Errorf("no date: %v", r.Missing)
	}
}

// grTGiant is a firm meeting every 2026 小巨人 condition.
func grTGiant() GradientFacts {
	return GradientFacts{AssessedOn: grTNew, SpecialisedTitle: grTB(true), NicheYears: grTI(5),
		Revenue: grTD("60000000"), Revenue2: grTD("55000000"), Revenue3: grTD("50000000"),
		MainRevenue: grTD("56000000"), DebtRatio: grTD("0.5"), RD: grTD("6000000"), RD2: grTD("6000000"),
		ClassI: grTI(5), ClassITransferred: grTI(1), NicheMarketShare: grTD("0.12"),
		LeadProductBasics: grTB(true), PlatformScore: grTI(70)}
}

func TestLittleGiantExampleZ5(t *testing.T) {
	z := GradientFacts{AssessedOn: grTNew, Revenue: grTD("60000000"), MainRevenue: grTD("56000000"),
		Revenue3: grTD("50000000"), RD: grTD("6000000"), RD2: grTD("5500000")}
	r := ScreenLittleGiant(z)
	if r.Verdict != Fails {
		t.Fatalf("Z5: %s", r.Verdict)
	}
	if got := grTCond(t, r, "2b").Value; got != "93.33%（5600万元/6000万元）" {
		t.Errorf("2b %q", got)
	}
	g := grTCond(t, r, "2c")
	if g.Value != "9.54%（5000万元→6000万元）" || grTPass(g) != "true" || !strings.HasPrefix(g.Assumption, "[U]") {
		t.Errorf("CAGR %q %s %q", g.Value, grTPass(g), g.Assumption)
	}
	if !slices.Contains(r.Assumptions, g.Assumption) {
		t.Errorf("CAGR assumption not in result: %v", r.Assumptions)
	}
	rd := grTCond(t, r, "3a")
	if grTPass(rd) != "false" || rd.Gap != "研发费用还需增加50万元（近2年合计）" || rd.Value != "1150万元（上一年度600万元＋上上年度550万元）" {
		t.Errorf("3a %s %q %q", grTPass(rd), rd.Gap, rd.Value)
	}
}

func TestLittleGiant2026Edges(t *testing.T) {
	r := ScreenLittleGiant(grTGiant())
	if r.Verdict != Qualifies {
		t.Fatalf("%s %+v", r.Verdict, r.Conditions)
	}
	f := grTGiant()
	f.RD, f.RD2 = grTD("6000000"), grTD("5999999")
	if c := grTCond(t, ScreenLittleGiant(f), "3a"); grTPass(c) != "false" || c.Gap != "研发费用还需增加1元（近2年合计）" || c.Value != "1199.9999万元（上一年度600万元＋上上年度600万元）" {
		t.Errorf("11,999,999: %s %q %q", grTPass(c), c.Gap, c.Value)
	}
	f.RD2 = grTD("6000000") // 12,000,000 exact
	if c := grTCond(t, ScreenLittleGiant(f), "3a"); grTPass(c) != "true" {
		t.Errorf("12,000,000 exact: %s", grTPass(c))
	}
	// CAGR exactly 5%: 50m × 1.1025 = 55.125m.
	f = grTGiant()
	f.Revenue, f.MainRevenue = grTD("55125000"), grTD("55000000")
	if c := grTCond(t, ScreenLittleGiant(f), "2c"); grTPass(c) != "true" || c.Value != "5%（5000万元→5512.5万元）" {
		t.Errorf("CAGR 5%% exact: %s %q", grTPass(c), c.Value)
	}
	f.Revenue = grTD("55124999")
	if c := grTCond(t, ScreenLittleGiant(f), "2c"); grTPass(c) != "false" || c.Gap != "营业收入还需增加1元（上一年度）" || !strings.HasPrefix(c.Value, "不足5%") {
		t.Errorf("CAGR just under 5%%: %s %q %q", grTPass(c), c.Gap, c.Value)
	}
	f.ReReview = true // not checked at re-review
	for _, c := range ScreenLittleGiant(f).Conditions {
		if c.Code == "2c" {
			t.Errorf("CAGR checked at re-review")
		}
	}
	// Re-review score: either of the last 2 years.
	f = grTGiant()
	f.ReReview, f.PlatformScore, f.PlatformScorePrev = true, grTI(55), grTI(60)
	if c := grTCond(t, ScreenLittleGiant(f), "7"); grTPass(c) != "true" {
		t.Errorf("re-review 55/60: %s", grTPass(c))
	}
	f.PlatformScorePrev = grTI(58)
	if c := grTCond(t, ScreenLittleGiant(f), "7"); grTPass(c) != "false" || c.Gap != "评价得分还差2分" {
		t.Errorf("re-review 55/58: %s %q", grTPass(c), c.Gap)
	}
	// Transferred-in IP does not count.
	f = grTGiant()
	f.ClassI, f.ClassITransferred = grTI(5), grTI(2)
	if c := grTCond(t, ScreenLittleGiant(f), "4"); grTPass(c) != "false" || c.Gap != "还需1项非受让的Ⅰ类知识产权" {
		t.Errorf("IP 5−2: %s %q", grTPass(c), c.Gap)
	}
	f.NationalAwardRank = 3
	if c := grTCond(t, ScreenLittleGiant(f), "4"); grTPass(c) != "true" {
		t.Errorf("national award waiver")
	}
	f = grTGiant()
	f.ClassITransferred = nil
	if r := ScreenLittleGiant(f); r.Verdict != Undetermined || !slices.Contains(r.Missing, "其中受让取得的Ⅰ类知识产权数（ClassITransferred）") {
		t.Errorf("transferred unknown: %s %v", r.Verdict, r.Missing)
	}
	// Market share: 10% exact, or international, or top 3.
	f = grTGiant()
	f.NicheMarketShare = grTD("0.10")
	if c := grTCond(t, ScreenLittleGiant(f), "5"); grTPass(c) != "true" {
		t.Errorf("10%% exact")
	}
	f.NicheMarketShare, f.IntlNicheMarketShare, f.MarketTop3China = grTD("0.08"), grTD("0.05"), grTB(false)
	if c := grTCond(t, ScreenLittleGiant(f), "5"); grTPass(c) != "false" || c.Gap != "国内细分市场占有率还需提高2个百分点，或进入国内前三" {
		t.Errorf("8%%: %s %q", grTPass(c), c.Gap)
	}
	f.IntlNicheMarketShare = nil
	if c := grTCond(t, ScreenLittleGiant(f), "5"); grTPass(c) != "nil" {
		t.Errorf("international unknown: %s", grTPass(c))
	}
	// Revenue 50m exact, main share 90% exact, debt 75% exact.
	f = grTGiant()
	f.Revenue, f.MainRevenue, f.DebtRatio, f.Revenue3 = grTD("50000000"), grTD("45000000"), grTD("0.75"), grTD("40000000")
	f.RD, f.RD2 = grTD("6000000"), grTD("6000000")
	if r := ScreenLittleGiant(f); r.Verdict != Qualifies {
		t.Errorf("50m / 90%% / 75%% exact: %s %+v", r.Verdict, r.Conditions)
	}
	f.Revenue = grTD("49999999")
	if c := grTCond(t, ScreenLittleGiant(f), "2a"); c.Gap != "营业收入还需增加1元（上一年度）" || c.Value != "4999.9999万元" {
		t.Errorf("49,999,999: %q %q", c.Gap, c.Value)
	}
}

// grTInnov is example Z6: IP self-developed Class Ⅰ 15; R&D 3.5% 15;
// growth 12% 15; debt 60% 5; strategic 10; main share 65% 15 → 75.
func grTInnov() GradientFacts {
	return GradientFacts{AssessedOn: grTOld, ClassI: grTI(2), ClassISelf: grTI(1), ClassIHighValue: grTI(0), ClassII: grTI(3),
		Revenue: grTD("10000000"), RD: grTD("350000"), MainRevenue: grTD("6500000"), MainRevenue2: grTD("5803571.428571428571428571"),
		DebtRatio: grTD("0.6"), LeadProductStrategic: grTB(true)}
}

func TestInnovativeExampleZ6(t *testing.T) {
	f := grTInnov()
	f.MainRevenue2 = grTD("5800000") // 12.07% → 15
	r := ScreenInnovativeSME(f)
	if r.Verdict != Qualifies || *r.Score != (ScoreRange{75, 75}) {
		t.Fatalf("Z6: %s %+v", r.Verdict, r.Score)
	}
	for code, want := range map[string]string{"CI": "30分", "CG": "20分", "CP": "25分",
		"T": "75分（创新能力30分＋成长性20分＋专业化25分）", "I1": "高价值Ⅰ类0项，自主研发Ⅰ类1项，得15分",
		"I2": "3.5%，得15分", "G2": "60%，得5分", "P1": "属于战略性新兴产业，得10分", "P2": "65%，得15分"} {
		if got := grTCond(t, r, code).Value; got != want {
			t.Errorf("%s: %q, want %q", code, got, want)
		}
	}
	if !strings.Contains(r.RuleSet, "63号") || len(r.Assumptions) != 0 {
		t.Errorf("%q %v", r.RuleSet, r.Assumptions)
	}
	// The 2026 regime applies the same standard, with the assumption noted.
	f.AssessedOn = grTNew
	r = ScreenInnovativeSME(f)
	if r.Verdict != Qualifies || !strings.Contains(r.RuleSet, "科技和创新型中小企业") || len(r.Assumptions) != 1 || !strings.HasPrefix(r.Assumptions[0], "[S1]") {
		t.Errorf("2026: %s %q %v", r.Verdict, r.RuleSet, r.Assumptions)
	}
}

func TestInnovativeExampleZ7(t *testing.T) {
	// Innovation 15 (no IP 0 + R&D 15), growth 30, specialisation 30 → 75 but fails.
	f := grTInnov()
	f.ClassI, f.ClassISelf, f.ClassIHighValue, f.ClassII = grTI(0), nil, nil, grTI(0)
	f.MainRevenue, f.MainRevenue2, f.DebtRatio = grTD("7000000"), grTD("6000000"), grTD("0.5")
	r := ScreenInnovativeSME(f)
	if r.Verdict != Fails || *r.Score != (ScoreRange{75, 75}) {
		t.Fatalf("Z7: %s %+v", r.Verdict, r.Score)
	}
	ci := grTCond(t, r, "CI")
	if ci.Value != "15分" || grTPass(ci) != "false" || ci.Gap != "创新能力得分还差5分" {
		t.Errorf("CI %q %s %q", ci.Value, grTPass(ci), ci.Gap)
	}
	if g := grTCond(t, r, "I2").Gap; g != "研发费用还需增加15万元（上一年度，占营业收入达到5%）可得20分" {
		t.Errorf("I2 gap %q", g)
	}
	if g := grTCond(t, r, "I1").Gap; g != "获得1项与主导产品相关的Ⅱ类知识产权可得5分，Ⅰ类可得10分" {
		t.Errorf("I1 gap %q", g)
	}
	if grTPass(grTCond(t, r, "T")) != "true" {
		t.Errorf("total 75 passes its own mark")
	}
}

func TestInnovativeBandEdges(t *testing.T) {
	score := func(mod func(*GradientFacts), code string) string {
		f := grTInnov()
		f.MainRevenue2 = grTD("5800000")
		mod(&f)
		return grTCond(t, ScreenInnovativeSME(f), code).Value
	}
	debt := map[string]string{"0.55": "55%，得10分", "0.5501": "55.01%，得5分", "0.7499": "74.99%，得5分", "0.75": "75%，得0分"}
	for d, want := range debt {
		if got := score(func(f *GradientFacts) { f.DebtRatio = grTD(d) }, "G2"); got != want {
			t.Errorf("debt %s: %q, want %q", d, got, want)
		}
	}
	share := map[string]string{"7000000": "70%，得20分", "6999999": "69.99999%，得15分", "6000000": "60%，得15分",
		"5999999": "59.99999%，得10分", "5500000": "55%，得10分", "5499999": "54.99999%，得5分", "5000000": "50%，得5分", "4999999": "49.99999%，得0分"}
	for m, want := range share {
		got := score(func(f *GradientFacts) { f.MainRevenue = grTD(m); f.MainRevenue2 = grTD(m) }, "P2")
		if got != want {
			t.Errorf("main share %s: %q, want %q", m, got, want)
		}
	}
	rd := map[string]string{"500000": "5%，得20分", "499999": "4.99999%，得15分", "300000": "3%，得15分", "299999": "2.99999%，得10分",
		"200000": "2%，得10分", "100000": "1%，得5分", "99999": "0.99999%，得0分"}
	for v, want := range rd {
		if got := score(func(f *GradientFacts) { f.RD = grTD(v) }, "I2"); got != want {
			t.Errorf("R&D %s: %q, want %q", v, got, want)
		}
	}
	growth := map[string]string{"6900000": "15%（600万元→690万元），得20分", "6600000": "10%（600万元→660万元），得15分",
		"6300000": "5%（600万元→630万元），得10分", "6000000": "0%（600万元→600万元），得5分", "5999999": "-0.000016%（600万元→600万元），得0分"}
	for v, want := range growth {
		if got := score(func(f *GradientFacts) { f.MainRevenue = grTD(v); f.MainRevenue2 = grTD("6000000") }, "G1"); got != want {
			t.Errorf("growth %s: %q, want %q", v, got, want)
		}
	}
	ip := []struct {
		hv, self, i, ii int
		want            string
	}{{1, 1, 1, 0, "高价值Ⅰ类1项，得20分"}, {0, 1, 1, 0, "高价值Ⅰ类0项，自主研发Ⅰ类1项，得15分"},
		{0, 0, 1, 0, "高价值Ⅰ类0项，自主研发Ⅰ类0项，Ⅰ类1项，得10分"}, {0, 0, 0, 1, "高价值Ⅰ类0项，自主研发Ⅰ类0项，Ⅰ类0项，Ⅱ类1项，得5分"},
		{0, 0, 0, 0, "高价值Ⅰ类0项，自主研发Ⅰ类0项，Ⅰ类0项，Ⅱ类0项，得0分"}}
	for _, c := range ip {
		got := score(func(f *GradientFacts) {
			f.ClassIHighValue, f.ClassISelf, f.ClassI, f.ClassII = grTI(c.hv), grTI(c.self), grTI(c.i), grTI(c.ii)
		}, "I1")
		if got != c.want {
			t.Errorf("IP %+v: %q", c, got)
		}
	}
	if got := score(func(f *GradientFacts) { f.LeadProductStrategic = grTB(false) }, "P1"); got != "其他领域，得5分" {
		t.Errorf("field other: %q", got)
	}
}

func TestInnovativeDirectAndMissing(t *testing.T) {
	for _, f := range []GradientFacts{{ValidHTE: true}, {ProvincialAwardRank: 7}, {NationalAwardRank: 1}, {TechInnovDemo: true},
		{IPAdvantage: true}, {IPDemo: true}, {ProvincialRDInstitution: true}, {NewEquity3y: grTD("5000000")}} {
		f.AssessedOn = grTOld
		r := ScreenInnovativeSME(f)
		if r.Verdict != Qualifies || r.Score != nil || len(r.Conditions) != 1 {
			t.Errorf("direct %+v: %s", f, r.Verdict)
		}
	}
	if r := ScreenInnovativeSME(GradientFacts{AssessedOn: grTOld, NewEquity3y: grTD("4999999")}); r.Verdict != Undetermined {
		t.Errorf("equity 4,999,999 is no direct pass: %s", r.Verdict)
	}
	// Debt ratio not given: growth 15 + 0..10 ≥ 15 and total ≥ 60 → still qualifies.
	f := grTInnov()
	f.MainRevenue2, f.DebtRatio = grTD("5800000"), nil
	r := ScreenInnovativeSME(f)
	if r.Verdict != Qualifies || *r.Score != (ScoreRange{70, 80}) || len(r.Missing) != 0 {
		t.Errorf("debt unknown: %s %+v %v", r.Verdict, r.Score, r.Missing)
	}
	// R&D not given: innovation 15 + 0..20 → undetermined, with the facts listed once.
	f = grTInnov()
	f.MainRevenue2, f.RD = grTD("5800000"), nil
	r = ScreenInnovativeSME(f)
	if r.Verdict != Undetermined || !slices.Equal(r.Missing, []string{"上一年度研发费用（RD）"}) {
		t.Errorf("R&D unknown: %s %v", r.Verdict, r.Missing)
	}
	// Class Ⅰ known but its sub-kinds unknown → 10..20.
	f = grTInnov()
	f.MainRevenue2, f.ClassISelf, f.ClassIHighValue = grTD("5800000"), nil, nil
	if c := grTCond(t, ScreenInnovativeSME(f), "I1"); c.Value != "Ⅰ类2项，得10–20分（不影响结论）" || grTPass(c) != "true" {
		t.Errorf("I1 sub-kinds unknown: %q %s", c.Value, grTPass(c))
	}
}

// grTSRDI22 is a 2022 专精特新 firm with every scored fact given.
func grTSRDI22() GradientFacts {
	p := func(n int) *int { return &n }
	return GradientFacts{AssessedOn: grTOld, NicheYears: grTI(6), Revenue: grTD("30000000"),
		MainRevenue: grTD("27000000"), MainRevenue2: grTD("24000000"), MainRevenue3: grTD("20000000"),
		RD: grTD("1500000"), LeadProductFillsGap: grTB(false), LeadProductBasics: grTB(true),
		DigitalLevel: grTI(2), QualityItems: grTI(1),
		Points2022: SRDI2022Points{NetMargin: p(6), DebtRatio: p(3), Local: p(10), IPCount: p(6), RDStaff: p(3), RDInstitution: p(4)}}
}

func TestSpecialised2022Score(t *testing.T) {
	// Z1 5 (90%) + Z2 10 (12.5%, 20% → 16.25%) + Z3 3 + Z4 3 + J1 3 + J2 3 + J3 6 + J4 3 + T1 10 + X1 6 + X2 2 (5%: 4? see below) + X3 3 + X4 4.
	r := ScreenSpecialised(grTSRDI22())
	x2 := grTCond(t, r, "X2")
	if x2.Value != "研发费用150万元得2分，占营业收入5%得4分；取4分" {
		t.Errorf("X2 %q", x2.Value)
	}
	want := 5 + 10 + 3 + 3 + 3 + 3 + 6 + 3 + 10 + 6 + 4 + 3 + 4
	if r.Verdict != Qualifies || *r.Score != (ScoreRange{want, want}) {
		t.Fatalf("2022 score: %s %+v want %d", r.Verdict, r.Score, want)
	}
	if v := grTCond(t, r, "Z2").Value; v != "16.25%（12.5%、20%的平均），得10分" {
		t.Errorf("Z2 %q", v)
	}
	// Without the official points for the unknown-band items the total is a range.
	f := grTSRDI22()
	f.Points2022 = SRDI2022Points{}
	r = ScreenSpecialised(f)
	known := 5 + 10 + 3 + 3 + 3 + 3 + 4
	if r.Verdict != Undetermined || *r.Score != (ScoreRange{known, known + 55}) {
		t.Errorf("ranges: %s %+v", r.Verdict, r.Score)
	}
	if len(r.Missing) != 6 || !strings.HasPrefix(r.Assumptions[0], "[U]") {
		t.Errorf("missing %v assumptions %v", r.Missing, r.Assumptions)
	}
	// Low known points: even the maximum cannot reach 60 → fails.
	f.MainRevenue, f.MainRevenue2, f.MainRevenue3 = grTD("15000000"), grTD("16000000"), grTD("17000000") // 50%, negative growth
	f.NicheYears, f.LeadProductBasics, f.DigitalLevel, f.QualityItems = grTI(2), grTB(false), grTI(1), grTI(0)
	f.RD = grTD("1000000") // 2 points either way; known items total 3, at most 58
	r = ScreenSpecialised(f)
	c := grTCond(t, r, "4")
	if r.Verdict != Fails || *r.Score != (ScoreRange{3, 58}) || c.Gap != "评价得分还差2分（按各项最高可能得分计），且无直通条件" {
		t.Errorf("low: %s %+v %q", r.Verdict, r.Score, c.Gap)
	}
	// Direct conditions.
	for _, mod := range []func(*GradientFacts){
		func(g *GradientFacts) { g.ProvincialAwardRank = 3 },
		func(g *GradientFacts) { g.NationalAwardRank = 5 },
		func(g *GradientFacts) { g.RD, g.RD2, g.Revenue = grTD("10000000"), grTD("10000000"), grTD("300000000") },
		func(g *GradientFacts) { g.NewEquity2y = grTD("60000000") },
		func(g *GradientFacts) { g.MakerChinaRank = 500 },
	} {
		g := f
		mod(&g)
		r := ScreenSpecialised(g)
		if r.Verdict != Qualifies || r.Score != nil {
			t.Errorf("direct: %s %v", r.Verdict, grTCond(t, r, "4").Value)
		}
	}
	g := f
	g.NationalAwardRank, g.MakerChinaRank = 6, 501
	if r := ScreenSpecialised(g); r.Verdict != Fails {
		t.Errorf("rank 6 / 501 is no direct condition: %s", r.Verdict)
	}
}

func TestSpecialised2022Conditions(t *testing.T) {
	f := grTSRDI22()
	f.RD = grTD("999999")
	r := ScreenSpecialised(f)
	if c := grTCond(t, r, "2a"); grTPass(c) != "false" || c.Gap != "研发费用还需增加1元（上一年度）" {
		t.Errorf("2022 R&D 999,999: %q", c.Gap)
	}
	f.RD, f.Revenue = grTD("1000000"), grTD("33333334") // 2.99999994%
	r = ScreenSpecialised(f)
	if grTPass(grTCond(t, r, "2a")) != "true" || grTPass(grTCond(t, r, "2b")) != "false" {
		t.Errorf("1,000,000 exact passes, ratio under 3%% fails")
	}
	f.Revenue = grTD("33333333.33")
	if grTPass(grTCond(t, ScreenSpecialised(f), "2b")) != "true" {
		t.Errorf("3%% (to the fen)")
	}
	f = grTSRDI22()
	f.Revenue, f.MainRevenue, f.RD = grTD("9999999"), grTD("9000000"), grTD("1000000")
	if c := grTCond(t, ScreenSpecialised(f), "3"); grTPass(c) != "false" || c.Gap != "营业收入还需增加1元（上一年度），或近2年新增股权融资还需增加2000万元" {
		t.Errorf("2022 revenue: %q", c.Gap)
	}
}

// grTGiant22 meets every 2022 小巨人 condition.
func grTGiant22() GradientFacts {
	return GradientFacts{AssessedOn: grTOld, NicheYears: grTI(3), Revenue: grTD("120000000"), Revenue2: grTD("100000000"),
		MainRevenue: grTD("90000000"), MainRevenue2: grTD("85000000"), MainRevenue3: grTD("80000000"),
		DebtRatio: grTD("0.7"), NicheMarketShare: grTD("0.1"), OwnBrand: grTB(true), RD: grTD("3600000"), RD2: grTD("3000000"),
		HasRDInstitution: grTB(true), ClassI: grTI(2)}
}

func TestLittleGiant2022(t *testing.T) {
	r := ScreenLittleGiant(grTGiant22())
	if r.Verdict != Qualifies {
		t.Fatalf("%s %+v", r.Verdict, r.Conditions)
	}
	if v := grTCond(t, r, "7").Value; !strings.HasPrefix(v, "营业收入≥1亿元档（≥3%）") {
		t.Errorf("band %q", v)
	}
	f := grTGiant22()
	f.Revenue, f.RD = grTD("100000000"), grTD("2999999") // 1亿 exactly → ≥1亿 band
	if c := grTCond(t, ScreenLittleGiant(f), "7"); grTPass(c) != "false" || c.Gap != "研发费用还需增加1元（上一年度）" {
		t.Errorf("1亿 band: %q", c.Gap)
	}
	f = grTGiant22()
	f.Revenue, f.RD, f.RD2, f.MainRevenue = grTD("99999999"), grTD("5999999"), grTD("6000000"), grTD("90000000")
	if c := grTCond(t, ScreenLittleGiant(f), "7"); grTPass(c) != "false" || !strings.HasPrefix(c.Value, "营业收入5000万–1亿元档（≥6%）") {
		t.Errorf("5000万–1亿 band: %s %q", grTPass(c), c.Value)
	}
	f = grTGiant22()
	f.Revenue, f.MainRevenue, f.RD, f.RD2 = grTD("40000000"), grTD("36000000"), grTD("15000000"), grTD("14000000")
	f.NewEquity2y, f.RDStaffShare = grTD("80000000"), grTD("0.5")
	c := grTCond(t, ScreenLittleGiant(f), "7")
	if grTPass(c) != "false" || c.Gap != "研发费用还需增加100万元（近2年合计）" {
		t.Errorf("<5000万 band: %s %q", grTPass(c), c.Gap)
	}
	f.MakerChinaRank = 50
	if c := grTCond(t, ScreenLittleGiant(f), "7"); grTPass(c) != "true" || !strings.HasPrefix(c.Assumption, "[U]") {
		t.Errorf("创客中国 top 50 direct")
	}
	f = grTGiant22()
	f.MainRevenue3 = grTD("85000000") // growth 0% and 5.88% → 2.94%
	c = grTCond(t, ScreenLittleGiant(f), "3")
	if grTPass(c) != "false" || c.Gap != "近2年主营业务收入平均增长率还需提高2.06个百分点" {
		t.Errorf("avg growth: %q %q", c.Value, c.Gap)
	}
	f = grTGiant22()
	f.DebtRatio, f.ClassI, f.NicheMarketShare = grTD("0.7001"), grTI(1), grTD("0.0999")
	r = ScreenLittleGiant(f)
	if grTPass(grTCond(t, r, "4")) != "false" || grTCond(t, r, "9").Gap != "还需1项与主导产品相关并实际应用的Ⅰ类知识产权" ||
		grTCond(t, r, "5").Gap != "国内细分市场占有率还需提高0.01个百分点" {
		t.Errorf("2022 edges: %+v", r.Conditions)
	}
}

// A negative last-year revenue (an impossible fact CheckFacts reports) does
// not crash the 2026 小巨人 growth condition: it is undetermined, with what
// is missing. The CAGR shown is computed exactly: √(60.5/50) − 1 = 10% (a float square root gives 0.10000000000000009).
func TestGiantCAGRNegativeAndExact(t *testing.T) {
	f := grTGiant()
	neg := Dec("-1")
	f.Revenue = &neg
	c := grTCond(t, ScreenLittleGiant(f), "2c")
	if c.Pass != nil || c.Value != "上一年度营业收入为负，无法计算" || len(c.Missing) != 1 {
		t.Errorf("negative revenue: %+v", c)
	}
	f = grTGiant()
	r3, r1 := Dec("50000000"), Dec("60500000")
	f.Revenue3, f.Revenue = &r3, &r1
	c = grTCond(t, ScreenLittleGiant(f), "2c")
	if c.Value != "10%（5000万元→6050万元）" || grTPass(c) != "true" {
		t.Errorf("exact CAGR: %q %s", c.Value, grTPass(c))
	}
}
