package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// ledgerPage describes one ledger's page.
type ledgerPage struct {
	Kind  ledger.Kind
	Path  string // /contracts …
	Title string
	Intro string
	// Flows and Stocks are the indicators the page checks against the
	// published figures.
	Flows, Stocks []string
}

var ledgerPages = []ledgerPage{
	{ledger.Contracts, "/contracts", "技术合同登记台账",
		"每份认定登记的技术合同一行：类型、买卖双方、签订与登记日期、合同成交额、逐项列明的非技术性扣除及由此计算的技术交易额（技术交易额 = 成交额 − 非技术性扣除，合理数量的技术载体不扣除；policy-rules §4.3）。按登记日期统计，卖方在区内为输出，买方在区内为吸纳。",
		[]string{ledger.IndContracts, ledger.IndContractValue, ledger.IndTransactionValue, ledger.IndContractsOut, ledger.IndContractValueOut, ledger.IndContractsIn, ledger.IndContractValueIn}, nil},
	{ledger.Loans, "/loans", "知识价值信用贷款台账",
		"每笔知识价值信用贷款（知识产权价值贷款）和知识产权质押融资一行：借款企业、银行、金额、日期、信用等级（A–E 对应授信额度500/400/300/160/80万元）、质押物、还款与逾期。逾期本金由风险补偿资金代偿80%（市、区4:6出资），银行承担20%（policy-rules §5.7）。",
		[]string{ledger.IndLoanFirms, ledger.IndLoanAmount, ledger.IndPledgeFirms, ledger.IndPledgeAmount}, []string{ledger.IndLoanCumulative, ledger.IndLoanOutstanding, ledger.IndLoanOverdue}},
	{ledger.Incubation, "/incubation", "孵化载体台账",
		"孵化器、众创空间、加速器等双创载体及其级别、认定情况，在孵企业的入孵、毕业与退出日期。入孵时成立超过24个月、在孵超过48个月（生物医药、现代农业、集成电路60个月，待核实）的企业标出；每个载体可按国家级孵化器条件（国科发区〔2018〕300号）筛查。",
		[]string{ledger.IndGraduated}, []string{ledger.IndNationalIncubators, ledger.IndMakerSpaces, ledger.IndMunicipalCarriers, ledger.IndIncubated}},
	{ledger.Talent, "/talent", "人才台账",
		"引进的科创团队、科创人才及其入选的人才计划（如“重庆英才”计划各类别）。人才的证件号码、联系电话属个人信息：仅用于识别同一人，保密存储，不在本页和任何公开页面显示，导出时脱敏（后续版本按角色授权查看）。",
		[]string{ledger.IndTeams, ledger.IndTalents, ledger.IndCQEntrepreneurs, ledger.IndCQDemoTeams}, nil},
}

func pageOf(k ledger.Kind) ledgerPage {
	for _, p := range ledgerPages {
		if p.Kind == k {
			return p
		}
	}
	return ledgerPage{}
}

// Cell is one cell of a generic table.
type Cell struct {
	Text, Href, Class string
}

// Table is a generic table of a ledger page.
type Table struct {
	Title string
	Note  string
	Head  []string
	Num   map[int]bool // numeric columns (right-aligned)
	Rows  [][]Cell
	More  int // rows not shown
}

func cells(ss ...string) []Cell {
	out := make([]Cell, len(ss))
	for i, s := range ss {
		out[i] = Cell{Text: s}
	}
	return out
}

// CheckRow compares a ledger aggregate with the published figure.
type CheckRow struct {
	Indicator string
	Period    string
	Ledger    string
	Published string
	Source    string
	SourceURL string
	Verdict   string // 一致 / 不一致 / 无公布数 / 台账无记录
	Class     string
}

