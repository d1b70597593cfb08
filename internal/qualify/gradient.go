package qualify

import (
	"time"

	"github.com/shopspring/decimal"
)

// GradientFacts are one firm's facts for 优质中小企业梯度培育 (quality-SME
// gradient cultivation): 创新型中小企业 (科技和创新型中小企业 from 2026),
// 专精特新中小企业 and 专精特新“小巨人”企业 (policy-rules §3).
//
// Years are counted back from the assessment: "Y-1" is the calendar year
// before AssessedOn (上一年度), "Y-2" the year before that (上上年度), "Y-3"
// the one before. Amounts are yuan, ratios are ratios (0.6 = 60%), counts
// are items or years. A nil pointer means "not given": a condition that
// needs it is undetermined and the fact is listed in Missing. Facts that
// only open an alternative route (awards, titles used for direct passes or
// waivers) are plain values: false or 0 means "not held / not claimed".
type GradientFacts struct {
	// AssessedOn is the date of assessment (申报/评价日期, a civil date; its
	// year, month and day are used as given). It selects the rules:
	// 工信部企业〔2022〕63号 from 2022-08-01 to 2026-03-31, 工信部企业〔2026〕2号
	// from 2026-04-01. Before 2022-08-01 (or zero) nothing is screened and
	// the result is undetermined.
	AssessedOn time.Time

	// Operating revenue 营业收入 (yuan) of Y-1, Y-2 and Y-3.
	Revenue, Revenue2, Revenue3 *decimal.Decimal
	// Main-business revenue 主营业务收入 (yuan) of Y-1, Y-2 and Y-3.
	MainRevenue, MainRevenue2, MainRevenue3 *decimal.Decimal
	// DebtRatio is the debt-to-asset ratio 资产负债率 at the end of Y-1.
	DebtRatio *decimal.Decimal
	// RD and RD2 are R&D expenses 研发费用 (yuan) of Y-1 and Y-2.
	RD, RD2 *decimal.Decimal
	// RDStaffShare is R&D staff / total staff (ratio) — 2022 小巨人, firms
	// with revenue under 50,000,000.
	RDStaffShare *decimal.Decimal

	// Intellectual property related to the lead product (与主导产品相关),
	// valid and in use. ClassI counts all Class Ⅰ IP (for 小巨人 only IP of
	// which the firm is among the first three rights holders); ClassISelf,
	// ClassIHighValue and ClassITransferred are the self-developed,
	// high-value and transferred-in (受让) items among them. ClassII counts
	// Class Ⅱ IP.
	ClassI, ClassISelf, ClassIHighValue, ClassITransferred, ClassII *int

	// NicheYears is the number of full years the firm has worked in its
	// niche market (细分市场) as of the end of Y-1.
	NicheYears *int
	// NewEquity2y and NewEquity3y are new paid-in equity from qualified
	// institutional investors (合格机构投资者实缴额, yuan) over the last 2 and
	// 3 years.
	NewEquity2y, NewEquity3y *decimal.Decimal

	// PlatformScore is the 专精特新发展 evaluation score computed by the
	// training platform under 工信厅企业〔2024〕75号 (an input; it is not
	// recomputed here). PlatformScorePrev is the previous year's score,
	// used for 小巨人 re-reviews (ReReview).
	PlatformScore, PlatformScorePrev *int
	ReReview                         bool

	// Market share of the lead product (ratio) in its domestic and
	// international niche markets; MarketTop3China: ranked top 3 in China;
	// MarketRankHigh: the share "ranks relatively high" (2026 专精特新
	// condition 5, a manual judgement).
	NicheMarketShare, IntlNicheMarketShare *decimal.Decimal
	MarketTop3China, MarketRankHigh        *bool

	// Titles held (valid at the assessment date): 科技和创新型/创新型中小企业
	// and 专精特新中小企业.
	TechInnovSME, SpecialisedTitle *bool

	// Best rank of the firm among the winning units of a national, resp.
	// provincial/ministerial, S&T award in the last 3 years (0 = none); best
	// national rank in the “创客中国” competition in the last 3 years.
	NationalAwardRank, ProvincialAwardRank, MakerChinaRank int
	// Innovative-SME direct passes: valid 高新技术企业, 国家技术创新示范企业,
	// 知识产权优势企业 or 知识产权示范企业 titles.
	ValidHTE, TechInnovDemo, IPAdvantage, IPDemo bool
	// ProvincialRDInstitution: a recognised provincial/ministerial-or-above
	// R&D institution. HasRDInstitution: an own or joint R&D institution of
	// any level (2022 小巨人 condition).
	ProvincialRDInstitution bool
	HasRDInstitution        *bool

	// The lead product (主导产品): in 《战略性新兴产业分类》; in 工业“六基”
	// or a key link of an industry chain (the 2022 专精特新 score also counts
	// 中华老字号 here); 补短板/锻长板/填空白 with results (2022 score).
	LeadProductStrategic, LeadProductBasics, LeadProductFillsGap *bool
	// OwnBrand: the firm has its own brand (2022 小巨人).
	OwnBrand *bool

	// 2022 专精特新 score inputs: digitalisation level (1, 2, 3 …) and the
	// number of quality-management items (certifications/awards) held.
	DigitalLevel, QualityItems *int
	// Points2022 are official points for the 2022 专精特新 indicators whose
	// bands the spec does not give; nil items are scored as a range.
	Points2022 SRDI2022Points
}

