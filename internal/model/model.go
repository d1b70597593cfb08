// Package model holds the plain types of an innovation system (产业科创体系):
// its structure, organisations, indicator catalogue, published observations
// and plan targets. It has no behaviour beyond small helpers; SQL lives in
// internal/store and rules in the domain packages.
package model

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

// System is one district's innovation system, e.g. 涪陵区产业科创体系 "1+2+3".
type System struct {
	ID         int64
	Code       string // identifier, e.g. "fuling"
	Name       string // 涪陵区产业科创体系
	ShortName  string // "1+2+3"
	RegionCode string // 行政区划代码 (GB/T 2260), e.g. "500102"
	RegionName string // 涪陵区
	SourceCode string
	Quote      string
}

// NodeKind classifies a node of the structure.
type NodeKind string

const (
	District     NodeKind = "district"       // 区县: the root, the district as a whole (全区)
	Pillar       NodeKind = "pillar"         // a pillar of the system: 一个引擎 / 两大载体 / 三个方向
	HighTechZone NodeKind = "high_tech_zone" // 高新区 (national or municipal high-tech industrial development zone)
	Carrier      NodeKind = "carrier"        // 载体: 科技城, 科创小镇
	Direction    NodeKind = "direction"      // 方向: an innovation direction (绿色低碳 …)
	Industry     NodeKind = "industry"       // 产业 / 产业链: an industry or industry chain
	Park         NodeKind = "park"           // 园区
)

// NodeKinds lists the valid node kinds.
var NodeKinds = []NodeKind{District, Pillar, HighTechZone, Carrier, Direction, Industry, Park}

// Label is the Chinese name of the kind.
func (k NodeKind) Label() string {
	switch k {
	case District:
		return "区县"
	case Pillar:
		return "体系支柱"
	case HighTechZone:
		return "高新区"
	case Carrier:
		return "载体"
	case Direction:
		return "方向"
	case Industry:
		return "产业"
	case Park:
		return "园区"
	}
	return string(k)
}

// PillarRole is the role a pillar plays in the system.
type PillarRole string

const (
	RoleEngine    PillarRole = "engine"    // 引擎
	RoleCarrier   PillarRole = "carrier"   // 载体
	RoleDirection PillarRole = "direction" // 方向
)

// Node is one element of the structure: the district, a pillar, the
// high-tech zone, a carrier, a direction or an industry.
type Node struct {
	ID          int64
	Code        string
	ParentCode  string // "" for the root
	PartOfCode  string // another node this one belongs to, outside the tree (慧谷湖 is part of 高新区)
	Kind        NodeKind
	Name        string
	NameEn      string
	FullName    string
	Label       string   // how a bulletin names the scope, e.g. 全区; empty means Name
	Aliases     []string // other names spreadsheets use for it (白涛科技城, 涪陵国家高新区)
	Role        PillarRole
	Numeral     string // "1", "2", "3" for the pillars of "1+2+3"
	Level       string // national | municipal | district
	Description string
	SourceCode  string
	Quote       string
	Sort        int // order among siblings, as written in the file
	Line        int // line in the file it was loaded from (0 when read from the database)
}

// ScopeLabel is the name a bulletin uses for the node ("全区", "涪陵高新区").
func (n Node) ScopeLabel() string {
	if n.Label != "" {
		return n.Label
	}
	return n.Name
}

// OrgKind classifies an organisation.
type OrgKind string

const (
	Enterprise        OrgKind = "enterprise"         // 企业
	University        OrgKind = "university"         // 高校
	ResearchInstitute OrgKind = "research_institute" // 科研院所
	NewRDInstitution  OrgKind = "new_rd_institution" // 新型研发机构
	Incubator         OrgKind = "incubator"          // 孵化器
	MakerSpace        OrgKind = "maker_space"        // 众创空间
	Platform          OrgKind = "platform"           // 创新平台 (研究中心, 实验室, 技术创新中心)
	Alliance          OrgKind = "alliance"           // 创新联盟
	Team              OrgKind = "team"               // 科创团队
)

// OrgKinds lists the valid organisation kinds.
var OrgKinds = []OrgKind{Enterprise, University, ResearchInstitute, NewRDInstitution, Incubator, MakerSpace, Platform, Alliance, Team}

// Label is the Chinese name of the kind.
func (k OrgKind) Label() string {
	switch k {
	case Enterprise:
		return "企业"
	case University:
		return "高校"
	case ResearchInstitute:
		return "科研院所"
	case NewRDInstitution:
		return "新型研发机构"
	case Incubator:
		return "孵化器"
	case MakerSpace:
		return "众创空间"
	case Platform:
		return "创新平台"
	case Alliance:
		return "创新联盟"
	case Team:
		return "科创团队"
	}
	return string(k)
}

