package qualify

import (
	"fmt"
	"math"
	"strings"

	"github.com/shopspring/decimal"
)

// 专精特新“小巨人”企业: 2026 rules (工信部企业〔2026〕2号 Annex 2, policy-rules
// §3.4 [S1]) and 2022 rules (工信部企业〔2022〕63号, §3.4 second list [S2]).

const (
	grLG26        = grDoc2026 + " 附件2《专精特新“小巨人”企业认定标准》"
	grLG22        = grDoc2022 + " 附件《专精特新“小巨人”企业认定标准》"
	grLGRuleSet26 = "专精特新“小巨人”企业认定（" + grDoc2026 + "附件2，2026-04-01起施行）"
	grLGRuleSet22 = "专精特新“小巨人”企业认定（" + grDoc2022 + "，2022-08-01至2026-03-31）"
	grLGS1        = "[S1] 2026年“小巨人”认定条件仅有一个二手数据集来源（policy-rules §3.4），未见2号文附件2原文"
	grLGCagrU     = "[U] 2年复合增长率的基期按“上一年度前第二年”（评价年份前第三年）计：CAGR=√(上一年度营业收入÷该年营业收入)−1（policy-rules §3.4、Z5）"
	grLGTop3U     = "ClassI按企业在权利人中排名前三的Ⅰ类知识产权计；受让取得的（ClassITransferred）不计"
	grLG22BandU   = "[U] 研发投入按上一年度营业收入分档（≥1亿元；5000万–1亿元；<5000万元），5000万元、1亿元归入较高一档（G2）"
	grLG22DirectU = "[U] 创新直通条件（近三年国家级科技奖励前三，或“创客中国”全国50强）视同满足研发费用及研发人员要求，不免除研发机构和Ⅰ类知识产权要求；奖励级别按国家级计"
)

var (
	grM50     = grD("50000000")
	grM80     = grD("80000000")
	grM100    = grD("100000000")
	grM12     = grD("12000000")
	grM30     = grD("30000000")
	grPct5    = grD("0.05")
	grPct6    = grD("0.06")
	grPct10   = grD("0.10")
	grPct50   = grD("0.50")
	grPct70   = grD("0.70")
	grPct90   = grD("0.90")
	grCagrSq  = grD("1.1025") // 1.05²
	grDebt70  = grD("0.70")
	grDebt75L = grD("0.75")
)