// ledgerQuery is the period (?period=, flows) and day (?day=, stocks) of a
// ledger page: by default the latest published figure's, so the check
// compares like with like; else the records' latest year to date, and today.
func (s *Server) ledgerQuery(r *http.Request, p ledgerPage, b ledger.Books, pub []model.Observation) (period.Period, time.Time, error) {
	now := s.now()
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	var per period.Period
	if c := r.URL.Query().Get("period"); c != "" {
		x, err := period.Parse(c)
		if err != nil || x.Kind == period.Date {
			return per, today, badRequest("期间 %q 应为如 2022-01..2022-09 或 2022 的统计期", c)
		}
		per = x
	}
	day := time.Time{}
	if c := r.URL.Query().Get("day"); c != "" {
		d, err := time.Parse(time.DateOnly, c)
		if err != nil {
			return per, today, badRequest("日期 %q 应为 YYYY-MM-DD", c)
		}
		day = d
	}
	for _, o := range pub {
		if per.Kind == "" && o.Period.Kind != period.Date && contains(p.Flows, o.Indicator.Code) && o.Period.End().After(per.End()) {
			per = o.Period
		}
	}
	if day.IsZero() {
		for _, o := range pub {
			if o.Period.Kind == period.Date && contains(p.Stocks, o.Indicator.Code) && o.Period.End().After(day) {
				day = o.Period.End()
			}
		}
	}
	if per.Kind == "" {
		last := latestRecord(b)
		if last.IsZero() {
			last = today
		}
		per, _ = period.FromMonths(last.Year(), 1, int(last.Month()))
	}
	if day.IsZero() {
		day = today
	}
	return per, day, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func latestRecord(b ledger.Books) time.Time {
	var t time.Time
	see := func(d time.Time) {
		if d.After(t) {
			t = d
		}
	}
	for _, c := range b.Contracts {
		see(c.RegisteredOn)
	}
	for _, l := range b.Loans {
		see(l.GrantedOn)
	}
	for _, f := range b.Firms {
		see(f.EnteredOn)
	}
	for _, x := range b.Teams {
		see(x.IntroducedOn)
	}
	for _, x := range b.People {
		see(x.IntroducedOn)
	}
	return t
}

func hasDemo(b ledger.Books) bool {
	for _, c := range b.Contracts {
		return strings.Contains(c.Seller.Name, "（演示）")
	}
	for _, l := range b.Loans {
		return strings.Contains(l.Borrower.Name, "（演示）")
	}
	for _, c := range b.Carriers {
		return strings.Contains(c.Name, "（演示）")
	}
	for _, p := range b.Teams {
		return strings.HasPrefix(p.Name, "演示")
	}
	return false
}

// checkRows sets the ledger's aggregates for the district against the
// published figures of the same indicator and span (flows over per, stocks
// on day).
func checkRows(p ledgerPage, v app.View, b ledger.Books, inds map[string]model.Indicator, pub []model.Observation, per period.Period, day time.Time) []CheckRow {
	asOf := per.End()
	if day.After(asOf) {
		asOf = day
	}
	figs := ledger.Figures(p.Kind, b, v.Nodes, asOf, []period.Period{per, period.NewDate(day)})
	root := v.Root().Code
	empty := len(figs) == 0
	var out []CheckRow
	row := func(code string, flow bool) {
		ind := inds[code]
		cr := CheckRow{Indicator: ind.NameZh, Ledger: "—", Published: "—"}
		var lv *decimal.Decimal
		for _, f := range figs {
			if f.Indicator == code && f.Node == root && sameSpan(f.Period, per, day, flow) {
				x := f.Value
				lv = &x
				cr.Ledger = ind.Format(x)
			}
		}
		if flow {
			cr.Period = per.Label()
		} else {
			cr.Period = period.NewDate(day).Label()
		}
		var pv *model.Observation
		for i, o := range pub {
			if o.Indicator.Code == code && o.Scope.NodeCode == root && sameSpan(o.Period, per, day, flow) {
				pv = &pub[i]
			}
		}
		if pv != nil {
			cr.Published = bulletinQualified(pv.Qualifier, pv.Formatted())
			cr.Source, cr.SourceURL = pv.SourceTitle, "/sources/"+pv.SourceCode
		}
		switch {
		case empty:
			cr.Verdict, cr.Class = "台账无记录", "open"
		case pv == nil:
			cr.Verdict, cr.Class = "无公布数", "open"
		case lv != nil && agrees(*lv, *pv):
			cr.Verdict, cr.Class = "一致", "pass"
		default:
			cr.Verdict, cr.Class = "不一致", "fail"
		}
		out = append(out, cr)
	}
	for _, c := range p.Flows {
		row(c, true)
	}
	for _, c := range p.Stocks {
		row(c, false)
	}
	return out
}

// agrees: the ledger value equals the published one, or satisfies its
// qualifier (超过300家: more than 300).
func agrees(l decimal.Decimal, o model.Observation) bool {
	switch o.Qualifier {
	case "超过", "突破", "以上", "余", "逾":
		return l.GreaterThanOrEqual(o.Value)
	}
	return l.Equal(o.Value)
}

func bulletinQualified(q, v string) string {
	switch q {
	case "", "达到", "增至":
		return v
	}
	return q + v
}

func sameSpan(a, per period.Period, day time.Time, flow bool) bool {
	if flow {
		return a.Kind != period.Date && a.Start().Equal(per.Start()) && a.End().Equal(per.End())
	}
	return a.Kind == period.Date && a.End().Equal(day)
}

func (s *Server) ledgerData(r *http.Request, p ledgerPage) (app.View, ledger.Books, map[string]model.Indicator, []model.Observation, error) {
	ctx := r.Context()
	v, err := s.app.View(ctx, "")
	if err != nil {
		return v, ledger.Books{}, nil, nil, err
	}
	b, err := s.app.LedgerBooks(ctx, v, p.Kind)
	if err != nil {
		return v, b, nil, nil, err
	}
	list, err := app.LedgerIndicators()
	if err != nil {
		return v, b, nil, nil, err
	}
	inds := map[string]model.Indicator{}
	for _, i := range list {
		inds[i.Code] = i
	}
	obs, err := s.app.Store.Observations(ctx, storeFilter(v))
	if err != nil {
		return v, b, nil, nil, err
	}
	var pub []model.Observation
	for _, o := range obs {
		if !app.IsLedgerFigure(o) {
			pub = append(pub, o)
		}
	}
	return v, b, inds, pub, nil
}

func (s *Server) ledgerPage(w http.ResponseWriter, r *http.Request, p ledgerPage, problems ledger.Errors, entered map[string]string) error {
	v, b, inds, pub, err := s.ledgerData(r, p)
	if err != nil {
		return err
	}
	per, day, err := s.ledgerQuery(r, p, b, pub)
	if err != nil {
		return err
	}
	nodeName := func(code string) string {
		if n, ok := v.Node(code); ok {
			return n.Name
		}
		return ""
	}
	var tables []Table
	switch p.Kind {
	case ledger.Contracts:
		tables = contractTables(b, per, nodeName)
	case ledger.Loans:
		tables = loanTables(b, per, day)
	case ledger.Incubation:
		tables = incubationTables(b, day, nodeName)
	case ledger.Talent:
		tables = talentTables(b, nodeName)
	}
	type form struct {
		Schema string
		Fields []ledger.Field
	}
	var forms []form
	for _, sc := range ledger.Schemas[p.Kind] {
		forms = append(forms, form{sc.Name, sc.Fields()})
	}
	status := http.StatusOK
	if len(problems) > 0 {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	return s.render(w, "ledger", map[string]any{
		"Title": p.Title, "Nav": string(p.Kind), "View": v, "Page": p, "Period": per, "PeriodCode": per.String(), "Day": day.Format(time.DateOnly),
		"Check": checkRows(p, v, b, inds, pub, per, day), "Tables": tables, "Forms": forms, "Demo": hasDemo(b),
		"Problems": problems, "Entered": entered, "Added": r.URL.Query().Get("added"), "Empty": latestRecord(b).IsZero() && len(b.Carriers) == 0 && len(b.Awards) == 0,
	})
}

func fen(f ledger.Fen) string { return f.String() }

func contractTables(b ledger.Books, per period.Period, nodeName func(string) string) []Table {
	type agg struct {
		n         int
		value, tx ledger.Fen
	}
	byKind := map[ledger.ContractKind]*agg{}
	type nodeAgg struct{ out, in agg }
	byNode := map[string]*nodeAgg{}
	var tot agg
	var list [][]Cell
	for _, c := range b.Contracts {
		if c.RegisteredOn.Before(per.Start()) || c.RegisteredOn.After(per.End()) {
			continue
		}
		a := byKind[c.Kind]
		if a == nil {
			a = &agg{}
			byKind[c.Kind] = a
		}
		a.n, a.value, a.tx = a.n+1, a.value+c.Value, a.tx+c.Transaction
		tot.n, tot.value, tot.tx = tot.n+1, tot.value+c.Value, tot.tx+c.Transaction
		if c.Output() {
			x := byNode[nodeName(c.Seller.Node)]
			if x == nil {
				x = &nodeAgg{}
				byNode[nodeName(c.Seller.Node)] = x
			}
			x.out.n, x.out.value, x.out.tx = x.out.n+1, x.out.value+c.Value, x.out.tx+c.Transaction
		}
		if c.Absorbed() {
			x := byNode[nodeName(c.Buyer.Node)]
			if x == nil {
				x = &nodeAgg{}
				byNode[nodeName(c.Buyer.Node)] = x
			}
			x.in.n, x.in.value = x.in.n+1, x.in.value+c.Value
		}
		buyer := c.Buyer.Name
		if !c.Buyer.InDistrict {
			buyer += "（" + c.Buyer.Region + "）"
		}
		list = append(list, cells(c.RegNo, c.Name, c.Kind.Label(), c.Seller.Name, buyer, ledger.Day(c.RegisteredOn), fen(c.Value), c.DeductionsText(), fen(c.Transaction)))
	}
	kt := Table{Title: "按合同类型（" + per.Label() + "）", Head: []string{"类型", "项数", "合同成交额", "技术交易额"}, Num: map[int]bool{1: true, 2: true, 3: true}}
	for _, k := range ledger.ContractKinds {
		if a := byKind[k]; a != nil {
			kt.Rows = append(kt.Rows, cells(k.Label(), strconv.Itoa(a.n), fen(a.value), fen(a.tx)))
		}
	}
	kt.Rows = append(kt.Rows, []Cell{{Text: "合计", Class: "total"}, {Text: strconv.Itoa(tot.n), Class: "total"}, {Text: fen(tot.value), Class: "total"}, {Text: fen(tot.tx), Class: "total"}})
	nt := Table{Title: "按节点：输出与吸纳（" + per.Label() + "）", Note: "输出：卖方为区内单位，按卖方所属节点；吸纳：买方为区内单位，按买方所属节点。未填节点的计入“全区（未分节点）”。",
		Head: []string{"节点", "输出项数", "输出成交额", "输出技术交易额", "吸纳项数", "吸纳成交额"}, Num: map[int]bool{1: true, 2: true, 3: true, 4: true, 5: true}}
	var names []string
	for n := range byNode {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		x := byNode[n]
		label := n
		if label == "" {
			label = "全区（未分节点）"
		}
		nt.Rows = append(nt.Rows, cells(label, strconv.Itoa(x.out.n), fen(x.out.value), fen(x.out.tx), strconv.Itoa(x.in.n), fen(x.in.value)))
	}
	lt := Table{Title: "合同明细（" + per.Label() + "，按登记日期）", Head: []string{"登记编号", "合同名称", "类型", "卖方", "买方", "登记日期", "合同成交额", "非技术性扣除", "技术交易额"}, Num: map[int]bool{6: true, 8: true}}
	lt.Rows, lt.More = limit(list, 200)
	return []Table{kt, nt, lt}
}

func limit(rows [][]Cell, n int) ([][]Cell, int) {
	if len(rows) <= n {
		return rows, 0
	}
	return rows[:n], len(rows) - n
}

func loanTables(b ledger.Books, per period.Period, day time.Time) []Table {
	ov := Table{Title: "逾期贷款与风险补偿分担（截至" + day.Format("2006年1月2日") + "）",
		Note: "风险补偿资金代偿逾期本金的80%（四舍五入到分），资金由市、区按4:6出资；银行承担其余20%本金及利息（policy-rules §5.7）。",
		Head: []string{"借款合同编号", "借款企业", "银行", "逾期本金", "补偿资金代偿", "其中市级", "其中区级", "银行承担"}, Num: map[int]bool{3: true, 4: true, 5: true, 6: true, 7: true}}
	var tot ledger.RiskSplit
	var list [][]Cell
	byBank := map[string]*[2]ledger.Fen{}
	for _, l := range b.Loans {
		if l.Status(day) == "逾期" {
			sp := ledger.SplitRisk(l.Overdue)
			ov.Rows = append(ov.Rows, cells(l.LoanNo, l.Borrower.Name, l.Bank, fen(sp.Principal), fen(sp.Fund), fen(sp.City), fen(sp.District), fen(sp.Bank)))
			tot.Principal, tot.Fund, tot.City, tot.District, tot.Bank = tot.Principal+sp.Principal, tot.Fund+sp.Fund, tot.City+sp.City, tot.District+sp.District, tot.Bank+sp.Bank
		}
		if !l.GrantedOn.Before(per.Start()) && !l.GrantedOn.After(per.End()) {
			line := ""
			if x, ok := ledger.CreditLine(l.Grade); ok {
				line = string(l.Grade) + "级（" + x.String() + "）"
			}
			list = append(list, cells(l.LoanNo, l.Kind.Label(), l.Borrower.Name, l.Bank, fen(l.Amount), ledger.Day(l.GrantedOn), ledger.Day(l.DueOn), line, strings.Join(l.PledgedIP, "；"), l.Status(day)))
			x := byBank[l.Bank]
			if x == nil {
				x = &[2]ledger.Fen{}
				byBank[l.Bank] = x
			}
			x[0]++
			x[1] += l.Amount
		}
	}
	if len(ov.Rows) > 0 {
		ov.Rows = append(ov.Rows, []Cell{{Text: "合计", Class: "total"}, {Class: "total"}, {Class: "total"}, {Text: fen(tot.Principal), Class: "total"}, {Text: fen(tot.Fund), Class: "total"},
			{Text: fen(tot.City), Class: "total"}, {Text: fen(tot.District), Class: "total"}, {Text: fen(tot.Bank), Class: "total"}})
	}
	bt := Table{Title: "按银行（" + per.Label() + "发放）", Head: []string{"银行", "笔数", "金额"}, Num: map[int]bool{1: true, 2: true}}
	var banks []string
	for k := range byBank {
		banks = append(banks, k)
	}
	sort.Strings(banks)
	for _, k := range banks {
		bt.Rows = append(bt.Rows, cells(k, strconv.Itoa(int(byBank[k][0])), fen(byBank[k][1])))
	}
	lt := Table{Title: "贷款明细（" + per.Label() + "发放）", Head: []string{"借款合同编号", "类型", "借款企业", "银行", "金额", "放款日期", "到期日期", "信用等级（授信额度）", "质押知识产权", "状态"}, Num: map[int]bool{4: true}}
	lt.Rows, lt.More = limit(list, 200)
	return []Table{ov, bt, lt}
}

func incubationTables(b ledger.Books, day time.Time, nodeName func(string) string) []Table {
	ct := Table{Title: "孵化载体（" + day.Format("2006年1月2日") + "）", Head: []string{"载体", "类型", "级别", "认定情况", "所属节点", "在孵企业", "累计毕业", "超限标记", "国家级孵化器条件"}, Num: map[int]bool{5: true, 6: true, 7: true}}
	var flagged [][]Cell
	for _, c := range b.Carriers {
		in, grad, flags := 0, 0, 0
		for _, f := range b.Firms {
			if f.Carrier != c.Name {
				continue
			}
			if f.In(day) {
				in++
				if fl := f.Flags(day); len(fl) > 0 {
					flags++
					flagged = append(flagged, cells(f.Name, c.Name, ledger.Day(f.FoundedOn), ledger.Day(f.EnteredOn), strings.Join(fl, "；")))
				}
			}
			if f.Graduated(day) {
				grad++
			}
		}
		screen := Cell{}
		if c.Kind == ledger.Incubator {
			s := ledger.ScreenNationalIncubator(c, b.Firms, day)
			screen = Cell{Text: s.Verdict, Href: "/incubation/screening?carrier=" + urlQuery(c.Name) + "&day=" + day.Format(time.DateOnly), Class: map[string]string{"符合": "pass", "不符合": "fail", "待定": "open"}[s.Verdict]}
		}
		ct.Rows = append(ct.Rows, append(cells(c.Name, c.Kind.Label(), c.Level.Label(), c.Recognitions, nodeName(c.Node), strconv.Itoa(in), strconv.Itoa(grad), strconv.Itoa(flags)), screen))
	}
	ft := Table{Title: "超出入孵或在孵期限的在孵企业", Note: "入孵时企业成立不超过24个月；在孵一般不超过48个月（生物医药、现代农业、集成电路60个月，待核实）。国科发区〔2018〕300号。",
		Head: []string{"企业", "孵化载体", "成立日期", "入孵日期", "标记"}}
	ft.Rows, ft.More = limit(flagged, 200)
	return []Table{ct, ft}
}

func urlQuery(s string) string { return url.QueryEscape(s) }

func talentTables(b ledger.Books, nodeName func(string) string) []Table {
	type yr struct{ teams, people int }
	years := map[int]*yr{}
	get := func(y int) *yr {
		if years[y] == nil {
			years[y] = &yr{}
		}
		return years[y]
	}
	for _, t := range b.Teams {
		get(t.IntroducedOn.Year()).teams++
	}
	for _, p := range b.People {
		get(p.IntroducedOn.Year()).people++
	}
	yt := Table{Title: "按年度引进", Head: []string{"年度", "科创团队", "科创人才"}, Num: map[int]bool{1: true, 2: true}}
	var ys []int
	for y := range years {
		ys = append(ys, y)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ys)))
	for _, y := range ys {
		yt.Rows = append(yt.Rows, cells(fmt.Sprintf("%d年", y), fmt.Sprintf("%d个", years[y].teams), fmt.Sprintf("%d名", years[y].people)))
	}
	type ak struct {
		year           int
		prog, category string
	}
	awards := map[ak][]string{}
	for _, a := range b.Awards {
		k := ak{a.Year, a.Programme, a.Category}
		awards[k] = append(awards[k], a.Winner)
	}
	var keys []ak
	for k := range awards {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].year != keys[j].year {
			return keys[i].year > keys[j].year
		}
		return keys[i].prog+keys[i].category < keys[j].prog+keys[j].category
	})
	at := Table{Title: "人才计划入选（按年度、计划和类别）", Head: []string{"年度", "人才计划", "类别", "入选数", "入选人或团队"}, Num: map[int]bool{3: true}}
	for _, k := range keys {
		at.Rows = append(at.Rows, cells(fmt.Sprintf("%d年", k.year), k.prog, k.category, strconv.Itoa(len(awards[k])), strings.Join(awards[k], "、")))
	}
	tt := Table{Title: "科创团队", Head: []string{"团队", "带头人", "依托单位", "所属节点", "引进日期", "领域"}}
	var rows [][]Cell
	for _, t := range b.Teams {
		rows = append(rows, cells(t.Name, t.Leader, t.HostOrg, nodeName(t.Node), ledger.Day(t.IntroducedOn), t.Field))
	}
	tt.Rows, tt.More = limit(rows, 200)
	pt := Table{Title: "科创人才", Note: "证件号码、联系电话为保密个人信息，本页不显示。", Head: []string{"姓名", "所属团队", "工作单位", "所属节点", "引进日期", "学历", "职称"}}
	rows = nil
	for _, p := range b.People {
		rows = append(rows, cells(p.Name, p.Team, p.HostOrg, nodeName(p.Node), ledger.Day(p.IntroducedOn), p.Education, p.Title))
	}
	pt.Rows, pt.More = limit(rows, 200)
	return []Table{yt, at, tt, pt}
}