// Organisation is an innovation entity: an enterprise, university, institute,
// new-type R&D institution, incubator, maker space, platform, alliance or team.
type Organisation struct {
	ID           int64
	Code         string
	Name         string
	Kind         OrgKind
	InDistrict   bool // false for partners outside the district (中科大, 北理工)
	Description  string
	SourceCode   string
	Quote        string
	Memberships  []Membership
	Recognitions []Recognition
	Line         int
}

// Membership places an organisation in a node for a time window. From and To
// are "YYYY-MM-DD" or "" (unknown start / still a member); AsOf is the date
// the source attests the membership.
type Membership struct {
	NodeCode   string
	NodeName   string
	From, To   string
	AsOf       string
	SourceCode string
	Quote      string
	Line       int
}

// ActiveOn reports whether the membership covers day ("YYYY-MM-DD"). An
// unknown start counts as "since before"; an empty end as "still".
func (m Membership) ActiveOn(day string) bool {
	return (m.From == "" || m.From <= day) && (m.To == "" || day <= m.To)
}

// Recognition is a qualification or title granted to an organisation, such as
// 市级企业技术中心, 重庆市新型研发机构 or 国家级专精特新“小巨人”.
// Granted and ValidUntil are partial dates: "YYYY", "YYYY-MM" or "YYYY-MM-DD".
type Recognition struct {
	Name          string
	Level         string // national | municipal | district | society
	Granted       string
	ValidUntil    string
	CertificateNo string
	SourceCode    string
	Quote         string
	Line          int
}

// IndicatorKind says how an indicator accumulates.
type IndicatorKind string

const (
	Flow  IndicatorKind = "flow"  // accumulated over a period (研发投入, 产值)
	Stock IndicatorKind = "stock" // counted at a date (高新技术企业数)
	Ratio IndicatorKind = "ratio" // a ratio of two quantities (研发投入强度)
)

// Indicator is an entry of the indicator catalogue.
type Indicator struct {
	ID         int64
	Code       string
	NameZh     string
	NameEn     string
	Unit       quantity.Unit
	Kind       IndicatorKind
	Precision  int    // decimals when printed in its magnitude; -1 prints the exact value
	Counter    string // measure word printed after counts: 户 家 个 项 名 人
	Definition string
	Aliases    []string // other names tables use for it (imports match headings and row labels against them)
	Signed     bool     // may be negative (利润总额); firms' reports of other indicators may not
	Line       int
}

// Format prints v (base units) the way a bulletin does, e.g. 24.02亿元, 151户, 5.5%.
func (ind Indicator) Format(v decimal.Decimal) string {
	return quantity.Format(v, ind.Unit, ind.Counter, ind.Precision)
}

// Source is a document figures come from.
type Source struct {
	ID        int64
	Code      string
	Title     string
	Publisher string
	Published string // partial date: YYYY, YYYY-MM or YYYY-MM-DD
	URL       string
	Note      string
	Body      string // the full text, so each quote can be shown in context
	Line      int
}

// Status is the standing of an observation.
type Status string

const (
	Published   Status = "published"   // 公布数
	Provisional Status = "provisional" // 快报 / 初步数
	Estimated   Status = "estimated"   // 预计数
)

// Label is the Chinese name of the status.
func (s Status) Label() string {
	switch s {
	case Published:
		return "公布数"
	case Provisional:
		return "初步数"
	case Estimated:
		return "预计数"
	}
	return string(s)
}

// Scope is what an observation or a target is about: a node or an organisation.
type Scope struct {
	NodeCode string // set when the scope is a node
	OrgCode  string // set when the scope is an organisation
	Name     string
	Label    string // bulletin name (全区) for nodes
}

// Code is the node or organisation code.
func (s Scope) Code() string {
	if s.NodeCode != "" {
		return s.NodeCode
	}
	return s.OrgCode
}

// Observation is one published figure: scope × period × indicator → value.
type Observation struct {
	ID           int64
	Scope        Scope
	Indicator    Indicator
	Period       period.Period
	Value        decimal.Decimal  // exact, in the indicator's base unit (yuan, count, ratio …)
	ValueWritten string           // as written in the source: 24.02亿元
	Qualifier    string           // as written: 超过 突破 达到 近 约 以上 余
	YoY          *decimal.Decimal // year-on-year growth as published, a ratio (0.156); nil if none
	PPChange     *decimal.Decimal // percentage-point change as published, for ratio figures (0.003 = 0.3个百分点); never a growth rate
	Status       Status
	SourceCode   string
	SourceTitle  string
	Quote        string // the sentence it comes from
	Note         string // how an implicit year or scope was inferred
	Line         int
}

