package ledger

import (
	"fmt"
	"strconv"
	"strings"
)

// Confidential reports whether a column holds personal data (个人信息): kept
// off list pages and out of exports (identity numbers masked, phones
// withheld).
func (s Schema) Confidential(key string) bool {
	return s.Name == PersonSchema.Name && (key == "id_number" || key == "phone") ||
		s.Name == AwardSchema.Name && key == "person_id"
}

// Columns are the schema's columns as (key, heading) pairs, without the
// ignored ones; with public, confidential columns are left out.
func (s Schema) Columns(public bool) [][2]string {
	var out [][2]string
	for _, c := range s.cols {
		if c.key == "ignore" || public && s.Confidential(c.key) {
			continue
		}
		out = append(out, [2]string{c.key, c.words[0]})
	}
	return out
}

// Field is a form field of a schema.
type Field struct {
	Key, Label string
	Required   bool
	Hint       string
	Secret     bool // personal data, kept confidential
}

// Fields are the schema's form fields, with a hint for fields whose format
// is not obvious.
func (s Schema) Fields() []Field {
	var out []Field
	for _, c := range s.cols {
		if c.key == "ignore" {
			continue
		}
		f := Field{Key: c.key, Label: c.words[0], Required: c.required, Hint: hints[c.key], Secret: s.Confidential(c.key)}
		if s.Name == ContractSchema.Name && c.key == "kind" {
			var ks []string
			for _, k := range ContractKinds {
				ks = append(ks, k.Label())
			}
			f.Hint = strings.Join(ks, "／")
		}
		out = append(out, f)
	}
	return out
}

var hints = map[string]string{
	"deductions":     "如 试验设备=120万元；原材料=30万元；中试设备=5套×20万元（技术载体，合理2套）",
	"seller_region":  "区内留空；区外填省市区",
	"buyer_region":   "区内留空；区外填省市区",
	"signed_on":      "YYYY-MM-DD",
	"registered_on":  "YYYY-MM-DD",
	"granted_on":     "YYYY-MM-DD",
	"due_on":         "YYYY-MM-DD",
	"grade":          "A／B／C／D／E",
	"kind":           "",
	"level":          "国家级／市级／区级",
	"entered_on":     "YYYY-MM-DD",
	"founded_on":     "YYYY-MM-DD",
	"introduced_on":  "YYYY-MM-DD",
	"id_number":      "保密：仅用于识别同一人，不在列表和公开页面显示",
	"phone":          "保密",
	"person_id":      "保密：入选人的证件号码",
	"legal_person":   "是／否",
	"patent_applied": "是／否",
	"holds_ip":       "是／否",
	"financed":       "是／否",
	"long_cycle":     "是／否（生物医药、现代农业、集成电路）",
}

func wanCell(f Fen) string { return f.Wan() }

func optWan(f *Fen) string {
	if f == nil {
		return ""
	}
	return f.Wan()
}

