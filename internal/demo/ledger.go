package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/ledger"
)

// The article's ledger totals (article-2022) the demo ledger reproduces
// exactly.
const (
	ArticleContracts        = 51          // 1—9月 2022 登记技术交易合同
	ArticleContractValue    = 500_000_000 // 合同成交额 5亿元, yuan
	ArticleTransactionValue = 70_102_000  // 技术交易额 7010.2万元, yuan
	ArticleLoanFirms        = 33          // 2022年 获知识产权价值贷款的科技型企业
	ArticleLoanAmount       = 61_000_000  // 2022年 6100万元
	ArticleLoanCumulative   = 326_000_000 // 累计 3.26亿元
	ArticleNationalIncub    = 1           // 国家级孵化器
	ArticleMakerSpaces      = 3           // 众创空间
	ArticleMunicipal        = 14          // 市级双创载体
	ArticleIncubatedAtLeast = 300         // 在孵企业超过300家
	ArticleTeams            = 38          // 引进科创团队
	ArticlePeople           = 380         // 科创人才
	ArticleCQLeaders        = 1           // 2022 “重庆英才” 创业领军人才
	ArticleCQDemoTeams      = 5           // 创新创业示范团队
	demoIncubated           = 312         // firms in incubation on 2022-10-01
	demoTag                 = "（演示）"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func dptr(t time.Time) *time.Time { return &t }

// split divides total into n positive whole parts drawn at random between
// lo and hi (total must lie within n·lo … n·hi), summing exactly to total.
func split(r *rand.Rand, total, n, lo, hi int64) []int64 {
	out := make([]int64, n)
	var sum int64
	for i := range out {
		out[i] = lo + r.Int64N(hi-lo+1)
		sum += out[i]
	}
	for i := 0; sum != total; i = (i + 1) % int(n) {
		switch {
		case sum < total && out[i] < hi:
			step := min(hi-out[i], total-sum, 1+r.Int64N(20))
			out[i] += step
			sum += step
		case sum > total && out[i] > lo:
			step := min(out[i]-lo, sum-total, 1+r.Int64N(20))
			out[i] -= step
			sum -= step
		}
	}
	return out
}

// Ledgers generates synthetic, clearly marked ledgers (names end in （演示）,
// identity numbers start DEMO) whose aggregates reproduce the article's
// figures exactly: 51 contracts registered 1—9月 2022 with 合同成交额 5亿元
// and 技术交易额 7010.2万元 (every deduction named); 33 firms with
// knowledge-value loans of 6100万元 in 2022 and 3.26亿元 granted in all by
// 2022-09-30 (a few overdue, a few pledge loans beside); on 2022-10-01 one
// national incubator, three maker spaces, fourteen municipal carriers and
// 312 firms in incubation (more than 300); 38 teams and 380 people
// introduced in 2022, with one 创业领军人才 and five 创新创业示范团队 of the
// 2022 “重庆英才” programme. Records are placed in the given nodes at random.
func Ledgers(seed int64, nodes []string) map[ledger.Kind]ledger.Books {
	r := rand.New(rand.NewPCG(uint64(seed), 0x6c656467))
	node := func() string { return nodes[r.IntN(len(nodes))] }
	out := map[ledger.Kind]ledger.Books{}

	// Technology contracts: values in 万元 summing to 50000万元; each
	// transaction value its share of 7010.2万元 (to the yuan), the rest named
	// as equipment and materials.
	values := split(r, ArticleContractValue/10000, ArticleContracts, 200, 2400) // 万元
	kinds := ledger.ContractKinds
	var cs []ledger.Contract
	var txSum int64
	for i, v := range values {
		value := v * 10000
		tx := value * ArticleTransactionValue / ArticleContractValue
		if i == len(values)-1 {
			tx = ArticleTransactionValue - txSum
		}
		txSum += tx
		ded := value - tx
		equip := ded * int64(50+r.IntN(30)) / 100
		reg := d(2022, time.Month(1+i*9/ArticleContracts), 3+r.IntN(25))
		c := ledger.Contract{
			RegNo: fmt.Sprintf("2022500102%06d", i+1), Name: fmt.Sprintf("演示技术合同%02d", i+1), Kind: kinds[r.IntN(len(kinds))],
			Seller:   ledger.Party{Name: fmt.Sprintf("重庆涪陵卖方%02d有限公司%s", i+1, demoTag), InDistrict: true, Node: node()},
			Buyer:    ledger.Party{Name: fmt.Sprintf("买方%02d有限公司%s", i+1, demoTag), InDistrict: r.IntN(3) == 0},
			SignedOn: reg.AddDate(0, 0, -1-r.IntN(20)), RegisteredOn: reg, Value: ledger.Yuan(value), Field: []string{"新材料", "生物医药", "先进制造", "电子信息", "节能环保"}[r.IntN(5)],
			Deductions: []ledger.Deduction{{Item: "设备购置", Amount: ledger.Yuan(equip)}, {Item: "原材料", Amount: ledger.Yuan(ded - equip)}},
		}
		if c.Buyer.InDistrict {
			c.Buyer.Node = node()
		} else {
			c.Buyer.Region = []string{"重庆市渝北区", "四川省成都市", "北京市海淀区", "上海市浦东新区"}[r.IntN(4)]
		}
		c.Compute()
		cs = append(cs, c)
	}
	out[ledger.Contracts] = ledger.Books{Contracts: cs}

	// Loans: 2022 knowledge-value loans of 33 firms, 6100万元; earlier
	// ones 26500万元 (2018–2021); three pledge loans beside.
	var ls []ledger.Loan
	firm := func(i int) (string, string) {
		return fmt.Sprintf("重庆涪陵科技%03d有限公司%s", i, demoTag), fmt.Sprintf("DEMO%014d", i)
	}
	gradeFor := func(amount int64) ledger.Grade { // the smallest line that covers it
		for i := len(ledger.Grades) - 1; i >= 0; i-- {
			if line, _ := ledger.CreditLine(ledger.Grades[i]); int64(line) >= amount*1_000_000 {
				return ledger.Grades[i]
			}
		}
		return "A"
	}
	loan := func(no string, i int, amount int64, granted time.Time) ledger.Loan {
		name, code := firm(i)
		return ledger.Loan{LoanNo: no, Kind: ledger.KnowledgeValue, Borrower: ledger.Party{Name: name, USCC: code, InDistrict: true, Node: node()},
			Bank:   []string{"重庆农村商业银行涪陵分行", "中国建设银行涪陵分行", "重庆银行涪陵分行", "中国工商银行涪陵分行"}[r.IntN(4)],
			Amount: ledger.Wan(amount), GrantedOn: granted, DueOn: granted.AddDate(1, 0, 0), Grade: gradeFor(amount)}
	}
	for i, a := range split(r, ArticleLoanAmount/10000, ArticleLoanFirms, 80, 400) {
		ls = append(ls, loan(fmt.Sprintf("ZSJZ2022%03d", i+1), i+1, a, d(2022, time.Month(1+i*9/ArticleLoanFirms), 1+r.IntN(27))))
	}
	earlier := split(r, (ArticleLoanCumulative-ArticleLoanAmount)/10000, 110, 100, 400)
	for i, a := range earlier {
		l := loan(fmt.Sprintf("ZSJZ%d%03d", 2018+i*4/len(earlier), i+1), 100+i, a, d(2018+i*4/len(earlier), time.Month(1+r.IntN(12)), 1+r.IntN(27)))
		switch {
		case i%9 == 4: // overdue: the risk fund pays 80%
			l.Overdue, l.OverdueOn = l.Amount, dptr(l.DueOn.AddDate(0, 0, 1))
		default:
			l.Repaid, l.RepaidOn = l.Amount, dptr(l.DueOn)
		}
		ls = append(ls, l)
	}
	for i := range 3 {
		name, code := firm(300 + i)
		ls = append(ls, ledger.Loan{LoanNo: fmt.Sprintf("ZSCQZY2022%03d", i+1), Kind: ledger.IPPledge, Borrower: ledger.Party{Name: name, USCC: code, InDistrict: true, Node: node()},
			Bank: "中国银行涪陵分行", Amount: ledger.Wan(int64(200 + 100*i)), GrantedOn: d(2022, time.Month(3+2*i), 15), DueOn: d(2023, time.Month(3+2*i), 15),
			PledgedIP: []string{fmt.Sprintf("ZL2020%07d.X（演示专利）", i+1)}})
	}
	out[ledger.Loans] = ledger.Books{Loans: ls}

	// Incubation on 2022-10-01.
	yes, no := true, false
	dec := func(n int64) *decimal.Decimal { x := decimal.NewFromInt(n); return &x }
	ip := func(n int) *int { return &n }
	fen := func(f ledger.Fen) *ledger.Fen { return &f }
	var carriers []ledger.Carrier
	carriers = append(carriers, ledger.Carrier{Name: "涪陵区科技企业孵化器" + demoTag, Kind: ledger.Incubator, Level: ledger.National, Recognitions: "国家级科技企业孵化器（2019年）",
		RecognisedOn: dptr(d(2019, 12, 20)), Node: node(), LegalPerson: &yes, OperatingFrom: dptr(d(2015, 6, 1)), StatsYears: ip(6),
		SiteM2: dec(26000), IncubationM2: dec(21000), SeedFund: fen(ledger.Wan(1200)), FundCases: ip(8), Staff: ip(24), Professional: ip(21), Mentors: ip(15)})
	for i := range ArticleMakerSpaces {
		carriers = append(carriers, ledger.Carrier{Name: fmt.Sprintf("涪陵众创空间%d%s", i+1, demoTag), Kind: ledger.MakerSpace, Level: ledger.National,
			Recognitions: "国家备案众创空间", RecognisedOn: dptr(d(2017+i, 10, 1)), Node: node()})
	}
	for i := range ArticleMunicipal {
		k := []ledger.CarrierKind{ledger.Incubator, ledger.Accelerator, ledger.OtherCarrier}[i%3]
		c := ledger.Carrier{Name: fmt.Sprintf("涪陵市级双创载体%02d%s", i+1, demoTag), Kind: k, Level: ledger.Municipal,
			Recognitions: "重庆市" + k.Label(), RecognisedOn: dptr(d(2016+i%6, time.Month(1+i%12), 10)), Node: node()}
		if i == 0 { // the spec's §5.6 test carrier: 70.8% of the site used → fails
			c.LegalPerson, c.OperatingFrom, c.StatsYears = &yes, dptr(d(2017, 3, 1)), ip(4)
			c.SiteM2, c.IncubationM2, c.SeedFund, c.FundCases = dec(12000), dec(8500), fen(ledger.Wan(600)), ip(3)
			c.Staff, c.Professional, c.Mentors = ip(12), ip(10), ip(7)
		}
		carriers = append(carriers, c)
	}
	var firms []ledger.IncubatedFirm
	n := 0
	add := func(carrier string, entered time.Time, grad *time.Time) {
		n++
		founded := entered.AddDate(0, -1-r.IntN(20), -r.IntN(28))
		if n%97 == 0 {
			founded = entered.AddDate(-3, 0, 0) // entered too old: flagged
		}
		fin, pat, hold := r.IntN(6) == 0, r.IntN(10) < 6, r.IntN(10) < 4
		firms = append(firms, ledger.IncubatedFirm{Carrier: carrier, Name: fmt.Sprintf("涪陵在孵企业%03d%s", n, demoTag), FoundedOn: founded, EnteredOn: entered,
			GraduatedOn: grad, Industry: []string{"新材料", "生物医药", "电子信息", "先进制造"}[r.IntN(4)], Financed: &fin, PatentApplied: &pat, HoldsIP: &hold})
	}
	for i := range demoIncubated {
		c := carriers[0].Name
		if i >= 90 {
			c = carriers[1+(i-90)%(len(carriers)-1)].Name
		}
		entered := d(2019+r.IntN(4), time.Month(1+r.IntN(12)), 1+r.IntN(27))
		if entered.After(d(2022, 9, 30)) {
			entered = d(2022, 9, 1+r.IntN(29))
		}
		if i%53 == 0 {
			entered = d(2017, 9, 1) // in incubation beyond 48 months: flagged
		}
		add(c, entered, nil)
	}
	for i := range 40 { // graduated before 2022-10-01
		c := carriers[0].Name
		if i >= 25 {
			c = carriers[1+i%(len(carriers)-1)].Name
		}
		entered := d(2016+r.IntN(3), time.Month(1+r.IntN(12)), 1+r.IntN(27))
		add(c, entered, dptr(entered.AddDate(2+r.IntN(2), r.IntN(6), 0)))
	}
	_ = no
	out[ledger.Incubation] = ledger.Books{Carriers: carriers, Firms: firms}

	// Talent: 38 teams and 380 people introduced in 2022 (the teams' members
	// among them), and the 2022 “重庆英才” winners.
	var teams []ledger.Team
	for i := range ArticleTeams {
		teams = append(teams, ledger.Team{Name: fmt.Sprintf("演示科创团队%02d", i+1), Leader: fmt.Sprintf("演示带头人%02d", i+1),
			HostOrg: fmt.Sprintf("重庆涪陵科技%03d有限公司%s", i+1, demoTag), Node: node(), IntroducedOn: d(2022, time.Month(1+i*9/ArticleTeams), 5+r.IntN(20)),
			Field: []string{"页岩气", "新材料", "生物医药", "智能制造"}[r.IntN(4)]})
	}
	var people []ledger.Person
	for i := range ArticlePeople {
		p := ledger.Person{Name: fmt.Sprintf("演示人才%03d", i+1), IDNumber: fmt.Sprintf("DEMO%014d", 500000+i), Node: node(),
			IntroducedOn: d(2022, time.Month(1+r.IntN(9)), 1+r.IntN(28)), Education: []string{"博士", "硕士", "本科"}[r.IntN(3)],
			Title: []string{"正高级工程师", "高级工程师", "工程师", ""}[r.IntN(4)]}
		if i < 190 { // five members per team
			t := teams[i/5]
			p.Team, p.HostOrg, p.Node = t.Name, t.HostOrg, t.Node
			if p.IntroducedOn.Before(t.IntroducedOn) {
				p.IntroducedOn = t.IntroducedOn
			}
		}
		people = append(people, p)
	}
	awards := []ledger.Award{{Programme: "重庆英才计划", Category: "创业领军人才", Year: 2022, PersonID: people[0].IDNumber, Winner: people[0].Name}}
	for i := range ArticleCQDemoTeams {
		awards = append(awards, ledger.Award{Programme: "重庆英才计划", Category: "创新创业示范团队", Year: 2022, Team: teams[i].Name, Winner: teams[i].Name})
	}
	out[ledger.Talent] = ledger.Books{Teams: teams, People: people, Awards: awards}
	return out
}
