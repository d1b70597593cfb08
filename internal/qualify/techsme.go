package qualify

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// SMEFacts are one firm's facts for 科技型中小企业评价 (tech-based SME
// evaluation) under 国科发政〔2017〕115号. Amounts are yuan, counts are
// persons or items; figures are for the previous (accounting) year. A nil
// pointer means "not given": a condition that needs it is undetermined and
// the fact is listed in Missing.
type SMEFacts struct {
	// Art. 6 (一): a resident enterprise registered in mainland China
	// (excluding Hong Kong, Macau and Taiwan) — 境内注册的居民企业.
	Resident *bool
	// Art. 6 (二): 职工总数 (persons), 年销售收入 (yuan, main-business plus
	// other-business revenue, Art. 9) and 资产总额 (yuan).
	Staff       *int
	Sales       *decimal.Decimal
	TotalAssets *decimal.Decimal
	// Art. 6 (三): products and services are not in the state's prohibited,
	// restricted or phase-out categories.
	NotRestricted *bool
	// Art. 6 (四): no major safety or quality accident, serious
	// environmental violation or serious research misconduct in the
	// previous and current year, and not on the abnormal-operations or
	// serious-violation (dishonesty) list.
	CleanRecord *bool

	// Art. 7 scoring.
	// STStaff is 科技人员数 (persons; part-time and temporary staff count
	// when they worked ≥ 6 months in the year, Art. 9).
	STStaff *int
	// RD is 研究开发费用 (yuan, 财税〔2015〕119号 basis); TotalCosts is
	// 成本费用支出总额 (yuan). The better of RD/Sales and RD/TotalCosts is
	// scored.
	RD         *decimal.Decimal
	TotalCosts *decimal.Decimal
	// ClassI and ClassII are counts of valid, undisputed IP related to the
	// main products: Ⅰ类 (invention patents, plant varieties, …) and Ⅱ类
	// (utility models, designs, software copyrights, …).
	ClassI  *int
	ClassII *int

	// Art. 8 direct qualification. These only open an alternative route,
	// so false means "not held / not claimed" (no pointer).
	ValidHTE                bool // 有效期内的高新技术企业资格证书
	NationalAwardTop3       bool // 近五年国家级科技奖励，获奖单位排名前三
	ProvincialRDInstitution bool // 省部级以上研发机构
	LedStandard             bool // 近五年主导制定国际、国家或行业标准（排名前五）
}

// RuleSet name and sources of the tech-based SME rules.
const (
	grTSRuleSet = "科技型中小企业评价（国科发政〔2017〕115号）"
	grTSDoc     = "国科发政〔2017〕115号"
)

var (
	grTSStaffMax  = 500
	grTSSizeMax   = grD("200000000")
	grTSSTBands   = grBands("0.30:20 0.25:16 0.20:12 0.15:8 0.10:4 -:0")
	grTSSalesBand = grBands("0.06:50 0.05:40 0.04:30 0.03:20 0.02:10 -:0")
	grTSCostBand  = grBands("0.30:50 0.25:40 0.20:30 0.15:20 0.10:10 -:0")
	grTSIIPoints  = []int{0, 6, 12, 18, 24} // by Class Ⅱ count, capped at 4
)

