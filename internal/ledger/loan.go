package ledger

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// LoanKind is the kind of an IP-finance loan.
type LoanKind string

// The loan kinds.
const (
	// KnowledgeValue is Chongqing's knowledge-value credit loan
	// (知识价值信用贷款, "知识产权价值贷款"), unsecured, its line set by the
	// borrower's credit grade (policy-rules §5.7 [S2]).
	KnowledgeValue LoanKind = "knowledge_value"
	// IPPledge is a patent or trademark pledge loan (知识产权质押融资).
	IPPledge LoanKind = "ip_pledge"
)

// Label is the kind's Chinese name.
func (k LoanKind) Label() string {
	switch k {
	case KnowledgeValue:
		return "知识价值信用贷款"
	case IPPledge:
		return "知识产权质押融资"
	}
	return string(k)
}

// ParseLoanKind reads a kind as written (知识价值信用贷款, 知识产权价值贷款,
// 知识产权质押, knowledge_value …).
func ParseLoanKind(s string) (LoanKind, error) {
	n := strings.ReplaceAll(strings.TrimSpace(s), " ", "")
	switch {
	case n == string(KnowledgeValue), strings.Contains(n, "知识价值"), strings.Contains(n, "知识产权价值"), n == "信用贷款":
		return KnowledgeValue, nil
	case n == string(IPPledge), strings.Contains(n, "质押"):
		return IPPledge, nil
	}
	return "", fmt.Errorf("not a loan kind (知识价值信用贷款 or 知识产权质押融资)")
}

// Grade is a knowledge-value credit grade, A to E.
type Grade string

// Grades lists the grades, best first.
var Grades = []Grade{"A", "B", "C", "D", "E"}

// CreditLine is the credit line a grade implies: A 500万元, B 400万元, C
// 300万元, D 160万元, E 80万元 (policy-rules §5.7 [S2]: the Chongqing
// knowledge-value credit scoring). ok is false for an unknown grade.
func CreditLine(g Grade) (Fen, bool) {
	switch g {
	case "A":
		return Wan(500), true
	case "B":
		return Wan(400), true
	case "C":
		return Wan(300), true
	case "D":
		return Wan(160), true
	case "E":
		return Wan(80), true
	}
	return 0, false
}

// ParseGrade reads a grade (A–E, full-width or lower case; "" is none).
func ParseGrade(s string) (Grade, error) {
	n := strings.ToUpper(strings.NewReplacer("Ａ", "A", "Ｂ", "B", "Ｃ", "C", "Ｄ", "D", "Ｅ", "E", "级", "", " ", "").Replace(strings.TrimSpace(s)))
	if n == "" {
		return "", nil
	}
	if _, ok := CreditLine(Grade(n)); !ok {
		return "", fmt.Errorf("credit grade is A, B, C, D or E")
	}
	return Grade(n), nil
}

// Loan is one loan.
type Loan struct {
	ID        int64
	LoanNo    string // 借款合同编号
	Kind      LoanKind
	Borrower  Party // in the district
	Bank      string
	Amount    Fen
	GrantedOn time.Time
	DueOn     time.Time
	Grade     Grade    // knowledge-value loans: the borrower's credit grade, "" unknown
	PledgedIP []string // pledge loans: the patents/trademarks pledged
	Repaid    Fen      // principal repaid
	RepaidOn  *time.Time
	Overdue   Fen // overdue principal
	OverdueOn *time.Time
	Row       int
}

