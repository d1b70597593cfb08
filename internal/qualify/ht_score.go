package qualify

import (
	"github.com/shopspring/decimal"
)

// HTScoreFacts are the facts for the innovation-capability score (C7,
// 国科发火〔2016〕195号 三（七）). Items that officials score by judgement are
// given as band letters, and the score keeps the band's whole point range
// (policy-rules G3). Zero values mean "not given"; an item not given
// contributes its full possible range (0 up to its maximum).
type HTScoreFacts struct {
	// IPAdvancement is the expert band for 技术的先进程度 (≤8 points):
	// "A" 高 7–8, "B" 较高 5–6, "C" 一般 3–4, "D" 较低 1–2, "E" 无 0;
	// "" = unknown (0–8).
	IPAdvancement string
	// IPCoreSupport is the expert band for 对主要产品（服务）在技术上发挥核心
	// 支持作用 (≤8 points), same letters and ranges as IPAdvancement.
	IPCoreSupport string
	// OwnRD is 知识产权获得方式 (≤6 points): true = 有自主研发 (A, 1–6),
	// false = 仅有受让、受赠和并购等 (B, 1–3); nil = unknown (0–6, or 1–6
	// when the firm is known to own IP). With no IP at all the item is 0.
	// (Replaces the brief's IPAcquisition band + OwnRD bool: the band is
	// determined by this one fact.)
	OwnRD *bool
	// Standards is the bonus item 参与编制国家标准、行业标准、检测方法、技术
	// 规范 (≤2 points): true 1–2, false 0, nil unknown 0–2.
	Standards *bool
	// ConversionsAvg is the annual average number of S&T achievements
	// converted in the last 3 years (count per year; one achievement
	// converted at home and abroad or into several products counts once).
	// nil = unknown (0–30).
	ConversionsAvg *decimal.Decimal
	// OrgBands are the points of the four R&D-organisation items, as
	// ranges (an expert's exact score is Min == Max): (1) R&D rules,
	// accounting and auxiliary ledger ≤6; (2) internal R&D institution and
	// industry–university–research cooperation ≤6; (3) conversion incentive
	// scheme and open platform ≤4; (4) talent training and reward ≤4.
	// Ranges are clamped to 0..item maximum. nil = unknown (0–20).
	OrgBands *[4]ScoreRange
}

// HTScoreItem is one scored item of the innovation-capability score.
type HTScoreItem struct {
	Indicator string     // 知识产权 / 科技成果转化能力 / 研究开发组织管理水平 / 企业成长性
	Name      string     // the item: 技术的先进程度, 净资产增长率, ...
	Band      string     // "A".."F"; "" when unknown or not banded
	Points    ScoreRange // the band's point range
	Basis     string     // what the band rests on: "Ⅰ类1项", "22.50%", "专家评定"
	Missing   string     // the fact that was not given, or ""
}

// HTScore is the innovation-capability score with its parts. All ranges are
// in points (integers).
type HTScore struct {
	Items                              []HTScoreItem
	IP, Conversion, Org, Growth, Total ScoreRange
	// NetAssetGrowth and SalesGrowth are the growth rates as exact
	// fractions rounded to 10 decimals (0.225 = 22.5%); nil when not
	// computable (see the items' Basis).
	NetAssetGrowth, SalesGrowth *decimal.Decimal
	Assumptions                 []string
}

// Assumption texts for [U] items of the score.
const (
	HTAssumeGrowthTwoYears     = "【待核实】实际经营仅两个会计年度的，成长性增长率按“第二年÷第一年－1”计算（policy-rules 1.4 [U]）。"
	HTAssumeGrowthYear1Zero    = "【待核实】第一年末净资产或第一年销售收入为0的“按后两年计算”，取“第三年÷第二年－1”（原文未给公式，policy-rules 1.4 [U]）。"
	HTAssumeGrowthOneYear      = "【待核实】实际经营仅一个会计年度的，无法计算增长率，成长性该项按0分计（policy-rules 1.4 未规定）。"
	HTAssumeConversionFraction = "【待核实】近三年科技成果转化年平均数大于0而不足1项的，原文档次（E档≥1项，F档0项）均不适用，按0–6分区间（F至E档）处理。"
)