// ledgerEntry stores one record typed in the page's form.
func (s *Server) ledgerEntry(w http.ResponseWriter, r *http.Request, p ledgerPage) error {
	if err := r.ParseForm(); err != nil {
		return badRequest("表单无法读取：%v", err)
	}
	schema := r.PostFormValue("schema")
	sc, ok := ledger.SchemaNamed(schema)
	if !ok || sc.Ledger != p.Kind {
		return badRequest("未知的录入表 %q", schema)
	}
	values := map[string]string{}
	for _, f := range sc.Fields() {
		values[f.Key] = r.PostFormValue(f.Key)
	}
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	out, err := s.app.AddLedgerRecord(r.Context(), v, schema, values)
	if errors.Is(err, app.ErrLedgerRejected) {
		for k := range values { // never echo personal data back into the page
			if sc.Confidential(k) {
				values[k] = ""
			}
		}
		values["schema"] = schema
		return s.ledgerPage(w, r, p, out.Errors, values)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, p.Path+"?added="+urlQuery(schema), http.StatusSeeOther)
	return nil
}

// ledgerUpload imports an uploaded ledger file and shows its job.
func (s *Server) ledgerUpload(w http.ResponseWriter, r *http.Request, p ledgerPage) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return badRequest("上传失败（文件不超过 %d MB）：%v", maxUpload>>20, err)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return badRequest("请选择要导入的文件")
	}
	defer file.Close()
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	dir := s.app.DataDir
	if dir == "" {
		dir = os.TempDir()
	}
	path, err := app.KeepUpload(dir, file, hdr.Filename, s.now())
	if err != nil {
		return err
	}
	out, err := s.app.ImportLedger(r.Context(), v, p.Kind, path, hdr.Filename)
	if out == nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", out.ImportID), http.StatusSeeOther)
	return nil
}

