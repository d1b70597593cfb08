package qualify

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// 专精特新中小企业: 2026 rules (工信部企业〔2026〕2号, policy-rules §3.3 [S2])
// and 2022 rules (工信部企业〔2022〕63号, §3.3 "Historical" [S2]).

const (
	grSR26        = grDoc2026 + " 附件《专精特新中小企业认定标准》"
	grSR22        = grDoc2022 + " 附件《专精特新中小企业认定标准》"
	grSRRuleSet26 = "专精特新中小企业认定（" + grDoc2026 + "，2026-04-01起施行）"
	grSRRuleSet22 = "专精特新中小企业认定（" + grDoc2022 + "，2022-08-01至2026-03-31）"
	grSRDebtS1    = "[S1] 资产负债率≤80%仅见于一个二手数据集（policy-rules §3.3第2项、§7第2项），未见2号文原文"
	grSRAvgU      = "[U] 近2年主营业务收入平均增长率按两年增长率的算术平均计：[(上一年度/上上年度−1)+(上上年度/上一年度前一年−1)]÷2"
	grSRUnknownU  = "[U] 2022年专精特新评分中净利润率、资产负债率、知识产权数量、研发人员占比、研发机构级别的档次及省定特色化指标未查到（policy-rules §3.3、§7第4项）：未输入官方得分（Points2022）时按[0,满分]区间计"
	grSRRDYearU   = "[U] 研发投入评分按上一年度研发费用（金额或占营业收入比重择优）计"
)

var (
	grM1     = grD("1000000")
	grM10    = grD("10000000")
	grM15    = grD("15000000")
	grM20    = grD("20000000")
	grM60    = grD("60000000")
	grPct3   = grD("0.03")
	grPct80  = grD("0.80")
	grSR22Sh = grBands("0.80:5 0.70:3 0.60:1 -:0")
	grSR22Gr = grBands("0.10:10 0.08:8 0.06:6 0.04:4 0:2 -:0")
	grSR22RA = grBands("5000000:10 4000000:8 3000000:6 2000000:4 1000000:2 -:0")
	grSR22RR = grBands("0.10:10 0.08:8 0.06:6 0.04:4 0.03:2 -:0")
)