var htIPBands = map[string]ScoreRange{
	"A": {7, 8}, "B": {5, 6}, "C": {3, 4}, "D": {1, 2}, "E": {0, 0},
}

// htBandItem scores an expert-banded IP item.
func htBandItem(name, band, missing string) HTScoreItem {
	it := HTScoreItem{Indicator: "知识产权", Name: name}
	if r, ok := htIPBands[band]; ok {
		it.Band, it.Points, it.Basis = band, r, "专家评定档次"
		return it
	}
	it.Points, it.Basis, it.Missing = ScoreRange{0, 8}, "未给出专家评定档次", missing
	return it
}

// htQuantityItem scores 知识产权数量 from the counts: Class Ⅰ ≥1 → A 7–8;
// Class Ⅱ ≥5 → B 5–6; 3–4 → C 3–4; 1–2 → D 1–2; none → E 0. An unknown
// count widens the range to every band still possible.
func htQuantityItem(c1, c2 *int) HTScoreItem {
	it := HTScoreItem{Indicator: "知识产权", Name: "知识产权数量"}
	band2 := func(n int) (string, ScoreRange) {
		switch {
		case n >= 5:
			return "B", ScoreRange{5, 6}
		case n >= 3:
			return "C", ScoreRange{3, 4}
		case n >= 1:
			return "D", ScoreRange{1, 2}
		}
		return "E", ScoreRange{0, 0}
	}
	switch {
	case c1 != nil && *c1 >= 1:
		it.Band, it.Points = "A", ScoreRange{7, 8}
		it.Basis = "Ⅰ类" + htItoa(*c1) + "项"
	case c1 != nil && c2 != nil:
		it.Band, it.Points = band2(*c2)
		it.Basis = "Ⅰ类0项，Ⅱ类" + htItoa(*c2) + "项"
	case c1 != nil: // no Class Ⅰ, Class Ⅱ unknown
		it.Points, it.Basis, it.Missing = ScoreRange{0, 6}, "Ⅰ类0项，Ⅱ类数量未知", "Ⅱ类知识产权数量"
	case c2 != nil: // Class Ⅰ unknown
		_, r := band2(*c2)
		it.Points, it.Basis, it.Missing = ScoreRange{r.Min, 8}, "Ⅰ类数量未知，Ⅱ类"+htItoa(*c2)+"项", "Ⅰ类知识产权数量"
	default:
		it.Points, it.Basis, it.Missing = ScoreRange{0, 8}, "知识产权数量未知", "Ⅰ类、Ⅱ类知识产权数量"
	}
	return it
}

// htConversionItem bands the 3-year annual average of conversions:
// ≥5 A 25–30; ≥4 B 19–24; ≥3 C 13–18; ≥2 D 7–12; ≥1 E 1–6; 0 F 0.
func htConversionItem(avg *decimal.Decimal) (HTScoreItem, string) {
	it := HTScoreItem{Indicator: "科技成果转化能力", Name: "近三年科技成果转化年平均数"}
	if avg == nil {
		it.Points, it.Basis, it.Missing = ScoreRange{0, 30}, "未给出", "近三年科技成果转化年平均数（项）"
		return it, ""
	}
	a := nd(*avg)
	var buf [48]byte
	b := append(buf[:0], "年均"...)
	b = htAppendNum(b, a)
	it.Basis = string(append(b, "项"...))
	for i := range htConversionBands {
		b := &htConversionBands[i]
		if a.ge(b.min) {
			it.Band, it.Points = b.band, b.r
			return it, ""
		}
	}
	if a.sign() > 0 {
		it.Band, it.Points = "E/F", ScoreRange{0, 6}
		return it, HTAssumeConversionFraction
	}
	it.Band, it.Points = "F", ScoreRange{0, 0}
	return it, ""
}

