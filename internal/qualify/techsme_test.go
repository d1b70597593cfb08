package qualify

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// Test helpers (prefixed grT: the package is shared with other rule sets).
func grTI(n int) *int                { return &n }
func grTB(b bool) *bool              { return &b }
func grTD(s string) *decimal.Decimal { v := Dec(s); return &v }
func grTCond(t *testing.T, r Result, code string) Condition {
	t.Helper()
	for _, c := range r.Conditions {
		if c.Code == code {
			return c
		}
	}
	t.Fatalf("%s: no condition %q in %+v", r.Qualification, code, r.Conditions)
	return Condition{}
}

func grTPass(c Condition) string {
	if c.Pass == nil {
		return "nil"
	}
	if *c.Pass {
		return "true"
	}
	return "false"
}

// grTT1 is example T1 of policy-rules §2.6 (eligible on Art. 6 (一)–(四)).
func grTT1() SMEFacts {
	return SMEFacts{Resident: grTB(true), NotRestricted: grTB(true), CleanRecord: grTB(true),
		Staff: grTI(120), STStaff: grTI(30), Sales: grTD("20000000"), TotalAssets: grTD("30000000"),
		RD: grTD("900000"), TotalCosts: grTD("15000000"), ClassI: grTI(0), ClassII: grTI(2)}
}

func TestTechSMEExampleT1(t *testing.T) {
	r := ScreenTechSME(grTT1())
	if r.Verdict != Fails || r.Score == nil || *r.Score != (ScoreRange{58, 58}) {
		t.Fatalf("T1: %s %+v, want fails 58", r.Verdict, r.Score)
	}
	if r.RuleSet != "科技型中小企业评价（国科发政〔2017〕115号）" {
		t.Errorf("RuleSet %q", r.RuleSet)
	}
	st := grTCond(t, r, "S1")
	if st.Value != "25%（30/120人），得16分" || grTPass(st) != "true" {
		t.Errorf("S1 %q %s", st.Value, grTPass(st))
	}
	rd := grTCond(t, r, "S2")
	if rd.Value != "研发费用90万元，占销售收入4.5%得30分，占成本费用支出总额6%得0分；取30分" {
		t.Errorf("S2 value %q", rd.Value)
	}
	if !strings.HasPrefix(rd.Gap, "研发费用还需增加10万元（占销售收入达到5%）可得40分") {
		t.Errorf("S2 gap %q", rd.Gap)
	}
	ip := grTCond(t, r, "S3")
	if ip.Value != "Ⅰ类0项，Ⅱ类2项，得12分" {
		t.Errorf("S3 %q", ip.Value)
	}
	tot := grTCond(t, r, "S")
	if tot.Gap != "综合评分还差2分" || tot.Source != "国科发政〔2017〕115号 第六条（五）" {
		t.Errorf("S gap %q source %q", tot.Gap, tot.Source)
	}
	if got := grTCond(t, r, "E2").Source; got != "国科发政〔2017〕115号 第六条（二）" {
		t.Errorf("E2 source %q", got)
	}

	f := grTT1()
	f.ClassI = grTI(1) // one invention patent
	r = ScreenTechSME(f)
	if r.Verdict != Qualifies || *r.Score != (ScoreRange{76, 76}) {
		t.Fatalf("T1 with invention: %s %+v, want qualifies 76", r.Verdict, r.Score)
	}
	if len(r.Missing) != 0 || len(r.Assumptions) != 0 {
		t.Errorf("missing %v assumptions %v", r.Missing, r.Assumptions)
	}
}

func TestTechSMEExampleT2StaffScoreZero(t *testing.T) {
	// 19 of 200 = 9.5% → 0; R&D 50 + IP 30 = 80 but still fails.
	f := grTT1()
	f.Staff, f.STStaff = grTI(200), grTI(19)
	f.RD, f.ClassI = grTD("1200000"), grTI(1)
	r := ScreenTechSME(f)
	if r.Verdict != Fails || *r.Score != (ScoreRange{80, 80}) {
		t.Fatalf("T2: %s %+v", r.Verdict, r.Score)
	}
	st := grTCond(t, r, "S1")
	if grTPass(st) != "false" || st.Value != "9.5%（19/200人），得0分" {
		t.Errorf("S1 %s %q", grTPass(st), st.Value)
	}
	if st.Gap != "科技人员还需增加1人（职工总数200人不变，占比达到10%）" {
		t.Errorf("S1 gap %q", st.Gap)
	}
	if grTPass(grTCond(t, r, "S")) != "true" {
		t.Errorf("total 80 should pass the mark")
	}
}

