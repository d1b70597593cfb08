package qualify

import (
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
	grM50     = grK("50000000")
	grM80     = grK("80000000")
	grM100    = grK("100000000")
	grM12     = grK("12000000")
	grM30     = grK("30000000")
	grPct5    = grK("0.05")
	grPct6    = grK("0.06")
	grPct10   = grK("0.10")
	grPct50   = grK("0.50")
	grPct70   = grK("0.70")
	grPct90   = grK("0.90")
	grCagrSq  = nS("1.1025") // 1.05²
	grDebt70  = grK("0.70")
	grDebt75L = grK("0.75")

	// grLG26Src are the sources of the 2026 conditions 1–7.
	grLG26Src = [8]string{"",
		grLG26 + " 第1项（policy-rules §3.4）", grLG26 + " 第2项（policy-rules §3.4）", grLG26 + " 第3项（policy-rules §3.4）",
		grLG26 + " 第4项（policy-rules §3.4）", grLG26 + " 第5项（policy-rules §3.4）", grLG26 + " 第6项（policy-rules §3.4）",
		grLG26 + " 第7项（policy-rules §3.4）"}
)

func grGiant2026(f GradientFacts) Result {
	r := Result{Qualification: LittleGiant, RuleSet: grLGRuleSet26, Assumptions: []string{grLGS1}}
	y1, y2 := grYearNames(f.AssessedOn)
	src := &grLG26Src

	cs := make([]Condition, 0, 13)
	cs = append(cs, grBoolCond("1a", "有效的专精特新中小企业称号", f.SpecialisedTitle,
		"持有有效期内的专精特新中小企业称号", src[1], "是否持有有效的专精特新中小企业称号（SpecialisedTitle）"))
	cs = append(cs, grMinYears("1b", f.NicheYears, 3, src[1]))
	cs = append(cs, grMinYuan("2a", "上年度营业收入", f.Revenue, grM50, "营业收入", y1, src[2], "上一年度营业收入（Revenue）"))
	cs = append(cs, grShareMin("2b", f.MainRevenue, f.Revenue, grPct90, src[2]))
	if !f.ReReview {
		cs = append(cs, grCAGR("2c", f, y1, src[2]))
	}
	cs = append(cs, grDebtMax("2d", f.DebtRatio, grDebt75L, src[2]))

	// 3: total R&D of 2 years ≥ 12,000,000, and ≥ 3% of revenue each year.
	var buf [256]byte
	c3a := Condition{Code: "3a", Name: "近2年研发费用总额", Threshold: grM12.geYuan, Source: src[3]}
	okA := grNeedDec(&c3a, f.RD, "上一年度研发费用（RD）")
	okB := grNeedDec(&c3a, f.RD2, "上上年度研发费用（RD2）")
	if okA && okB {
		rd1, rd2 := nd(*f.RD), nd(*f.RD2)
		sum := rd1.add(rd2)
		b := grAppendYuanVs(buf[:0], sum, grM12.n)
		b = append(b, "（"...)
		b = append(b, y1...)
		b = grAppendYuan(b, rd1)
		b = append(b, "＋"...)
		b = append(b, y2...)
		b = grAppendYuan(b, rd2)
		c3a.Value = string(append(b, "）"...))
		c3a.Pass = pass(sum.ge(grM12.n))
		if sum.lt(grM12.n) {
			b = append(buf[:0], "研发费用还需增加"...)
			b = grAppendYuanGap(b, grM12.n.sub(sum))
			c3a.Gap = string(append(b, "（近2年合计）"...))
		}
	}
	c3b := Condition{Code: "3b", Name: "研发费用占营业收入比重（近2年每年）", Threshold: "近2年每年≥3%", Source: src[3]}
	grRDJoin(&c3b, []grRDYear{
		{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
		{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
	}, num{}, grPct3.n)
	cs = append(cs, c3a, c3b)

	// 4: ≥ 4 Class Ⅰ IP, own (not transferred), top-3 rights holder.
	c4 := Condition{Code: "4", Name: "与主导产品相关的Ⅰ类知识产权（非受让，权利人前三）",
		Threshold: "≥4项且实际应用；近三年获国家级科技奖励（前三）的除外", Source: src[4], Assumption: grLGTop3U}
	if f.NationalAwardRank >= 1 && f.NationalAwardRank <= 3 {
		c4.Value, c4.Pass = "免：近三年获国家级科技奖励（获奖单位第"+itoa(f.NationalAwardRank)+"）", pass(true)
	} else if grNeedInt(&c4, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）") {
		switch {
		case f.ClassITransferred != nil:
			n := *f.ClassI - *f.ClassITransferred
			b := appendInt(buf[:0], n)
			b = append(b, "项（Ⅰ类"...)
			b = appendInt(b, *f.ClassI)
			b = append(b, "项，其中受让"...)
			b = appendInt(b, *f.ClassITransferred)
			c4.Value = string(append(b, "项不计）"...))
			c4.Pass = pass(n >= 4)
			if n < 4 {
				c4.Gap = "还需" + itoa(4-n) + "项非受让的Ⅰ类知识产权"
			}
		case *f.ClassI < 4:
			c4.Value = "Ⅰ类" + itoa(*f.ClassI) + "项"
			c4.Pass = pass(false)
			c4.Gap = "还需" + itoa(4-*f.ClassI) + "项非受让的Ⅰ类知识产权"
		default:
			c4.Value = "Ⅰ类" + itoa(*f.ClassI) + "项（受让数量未提供）"
			c4.Missing = append(c4.Missing, "其中受让取得的Ⅰ类知识产权数（ClassITransferred）")
		}
	}
	cs = append(cs, c4)

	// 5: market share ≥ 10% (domestic or international niche) or top 3 in China.
	c5 := Condition{Code: "5", Name: "主导产品细分市场占有率", Threshold: "国内或国际细分市场占有率≥10%，或国内排名前三", Source: src[5]}
	var psA [3]*bool
	ps := psA[:0]
	b := buf[:0]
	nv := 0
	for _, m := range [2]struct {
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
		x := nd(*m.v)
		ps = append(ps, tri(x.ge(grPct10.n)))
		if nv > 0 {
			b = append(b, "，"...)
		}
		nv++
		b = append(b, m.name...)
		b = grAppendPctVs(b, x, grPct10.n)
	}
	if f.MarketTop3China == nil {
		ps = append(ps, nil)
		c5.Missing = append(c5.Missing, "国内细分市场排名是否前三（MarketTop3China）")
	} else {
		ps = append(ps, tri(*f.MarketTop3China))
		if nv > 0 {
			b = append(b, "，"...)
		}
		if *f.MarketTop3China {
			b = append(b, "国内排名前三"...)
		} else {
			b = append(b, "国内排名非前三"...)
		}
	}
	c5.Value = string(b)
	c5.Pass = grOr(ps...)
	if c5.Pass != nil {
		c5.Missing = nil
		if !*c5.Pass && f.NicheMarketShare != nil {
			b = append(buf[:0], "国内细分市场占有率还需提高"...)
			b = grAppendPoints(b, grPct10.n.sub(nd(*f.NicheMarketShare)))
			c5.Gap = string(append(b, "，或进入国内前三"...))
		}
	}
	cs = append(cs, c5)

	cs = append(cs, grBoolCond("6", "主导产品属于工业“六基”或产业链关键环节", f.LeadProductBasics,
		"主导产品属于工业“六基”领域或产业链关键环节", src[6], "主导产品是否属于工业“六基”或产业链关键环节（LeadProductBasics）"))

	if f.ReReview {
		c7 := Condition{Code: "7", Name: "专精特新发展评价得分（复核：近2年任一年）", Threshold: "近2年任一年≥60分", Source: src[7]}
		var spA [2]*bool
		sp := spA[:0]
		b := buf[:0]
		nv := 0
		for _, s := range [2]struct {
			v    *int
			name string
			fact string
		}{{f.PlatformScore, "本年", "专精特新发展评价得分（PlatformScore）"}, {f.PlatformScorePrev, "上年", "上年专精特新发展评价得分（PlatformScorePrev）"}} {
			if s.v == nil {
				sp = append(sp, nil)
				c7.Missing = append(c7.Missing, s.fact)
				continue
			}
			sp = append(sp, tri(*s.v >= 60))
			if nv > 0 {
				b = append(b, "，"...)
			}
			nv++
			b = append(b, s.name...)
			b = appendInt(b, *s.v)
			b = append(b, "分"...)
		}
		c7.Value = string(b)
		c7.Pass = grOr(sp...)
		if c7.Pass != nil {
			c7.Missing = nil
			if !*c7.Pass {
				c7.Gap = "评价得分还差" + itoa(60-max(*f.PlatformScore, *f.PlatformScorePrev)) + "分"
			}
		}
		cs = append(cs, c7)
	} else {
		cs = append(cs, grScoreCond("7", "专精特新发展评价得分", f.PlatformScore, 60, src[7], "专精特新发展评价得分（PlatformScore，平台计算）"))
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
	rev, rev3 := nd(*f.Revenue), nd(*f.Revenue3)
	if !rev3.isPos() {
		c.Value = "基期营业收入不为正，无法计算"
		c.Missing = append(c.Missing, "为正的基期营业收入（Revenue3）")
		return c
	}
	if rev.sign() < 0 {
		c.Value = "上一年度营业收入为负，无法计算"
		c.Missing = append(c.Missing, "非负的上一年度营业收入（Revenue）")
		return c
	}
	// The growth rate is shown only; the test (rev ≥ rev3 × 1.05²) is exact.
	g := nd(grSqrt(f.Revenue.DivRound(*f.Revenue3, 16)).Sub(decimal.NewFromInt(1)).Round(16))
	need := rev3.mul(grCagrSq)
	ok := rev.ge(need)
	var buf [192]byte
	b := buf[:0]
	if !ok && g.round(4).ge(grPct5.n) {
		b = append(b, "不足5%（"...)
		b = appendPlain(b, g.truncate(8).shift(2))
		b = append(b, "%）"...)
	} else {
		b = grAppendPct(b, g)
	}
	b = append(b, "（"...)
	b = grAppendYuan(b, rev3)
	b = append(b, "→"...)
	b = grAppendYuan(b, rev)
	c.Value = string(append(b, "）"...))
	c.Pass = pass(ok)
	if !ok {
		b = append(buf[:0], "营业收入还需增加"...)
		b = grAppendYuanGap(b, need.sub(rev))
		b = append(b, "（"...)
		b = append(b, y1...)
		c.Gap = string(append(b, "）"...))
	}
	return c
}

func grGiant2022(f GradientFacts) Result {
	r := Result{Qualification: LittleGiant, RuleSet: grLGRuleSet22}
	y1, y2 := grYearNames(f.AssessedOn)
	const src = grLG22 + "（policy-rules §3.4 2022年规则）"

	cs := make([]Condition, 0, 9)
	cs = append(cs, grMinYears("1", f.NicheYears, 3, src))
	cs = append(cs, grShareMin("2", f.MainRevenue, f.Revenue, grPct70, src))
	g := Condition{Code: "3", Name: "近2年主营业务收入平均增长率", Threshold: "≥5%", Source: src}
	if avg, ok := grAvgGrowth(&g, f); ok {
		g.Pass = pass(avg.ge(grPct5.n))
		g.Value = grPctVs(avg, grPct5.n) + strings.TrimPrefix(g.Value, grPct(avg))
		if avg.lt(grPct5.n) {
			g.Gap = "近2年主营业务收入平均增长率还需提高" + grPoints(grPct5.n.sub(avg))
		}
	}
	cs = append(cs, g)
	cs = append(cs, grDebtMax("4", f.DebtRatio, grDebt70, src))
	ms := Condition{Code: "5", Name: "主导产品国内细分市场占有率", Threshold: "≥10%", Source: src}
	if grNeedDec(&ms, f.NicheMarketShare, "国内细分市场占有率（NicheMarketShare）") {
		x := nd(*f.NicheMarketShare)
		ms.Value = grPctVs(x, grPct10.n)
		ms.Pass = pass(x.ge(grPct10.n))
		if !*ms.Pass {
			ms.Gap = "国内细分市场占有率还需提高" + grPoints(grPct10.n.sub(x))
		}
	}
	cs = append(cs, ms)
	cs = append(cs, grBoolCond("6", "自有品牌", f.OwnBrand, "拥有自主品牌", src, "是否拥有自主品牌（OwnBrand）"))
	cs = append(cs, grLG22RD(f, y1, y2, src))
	cs = append(cs, grBoolCond("8", "研发机构", f.HasRDInstitution, "自建或与高校、科研机构联合建立研发机构",
		src, "是否建有研发机构（HasRDInstitution）"))
	ip := Condition{Code: "9", Name: "与主导产品相关的Ⅰ类知识产权", Threshold: "≥2项且实际应用", Source: src}
	if grNeedInt(&ip, f.ClassI, "与主导产品相关的Ⅰ类知识产权数（ClassI）") {
		ip.Value = itoa(*f.ClassI) + "项"
		ip.Pass = pass(*f.ClassI >= 2)
		if *f.ClassI < 2 {
			ip.Gap = "还需" + itoa(2-*f.ClassI) + "项与主导产品相关并实际应用的Ⅰ类知识产权"
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
	years := []grRDYear{
		{when: y1, rd: f.RD, rev: f.Revenue, rdFact: "上一年度研发费用（RD）", revFact: "上一年度营业收入（Revenue）"},
		{when: y2, rd: f.RD2, rev: f.Revenue2, rdFact: "上上年度研发费用（RD2）", revFact: "上上年度营业收入（Revenue2）"},
	}
	rev := nd(*f.Revenue)
	switch {
	case rev.ge(grM100.n):
		grRDJoin(&c, years, num{}, grPct3.n)
		c.Value = "营业收入≥1亿元档（≥3%）：" + c.Value
	case rev.ge(grM50.n):
		grRDJoin(&c, years, num{}, grPct6.n)
		c.Value = "营业收入5000万–1亿元档（≥6%）：" + c.Value
	default:
		var ps []*bool
		var vals, gaps []string
		eq := num{}
		if f.NewEquity2y != nil {
			eq = nd(*f.NewEquity2y)
		}
		ps = append(ps, tri(eq.ge(grM80.n)))
		vals = append(vals, "近2年新增股权融资"+string(grAppendYuanVs(nil, eq, grM80.n)))
		if eq.lt(grM80.n) {
			gaps = append(gaps, "近2年新增股权融资还需增加"+string(grAppendYuanGap(nil, grM80.n.sub(eq))))
		}
		okA := grNeedDec(&c, f.RD, "上一年度研发费用（RD）")
		okB := grNeedDec(&c, f.RD2, "上上年度研发费用（RD2）")
		if okA && okB {
			sum := nd(*f.RD).add(nd(*f.RD2))
			ps = append(ps, tri(sum.ge(grM30.n)))
			vals = append(vals, "近2年研发费用总额"+string(grAppendYuanVs(nil, sum, grM30.n)))
			if sum.lt(grM30.n) {
				gaps = append(gaps, "研发费用还需增加"+string(grAppendYuanGap(nil, grM30.n.sub(sum)))+"（近2年合计）")
			}
		} else {
			ps = append(ps, nil)
		}
		if grNeedDec(&c, f.RDStaffShare, "研发人员占职工总数比重（RDStaffShare）") {
			sh := nd(*f.RDStaffShare)
			ps = append(ps, tri(sh.ge(grPct50.n)))
			vals = append(vals, "研发人员占比"+grPctVs(sh, grPct50.n))
			if sh.lt(grPct50.n) {
				gaps = append(gaps, "研发人员占比还需提高"+grPoints(grPct50.n.sub(sh)))
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

// grSqrt is the square root of a non-negative x to 16 decimal places, by
// Newton's iteration in exact decimals (no float).
func grSqrt(x decimal.Decimal) decimal.Decimal {
	if x.Sign() <= 0 {
		return decimal.Zero
	}
	two := decimal.NewFromInt(2)
	r := x
	if x.LessThan(decimal.NewFromInt(1)) {
		r = decimal.NewFromInt(1)
	}
	for range 200 {
		next := r.Add(x.DivRound(r, 24)).DivRound(two, 24)
		if next.Sub(r).Abs().LessThan(decimal.New(1, -22)) {
			return next.Round(16)
		}
		r = next
	}
	return r.Round(16)
}