// ScreenTechSME screens f against 科技型中小企业评价 (国科发政〔2017〕115号,
// policy-rules §2): the eligibility conditions of Art. 6 (一)–(四); then
// either direct qualification under Art. 8 (any one of ValidHTE,
// NationalAwardTop3, ProvincialRDInstitution, LedStandard — the score is
// then not computed and Result.Score is nil) or the Art. 7 score, which must
// be ≥ 60 with a non-zero S&T-staff score (Art. 6 (五)). Size limits are
// inclusive: 500 staff and 200,000,000 yuan pass, 501 and 200,000,001 fail.
func ScreenTechSME(f SMEFacts) Result {
	r := Result{Qualification: TechSME, RuleSet: grTSRuleSet}
	cs := make([]Condition, 0, 12)

	cs = append(cs, grBoolCond("E1", "境内注册居民企业", f.Resident,
		"在中国境内（不包括港、澳、台地区）注册的居民企业",
		grTSDoc+" 第六条（一）", "境内注册居民企业（Resident）"))

	// Art. 6 (二): size limits, inclusive (不超过).
	c := Condition{Code: "E2", Name: "职工总数", Threshold: fmt.Sprintf("≤%d人", grTSStaffMax),
		Source: grTSDoc + " 第六条（二）"}
	if grNeedInt(&c, f.Staff, "职工总数（Staff）") {
		c.Value = fmt.Sprintf("%d人", *f.Staff)
		c.Pass = pass(*f.Staff <= grTSStaffMax)
		if *f.Staff > grTSStaffMax {
			c.Gap = fmt.Sprintf("职工总数超过上限%d人", *f.Staff-grTSStaffMax)
		}
	}
	cs = append(cs, c)
	cs = append(cs, grMaxYuan("E3", "年销售收入", f.Sales, grTSSizeMax, grTSDoc+" 第六条（二）", "年销售收入（Sales）"))
	cs = append(cs, grMaxYuan("E4", "资产总额", f.TotalAssets, grTSSizeMax, grTSDoc+" 第六条（二）", "资产总额（TotalAssets）"))
	cs = append(cs, grBoolCond("E5", "产品和服务不属于禁止、限制和淘汰类", f.NotRestricted,
		"不属于国家规定的禁止、限制和淘汰类", grTSDoc+" 第六条（三）", "产品和服务不属于禁止、限制和淘汰类（NotRestricted）"))
	cs = append(cs, grBoolCond("E6", "无重大事故、严重违法失信", f.CleanRecord,
		"上一年度至当年未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且未列入经营异常名录和严重违法失信企业名单",
		grTSDoc+" 第六条（四）", "无重大事故及严重违法失信记录（CleanRecord）"))

	// Art. 8: direct qualification.
	var direct []string
	if f.ValidHTE {
		direct = append(direct, "持有有效期内的高新技术企业资格证书")
	}
	if f.NationalAwardTop3 {
		direct = append(direct, "近五年获国家级科技奖励（获奖单位前三）")
	}
	if f.ProvincialRDInstitution {
		direct = append(direct, "拥有省部级以上研发机构")
	}
	if f.LedStandard {
		direct = append(direct, "近五年主导制定国际、国家或行业标准（前五）")
	}
	if len(direct) > 0 {
		cs = append(cs, Condition{Code: "D", Name: "直接认定条件", Value: strings.Join(direct, "；"),
			Threshold: "满足第六条（一）至（四）且符合第八条任一条件的，可直接确认符合评价条件（不计分）",
			Pass:      pass(true), Source: grTSDoc + " 第八条"})
		r.Conditions = cs
		return grFinish(&r)
	}

	r.Conditions = grTSScore(f, cs, &r)
	return grFinish(&r)
}