func optInt(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

func optBool(b *bool) string {
	if b == nil {
		return ""
	}
	if *b {
		return "是"
	}
	return "否"
}

func region(p Party) string {
	if p.InDistrict {
		return ""
	}
	return p.Region
}

// Rows writes the records of the schema's kind as the template's cells (money
// in 万元, dates YYYY-MM-DD, 是/否), one row per record, in the order of
// Columns(public): an export re-imports as it is (except, for people, the
// masked identity numbers). Identity numbers are masked and phones withheld
// even when not public.
func (s Schema) Rows(b Books, nodeName func(string) string, public bool) [][]string {
	cols := s.Columns(public)
	var out [][]string
	emit := func(get func(key string) string) {
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = get(c[0])
		}
		out = append(out, row)
	}
	switch s.Name {
	case ContractSchema.Name:
		for _, c := range b.Contracts {
			emit(func(k string) string {
				return map[string]string{"reg_no": c.RegNo, "name": c.Name, "kind": c.Kind.Label(), "seller_name": c.Seller.Name, "seller_uscc": c.Seller.USCC,
					"seller_region": region(c.Seller), "seller_node": nodeName(c.Seller.Node), "buyer_name": c.Buyer.Name, "buyer_uscc": c.Buyer.USCC,
					"buyer_region": region(c.Buyer), "buyer_node": nodeName(c.Buyer.Node), "signed_on": Day(c.SignedOn), "registered_on": Day(c.RegisteredOn),
					"value": wanCell(c.Value), "deductions": c.DeductionsText(), "transaction": wanCell(c.Transaction), "field": c.Field}[k]
			})
		}
	case LoanSchema.Name:
		for _, l := range b.Loans {
			emit(func(k string) string {
				repaid, overdue := "", ""
				if l.Repaid > 0 {
					repaid = l.Repaid.Wan()
				}
				if l.Overdue > 0 {
					overdue = l.Overdue.Wan()
				}
				return map[string]string{"loan_no": l.LoanNo, "kind": l.Kind.Label(), "borrower_name": l.Borrower.Name, "borrower_uscc": l.Borrower.USCC,
					"borrower_node": nodeName(l.Borrower.Node), "bank": l.Bank, "amount": wanCell(l.Amount), "granted_on": Day(l.GrantedOn), "due_on": Day(l.DueOn),
					"grade": string(l.Grade), "pledged_ip": strings.Join(l.PledgedIP, "；"), "repaid": repaid, "repaid_on": DayPtr(l.RepaidOn),
					"overdue": overdue, "overdue_on": DayPtr(l.OverdueOn)}[k]
			})
		}
	case CarrierSchema.Name:
		for _, c := range b.Carriers {
			emit(func(k string) string {
				site, inc := "", ""
				if c.SiteM2 != nil {
					site = c.SiteM2.String()
				}
				if c.IncubationM2 != nil {
					inc = c.IncubationM2.String()
				}
				return map[string]string{"name": c.Name, "kind": c.Kind.Label(), "level": c.Level.Label(), "recognitions": c.Recognitions,
					"recognised_on": DayPtr(c.RecognisedOn), "operator_uscc": c.OperatorUSCC, "node": nodeName(c.Node), "legal_person": optBool(c.LegalPerson),
					"operating_from": DayPtr(c.OperatingFrom), "stats_years": optInt(c.StatsYears), "site_m2": site, "incubation_m2": inc,
					"seed_fund": optWan(c.SeedFund), "fund_cases": optInt(c.FundCases), "staff": optInt(c.Staff), "professional_staff": optInt(c.Professional),
					"mentors": optInt(c.Mentors), "specialised_field": c.SpecialisedField}[k]
			})
		}
	case FirmSchema.Name:
		for _, f := range b.Firms {
			emit(func(k string) string {
				long := ""
				if f.LongCycle {
					long = "是"
				}
				return map[string]string{"carrier": f.Carrier, "name": f.Name, "uscc": f.USCC, "founded_on": Day(f.FoundedOn), "entered_on": Day(f.EnteredOn),
					"graduated_on": DayPtr(f.GraduatedOn), "left_on": DayPtr(f.LeftOn), "industry": f.Industry, "long_cycle": long,
					"patent_applied": optBool(f.PatentApplied), "holds_ip": optBool(f.HoldsIP), "financed": optBool(f.Financed)}[k]
			})
		}
	case TeamSchema.Name:
		for _, t := range b.Teams {
			emit(func(k string) string {
				return map[string]string{"name": t.Name, "leader": t.Leader, "host_org": t.HostOrg, "host_uscc": t.HostUSCC, "node": nodeName(t.Node),
					"introduced_on": Day(t.IntroducedOn), "field": t.Field}[k]
			})
		}
	case PersonSchema.Name:
		for _, p := range b.People {
			emit(func(k string) string {
				return map[string]string{"name": p.Name, "id_number": p.MaskedID(), "phone": "（保密，不导出）", "team": p.Team, "host_org": p.HostOrg,
					"node": nodeName(p.Node), "introduced_on": Day(p.IntroducedOn), "education": p.Education, "title": p.Title, "field": p.Field}[k]
			})
		}
	case AwardSchema.Name:
		for _, a := range b.Awards {
			emit(func(k string) string {
				id := ""
				if a.PersonID != "" {
					id = MaskID(a.PersonID)
				}
				return map[string]string{"programme": a.Programme, "category": a.Category, "year": fmt.Sprint(a.Year), "person_id": id,
					"winner": a.Winner, "team": a.Team}[k]
			})
		}
	}
	return out
}