func TestTechSMEExampleT3Boundaries(t *testing.T) {
	// S&T staff exactly 30% → 20; R&D/sales exactly 6% → 50.
	f := grTT1()
	f.STStaff = grTI(36)
	f.RD = grTD("1200000")
	r := ScreenTechSME(f)
	if v := grTCond(t, r, "S1").Value; v != "30%（36/120人），得20分" {
		t.Errorf("S1 %q", v)
	}
	if v := grTCond(t, r, "S2").Value; !strings.Contains(v, "占销售收入6%得50分") {
		t.Errorf("S2 %q", v)
	}
	// R&D/cost exactly 10% → 10 (sales measure worse: 1.5m / 100m = 1.5% → 0).
	f = grTT1()
	f.Sales, f.RD, f.TotalCosts = grTD("100000000"), grTD("1500000"), grTD("15000000")
	r = ScreenTechSME(f)
	if v := grTCond(t, r, "S2").Value; v != "研发费用150万元，占销售收入1.5%得0分，占成本费用支出总额10%得10分；取10分" {
		t.Errorf("S2 cost %q", v)
	}

	size := []struct {
		staff   int
		sales   string
		assets  string
		code    string
		pass    string
		gap     string
		printed string
	}{
		{500, "20000000", "30000000", "E2", "true", "", "500人"},
		{501, "20000000", "30000000", "E2", "false", "职工总数超过上限1人", "501人"},
		{120, "200000000", "30000000", "E3", "true", "", "2亿元"},
		{120, "200000001", "30000000", "E3", "false", "年销售收入超过上限1元", "2.00000001亿元"},
		{120, "20000000", "200000000", "E4", "true", "", "2亿元"},
		{120, "20000000", "200000001", "E4", "false", "资产总额超过上限1元", "2.00000001亿元"},
		{120, "20000000", "250000000", "E4", "false", "资产总额超过上限5000万元", "2.5亿元"},
	}
	for _, s := range size {
		f := grTT1()
		f.Staff, f.Sales, f.TotalAssets, f.ClassI = grTI(s.staff), grTD(s.sales), grTD(s.assets), grTI(1)
		f.ValidHTE = true // verdict then depends on Art. 6 alone
		r := ScreenTechSME(f)
		c := grTCond(t, r, s.code)
		if grTPass(c) != s.pass || c.Gap != s.gap || c.Value != s.printed {
			t.Errorf("%+v: %s pass %s gap %q value %q", s, s.code, grTPass(c), c.Gap, c.Value)
		}
		want := Qualifies
		if s.pass == "false" {
			want = Fails
		}
		if r.Verdict != want {
			t.Errorf("%+v: verdict %s", s, r.Verdict)
		}
	}
}

func TestTechSMEBandEdges(t *testing.T) {
	staff := []struct{ st, pts int }{{30, 20}, {29, 16}, {25, 16}, {24, 12}, {20, 12}, {19, 8}, {15, 8}, {14, 4}, {10, 4}, {9, 0}, {0, 0}}
	for _, c := range staff {
		f := grTT1()
		f.Staff, f.STStaff = grTI(100), grTI(c.st)
		r := ScreenTechSME(f)
		// R&D 30 + IP 12 fixed.
		if want := c.pts + 42; r.Score.Min != want {
			t.Errorf("S&T staff %d/100: score %d, want %d", c.st, r.Score.Min, want)
		}
	}
	sales := []struct {
		rd  string
		pts int
	}{{"1200000", 50}, {"1199999", 40}, {"1000000", 40}, {"999999", 30}, {"800000", 30}, {"799999", 20}, {"600000", 20}, {"599999", 10}, {"400000", 10}, {"399999", 0}}
	for _, c := range sales {
		f := grTT1()
		f.TotalCosts = grTD("100000000") // cost measure ≤ 1.2% → 0
		f.RD = grTD(c.rd)
		r := ScreenTechSME(f)
		if want := 16 + c.pts + 12; r.Score.Min != want {
			t.Errorf("R&D %s / sales 20m: %d, want %d", c.rd, r.Score.Min, want)
		}
	}
	costs := []struct {
		rd  string
		pts int
	}{{"3000000", 50}, {"2999999", 40}, {"2500000", 40}, {"2499999", 30}, {"2000000", 30}, {"1999999", 20}, {"1500000", 20}, {"1499999", 10}, {"1000000", 10}, {"999999", 0}}
	for _, c := range costs {
		f := grTT1()
		f.Sales, f.TotalCosts = grTD("200000000"), grTD("10000000") // sales measure ≤ 1.5% → 0
		f.RD = grTD(c.rd)
		r := ScreenTechSME(f)
		if want := 16 + c.pts + 12; r.Score.Min != want {
			t.Errorf("R&D %s / costs 10m: %d, want %d", c.rd, r.Score.Min, want)
		}
	}
	ip := []struct {
		i, ii, pts int
	}{{1, 0, 30}, {0, 4, 24}, {0, 9, 24}, {0, 3, 18}, {0, 2, 12}, {0, 1, 6}, {0, 0, 0}}
	for _, c := range ip {
		f := grTT1()
		f.ClassI, f.ClassII = grTI(c.i), grTI(c.ii)
		if r := ScreenTechSME(f); r.Score.Min != 46+c.pts {
			t.Errorf("IP %d/%d: %d, want %d", c.i, c.ii, r.Score.Min, 46+c.pts)
		}
	}
	// 60 exactly passes: staff 16 + R&D 20 + IP 24 = 60.
	f := grTT1()
	f.RD, f.ClassII = grTD("600000"), grTI(4)
	if r := ScreenTechSME(f); r.Verdict != Qualifies || r.Score.Min != 60 {
		t.Errorf("60 exactly: %s %+v", r.Verdict, r.Score)
	}
	f.RD = grTD("599999")
	if r := ScreenTechSME(f); r.Verdict != Fails || r.Score.Min != 50 {
		t.Errorf("50: %s %+v", r.Verdict, r.Score)
	}
}