// Validate checks a loan: number, borrower, bank, a positive amount, the
// due date after the grant, a knowledge-value amount within its grade's
// credit line, pledged items for a pledge loan, repaid plus overdue not
// above the amount, and a date for each.
func (l Loan) Validate() []Problem {
	var p []Problem
	if strings.TrimSpace(l.LoanNo) == "" {
		p = append(p, Problem{"loan_no", "", "借款合同编号 is required"})
	}
	if strings.TrimSpace(l.Borrower.Name) == "" {
		p = append(p, Problem{"borrower", "", "借款企业 is required"})
	}
	if strings.TrimSpace(l.Bank) == "" {
		p = append(p, Problem{"bank", "", "贷款银行 is required"})
	}
	if l.Amount <= 0 {
		p = append(p, Problem{"amount", l.Amount.String(), "贷款金额 must be positive"})
	}
	if l.GrantedOn.IsZero() {
		p = append(p, Problem{"granted_on", "", "放款日期 is required"})
	}
	if l.DueOn.IsZero() {
		p = append(p, Problem{"due_on", "", "到期日期 is required"})
	} else if !l.GrantedOn.IsZero() && !l.DueOn.After(l.GrantedOn) {
		p = append(p, Problem{"due_on", Day(l.DueOn), "falls due on or before it was granted (" + Day(l.GrantedOn) + ")"})
	}
	if line, ok := CreditLine(l.Grade); ok && l.Kind == KnowledgeValue && l.Amount > line {
		p = append(p, Problem{"amount", l.Amount.String(), fmt.Sprintf("exceeds the credit line of grade %s (%s)", l.Grade, line)})
	}
	if l.Kind == IPPledge && len(l.PledgedIP) == 0 {
		p = append(p, Problem{"pledged_ip", "", "a pledge loan names the pledged patents or trademarks"})
	}
	if l.Repaid < 0 || l.Overdue < 0 {
		p = append(p, Problem{"repaid", l.Repaid.String(), "repaid and overdue principal cannot be negative"})
	}
	if l.Repaid+l.Overdue > l.Amount {
		p = append(p, Problem{"overdue", l.Overdue.String(), fmt.Sprintf("repaid %s plus overdue %s exceed the amount %s", l.Repaid, l.Overdue, l.Amount)})
	}
	if l.Repaid > 0 && l.RepaidOn == nil {
		p = append(p, Problem{"repaid_on", "", "a repayment needs its date"})
	}
	if l.Overdue > 0 && l.OverdueOn == nil {
		p = append(p, Problem{"overdue_on", "", "overdue principal needs the day it fell overdue"})
	}
	if l.RepaidOn != nil && !l.GrantedOn.IsZero() && l.RepaidOn.Before(l.GrantedOn) {
		p = append(p, Problem{"repaid_on", Day(*l.RepaidOn), "repaid before it was granted"})
	}
	if l.OverdueOn != nil && !l.GrantedOn.IsZero() && !l.OverdueOn.After(l.GrantedOn) {
		p = append(p, Problem{"overdue_on", Day(*l.OverdueOn), "overdue on or before it was granted"})
	}
	return p
}

// Status is a loan's standing on a day: 已结清 repaid, 逾期 overdue, 正常
// current (or "" before it was granted).
func (l Loan) Status(day time.Time) string {
	switch {
	case day.Before(l.GrantedOn):
		return ""
	case l.Overdue > 0 && l.OverdueOn != nil && !day.Before(*l.OverdueOn):
		return "逾期"
	case l.Repaid == l.Amount && l.RepaidOn != nil && !day.Before(*l.RepaidOn):
		return "已结清"
	}
	return "正常"
}

// Outstanding is the principal outstanding at the end of day: the amount
// once granted, less the repayment once made (overdue principal stays
// outstanding until compensated).
func (l Loan) Outstanding(day time.Time) Fen {
	if day.Before(l.GrantedOn) {
		return 0
	}
	if l.RepaidOn != nil && !day.Before(*l.RepaidOn) {
		return l.Amount - l.Repaid
	}
	return l.Amount
}

// RiskSplit is how an overdue loan's principal loss is shared (policy-rules
// §5.7 [S2]): the risk-compensation fund pays 80% of the overdue principal
// first, the fund being financed by the city and district treasuries 4:6;
// the bank carries the remaining 20% of principal (and the interest, not
// modelled here).
type RiskSplit struct {
	Principal Fen // overdue principal
	Fund      Fen // 80%, rounded half up to the fen
	City      Fen // the city's 4/10 of Fund, rounded half up
	District  Fen // Fund − City (so the parts add up exactly)
	Bank      Fen // Principal − Fund
}

var (
	fundShare = decimal.RequireFromString("0.8")
	cityShare = decimal.RequireFromString("0.4")
)

// SplitRisk shares an overdue principal. Overdue principal 1,000,000元 →
// fund 800,000 (city 320,000, district 480,000), bank 200,000.
func SplitRisk(principal Fen) RiskSplit {
	fund := Fen(decimal.NewFromInt(int64(principal)).Mul(fundShare).Round(0).IntPart())
	city, district := SplitFund(fund)
	return RiskSplit{Principal: principal, Fund: fund, City: city, District: district, Bank: principal - fund}
}

// SplitFund shares an amount of the risk-compensation fund between the city
// and district treasuries 4:6 (policy-rules §5.7): a fund of 10亿元 is
// 4亿元 from the city and 6亿元 from the districts. The city's part is
// rounded half up to the fen; the district's is the rest.
func SplitFund(total Fen) (city, district Fen) {
	city = Fen(decimal.NewFromInt(int64(total)).Mul(cityShare).Round(0).IntPart())
	return city, total - city
}
