package qualify

import (
	"strings"
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
	grM1     = grK("1000000")
	grM10    = grK("10000000")
	grM15    = grK("15000000")
	grM20    = grK("20000000")
	grM60    = grK("60000000")
	grPct3   = grK("0.03")
	grPct80  = grK("0.80")
	grSR22Sh = grBands("0.80:5 0.70:3 0.60:1 -:0")
	grSR22Gr = grBands("0.10:10 0.08:8 0.06:6 0.04:4 0:2 -:0")
	grSR22RA = grBands("5000000:10 4000000:8 3000000:6 2000000:4 1000000:2 -:0")
	grSR22RR = grBands("0.10:10 0.08:8 0.06:6 0.04:4 0.03:2 -:0")

	// grSR26Src are the sources of the 2026 conditions 1–6.
	grSR26Src = [7]string{"",
		grSR26 + " 第1项（policy-rules §3.3）", grSR26 + " 第2项（policy-rules §3.3）", grSR26 + " 第3项（policy-rules §3.3）",
		grSR26 + " 第4项（policy-rules §3.3）", grSR26 + " 第5项（policy-rules §3.3）",
		grSR26 + " 第6项（policy-rules §3.3）" + "；得分由培育平台按工信厅企业〔2024〕75号计算"}
	grM20x2 = grM10.n.mul(nI(2))
)

