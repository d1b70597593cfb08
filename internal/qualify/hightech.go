package qualify

// High-tech enterprise recognition (高新技术企业认定): the eight conditions of
// 国科发火〔2016〕32号 第十一条 as defined by 国科发火〔2016〕195号 三, per
// ../shared/spec/policy-rules.md §1 (rules [P] unless an Assumption says
// otherwise).

import (
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// HTFacts are the facts the high-tech enterprise rules need. A nil pointer,
// a zero time or a zero-length slice means "not given"; a condition that
// needs it is then undetermined and the fact is listed in Missing. Money is
// in yuan (元), head counts in persons, ratios are plain ratios.
type HTFacts struct {
	// RegisteredOn is the registration (成立) date and ApplyOn the
	// application date; only the calendar dates are used (C1: ≥ 365 days).
	// ApplyOn also fixes which accounting years are required (the 3 years
	// before the application year, from the registration year on).
	RegisteredOn, ApplyOn time.Time
	// IPClassI and IPClassII are the numbers (items) of valid IP the firm
	// may use: Class Ⅰ (invention patents, new plant varieties, national
	// crop varieties, national new drugs, grade-1 protected TCM varieties,
	// IC layout designs) and Class Ⅱ (utility models, designs, software
	// copyrights; each usable in one application only). C2 needs ≥ 1 of
	// either; the counts also give the IP-quantity score band.
	IPClassI, IPClassII *int
	// CoreTechInFields is whether the core technology of the main
	// products (services) falls in 《国家重点支持的高新技术领域》 (C3). It
	// is an expert judgement: nil = undetermined.
	CoreTechInFields *bool
	// StaffMonthly and STStaffMonthly are the monthly start- and
	// end-of-month head counts (persons) of all staff and of S&T staff in
	// the last accounting year, one entry per month operated (12 for a full
	// year; at most the last 12 are used). Monthly average =
	// (Start+End)/2, annual average = Σ monthly averages / months given
	// (= /12 for a full year; months operated for a mid-year start [U]).
	StaffMonthly, STStaffMonthly []MonthHeads
	// StaffAvg and STStaffAvg are the annual averages (persons) given
	// directly; used when the monthly figures are not given.
	StaffAvg, STStaffAvg *decimal.Decimal
	// Years are the last up-to-3 accounting years before the application
	// year, oldest first (fewer for firms younger than 3 years; distinct
	// Year values). Years at or after ApplyOn's year are ignored; of more
	// than 3, the last 3 are used. They give C5 and the growth score.
	Years []HTYear
	// TotalRevenue (收入总额), NonTaxableRevenue (不征税收入) and HTRevenue
	// (高新技术产品（服务）收入, products plus technical income) are the
	// latest accounting year's, in yuan, for C6. A nil NonTaxableRevenue is
	// taken as 0 only where that cannot change the result (it can only
	// raise the share).
	TotalRevenue, NonTaxableRevenue, HTRevenue *decimal.Decimal
	// InnovationScore are the facts for the innovation-capability score
	// (C7); nil = none given (every expert item keeps its full range; the
	// IP-quantity and growth items are still computed from the facts
	// above).
	InnovationScore *HTScoreFacts
	// SeriousIncident is whether a major safety or quality accident or a
	// serious environmental violation (as found by the competent
	// authorities) occurred within the 365 days before applying (C8).
	SeriousIncident *bool
}

// MonthHeads is one month's head count (persons) at the start and at the
// end of the month.
type MonthHeads struct{ Start, End decimal.Decimal }

// HTYear is one accounting year's figures, in yuan.
type HTYear struct {
	Year int
	// Sales is 销售收入 = main-business + other-business revenue (income
	// tax return basis).
	Sales decimal.Decimal
	// RDInternal is internal R&D expense excluding "other" expenses
	// (personnel, direct inputs, depreciation, amortisation, design,
	// commissioning and trials).
	RDInternal decimal.Decimal
	// RDOther is 其他费用 (books, translation, consulting, IP fees,
	// travel, ...); capped at 20% of total R&D (see HTAssumeOtherCap).
	RDOther decimal.Decimal
	// EntrustedDomestic and EntrustedForeign are the amounts actually paid
	// for R&D entrusted to domestic and to foreign (incl. HK, Macau,
	// Taiwan) parties; both are counted at 80%.
	EntrustedDomestic, EntrustedForeign decimal.Decimal
	// NetAssets is year-end net assets (total assets − total liabilities,
	// audited), for the growth score; nil = not given.
	NetAssets *decimal.Decimal
}

// HTRuleSet names the rule set version screened by ScreenHighTech.
const HTRuleSet = "高新技术企业认定（国科发火〔2016〕32号、195号）"

// Sources (document and article) of the conditions.
const (
	htSrcC1  = "国科发火〔2016〕32号 第十一条（一）；国科发火〔2016〕195号 三（一）"
	htSrcC2  = "国科发火〔2016〕32号 第十一条（二）；国科发火〔2016〕195号 三（二）"
	htSrcC3  = "国科发火〔2016〕32号 第十一条（三）及附件《国家重点支持的高新技术领域》；国科发火〔2016〕195号 三（三）"
	htSrcC4  = "国科发火〔2016〕32号 第十一条（四）；国科发火〔2016〕195号 三（五）"
	htSrcC5  = "国科发火〔2016〕32号 第十一条（五）；国科发火〔2016〕195号 三（一）、三（六）"
	htSrcC5b = "国科发火〔2016〕32号 第十一条（五）；国科发火〔2016〕195号 三（六）2（7）、三（六）3"
	htSrcC6  = "国科发火〔2016〕32号 第十一条（六）；国科发火〔2016〕195号 三（四）"
	htSrcC7  = "国科发火〔2016〕32号 第十一条（七）；国科发火〔2016〕195号 三（七）"
	htSrcC8  = "国科发火〔2016〕32号 第十一条（八）；国科发火〔2016〕195号 三（一）、五（六）2"
)

// Assumption texts for [U] items of the conditions (policy-rules 1.3, 7).
const (
	HTAssumeOtherCap   = "【待核实】“其他费用”一般不得超过研究开发总费用20%的限额，按其他各项研发费用（委托研发按80%计）的0.25倍封顶（代数式，封顶后其他费用恰为总额的20%），逐年适用；若按封顶前总额的20%计算，封顶后占比仍超过20%（policy-rules H7 [U]）。"
	HTAssumeDomestic80 = "【待核实】境内研发费用占比中，委托境内研发费用同样按实际发生额的80%计入，与研发费用总额口径一致（原文未明确，policy-rules 1.3 [U]）。"
	HTAssumeMonths     = "【待核实】年度中间开业或终止经营的，全年月平均数按实际经营月数（给出的月数）而非12计算（policy-rules 1.3 [U]）。"
)

var (
	htFiftyMillion = decimal.NewFromInt(50_000_000)
	htTwoHundredM  = decimal.NewFromInt(200_000_000)
	htFivePct      = decimal.RequireFromString("0.05")
	htFourPct      = decimal.RequireFromString("0.04")
	htThreePct     = decimal.RequireFromString("0.03")
)

// ScreenHighTech screens a firm against the eight high-tech enterprise
// conditions (C1–C8; C5 has two parts, C5 for the R&D ratio and C5b for the
// domestic share). The verdict is Fails if any condition fails,
// Undetermined if none fails but one cannot be decided (expert judgement or
// missing facts), Qualifies otherwise. Score is the innovation-capability
// total as a range.
func ScreenHighTech(f HTFacts) Result {
	years, gaps := htUsableYears(f)
	score := HighTechScore(f)
	c5, c5b := htC5(years, gaps)
	conds := []Condition{htC1(f), htC2(f), htC3(f), htC4(f), c5, c5b, htC6(f), htC7(score), htC8(f)}

	res := Result{Qualification: HighTech, RuleSet: HTRuleSet, Verdict: Qualifies, Conditions: conds}
	total := score.Total
	res.Score = &total
	undecided := false
	for _, c := range conds {
		switch {
		case c.Pass == nil:
			undecided = true
		case !*c.Pass:
			res.Verdict = Fails
		}
		res.Missing = htAppendUnique(res.Missing, c.Missing...)
		if c.Assumption != "" {
			res.Assumptions = htAppendUnique(res.Assumptions, strings.SplitAfter(c.Assumption, "。")...)
		}
	}
	if res.Verdict != Fails && undecided {
		res.Verdict = Undetermined
	}
	return res
}

// htCivil is t's calendar date as a UTC midnight (the date as written,
// independent of t's zone).
func htCivil(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func htDate(t time.Time) string { return t.Format("2006-01-02") }

// htDays is the number of calendar days from a to b.
func htDays(a, b time.Time) int { return int(htCivil(b).Sub(htCivil(a)).Hours() / 24) }

func htC1(f HTFacts) Condition {
	c := Condition{Code: "C1", Name: "注册成立时间", Source: htSrcC1,
		Threshold: "注册成立一年以上，即至申请日≥365个日历天数"}
	if f.RegisteredOn.IsZero() {
		c.Missing = append(c.Missing, "注册成立日期")
	}
	if f.ApplyOn.IsZero() {
		c.Missing = append(c.Missing, "申请日期")
	}
	if len(c.Missing) > 0 {
		return c
	}
	days := htDays(f.RegisteredOn, f.ApplyOn)
	c.Value = htItoa(days) + "天（" + htDate(f.RegisteredOn) + "成立，" + htDate(f.ApplyOn) + "申请）"
	c.Pass = pass(days >= 365)
	if days < 365 {
		earliest := htCivil(f.RegisteredOn).AddDate(0, 0, 365)
		c.Gap = "还需" + htItoa(365-days) + "天，最早可于" + htDate(earliest) + "申请"
	}
	return c
}

func htC2(f HTFacts) Condition {
	c := Condition{Code: "C2", Name: "知识产权", Source: htSrcC2,
		Threshold: "拥有对主要产品（服务）在技术上发挥核心支持作用、在中国境内授权且有效的知识产权≥1项（Ⅰ类或Ⅱ类；Ⅱ类仅限使用一次；不含商标；核心支持作用由专家评定）"}
	cnt := func(p *int) string {
		if p == nil {
			return "未知"
		}
		return htItoa(*p) + "项"
	}
	c.Value = "Ⅰ类" + cnt(f.IPClassI) + "，Ⅱ类" + cnt(f.IPClassII)
	has := (f.IPClassI != nil && *f.IPClassI >= 1) || (f.IPClassII != nil && *f.IPClassII >= 1)
	switch {
	case has:
		c.Pass = pass(true)
	case f.IPClassI != nil && f.IPClassII != nil:
		c.Pass = pass(false)
		c.Gap = "需取得至少1项Ⅰ类或Ⅱ类知识产权（如发明专利、实用新型专利、外观设计专利或软件著作权）"
	default:
		if f.IPClassI == nil {
			c.Missing = append(c.Missing, "Ⅰ类知识产权数量")
		}
		if f.IPClassII == nil {
			c.Missing = append(c.Missing, "Ⅱ类知识产权数量")
		}
	}
	return c
}

func htC3(f HTFacts) Condition {
	c := Condition{Code: "C3", Name: "核心技术所属领域", Source: htSrcC3,
		Threshold: "对主要产品（服务）发挥核心支持作用的技术属于《国家重点支持的高新技术领域》（电子信息、生物与新医药、航空航天、新材料、高技术服务、新能源与节能、资源与环境、先进制造与自动化）；需专家判断"}
	switch {
	case f.CoreTechInFields == nil:
		c.Value = "待专家判断"
		c.Missing = []string{"核心技术是否属于《国家重点支持的高新技术领域》（专家判断）"}
	case *f.CoreTechInFields:
		c.Value, c.Pass = "属于", pass(true)
	default:
		c.Value, c.Pass = "不属于", pass(false)
		c.Gap = "主要产品（服务）的核心支持技术须属于《国家重点支持的高新技术领域》8个领域之一"
	}
	return c
}

// htAvg is an annual average head count: from the monthly figures when
// given (Σ(start+end)/(2·months), the last 12 months at most), else the
// average given directly. months is the number of months used (0 when the
// average was given).
func htAvg(monthly []MonthHeads, avg *decimal.Decimal) (v htFrac, ok bool, months int) {
	if len(monthly) > 0 {
		if len(monthly) > 12 {
			monthly = monthly[len(monthly)-12:]
		}
		sum := htZero
		for _, m := range monthly {
			sum = sum.Add(m.Start).Add(m.End)
		}
		return htF(sum, decimal.NewFromInt(int64(2*len(monthly)))), true, len(monthly)
	}
	if avg != nil {
		return htF(*avg, htOne), true, 0
	}
	return htFrac{}, false, 0
}

func htC4(f HTFacts) Condition {
	c := Condition{Code: "C4", Name: "科技人员占比", Source: htSrcC4,
		Threshold: "≥10%（当年科技人员数÷职工总数，均按全年月平均数：月平均数＝（月初数＋月末数）÷2，全年月平均数＝各月平均数之和÷12）"}
	staff, okS, mS := htAvg(f.StaffMonthly, f.StaffAvg)
	st, okT, mT := htAvg(f.STStaffMonthly, f.STStaffAvg)
	if !okS {
		c.Missing = append(c.Missing, "职工总数（全年各月月初、月末数或全年月平均数）")
	}
	if !okT {
		c.Missing = append(c.Missing, "科技人员数（全年各月月初、月末数或全年月平均数）")
	}
	if (mS > 0 && mS < 12) || (mT > 0 && mT < 12) {
		c.Assumption = HTAssumeMonths
	}
	if !okS || !okT {
		return c
	}
	if !staff.gt(htZero) {
		c.Value = "职工总数为0"
		c.Missing = append(c.Missing, "职工总数（给出的年平均数为0）")
		return c
	}
	ratio := st.div(staff)
	c.Value = htPct(ratio, &htTenPct) + "（科技人员年平均" + htNum(st.dec(2)) + "人÷职工总数年平均" + htNum(staff.dec(2)) + "人）"
	c.Pass = pass(ratio.ge(htTenPct))
	if !*c.Pass {
		need := staff.scale(htTenPct).sub(st) // 0.10 × staff − st
		n := need.ceil()
		hire := htF(need.num, need.den.Mul(decimal.RequireFromString("0.9"))).ceil()
		c.Gap = "科技人员还需增加" + n.String() + "人（年平均，按现有职工总数）；如为新招聘人员并计入职工总数，需增加" + hire.String() + "人"
	}
	return c
}

// htUsableYears returns the accounting years C5 and the growth score use
// (oldest first, at most 3, none at or after the application year) and the
// years required but not given (only known when ApplyOn is given: the 3
// years before the application year, from the registration year on).
func htUsableYears(f HTFacts) (years []HTYear, gaps []int) {
	years = f.Years
	if !slices.IsSortedFunc(years, func(a, b HTYear) int { return a.Year - b.Year }) {
		years = slices.Clone(years)
		slices.SortFunc(years, func(a, b HTYear) int { return a.Year - b.Year })
	}
	if !f.ApplyOn.IsZero() {
		ay := f.ApplyOn.Year()
		for len(years) > 0 && years[len(years)-1].Year >= ay {
			years = years[:len(years)-1]
		}
		first := ay - 3
		if !f.RegisteredOn.IsZero() && f.RegisteredOn.Year() > first {
			first = f.RegisteredOn.Year()
		}
		for y := first; y < ay; y++ {
			if !slices.ContainsFunc(years, func(h HTYear) bool { return h.Year == y }) {
				gaps = append(gaps, y)
			}
		}
	}
	if len(years) > 3 {
		years = years[len(years)-3:]
	}
	return years, gaps
}

// htYearsText names years: "2023年度", "2023、2024年度".
func htYearsText(ys []int) string {
	s := make([]string, len(ys))
	for i, y := range ys {
		s[i] = htItoa(y)
	}
	return strings.Join(s, "、") + "年度"
}

// htRDSums are the R&D sums over the years used, in yuan, with entrusted
// R&D at 80% and "other" capped (HTAssumeOtherCap).
type htRDSums struct {
	sales, rd, domestic decimal.Decimal
	capped              bool // the 20% cap on "other" applied in some year
	domesticEntrusted   bool // some domestic entrusted R&D (80% in the domestic share)
}

func htRD(years []HTYear) htRDSums {
	s := htRDSums{sales: htZero, rd: htZero, domestic: htZero}
	for _, y := range years {
		entD := y.EntrustedDomestic.Mul(htPoint8)
		ent := entD.Add(y.EntrustedForeign.Mul(htPoint8))
		n := y.RDInternal.Add(ent) // eligible non-"other" R&D
		other := y.RDOther
		if limit := n.Mul(htQuarter); other.GreaterThan(limit) {
			other, s.capped = limit, true
		}
		s.sales = s.sales.Add(y.Sales)
		s.rd = s.rd.Add(n).Add(other)
		s.domestic = s.domestic.Add(y.RDInternal).Add(other).Add(entD)
		if y.EntrustedDomestic.Sign() != 0 {
			s.domesticEntrusted = true
		}
	}
	return s
}

// htRDBand is the required R&D ratio for the latest year's sales (M32 第十一
// 条（五）: ≤50m → 5%; 50m < s ≤ 200m → 4%; > 200m → 3%).
func htRDBand(latest decimal.Decimal) (decimal.Decimal, string) {
	switch {
	case latest.LessThanOrEqual(htFiftyMillion):
		return htFivePct, "≥5%（最近一年销售收入5000万元（含）以下）"
	case latest.LessThanOrEqual(htTwoHundredM):
		return htFourPct, "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）"
	}
	return htThreePct, "≥3%（最近一年销售收入超过2亿元）"
}

func htC5(years []HTYear, gaps []int) (Condition, Condition) {
	c := Condition{Code: "C5", Name: "研究开发费用占比", Source: htSrcC5,
		Threshold: "近三个会计年度研究开发费用总额÷同期销售收入总额（实际经营不满三年的按实际经营时间）：最近一年销售收入5000万元（含）以下≥5%，超过5000万元至2亿元（含）≥4%，超过2亿元≥3%"}
	d := Condition{Code: "C5b", Name: "境内研究开发费用占比", Source: htSrcC5b,
		Threshold: "≥60%（近三个会计年度在中国境内发生的研究开发费用÷全部研究开发费用；委托境外（含港澳台）研发不计入境内）"}
	switch {
	case len(gaps) > 0:
		m := htYearsText(gaps) + "销售收入及研究开发费用"
		c.Missing, d.Missing = []string{m}, []string{m}
		return c, d
	case len(years) == 0:
		m := "近三个会计年度销售收入及研究开发费用"
		c.Missing, d.Missing = []string{m}, []string{m}
		return c, d
	}
	s := htRD(years)
	if s.capped {
		c.Assumption, d.Assumption = HTAssumeOtherCap, HTAssumeOtherCap
	}
	if s.domesticEntrusted {
		d.Assumption += HTAssumeDomestic80
	}
	period := htItoa(years[0].Year) + "–" + htItoa(years[len(years)-1].Year) + "年"
	if len(years) == 1 {
		period = htItoa(years[0].Year) + "年"
	}
	label := "近三年"
	if len(years) < 3 {
		label = "实际经营期（" + period + "）"
	}
	latest := years[len(years)-1].Sales
	req, band := htRDBand(latest)
	c.Threshold = band + "；近三个会计年度研究开发费用总额÷同期销售收入总额（实际经营不满三年的按实际经营时间）"

	if s.sales.Sign() <= 0 {
		c.Value = period + "销售收入合计为0，无法计算"
		c.Missing = []string{period + "销售收入"}
	} else {
		ratio := htF(s.rd, s.sales)
		c.Value = htPct(ratio, &req) + "（" + period + "研究开发费用合计" + htYuan(s.rd) + "÷销售收入合计" + htYuan(s.sales) + "；最近一年销售收入" + htYuan(latest) + "）"
		c.Pass = pass(ratio.ge(req))
		if !*c.Pass {
			c.Gap = label + "研发费用合计还需增加" + htYuanUp(req.Mul(s.sales).Sub(s.rd)) + "（按现有销售收入）"
		}
	}

	if s.rd.Sign() <= 0 {
		d.Value = period + "无研究开发费用"
		if c.Pass != nil && !*c.Pass {
			d.Pass = pass(false)
			d.Gap = "须有研究开发费用，其中境内发生的不低于60%"
		}
		return c, d
	}
	share := htF(s.domestic, s.rd)
	d.Value = htPct(share, &htSixty) + "（" + period + "境内研究开发费用" + htYuan(s.domestic) + "÷研究开发费用总额" + htYuan(s.rd) + "）"
	d.Pass = pass(share.ge(htSixty))
	if !*d.Pass {
		// (D + x) / (T + x) ≥ 0.6  ⇔  x ≥ (0.6T − D) / 0.4
		x := htSixty.Mul(s.rd).Sub(s.domestic).Div(decimal.RequireFromString("0.4"))
		d.Gap = "境内研发费用还需增加" + htYuanUp(x) + "（" + label + "合计，境外委托研发不变）"
	}
	return c, d
}

func htC6(f HTFacts) Condition {
	c := Condition{Code: "C6", Name: "高新技术产品（服务）收入占比", Source: htSrcC6,
		Threshold: "≥60%（近一年高新技术产品（服务）收入÷同期总收入，总收入＝收入总额－不征税收入）"}
	if f.HTRevenue == nil {
		c.Missing = append(c.Missing, "近一年高新技术产品（服务）收入")
	}
	if f.TotalRevenue == nil {
		c.Missing = append(c.Missing, "近一年收入总额")
	}
	if len(c.Missing) > 0 {
		return c
	}
	total := *f.TotalRevenue
	note := ""
	if f.NonTaxableRevenue != nil {
		total = total.Sub(*f.NonTaxableRevenue)
	} else {
		note = "；未给出不征税收入，按0计"
	}
	if total.Sign() <= 0 {
		c.Value = "总收入为" + htYuan(total) + "，无法计算"
		c.Missing = append(c.Missing, "近一年收入总额、不征税收入（总收入须大于0）")
		return c
	}
	ratio := htF(*f.HTRevenue, total)
	c.Value = htPct(ratio, &htSixty) + "（高新技术产品（服务）收入" + htYuan(*f.HTRevenue) + "÷总收入" + htYuan(total) + note + "）"
	ok := ratio.ge(htSixty)
	if !ok && f.NonTaxableRevenue == nil {
		// Non-taxable revenue would shrink the denominator: not decidable.
		c.Missing = append(c.Missing, "近一年不征税收入")
		c.Gap = "按收入总额计，高新技术产品（服务）收入还需增加" + htYuanUp(htSixty.Mul(total).Sub(*f.HTRevenue))
		return c
	}
	c.Pass = pass(ok)
	if !ok {
		c.Gap = "高新技术产品（服务）收入还需增加" + htYuanUp(htSixty.Mul(total).Sub(*f.HTRevenue)) + "（按现有总收入）"
	}
	return c
}

func htItemText(it HTScoreItem) string {
	if it.Band == "" {
		return htRange(it.Points)
	}
	return it.Band + " " + htRange(it.Points)
}

func htC7(s HTScore) Condition {
	c := Condition{Code: "C7", Name: "企业创新能力评价", Source: htSrcC7,
		Threshold: "综合得分70分以上（不含70分），即≥71分（知识产权≤30、科技成果转化能力≤30、研究开发组织管理水平≤20、企业成长性≤20）"}
	var ip, growth []string
	var conv HTScoreItem
	for _, it := range s.Items {
		switch it.Indicator {
		case "知识产权":
			short := map[string]string{"技术的先进程度": "先进程度", "知识产权数量": "数量", "知识产权获得方式": "获得方式"}[it.Name]
			if short == "" {
				if strings.HasPrefix(it.Name, "对主要产品") {
					short = "核心支持"
				} else {
					short = "标准"
				}
			}
			ip = append(ip, short+htItemText(it))
		case "科技成果转化能力":
			conv = it
		case "企业成长性":
			g := it.Name + htItemText(it)
			if it.Basis != "" && it.Missing == "" {
				g = it.Name + it.Basis + " " + htItemText(it)
			}
			growth = append(growth, g)
		}
		if it.Missing != "" {
			c.Missing = htAppendUnique(c.Missing, it.Missing)
		}
	}
	convText := htRange(s.Conversion)
	if conv.Band != "" {
		convText = conv.Band + " " + convText + "（" + conv.Basis + "）"
	}
	c.Value = htRange(s.Total) + "（知识产权" + htRange(s.IP) + "〔" + strings.Join(ip, "、") + "〕；科技成果转化能力" + convText +
		"；研究开发组织管理水平" + htRange(s.Org) + "；企业成长性" + htRange(s.Growth) + "〔" + strings.Join(growth, "、") + "〕）"
	c.Assumption = strings.Join(s.Assumptions, "")
	c.Pass = HTScorePass(s.Total)
	switch {
	case c.Pass == nil:
		c.Gap = "得分区间" + htRange(s.Total) + "，取决于专家评分：须达到71分，比可确定的下限还差" + htItoa(71-s.Total.Min) + "分"
	case *c.Pass:
		c.Missing = nil
	default:
		c.Missing = nil
		c.Gap = "最高可得" + htItoa(s.Total.Max) + "分，还需提高至少" + htItoa(71-s.Total.Max) + "分（达到71分）"
	}
	return c
}

func htC8(f HTFacts) Condition {
	c := Condition{Code: "C8", Name: "重大安全、质量事故或严重环境违法行为", Source: htSrcC8,
		Threshold: "申请认定前一年内（申请前365天之内，含申报年）未发生重大安全、重大质量事故或严重环境违法行为（以有关部门出具的意见为准）"}
	switch {
	case f.SeriousIncident == nil:
		c.Missing = []string{"申请前365天内是否发生重大安全、重大质量事故或严重环境违法行为"}
	case *f.SeriousIncident:
		c.Value, c.Pass = "发生", pass(false)
		c.Gap = "须待该事故或违法行为已不在申请前365天之内时再申请"
	default:
		c.Value, c.Pass = "未发生", pass(true)
	}
	return c
}