// SRDI2022Points are points, if known, for the 2022 专精特新 indicators whose
// band values were not found (policy-rules §3.3, §7 item 4). Each is capped
// at its maximum; nil means the item counts as [0, max].
type SRDI2022Points struct {
	NetMargin     *int // 净利润率 (max 10)
	DebtRatio     *int // 资产负债率 (max 5)
	Local         *int // 特色化指标, set by the province (max 15)
	IPCount       *int // 知识产权数量 (max 10)
	RDStaff       *int // 研发人员占比 (max 5)
	RDInstitution *int // 研发机构级别 (max 10)
}

// The regimes of policy-rules §3.1.
const (
	grRegimeNone = 0
	grRegime2022 = 2022
	grRegime2026 = 2026
)

const (
	grDoc2022 = "工信部企业〔2022〕63号"
	grDoc2026 = "工信部企业〔2026〕2号"
)

// grRegime picks the rule set by the civil date of assessment.
func grRegime(d time.Time) int {
	if d.IsZero() {
		return grRegimeNone
	}
	y, m, day := d.Date()
	k := y*10000 + int(m)*100 + day
	switch {
	case k >= 20260401:
		return grRegime2026
	case k >= 20220801:
		return grRegime2022
	}
	return grRegimeNone
}

// grNoRegime is the result when no implemented rule set applies.
func grNoRegime(q Qualification, d time.Time) Result {
	c := Condition{Code: "R", Name: "适用规则", Threshold: "评价日期在2022-08-01（工信部企业〔2022〕63号施行）或以后",
		Source: grDoc2022 + "；" + grDoc2026 + "（policy-rules §3.1）"}
	if d.IsZero() {
		c.Missing = []string{"评价日期（AssessedOn）"}
	} else {
		c.Value = d.Format("2006-01-02")
		c.Gap = "2022-08-01以前的评价规则未实现"
	}
	r := Result{Qualification: q, RuleSet: "（无适用规则）", Conditions: []Condition{c}}
	return grFinish(&r)
}

// grYearNames names the years before the assessment: Y-1 and Y-2.
func grYearNames(time.Time) (y1, y2 string) { return "上一年度", "上上年度" }

// ScreenInnovativeSME screens f against the 创新型中小企业评价标准 (annex to
// 工信部企业〔2022〕63号, policy-rules §3.2). From 2026-04-01 tech-based and
// innovative SMEs are one title, 科技和创新型中小企业, under 工信部企业〔2026〕2号;
// until its combined standard is issued the 63号 standard is applied (noted as
// an assumption). A direct pass (national or provincial S&T award in the
// last 3 years, ValidHTE, TechInnovDemo, IPAdvantage, IPDemo,
// ProvincialRDInstitution, or NewEquity3y ≥ 5,000,000) qualifies without
// scoring; otherwise the six indicators are scored (max 100) and the firm
// passes with ≥ 60 in total, innovation ≥ 20, growth ≥ 15 and
// specialisation ≥ 15.
func ScreenInnovativeSME(f GradientFacts) Result {
	switch grRegime(f.AssessedOn) {
	case grRegime2022:
		return grInnov(f, false)
	case grRegime2026:
		return grInnov(f, true)
	}
	return grNoRegime(InnovSME, f.AssessedOn)
}

// ScreenSpecialised screens f against the 专精特新中小企业 rules in force at
// f.AssessedOn: 工信部企业〔2022〕63号 up to 2026-03-31 (four conditions, the
// last being score ≥ 60 over 13 indicators or a direct condition; items
// whose bands are unknown are point ranges, so the total may be
// undetermined), 工信部企业〔2026〕2号 from 2026-04-01 (six conditions, policy-
// rules §3.3; the market-share rank is a manual judgement, the 专精特新发展
// score is an input). Result.RuleSet names the document.
func ScreenSpecialised(f GradientFacts) Result {
	switch grRegime(f.AssessedOn) {
	case grRegime2022:
		return grSRDI2022(f)
	case grRegime2026:
		return grSRDI2026(f)
	}
	return grNoRegime(Specialised, f.AssessedOn)
}

// ScreenLittleGiant screens f against the 专精特新“小巨人” rules in force at
// f.AssessedOn: 工信部企业〔2022〕63号 up to 2026-03-31, 工信部企业〔2026〕2号
// Annex 2 from 2026-04-01 (policy-rules §3.4). Result.RuleSet names the
// document.
func ScreenLittleGiant(f GradientFacts) Result {
	switch grRegime(f.AssessedOn) {
	case grRegime2022:
		return grGiant2022(f)
	case grRegime2026:
		return grGiant2026(f)
	}
	return grNoRegime(LittleGiant, f.AssessedOn)
}
