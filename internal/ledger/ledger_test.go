package ledger

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func dp(s string) *time.Time { t := day(s); return &t }

func contract(value Fen, deductions string) Contract {
	ds, err := ParseDeductions(deductions)
	if err != nil {
		panic(err)
	}
	return Contract{RegNo: "5001022022000001", Kind: DevCommissioned, Seller: Party{Name: "卖方", InDistrict: true}, Buyer: Party{Name: "买方", InDistrict: true},
		SignedOn: day("2022-03-01"), RegisteredOn: day("2022-03-10"), Value: value, Deductions: ds}
}

// K1 (policy-rules §4.4): a development contract of 5,000,000 with test
// equipment 1,200,000 and materials 300,000 → 技术交易额 3,500,000.
func TestK1DevelopmentContract(t *testing.T) {
	c := contract(Yuan(5_000_000), "试验设备=120万元；原材料=300000元")
	if p := c.Compute(); len(p) > 0 {
		t.Fatal(p)
	}
	if c.Transaction != Yuan(3_500_000) || c.Value != Yuan(5_000_000) {
		t.Errorf("K1: 成交额 %s, 技术交易额 %s; want 500万元, 350万元", c.Value, c.Transaction)
	}
	if c.Transaction.String() != "350万元" || c.Deducted() != Yuan(1_500_000) {
		t.Errorf("K1 printed %s, deducted %s", c.Transaction, c.Deducted())
	}
	if p := c.CheckStated(Yuan(3_500_000)); p != nil {
		t.Errorf("stated K1 value refused: %v", p)
	}
	if p := c.CheckStated(Yuan(3_600_000)); p == nil || !strings.Contains(p.Reason, "3500000") && !strings.Contains(p.Reason, "350万元") {
		t.Errorf("a stated value the deductions do not give is accepted: %v", p)
	}
}

// K2: a transfer contract of 2,000,000 with 5 pilot rigs at 200,000; 2 rigs
// are a reasonable quantity of carriers, the 3 excess (600,000) are
// deducted → 1,400,000.
func TestK2TransferWithCarriers(t *testing.T) {
	c := contract(Yuan(2_000_000), "中试设备=5套×20万元（技术载体，合理2套）")
	c.Kind = Transfer
	if p := c.Compute(); len(p) > 0 {
		t.Fatal(p)
	}
	if c.Transaction != Yuan(1_400_000) {
		t.Errorf("K2: 技术交易额 %s, want 140万元", c.Transaction)
	}
	d := c.Deductions[0]
	if d.Amount != Yuan(1_000_000) || d.Deducted() != Yuan(600_000) || d.CarrierAllowance != 2 {
		t.Errorf("K2 deduction %+v deducts %s", d, d.Deducted())
	}
	// The default allowance is 2 sets [U].
	c2 := contract(Yuan(2_000_000), "中试设备=5套×20万元（技术载体）")
	c2.Compute()
	if c2.Transaction != Yuan(1_400_000) {
		t.Errorf("default carrier allowance: %s", c2.Transaction)
	}
	if got := c.DeductionsText(); got != "中试设备=5套×20万元（技术载体，合理2套）" {
		t.Errorf("written back as %q", got)
	}
}

func TestContractValidation(t *testing.T) {
	c := contract(Yuan(100), "设备=200元")
	p := c.Compute()
	if len(p) != 1 || p[0].Field != "deductions" || !strings.Contains(p[0].Reason, "cannot be negative") {
		t.Errorf("deductions above the value: %v", p)
	}
	c = contract(Yuan(1000), "")
	if pr := c.CheckStated(Yuan(900)); pr == nil || !strings.Contains(pr.Reason, "no deduction is named") {
		t.Errorf("an unexplained difference is accepted: %v", pr)
	}
	if pr := c.CheckStated(Yuan(1100)); pr == nil || !strings.Contains(pr.Reason, "exceeds") {
		t.Errorf("transaction above contract value accepted: %v", pr)
	}
	for _, bad := range []string{"120万元", "=120万元", "设备=abc", "设备=120万元（技术载体）"} {
		if _, err := ParseDeductions(bad); err == nil {
			t.Errorf("ParseDeductions(%q) accepted", bad)
		}
	}
	c = contract(Yuan(1000), "")
	c.RegisteredOn = day("2022-02-01")
	if p := c.Validate(); len(p) != 1 || p[0].Field != "registered_on" {
		t.Errorf("registered before signing: %v", p)
	}
	for in, want := range map[string]ContractKind{"技术开发（委托）": DevCommissioned, "合作开发": DevCooperative, "技术培训": ServiceTraining, "技术服务(技术中介)": ServiceIntermediary, "专利实施许可": License} {
		if k, err := ParseContractKind(in); err != nil || k != want {
			t.Errorf("ParseContractKind(%q) = %v, %v", in, k, err)
		}
	}
	if _, err := ParseContractKind("技术开发"); err == nil {
		t.Error("bare 技术开发 accepted")
	}
}