var htConversionBands = [...]struct {
	min  num
	band string
	r    ScoreRange
}{{nI(5), "A", ScoreRange{25, 30}}, {nI(4), "B", ScoreRange{19, 24}}, {nI(3), "C", ScoreRange{13, 18}}, {nI(2), "D", ScoreRange{7, 12}}, {nI(1), "E", ScoreRange{1, 6}}}

var htOrgNames = [4]string{
	"研发组织管理制度、研发投入核算体系、研发费用辅助账",
	"内部研发机构与产学研合作",
	"成果转化组织实施与激励奖励制度、开放式创新创业平台",
	"人才培养、引进与绩效评价奖励制度",
}
var htOrgMax = [4]int{6, 6, 4, 4}

// htOrgFill sets the four organisation items.
func htOrgFill(items []HTScoreItem, bands *[4]ScoreRange) {
	for i := range 4 {
		it := HTScoreItem{Indicator: "研究开发组织管理水平", Name: htOrgNames[i]}
		if bands == nil {
			it.Points, it.Basis, it.Missing = ScoreRange{0, htOrgMax[i]}, "未给出", "研究开发组织管理水平各项得分（专家评定）"
		} else {
			r := bands[i]
			r.Min = min(max(r.Min, 0), htOrgMax[i])
			r.Max = min(max(r.Max, r.Min), htOrgMax[i])
			it.Points, it.Basis = r, "专家评定"
		}
		items[i] = it
	}
}

// htGrowthRate is the official growth rate of xs (year-end net assets or
// yearly sales, oldest first, the firm's last 1–3 accounting years):
//
//	3 years: ½ × (X₂/X₁ + X₃/X₂) − 1; X₁ = 0 → X₃/X₂ − 1 [U]; X₂ = 0 → 0 points
//	2 years: X₂/X₁ − 1 [U]; X₁ = 0 → 0 points
//	1 year : not computable → 0 points [U]
//
// ok is false when the rule scores 0 without a rate (why says which rule).
func htGrowthRate(xs []num) (rate htFrac, ok bool, why, assumption string) {
	switch len(xs) {
	case 1:
		return htFrac{}, false, "仅一个会计年度，无法计算增长率，按0分", HTAssumeGrowthOneYear
	case 2:
		if xs[0].isZero() {
			return htFrac{}, false, "第一年为0，无后两年可算，按0分", HTAssumeGrowthTwoYears
		}
		return htFrac{xs[1].sub(xs[0]), xs[0]}, true, "", HTAssumeGrowthTwoYears
	}
	x1, x2, x3 := xs[0], xs[1], xs[2]
	if x2.isZero() {
		return htFrac{}, false, "第二年为0，按0分", ""
	}
	if x1.isZero() {
		return htFrac{x3.sub(x2), x2}, true, "第一年为0，按后两年计算", HTAssumeGrowthYear1Zero
	}
	// ½(X₂/X₁ + X₃/X₂) − 1 = (X₂² + X₁X₃ − 2X₁X₂) / (2X₁X₂)
	den := nTwo.mul(x1).mul(x2)
	return htFrac{x2.mul(x2).add(x1.mul(x3)).sub(den), den}, true, "", ""
}

var htGrowthBands = []struct {
	min  num
	band string
	r    ScoreRange
}{
	{nS("0.35"), "A", ScoreRange{9, 10}},
	{nS("0.25"), "B", ScoreRange{7, 8}},
	{nS("0.15"), "C", ScoreRange{5, 6}},
	{nS("0.05"), "D", ScoreRange{3, 4}},
}

// htGrowthBand bands a growth rate: ≥35% A 9–10; ≥25% B 7–8; ≥15% C 5–6;
// ≥5% D 3–4; >0 E 1–2; ≤0 F 0 (a negative rate scores 0).
func htGrowthBand(rate htFrac) (string, ScoreRange) {
	for _, b := range htGrowthBands {
		if rate.ge(b.min) {
			return b.band, b.r
		}
	}
	if rate.gt(nZero) {
		return "E", ScoreRange{1, 2}
	}
	return "F", ScoreRange{0, 0}
}