// ledgerXLSX exports the ledger: one sheet per layout with the template's
// headings (an export re-imports as it is), and a 核对 sheet. Marked 内部.
func (s *Server) ledgerXLSX(w http.ResponseWriter, r *http.Request, p ledgerPage) error {
	v, b, inds, pub, err := s.ledgerData(r, p)
	if err != nil {
		return err
	}
	per, day, err := s.ledgerQuery(r, p, b, pub)
	if err != nil {
		return err
	}
	nodeName := func(code string) string {
		if n, ok := v.Node(code); ok {
			return n.Name
		}
		return ""
	}
	x := excelize.NewFile()
	defer x.Close()
	first := true
	for _, sc := range ledger.Schemas[p.Kind] {
		name := sc.Name
		if first {
			x.SetSheetName("Sheet1", name)
			first = false
		} else {
			x.NewSheet(name)
		}
		var head []any
		for _, c := range sc.Columns(false) {
			head = append(head, c[1])
		}
		x.SetSheetRow(name, "A1", &head)
		for i, row := range sc.Rows(b, nodeName, false) {
			vals := make([]any, len(row))
			for j, c := range row {
				vals[j] = c
			}
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			x.SetSheetRow(name, cell, &vals)
		}
		x.SetColWidth(name, "A", "T", 16)
	}
	ck := "核对"
	x.NewSheet(ck)
	x.SetSheetRow(ck, "A1", &[]any{fmt.Sprintf("内部资料 · %s · 台账汇总与公布数核对 · 导出于%s", p.Title, s.now().Format("2006-01-02"))})
	x.SetSheetRow(ck, "A2", &[]any{"指标", "期间", "台账汇总", "公布数", "来源", "核对"})
	for i, c := range checkRows(p, v, b, inds, pub, per, day) {
		cell, _ := excelize.CoordinatesToCellName(1, i+3)
		x.SetSheetRow(ck, cell, &[]any{c.Indicator, c.Period, c.Ledger, c.Published, c.Source, c.Verdict})
	}
	x.SetColWidth(ck, "A", "F", 22)
	if p.Kind == ledger.Talent {
		x.SetSheetRow(ck, "A20", &[]any{"内部资料：人才的证件号码已脱敏、联系电话不导出（个人信息）。"})
	}
	return writeXLSX(w, x, strings.TrimPrefix(p.Path, "/")+"-"+s.now().Format("20060102")+".xlsx")
}

