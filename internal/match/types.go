// Package match ranks achievements and capabilities (科技成果, 科研能力) for a
// firm's technology demand (技术需求), and demands for an achievement, and
// explains every rank: the matched terms, and which factors counted — text
// relevance, field and industry agreement, maturity fit, budget fit and
// proximity. It is pure: the store hands it posting lists and records, the
// app glues the two (internal/app/match.go).
package match

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Mode is a cooperation mode (合作方式). The technology-contract types of
// policy-rules §4.2 (技术开发, 技术转让, 技术许可, 技术咨询, 技术服务) plus a
// joint lab or platform (共建研发平台), which is registered as development.
type Mode string

// The cooperation modes.
const (
	Development Mode = "development" // 技术开发（委托或合作开发）
	Transfer    Mode = "transfer"    // 技术转让
	Licence     Mode = "licence"     // 技术许可
	Consulting  Mode = "consulting"  // 技术咨询
	Service     Mode = "service"     // 技术服务
	JointLab    Mode = "joint_lab"   // 共建研发平台（联合实验室）
)

// Modes lists the modes in display order.
var Modes = []Mode{Development, Transfer, Licence, Consulting, Service, JointLab}

// Label is the mode's Chinese name.
func (m Mode) Label() string {
	switch m {
	case Development:
		return "技术开发"
	case Transfer:
		return "技术转让"
	case Licence:
		return "技术许可"
	case Consulting:
		return "技术咨询"
	case Service:
		return "技术服务"
	case JointLab:
		return "共建研发平台"
	}
	return string(m)
}

// ParseMode reads a mode from its code or Chinese name (合作开发, 委托开发,
// 转让, 许可, 咨询, 服务, 联合实验室 …). ok is false for anything else.
func ParseMode(s string) (Mode, bool) {
	s = strings.TrimSpace(s)
	for _, m := range Modes {
		if s == string(m) || s == m.Label() {
			return m, true
		}
	}
	switch {
	case s == "":
		return "", false
	case strings.Contains(s, "开发"), s == "技术攻关", s == "联合攻关":
		return Development, true
	case strings.Contains(s, "转让"), s == "成果转化":
		return Transfer, true
	case strings.Contains(s, "许可"):
		return Licence, true
	case strings.Contains(s, "咨询"):
		return Consulting, true
	case strings.Contains(s, "服务"), strings.Contains(s, "检测"), strings.Contains(s, "培训"):
		return Service, true
	case strings.Contains(s, "实验室"), strings.Contains(s, "平台"), strings.Contains(s, "共建"):
		return JointLab, true
	}
	return "", false
}

// ParseModes reads a list of modes separated by 、，,;；/ or spaces; it
// returns the modes and the parts it could not read.
func ParseModes(s string) (modes []Mode, bad []string) {
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("、，,;；/ 　|", r) }) {
		m, ok := ParseMode(p)
		if !ok {
			bad = append(bad, p)
			continue
		}
		dup := false
		for _, x := range modes {
			dup = dup || x == m
		}
		if !dup {
			modes = append(modes, m)
		}
	}
	return modes, bad
}

// ModesText joins modes' labels with 、.
func ModesText(ms []Mode) string {
	var l []string
	for _, m := range ms {
		l = append(l, m.Label())
	}
	return strings.Join(l, "、")
}

// Demand is a firm's technology demand (技术需求). Money is in yuan, exact;
// a nil bound is not given (not zero).
type Demand struct {
	ID          int64
	Code        string // 需求编号
	Firm        string // 需求企业
	USCC        string // 统一社会信用代码, "" when not given
	Title       string
	Description string
	Field       string // 技术领域 (a Field name when recognised)
	Industry    string // 所属行业
	BudgetMin   *decimal.Decimal
	BudgetMax   *decimal.Decimal
	Modes       []Mode
	Deadline    string // YYYY-MM-DD or ""
	Status      string // open | matched | closed
	Region      string // 所在地区, e.g. 重庆市涪陵区
	Carrier     string // 所属载体 (node code or name), "" when none
	Contact     string
	CreatedOn   string // YYYY-MM-DD
	Row         int    // where it was read (imports)
}

// Kinds of supply records.
const (
	KindAchievement = "achievement" // 科技成果
	KindCapability  = "capability"  // 科研能力（团队、设备、平台）
)

