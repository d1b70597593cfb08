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
	htFiftyMillion = nI(50_000_000)
	htTwoHundredM  = nI(200_000_000)
	htFivePct      = nS("0.05")
	htFourPct      = nS("0.04")
	htThreePct     = nS("0.03")
)

// ScreenHighTech screens a firm against the eight high-tech enterprise
// conditions (C1–C8; C5 has two parts, C5 for the R&D ratio and C5b for the
// domestic share). The verdict is Fails if any condition fails,
// Undetermined if none fails but one cannot be decided (expert judgement or
// missing facts), Qualifies otherwise. Score is the innovation-capability
// total as a range.
func ScreenHighTech(f HTFacts) Result {
	years, gaps := htUsableYears(f)
	var items [12]HTScoreItem // only C7 reads them
	score := htScore(f, years, gaps, false, items[:])
	c5, c5b := htC5(years, gaps)
	conds := []Condition{htC1(f), htC2(f), htC3(f), htC4(f), c5, c5b, htC6(f), htC7(&score), htC8(f)}

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
			// each sentence of the assumption, as strings.SplitAfter(a, "。")
			a := c.Assumption
			for a != "" {
				i := strings.Index(a, "。")
				if i < 0 {
					res.Assumptions = htAppendUnique(res.Assumptions, a)
					break
				}
				res.Assumptions = htAppendUnique(res.Assumptions, a[:i+len("。")])
				a = a[i+len("。"):]
			}
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

func htAppendDate(b []byte, t time.Time) []byte { return t.AppendFormat(b, "2006-01-02") }

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
	var buf [96]byte
	b := appendInt(buf[:0], days)
	b = append(b, "天（"...)
	b = htAppendDate(b, f.RegisteredOn)
	b = append(b, "成立，"...)
	b = htAppendDate(b, f.ApplyOn)
	c.Value = string(append(b, "申请）"...))
	c.Pass = pass(days >= 365)
	if days < 365 {
		earliest := htCivil(f.RegisteredOn).AddDate(0, 0, 365)
		b = append(buf[:0], "还需"...)
		b = appendInt(b, 365-days)
		b = append(b, "天，最早可于"...)
		b = htAppendDate(b, earliest)
		c.Gap = string(append(b, "申请"...))
	}
	return c
}