// incubatorScreening is a carrier's national-incubator screening report.
func (s *Server) incubatorScreening(w http.ResponseWriter, r *http.Request) error {
	p := pageOf(ledger.Incubation)
	v, b, _, pub, err := s.ledgerData(r, p)
	if err != nil {
		return err
	}
	_, day, err := s.ledgerQuery(r, p, b, pub)
	if err != nil {
		return err
	}
	name := r.URL.Query().Get("carrier")
	if name == "" { // the criteria alone, as a reference
		sc := ledger.ScreenNationalIncubator(ledger.Carrier{Name: "国家级科技企业孵化器条件"}, nil, day)
		return s.render(w, "incubator", map[string]any{"Title": "国家级孵化器条件", "Nav": string(ledger.Incubation), "View": v,
			"S": sc, "Day": day.Format(time.DateOnly), "Criteria": true, "Carriers": b.Carriers})
	}
	for _, c := range b.Carriers {
		if c.Name == name {
			sc := ledger.ScreenNationalIncubator(c, b.Firms, day)
			return s.render(w, "incubator", map[string]any{"Title": c.Name + " 国家级孵化器条件筛查", "Nav": string(ledger.Incubation), "View": v,
				"S": sc, "Day": day.Format(time.DateOnly), "Kind": c.Kind.Label(), "Level": c.Level.Label()})
		}
	}
	return &httpError{http.StatusNotFound, fmt.Sprintf("孵化载体台账中没有 %q", name)}
}

func storeFilter(v app.View) store.ObservationFilter {
	return store.ObservationFilter{SystemID: v.System.ID}
}