// Stage is a maturity stage; TRL 1–4 is lab, 5–6 pilot, 7–9 industrial.
type Stage string

// The maturity stages.
const (
	Lab        Stage = "lab"        // 实验室
	Pilot      Stage = "pilot"      // 中试
	Industrial Stage = "industrial" // 产业化
)

// Label is the stage's Chinese name.
func (s Stage) Label() string {
	return map[Stage]string{Lab: "实验室", Pilot: "中试", Industrial: "产业化"}[s]
}

// ParseStage reads 实验室/小试, 中试, 产业化/量产/工业化 or the codes.
func ParseStage(s string) (Stage, bool) {
	s = strings.TrimSpace(s)
	switch {
	case s == string(Lab) || strings.Contains(s, "实验室") || strings.Contains(s, "小试") || strings.Contains(s, "研发阶段"):
		return Lab, true
	case s == string(Pilot) || strings.Contains(s, "中试") || strings.Contains(s, "试生产") || strings.Contains(s, "样机"):
		return Pilot, true
	case s == string(Industrial) || strings.Contains(s, "产业化") || strings.Contains(s, "量产") || strings.Contains(s, "工业化") || strings.Contains(s, "批量"):
		return Industrial, true
	}
	return "", false
}

// StageOfTRL is the stage of a technology readiness level (1–9).
func StageOfTRL(trl int) Stage {
	switch {
	case trl >= 7:
		return Industrial
	case trl >= 5:
		return Pilot
	case trl >= 1:
		return Lab
	}
	return ""
}

// Achievement is a supply record: an achievement (科技成果) or a capability
// (a research team, equipment, a platform). Money in yuan, exact; nil not
// given.
type Achievement struct {
	ID        int64
	Code      string // 成果编号
	Kind      string // KindAchievement | KindCapability
	Owner     string // 成果持有单位（高校、院所或企业）
	OwnerCode string // the owner's 统一社会信用代码 or registry code when its own account posted the record; "" otherwise
	Title     string
	Abstract  string
	Keywords  string
	Field     string
	TRL       int   // 1–9, 0 not given
	Stage     Stage // from TRL when not given
	Patents   []string
	Modes     []Mode
	PriceMin  *decimal.Decimal
	PriceMax  *decimal.Decimal
	Region    string // 所在地区
	Carrier   string // 所属载体
	Contact   string
	CreatedOn string
	Row       int
}

// Maturity is the stage given, else the TRL's.
func (a Achievement) Maturity() Stage {
	if a.Stage != "" {
		return a.Stage
	}
	return StageOfTRL(a.TRL)
}

// KindLabel is 科技成果 or 科研能力.
func (a Achievement) KindLabel() string {
	if a.Kind == KindCapability {
		return "科研能力"
	}
	return "科技成果"
}

// DemandText is the text a demand is indexed and queried by: the title
// counts twice. The field and industry are not text: they count in the
// field factor (words such as 新材料 or 节能环保 would otherwise match
// every record of the field).
func DemandText(d Demand) []Weighted {
	return []Weighted{{d.Title, TitleWeight}, {d.Description, 1}}
}

// TitleWeight is how many times a title's tokens count.
var TitleWeight = 2

// AchievementText is the text an achievement is indexed and queried by:
// title and keywords count twice.
func AchievementText(a Achievement) []Weighted {
	return []Weighted{{a.Title, TitleWeight}, {a.Keywords, 2}, {a.Abstract, 1}}
}

// Weighted is a piece of text and how many times its tokens count.
type Weighted struct {
	Text   string
	Weight int
}

// BudgetText is the budget as officials write it (面议 when not given).
func (d Demand) BudgetText() string { return RangeText(d.BudgetMin, d.BudgetMax) }

// ModesText is the modes' labels joined with 、.
func (d Demand) ModesText() string { return ModesText(d.Modes) }

// StatusLabel is the status in Chinese.
func (d Demand) StatusLabel() string {
	return map[string]string{"open": "征集中", "matched": "已对接", "closed": "已关闭"}[d.Status]
}

// PriceText is the price as officials write it (面议 when not given).
func (a Achievement) PriceText() string { return RangeText(a.PriceMin, a.PriceMax) }

// ModesText is the modes' labels joined with 、.
func (a Achievement) ModesText() string { return ModesText(a.Modes) }
