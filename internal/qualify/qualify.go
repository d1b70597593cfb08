// Package qualify screens a firm's facts against the national qualification
// rules — high-tech enterprise (高新技术企业), tech-based SME (科技型中小企业),
// innovative SME (创新型中小企业), 专精特新中小企业 and 专精特新“小巨人” — as
// versioned rule sets chosen by the date of assessment, and says for every
// condition the value, the threshold, pass or fail, the source, and the gap
// in the firm's own numbers. Rules are from ../shared/spec/policy-rules.md;
// items the spec tags [U] (unverified) are implemented as documented
// assumptions and flagged in every result.
//
// The package is pure: facts in, results out. Amounts are exact decimals in
// yuan; ratios are ratios (0.04 = 4%).
package qualify

import "github.com/shopspring/decimal"

// Verdict is the outcome of a screening.
type Verdict string

const (
	Qualifies    Verdict = "qualifies"    // 符合
	Fails        Verdict = "fails"        // 不符合
	Undetermined Verdict = "undetermined" // 待定：需专家评审或缺少数据
)

// Label is the Chinese name of the verdict.
func (v Verdict) Label() string {
	switch v {
	case Qualifies:
		return "符合"
	case Fails:
		return "不符合"
	case Undetermined:
		return "待定"
	}
	return string(v)
}

// Qualification names what is screened.
type Qualification string

const (
	HighTech    Qualification = "high_tech_enterprise" // 高新技术企业
	TechSME     Qualification = "tech_based_sme"       // 科技型中小企业
	InnovSME    Qualification = "innovative_sme"       // 创新型中小企业
	Specialised Qualification = "srdi_sme"             // 专精特新中小企业
	LittleGiant Qualification = "little_giant"         // 专精特新“小巨人”
)

// Label is the Chinese name of the qualification.
func (q Qualification) Label() string {
	switch q {
	case HighTech:
		return "高新技术企业"
	case TechSME:
		return "科技型中小企业"
	case InnovSME:
		return "创新型中小企业"
	case Specialised:
		return "专精特新中小企业"
	case LittleGiant:
		return "专精特新“小巨人”企业"
	}
	return string(q)
}

// Condition is one condition of a rule set, judged for one firm.
type Condition struct {
	Code      string // e.g. "C5" (the rule's own numbering)
	Name      string // Chinese: 研究开发费用占比
	Value     string // the firm's value as printed: 3.1%
	Threshold string // what is required: ≥4%（近三年销售收入5000万元至2亿元）
	// Pass is true or false, nil when it cannot be decided (expert judgement
	// or missing data; see Missing).
	Pass *bool
	// Gap says what would make it pass, in the firm's numbers: "研发费用还需
	// 增加180万元（近三年合计）". Empty when it passes or cannot be computed.
	Gap string
	// Source is the document and article: 国科发火〔2016〕32号 第十一条（五）.
	Source string
	// Assumption documents an implementation choice the spec marks [U];
	// empty otherwise. It is shown with the condition in every output.
	Assumption string
	// Missing lists the facts that were needed but not given.
	Missing []string
}

// ScoreRange is a point total that may be a range when items are judged by
// experts (policy-rules G3): Min..Max; Min == Max when exact.
type ScoreRange struct {
	Min int `json:"min"`
	Max int `json:"max"`
}

// Result is one firm's screening against one qualification.
type Result struct {
	Qualification Qualification
	RuleSet       string // version: "高新技术企业认定（国科发火〔2016〕32号、195号）"
	Verdict       Verdict
	Conditions    []Condition
	Score         *ScoreRange // for scored qualifications
	Missing       []string    // facts needed for a verdict, not given
	Assumptions   []string    // [U] choices that affected the result
}

// Dec is a helper for exact literals in tests and facts files.
func Dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func pass(b bool) *bool { return &b }