// Target is a plan target: scope × indicator × target year → value.
type Target struct {
	ID             int64
	Scope          Scope
	Indicator      Indicator
	Year           int    // the target is due by Dec 31 of this year
	Horizon        string // as written: 到2026年, “十四五”末
	Verb           string // how the source states it: 力争 (a goal) or 预计 (an expectation)
	Value          decimal.Decimal
	ValueWritten   string
	Qualifier      string     // 突破 / 超过 (must exceed), 达到 / 以上 (reach at least)
	PlanStart      *time.Time // when the plan period began, for 时序进度
	BaselinePeriod *period.Period
	Baseline       *decimal.Decimal
	SourceCode     string
	SourceTitle    string
	Quote          string
	Note           string
	Line           int
}

// Exclusive reports whether the qualifier requires exceeding the value
// (突破, 超过: "more than") rather than reaching it (达到, 以上: "at least").
// Boundary words follow policy-rules G1 (民法典 Art. 1259: 以上 includes the
// number, 超过 excludes it).
func (t Target) Exclusive() bool {
	return t.Qualifier == "突破" || t.Qualifier == "超过"
}

// FormatWritten prints v like Format, with the measure word of the figure as
// written when it has one (a target written 120家 prints 家 even when the
// catalogue's counter is 个).
func (ind Indicator) FormatWritten(v decimal.Decimal, written string) string {
	c := ind.Counter
	if w := quantity.CounterWord(written); w != "" {
		c = w
	}
	return quantity.Format(v, ind.Unit, c, ind.Precision)
}

// Formatted is the value as a bulletin prints it (24.02亿元), from the exact
// stored value, not from the text it was written as.
func (o Observation) Formatted() string { return o.Indicator.FormatWritten(o.Value, o.ValueWritten) }

// Formatted is the target value as a bulletin prints it (1000亿元).
func (t Target) Formatted() string { return t.Indicator.FormatWritten(t.Value, t.ValueWritten) }

// Firm is an enterprise of the registry (企业名录), keyed by its unified social
// credit code (统一社会信用代码, GB 32100-2015).
type Firm struct {
	USCC         string
	Name         string
	RegisteredOn string // YYYY-MM-DD or ""
	LegalForm    string
	IndustryCode string // 国民经济行业分类 GB/T 4754-2017 code, e.g. "C2651"
	AboveScale   *bool  // 规上 (main-business revenue ≥ 20 million yuan, NBS since 2011); nil unknown
	SizeClass    string // 大型 / 中型 / 小型 / 微型
	Memberships  []Membership
	Recognitions []Recognition
	Row          int // where it was read
}

// Names of the recognitions a registry import reads (企业名录). Each is valid
// from the day it is granted to the day before the same date N years later.
const (
	// HighTechEnterprise is the name of the recognition 高新技术企业. A
	// certificate is valid for 3 years from its issue date (国科发火〔2016〕32号
	// Art. 9).
	HighTechEnterprise = "高新技术企业"
	// TechBasedSME is the name of the recognition 科技型中小企业 (《科技型中小企业
	// 评价办法》国科发政〔2017〕115号). Its registration number (入库登记编号) "is
	// effectively valid for one year" (policy-rules §2.5, [S1]) and is renewed
	// each year by the end of March: valid until registration + 1 year − 1 day.
	TechBasedSME = "科技型中小企业"
	// InnovativeSME is the name of the recognition 创新型中小企业, called
	// 科技和创新型中小企业 from 2026 (《优质中小企业梯度培育管理暂行办法》
	// 工信部企业〔2022〕63号; 《优质中小企业梯度培育管理办法》工信部企业〔2026〕2号).
	// Valid for 3 years.
	InnovativeSME = "创新型中小企业"
	// SpecialisedSME is the name of the recognition 专精特新中小企业
	// (工信部企业〔2022〕63号; 工信部企业〔2026〕2号). Valid for 3 years
	// (policy-rules §3.3).
	SpecialisedSME = "专精特新中小企业"
	// LittleGiant is the name of the recognition 专精特新“小巨人”企业, granted by
	// the Ministry of Industry and Information Technology (工信部企业〔2022〕63号;
	// 工信部企业〔2026〕2号). Valid for 3 years.
	LittleGiant = "专精特新“小巨人”企业"
)

// Report is one firm's year-to-date (1–N月) figure of one indicator for a
// year and month: Value is the cumulative value for January to Month, Prior
// the same period of last year as re-reported this year (同期数). Both are in
// the indicator's base unit; nil is missing, never zero.
type Report struct {
	USCC      string
	Indicator string
	Year      int
	Month     int
	Value     *decimal.Decimal
	Prior     *decimal.Decimal
	Row       int
}

// nameFold maps the characters that vary between two spellings of one firm's
// name: full-width brackets to half-width ones.
var nameFold = strings.NewReplacer("（", "(", "）", ")", "【", "[", "】", "]")

// CanonicalName is a firm's name with full-width brackets made half-width and
// all white space removed: two names with the same canonical form are the
// same name, spelled differently.
func CanonicalName(s string) string {
	return strings.Join(strings.Fields(nameFold.Replace(s)), "")
}