func htGrowthItem(name string, xs []decimal.Decimal, missing string) (HTScoreItem, *decimal.Decimal, string) {
	var ns []num
	if xs != nil {
		ns = make([]num, len(xs))
		for i, x := range xs {
			ns[i] = nd(x)
		}
	}
	it, rate, ok, a := htGrowthItemN(name, ns, missing)
	if !ok {
		return it, nil, a
	}
	return it, htRateDec(rate), a
}

// htRateDec is the growth rate as HTScore reports it: exact, rounded to 10
// decimals.
func htRateDec(rate htFrac) *decimal.Decimal {
	v := rate.num.dec().DivRound(rate.den.dec(), 10)
	return &v
}

// htGrowthItemN scores a growth item; ok says the rate was computed.
func htGrowthItemN(name string, xs []num, missing string) (it HTScoreItem, rate htFrac, ok bool, assumption string) {
	it = HTScoreItem{Indicator: "企业成长性", Name: name}
	if xs == nil {
		it.Points, it.Basis, it.Missing = ScoreRange{0, 10}, "未给出", missing
		return it, htFrac{}, false, ""
	}
	rate, ok, why, assumption := htGrowthRate(xs)
	if !ok {
		it.Band, it.Points, it.Basis = "F", ScoreRange{0, 0}, why
		return it, htFrac{}, false, assumption
	}
	it.Band, it.Points = htGrowthBand(rate)
	var buf [160]byte
	b := htAppendPct(buf[:0], rate, nil)
	if why != "" {
		b = append(b, "（"...)
		b = append(b, why...)
		b = append(b, "）"...)
	}
	it.Basis = string(b)
	return it, rate, true, assumption
}

func htSum(items []HTScoreItem) ScoreRange {
	var r ScoreRange
	for _, it := range items {
		r.Min += it.Points.Min
		r.Max += it.Points.Max
	}
	return r
}

// HighTechScore computes the innovation-capability score (C7) from the
// facts: the IP items from the expert bands and the IP counts, the
// conversion band from the 3-year average, the organisation items as
// given, and both growth sub-scores exactly from the years' net assets and
// sales. Unknown items keep their full range.
func HighTechScore(f HTFacts) HTScore {
	years, gaps := htUsableYears(f)
	return htScore(f, years, gaps, true, make([]HTScoreItem, 12))
}

