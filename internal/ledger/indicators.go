package ledger

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
)

// Indicator codes of the ledger aggregates (datasets/catalogue/ledgers.yaml).
// Those the Fuling dataset also publishes share its codes, so a ledger
// figure sits beside the published one of the same indicator.
const (
	IndContracts          = "tech_contracts_registered"       // 登记技术合同, count
	IndContractValue      = "tech_contract_turnover"          // 技术合同成交额, yuan
	IndTransactionValue   = "tech_transaction_value"          // 技术交易额, yuan
	IndContractsOut       = "tech_contracts_exported_count"   // 输出技术合同, count
	IndContractValueOut   = "tech_contract_turnover_exported" // 输出技术合同成交额
	IndContractsIn        = "tech_contracts_absorbed_count"   // 吸纳技术合同, count
	IndContractValueIn    = "tech_contract_turnover_absorbed" // 吸纳技术合同成交额
	IndLoanFirms          = "ip_value_loan_firms"             // 获知识产权价值贷款的科技型企业, count (flow)
	IndLoanAmount         = "ip_value_loan_amount"            // 知识产权价值贷款金额 (flow)
	IndLoanCumulative     = "ip_value_loan_amount_cumulative" // 累计投放 (stock)
	IndLoanOutstanding    = "ip_value_loan_outstanding"       // 知识价值信用贷款余额 (stock)
	IndPledgeFirms        = "ip_pledge_loan_firms"            // 知识产权质押融资企业 (flow)
	IndPledgeAmount       = "ip_pledge_loan_amount"           // 知识产权质押融资金额 (flow)
	IndLoanOverdue        = "ip_loan_overdue_principal"       // 逾期本金 (stock)
	IndNationalIncubators = "national_incubators"             // 国家级科技企业孵化器 (stock)
	IndMakerSpaces        = "maker_spaces"                    // 众创空间 (stock)
	IndMunicipalCarriers  = "municipal_ie_carriers"           // 市级双创载体 (stock)
	IndIncubated          = "incubated_enterprises"           // 在孵企业 (stock)
	IndGraduated          = "incubation_graduates"            // 毕业企业 (flow)
	IndTeams              = "innovation_teams_introduced"     // 引进科创团队 (flow)
	IndTalents            = "innovation_talents_introduced"   // 引进科创人才 (flow)
	IndCQEntrepreneurs    = "cq_talent_entrepreneur_leaders"  // 入选“重庆英才”创业领军人才 (year)
	IndCQDemoTeams        = "cq_talent_demo_teams"            // 入选“重庆英才”创新创业示范团队 (year)
)

// Books are the records of the ledgers.
type Books struct {
	Contracts []Contract
	Loans     []Loan
	Carriers  []Carrier
	Firms     []IncubatedFirm
	Teams     []Team
	People    []Person
	Awards    []Award
}

// Figure is one ledger aggregate: an indicator of a node over a period (a
// flow: 1–N月 of a year) or on a day (a stock), exact in base units (yuan,
// count, persons).
type Figure struct {
	Indicator string
	Node      string
	Period    period.Period
	Value     decimal.Decimal
}

// tree maps a node to its ancestors (itself included, root last).
type tree struct {
	root   string
	parent map[string]string
}

func newTree(nodes []model.Node) tree {
	t := tree{parent: map[string]string{}}
	for _, n := range nodes {
		t.parent[n.Code] = n.ParentCode
		if n.ParentCode == "" {
			t.root = n.Code
		}
	}
	return t
}

// chain is the node and its ancestors; "" (the district as a whole) or an
// unknown code gives the root alone.
func (t tree) chain(node string) []string {
	if _, ok := t.parent[node]; !ok || node == "" {
		return []string{t.root}
	}
	var out []string
	for n := node; n != ""; n = t.parent[n] {
		out = append(out, n)
	}
	return out
}

// acc accumulates figures: (indicator, node, period) → value, plus distinct
// keys for counts of distinct firms.
type acc struct {
	t      tree
	sums   map[figKey]decimal.Decimal
	sets   map[figKey]map[string]bool
	order  []figKey
	period map[string]period.Period
}

type figKey struct{ ind, node, per string }

func newAcc(t tree) *acc {
	return &acc{t: t, sums: map[figKey]decimal.Decimal{}, sets: map[figKey]map[string]bool{}, period: map[string]period.Period{}}
}