// grTSScore appends the Art. 7 indicators and the Art. 6 (五) pass mark.
func grTSScore(f SMEFacts, cs []Condition, r *Result) []Condition {
	src := grTSDoc + " 第七条"
	// (一) S&T staff share, 20 points; must not score 0 (Art. 6 (五)).
	st := Condition{Code: "S1", Name: "科技人员数占职工总数的比例",
		Threshold: "≥30%得20分，25%–30%得16分，20%–25%得12分，15%–20%得8分，10%–15%得4分，<10%得0分；该项得分不得为0（≥10%）",
		Source:    grTSDoc + " 第六条（五）、第七条（一）"}
	stR := grRange{0, 20}
	var stShare decimal.Decimal
	okStaff := grNeedInt(&st, f.Staff, "职工总数（Staff）")
	okST := grNeedInt(&st, f.STStaff, "科技人员数（STStaff）")
	if okStaff && okST {
		if *f.Staff <= 0 {
			stR = grRange{0, 0}
			st.Value = "职工总数为0，得0分"
		} else {
			stShare = decimal.NewFromInt(int64(*f.STStaff)).DivRound(decimal.NewFromInt(int64(*f.Staff)), 16)
			p, _ := grScore(stShare, grTSSTBands)
			stR = grRange{p, p}
			st.Value = fmt.Sprintf("%s（%d/%d人），得%d分", grPctBands(stShare, grTSSTBands), *f.STStaff, *f.Staff, p)
		}
		st.Pass = pass(stR.min > 0)
		if stR.min == 0 && *f.Staff > 0 {
			need := grCeilInt(decimal.NewFromInt(int64(*f.Staff)).Mul(grD("0.10"))) - int64(*f.STStaff)
			st.Gap = fmt.Sprintf("科技人员还需增加%d人（职工总数%d人不变，占比达到10%%）", need, *f.Staff)
		}
	}

	// (二) R&D input, 50 points: the better of the two measures.
	rd := Condition{Code: "S2", Name: "研发投入（择优计分）",
		Threshold: "计分项（满分50分）。研发费用占销售收入：≥6%得50分，5%–6%得40分，4%–5%得30分，3%–4%得20分，2%–3%得10分，<2%得0分；或占成本费用支出总额：≥30%得50分，25%–30%得40分，20%–25%得30分，15%–20%得20分，10%–15%得10分，<10%得0分",
		Source:    src + "（二）"}
	rdR := grRange{0, 50}
	var salesPts, costPts = -1, -1
	if grNeedDec(&rd, f.RD, "研究开发费用（RD）") {
		var parts []string
		if f.Sales != nil {
			if q, ok := grRatio(*f.RD, *f.Sales); ok {
				salesPts, _ = grScore(q, grTSSalesBand)
				parts = append(parts, fmt.Sprintf("占销售收入%s得%d分", grPctBands(q, grTSSalesBand), salesPts))
			} else {
				salesPts = 0
				parts = append(parts, "销售收入为0，按销售收入得0分")
			}
		} else {
			rd.Missing = append(rd.Missing, "年销售收入（Sales）")
		}
		if f.TotalCosts != nil {
			if q, ok := grRatio(*f.RD, *f.TotalCosts); ok {
				costPts, _ = grScore(q, grTSCostBand)
				parts = append(parts, fmt.Sprintf("占成本费用支出总额%s得%d分", grPctBands(q, grTSCostBand), costPts))
			} else {
				costPts = 0
				parts = append(parts, "成本费用支出总额为0，按成本费用得0分")
			}
		} else {
			rd.Missing = append(rd.Missing, "成本费用支出总额（TotalCosts）")
		}
		best := max(salesPts, costPts)
		switch {
		case salesPts >= 0 && costPts >= 0:
			rdR = grRange{best, best}
		case best == 50:
			rdR = grRange{50, 50}
			rd.Missing = nil // the other measure cannot do better
		case best >= 0:
			rdR = grRange{best, 50}
		}
		rd.Value = fmt.Sprintf("研发费用%s，%s；取%s", grYuan(*f.RD), strings.Join(parts, "，"), rdR)
	}

	// (三) S&T achievements, 30 points.
	ip := Condition{Code: "S3", Name: "科技成果（与主营产品相关的有效知识产权）",
		Threshold: "计分项（满分30分）：Ⅰ类知识产权≥1项得30分；Ⅱ类≥4项得24分，3项18分，2项12分，1项6分；无0分",
		Source:    src + "（三）"}
	ipR := grRange{0, 30}
	switch {
	case f.ClassI != nil && *f.ClassI >= 1:
		ipR = grRange{30, 30}
		ip.Value = fmt.Sprintf("Ⅰ类%d项，得30分", *f.ClassI)
	case f.ClassII != nil:
		p := grTSIIPoints[min(max(*f.ClassII, 0), 4)]
		if f.ClassI == nil {
			ipR = grRange{p, 30}
			ip.Missing = append(ip.Missing, "Ⅰ类知识产权数（ClassI）")
			ip.Value = fmt.Sprintf("Ⅱ类%d项（Ⅰ类未提供），得%s", *f.ClassII, ipR)
		} else {
			ipR = grRange{p, p}
			ip.Value = fmt.Sprintf("Ⅰ类0项，Ⅱ类%d项，得%d分", *f.ClassII, p)
		}
	default:
		if f.ClassI == nil {
			ip.Missing = append(ip.Missing, "Ⅰ类知识产权数（ClassI）")
		} else {
			ipR = grRange{0, 24}
		}
		ip.Missing = append(ip.Missing, "Ⅱ类知识产权数（ClassII）")
		ip.Value = "未提供，" + ipR.String()
	}

	total := grSum(stR, rdR, ipR)
	r.Score = &ScoreRange{Min: total.min, Max: total.max}
	tot := Condition{Code: "S", Name: "综合评分",
		Value:     fmt.Sprintf("%s（科技人员%s＋研发投入%s＋科技成果%s）", total, stR, rdR, ipR),
		Threshold: "≥60分，且科技人员指标得分不为0",
		Pass:      grRangeVs(total, 60), Source: grTSDoc + " 第六条（五）"}
	if tot.Pass == nil {
		tot.Missing = grAppendNew(grAppendNew(grAppendNew(nil, st.Missing...), rd.Missing...), ip.Missing...)
	}
	failing := tot.Pass != nil && !*tot.Pass
	if failing {
		tot.Gap = fmt.Sprintf("综合评分还差%d分", 60-total.max)
	}
	// Indicators: scored items, settled when exact or when the total is
	// decided whatever their value.
	for _, ind := range []struct {
		c *Condition
		r grRange
	}{{&rd, rdR}, {&ip, ipR}} {
		if ind.r.exact() || tot.Pass != nil {
			ind.c.Pass = pass(true)
			ind.c.Missing = nil
		}
	}
	if failing {
		// Next-band hints, in the firm's own numbers.
		if stR.exact() && stR.min < 20 && f.Staff != nil && *f.Staff > 0 {
			_, i := grScore(stShare, grTSSTBands)
			nb := grTSSTBands[i-1]
			need := grCeilInt(decimal.NewFromInt(int64(*f.Staff)).Mul(nb.min)) - int64(*f.STStaff)
			if st.Gap == "" {
				st.Gap = fmt.Sprintf("科技人员还需增加%d人（职工总数%d人不变，占比达到%s）可得%d分", need, *f.Staff, grPct(nb.min), nb.pts)
			}
		}
		if rdR.exact() && rdR.min < 50 && f.RD != nil {
			var hints []string
			if salesPts >= 0 && !f.Sales.IsZero() && grTSSalesBand[0].pts > rdR.min {
				nb := grTSAbove(grTSSalesBand, rdR.min)
				hints = append(hints, fmt.Sprintf("研发费用还需增加%s（占销售收入达到%s）可得%d分",
					grYuanGap(f.Sales.Mul(nb.min).Sub(*f.RD)), grPct(nb.min), nb.pts))
			}
			if costPts >= 0 && !f.TotalCosts.IsZero() {
				nb := grTSAbove(grTSCostBand, rdR.min)
				// R&D is part of total costs: (RD+x)/(C+x) ≥ t ⇔ x ≥ (tC−RD)/(1−t).
				x := f.TotalCosts.Mul(nb.min).Sub(*f.RD).Div(decimal.NewFromInt(1).Sub(nb.min))
				hints = append(hints, fmt.Sprintf("或研发费用还需增加%s（占成本费用支出总额达到%s）可得%d分",
					grYuanGap(x), grPct(nb.min), nb.pts))
			}
			rd.Gap = strings.TrimPrefix(strings.Join(hints, "；"), "或")
		}
		if ipR.exact() && ipR.min < 30 {
			if f.ClassII != nil && *f.ClassII < 4 {
				ip.Gap = fmt.Sprintf("再获得1项Ⅱ类知识产权可得%d分，或获得1项Ⅰ类知识产权可得30分", grTSIIPoints[*f.ClassII+1])
			} else {
				ip.Gap = "获得1项Ⅰ类知识产权可得30分"
			}
		}
	}
	return append(cs, st, rd, ip, tot)
}

// grBoolCond is a yes/no condition given as a fact.
func grBoolCond(code, name string, v *bool, threshold, source, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: threshold, Source: source}
	if grNeedBool(&c, v, fact) {
		c.Pass = pass(*v)
		if *v {
			c.Value = "是"
		} else {
			c.Value = "否"
			c.Gap = "不满足：" + threshold
		}
	}
	return c
}

// grMaxYuan is an amount that must not exceed limit (不超过, inclusive).
func grMaxYuan(code, name string, v *decimal.Decimal, limit decimal.Decimal, source, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: "≤" + grYuan(limit), Source: source}
	if grNeedDec(&c, v, fact) {
		c.Value = grYuanVs(*v, limit)
		c.Pass = pass(v.LessThanOrEqual(limit))
		if v.GreaterThan(limit) {
			c.Gap = name + "超过上限" + grYuanGap(v.Sub(limit))
		}
	}
	return c
}

// grTSAbove is the lowest band of bs worth more than have points.
func grTSAbove(bs []grBand, have int) grBand {
	for i := len(bs) - 1; i >= 0; i-- {
		if bs[i].pts > have {
			return bs[i]
		}
	}
	return bs[0]
}