// htScore is HighTechScore for the usable years and gaps of f, its items
// in items (12 of them); the growth rates (NetAssetGrowth, SalesGrowth) are
// set only when rates is true.
func htScore(f HTFacts, years []HTYear, gaps []int, rates bool, items []HTScoreItem) HTScore {
	var sf HTScoreFacts
	if f.InnovationScore != nil {
		sf = *f.InnovationScore
	}
	var s HTScore
	s.Items = items[:12]

	// 1. 知识产权 (≤30)
	ip := s.Items[0:5]
	ip[0] = htBandItem("技术的先进程度", sf.IPAdvancement, "知识产权技术先进程度档次（专家评定A–E）")
	ip[1] = htBandItem("对主要产品（服务）在技术上发挥核心支持作用", sf.IPCoreSupport, "知识产权核心支持作用档次（专家评定A–E）")
	ip[2] = htQuantityItem(f.IPClassI, f.IPClassII)
	acq := &ip[3]
	*acq = HTScoreItem{Indicator: "知识产权", Name: "知识产权获得方式"}
	noIP := f.IPClassI != nil && f.IPClassII != nil && *f.IPClassI == 0 && *f.IPClassII == 0
	switch {
	case noIP:
		acq.Band, acq.Points, acq.Basis = "", ScoreRange{0, 0}, "无知识产权"
	case sf.OwnRD == nil:
		acq.Points, acq.Basis, acq.Missing = ScoreRange{0, 6}, "未给出", "知识产权获得方式（是否有自主研发）"
		if (f.IPClassI != nil && *f.IPClassI > 0) || (f.IPClassII != nil && *f.IPClassII > 0) {
			acq.Points.Min = 1
		}
	case *sf.OwnRD:
		acq.Band, acq.Points, acq.Basis = "A", ScoreRange{1, 6}, "有自主研发"
	default:
		acq.Band, acq.Points, acq.Basis = "B", ScoreRange{1, 3}, "仅有受让、受赠和并购等"
	}
	std := &ip[4]
	*std = HTScoreItem{Indicator: "知识产权", Name: "参与编制国家标准、行业标准、检测方法、技术规范（加分项）"}
	switch {
	case sf.Standards == nil:
		std.Points, std.Basis, std.Missing = ScoreRange{0, 2}, "未给出", "是否参与编制国家或行业标准、检测方法、技术规范"
	case *sf.Standards:
		std.Band, std.Points, std.Basis = "A", ScoreRange{1, 2}, "是"
	default:
		std.Band, std.Points, std.Basis = "B", ScoreRange{0, 0}, "否"
	}
	s.IP = htSum(ip)
	s.IP.Min, s.IP.Max = min(s.IP.Min, 30), min(s.IP.Max, 30) // 加分后知识产权总分不超过30分

	// 2. 科技成果转化能力 (≤30)
	conv, a := htConversionItem(sf.ConversionsAvg)
	s.Assumptions = htAppendUnique(s.Assumptions, a)
	s.Conversion = conv.Points
	s.Items[5] = conv

	// 3. 研究开发组织管理水平 (≤20)
	org := s.Items[6:10]
	htOrgFill(org, sf.OrgBands)
	s.Org = htSum(org)

	// 4. 企业成长性 (≤20)
	var naA, salesA [3]num
	var na, sales []num
	naMissing, salesMissing := "近三个会计年度年末净资产", "近三个会计年度销售收入"
	if len(gaps) > 0 {
		gt := htYearsText(gaps)
		naMissing, salesMissing = gt+"年末净资产", gt+"销售收入"
	}
	if len(years) > 0 && len(gaps) == 0 {
		sales = salesA[:len(years)]
		na = naA[:len(years)]
		naGiven := true
		for i, y := range years {
			sales[i] = nd(y.Sales)
			switch {
			case y.NetAssets != nil:
				na[i] = nd(*y.NetAssets)
			case naGiven:
				naGiven, naMissing = false, htItoa(y.Year)+"年末净资产"
			}
		}
		if !naGiven {
			na = nil
		}
	}
	naItem, naRate, naOK, a1 := htGrowthItemN("净资产增长率", na, naMissing)
	salesItem, salesRate, salesOK, a2 := htGrowthItemN("销售收入增长率", sales, salesMissing)
	if rates {
		if naOK {
			s.NetAssetGrowth = htRateDec(naRate)
		}
		if salesOK {
			s.SalesGrowth = htRateDec(salesRate)
		}
	}
	s.Assumptions = htAppendUnique(s.Assumptions, a1, a2)
	s.Items[10], s.Items[11] = naItem, salesItem
	s.Growth = htSum(s.Items[10:12])

	s.Total = ScoreRange{
		Min: s.IP.Min + s.Conversion.Min + s.Org.Min + s.Growth.Min,
		Max: s.IP.Max + s.Conversion.Max + s.Org.Max + s.Growth.Max,
	}
	return s
}

// HTScorePass decides C7 from a score range: the total must be above 70
// (≥71, M195 三（七）“70分以上（不含70分）”). true when Min ≥ 71, false
// when Max ≤ 70, nil (undetermined, expert) otherwise.
func HTScorePass(r ScoreRange) *bool {
	switch {
	case r.Min >= 71:
		return pass(true)
	case r.Max <= 70:
		return pass(false)
	}
	return nil
}