func grGiant2026(f GradientFacts) Result {
	r := Result{Qualification: LittleGiant, RuleSet: grLGRuleSet26, Assumptions: []string{grLGS1}}
	y1, y2 := grYearNames(f.AssessedOn)
	src := func(n string) string { return grLG26 + " 第" + n + "项（policy-rules §3.4）" }

	var cs []Condition
	cs = append(cs, grBoolCond("1a", "有效的专精特新中小企业称号", f.SpecialisedTitle,
		"持有有效期内的专精特新中小企业称号", src("1"), "是否持有有效的专精特新中小企业称号（SpecialisedTitle）"))
	cs = append(cs, grMinYears("1b", f.NicheYears, 3, src("1")))
	cs = append(cs, grMinYuan("2a", "上年度营业收入", f.Revenue, grM50, "营业收入", y1, src("2"), "上一年度营业收入（Revenue）"))
	cs = append(cs, grShareMin("2b", f.MainRevenue, f.Revenue, grPct90, src("2")))
	if !f.ReReview {
		cs = append(cs, grCAGR("2c", f, y1, src("2")))
	}
	cs = append(cs, grDebtMax("2d", f.DebtRatio, grDebt75L, src("2")))

	// 3: total R&D of 2 years ≥ 12,000,000, and ≥ 3% of revenue each year.
	c3a := Condition{Code: "3a", Name: "近2年研发费用总额", Threshold: "≥" + grYuan(grM12), Source: src("3")}
	okA := grNeedDec(&c3a, f.RD, "上一年度研发费用（RD）")
	okB := grNeedDec(&c3a, f.RD2, "上上年度研发费用（RD2）")
	if okA && okB {
		sum := f.RD.Add(*f.RD2)
		c3a.Value = fmt.Sprintf("%s（%s%s＋%s%s）", grYuanVs(sum, grM12), y1, grYuan(*f.RD), y2, grYuan(*f.RD2))
		c3a.Pass = pass(sum.GreaterThanOrEqual(grM12))
		if sum.LessThan(grM12) {
			c3a.Gap = "研发费用还需增加" + grYuanGap(grM12.Sub(sum)) + "（近2年合计）"
		}
	}
	c3b := Condition{Code: "3b", Name: "研发费用占营业收入比重（近2年每年）", Threshold: "近2年每年≥3%", Source: src("3")}
	grRDJoin(&c3b, []*grRDYear{
		{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
		{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
	}, decimal.Zero, grPct3)
	cs = append(cs, c3a, c3b)

	// 4: ≥ 4 Class Ⅰ IP, own (not transferred), top-3 rights holder.
	c4 := Condition{Code: "4", Name: "与主导产品相关的Ⅰ类知识产权（非受让，权利人前三）",
		Threshold: "≥4项且实际应用；近三年获国家级科技奖励（前三）的除外", Source: src("4"), Assumption: grLGTop3U}
	if f.NationalAwardRank >= 1 && f.NationalAwardRank <= 3 {
		c4.Value, c4.Pass = fmt.Sprintf("免：近三年获国家级科技奖励（获奖单位第%d）", f.NationalAwardRank), pass(true)
	} else if grNeedInt(&c4, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）") {
		switch {
		case f.ClassITransferred != nil:
			n := *f.ClassI - *f.ClassITransferred
			c4.Value = fmt.Sprintf("%d项（Ⅰ类%d项，其中受让%d项不计）", n, *f.ClassI, *f.ClassITransferred)
			c4.Pass = pass(n >= 4)
			if n < 4 {
				c4.Gap = fmt.Sprintf("还需%d项非受让的Ⅰ类知识产权", 4-n)
			}
		case *f.ClassI < 4:
			c4.Value = fmt.Sprintf("Ⅰ类%d项", *f.ClassI)
			c4.Pass = pass(false)
			c4.Gap = fmt.Sprintf("还需%d项非受让的Ⅰ类知识产权", 4-*f.ClassI)
		default:
			c4.Value = fmt.Sprintf("Ⅰ类%d项（受让数量未提供）", *f.ClassI)
			c4.Missing = append(c4.Missing, "其中受让取得的Ⅰ类知识产权数（ClassITransferred）")
		}
	}
	cs = append(cs, c4)

	// 5: market share ≥ 10% (domestic or international niche) or top 3 in China.
	c5 := Condition{Code: "5", Name: "主导产品细分市场占有率", Threshold: "国内或国际细分市场占有率≥10%，或国内排名前三", Source: src("5")}
	var ps []*bool
	var vals []string
	for _, m := range []struct {
		v    *decimal.Decimal
		name string
		fact string
	}{{f.NicheMarketShare, "国内细分市场占有率", "国内细分市场占有率（NicheMarketShare）"},
		{f.IntlNicheMarketShare, "国际细分市场占有率", "国际细分市场占有率（IntlNicheMarketShare）"}} {
		if m.v == nil {
			ps = append(ps, nil)
			c5.Missing = append(c5.Missing, m.fact)
			continue
		}
		ps = append(ps, pass(m.v.GreaterThanOrEqual(grPct10)))
		vals = append(vals, m.name+grPctVs(*m.v, grPct10))
	}
	if f.MarketTop3China == nil {
		ps = append(ps, nil)
		c5.Missing = append(c5.Missing, "国内细分市场排名是否前三（MarketTop3China）")
	} else {
		ps = append(ps, pass(*f.MarketTop3China))
		vals = append(vals, map[bool]string{true: "国内排名前三", false: "国内排名非前三"}[*f.MarketTop3China])
	}
	c5.Value = strings.Join(vals, "，")
	c5.Pass = grOr(ps...)
	if c5.Pass != nil {
		c5.Missing = nil
		if !*c5.Pass && f.NicheMarketShare != nil {
			c5.Gap = "国内细分市场占有率还需提高" + grPoints(grPct10.Sub(*f.NicheMarketShare)) + "，或进入国内前三"
		}
	}
	cs = append(cs, c5)

	cs = append(cs, grBoolCond("6", "主导产品属于工业“六基”或产业链关键环节", f.LeadProductBasics,
		"主导产品属于工业“六基”领域或产业链关键环节", src("6"), "主导产品是否属于工业“六基”或产业链关键环节（LeadProductBasics）"))

	if f.ReReview {
		c7 := Condition{Code: "7", Name: "专精特新发展评价得分（复核：近2年任一年）", Threshold: "近2年任一年≥60分", Source: src("7")}
		var sp []*bool
		var sv []string
		for _, s := range []struct {
			v    *int
			name string
			fact string
		}{{f.PlatformScore, "本年", "专精特新发展评价得分（PlatformScore）"}, {f.PlatformScorePrev, "上年", "上年专精特新发展评价得分（PlatformScorePrev）"}} {
			if s.v == nil {
				sp = append(sp, nil)
				c7.Missing = append(c7.Missing, s.fact)
				continue
			}
			sp = append(sp, pass(*s.v >= 60))
			sv = append(sv, fmt.Sprintf("%s%d分", s.name, *s.v))
		}
		c7.Value = strings.Join(sv, "，")
		c7.Pass = grOr(sp...)
		if c7.Pass != nil {
			c7.Missing = nil
			if !*c7.Pass {
				c7.Gap = fmt.Sprintf("评价得分还差%d分", 60-max(*f.PlatformScore, *f.PlatformScorePrev))
			}
		}
		cs = append(cs, c7)
	} else {
		cs = append(cs, grScoreCond("7", "专精特新发展评价得分", f.PlatformScore, 60, src("7"), "专精特新发展评价得分（PlatformScore，平台计算）"))
	}
	r.Conditions = cs
	return grFinish(&r)
}

// grCAGR: 2-year compound growth of operating revenue ≥ 5%, from Y-3 to
// Y-1 ([U] base year). Compared exactly: Revenue ≥ 1.1025 × Revenue3.
func grCAGR(code string, f GradientFacts, y1, src string) Condition {
	c := Condition{Code: code, Name: "近2年营业收入复合增长率", Threshold: "≥5%（复核不考核）", Source: src, Assumption: grLGCagrU}
	ok1 := grNeedDec(&c, f.Revenue, "上一年度营业收入（Revenue）")
	ok3 := grNeedDec(&c, f.Revenue3, "上一年度前第二年营业收入（Revenue3，复合增长率基期）")
	if !ok1 || !ok3 {
		return c
	}
	if !f.Revenue3.IsPositive() {
		c.Value = "基期营业收入不为正，无法计算"
		c.Missing = append(c.Missing, "为正的基期营业收入（Revenue3）")
		return c
	}
	q, _ := f.Revenue.DivRound(*f.Revenue3, 16).Float64()
	g := decimal.NewFromFloat(math.Sqrt(q) - 1)
	need := f.Revenue3.Mul(grCagrSq)
	ok := f.Revenue.GreaterThanOrEqual(need)
	shown := grPct(g)
	if !ok && g.Round(4).GreaterThanOrEqual(grPct5) {
		shown = "不足5%（" + g.Truncate(8).Shift(2).String() + "%）"
	}
	c.Value = fmt.Sprintf("%s（%s→%s）", shown, grYuan(*f.Revenue3), grYuan(*f.Revenue))
	c.Pass = pass(ok)
	if !ok {
		c.Gap = fmt.Sprintf("营业收入还需增加%s（%s）", grYuanGap(need.Sub(*f.Revenue)), y1)
	}
	return c
}

func grGiant2022(f GradientFacts) Result {
	r := Result{Qualification: LittleGiant, RuleSet: grLGRuleSet22}
	y1, y2 := grYearNames(f.AssessedOn)
	src := grLG22 + "（policy-rules §3.4 2022年规则）"

	var cs []Condition
	cs = append(cs, grMinYears("1", f.NicheYears, 3, src))
	cs = append(cs, grShareMin("2", f.MainRevenue, f.Revenue, grPct70, src))
	g := Condition{Code: "3", Name: "近2年主营业务收入平均增长率", Threshold: "≥5%", Source: src}
	if avg, ok := grAvgGrowth(&g, f); ok {
		g.Pass = pass(avg.GreaterThanOrEqual(grPct5))
		g.Value = grPctVs(avg, grPct5) + strings.TrimPrefix(g.Value, grPct(avg))
		if avg.LessThan(grPct5) {
			g.Gap = "近2年主营业务收入平均增长率还需提高" + grPoints(grPct5.Sub(avg))
		}
	}
	cs = append(cs, g)
	cs = append(cs, grDebtMax("4", f.DebtRatio, grDebt70, src))
	ms := Condition{Code: "5", Name: "主导产品国内细分市场占有率", Threshold: "≥10%", Source: src}
	if grNeedDec(&ms, f.NicheMarketShare, "国内细分市场占有率（NicheMarketShare）") {
		ms.Value = grPctVs(*f.NicheMarketShare, grPct10)
		ms.Pass = pass(f.NicheMarketShare.GreaterThanOrEqual(grPct10))
		if !*ms.Pass {
			ms.Gap = "国内细分市场占有率还需提高" + grPoints(grPct10.Sub(*f.NicheMarketShare))
		}
	}
	cs = append(cs, ms)
	cs = append(cs, grBoolCond("6", "自有品牌", f.OwnBrand, "拥有自主品牌", src, "是否拥有自主品牌（OwnBrand）"))
	cs = append(cs, grLG22RD(f, y1, y2, src))
	cs = append(cs, grBoolCond("8", "研发机构", f.HasRDInstitution, "自建或与高校、科研机构联合建立研发机构",
		src, "是否建有研发机构（HasRDInstitution）"))
	ip := Condition{Code: "9", Name: "与主导产品相关的Ⅰ类知识产权", Threshold: "≥2项且实际应用", Source: src}
	if grNeedInt(&ip, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）") {
		ip.Value = fmt.Sprintf("%d项", *f.ClassI)
		ip.Pass = pass(*f.ClassI >= 2)
		if *f.ClassI < 2 {
			ip.Gap = fmt.Sprintf("还需%d项与主导产品相关并实际应用的Ⅰ类知识产权", 2-*f.ClassI)
		}
	}
	cs = append(cs, ip)
	r.Conditions = cs
	return grFinish(&r)
}

// grLG22RD is the 2022 R&D condition by revenue band, or an innovation
// direct condition.
func grLG22RD(f GradientFacts, y1, y2, src string) Condition {
	c := Condition{Code: "7", Name: "研发投入（按营业收入分档）",
		Threshold: "上年度营业收入≥1亿元：近2年研发费用占比均≥3%；5000万–1亿元：均≥6%；<5000万元：近2年新增股权融资≥8000万元、研发费用总额≥3000万元且研发人员占比≥50%；或满足创新直通条件",
		Source:    src, Assumption: grLG22BandU}
	var direct []string
	if f.NationalAwardRank >= 1 && f.NationalAwardRank <= 3 {
		direct = append(direct, "近三年获国家级科技奖励（前三）")
	}
	if f.MakerChinaRank >= 1 && f.MakerChinaRank <= 50 {
		direct = append(direct, "近三年“创客中国”全国50强")
	}
	if len(direct) > 0 {
		c.Value, c.Pass, c.Assumption = "直通："+strings.Join(direct, "；"), pass(true), grLG22DirectU
		return c
	}
	if !grNeedDec(&c, f.Revenue, "上一年度营业收入（Revenue）") {
		return c
	}
	years := []*grRDYear{
		{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
		{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
	}
	switch {
	case f.Revenue.GreaterThanOrEqual(grM100):
		grRDJoin(&c, years, decimal.Zero, grPct3)
		c.Value = "营业收入≥1亿元档（≥3%）：" + c.Value
	case f.Revenue.GreaterThanOrEqual(grM50):
		grRDJoin(&c, years, decimal.Zero, grPct6)
		c.Value = "营业收入5000万–1亿元档（≥6%）：" + c.Value
	default:
		var ps []*bool
		var vals, gaps []string
		eq := decimal.Zero
		if f.NewEquity2y != nil {
			eq = *f.NewEquity2y
		}
		ps = append(ps, pass(eq.GreaterThanOrEqual(grM80)))
		vals = append(vals, "近2年新增股权融资"+grYuanVs(eq, grM80))
		if eq.LessThan(grM80) {
			gaps = append(gaps, "近2年新增股权融资还需增加"+grYuanGap(grM80.Sub(eq)))
		}
		okA := grNeedDec(&c, f.RD, "上一年度研发费用（RD）")
		okB := grNeedDec(&c, f.RD2, "上上年度研发费用（RD2）")
		if okA && okB {
			sum := f.RD.Add(*f.RD2)
			ps = append(ps, pass(sum.GreaterThanOrEqual(grM30)))
			vals = append(vals, "近2年研发费用总额"+grYuanVs(sum, grM30))
			if sum.LessThan(grM30) {
				gaps = append(gaps, "研发费用还需增加"+grYuanGap(grM30.Sub(sum))+"（近2年合计）")
			}
		} else {
			ps = append(ps, nil)
		}
		if grNeedDec(&c, f.RDStaffShare, "研发人员占职工总数比重（RDStaffShare）") {
			ps = append(ps, pass(f.RDStaffShare.GreaterThanOrEqual(grPct50)))
			vals = append(vals, "研发人员占比"+grPctVs(*f.RDStaffShare, grPct50))
			if f.RDStaffShare.LessThan(grPct50) {
				gaps = append(gaps, "研发人员占比还需提高"+grPoints(grPct50.Sub(*f.RDStaffShare)))
			}
		} else {
			ps = append(ps, nil)
		}
		c.Pass = grAnd(ps...)
		c.Value = "营业收入<5000万元档：" + strings.Join(vals, "，")
		c.Gap = strings.Join(gaps, "；")
		if c.Pass != nil {
			c.Missing = nil
		}
	}
	return c
}