// policy-rules §5.7: grade B → 4,000,000 line; overdue principal 1,000,000 →
// fund 800,000, bank 200,000; a fund of 10亿 → 4亿 city, 6亿 districts.
func TestLoanGradeAndRiskSplit(t *testing.T) {
	want := map[Grade]Fen{"A": Yuan(5_000_000), "B": Yuan(4_000_000), "C": Yuan(3_000_000), "D": Yuan(1_600_000), "E": Yuan(800_000)}
	for g, w := range want {
		if got, ok := CreditLine(g); !ok || got != w {
			t.Errorf("grade %s: line %s", g, got)
		}
	}
	s := SplitRisk(Yuan(1_000_000))
	if s.Fund != Yuan(800_000) || s.Bank != Yuan(200_000) || s.City != Yuan(320_000) || s.District != Yuan(480_000) {
		t.Errorf("split of 100万元: %+v", s)
	}
	city, district := SplitFund(Wan(100_000)) // 10亿元
	if city != Wan(40_000) || district != Wan(60_000) || city.String() != "4亿元" || district.String() != "6亿元" {
		t.Errorf("fund of 10亿元: city %s, district %s", city, district)
	}
	// Rounding to the fen: 0.8 × 0.01元 = 0.008元 → 0.01元; parts add up.
	s = SplitRisk(1)
	if s.Fund != 1 || s.Bank != 0 || s.City+s.District != s.Fund {
		t.Errorf("split of 1 fen: %+v", s)
	}
	s = SplitRisk(Fen(333_333))
	if s.Fund+s.Bank != s.Principal || s.City+s.District != s.Fund || s.Fund != 266_666 {
		t.Errorf("split of 3333.33元: %+v", s)
	}
	l := Loan{LoanNo: "L1", Kind: KnowledgeValue, Borrower: Party{Name: "甲", InDistrict: true}, Bank: "重庆农商行", Amount: Yuan(4_500_000),
		GrantedOn: day("2022-03-01"), DueOn: day("2023-03-01"), Grade: "B"}
	if p := l.Validate(); len(p) != 1 || !strings.Contains(p[0].Reason, "credit line of grade B (400万元)") {
		t.Errorf("amount above the grade's line: %v", p)
	}
	l.Amount = Yuan(1_000_000)
	l.Overdue, l.OverdueOn = Yuan(1_000_000), dp("2023-03-02")
	if p := l.Validate(); len(p) != 0 {
		t.Fatal(p)
	}
	if l.Status(day("2023-03-01")) != "正常" || l.Status(day("2023-03-02")) != "逾期" || l.Outstanding(day("2023-06-30")) != Yuan(1_000_000) {
		t.Errorf("status/outstanding: %s %s %s", l.Status(day("2023-03-01")), l.Status(day("2023-03-02")), l.Outstanding(day("2023-06-30")))
	}
	l.Kind = IPPledge
	if p := l.Validate(); len(p) != 1 || p[0].Field != "pledged_ip" {
		t.Errorf("pledge without items: %v", p)
	}
}

func TestIncubationLimits(t *testing.T) {
	f := IncubatedFirm{Carrier: "c", Name: "甲", FoundedOn: day("2019-01-10"), EnteredOn: day("2021-01-11")}
	if !f.EntryTooOld() {
		t.Error("entered 24 months and a day after founding: not flagged")
	}
	f.EnteredOn = day("2021-01-10") // exactly 24 months: allowed (以内 includes the number)
	if f.EntryTooOld() {
		t.Error("entered at exactly 24 months: flagged")
	}
	if f.StayTooLong(day("2025-01-10")) || !f.StayTooLong(day("2025-01-11")) {
		t.Error("48-month stay limit")
	}
	if got := f.Flags(day("2025-06-30")); len(got) != 1 || got[0] != "在孵53个月（超过48个月）" {
		t.Errorf("flags: %v", got)
	}
	f.LongCycle = true
	if f.StayTooLong(day("2025-06-30")) {
		t.Error("long-cycle firm flagged at 53 months")
	}
	f.LongCycle = false
	f.GraduatedOn = dp("2023-01-10")
	if f.In(day("2023-01-10")) || !f.In(day("2023-01-09")) || !f.Graduated(day("2023-01-10")) || f.StayTooLong(day("2030-01-01")) {
		t.Error("graduation ends the stay")
	}
}

