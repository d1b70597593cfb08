// Package factsheet reads the screening facts firms supply (docs/screening.md,
// "Supplying facts"): a wide xlsx or CSV sheet in the documented template, one
// row per firm, or a JSON facts file. Each firm's facts become one JSON
// object in the shape of one firm of a facts file (qualify.FirmFacts)
// holding only the facts given — a fact not given is absent, never null —
// which the screening pipeline lays over the facts it derives. Amounts are
// exact decimal strings in yuan, ratios ratio strings ("0.35"), counts JSON
// numbers, yes/no JSON booleans, dates RFC 3339 ("2019-05-20T00:00:00Z").
//
// A file is read whole: every bad value is an error naming the file, row,
// column (letter and header) and value, all errors of the file are returned
// together, and the caller writes nothing when there is any. Template writes
// the xlsx template.
package factsheet

import (
	"fmt"
	"strings"
)

// Kind is how a column's cells are read and stored.
type Kind string

// The kinds of column.
const (
	// Code is the 统一社会信用代码 (GB 32100-2015), required.
	Code Kind = "code"
	// Name is the firm's name, used in messages only.
	Name Kind = "name"
	// Count is a non-negative whole number (件, 年, 分), a JSON number.
	Count Kind = "count"
	// Number is a non-negative decimal (annual average persons), an exact
	// decimal string.
	Number Kind = "number"
	// Amount is money: the header gives the unit (元, 万元, 亿元), a cell
	// may carry its own ("1.2亿"); stored in yuan as an exact decimal
	// string.
	Amount Kind = "amount"
	// Ratio is a percentage: 35 or 35% in a （%） column is stored as the
	// ratio "0.35".
	Ratio Kind = "ratio"
	// YesNo is 是 or 否 (also 有/无, Y/N, TRUE/FALSE), a JSON boolean.
	YesNo Kind = "yesno"
	// Date is a civil date, stored as "YYYY-MM-DDT00:00:00Z".
	Date Kind = "date"
)

// Column is one column of the wide template.
type Column struct {
	// Name is the header without its unit: "有效Ⅰ类知识产权".
	Name string
	// Unit is the unit the template writes in the header: "件", "万元",
	// "%"; "" when none. Amount columns accept any money unit in the
	// header (元, 万元, 亿元).
	Unit string
	Kind Kind
	// Required columns must be present and filled on every row.
	Required bool
	// Paths are the facts the column gives, as section.Field of the facts
	// object ("high_tech.IPClassI"): the JSON keys of qualify.FirmFacts and
	// the Go field names of qualify.HTFacts, SMEFacts and GradientFacts.
	Paths []string
	// Max is the largest value allowed (counts: the value; ratios: the
	// ratio), 0 for no limit beyond the kind's own (ratios: 1).
	Max int64
	// Over100 allows a ratio above 100% (a debt ratio can be).
	Over100 bool
	// Meaning says what to fill in; Feeds the qualifications (and the
	// documents) that use it. Both go to the template's 说明 sheet and
	// to docs/screening.md.
	Meaning, Feeds string
}

// Header is the column's header as the template writes it:
// "有效Ⅰ类知识产权（件）".
func (c Column) Header() string {
	if c.Unit == "" {
		return c.Name
	}
	return c.Name + "（" + c.Unit + "）"
}

// Documents named in the Feeds texts.
const (
	docHT   = "国科发火〔2016〕32号、195号"
	docSME  = "国科发政〔2017〕115号"
	docGrad = "工信部企业〔2022〕63号、〔2026〕2号"
)