func grSRDI2026(f GradientFacts) Result {
	r := Result{Qualification: Specialised, RuleSet: grSRRuleSet26}
	y1, y2 := grYearNames(f.AssessedOn)
	src := func(n string) string { return grSR26 + " 第" + n + "项（policy-rules §3.3）" }

	c1 := grBoolCond("1a", "有效的科技和创新型中小企业称号", f.TechInnovSME,
		"持有有效期内的科技和创新型（创新型）中小企业称号", src("1"), "是否持有有效的科技和创新型中小企业称号（TechInnovSME）")
	c1b := grMinYears("1b", f.NicheYears, 3, src("1"))
	c2 := grRevOrEquity("2a", f, grM15, grM20, y1, src("2"))
	c2b := grShareMin("2b", f.MainRevenue, f.Revenue, grPct80, src("2"))
	c2c := grDebtMax("2c", f.DebtRatio, grPct80, src("2"))
	c2c.Assumption = grSRDebtS1
	c3a, c3b := grRDTwoYears("3", f, grM1, grPct3, y1, y2, src("3"))

	c4 := Condition{Code: "4", Name: "与主导产品相关的Ⅰ类知识产权",
		Threshold: "≥1项且实际应用并产生经济效益；近三年获省部级以上科技奖励（前三）或有省部级以上研发机构的除外",
		Source:    src("4")}
	var waiver []string
	if (f.NationalAwardRank >= 1 && f.NationalAwardRank <= 3) || (f.ProvincialAwardRank >= 1 && f.ProvincialAwardRank <= 3) {
		waiver = append(waiver, "近三年获省部级以上科技奖励（获奖单位前三）")
	}
	if f.ProvincialRDInstitution {
		waiver = append(waiver, "拥有省部级以上研发机构")
	}
	switch {
	case len(waiver) > 0:
		c4.Value, c4.Pass = "免："+strings.Join(waiver, "；"), pass(true)
	case grNeedInt(&c4, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）"):
		c4.Value = fmt.Sprintf("%d项", *f.ClassI)
		c4.Pass = pass(*f.ClassI >= 1)
		if *f.ClassI < 1 {
			c4.Gap = "还需1项与主导产品相关并实际应用的Ⅰ类知识产权"
		}
	}

	c5 := Condition{Code: "5", Name: "主导产品细分市场占有率排名", Threshold: "在细分市场中排名靠前（无量化标准，人工判断）", Source: src("5")}
	if grNeedBool(&c5, f.MarketRankHigh, "主导产品市场占有率排名是否靠前（MarketRankHigh，人工判断）") {
		c5.Pass = pass(*f.MarketRankHigh)
		c5.Value = map[bool]string{true: "经判断排名靠前", false: "经判断排名不靠前"}[*f.MarketRankHigh]
	}
	c6 := grScoreCond("6", "专精特新发展评价得分", f.PlatformScore, 50,
		src("6")+"；得分由培育平台按工信厅企业〔2024〕75号计算", "专精特新发展评价得分（PlatformScore，平台计算）")

	r.Conditions = []Condition{c1, c1b, c2, c2b, c2c, c3a, c3b, c4, c5, c6}
	return grFinish(&r)
}

// grRevOrEquity: Y-1 revenue ≥ minRev, or new equity over 2 years ≥ minEq
// (nil equity = none claimed).
func grRevOrEquity(code string, f GradientFacts, minRev, minEq decimal.Decimal, y1, src string) Condition {
	c := Condition{Code: code, Name: "营业收入或新增股权融资",
		Threshold: "上年度营业收入≥" + grYuan(minRev) + "，或近2年新增股权融资（合格机构投资者实缴）≥" + grYuan(minEq),
		Source:    src}
	var revP *bool
	var parts []string
	if f.Revenue != nil {
		revP = pass(f.Revenue.GreaterThanOrEqual(minRev))
		parts = append(parts, "营业收入"+grYuanVs(*f.Revenue, minRev))
	}
	eqP := pass(false)
	if f.NewEquity2y != nil {
		eqP = pass(f.NewEquity2y.GreaterThanOrEqual(minEq))
		parts = append(parts, "近2年新增股权融资"+grYuanVs(*f.NewEquity2y, minEq))
	}
	c.Value = strings.Join(parts, "，")
	c.Pass = grOr(revP, eqP)
	if c.Pass == nil {
		c.Missing = append(c.Missing, "上一年度营业收入（Revenue）")
	}
	if c.Pass != nil && !*c.Pass {
		g := fmt.Sprintf("营业收入还需增加%s（%s）", grYuanGap(minRev.Sub(*f.Revenue)), y1)
		eq := decimal.Zero
		if f.NewEquity2y != nil {
			eq = *f.NewEquity2y
		}
		c.Gap = g + "，或近2年新增股权融资还需增加" + grYuanGap(minEq.Sub(eq))
	}
	return c
}

// grRDTwoYears: R&D ≥ minAmt in each of Y-1 and Y-2 (condition code+"a"),
// and R&D / revenue ≥ minRatio in each year (code+"b").
func grRDTwoYears(code string, f GradientFacts, minAmt, minRatio decimal.Decimal, y1, y2, src string) (Condition, Condition) {
	ca := Condition{Code: code + "a", Name: "研发费用（近2年每年）", Threshold: "近2年每年≥" + grYuan(minAmt), Source: src}
	cb := Condition{Code: code + "b", Name: "研发费用占营业收入比重（近2年每年）", Threshold: "近2年每年≥" + grPct(minRatio), Source: src}
	years := func() []*grRDYear {
		return []*grRDYear{
			{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
			{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
		}
	}
	grRDJoin(&ca, years(), minAmt, decimal.Zero)
	grRDJoin(&cb, years(), decimal.Zero, minRatio)
	return ca, cb
}

// grRDJoin judges each year on c and joins values and gaps.
func grRDJoin(c *Condition, ys []*grRDYear, minAmt, minRatio decimal.Decimal) {
	var ps []*bool
	var vals, gaps []string
	for _, y := range ys {
		y.judge(c, minAmt, minRatio)
		ps = append(ps, y.pass)
		vals = append(vals, y.value)
		if y.gap != "" {
			gaps = append(gaps, y.gap)
		}
	}
	c.Value = strings.Join(vals, "；")
	c.Pass = grAnd(ps...)
	c.Gap = strings.Join(gaps, "；")
	if c.Pass != nil {
		c.Missing = nil // decided: a failing year settles it
	}
}

// grAvgGrowth is the 2-year average main-business growth (arithmetic mean
// of the two annual growth rates, [U]).
func grAvgGrowth(c *Condition, f GradientFacts) (decimal.Decimal, bool) {
	ok1 := grNeedDec(c, f.MainRevenue, "上一年度主营业务收入（MainRevenue）")
	ok2 := grNeedDec(c, f.MainRevenue2, "上上年度主营业务收入（MainRevenue2）")
	ok3 := grNeedDec(c, f.MainRevenue3, "上一年度前第二年主营业务收入（MainRevenue3）")
	if !ok1 || !ok2 || !ok3 {
		return decimal.Zero, false
	}
	if !f.MainRevenue2.IsPositive() || !f.MainRevenue3.IsPositive() {
		c.Value = "基期主营业务收入不为正，增长率无法计算"
		c.Missing = append(c.Missing, "可计算的主营业务收入增长率（基期主营业务收入为0或负）")
		return decimal.Zero, false
	}
	one := decimal.NewFromInt(1)
	g1 := f.MainRevenue.DivRound(*f.MainRevenue2, 16).Sub(one)
	g2 := f.MainRevenue2.DivRound(*f.MainRevenue3, 16).Sub(one)
	avg := g1.Add(g2).DivRound(decimal.NewFromInt(2), 16)
	c.Value = fmt.Sprintf("%s（%s、%s的平均）", grPct(avg), grPct(g1), grPct(g2))
	c.Assumption = grSRAvgU
	return avg, true
}

func grSRDI2022(f GradientFacts) Result {
	r := Result{Qualification: Specialised, RuleSet: grSRRuleSet22}
	y1, _ := grYearNames(f.AssessedOn)
	src := grSR22 + "（policy-rules §3.3 2022年规则）"

	k1 := grMinYears("1", f.NicheYears, 2, src)
	k2a := grMinYuan("2a", "上年度研发费用", f.RD, grM1, "研发费用", y1, src, "上一年度研发费用（RD）")
	k2b := Condition{Code: "2b", Name: "上年度研发费用占营业收入比重", Threshold: "≥3%", Source: src}
	y := &grRDYear{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"}
	grRDJoin(&k2b, []*grRDYear{y}, decimal.Zero, grPct3)
	k3 := grRevOrEquity("3", f, grM10, grM20, y1, src)

	// Condition 4: score ≥ 60 or a direct condition.
	var direct []string
	if (f.ProvincialAwardRank >= 1 && f.ProvincialAwardRank <= 3) || (f.NationalAwardRank >= 1 && f.NationalAwardRank <= 5) {
		direct = append(direct, "近三年获省级科技奖励（前三）或国家级科技奖励（前五）")
	}
	if f.RD != nil && f.RD2 != nil && f.RD.Add(*f.RD2).GreaterThanOrEqual(grM10.Mul(decimal.NewFromInt(2))) {
		direct = append(direct, "近2年研发费用年均"+grYuan(f.RD.Add(*f.RD2).Div(decimal.NewFromInt(2)))+"（≥1000万元）")
	}
	if f.NewEquity2y != nil && f.NewEquity2y.GreaterThanOrEqual(grM60) {
		direct = append(direct, "近2年新增股权融资"+grYuan(*f.NewEquity2y)+"（≥6000万元）")
	}
	if f.MakerChinaRank >= 1 && f.MakerChinaRank <= 500 {
		direct = append(direct, fmt.Sprintf("近三年“创客中国”全国%d名（500强）", f.MakerChinaRank))
	}
	k4 := Condition{Code: "4", Name: "评价得分或直通条件", Threshold: "评价得分≥60分，或满足任一直通条件", Source: src}
	r.Conditions = []Condition{k1, k2a, k2b, k3}
	if len(direct) > 0 {
		k4.Value, k4.Pass = "直通："+strings.Join(direct, "；"), pass(true)
		r.Conditions = append(r.Conditions, k4)
		return grFinish(&r)
	}
	inds := grSR22Score(f)
	var parts []string
	var total grRange
	cats := []struct {
		name string
		from int
		to   int
	}{{"专业化", 0, 4}, {"精细化", 4, 8}, {"特色化", 8, 9}, {"创新能力", 9, 13}}
	for _, cat := range cats {
		var s grRange
		for _, in := range inds[cat.from:cat.to] {
			s = grSum(s, in.r)
		}
		total = grSum(total, s)
		parts = append(parts, cat.name+s.String())
	}
	r.Score = &ScoreRange{Min: total.min, Max: total.max}
	k4.Value = fmt.Sprintf("%s（%s）", total, strings.Join(parts, "＋"))
	k4.Pass = grRangeVs(total, 60)
	switch {
	case k4.Pass == nil:
		for _, in := range inds {
			k4.Missing = grAppendNew(k4.Missing, in.c.Missing...)
		}
	case !*k4.Pass:
		k4.Gap = fmt.Sprintf("评价得分还差%d分（按各项最高可能得分计），且无直通条件", 60-total.max)
	}
	grSettle(inds, k4.Pass != nil)
	for _, in := range inds {
		r.Conditions = append(r.Conditions, in.c)
	}
	r.Conditions = append(r.Conditions, k4)
	return grFinish(&r)
}

// grSR22Score scores the 13 indicators of 2022 (in category order:
// specialisation 4, refinement 4, local 1, innovation 4).
func grSR22Score(f GradientFacts) []*grIndicator {
	src := func(cat string) string { return grSR22 + " 评价指标·" + cat }
	ind := func(code, name, th, cat string) *grIndicator {
		return &grIndicator{c: Condition{Code: code, Name: name, Threshold: th, Source: src(cat)}}
	}
	share := ind("Z1", "主营业务收入占营业收入比重", "计分项（5分）：≥80%得5分，70%–80%得3分，60%–70%得1分，<60%得0分", "专业化")
	grRatioScore(share, f.MainRevenue, f.Revenue, "上一年度主营业务收入（MainRevenue）", "上一年度营业收入（Revenue）", grSR22Sh)

	growth := ind("Z2", "近2年主营业务收入平均增长率", "计分项（10分）：≥10%得10分，8%–10%得8分，6%–8%得6分，4%–6%得4分，0–4%得2分，<0得0分", "专业化")
	growth.r = grRange{0, 10}
	if g, ok := grAvgGrowth(&growth.c, f); ok {
		p, _ := grScore(g, grSR22Gr)
		growth.r = grRange{p, p}
		growth.c.Value += fmt.Sprintf("，得%d分", p)
	} else if growth.c.Value == "" {
		growth.c.Value = "未提供，" + growth.r.String()
	}

	niche := ind("Z3", "从事特定细分市场年限", "计分项（5分）：每满2年得1分，最高5分", "专业化")
	niche.r = grRange{0, 5}
	if grNeedInt(&niche.c, f.NicheYears, "从事特定细分市场年限（NicheYears）") {
		p := min(max(*f.NicheYears, 0)/2, 5)
		niche.r = grRange{p, p}
		niche.c.Value = fmt.Sprintf("%d年，得%d分", *f.NicheYears, p)
	} else {
		niche.c.Value = "未提供，0–5分"
	}

	field := ind("Z4", "主导产品所属领域", "计分项（5分）：补短板、锻长板、填空白并取得实际成效得5分；属于工业“六基”、中华老字号或产业链关键环节配套得3分；其他0分", "专业化")
	switch {
	case f.LeadProductFillsGap != nil && *f.LeadProductFillsGap:
		field.r, field.c.Value = grRange{5, 5}, "补短板/锻长板/填空白，得5分"
	case f.LeadProductBasics != nil && *f.LeadProductBasics:
		field.r, field.c.Value = grRange{3, 3}, "工业“六基”/老字号/关键环节，得3分"
		if f.LeadProductFillsGap == nil {
			field.r = grRange{3, 5}
			field.c.Value = "工业“六基”/老字号/关键环节，得3–5分"
			field.c.Missing = append(field.c.Missing, "主导产品是否补短板、锻长板、填空白（LeadProductFillsGap）")
		}
	default:
		lo, hi := 0, 0
		if f.LeadProductFillsGap == nil {
			hi = 5
			field.c.Missing = append(field.c.Missing, "主导产品是否补短板、锻长板、填空白（LeadProductFillsGap）")
		}
		if f.LeadProductBasics == nil {
			hi = max(hi, 3)
			field.c.Missing = append(field.c.Missing, "主导产品是否属于工业“六基”等（LeadProductBasics）")
		}
		field.r = grRange{lo, hi}
		field.c.Value = "得" + field.r.String()
	}

	digital := ind("J1", "数字化水平", "计分项（5分）：三级及以上得5分，二级得3分，一级得0分", "精细化")
	digital.r = grRange{0, 5}
	if grNeedInt(&digital.c, f.DigitalLevel, "数字化水平等级（DigitalLevel）") {
		p := 0
		switch {
		case *f.DigitalLevel >= 3:
			p = 5
		case *f.DigitalLevel == 2:
			p = 3
		}
		digital.r = grRange{p, p}
		digital.c.Value = fmt.Sprintf("%d级，得%d分", *f.DigitalLevel, p)
	} else {
		digital.c.Value = "未提供，0–5分"
	}
	quality := ind("J2", "质量管理水平", "计分项（5分）：每项3分，最高5分", "精细化")
	quality.r = grRange{0, 5}
	if grNeedInt(&quality.c, f.QualityItems, "质量管理认证/奖项数（QualityItems）") {
		p := min(3*max(*f.QualityItems, 0), 5)
		quality.r = grRange{p, p}
		quality.c.Value = fmt.Sprintf("%d项，得%d分", *f.QualityItems, p)
	} else {
		quality.c.Value = "未提供，0–5分"
	}
	margin := grManual("J3", "净利润率", 10, f.Points2022.NetMargin, "Points2022.NetMargin", src("精细化"))
	debt := grManual("J4", "资产负债率", 5, f.Points2022.DebtRatio, "Points2022.DebtRatio", src("精细化"))
	local := grManual("T1", "特色化指标（省定）", 15, f.Points2022.Local, "Points2022.Local", src("特色化"))
	ipc := grManual("X1", "知识产权数量", 10, f.Points2022.IPCount, "Points2022.IPCount", src("创新能力"))

	rd := ind("X2", "研发投入", "计分项（10分）：研发费用≥500万元或占营业收入≥10%得10分；400–500万元或8%–10%得8分；300–400万元或6%–8%得6分；200–300万元或4%–6%得4分；100–200万元或3%–4%得2分", "创新能力")
	rd.r = grRange{0, 10}
	rd.c.Assumption = grSRRDYearU
	if grNeedDec(&rd.c, f.RD, "上一年度研发费用（RD）") {
		pa, _ := grScore(*f.RD, grSR22RA)
		val := fmt.Sprintf("研发费用%s得%d分", grYuan(*f.RD), pa)
		if f.Revenue != nil {
			if q, ok := grRatio(*f.RD, *f.Revenue); ok {
				pr, _ := grScore(q, grSR22RR)
				val += fmt.Sprintf("，占营业收入%s得%d分", grPct(q), pr)
				pa = max(pa, pr)
			}
			rd.r = grRange{pa, pa}
		} else if pa < 10 {
			rd.r = grRange{pa, 10}
			rd.c.Missing = append(rd.c.Missing, "上一年度营业收入（Revenue）")
		} else {
			rd.r = grRange{10, 10}
		}
		rd.c.Value = val + "；取" + rd.r.String()
	} else {
		rd.c.Value = "未提供，0–10分"
	}
	staff := grManual("X3", "研发人员占比", 5, f.Points2022.RDStaff, "Points2022.RDStaff", src("创新能力"))
	inst := grManual("X4", "研发机构级别", 10, f.Points2022.RDInstitution, "Points2022.RDInstitution", src("创新能力"))
	return []*grIndicator{share, growth, niche, field, digital, quality, margin, debt, local, ipc, rd, staff, inst}
}

// grManual is an indicator whose bands are unknown: official points if
// given (capped), else [0, max].
func grManual(code, name string, maxPts int, v *int, field, src string) *grIndicator {
	in := &grIndicator{c: Condition{Code: code, Name: name,
		Threshold: fmt.Sprintf("计分项（%d分），档次未查到，按输入的官方得分计", maxPts), Source: src}}
	if v == nil {
		in.r = grRange{0, maxPts}
		in.c.Value = "未输入得分，" + in.r.String()
		in.c.Assumption = grSRUnknownU
		in.c.Missing = append(in.c.Missing, name+"得分（"+field+"）")
		return in
	}
	p := min(max(*v, 0), maxPts)
	in.r = grRange{p, p}
	in.c.Value = fmt.Sprintf("%d分（输入）", p)
	return in
}
