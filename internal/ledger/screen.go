package ledger

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Condition is one criterion of a screening: the carrier's value, the
// threshold, whether it passes (nil: undetermined, a fact is missing) and
// the source.
type Condition struct {
	Code      string
	Name      string
	Value     string
	Threshold string
	Pass      *bool
	Missing   string // the fact to supply when Pass is nil
}

// Screening is a carrier screened against the national-incubator criteria
// on a day.
type Screening struct {
	Carrier     Carrier
	Day         time.Time
	Specialised bool
	Conditions  []Condition
	// Verdict: 符合 when every condition passes, 不符合 when one fails, else
	// 待定 (facts missing).
	Verdict string
	Source  string
}

// NationalIncubatorSource is the rule's source.
const NationalIncubatorSource = "《科技企业孵化器管理办法》（国科发区〔2018〕300号）国家级科技企业孵化器认定条件 [S2]; policy-rules §5.6"

// ScreenNationalIncubator checks a carrier against the criteria for a
// national-level technology business incubator (国科发区〔2018〕300号, policy-
// rules §5.6 [S2]) on day, with the firms it incubates (stays in any
// carrier are filtered to this one by name):
//
//	N1 independent legal person; N2 operating ≥ 3 years; N3 ≥ 2 consecutive
//	years of statistics; N4 site ≥ 10,000 m²; N5 ≥ 75% of it used by
//	incubated firms; N6 seed/incubation fund ≥ 500万元; N7 ≥ 10% of
//	incubated firms financed; N8 ≥ 3 fund-use cases; N9 professional staff
//	≥ 80% of staff; N10 per 10 incubated firms ≥ 1 service person and ≥ 1
//	mentor; N11 ≥ 50% applied for patents or ≥ 30% hold valid IP; N12 ≥ 50
//	incubated firms and ≥ 3 per 1,000 m² of site; N13 ≥ 20 graduates.
//
// A specialised incubator (SpecialisedField set) needs ≥ 75% of its firms in
// that industry (N14), ≥ 30 firms, ≥ 2 per 1,000 m² and ≥ 15 graduates.
// Shares are of the firms in incubation on day; a share some of whose firms
// lack the fact is decided when the known ones settle it, else undetermined.
func ScreenNationalIncubator(c Carrier, firms []IncubatedFirm, day time.Time) Screening {
	s := Screening{Carrier: c, Day: day, Specialised: c.SpecialisedField != "", Source: NationalIncubatorSource}
	var in []IncubatedFirm
	graduates := 0
	for _, f := range firms {
		if f.Carrier != c.Name {
			continue
		}
		if f.In(day) {
			in = append(in, f)
		}
		if f.Graduated(day) {
			graduates++
		}
	}
	n := len(in)
	minFirms, perK, minGrad := 50, decimal.NewFromInt(3), 20
	if s.Specialised {
		minFirms, perK, minGrad = 30, decimal.NewFromInt(2), 15
	}
	add := func(code, name, value, threshold string, pass *bool, missing string) {
		s.Conditions = append(s.Conditions, Condition{code, name, value, threshold, pass, missing})
	}
	b := func(v bool) *bool { return &v }

	if c.LegalPerson == nil {
		add("N1", "独立法人", "—", "具有独立法人资格", nil, "是否独立法人")
	} else {
		add("N1", "独立法人", map[bool]string{true: "是", false: "否"}[*c.LegalPerson], "具有独立法人资格", b(*c.LegalPerson), "")
	}
	if c.OperatingFrom == nil {
		add("N2", "运营时间", "—", "满3年", nil, "开始运营日期")
	} else {
		add("N2", "运营时间", fmt.Sprintf("%d个月（自%s）", Months(*c.OperatingFrom, day), Day(*c.OperatingFrom)), "满3年（36个月）",
			b(!c.OperatingFrom.AddDate(3, 0, 0).After(day)), "")
	}
	if c.StatsYears == nil {
		add("N3", "连续报送统计数据", "—", "≥2年", nil, "连续报送火炬统计年数")
	} else {
		add("N3", "连续报送统计数据", fmt.Sprintf("%d年", *c.StatsYears), "≥2年", b(*c.StatsYears >= 2), "")
	}
	tenK := decimal.NewFromInt(10000)
	if c.SiteM2 == nil {
		add("N4", "孵化场地面积", "—", "≥10000平方米", nil, "场地面积")
	} else {
		add("N4", "孵化场地面积", c.SiteM2.String()+"平方米", "≥10000平方米", b(c.SiteM2.GreaterThanOrEqual(tenK)), "")
	}
	if c.SiteM2 == nil || c.IncubationM2 == nil || c.SiteM2.IsZero() {
		add("N5", "在孵企业使用面积占比", "—", "≥75%（含公共服务面积）", nil, "在孵企业使用面积")
	} else {
		r := c.IncubationM2.Div(*c.SiteM2)
		add("N5", "在孵企业使用面积占比", fmt.Sprintf("%s%%（%s÷%s平方米）", pct(r), c.IncubationM2, c.SiteM2), "≥75%（含公共服务面积）",
			b(r.GreaterThanOrEqual(decimal.RequireFromString("0.75"))), "")
	}
	if c.SeedFund == nil {
		add("N6", "孵化基金", "—", "≥500万元", nil, "种子资金或孵化基金")
	} else {
		add("N6", "孵化基金", c.SeedFund.String(), "≥500万元", b(*c.SeedFund >= Wan(500)), "")
	}
	add("N7", "获投融资在孵企业占比", shareValue(in, func(f IncubatedFirm) *bool { return f.Financed }), "≥10%",
		shareAtLeast(in, func(f IncubatedFirm) *bool { return f.Financed }, decimal.RequireFromString("0.1")), "在孵企业是否获投融资")
	if c.FundCases == nil {
		add("N8", "孵化基金使用案例", "—", "≥3个", nil, "基金使用案例数")
	} else {
		add("N8", "孵化基金使用案例", fmt.Sprintf("%d个", *c.FundCases), "≥3个", b(*c.FundCases >= 3), "")
	}
	if c.Staff == nil || c.Professional == nil || *c.Staff == 0 {
		add("N9", "专业孵化服务人员占比", "—", "≥80%", nil, "从业人员与专业服务人员数")
	} else {
		r := decimal.NewFromInt(int64(*c.Professional)).Div(decimal.NewFromInt(int64(*c.Staff)))
		add("N9", "专业孵化服务人员占比", fmt.Sprintf("%s%%（%d÷%d人）", pct(r), *c.Professional, *c.Staff), "≥80%",
			b(r.GreaterThanOrEqual(decimal.RequireFromString("0.8"))), "")
	}
	if c.Professional == nil || c.Mentors == nil {
		add("N10", "每10家在孵企业服务人员与导师", "—", "各≥1名", nil, "专业服务人员与创业导师数")
	} else {
		ok := *c.Professional*10 >= n && *c.Mentors*10 >= n
		add("N10", "每10家在孵企业服务人员与导师", fmt.Sprintf("服务人员%d名、导师%d名／在孵企业%d家", *c.Professional, *c.Mentors, n), "各≥1名", b(ok), "")
	}
	pat := shareAtLeast(in, func(f IncubatedFirm) *bool { return f.PatentApplied }, decimal.RequireFromString("0.5"))
	ip := shareAtLeast(in, func(f IncubatedFirm) *bool { return f.HoldsIP }, decimal.RequireFromString("0.3"))
	var either *bool
	switch {
	case (pat != nil && *pat) || (ip != nil && *ip):
		either = b(true)
	case pat != nil && ip != nil:
		either = b(false)
	}
	add("N11", "知识产权", "申请专利"+shareValue(in, func(f IncubatedFirm) *bool { return f.PatentApplied })+"，拥有有效知识产权"+shareValue(in, func(f IncubatedFirm) *bool { return f.HoldsIP }),
		"申请专利的≥50%，或拥有有效知识产权的≥30%", either, "在孵企业专利申请与知识产权情况")
	if c.SiteM2 == nil || c.SiteM2.IsZero() {
		add("N12", "在孵企业数与密度", fmt.Sprintf("%d家", n), fmt.Sprintf("≥%d家且每千平方米≥%s家", minFirms, perK), nil, "场地面积")
	} else {
		dens := decimal.NewFromInt(int64(n)).Mul(decimal.NewFromInt(1000)).Div(*c.SiteM2)
		add("N12", "在孵企业数与密度", fmt.Sprintf("%d家，每千平方米%s家", n, dens.Round(2)), fmt.Sprintf("≥%d家且每千平方米≥%s家", minFirms, perK),
			b(n >= minFirms && dens.GreaterThanOrEqual(perK)), "")
	}
	add("N13", "累计毕业企业", fmt.Sprintf("%d家", graduates), fmt.Sprintf("≥%d家", minGrad), b(graduates >= minGrad), "")
	if s.Specialised {
		same := 0
		for _, f := range in {
			if f.Industry == c.SpecialisedField {
				same++
			}
		}
		var r decimal.Decimal
		if n > 0 {
			r = decimal.NewFromInt(int64(same)).Div(decimal.NewFromInt(int64(n)))
		}
		add("N14", "专业孵化器同一领域企业占比", fmt.Sprintf("%s%%（%d÷%d家，%s）", pct(r), same, n, c.SpecialisedField), "≥75%",
			b(n > 0 && r.GreaterThanOrEqual(decimal.RequireFromString("0.75"))), "")
	}
	s.Verdict = "符合"
	for _, x := range s.Conditions {
		if x.Pass == nil && s.Verdict == "符合" {
			s.Verdict = "待定"
		}
		if x.Pass != nil && !*x.Pass {
			s.Verdict = "不符合"
			break
		}
	}
	return s
}