func grSRDI2026(f GradientFacts) Result {
	r := Result{Qualification: Specialised, RuleSet: grSRRuleSet26}
	y1, y2 := grYearNames(f.AssessedOn)
	src := &grSR26Src

	c1 := grBoolCond("1a", "有效的科技和创新型中小企业称号", f.TechInnovSME,
		"持有有效期内的科技和创新型（创新型）中小企业称号", src[1], "是否持有有效的科技和创新型中小企业称号（TechInnovSME）")
	c1b := grMinYears("1b", f.NicheYears, 3, src[1])
	c2 := grRevOrEquity("2a", f, grM15, grM20, y1, src[2])
	c2b := grShareMin("2b", f.MainRevenue, f.Revenue, grPct80, src[2])
	c2c := grDebtMax("2c", f.DebtRatio, grPct80, src[2])
	c2c.Assumption = grSRDebtS1
	c3a, c3b := grRDTwoYears("3", f, grM1, grPct3, y1, y2, src[3])

	c4 := Condition{Code: "4", Name: "与主导产品相关的Ⅰ类知识产权",
		Threshold: "≥1项且实际应用并产生经济效益；近三年获省部级以上科技奖励（前三）或有省部级以上研发机构的除外",
		Source:    src[4]}
	award := (f.NationalAwardRank >= 1 && f.NationalAwardRank <= 3) || (f.ProvincialAwardRank >= 1 && f.ProvincialAwardRank <= 3)
	switch {
	case award && f.ProvincialRDInstitution:
		c4.Value, c4.Pass = "免：近三年获省部级以上科技奖励（获奖单位前三）；拥有省部级以上研发机构", pass(true)
	case award:
		c4.Value, c4.Pass = "免：近三年获省部级以上科技奖励（获奖单位前三）", pass(true)
	case f.ProvincialRDInstitution:
		c4.Value, c4.Pass = "免：拥有省部级以上研发机构", pass(true)
	case grNeedInt(&c4, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）"):
		c4.Value = itoa(*f.ClassI) + "项"
		c4.Pass = pass(*f.ClassI >= 1)
		if *f.ClassI < 1 {
			c4.Gap = "还需1项与主导产品相关并实际应用的Ⅰ类知识产权"
		}
	}

	c5 := Condition{Code: "5", Name: "主导产品细分市场占有率排名", Threshold: "在细分市场中排名靠前（无量化标准，人工判断）", Source: src[5]}
	if grNeedBool(&c5, f.MarketRankHigh, "主导产品市场占有率排名是否靠前（MarketRankHigh，人工判断）") {
		c5.Pass = pass(*f.MarketRankHigh)
		if *f.MarketRankHigh {
			c5.Value = "经判断排名靠前"
		} else {
			c5.Value = "经判断排名不靠前"
		}
	}
	c6 := grScoreCond("6", "专精特新发展评价得分", f.PlatformScore, 50,
		src[6], "专精特新发展评价得分（PlatformScore，平台计算）")

	r.Conditions = []Condition{c1, c1b, c2, c2b, c2c, c3a, c3b, c4, c5, c6}
	return grFinish(&r)
}

// grRevOrEquity: Y-1 revenue ≥ minRev, or new equity over 2 years ≥ minEq
// (nil equity = none claimed).
func grRevOrEquity(code string, f GradientFacts, minRev, minEq grT, y1, src string) Condition {
	c := Condition{Code: code, Name: "营业收入或新增股权融资",
		Threshold: grRevOrEquityThreshold(minRev, minEq),
		Source:    src}
	var revP *bool
	var buf [256]byte
	b := buf[:0]
	if f.Revenue != nil {
		rev := nd(*f.Revenue)
		revP = tri(rev.ge(minRev.n))
		b = append(b, "营业收入"...)
		b = grAppendYuanVs(b, rev, minRev.n)
	}
	eqP := tri(false)
	if f.NewEquity2y != nil {
		eq := nd(*f.NewEquity2y)
		eqP = tri(eq.ge(minEq.n))
		if len(b) > 0 {
			b = append(b, "，"...)
		}
		b = append(b, "近2年新增股权融资"...)
		b = grAppendYuanVs(b, eq, minEq.n)
	}
	c.Value = string(b)
	c.Pass = grOr(revP, eqP)
	if c.Pass == nil {
		c.Missing = append(c.Missing, "上一年度营业收入（Revenue）")
	}
	if c.Pass != nil && !*c.Pass {
		b = append(buf[:0], "营业收入还需增加"...)
		b = grAppendYuanGap(b, minRev.n.sub(nd(*f.Revenue)))
		b = append(b, "（"...)
		b = append(b, y1...)
		b = append(b, "）"...)
		eq := num{}
		if f.NewEquity2y != nil {
			eq = nd(*f.NewEquity2y)
		}
		b = append(b, "，或近2年新增股权融资还需增加"...)
		c.Gap = string(grAppendYuanGap(b, minEq.n.sub(eq)))
	}
	return c
}

var (
	grRevOrEq2026 = grRevOrEquityText(grM15, grM20)
	grRevOrEq2022 = grRevOrEquityText(grM10, grM20)
)

func grRevOrEquityText(minRev, minEq grT) string {
	return "上年度营业收入≥" + minRev.yuan + "，或近2年新增股权融资（合格机构投资者实缴）≥" + minEq.yuan
}

func grRevOrEquityThreshold(minRev, minEq grT) string {
	switch {
	case minRev.n.cmp(grM15.n) == 0 && minEq.n.cmp(grM20.n) == 0:
		return grRevOrEq2026
	case minRev.n.cmp(grM10.n) == 0 && minEq.n.cmp(grM20.n) == 0:
		return grRevOrEq2022
	}
	return grRevOrEquityText(minRev, minEq)
}

// grRDTwoYears: R&D ≥ minAmt in each of Y-1 and Y-2 (condition code+"a"),
// and R&D / revenue ≥ minRatio in each year (code+"b").
func grRDTwoYears(code string, f GradientFacts, minAmt, minRatio grT, y1, y2, src string) (Condition, Condition) {
	ca := Condition{Code: code + "a", Name: "研发费用（近2年每年）", Threshold: "近2年每年" + minAmt.geYuan, Source: src}
	cb := Condition{Code: code + "b", Name: "研发费用占营业收入比重（近2年每年）", Threshold: "近2年每年" + minRatio.gePct, Source: src}
	years := [2]grRDYear{
		{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
		{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
	}
	grRDJoin(&ca, years[:], minAmt.n, num{})
	grRDJoin(&cb, years[:], num{}, minRatio.n)
	return ca, cb
}

// grRDJoin judges each year on c and joins values and gaps.
func grRDJoin(c *Condition, ys []grRDYear, minAmt, minRatio num) {
	var psA [2]*bool
	ps := psA[:0]
	var vb, gb [320]byte
	vals, gaps := vb[:0], gb[:0]
	for i := range ys {
		if i > 0 {
			vals = append(vals, "；"...)
		}
		var p *bool
		p, vals, gaps = ys[i].judge(c, minAmt, minRatio, vals, gaps)
		ps = append(ps, p)
	}
	c.Value = string(vals)
	c.Pass = grAnd(ps...)
	c.Gap = string(gaps)
	if c.Pass != nil {
		c.Missing = nil // decided: a failing year settles it
	}
}

// grAvgGrowth is the 2-year average main-business growth (arithmetic mean
// of the two annual growth rates, [U]).
func grAvgGrowth(c *Condition, f GradientFacts) (num, bool) {
	ok1 := grNeedDec(c, f.MainRevenue, "上一年度主营业务收入（MainRevenue）")
	ok2 := grNeedDec(c, f.MainRevenue2, "上上年度主营业务收入（MainRevenue2）")
	ok3 := grNeedDec(c, f.MainRevenue3, "上一年度前第二年主营业务收入（MainRevenue3）")
	if !ok1 || !ok2 || !ok3 {
		return num{}, false
	}
	m1, m2, m3 := nd(*f.MainRevenue), nd(*f.MainRevenue2), nd(*f.MainRevenue3)
	if !m2.isPos() || !m3.isPos() {
		c.Value = "基期主营业务收入不为正，增长率无法计算"
		c.Missing = append(c.Missing, "可计算的主营业务收入增长率（基期主营业务收入为0或负）")
		return num{}, false
	}
	g1 := m1.divRound(m2, 16).sub(grOne)
	g2 := m2.divRound(m3, 16).sub(grOne)
	avg := g1.add(g2).divRound(grTwo, 16)
	var buf [96]byte
	b := grAppendPct(buf[:0], avg)
	b = append(b, "（"...)
	b = grAppendPct(b, g1)
	b = append(b, "、"...)
	b = grAppendPct(b, g2)
	c.Value = string(append(b, "的平均）"...))
	c.Assumption = grSRAvgU
	return avg, true
}

const (
	grSR22Src   = grSR22 + "（policy-rules §3.3 2022年规则）"
	grSR22SrcZ  = grSR22 + " 评价指标·专业化"
	grSR22SrcJ  = grSR22 + " 评价指标·精细化"
	grSR22SrcT  = grSR22 + " 评价指标·特色化"
	grSR22SrcX  = grSR22 + " 评价指标·创新能力"
	grSR22Count = 13
)

func grSRDI2022(f GradientFacts) Result {
	r := Result{Qualification: Specialised, RuleSet: grSRRuleSet22}
	y1, _ := grYearNames(f.AssessedOn)
	const src = grSR22Src

	k1 := grMinYears("1", f.NicheYears, 2, src)
	k2a := grMinYuan("2a", "上年度研发费用", f.RD, grM1, "研发费用", y1, src, "上一年度研发费用（RD）")
	k2b := Condition{Code: "2b", Name: "上年度研发费用占营业收入比重", Threshold: "≥3%", Source: src}
	grRDJoin(&k2b, []grRDYear{{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"}}, num{}, grPct3.n)
	k3 := grRevOrEquity("3", f, grM10, grM20, y1, src)

	// Condition 4: score ≥ 60 or a direct condition.
	var direct []string
	if (f.ProvincialAwardRank >= 1 && f.ProvincialAwardRank <= 3) || (f.NationalAwardRank >= 1 && f.NationalAwardRank <= 5) {
		direct = append(direct, "近三年获省级科技奖励（前三）或国家级科技奖励（前五）")
	}
	if f.RD != nil && f.RD2 != nil {
		if sum := nd(*f.RD).add(nd(*f.RD2)); sum.ge(grM20x2) {
			direct = append(direct, "近2年研发费用年均"+grYuan(sum.div(grTwo))+"（≥1000万元）")
		}
	}
	if f.NewEquity2y != nil {
		if eq := nd(*f.NewEquity2y); eq.ge(grM60.n) {
			direct = append(direct, "近2年新增股权融资"+grYuan(eq)+"（≥6000万元）")
		}
	}
	if f.MakerChinaRank >= 1 && f.MakerChinaRank <= 500 {
		direct = append(direct, "近三年“创客中国”全国"+itoa(f.MakerChinaRank)+"名（500强）")
	}
	k4 := Condition{Code: "4", Name: "评价得分或直通条件", Threshold: "评价得分≥60分，或满足任一直通条件", Source: src}
	if len(direct) > 0 {
		r.Conditions = []Condition{k1, k2a, k2b, k3, k4}
		r.Conditions[4].Value, r.Conditions[4].Pass = "直通："+strings.Join(direct, "；"), pass(true)
		return grFinish(&r)
	}
	var indv [grSR22Count]grIndicator
	var inds [grSR22Count]*grIndicator
	for i := range indv {
		inds[i] = &indv[i]
	}
	grSR22Score(f, &indv)
	var buf [256]byte
	var total grRange
	var cs [4]grRange
	for i, cat := range [4]struct{ from, to int }{{0, 4}, {4, 8}, {8, 9}, {9, 13}} {
		var s grRange
		for _, in := range indv[cat.from:cat.to] {
			s = grSum(s, in.r)
		}
		total = grSum(total, s)
		cs[i] = s
	}
	r.Score = &ScoreRange{Min: total.min, Max: total.max}
	b := total.appendTo(buf[:0])
	for i, name := range [4]string{"（专业化", "＋精细化", "＋特色化", "＋创新能力"} {
		b = append(b, name...)
		b = cs[i].appendTo(b)
	}
	k4.Value = string(append(b, "）"...))
	k4.Pass = grRangeVs(total, 60)
	switch {
	case k4.Pass == nil:
		for _, in := range indv {
			k4.Missing = grAppendNew(k4.Missing, in.c.Missing...)
		}
	case !*k4.Pass:
		k4.Gap = "评价得分还差" + itoa(60-total.max) + "分（按各项最高可能得分计），且无直通条件"
	}
	grSettle(inds[:], k4.Pass != nil)
	r.Conditions = make([]Condition, 0, 4+grSR22Count+1)
	r.Conditions = append(r.Conditions, k1, k2a, k2b, k3)
	for _, in := range indv {
		r.Conditions = append(r.Conditions, in.c)
	}
	r.Conditions = append(r.Conditions, k4)
	return grFinish(&r)
}

// grSR22Score scores the 13 indicators of 2022 (in category order:
// specialisation 4, refinement 4, local 1, innovation 4).
func grSR22Score(f GradientFacts, out *[grSR22Count]grIndicator) {
	ind := func(i int, code, name, th, src string) *grIndicator {
		out[i].c = Condition{Code: code, Name: name, Threshold: th, Source: src}
		return &out[i]
	}
	var buf [128]byte
	share := ind(0, "Z1", "主营业务收入占营业收入比重", "计分项（5分）：≥80%得5分，70%–80%得3分，60%–70%得1分，<60%得0分", grSR22SrcZ)
	grRatioScore(share, f.MainRevenue, f.Revenue, "上一年度主营业务收入（MainRevenue）", "上一年度营业收入（Revenue）", grSR22Sh)

	growth := ind(1, "Z2", "近2年主营业务收入平均增长率", "计分项（10分）：≥10%得10分，8%–10%得8分，6%–8%得6分，4%–6%得4分，0–4%得2分，<0得0分", grSR22SrcZ)
	growth.r = grRange{0, 10}
	if g, ok := grAvgGrowth(&growth.c, f); ok {
		p, _ := grScore(g, grSR22Gr)
		growth.r = grRange{p, p}
		b := append(buf[:0], growth.c.Value...)
		b = append(b, "，得"...)
		b = appendInt(b, p)
		growth.c.Value = string(append(b, "分"...))
	} else if growth.c.Value == "" {
		growth.c.Value = "未提供，" + growth.r.String()
	}

	niche := ind(2, "Z3", "从事特定细分市场年限", "计分项（5分）：每满2年得1分，最高5分", grSR22SrcZ)
	niche.r = grRange{0, 5}
	if grNeedInt(&niche.c, f.NicheYears, "从事特定细分市场年限（NicheYears）") {
		p := min(max(*f.NicheYears, 0)/2, 5)
		niche.r = grRange{p, p}
		b := appendInt(buf[:0], *f.NicheYears)
		b = append(b, "年，得"...)
		b = appendInt(b, p)
		niche.c.Value = string(append(b, "分"...))
	} else {
		niche.c.Value = "未提供，0–5分"
	}

	field := ind(3, "Z4", "主导产品所属领域", "计分项（5分）：补短板、锻长板、填空白并取得实际成效得5分；属于工业“六基”、中华老字号或产业链关键环节配套得3分；其他0分", grSR22SrcZ)
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

	digital := ind(4, "J1", "数字化水平", "计分项（5分）：三级及以上得5分，二级得3分，一级得0分", grSR22SrcJ)
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
		b := appendInt(buf[:0], *f.DigitalLevel)
		b = append(b, "级，得"...)
		b = appendInt(b, p)
		digital.c.Value = string(append(b, "分"...))
	} else {
		digital.c.Value = "未提供，0–5分"
	}
	quality := ind(5, "J2", "质量管理水平", "计分项（5分）：每项3分，最高5分", grSR22SrcJ)
	quality.r = grRange{0, 5}
	if grNeedInt(&quality.c, f.QualityItems, "质量管理认证/奖项数（QualityItems）") {
		p := min(3*max(*f.QualityItems, 0), 5)
		quality.r = grRange{p, p}
		b := appendInt(buf[:0], *f.QualityItems)
		b = append(b, "项，得"...)
		b = appendInt(b, p)
		quality.c.Value = string(append(b, "分"...))
	} else {
		quality.c.Value = "未提供，0–5分"
	}
	grManual(&out[6], "J3", "净利润率", 10, f.Points2022.NetMargin, "净利润率得分（Points2022.NetMargin）", grSR22SrcJ)
	grManual(&out[7], "J4", "资产负债率", 5, f.Points2022.DebtRatio, "资产负债率得分（Points2022.DebtRatio）", grSR22SrcJ)
	grManual(&out[8], "T1", "特色化指标（省定）", 15, f.Points2022.Local, "特色化指标（省定）得分（Points2022.Local）", grSR22SrcT)
	grManual(&out[9], "X1", "知识产权数量", 10, f.Points2022.IPCount, "知识产权数量得分（Points2022.IPCount）", grSR22SrcX)

	rd := ind(10, "X2", "研发投入", "计分项（10分）：研发费用≥500万元或占营业收入≥10%得10分；400–500万元或8%–10%得8分；300–400万元或6%–8%得6分；200–300万元或4%–6%得4分；100–200万元或3%–4%得2分", grSR22SrcX)
	rd.r = grRange{0, 10}
	rd.c.Assumption = grSRRDYearU
	if grNeedDec(&rd.c, f.RD, "上一年度研发费用（RD）") {
		x := nd(*f.RD)
		pa, _ := grScore(x, grSR22RA)
		b := append(buf[:0], "研发费用"...)
		b = grAppendYuan(b, x)
		b = append(b, "得"...)
		b = appendInt(b, pa)
		b = append(b, "分"...)
		if f.Revenue != nil {
			if q, ok := grRatio(x, nd(*f.Revenue)); ok {
				pr, _ := grScore(q, grSR22RR)
				b = append(b, "，占营业收入"...)
				b = grAppendPct(b, q)
				b = append(b, "得"...)
				b = appendInt(b, pr)
				b = append(b, "分"...)
				pa = max(pa, pr)
			}
			rd.r = grRange{pa, pa}
		} else if pa < 10 {
			rd.r = grRange{pa, 10}
			rd.c.Missing = append(rd.c.Missing, "上一年度营业收入（Revenue）")
		} else {
			rd.r = grRange{10, 10}
		}
		b = append(b, "；取"...)
		rd.c.Value = string(rd.r.appendTo(b))
	} else {
		rd.c.Value = "未提供，0–10分"
	}
	grManual(&out[11], "X3", "研发人员占比", 5, f.Points2022.RDStaff, "研发人员占比得分（Points2022.RDStaff）", grSR22SrcX)
	grManual(&out[12], "X4", "研发机构级别", 10, f.Points2022.RDInstitution, "研发机构级别得分（Points2022.RDInstitution）", grSR22SrcX)
}

// grManual is an indicator whose bands are unknown: official points if
// given (capped), else [0, max]. missing is the fact to ask for.
func grManual(in *grIndicator, code, name string, maxPts int, v *int, missing, src string) {
	th := ""
	switch maxPts {
	case 5:
		th = "计分项（5分），档次未查到，按输入的官方得分计"
	case 10:
		th = "计分项（10分），档次未查到，按输入的官方得分计"
	case 15:
		th = "计分项（15分），档次未查到，按输入的官方得分计"
	default:
		th = "计分项（" + itoa(maxPts) + "分），档次未查到，按输入的官方得分计"
	}
	in.c = Condition{Code: code, Name: name, Threshold: th, Source: src}
	if v == nil {
		in.r = grRange{0, maxPts}
		in.c.Value = "未输入得分，" + in.r.String()
		in.c.Assumption = grSRUnknownU
		in.c.Missing = append(in.c.Missing, missing)
		return
	}
	p := min(max(*v, 0), maxPts)
	in.r = grRange{p, p}
	in.c.Value = itoa(p) + "分（输入）"
}
