package qualify

import (
	"strings"
)

// 创新型中小企业评价标准 (annex to 工信部企业〔2022〕63号), policy-rules §3.2 [S2].

const (
	grInSrc      = grDoc2022 + " 附件《创新型中小企业评价标准》"
	grInRuleSet  = "创新型中小企业评价（" + grDoc2022 + "附件）"
	grInRuleSet6 = "科技和创新型中小企业（" + grDoc2026 + "；合并评价标准发布前沿用" + grDoc2022 + "附件创新型中小企业评价标准）"
	grInAssume6  = "[S1] 工信部企业〔2026〕2号将科技型和创新型中小企业合并为科技和创新型中小企业，合并评价标准尚未发布；按报道暂沿用63号附件创新型中小企业评价标准（policy-rules §2.1、§3.2）"
	grInAssumeHV = "[U] “高价值Ⅰ类知识产权”在已读来源中无定义，按企业申报的数量（ClassIHighValue）计"
)

var (
	grInRDBands    = grBands("0.05:20 0.03:15 0.02:10 0.01:5 -:0")
	grInGrowBands  = grBands("0.15:20 0.10:15 0.05:10 0:5 -:0")
	grInShareBands = grBands("0.70:20 0.60:15 0.55:10 0.50:5 -:0")
	grInEquity     = nS("5000000")
	grDebt55       = nS("0.55")
	grDebt75       = nS("0.75")
	grInDebtBands  = []grBand{{min: grDebt55}, {min: grDebt75}, {}}
)

const grInCatSrc = grInSrc + " 评价标准（总分≥60分，创新能力≥20分、成长性≥15分、专业化≥15分）"

