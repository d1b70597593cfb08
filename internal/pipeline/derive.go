package pipeline

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/factsheet"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/qualify"
)

// Provenance says where one screened fact came from.
type Provenance struct {
	Fact   string // Chinese name of the fact: 营业收入（上一年度）
	Value  string // as screened: 123456789.00元
	Source string // 企业月报 2025年1—12月; 登记库; 企业补充报送（2026-05-10）
}

// Derive builds a firm's screening facts for day from its record, in three
// layers, each overriding the one before:
//
//  1. The registry: 注册日期 (高企 C1), the titles valid on day (held: 高企
//     for the tech-based SME direct pass and the innovative-SME route,
//     创新型中小企业 and 专精特新 for the gradient conditions; a title not
//     in the registry counts as not held).
//  2. The current monthly reports of the years before day's year (Y−1 …
//     Y−3): 营业收入 1—12月 as the gradient rules' 营业收入 and the
//     tech-based SME's 销售收入 (both main- plus other-business revenue);
//     从业人员 and 科技活动人员 at the end of Y−1 as 职工总数 and 科技人员数
//     (115号 Art. 9); 研发人员 / 从业人员 at the end of Y−1 as the R&D staff
//     share; and, when all twelve month-ends of Y−1 and the end of Y−2 are
//     reported, the monthly head counts for the 高企 average (195号 三（五）:
//     start of month = previous month's end). 研发投入 is never used (see
//     store.ScreeningIndicators).
//  3. The latest supplied facts (docs/screening.md), as given.
//
// The assessment date of every rule set is day.
func Derive(rec model.FirmRecord, held [LittleGiant + 1]bool, day time.Time) (qualify.FirmFacts, []Provenance) {
	y := day.Year()
	d := day.Format(time.DateOnly)
	ht := &qualify.HTFacts{ApplyOn: day}
	sme := &qualify.SMEFacts{}
	gr := &qualify.GradientFacts{AssessedOn: day}
	f := qualify.FirmFacts{USCC: rec.USCC, Name: rec.Name, HighTech: ht, TechSME: sme, Gradient: gr}
	var prov []Provenance
	add := func(fact, value, source string) { prov = append(prov, Provenance{fact, value, source}) }

	if t, err := time.Parse(time.DateOnly, rec.RegisteredOn); err == nil {
		ht.RegisteredOn = t
		add("注册日期", rec.RegisteredOn, "登记库")
	}
	hasTitle := func(name string) bool {
		for _, r := range rec.Recognitions {
			if r.Name == name && HeldOn(r, d) {
				return true
			}
		}
		return false
	}
	yes := func(b bool) string { return map[bool]string{true: "是", false: "否"}[b] }
	sme.ValidHTE, gr.ValidHTE = held[HighTech], held[HighTech]
	add("有效期内高新技术企业", yes(held[HighTech]), "登记库（"+d+"有效的证书）")
	innov := hasTitle(model.InnovativeSME)
	srdi := held[Specialised]
	gr.TechInnovSME, gr.SpecialisedTitle = &innov, &srdi
	add("有效期内创新型中小企业", yes(innov), "登记库（"+d+"有效的称号）")
	add("有效期内专精特新中小企业", yes(srdi), "登记库（"+d+"有效的称号）")

	fig := func(ind string, year, month int) *decimal.Decimal {
		for i := range rec.Figures {
			x := &rec.Figures[i]
			if x.Indicator == ind && x.Year == year && x.Month == month {
				return &x.Value
			}
		}
		return nil
	}
	report := func(year int) string { return fmt.Sprintf("企业月报 %d年1—12月", year) }
	for i, p := range []**decimal.Decimal{&gr.Revenue, &gr.Revenue2, &gr.Revenue3} {
		if v := fig("operating_revenue", y-1-i, 12); v != nil {
			*p = v
			add(fmt.Sprintf("营业收入（%d年）", y-1-i), yuan(*v), report(y-1-i))
		}
	}
	if gr.Revenue != nil {
		sme.Sales = gr.Revenue
		add(fmt.Sprintf("销售收入（%d年，科技型中小企业）", y-1), yuan(*gr.Revenue), report(y-1)+" 营业收入")
	}
	staff, st := fig("employees", y-1, 12), fig("st_staff", y-1, 12)
	if staff != nil && staff.IsInteger() {
		n := int(staff.IntPart())
		sme.Staff = &n
		add(fmt.Sprintf("职工总数（%d年末）", y-1), strconv.Itoa(n)+"人", report(y-1)+" 从业人员期末人数")
	}
	if st != nil && st.IsInteger() {
		n := int(st.IntPart())
		sme.STStaff = &n
		add(fmt.Sprintf("科技人员数（%d年末）", y-1), strconv.Itoa(n)+"人", report(y-1)+" 科技活动人员期末人数")
	}
	if rd := fig("rd_staff", y-1, 12); rd != nil && staff != nil && staff.Sign() > 0 {
		share := rd.Div(*staff)
		gr.RDStaffShare = &share
		add(fmt.Sprintf("研发人员占比（%d年末）", y-1), rd.String()+"/"+staff.String(), report(y-1)+" 研发人员、从业人员期末人数")
	}
	monthly := func(ind string) []qualify.MonthHeads {
		prev := fig(ind, y-2, 12)
		if prev == nil {
			return nil
		}
		out := make([]qualify.MonthHeads, 0, 12)
		for m := 1; m <= 12; m++ {
			end := fig(ind, y-1, m)
			if end == nil {
				return nil
			}
			out = append(out, qualify.MonthHeads{Start: *prev, End: *end})
			prev = end
		}
		return out
	}
	if ms := monthly("employees"); ms != nil {
		ht.StaffMonthly = ms
		add(fmt.Sprintf("职工月末人数（%d年1—12月）", y-1), "12个月", fmt.Sprintf("企业月报 %d年12月至%d年12月 从业人员期末人数", y-2, y-1))
	}
	if ms := monthly("st_staff"); ms != nil {
		ht.STStaffMonthly = ms
		add(fmt.Sprintf("科技人员月末人数（%d年1—12月）", y-1), "12个月", fmt.Sprintf("企业月报 %d年12月至%d年12月 科技活动人员期末人数", y-2, y-1))
	}

	if len(rec.Supplied) > 0 {
		// Unmarshal overwrites only the keys present: the supplied facts
		// override the derived ones and leave the others.
		// The supplied facts are listed by Firm.Sources, when a report
		// is shown, not here: listing them costs more than screening.
		if err := json.Unmarshal(rec.Supplied, &f); err != nil {
			add("补充报送数据", "无法读取："+err.Error(), "企业补充报送（"+rec.SuppliedOn+"）")
		}
		f.USCC, f.Name = rec.USCC, rec.Name
		// The assessment date is the screening day, whatever was supplied.
		if f.HighTech != nil {
			f.HighTech.ApplyOn = day
		}
		if f.Gradient != nil {
			f.Gradient.AssessedOn = day
		}
	}
	return f, prov
}