func TestTechSMEExampleT4Direct(t *testing.T) {
	f := SMEFacts{Resident: grTB(true), NotRestricted: grTB(true), CleanRecord: grTB(true),
		Staff: grTI(80), Sales: grTD("50000000"), TotalAssets: grTD("60000000"), ValidHTE: true}
	r := ScreenTechSME(f)
	if r.Verdict != Qualifies || r.Score != nil {
		t.Fatalf("T4: %s score %+v, want qualifies without score", r.Verdict, r.Score)
	}
	d := grTCond(t, r, "D")
	if d.Source != "国科发政〔2017〕115号 第八条" || d.Value != "持有有效期内的高新技术企业资格证书" {
		t.Errorf("D %+v", d)
	}
	for _, c := range r.Conditions {
		if strings.HasPrefix(c.Code, "S") {
			t.Errorf("score condition %s present in a direct qualification", c.Code)
		}
	}
	// Art. 6 items must still hold: 501 staff fails even with an HTE certificate.
	f.Staff = grTI(501)
	if r := ScreenTechSME(f); r.Verdict != Fails {
		t.Errorf("HTE with 501 staff: %s", r.Verdict)
	}
	// Art. 6 (四) not given → undetermined.
	f.Staff, f.CleanRecord = grTI(80), nil
	r = ScreenTechSME(f)
	if r.Verdict != Undetermined || !slices.Equal(r.Missing, []string{"无重大事故及严重违法失信记录（CleanRecord）"}) {
		t.Errorf("missing item 4: %s %v", r.Verdict, r.Missing)
	}
	// Other direct routes.
	for _, g := range []SMEFacts{{NationalAwardTop3: true}, {ProvincialRDInstitution: true}, {LedStandard: true}} {
		g.Resident, g.NotRestricted, g.CleanRecord = grTB(true), grTB(true), grTB(true)
		g.Staff, g.Sales, g.TotalAssets = grTI(10), grTD("1"), grTD("1")
		if r := ScreenTechSME(g); r.Verdict != Qualifies || r.Score != nil {
			t.Errorf("%+v: %s", g, r.Verdict)
		}
	}
}

func TestTechSMEMissingFacts(t *testing.T) {
	r := ScreenTechSME(SMEFacts{})
	if r.Verdict != Undetermined {
		t.Fatalf("empty facts: %s", r.Verdict)
	}
	for _, m := range []string{"境内注册居民企业（Resident）", "职工总数（Staff）", "年销售收入（Sales）", "资产总额（TotalAssets）",
		"科技人员数（STStaff）", "研究开发费用（RD）", "Ⅰ类知识产权数（ClassI）", "Ⅱ类知识产权数（ClassII）"} {
		if !slices.Contains(r.Missing, m) {
			t.Errorf("Missing lacks %q: %v", m, r.Missing)
		}
	}
	if *r.Score != (ScoreRange{0, 100}) {
		t.Errorf("score %+v", r.Score)
	}
	// Only IP missing, but staff 20 + R&D 50 = 70 already passes: qualifies.
	f := grTT1()
	f.STStaff, f.RD, f.ClassI, f.ClassII = grTI(36), grTD("1200000"), nil, nil
	r = ScreenTechSME(f)
	if r.Verdict != Qualifies || *r.Score != (ScoreRange{70, 100}) || len(r.Missing) != 0 {
		t.Errorf("IP not given but total ≥ 70: %s %+v %v", r.Verdict, r.Score, r.Missing)
	}
	// IP missing and the total could go either way: undetermined, IP facts listed.
	f = grTT1()
	f.ClassI, f.ClassII = nil, nil
	r = ScreenTechSME(f)
	if r.Verdict != Undetermined || *r.Score != (ScoreRange{46, 76}) {
		t.Errorf("IP not given: %s %+v", r.Verdict, r.Score)
	}
	if !slices.Contains(grTCond(t, r, "S").Missing, "Ⅰ类知识产权数（ClassI）") {
		t.Errorf("total Missing %v", grTCond(t, r, "S").Missing)
	}
	// Costs not given: the sales measure is a floor, the cost measure may do better.
	f = grTT1()
	f.TotalCosts = nil
	r = ScreenTechSME(f)
	if *r.Score != (ScoreRange{58, 78}) || r.Verdict != Undetermined {
		t.Errorf("costs not given: %s %+v", r.Verdict, r.Score)
	}
}
