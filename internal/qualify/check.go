package qualify

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// FactError is an impossible fact of one firm: the field, its value and why.
type FactError struct {
	USCC, Field, Value, Reason string
}

func (e FactError) Error() string {
	return fmt.Sprintf("%s: %s = %s: %s", e.USCC, e.Field, e.Value, e.Reason)
}

// CheckFacts finds facts that cannot be true — negative amounts, S&T staff
// above total staff, R&D above revenue (unless RDAboveRevenueOK says it is
// real, as for a young research firm), dates after today — so the firm is
// reported instead of screened on wrong numbers. today is the day of the
// check.
func CheckFacts(f FirmFacts, today time.Time) []FactError {
	var errs []FactError
	bad := func(field string, v fmt.Stringer, reason string) {
		errs = append(errs, FactError{USCC: f.USCC, Field: field, Value: v.String(), Reason: reason})
	}
	neg := func(field string, d *decimal.Decimal) {
		if d != nil && d.Sign() < 0 {
			bad(field, d, "不能为负数")
		}
	}
	future := func(field string, t time.Time) {
		if !t.IsZero() && t.After(today) {
			bad(field, dateString(t), "日期晚于今天")
		}
	}
	if h := f.HighTech; h != nil {
		future("high_tech.RegisteredOn", h.RegisteredOn)
		if !h.RegisteredOn.IsZero() && !h.ApplyOn.IsZero() && h.ApplyOn.Before(h.RegisteredOn) {
			bad("high_tech.ApplyOn", dateString(h.ApplyOn), "申请日期早于注册日期")
		}
		for _, y := range h.Years {
			p := fmt.Sprintf("high_tech.Years[%d].", y.Year)
			for _, x := range []struct {
				n string
				d decimal.Decimal
			}{{"Sales", y.Sales}, {"RDInternal", y.RDInternal}, {"RDOther", y.RDOther}, {"EntrustedDomestic", y.EntrustedDomestic}, {"EntrustedForeign", y.EntrustedForeign}} {
				d := x.d
				neg(p+x.n, &d)
			}
			rd := y.RDInternal.Add(y.RDOther).Add(y.EntrustedDomestic).Add(y.EntrustedForeign)
			if y.Sales.Sign() > 0 && rd.GreaterThan(y.Sales) && !f.RDAboveRevenueOK {
				bad(p+"RD", rd, fmt.Sprintf("研发费用大于当年销售收入%s（如属实，设置 RDAboveRevenueOK）", y.Sales))
			}
		}
		neg("high_tech.TotalRevenue", h.TotalRevenue)
		neg("high_tech.HTRevenue", h.HTRevenue)
		if h.HTRevenue != nil && h.TotalRevenue != nil && h.HTRevenue.GreaterThan(*h.TotalRevenue) {
			bad("high_tech.HTRevenue", h.HTRevenue, "高新技术产品（服务）收入大于收入总额")
		}
		if h.StaffAvg != nil && h.STStaffAvg != nil && h.STStaffAvg.GreaterThan(*h.StaffAvg) {
			bad("high_tech.STStaffAvg", h.STStaffAvg, fmt.Sprintf("科技人员多于职工总数%s", h.StaffAvg))
		}
	}
	if s := f.TechSME; s != nil {
		neg("tech_sme.Sales", s.Sales)
		neg("tech_sme.TotalAssets", s.TotalAssets)
		neg("tech_sme.RD", s.RD)
		if s.Staff != nil && s.STStaff != nil && *s.STStaff > *s.Staff {
			bad("tech_sme.STStaff", intString(*s.STStaff), fmt.Sprintf("科技人员多于职工总数%d", *s.Staff))
		}
		if s.RD != nil && s.Sales != nil && s.Sales.Sign() > 0 && s.RD.GreaterThan(*s.Sales) && !f.RDAboveRevenueOK {
			bad("tech_sme.RD", s.RD, fmt.Sprintf("研发费用大于销售收入%s（如属实，设置 RDAboveRevenueOK）", s.Sales))
		}
	}
	if g := f.Gradient; g != nil {
		future("gradient.AssessedOn", g.AssessedOn)
		for _, x := range []struct {
			n string
			d *decimal.Decimal
		}{{"Revenue", g.Revenue}, {"Revenue2", g.Revenue2}, {"Revenue3", g.Revenue3}, {"MainRevenue", g.MainRevenue}, {"RD", g.RD}, {"RD2", g.RD2}} {
			neg("gradient."+x.n, x.d)
		}
		if g.MainRevenue != nil && g.Revenue != nil && g.MainRevenue.GreaterThan(*g.Revenue) {
			bad("gradient.MainRevenue", g.MainRevenue, fmt.Sprintf("主营业务收入大于营业收入%s", g.Revenue))
		}
	}
	return errs
}

type dateString time.Time

func (d dateString) String() string { return time.Time(d).Format("2006-01-02") }

type intString int

func (i intString) String() string { return fmt.Sprint(int(i)) }