// supplied lists the supplied facts: each as the Chinese name of its
// template column (factsheet.Columns; the path section.Field when no column
// has it) and its value as given, sorted by path.
func supplied(b []byte, on string) []Provenance {
	var m map[string]json.RawMessage
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	type kv struct {
		path string
		raw  json.RawMessage
	}
	var all []kv
	for k, v := range m {
		if k == "uscc" || k == "name" {
			continue
		}
		var inner map[string]json.RawMessage
		if json.Unmarshal(v, &inner) == nil {
			for ik, iv := range inner {
				all = append(all, kv{k + "." + ik, iv})
			}
			continue
		}
		all = append(all, kv{k, v})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].path < all[j].path })
	out := make([]Provenance, 0, len(all))
	for _, x := range all {
		name := x.path
		if c, ok := columnOf[x.path]; ok {
			name = c.Name + "（" + x.path + "）"
		}
		out = append(out, Provenance{name, rawValue(x.raw), "企业补充报送（" + on + "）"})
	}
	return out
}

// columnOf maps a fact path to the template column that gives it.
var columnOf = func() map[string]factsheet.Column {
	m := map[string]factsheet.Column{}
	for _, c := range factsheet.Columns {
		for _, p := range c.Paths {
			m[p] = c
		}
	}
	return m
}()

// rawValue prints a supplied JSON value: strings unquoted, 是/否, a count
// of entries for a list, "已报送" for an object.
func rawValue(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return map[bool]string{true: "是", false: "否"}[x]
	case []any:
		return fmt.Sprintf("%d项", len(x))
	case map[string]any:
		return "已报送"
	}
	return string(raw)
}

// yuan prints an amount in yuan with two decimals.
func yuan(v decimal.Decimal) string { return v.StringFixed(2) + "元" }