// pct prints a ratio as a percentage with one decimal, rounded half up.
func pct(r decimal.Decimal) string { return r.Shift(2).Round(1).StringFixed(1) }

// shareValue prints "40.0%（20÷50家，3家未填）".
func shareValue(in []IncubatedFirm, fact func(IncubatedFirm) *bool) string {
	yes, unknown := 0, 0
	for _, f := range in {
		switch v := fact(f); {
		case v == nil:
			unknown++
		case *v:
			yes++
		}
	}
	if len(in) == 0 {
		return "—（无在孵企业）"
	}
	s := fmt.Sprintf("%s%%（%d÷%d家", pct(decimal.NewFromInt(int64(yes)).Div(decimal.NewFromInt(int64(len(in))))), yes, len(in))
	if unknown > 0 {
		s += fmt.Sprintf("，%d家未填", unknown)
	}
	return s + "）"
}

// shareAtLeast decides whether the share of firms with the fact reaches
// min: yes when the known yes already do, no when even all unknown ones
// would not, else nil.
func shareAtLeast(in []IncubatedFirm, fact func(IncubatedFirm) *bool, min decimal.Decimal) *bool {
	if len(in) == 0 {
		f := false
		return &f
	}
	yes, unknown := 0, 0
	for _, f := range in {
		switch v := fact(f); {
		case v == nil:
			unknown++
		case *v:
			yes++
		}
	}
	total := decimal.NewFromInt(int64(len(in)))
	lo := decimal.NewFromInt(int64(yes)).Div(total)
	hi := decimal.NewFromInt(int64(yes + unknown)).Div(total)
	switch {
	case lo.GreaterThanOrEqual(min):
		t := true
		return &t
	case hi.LessThan(min):
		f := false
		return &f
	}
	return nil
}
