package qualify

import (
	"strconv"
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
	grTSSizeMax   = grK("200000000")
	grTSSTBands   = grBands("0.30:20 0.25:16 0.20:12 0.15:8 0.10:4 -:0")
	grTSSalesBand = grBands("0.06:50 0.05:40 0.04:30 0.03:20 0.02:10 -:0")
	grTSCostBand  = grBands("0.30:50 0.25:40 0.20:30 0.15:20 0.10:10 -:0")
	grTSIIPoints  = []int{0, 6, 12, 18, 24} // by Class Ⅱ count, capped at 4
	grTSTenPct    = nS("0.10")
)

const grTSSrc6b = grTSDoc + " 第六条（二）"

// ScreenTechSME screens f against 科技型中小企业评价 (国科发政〔2017〕115号,
// policy-rules §2): the eligibility conditions of Art. 6 (一)–(四); then
// either direct qualification under Art. 8 (any one of ValidHTE,
// NationalAwardTop3, ProvincialRDInstitution, LedStandard — the score is
// then not computed and Result.Score is nil) or the Art. 7 score, which must
// be ≥ 60 with a non-zero S&T-staff score (Art. 6 (五)). Size limits are
// inclusive: 500 staff and 200,000,000 yuan pass, 501 and 200,000,001 fail.
func ScreenTechSME(f SMEFacts) Result {
	r := Result{Qualification: TechSME, RuleSet: grTSRuleSet}
	cs := make([]Condition, 0, 10)

	cs = append(cs, grBoolCond("E1", "境内注册居民企业", f.Resident,
		"在中国境内（不包括港、澳、台地区）注册的居民企业",
		grTSDoc+" 第六条（一）", "境内注册居民企业（Resident）"))

	// Art. 6 (二): size limits, inclusive (不超过).
	c := Condition{Code: "E2", Name: "职工总数", Threshold: "≤500人", Source: grTSSrc6b}
	if grTSStaffMax != 500 {
		c.Threshold = "≤" + itoa(grTSStaffMax) + "人"
	}
	if grNeedInt(&c, f.Staff, "职工总数（Staff）") {
		c.Value = itoa(*f.Staff) + "人"
		c.Pass = pass(*f.Staff <= grTSStaffMax)
		if *f.Staff > grTSStaffMax {
			c.Gap = "职工总数超过上限" + itoa(*f.Staff-grTSStaffMax) + "人"
		}
	}
	cs = append(cs, c)
	cs = append(cs, grMaxYuan("E3", "年销售收入", f.Sales, grTSSizeMax, grTSSrc6b, "年销售收入（Sales）"))
	cs = append(cs, grMaxYuan("E4", "资产总额", f.TotalAssets, grTSSizeMax, grTSSrc6b, "资产总额（TotalAssets）"))
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
	const src = grTSDoc + " 第七条"
	var buf [256]byte
	// (一) S&T staff share, 20 points; must not score 0 (Art. 6 (五)).
	st := Condition{Code: "S1", Name: "科技人员数占职工总数的比例",
		Threshold: "≥30%得20分，25%–30%得16分，20%–25%得12分，15%–20%得8分，10%–15%得4分，<10%得0分；该项得分不得为0（≥10%）",
		Source:    grTSDoc + " 第六条（五）、第七条（一）"}
	stR := grRange{0, 20}
	var stShare num
	okStaff := grNeedInt(&st, f.Staff, "职工总数（Staff）")
	okST := grNeedInt(&st, f.STStaff, "科技人员数（STStaff）")
	if okStaff && okST {
		if *f.Staff <= 0 {
			stR = grRange{0, 0}
			st.Value = "职工总数为0，得0分"
		} else {
			stShare = nI(int64(*f.STStaff)).divRound(nI(int64(*f.Staff)), 16)
			p, _ := grScore(stShare, grTSSTBands)
			stR = grRange{p, p}
			b := grAppendPctBands(buf[:0], stShare, grTSSTBands)
			b = append(b, "（"...)
			b = appendInt(b, *f.STStaff)
			b = append(b, '/')
			b = appendInt(b, *f.Staff)
			b = append(b, "人），得"...)
			b = appendInt(b, p)
			st.Value = string(append(b, "分"...))
		}
		st.Pass = pass(stR.min > 0)
		if stR.min == 0 && *f.Staff > 0 {
			need := grCeilInt(nI(int64(*f.Staff)).mul(grTSTenPct)) - int64(*f.STStaff)
			b := append(buf[:0], "科技人员还需增加"...)
			b = strconv.AppendInt(b, need, 10)
			b = append(b, "人（职工总数"...)
			b = appendInt(b, *f.Staff)
			st.Gap = string(append(b, "人不变，占比达到10%）"...))
		}
	}

	// (二) R&D input, 50 points: the better of the two measures.
	rd := Condition{Code: "S2", Name: "研发投入（择优计分）",
		Threshold: "计分项（满分50分）。研发费用占销售收入：≥6%得50分，5%–6%得40分，4%–5%得30分，3%–4%得20分，2%–3%得10分，<2%得0分；或占成本费用支出总额：≥30%得50分，25%–30%得40分，20%–25%得30分，15%–20%得20分，10%–15%得10分，<10%得0分",
		Source:    src + "（二）"}
	rdR := grRange{0, 50}
	var salesPts, costPts = -1, -1
	var rdV, salesV, costsV num
	if f.Sales != nil {
		salesV = nd(*f.Sales)
	}
	if f.TotalCosts != nil {
		costsV = nd(*f.TotalCosts)
	}
	if grNeedDec(&rd, f.RD, "研究开发费用（RD）") {
		rdV = nd(*f.RD)
		b := append(buf[:0], "研发费用"...)
		b = grAppendYuan(b, rdV)
		b = append(b, "，"...)
		n0 := len(b)
		if f.Sales != nil {
			if q, ok := grRatio(rdV, salesV); ok {
				salesPts, _ = grScore(q, grTSSalesBand)
				b = append(b, "占销售收入"...)
				b = grAppendPctBands(b, q, grTSSalesBand)
				b = append(b, "得"...)
				b = appendInt(b, salesPts)
				b = append(b, "分"...)
			} else {
				salesPts = 0
				b = append(b, "销售收入为0，按销售收入得0分"...)
			}
		} else {
			rd.Missing = append(rd.Missing, "年销售收入（Sales）")
		}
		if f.TotalCosts != nil {
			if len(b) > n0 {
				b = append(b, "，"...)
			}
			if q, ok := grRatio(rdV, costsV); ok {
				costPts, _ = grScore(q, grTSCostBand)
				b = append(b, "占成本费用支出总额"...)
				b = grAppendPctBands(b, q, grTSCostBand)
				b = append(b, "得"...)
				b = appendInt(b, costPts)
				b = append(b, "分"...)
			} else {
				costPts = 0
				b = append(b, "成本费用支出总额为0，按成本费用得0分"...)
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
		b = append(b, "；取"...)
		rd.Value = string(rdR.appendTo(b))
	}

	// (三) S&T achievements, 30 points.
	ip := Condition{Code: "S3", Name: "科技成果（与主营产品相关的有效知识产权）",
		Threshold: "计分项（满分30分）：Ⅰ类知识产权≥1项得30分；Ⅱ类≥4项得24分，3项18分，2项12分，1项6分；无0分",
		Source:    src + "（三）"}
	ipR := grRange{0, 30}
	switch {
	case f.ClassI != nil && *f.ClassI >= 1:
		ipR = grRange{30, 30}
		ip.Value = "Ⅰ类" + itoa(*f.ClassI) + "项，得30分"
	case f.ClassII != nil:
		p := grTSIIPoints[min(max(*f.ClassII, 0), 4)]
		if f.ClassI == nil {
			ipR = grRange{p, 30}
			ip.Missing = append(ip.Missing, "Ⅰ类知识产权数（ClassI）")
			b := append(buf[:0], "Ⅱ类"...)
			b = appendInt(b, *f.ClassII)
			b = append(b, "项（Ⅰ类未提供），得"...)
			ip.Value = string(ipR.appendTo(b))
		} else {
			ipR = grRange{p, p}
			b := append(buf[:0], "Ⅰ类0项，Ⅱ类"...)
			b = appendInt(b, *f.ClassII)
			b = append(b, "项，得"...)
			b = appendInt(b, p)
			ip.Value = string(append(b, "分"...))
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
	b := total.appendTo(buf[:0])
	b = append(b, "（科技人员"...)
	b = stR.appendTo(b)
	b = append(b, "＋研发投入"...)
	b = rdR.appendTo(b)
	b = append(b, "＋科技成果"...)
	b = ipR.appendTo(b)
	tot := Condition{Code: "S", Name: "综合评分",
		Value:     string(append(b, "）"...)),
		Threshold: "≥60分，且科技人员指标得分不为0",
		Pass:      grRangeVs(total, 60), Source: grTSDoc + " 第六条（五）"}
	if tot.Pass == nil {
		tot.Missing = grAppendNew(grAppendNew(grAppendNew(nil, st.Missing...), rd.Missing...), ip.Missing...)
	}
	failing := tot.Pass != nil && !*tot.Pass
	if failing {
		tot.Gap = "综合评分还差" + itoa(60-total.max) + "分"
	}
	// Indicators: scored items, settled when exact or when the total is
	// decided whatever their value.
	if rdR.exact() || tot.Pass != nil {
		rd.Pass = pass(true)
		rd.Missing = nil
	}
	if ipR.exact() || tot.Pass != nil {
		ip.Pass = pass(true)
		ip.Missing = nil
	}
	if failing {
		// Next-band hints, in the firm's own numbers.
		if stR.exact() && stR.min < 20 && f.Staff != nil && *f.Staff > 0 {
			_, i := grScore(stShare, grTSSTBands)
			nb := grTSSTBands[i-1]
			need := grCeilInt(nI(int64(*f.Staff)).mul(nb.min)) - int64(*f.STStaff)
			if st.Gap == "" {
				b := append(buf[:0], "科技人员还需增加"...)
				b = strconv.AppendInt(b, need, 10)
				b = append(b, "人（职工总数"...)
				b = appendInt(b, *f.Staff)
				b = append(b, "人不变，占比达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				st.Gap = string(append(b, "分"...))
			}
		}
		if rdR.exact() && rdR.min < 50 && f.RD != nil {
			b := buf[:0]
			if salesPts >= 0 && !salesV.isZero() && grTSSalesBand[0].pts > rdR.min {
				nb := grTSAbove(grTSSalesBand, rdR.min)
				b = append(b, "研发费用还需增加"...)
				b = grAppendYuanGap(b, salesV.mul(nb.min).sub(rdV))
				b = append(b, "（占销售收入达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				b = append(b, "分"...)
			}
			if costPts >= 0 && !costsV.isZero() {
				nb := grTSAbove(grTSCostBand, rdR.min)
				// R&D is part of total costs: (RD+x)/(C+x) ≥ t ⇔ x ≥ (tC−RD)/(1−t).
				x := costsV.mul(nb.min).sub(rdV).div(grOne.sub(nb.min))
				if len(b) > 0 {
					b = append(b, "；或"...)
				}
				b = append(b, "研发费用还需增加"...)
				b = grAppendYuanGap(b, x)
				b = append(b, "（占成本费用支出总额达到"...)
				b = grAppendPct(b, nb.min)
				b = append(b, "）可得"...)
				b = appendInt(b, nb.pts)
				b = append(b, "分"...)
			}
			rd.Gap = string(b)
		}
		if ipR.exact() && ipR.min < 30 {
			if f.ClassII != nil && *f.ClassII < 4 {
				ip.Gap = "再获得1项Ⅱ类知识产权可得" + itoa(grTSIIPoints[*f.ClassII+1]) + "分，或获得1项Ⅰ类知识产权可得30分"
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
func grMaxYuan(code, name string, v *decimal.Decimal, limit grT, source, fact string) Condition {
	c := Condition{Code: code, Name: name, Threshold: limit.leYuan, Source: source}
	if grNeedDec(&c, v, fact) {
		x := nd(*v)
		var buf [128]byte
		c.Value = string(grAppendYuanVs(buf[:0], x, limit.n))
		c.Pass = pass(x.le(limit.n))
		if x.gt(limit.n) {
			b := append(buf[:0], name...)
			b = append(b, "超过上限"...)
			c.Gap = string(grAppendYuanGap(b, x.sub(limit.n)))
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