func (a *acc) key(ind, node string, p period.Period) figKey {
	k := figKey{ind, node, p.String()}
	if _, ok := a.sums[k]; !ok {
		if _, ok := a.sets[k]; !ok {
			a.order = append(a.order, k)
		}
	}
	a.period[k.per] = p
	return k
}

// add adds v to the indicator of node and its ancestors.
func (a *acc) add(ind, node string, p period.Period, v decimal.Decimal) {
	for _, n := range a.t.chain(node) {
		k := a.key(ind, n, p)
		a.sums[k] = a.sums[k].Add(v)
	}
}

// zero makes sure the figure exists (a true zero in a complete ledger).
func (a *acc) zero(ind, node string, p period.Period) {
	for _, n := range a.t.chain(node) {
		k := a.key(ind, n, p)
		if _, ok := a.sums[k]; !ok {
			a.sums[k] = decimal.Zero
		}
	}
}

// distinct counts key once per figure.
func (a *acc) distinct(ind, node string, p period.Period, key string) {
	for _, n := range a.t.chain(node) {
		k := a.key(ind, n, p)
		if a.sets[k] == nil {
			a.sets[k] = map[string]bool{}
		}
		a.sets[k][key] = true
		a.sums[k] = decimal.NewFromInt(int64(len(a.sets[k])))
	}
}

func (a *acc) figures() []Figure {
	out := make([]Figure, 0, len(a.order))
	for _, k := range a.order {
		out = append(out, Figure{Indicator: k.ind, Node: k.node, Period: a.period[k.per], Value: a.sums[k]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Indicator != out[j].Indicator {
			return out[i].Indicator < out[j].Indicator
		}
		if out[i].Node != out[j].Node {
			return out[i].Node < out[j].Node
		}
		return out[i].Period.End().Before(out[j].Period.End())
	})
	return out
}

// latestYTD is the longest 1–N月 period of asOf's year ending on or before
// asOf (false in January before its end).
func latestYTD(asOf time.Time) (period.Period, bool) {
	m := int(asOf.Month())
	if asOf.AddDate(0, 0, 1).Month() == asOf.Month() { // not a month end
		m--
	}
	if m < 1 {
		return period.Period{}, false
	}
	p, err := period.FromMonths(asOf.Year(), 1, m)
	return p, err == nil
}

// stockDays are the year ends from first's year up to asOf, the last month
// end on or before asOf, and the extra days (the days published stock
// figures are counted on, a page's day) from first up to asOf, sorted.
func stockDays(first, asOf time.Time, extra []period.Period) []time.Time {
	seen := map[time.Time]bool{}
	var out []time.Time
	add := func(d time.Time) {
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
		if !d.After(asOf) && !seen[d] && !first.IsZero() && !d.Before(first) {
			seen[d] = true
			out = append(out, d)
		}
	}
	if !first.IsZero() {
		for y := first.Year(); y <= asOf.Year(); y++ {
			add(time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC))
		}
		if asOf.AddDate(0, 0, 1).Day() == 1 {
			add(asOf) // asOf is a month end
		} else {
			add(time.Date(asOf.Year(), asOf.Month(), 0, 0, 0, 0, 0, time.UTC)) // the previous month's end
		}
	}
	for _, p := range extra {
		if p.Kind == period.Date {
			add(p.End())
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Before(out[j]) })
	return out
}

// flowYears calls fn for the flow periods of the years in which some record
// falls: each whole year ended by asOf, the latest 1–N月 of asOf's year, and
// the extra flow periods (the spans of published figures, a page's period)
// ended by asOf; one period per span.
func flowYears(days []time.Time, asOf time.Time, extra []period.Period, fn func(p period.Period)) {
	years := map[int]bool{}
	for _, d := range days {
		years[d.Year()] = true
	}
	ys := make([]int, 0, len(years))
	for y := range years {
		ys = append(ys, y)
	}
	sort.Ints(ys)
	spans := map[[2]time.Time]bool{}
	var ps []period.Period
	add := func(p period.Period) {
		k := [2]time.Time{p.Start(), p.End()}
		if years[p.Year] && !p.End().After(asOf) && !spans[k] {
			spans[k] = true
			ps = append(ps, p)
		}
	}
	for _, y := range ys {
		add(period.NewYear(y))
	}
	if p, ok := latestYTD(asOf); ok {
		add(p)
	}
	for _, p := range extra {
		if p.Kind != period.Date {
			add(p)
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].End().Before(ps[j].End()) })
	for _, p := range ps {
		fn(p)
	}
}

func in(p period.Period, d time.Time) bool { return !d.Before(p.Start()) && !d.After(p.End()) }