func grInnov(f GradientFacts, v2026 bool) Result {
	r := Result{Qualification: InnovSME, RuleSet: grInRuleSet}
	if v2026 {
		r.RuleSet = grInRuleSet6
		r.Assumptions = append(r.Assumptions, grInAssume6)
	}
	y1, _ := grYearNames(f.AssessedOn)

	// Direct passes.
	var direct []string
	if f.NationalAwardRank > 0 || f.ProvincialAwardRank > 0 {
		direct = append(direct, "近三年获国家级或省级科技奖励")
	}
	if f.ValidHTE {
		direct = append(direct, "有效期内的高新技术企业")
	}
	if f.TechInnovDemo {
		direct = append(direct, "国家级技术创新示范企业")
	}
	if f.IPAdvantage {
		direct = append(direct, "知识产权优势企业")
	}
	if f.IPDemo {
		direct = append(direct, "知识产权示范企业")
	}
	if f.ProvincialRDInstitution {
		direct = append(direct, "省部级以上研发机构")
	}
	if f.NewEquity3y != nil {
		if eq := nd(*f.NewEquity3y); eq.ge(grInEquity) {
			direct = append(direct, "近三年新增股权融资"+grYuan(eq)+"（≥500万元）")
		}
	}
	if len(direct) > 0 {
		r.Conditions = []Condition{{Code: "D", Name: "直通条件", Value: strings.Join(direct, "；"),
			Threshold: "满足任一直通条件即可，不计分", Pass: pass(true), Source: grInSrc + " 直通条件"}}
		return grFinish(&r)
	}

	var indv [6]grIndicator
	var buf [192]byte
	// Innovation (40): IP (20) + R&D intensity (20).
	ip := &indv[0]
	ip.c = Condition{Code: "I1", Name: "与主导产品相关的有效知识产权",
		Threshold: "计分项（满分20分）：高价值Ⅰ类≥1项20分，自主研发Ⅰ类≥1项15分，Ⅰ类≥1项10分，Ⅱ类≥1项5分，无0分",
		Source:    grInSrc + " 创新能力指标"}
	grInIP(f, ip)
	rd := &indv[1]
	rd.c = Condition{Code: "I2", Name: "上年度研发费用占营业收入比重",
		Threshold: "计分项（满分20分）：≥5%得20分，3%–5%得15分，2%–3%得10分，1%–2%得5分，<1%得0分",
		Source:    grInSrc + " 创新能力指标"}
	rdQ, rdOK := grRatioScore(rd, f.RD, f.Revenue, "上一年度研发费用（RD）", "上一年度营业收入（Revenue）", grInRDBands)

	// Growth (30): main-business growth (20) + debt ratio (10).
	gr := &indv[2]
	gr.c = Condition{Code: "G1", Name: "上年度主营业务收入增长率",
		Threshold: "计分项（满分20分）：≥15%得20分，10%–15%得15分，5%–10%得10分，0–5%得5分，<0得0分",
		Source:    grInSrc + " 成长性指标"}
	var grQ num
	grOK := false
	okM1 := grNeedDec(&gr.c, f.MainRevenue, "上一年度主营业务收入（MainRevenue）")
	okM2 := grNeedDec(&gr.c, f.MainRevenue2, "上上年度主营业务收入（MainRevenue2）")
	gr.r = grRange{0, 20}
	switch {
	case !okM1 || !okM2:
		gr.c.Value = "未提供，" + gr.r.String()
	case !nd(*f.MainRevenue2).isPos():
		gr.c.Value = "上上年度主营业务收入不为正，增长率无法计算，" + gr.r.String()
		gr.c.Missing = append(gr.c.Missing, "可计算的主营业务收入增长率（上上年度主营业务收入为0或负）")
	default:
		m1, m2 := nd(*f.MainRevenue), nd(*f.MainRevenue2)
		grQ = m1.divRound(m2, 16).sub(grOne)
		p, _ := grScore(grQ, grInGrowBands)
		gr.r = grRange{p, p}
		b := grAppendPctBands(buf[:0], grQ, grInGrowBands)
		b = append(b, "（"...)
		b = grAppendYuan(b, m2)
		b = append(b, "→"...)
		b = grAppendYuan(b, m1)
		b = append(b, "），得"...)
		b = appendInt(b, p)
		gr.c.Value = string(append(b, "分"...))
		grOK = true
	}
	debt := &indv[3]
	debt.c = Condition{Code: "G2", Name: "上年末资产负债率",
		Threshold: "计分项（满分10分）：≤55%得10分，55%–75%得5分，≥75%得0分",
		Source:    grInSrc + " 成长性指标"}
	debt.r = grRange{0, 10}
	if grNeedDec(&debt.c, f.DebtRatio, "上年末资产负债率（DebtRatio）") {
		d := nd(*f.DebtRatio)
		p := grInDebtPoints(d)
		debt.r = grRange{p, p}
		b := grAppendPctBands(buf[:0], d, grInDebtBands)
		b = append(b, "，得"...)
		b = appendInt(b, p)
		debt.c.Value = string(append(b, "分"...))
	} else {
		debt.c.Value = "未提供，0–10分"
	}

	// Specialisation (30): lead-product field (10) + main-business share (20).
	field := &indv[4]
	field.c = Condition{Code: "P1", Name: "主导产品所属领域",
		Threshold: "计分项（满分10分）：属于《战略性新兴产业分类》得10分，其他得5分",
		Source:    grInSrc + " 专业化指标"}
	field.r = grRange{5, 10}
	if grNeedBool(&field.c, f.LeadProductStrategic, "主导产品是否属于战略性新兴产业（LeadProductStrategic）") {
		if *f.LeadProductStrategic {
			field.r = grRange{10, 10}
			field.c.Value = "属于战略性新兴产业，得10分"
		} else {
			field.r = grRange{5, 5}
			field.c.Value = "其他领域，得5分"
		}
	} else {
		field.c.Value = "未提供，" + field.r.String()
	}
	share := &indv[5]
	share.c = Condition{Code: "P2", Name: "主营业务收入占营业收入比重",
		Threshold: "计分项（满分20分）：≥70%得20分，60%–70%得15分，55%–60%得10分，50%–55%得5分，<50%得0分",
		Source:    grInSrc + " 专业化指标"}
	shQ, shOK := grRatioScore(share, f.MainRevenue, f.Revenue, "上一年度主营业务收入（MainRevenue）", "上一年度营业收入（Revenue）", grInShareBands)

	inn, grw, spc := grSum(ip.r, rd.r), grSum(gr.r, debt.r), grSum(field.r, share.r)
	total := grSum(inn, grw, spc)
	r.Score = &ScoreRange{Min: total.min, Max: total.max}
	inds := []*grIndicator{ip, rd, gr, debt, field, share}
	judge := [4]Condition{
		grInCat("CI", "创新能力得分", inn, 20, inds[0:2]),
		grInCat("CG", "成长性得分", grw, 15, inds[2:4]),
		grInCat("CP", "专业化得分", spc, 15, inds[4:6]),
		grInCat("T", "综合评分", total, 60, inds),
	}
	b := total.appendTo(buf[:0])
	b = append(b, "（创新能力"...)
	b = inn.appendTo(b)
	b = append(b, "＋成长性"...)
	b = grw.appendTo(b)
	b = append(b, "＋专业化"...)
	b = spc.appendTo(b)
	judge[3].Value = string(append(b, "）"...))
	var ps [4]*bool
	failing := false
	for i, c := range judge {
		ps[i] = c.Pass
		if c.Pass != nil && !*c.Pass {
			failing = true
		}
	}
	grSettle(inds, grAndT(ps[:]...) != nil)

	if failing {
		if rdOK {
			if nb, ok := grNextBand(rdQ, grInRDBands); ok {
				b := append(buf[:0], "研发费用还需增加"...)
				b = grAppendYuanGap(b, nd(*f.Revenue).mul(nb.min).sub(nd(*f.RD)))
				b = append(b, "（"...)
				b = append(b, y1...)
				b = append(b, "，占营业收入达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				rd.c.Gap = string(append(b, "分"...))
			}
		}
		if grOK {
			if nb, ok := grNextBand(grQ, grInGrowBands); ok {
				need := nd(*f.MainRevenue2).mul(grOne.add(nb.min)).sub(nd(*f.MainRevenue))
				b := append(buf[:0], "主营业务收入还需增加"...)
				b = grAppendYuanGap(b, need)
				b = append(b, "（"...)
				b = append(b, y1...)
				b = append(b, "，增长率达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				gr.c.Gap = string(append(b, "分"...))
			}
		}
		if debt.r.exact() && debt.r.min < 10 {
			b := append(buf[:0], "资产负债率还需降低"...)
			b = grAppendPoints(b, nd(*f.DebtRatio).sub(grDebt55))
			debt.c.Gap = string(append(b, "（降至55%）可得10分"...))
		}
		if shOK {
			if nb, ok := grNextBand(shQ, grInShareBands); ok {
				b := append(buf[:0], "主营业务收入占比还需提高"...)
				b = grAppendPoints(b, nb.min.sub(shQ))
				b = append(b, "（达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				share.c.Gap = string(append(b, "分"...))
			}
		}
		if ip.r.exact() && ip.r.min < 20 {
			ip.c.Gap = grInIPGap(ip.r.min)
		}
	}
	r.Conditions = make([]Condition, 0, len(indv)+len(judge))
	for _, in := range inds {
		r.Conditions = append(r.Conditions, in.c)
	}
	r.Conditions = append(r.Conditions, judge[:]...)
	return grFinish(&r)
}

// grInDebtPoints: ≤55% 10; 55%–75% 5; ≥75% 0 (G2: 55% is in "55%以下",
// 75% in "75%以上").
func grInDebtPoints(d num) int {
	switch {
	case d.le(grDebt55):
		return 10
	case d.lt(grDebt75):
		return 5
	}
	return 0
}

// grInIP scores the IP indicator; unknown counts widen the range upward.
func grInIP(f GradientFacts, in *grIndicator) {
	const fI = "与主导产品相关的Ⅰ类知识产权数（ClassI）"
	levels := [4]struct {
		n    *int
		pts  int
		fact string
		name string
	}{
		{f.ClassIHighValue, 20, "其中高价值Ⅰ类知识产权数（ClassIHighValue）", "高价值Ⅰ类"},
		{f.ClassISelf, 15, "其中自主研发Ⅰ类知识产权数（ClassISelf）", "自主研发Ⅰ类"},
		{f.ClassI, 10, fI, "Ⅰ类"},
		{f.ClassII, 5, "Ⅱ类知识产权数（ClassII）", "Ⅱ类"},
	}
	noClassI := f.ClassI != nil && *f.ClassI <= 0
	lo, hi := 0, -1
	var buf [128]byte
	b := buf[:0]
	for i, l := range levels {
		n := l.n
		if i < 2 && noClassI {
			zero := 0
			n = &zero
		}
		switch {
		case n == nil:
			if hi < 0 {
				hi = l.pts
			}
			in.c.Missing = append(in.c.Missing, l.fact)
		case *n >= 1:
			if hi < 0 {
				hi = l.pts
			}
			if lo == 0 {
				lo = l.pts
			}
			if len(b) > 0 {
				b = append(b, "，"...)
			}
			b = append(b, l.name...)
			b = appendInt(b, *n)
			b = append(b, "项"...)
		default:
			if l.n != nil {
				if len(b) > 0 {
					b = append(b, "，"...)
				}
				b = append(b, l.name...)
				b = append(b, "0项"...)
			}
		}
		if lo > 0 {
			break
		}
	}
	if hi < 0 {
		hi = 0
	}
	in.r = grRange{lo, hi}
	if f.ClassIHighValue != nil && *f.ClassIHighValue > 0 {
		in.c.Assumption = grInAssumeHV
	}
	if len(b) == 0 {
		b = append(b, "未提供"...)
	}
	b = append(b, "，得"...)
	in.c.Value = string(in.r.appendTo(b))
}

func grInIPGap(have int) string {
	switch have {
	case 0:
		return "获得1项与主导产品相关的Ⅱ类知识产权可得5分，Ⅰ类可得10分"
	case 5:
		return "获得1项与主导产品相关的Ⅰ类知识产权可得10分（自主研发15分，高价值20分）"
	case 10:
		return "Ⅰ类知识产权为自主研发的可得15分，高价值的可得20分"
	}
	return "获得1项高价值Ⅰ类知识产权可得20分"
}

// grInCat is a category (or total) pass mark over its indicators.
func grInCat(code, name string, s grRange, mark int, inds []*grIndicator) Condition {
	c := Condition{Code: code, Name: name, Value: s.String(), Threshold: grGePoints(mark),
		Pass: grRangeVs(s, mark), Source: grInCatSrc}
	if c.Pass == nil {
		for _, in := range inds {
			c.Missing = grAppendNew(c.Missing, in.c.Missing...)
		}
	} else if !*c.Pass {
		c.Gap = name + "还差" + itoa(mark-s.max) + "分"
	}
	return c
}