// Columns are the columns of the wide template, in template order (the
// accounting-year columns, YearItems, follow 高新技术产品（服务）收入).
var Columns = []Column{
	{Name: "统一社会信用代码", Kind: Code, Required: true,
		Meaning: "18位统一社会信用代码（GB 32100-2015），企业须已在企业名录中", Feeds: "识别企业"},
	{Name: "企业名称", Kind: Name,
		Meaning: "仅用于核对和提示，不写入", Feeds: "—"},
	{Name: "有效Ⅰ类知识产权", Unit: "件", Kind: Count, Paths: []string{"high_tech.IPClassI", "tech_sme.ClassI", "gradient.ClassI"},
		Meaning: "在中国境内授权且有效、与主要产品（服务）相关的Ⅰ类知识产权件数：发明专利、植物新品种、国家级农作物品种、国家新药、国家一级中药保护品种、集成电路布图设计专有权",
		Feeds:   "高企 C2 知识产权及知识产权数量评分（" + docHT + "）；科技型中小企业评分（115号 第七条）；创新型、专精特新、小巨人 知识产权条件（" + docGrad + "）"},
	{Name: "有效Ⅱ类知识产权", Unit: "件", Kind: Count, Paths: []string{"high_tech.IPClassII", "tech_sme.ClassII", "gradient.ClassII"},
		Meaning: "有效的Ⅱ类知识产权件数：实用新型专利、外观设计专利、软件著作权等（不含商标）",
		Feeds:   "高企 C2 及知识产权数量评分（" + docHT + "）；科技型中小企业评分（115号 第七条）；创新型中小企业 知识产权评分（" + docGrad + "）"},
	{Name: "核心技术属于国家重点支持的高新技术领域", Kind: YesNo, Paths: []string{"high_tech.CoreTechInFields"},
		Meaning: "是/否：对主要产品（服务）发挥核心支持作用的技术属于《国家重点支持的高新技术领域》（专家判断；不确定请留空）",
		Feeds:   "高企 C3（32号 第十一条（三））"},
	{Name: "申请前一年内重大安全质量事故或严重环境违法", Kind: YesNo, Paths: []string{"high_tech.SeriousIncident"},
		Meaning: "是/否：申请认定前一年内是否发生重大安全、重大质量事故或严重环境违法行为（有关部门认定）",
		Feeds:   "高企 C8（32号 第十一条（八））"},
	{Name: "成立日期", Kind: Date, Paths: []string{"high_tech.RegisteredOn"},
		Meaning: "企业注册成立日期；企业名录已有注册日期的请留空（填写则以此为准）",
		Feeds:   "高企 C1 注册满一年（32号 第十一条（一））"},
	{Name: "职工总数年平均", Unit: "人", Kind: Number, Paths: []string{"high_tech.StaffAvg"},
		Meaning: "上一会计年度职工总数的全年月平均数（月平均数=（月初数+月末数）÷2）；留空时按企业月报的月末从业人员计算",
		Feeds:   "高企 C4 科技人员占比（195号 三（五））"},
	{Name: "科技人员年平均", Unit: "人", Kind: Number, Paths: []string{"high_tech.STStaffAvg"},
		Meaning: "上一会计年度从事研发和相关技术创新活动的科技人员全年月平均数（累计实际工作时间183天以上）",
		Feeds:   "高企 C4 科技人员占比（195号 三（五））"},
	{Name: "收入总额", Unit: "万元", Kind: Amount, Paths: []string{"high_tech.TotalRevenue"},
		Meaning: "上一会计年度收入总额（企业所得税法第六条口径）",
		Feeds:   "高企 C6 高新技术产品（服务）收入占比（195号 三（四））"},
	{Name: "不征税收入", Unit: "万元", Kind: Amount, Paths: []string{"high_tech.NonTaxableRevenue"},
		Meaning: "上一会计年度不征税收入（企业所得税法第七条），从收入总额中扣除",
		Feeds:   "高企 C6（195号 三（四））"},
	{Name: "高新技术产品（服务）收入", Unit: "万元", Kind: Amount, Paths: []string{"high_tech.HTRevenue"},
		Meaning: "上一会计年度高新技术产品（服务）收入（产品收入与技术性收入之和）",
		Feeds:   "高企 C6（195号 三（四））"},
	// The accounting-year columns (YearItems) come here in the template.
	{Name: "境内注册居民企业", Kind: YesNo, Paths: []string{"tech_sme.Resident"},
		Meaning: "是/否：在中国境内（不含港、澳、台地区）注册的居民企业",
		Feeds:   "科技型中小企业 第六条（一）（" + docSME + "）"},
	{Name: "产品不属于禁止限制淘汰类", Kind: YesNo, Paths: []string{"tech_sme.NotRestricted"},
		Meaning: "是/否：企业提供的产品和服务不属于国家规定的禁止、限制和淘汰类",
		Feeds:   "科技型中小企业 第六条（三）"},
	{Name: "无重大事故及严重失信记录", Kind: YesNo, Paths: []string{"tech_sme.CleanRecord"},
		Meaning: "是/否：上一年度至当年未发生重大安全、重大质量事故和严重环境违法、科研严重失信行为，且未列入经营异常名录和严重违法失信企业名单",
		Feeds:   "科技型中小企业 第六条（四）"},
	{Name: "资产总额", Unit: "万元", Kind: Amount, Paths: []string{"tech_sme.TotalAssets"},
		Meaning: "上一年度末资产总额",
		Feeds:   "科技型中小企业 第六条（二）规模条件"},
	{Name: "成本费用支出总额", Unit: "万元", Kind: Amount, Paths: []string{"tech_sme.TotalCosts"},
		Meaning: "上一年度成本费用支出总额",
		Feeds:   "科技型中小企业 第七条 研发投入评分（研发费用占成本费用支出总额比例）"},
	{Name: "研究开发费用", Unit: "万元", Kind: Amount, Paths: []string{"tech_sme.RD"},
		Meaning: "上一年度研究开发费用（财税〔2015〕119号 加计扣除口径；不是月报的研发投入）",
		Feeds:   "科技型中小企业 第七条 研发投入评分"},
	{Name: "上年末资产负债率", Unit: "%", Kind: Ratio, Over100: true, Paths: []string{"gradient.DebtRatio"},
		Meaning: "上年末资产负债率，按百分数填写（35 或 35% 即 35%）",
		Feeds:   "创新型中小企业 评分；专精特新、小巨人 资产负债率条件（" + docGrad + "）"},
	{Name: "上年度主营业务收入", Unit: "万元", Kind: Amount, Paths: []string{"gradient.MainRevenue"},
		Meaning: "上年度主营业务收入",
		Feeds:   "创新型、专精特新、小巨人 主营业务收入占比及增长（" + docGrad + "）"},
	{Name: "上上年度主营业务收入", Unit: "万元", Kind: Amount, Paths: []string{"gradient.MainRevenue2"},
		Meaning: "上上年度主营业务收入",
		Feeds:   "创新型、专精特新 主营业务收入增长率（" + docGrad + "）"},
	{Name: "上年度研发费用", Unit: "万元", Kind: Amount, Paths: []string{"gradient.RD"},
		Meaning: "上年度研发费用（财务报表口径）",
		Feeds:   "创新型、专精特新、小巨人 研发费用条件（" + docGrad + "）"},
	{Name: "上上年度研发费用", Unit: "万元", Kind: Amount, Paths: []string{"gradient.RD2"},
		Meaning: "上上年度研发费用",
		Feeds:   "专精特新、小巨人 近两年研发费用（" + docGrad + "）"},
	{Name: "从事细分市场年限", Unit: "年", Kind: Count, Paths: []string{"gradient.NicheYears"},
		Meaning: "截至上年末从事特定细分市场的整年数",
		Feeds:   "专精特新、小巨人 专业化条件（" + docGrad + "）"},
	{Name: "专精特新发展评价得分", Kind: Count, Max: 100, Paths: []string{"gradient.PlatformScore"},
		Meaning: "优质中小企业梯度培育平台按工信厅企业〔2024〕75号测算的专精特新发展评价得分（整数）",
		Feeds:   "专精特新、小巨人（2026年规则）评价得分条件（工信部企业〔2026〕2号）"},
	{Name: "主导产品国内细分市场占有率", Unit: "%", Kind: Ratio, Paths: []string{"gradient.NicheMarketShare"},
		Meaning: "主导产品在国内细分市场的占有率，按百分数填写",
		Feeds:   "小巨人 国内细分市场占有率条件（" + docGrad + "）"},
	{Name: "拥有研发机构", Kind: YesNo, Paths: []string{"gradient.HasRDInstitution"},
		Meaning: "是/否：自建或与高校、科研机构联合建立研发机构（任意级别）",
		Feeds:   "小巨人（2022年规则）研发机构条件（工信部企业〔2022〕63号）"},
	{Name: "省部级以上研发机构", Kind: YesNo, Paths: []string{"gradient.ProvincialRDInstitution", "tech_sme.ProvincialRDInstitution"},
		Meaning: "是/否：拥有经认定的省部级以上研发机构",
		Feeds:   "科技型中小企业 第八条 直接入库（" + docSME + "）；创新型、专精特新 研发机构（" + docGrad + "）"},
	{Name: "主导产品属于战略性新兴产业", Kind: YesNo, Paths: []string{"gradient.LeadProductStrategic"},
		Meaning: "是/否：主导产品属于《战略性新兴产业分类》",
		Feeds:   "创新型中小企业 技术领域评分（" + docGrad + "）"},
	{Name: "主导产品属于工业六基或产业链关键环节", Kind: YesNo, Paths: []string{"gradient.LeadProductBasics"},
		Meaning: "是/否：主导产品属于工业“六基”（核心基础零部件、元器件、关键软件、先进基础工艺、关键基础材料、产业技术基础）或产业链关键环节",
		Feeds:   "专精特新、小巨人 产品条件（" + docGrad + "）"},
	{Name: "拥有自主品牌", Kind: YesNo, Paths: []string{"gradient.OwnBrand"},
		Meaning: "是/否：拥有自主品牌",
		Feeds:   "小巨人（2022年规则）品牌条件（工信部企业〔2022〕63号）"},
}