var one = decimal.NewFromInt(1)

func yuan(f Fen) decimal.Decimal { return f.Yuan() }

// Figures computes a ledger's aggregates for every node of the tree (a
// record counts for its node and the node's ancestors; the root holds
// everything). Flows: each whole year with records ended by asOf, the
// latest 1–N月 of asOf's year, and the extra flow periods (published spans,
// a page's period). Stocks: each year end, the last month end by asOf, and
// the extra days. (A figure for every month would flood the pages that list
// a node's figures.)
//
//   - contracts (by 登记日期): count, 成交额 and 技术交易额 by the seller's node
//     (the buyer's when the seller is outside the district); output (输出:
//     seller in the district) by the seller's node; absorption (吸纳: buyer
//     in the district) by the buyer's node;
//   - loans: knowledge-value firms served (distinct by credit code, else
//     name) and amounts granted in the period, cumulative amount granted and
//     outstanding balance on a day; pledge loans' firms and amounts; overdue
//     principal on a day;
//   - incubation: national incubators, maker spaces (any level) and
//     municipal-level carriers (any kind) recognised by a day, firms in
//     incubation on a day (distinct), graduations in a period;
//   - talent: teams and people introduced in a period; “重庆英才” winners of
//     创业领军人才 and 创新创业示范团队 by year.
func Figures(k Kind, b Books, nodes []model.Node, asOf time.Time, extra []period.Period) []Figure {
	a := newAcc(newTree(nodes))
	switch k {
	case Contracts:
		contractFigures(a, b.Contracts, asOf, extra)
	case Loans:
		loanFigures(a, b.Loans, asOf, extra)
	case Incubation:
		incubationFigures(a, b, asOf, extra)
	case Talent:
		talentFigures(a, b, asOf, extra)
	}
	return a.figures()
}

func contractFigures(a *acc, cs []Contract, asOf time.Time, extra []period.Period) {
	var days []time.Time
	for _, c := range cs {
		days = append(days, c.RegisteredOn)
	}
	flowYears(days, asOf, extra, func(p period.Period) {
		a.zero(IndContracts, "", p)
		a.zero(IndContractValue, "", p)
		a.zero(IndTransactionValue, "", p)
		for _, c := range cs {
			if c.RegisteredOn.Year() != p.Year {
				continue
			}
			node := c.Seller.Node
			if !c.Seller.InDistrict {
				node = c.Buyer.Node
			}
			if !in(p, c.RegisteredOn) {
				// a true zero: the node has contracts later in the year
				a.zero(IndContracts, node, p)
				a.zero(IndContractValue, node, p)
				a.zero(IndTransactionValue, node, p)
				continue
			}
			a.add(IndContracts, node, p, one)
			a.add(IndContractValue, node, p, yuan(c.Value))
			a.add(IndTransactionValue, node, p, yuan(c.Transaction))
			if c.Output() {
				a.add(IndContractsOut, c.Seller.Node, p, one)
				a.add(IndContractValueOut, c.Seller.Node, p, yuan(c.Value))
			}
			if c.Absorbed() {
				a.add(IndContractsIn, c.Buyer.Node, p, one)
				a.add(IndContractValueIn, c.Buyer.Node, p, yuan(c.Value))
			}
		}
	})
}

func borrowerKey(l Loan) string {
	if l.Borrower.USCC != "" {
		return l.Borrower.USCC
	}
	return l.Borrower.Name
}

func loanFigures(a *acc, ls []Loan, asOf time.Time, extra []period.Period) {
	var days []time.Time
	var first time.Time
	for _, l := range ls {
		days = append(days, l.GrantedOn)
		if first.IsZero() || l.GrantedOn.Before(first) {
			first = l.GrantedOn
		}
	}
	flowYears(days, asOf, extra, func(p period.Period) {
		a.zero(IndLoanFirms, "", p)
		a.zero(IndLoanAmount, "", p)
		for _, l := range ls {
			if !in(p, l.GrantedOn) {
				continue
			}
			if l.Kind == KnowledgeValue {
				a.distinct(IndLoanFirms, l.Borrower.Node, p, borrowerKey(l))
				a.add(IndLoanAmount, l.Borrower.Node, p, yuan(l.Amount))
			} else {
				a.distinct(IndPledgeFirms, l.Borrower.Node, p, borrowerKey(l))
				a.add(IndPledgeAmount, l.Borrower.Node, p, yuan(l.Amount))
			}
		}
	})
	for _, d := range stockDays(first, asOf, extra) {
		p := period.NewDate(d)
		a.zero(IndLoanCumulative, "", p)
		a.zero(IndLoanOutstanding, "", p)
		a.zero(IndLoanOverdue, "", p)
		for _, l := range ls {
			if d.Before(l.GrantedOn) {
				continue
			}
			if l.Kind == KnowledgeValue {
				a.add(IndLoanCumulative, l.Borrower.Node, p, yuan(l.Amount))
				a.add(IndLoanOutstanding, l.Borrower.Node, p, yuan(l.Outstanding(d)))
			}
			if l.Status(d) == "逾期" {
				a.add(IndLoanOverdue, l.Borrower.Node, p, yuan(l.Overdue))
			}
		}
	}
}