// policy-rules §5.6 test: site 12,000 m², 8,500 m² used → 70.8% < 75% fail;
// 52 firms → 4.33 per 1,000 m² → OK.
func TestNationalIncubatorScreening(t *testing.T) {
	site, used := decimal.NewFromInt(12000), decimal.NewFromInt(8500)
	yes, fund, cases, staff, prof, mentors, years := true, Wan(600), 4, 10, 9, 6, 3
	c := Carrier{Name: "涪陵孵化器", Kind: Incubator, Level: Municipal, LegalPerson: &yes, OperatingFrom: dp("2018-01-01"), StatsYears: &years,
		SiteM2: &site, IncubationM2: &used, SeedFund: &fund, FundCases: &cases, Staff: &staff, Professional: &prof, Mentors: &mentors}
	var firms []IncubatedFirm
	for i := range 52 {
		financed := i < 6
		patent := i < 30
		firms = append(firms, IncubatedFirm{Carrier: c.Name, Name: "企业" + string(rune('A'+i)), FoundedOn: day("2021-01-01"), EnteredOn: day("2021-06-01"), Financed: &financed, PatentApplied: &patent})
	}
	for i := range 21 {
		firms = append(firms, IncubatedFirm{Carrier: c.Name, Name: "毕业" + string(rune('A'+i)), FoundedOn: day("2018-01-01"), EnteredOn: day("2018-06-01"), GraduatedOn: dp("2021-06-01")})
	}
	s := ScreenNationalIncubator(c, firms, day("2022-10-01"))
	got := map[string]Condition{}
	for _, x := range s.Conditions {
		got[x.Code] = x
	}
	if n5 := got["N5"]; n5.Pass == nil || *n5.Pass || !strings.HasPrefix(n5.Value, "70.8%") {
		t.Errorf("N5: %+v", n5)
	}
	if n12 := got["N12"]; n12.Pass == nil || !*n12.Pass || n12.Value != "52家，每千平方米4.33家" {
		t.Errorf("N12: %+v", n12)
	}
	if n7 := got["N7"]; n7.Pass == nil || !*n7.Pass || !strings.HasPrefix(n7.Value, "11.5%") {
		t.Errorf("N7: %+v", n7)
	}
	if n11 := got["N11"]; n11.Pass == nil || !*n11.Pass {
		t.Errorf("N11: %+v", n11)
	}
	if n13 := got["N13"]; n13.Pass == nil || !*n13.Pass || n13.Value != "21家" {
		t.Errorf("N13: %+v", n13)
	}
	if s.Verdict != "不符合" {
		t.Errorf("verdict %s", s.Verdict)
	}
	c.IncubationM2 = &site
	c.Mentors = nil
	if s := ScreenNationalIncubator(c, firms, day("2022-10-01")); s.Verdict != "待定" {
		t.Errorf("missing mentors: verdict %s", s.Verdict)
	}
}

func TestTalent(t *testing.T) {
	if MaskID("500102199001011234") != "5001**********1234" {
		t.Error(MaskID("500102199001011234"))
	}
	p := Person{Name: "张三", IDNumber: "5001-02", IntroducedOn: day("2022-01-01")}
	if pr := p.Validate(); len(pr) != 1 || pr[0].Field != "id_number" || strings.Contains(pr[0].Value, "5001-02") {
		t.Errorf("bad id: %v", pr)
	}
	a := Award{Programme: "重庆英才计划", Category: "创新创业示范团队", Year: 2022, PersonID: "500102199001011234"}
	if pr := a.Validate(); len(pr) != 1 || pr[0].Field != "team" {
		t.Errorf("team award to a person: %v", pr)
	}
}

func TestFiguresRollUpTheTree(t *testing.T) {
	nodes := []model.Node{{Code: "d"}, {Code: "p", ParentCode: "d"}, {Code: "m", ParentCode: "p"}, {Code: "x", ParentCode: "d"}}
	c1 := contract(Yuan(5_000_000), "试验设备=120万元；原材料=30万元")
	c1.Seller.Node = "m"
	c1.Compute()
	c2 := contract(Yuan(2_000_000), "中试设备=5套×20万元（技术载体）")
	c2.RegNo, c2.RegisteredOn, c2.Seller = "2", day("2022-09-30"), Party{Name: "外地", Region: "北京市"}
	c2.Buyer.Node = "x"
	c2.Compute()
	extra := []period.Period{period.MustParse("2022-01..2022-09"), period.MustParse("2022-01..2022-08"), period.MustParse("2022-01..2022-02"), period.MustParse("2022-01")}
	figs := Figures(Contracts, Books{Contracts: []Contract{c1, c2}}, nodes, day("2022-12-31"), extra)
	get := func(ind, node, per string) string {
		for _, f := range figs {
			if f.Indicator == ind && f.Node == node && f.Period.String() == per {
				return f.Value.String()
			}
		}
		return "none"
	}
	for _, c := range []struct{ ind, node, per, want string }{
		{IndContracts, "d", "2022-01..2022-09", "2"},
		{IndContracts, "d", "2022-01..2022-08", "1"},
		{IndContracts, "d", "2022-01..2022-02", "0"}, {IndContracts, "d", "2022-01", "0"},
		{IndContractValue, "d", "2022-01..2022-09", "7000000"},
		{IndTransactionValue, "d", "2022-01..2022-09", "4900000"},
		{IndTransactionValue, "p", "2022", "3500000"},
		{IndContracts, "x", "2022", "1"},
		{IndContractsOut, "d", "2022", "1"},
		{IndContractsIn, "d", "2022", "2"},
		{IndContractValueIn, "x", "2022", "2000000"},
		{IndContractValueOut, "x", "2022", "none"},
	} {
		if got := get(c.ind, c.node, c.per); got != c.want {
			t.Errorf("%s of %s in %s = %s, want %s", c.ind, c.node, c.per, got, c.want)
		}
	}
}