// yearColumnsAfter is the column after which the template puts the
// accounting-year columns.
const yearColumnsAfter = "高新技术产品（服务）收入"

// YearItem is one figure of one accounting year of the 高企 R&D breakdown
// (qualify.HTYear), in the header as "2025年销售收入（万元）": a column per
// year and item, the year written in the header. All the Required items
// of a year are needed when any figure of that year is given.
type YearItem struct {
	// Name follows "YYYY年" in the header: "销售收入", "末净资产".
	Name string
	// Field is the qualify.HTYear field.
	Field    string
	Required bool
	// Negative allows a negative amount (net assets).
	Negative bool
	Meaning  string
}

// YearItems are the items of each accounting year, in template order; the
// amounts are in yuan (the header gives the unit, the template 万元).
var YearItems = []YearItem{
	{Name: "销售收入", Field: "Sales", Required: true, Meaning: "该会计年度销售收入（主营业务收入与其他业务收入之和，所得税年度纳税申报表口径）"},
	{Name: "内部研究开发费用", Field: "RDInternal", Required: true, Meaning: "该年度内部研究开发投入中除“其他费用”以外的部分（人员人工、直接投入、折旧、无形资产摊销、设计、装备调试与试验等）"},
	{Name: "其他费用", Field: "RDOther", Required: true, Meaning: "该年度研究开发“其他费用”（图书资料、翻译、咨询、知识产权、差旅等；超过研发总额20%的部分不计）"},
	{Name: "委托境内研发费用", Field: "EntrustedDomestic", Required: true, Meaning: "该年度委托境内机构或个人研发实际发生额（按80%计入）"},
	{Name: "委托境外研发费用", Field: "EntrustedForeign", Required: true, Meaning: "该年度委托境外（含港澳台）机构研发实际发生额（按80%计入）；没有填0"},
	{Name: "末净资产", Field: "NetAssets", Negative: true, Meaning: "该年度末净资产（资产总额－负债总额，经审计；可为负数），用于成长性评分；可留空"},
}

// YearHeader is the template header of item for an accounting year:
// "2025年销售收入（万元）".
func YearHeader(year int, item YearItem) string {
	return fmt.Sprintf("%d年%s（万元）", year, item.Name)
}

// yearFeeds is what the year columns feed.
const yearFeeds = "高企 C5 研究开发费用占比、C5b 境内研发占比（195号 三（六））及成长性评分（195号 三（七））"

// Ignored are headers accepted and ignored.
var Ignored = []string{"序号", "备注"}

// Accepted lists every accepted header, for messages.
func Accepted() string {
	var hs []string
	for _, c := range Columns {
		hs = append(hs, c.Header())
	}
	for _, it := range YearItems {
		hs = append(hs, "YYYY年"+it.Name+"（万元）")
	}
	hs = append(hs, Ignored...)
	return strings.Join(hs, "、")
}