func incubationFigures(a *acc, b Books, asOf time.Time, extra []period.Period) {
	nodeOf := map[string]string{}
	var first time.Time
	early := func(t time.Time) {
		if !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	for _, c := range b.Carriers {
		nodeOf[c.Name] = c.Node
		if c.RecognisedOn != nil {
			early(*c.RecognisedOn)
		}
	}
	var gradDays []time.Time
	for _, f := range b.Firms {
		early(f.EnteredOn)
		if f.GraduatedOn != nil {
			gradDays = append(gradDays, *f.GraduatedOn)
		}
	}
	if first.IsZero() && len(b.Carriers) > 0 {
		first = asOf
	}
	for _, d := range stockDays(first, asOf, extra) {
		p := period.NewDate(d)
		for _, ind := range []string{IndNationalIncubators, IndMakerSpaces, IndMunicipalCarriers, IndIncubated} {
			a.zero(ind, "", p)
		}
		for _, c := range b.Carriers {
			if c.RecognisedOn != nil && d.Before(*c.RecognisedOn) {
				continue
			}
			if c.Kind == Incubator && c.Level == National {
				a.add(IndNationalIncubators, c.Node, p, one)
			}
			if c.Kind == MakerSpace {
				a.add(IndMakerSpaces, c.Node, p, one)
			}
			if c.Level == Municipal {
				a.add(IndMunicipalCarriers, c.Node, p, one)
			}
		}
		for _, f := range b.Firms {
			if f.In(d) {
				key := f.USCC
				if key == "" {
					key = f.Name
				}
				a.distinct(IndIncubated, nodeOf[f.Carrier], p, key)
			}
		}
	}
	flowYears(gradDays, asOf, extra, func(p period.Period) {
		a.zero(IndGraduated, "", p)
		for _, f := range b.Firms {
			if f.GraduatedOn != nil && in(p, *f.GraduatedOn) {
				a.add(IndGraduated, nodeOf[f.Carrier], p, one)
			}
		}
	})
}

func talentFigures(a *acc, b Books, asOf time.Time, extra []period.Period) {
	var days []time.Time
	for _, t := range b.Teams {
		days = append(days, t.IntroducedOn)
	}
	for _, p := range b.People {
		days = append(days, p.IntroducedOn)
	}
	flowYears(days, asOf, extra, func(p period.Period) {
		a.zero(IndTeams, "", p)
		a.zero(IndTalents, "", p)
		for _, t := range b.Teams {
			if in(p, t.IntroducedOn) {
				a.add(IndTeams, t.Node, p, one)
			}
		}
		for _, x := range b.People {
			if in(p, x.IntroducedOn) {
				a.add(IndTalents, x.Node, p, one)
			}
		}
	})
	personNode, teamNode := map[string]string{}, map[string]string{}
	for _, x := range b.People {
		personNode[x.IDNumber] = x.Node
	}
	for _, t := range b.Teams {
		teamNode[t.Name] = t.Node
	}
	years := map[int]bool{}
	for _, w := range b.Awards {
		if ChongqingTalent(w.Programme) {
			years[w.Year] = true
		}
	}
	for y := range years {
		p := period.NewYear(y)
		a.zero(IndCQEntrepreneurs, "", p)
		a.zero(IndCQDemoTeams, "", p)
	}
	for _, w := range b.Awards {
		if !ChongqingTalent(w.Programme) {
			continue
		}
		p := period.NewYear(w.Year)
		switch w.Category {
		case "创业领军人才":
			a.add(IndCQEntrepreneurs, personNode[w.PersonID], p, one)
		case "创新创业示范团队":
			a.add(IndCQDemoTeams, teamNode[w.Team], p, one)
		}
	}
}