func htC2(f HTFacts) Condition {
	c := Condition{Code: "C2", Name: "知识产权", Source: htSrcC2,
		Threshold: "拥有对主要产品（服务）在技术上发挥核心支持作用、在中国境内授权且有效的知识产权≥1项（Ⅰ类或Ⅱ类；Ⅱ类仅限使用一次；不含商标；核心支持作用由专家评定）"}
	cnt := func(b []byte, p *int) []byte {
		if p == nil {
			return append(b, "未知"...)
		}
		return append(appendInt(b, *p), "项"...)
	}
	var buf [64]byte
	b := cnt(append(buf[:0], "Ⅰ类"...), f.IPClassI)
	c.Value = string(cnt(append(b, "，Ⅱ类"...), f.IPClassII))
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
		sum := nZero
		for _, m := range monthly {
			sum = sum.add(nd(m.Start)).add(nd(m.End))
		}
		return htFrac{sum, htMonthDen[len(monthly)]}, true, len(monthly)
	}
	if avg != nil {
		return htFrac{nd(*avg), nOne}, true, 0
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
	if !staff.gt(nZero) {
		c.Value = "职工总数为0"
		c.Missing = append(c.Missing, "职工总数（给出的年平均数为0）")
		return c
	}
	ratio := st.div(staff)
	var buf [192]byte
	b := htAppendPct(buf[:0], ratio, &nTenPct)
	b = append(b, "（科技人员年平均"...)
	b = htAppendNum(b, st.dec(2))
	b = append(b, "人÷职工总数年平均"...)
	b = htAppendNum(b, staff.dec(2))
	c.Value = string(append(b, "人）"...))
	c.Pass = pass(ratio.ge(nTenPct))
	if !*c.Pass {
		need := staff.scale(nTenPct).sub(st) // 0.10 × staff − st
		n := need.ceil()
		hire := htFrac{need.num, need.den.mul(nPoint9)}.ceil()
		b = append(buf[:0], "科技人员还需增加"...)
		b = appendPlain(b, n)
		b = append(b, "人（年平均，按现有职工总数）；如为新招聘人员并计入职工总数，需增加"...)
		b = appendPlain(b, hire)
		c.Gap = string(append(b, "人"...))
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
	var buf [64]byte
	b := buf[:0]
	for i, y := range ys {
		if i > 0 {
			b = append(b, "、"...)
		}
		b = appendInt(b, y)
	}
	return string(append(b, "年度"...))
}

// htRDSums are the R&D sums over the years used, in yuan, with entrusted
// R&D at 80% and "other" capped (HTAssumeOtherCap).
type htRDSums struct {
	sales, rd, domestic decimal.Decimal
	capped              bool // the 20% cap on "other" applied in some year
	domesticEntrusted   bool // some domestic entrusted R&D (80% in the domestic share)
}

// htRDSumsN are htRDSums as nums.
type htRDSumsN struct {
	sales, rd, domestic num
	capped              bool
	domesticEntrusted   bool
}

func htRD(years []HTYear) htRDSums {
	n := htRDN(years)
	return htRDSums{sales: n.sales.dec(), rd: n.rd.dec(), domestic: n.domestic.dec(),
		capped: n.capped, domesticEntrusted: n.domesticEntrusted}
}

func htRDN(years []HTYear) htRDSumsN {
	var s htRDSumsN
	for _, y := range years {
		entD := nd(y.EntrustedDomestic).mul(nPoint8)
		ent := entD.add(nd(y.EntrustedForeign).mul(nPoint8))
		internal := nd(y.RDInternal)
		n := internal.add(ent) // eligible non-"other" R&D
		other := nd(y.RDOther)
		if limit := n.mul(nQuarter); other.gt(limit) {
			other, s.capped = limit, true
		}
		s.sales = s.sales.add(nd(y.Sales))
		s.rd = s.rd.add(n).add(other)
		s.domestic = s.domestic.add(internal).add(other).add(entD)
		if y.EntrustedDomestic.Sign() != 0 {
			s.domesticEntrusted = true
		}
	}
	return s
}

// htRDBand is the required R&D ratio for the latest year's sales (M32 第十一
// 条（五）: ≤50m → 5%; 50m < s ≤ 200m → 4%; > 200m → 3%).
func htRDBand(latest num) (num, string) {
	switch {
	case latest.le(htFiftyMillion):
		return htFivePct, "≥5%（最近一年销售收入5000万元（含）以下）"
	case latest.le(htTwoHundredM):
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
	s := htRDN(years)
	if s.capped {
		c.Assumption, d.Assumption = HTAssumeOtherCap, HTAssumeOtherCap
	}
	if s.domesticEntrusted {
		d.Assumption += HTAssumeDomestic80
	}
	var pb [32]byte
	p := appendInt(pb[:0], years[0].Year)
	if len(years) != 1 {
		p = append(p, "–"...)
		p = appendInt(p, years[len(years)-1].Year)
	}
	period := string(append(p, "年"...))
	label := "近三年"
	if len(years) < 3 {
		label = "实际经营期（" + period + "）"
	}
	latest := nd(years[len(years)-1].Sales)
	req, band := htRDBand(latest)
	c.Threshold = htRDThreshold(band)

	var buf [256]byte
	if s.sales.sign() <= 0 {
		c.Value = period + "销售收入合计为0，无法计算"
		c.Missing = []string{period + "销售收入"}
	} else {
		ratio := htFrac{s.rd, s.sales}
		b := htAppendPct(buf[:0], ratio, &req)
		b = append(b, "（"...)
		b = append(b, period...)
		b = append(b, "研究开发费用合计"...)
		b = htAppendYuan(b, s.rd)
		b = append(b, "÷销售收入合计"...)
		b = htAppendYuan(b, s.sales)
		b = append(b, "；最近一年销售收入"...)
		b = htAppendYuan(b, latest)
		c.Value = string(append(b, "）"...))
		c.Pass = pass(ratio.ge(req))
		if !*c.Pass {
			b = append(buf[:0], label...)
			b = append(b, "研发费用合计还需增加"...)
			b = htAppendYuanUp(b, req.mul(s.sales).sub(s.rd))
			c.Gap = string(append(b, "（按现有销售收入）"...))
		}
	}

	if s.rd.sign() <= 0 {
		d.Value = period + "无研究开发费用"
		if c.Pass != nil && !*c.Pass {
			d.Pass = pass(false)
			d.Gap = "须有研究开发费用，其中境内发生的不低于60%"
		}
		return c, d
	}
	share := htFrac{s.domestic, s.rd}
	b := htAppendPct(buf[:0], share, &nSixty)
	b = append(b, "（"...)
	b = append(b, period...)
	b = append(b, "境内研究开发费用"...)
	b = htAppendYuan(b, s.domestic)
	b = append(b, "÷研究开发费用总额"...)
	b = htAppendYuan(b, s.rd)
	d.Value = string(append(b, "）"...))
	d.Pass = pass(share.ge(nSixty))
	if !*d.Pass {
		// (D + x) / (T + x) ≥ 0.6  ⇔  x ≥ (0.6T − D) / 0.4
		x := nSixty.mul(s.rd).sub(s.domestic).div(nPoint4)
		b = append(buf[:0], "境内研发费用还需增加"...)
		b = htAppendYuanUp(b, x)
		b = append(b, "（"...)
		b = append(b, label...)
		d.Gap = string(append(b, "合计，境外委托研发不变）"...))
	}
	return c, d
}

const htC5Tail = "；近三个会计年度研究开发费用总额÷同期销售收入总额（实际经营不满三年的按实际经营时间）"

// htRDThreshold is band + htC5Tail.
func htRDThreshold(band string) string {
	switch band {
	case "≥5%（最近一年销售收入5000万元（含）以下）":
		return "≥5%（最近一年销售收入5000万元（含）以下）" + htC5Tail
	case "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）":
		return "≥4%（最近一年销售收入超过5000万元、2亿元（含）以下）" + htC5Tail
	case "≥3%（最近一年销售收入超过2亿元）":
		return "≥3%（最近一年销售收入超过2亿元）" + htC5Tail
	}
	return band + htC5Tail
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
	total := nd(*f.TotalRevenue)
	note := ""
	if f.NonTaxableRevenue != nil {
		total = total.sub(nd(*f.NonTaxableRevenue))
	} else {
		note = "；未给出不征税收入，按0计"
	}
	var buf [192]byte
	if total.sign() <= 0 {
		b := append(buf[:0], "总收入为"...)
		b = htAppendYuan(b, total)
		c.Value = string(append(b, "，无法计算"...))
		c.Missing = append(c.Missing, "近一年收入总额、不征税收入（总收入须大于0）")
		return c
	}
	htRev := nd(*f.HTRevenue)
	ratio := htFrac{htRev, total}
	b := htAppendPct(buf[:0], ratio, &nSixty)
	b = append(b, "（高新技术产品（服务）收入"...)
	b = htAppendYuan(b, htRev)
	b = append(b, "÷总收入"...)
	b = htAppendYuan(b, total)
	b = append(b, note...)
	c.Value = string(append(b, "）"...))
	ok := ratio.ge(nSixty)
	if !ok && f.NonTaxableRevenue == nil {
		// Non-taxable revenue would shrink the denominator: not decidable.
		c.Missing = append(c.Missing, "近一年不征税收入")
		b = append(buf[:0], "按收入总额计，高新技术产品（服务）收入还需增加"...)
		c.Gap = string(htAppendYuanUp(b, nSixty.mul(total).sub(htRev)))
		return c
	}
	c.Pass = pass(ok)
	if !ok {
		b = append(buf[:0], "高新技术产品（服务）收入还需增加"...)
		b = htAppendYuanUp(b, nSixty.mul(total).sub(htRev))
		c.Gap = string(append(b, "（按现有总收入）"...))
	}
	return c
}

// htAppendItemText appends an item's band and points: "A 7–8分", "0–6分".
func htAppendItemText(b []byte, it *HTScoreItem) []byte {
	if it.Band != "" {
		b = append(b, it.Band...)
		b = append(b, ' ')
	}
	return htAppendRange(b, it.Points)
}

// htIPShort is the short name of an IP item in the C7 value.
func htIPShort(name string) string {
	switch name {
	case "技术的先进程度":
		return "先进程度"
	case "知识产权数量":
		return "数量"
	case "知识产权获得方式":
		return "获得方式"
	}
	if strings.HasPrefix(name, "对主要产品") {
		return "核心支持"
	}
	return "标准"
}

func htC7(s *HTScore) Condition {
	c := Condition{Code: "C7", Name: "企业创新能力评价", Source: htSrcC7,
		Threshold: "综合得分70分以上（不含70分），即≥71分（知识产权≤30、科技成果转化能力≤30、研究开发组织管理水平≤20、企业成长性≤20）"}
	var ipb, grb [384]byte
	ip, growth := ipb[:0], grb[:0]
	var conv *HTScoreItem
	for i := range s.Items {
		it := &s.Items[i]
		switch it.Indicator {
		case "知识产权":
			if len(ip) > 0 {
				ip = append(ip, "、"...)
			}
			ip = append(ip, htIPShort(it.Name)...)
			ip = htAppendItemText(ip, it)
		case "科技成果转化能力":
			conv = it
		case "企业成长性":
			if len(growth) > 0 {
				growth = append(growth, "、"...)
			}
			growth = append(growth, it.Name...)
			if it.Basis != "" && it.Missing == "" {
				growth = append(growth, it.Basis...)
				growth = append(growth, ' ')
			}
			growth = htAppendItemText(growth, it)
		}
		if it.Missing != "" {
			c.Missing = htAppendUnique(c.Missing, it.Missing)
		}
	}
	var buf [1024]byte
	b := htAppendRange(buf[:0], s.Total)
	b = append(b, "（知识产权"...)
	b = htAppendRange(b, s.IP)
	b = append(b, "〔"...)
	b = append(b, ip...)
	b = append(b, "〕；科技成果转化能力"...)
	if conv != nil && conv.Band != "" {
		b = append(b, conv.Band...)
		b = append(b, ' ')
		b = htAppendRange(b, s.Conversion)
		b = append(b, "（"...)
		b = append(b, conv.Basis...)
		b = append(b, "）"...)
	} else {
		b = htAppendRange(b, s.Conversion)
	}
	b = append(b, "；研究开发组织管理水平"...)
	b = htAppendRange(b, s.Org)
	b = append(b, "；企业成长性"...)
	b = htAppendRange(b, s.Growth)
	b = append(b, "〔"...)
	b = append(b, growth...)
	c.Value = string(append(b, "〕）"...))
	switch len(s.Assumptions) {
	case 0:
	case 1:
		c.Assumption = s.Assumptions[0]
	default:
		c.Assumption = strings.Join(s.Assumptions, "")
	}
	c.Pass = HTScorePass(s.Total)
	switch {
	case c.Pass == nil:
		b = append(buf[:0], "得分区间"...)
		b = htAppendRange(b, s.Total)
		b = append(b, "，取决于专家评分：须达到71分，比可确定的下限还差"...)
		b = appendInt(b, 71-s.Total.Min)
		c.Gap = string(append(b, "分"...))
	case *c.Pass:
		c.Missing = nil
	default:
		c.Missing = nil
		b = append(buf[:0], "最高可得"...)
		b = appendInt(b, s.Total.Max)
		b = append(b, "分，还需提高至少"...)
		b = appendInt(b, 71-s.Total.Max)
		c.Gap = string(append(b, "分（达到71分）"...))
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
