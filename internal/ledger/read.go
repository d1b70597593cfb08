package ledger

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/sheet"
)

// RowError is one problem of a ledger file or form: file, sheet, row, column
// (letter and heading, "F 合同成交额"), the value as written and why.
type RowError struct {
	File, Sheet string
	Row         int
	Column      string
	Value       string
	Reason      string
}

func (e RowError) Error() string {
	s := e.File
	if e.Sheet != "" && e.Sheet != e.File {
		s += ", sheet " + e.Sheet
	}
	if e.Row > 0 {
		s += fmt.Sprintf(", row %d", e.Row)
	}
	if e.Column != "" {
		s += ", column " + e.Column
	}
	if e.Value != "" {
		s += fmt.Sprintf(", value %q", e.Value)
	}
	return s + ": " + e.Reason
}

// Errors are every problem of a file: nothing of it may be stored.
type Errors []RowError

func (es Errors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// column is a field of a ledger sheet and the headings it is read from.
type column struct {
	key      string
	words    []string // the first is the heading templates and forms use
	required bool
}

// Schema is the layout of one kind of ledger sheet.
type Schema struct {
	Name   string // 技术合同, 贷款, 孵化载体, 在孵企业, 人才团队, 人才, 人才计划入选
	Ledger Kind
	cols   []column
}

// Headings are the schema's template headings, required ones marked *.
func (s Schema) Headings() []string {
	var out []string
	for _, c := range s.cols {
		h := c.words[0]
		if c.required {
			h += "*"
		}
		out = append(out, h)
	}
	return out
}

func col(key string, required bool, words ...string) column { return column{key, words, required} }

// The sheet layouts. Money headings carry their unit (万元); a cell may carry
// its own (120万元, 1200000元).
var (
	ContractSchema = Schema{"技术合同", Contracts, []column{
		col("reg_no", true, "登记编号", "合同登记编号", "登记号"),
		col("name", false, "合同名称", "项目名称"),
		col("kind", true, "合同类型", "合同类别", "技术合同类型"),
		col("seller_name", true, "卖方名称", "卖方", "卖方单位"),
		col("seller_uscc", false, "卖方统一社会信用代码", "卖方信用代码"),
		col("seller_region", false, "卖方所在地区", "卖方所在地", "卖方地区"),
		col("seller_node", false, "卖方所属载体", "卖方所属节点", "卖方所属园区"),
		col("buyer_name", true, "买方名称", "买方", "买方单位"),
		col("buyer_uscc", false, "买方统一社会信用代码", "买方信用代码"),
		col("buyer_region", false, "买方所在地区", "买方所在地", "买方地区"),
		col("buyer_node", false, "买方所属载体", "买方所属节点", "买方所属园区"),
		col("signed_on", true, "签订日期", "合同签订日期"),
		col("registered_on", true, "登记日期", "认定登记日期"),
		col("value", true, "合同成交额（万元）", "合同成交额", "成交额", "合同交易总额", "合同金额"),
		col("deductions", false, "非技术性扣除", "扣除项目", "非技术性费用"),
		col("transaction", false, "技术交易额（万元）", "技术交易额", "技术性收入"),
		col("field", false, "技术领域"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	LoanSchema = Schema{"贷款", Loans, []column{
		col("loan_no", true, "借款合同编号", "贷款合同编号", "合同编号", "借据号"),
		col("kind", true, "贷款类型", "贷款品种", "产品类型"),
		col("borrower_name", true, "借款企业", "企业名称", "借款人"),
		col("borrower_uscc", false, "统一社会信用代码", "信用代码"),
		col("borrower_node", false, "所属载体", "所属节点", "所属园区"),
		col("bank", true, "贷款银行", "放款银行", "合作银行", "银行"),
		col("amount", true, "贷款金额（万元）", "贷款金额", "放款金额", "金额"),
		col("granted_on", true, "放款日期", "发放日期", "贷款日期"),
		col("due_on", true, "到期日期", "到期日"),
		col("grade", false, "信用等级", "评价等级"),
		col("pledged_ip", false, "质押知识产权", "质押物", "质押专利"),
		col("repaid", false, "已还本金（万元）", "已还本金", "还款金额", "已还金额"),
		col("repaid_on", false, "还款日期", "结清日期"),
		col("overdue", false, "逾期本金（万元）", "逾期本金", "逾期金额"),
		col("overdue_on", false, "逾期日期"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	CarrierSchema = Schema{"孵化载体", Incubation, []column{
		col("name", true, "载体名称", "孵化载体名称"),
		col("kind", true, "载体类型"),
		col("level", true, "级别", "载体级别", "认定级别"),
		col("recognitions", false, "认定情况", "获得认定"),
		col("recognised_on", false, "认定日期", "备案日期"),
		col("operator_uscc", false, "运营机构统一社会信用代码", "统一社会信用代码"),
		col("node", false, "所属节点", "所属园区", "所在园区"),
		col("legal_person", false, "是否独立法人", "独立法人"),
		col("operating_from", false, "开始运营日期", "投入运营日期", "运营日期"),
		col("stats_years", false, "连续报送统计年数", "统计报送年数"),
		col("site_m2", false, "场地面积（平方米）", "场地面积", "孵化场地面积"),
		col("incubation_m2", false, "在孵企业使用面积（平方米）", "在孵企业使用面积", "孵化面积"),
		col("seed_fund", false, "孵化基金（万元）", "孵化基金", "种子资金"),
		col("fund_cases", false, "基金使用案例", "投资案例"),
		col("staff", false, "从业人员", "管理机构从业人员"),
		col("professional_staff", false, "专业服务人员", "专业孵化服务人员"),
		col("mentors", false, "创业导师", "导师人数"),
		col("specialised_field", false, "专业孵化领域", "专业领域"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	FirmSchema = Schema{"在孵企业", Incubation, []column{
		col("carrier", true, "孵化载体", "所在载体", "所在孵化载体"),
		col("name", true, "企业名称", "在孵企业"),
		col("uscc", false, "统一社会信用代码", "信用代码"),
		col("founded_on", true, "成立日期", "注册日期"),
		col("entered_on", true, "入孵日期", "入驻日期"),
		col("graduated_on", false, "毕业日期"),
		col("left_on", false, "退出日期", "离孵日期"),
		col("industry", false, "所属领域", "技术领域", "行业"),
		col("long_cycle", false, "长周期领域", "是否长周期领域"),
		col("patent_applied", false, "是否申请专利", "申请专利"),
		col("holds_ip", false, "是否拥有有效知识产权", "拥有有效知识产权", "有效知识产权"),
		col("financed", false, "是否获得投融资", "获得投融资", "投融资"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	TeamSchema = Schema{"人才团队", Talent, []column{
		col("name", true, "团队名称"),
		col("leader", false, "团队负责人", "带头人", "负责人"),
		col("host_org", false, "依托单位", "所在单位"),
		col("host_uscc", false, "依托单位统一社会信用代码", "统一社会信用代码"),
		col("node", false, "所属节点", "所属园区", "所属载体"),
		col("introduced_on", true, "引进日期", "引进时间"),
		col("field", false, "领域", "研究方向"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	PersonSchema = Schema{"人才", Talent, []column{
		col("name", true, "姓名"),
		col("id_number", true, "证件号码", "身份证号码", "身份证号"),
		col("phone", false, "联系电话", "手机号码", "手机"),
		col("team", false, "所属团队"),
		col("host_org", false, "工作单位", "依托单位"),
		col("node", false, "所属节点", "所属园区", "所属载体"),
		col("introduced_on", true, "引进日期", "引进时间"),
		col("education", false, "学历"),
		col("title", false, "职称"),
		col("field", false, "领域", "专业"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
	AwardSchema = Schema{"人才计划入选", Talent, []column{
		col("programme", true, "人才计划", "计划名称"),
		col("category", true, "入选类别", "类别"),
		col("year", true, "入选年度", "年度"),
		col("person_id", false, "入选人证件号码", "证件号码", "身份证号码"),
		col("winner", false, "入选人姓名", "姓名"),
		col("team", false, "入选团队", "团队名称"),
		col("ignore", false, "序号", "备注", "错误说明"),
	}}
)

// Schemas are the sheet layouts of each ledger.
var Schemas = map[Kind][]Schema{
	Contracts:  {ContractSchema},
	Loans:      {LoanSchema},
	Incubation: {CarrierSchema, FirmSchema},
	Talent:     {TeamSchema, PersonSchema, AwardSchema},
}

// SchemaNamed returns the layout with the name.
func SchemaNamed(name string) (Schema, bool) {
	for _, k := range Kinds {
		for _, s := range Schemas[k] {
			if s.Name == name {
				return s, true
			}
		}
	}
	return Schema{}, false
}

// Options steer reading.
type Options struct {
	// Nodes resolve node columns (code, name, full name or alias).
	Nodes []model.Node
	// District names the district: a party whose 所在地区 is empty or one
	// of these (or 区内, 本区) is in the district.
	District []string
}

// File is what a ledger file yields.
type File struct {
	Books  Books
	Rows   int // data rows read
	Errors Errors
	Notes  []string
	Sheets []string // "sheet: layout" for each sheet read
	seen   map[string]int
}

// ErrNoLedgerSheet is returned (wrapped) when no sheet has the headings of
// the ledger.
var ErrNoLedgerSheet = errors.New("no sheet has the ledger's headings")

// Read reads a ledger file (xlsx, CSV or HTML table; see package sheet) of
// kind k: every sheet whose headings match one of the ledger's layouts
// (Schemas; a talent workbook may hold teams, people and awards), every cell
// checked. Problems are in File.Errors, each naming file, sheet, row, column
// and value; the error return is for an unreadable file or one without a
// ledger sheet (its message lists the headings expected).
func Read(path string, k Kind, opt Options) (*File, error) {
	tables, err := sheet.Open(path)
	if err != nil {
		return nil, err
	}
	out := &File{}
	for _, t := range tables {
		s, ok := match(t, Schemas[k])
		if !ok {
			out.Notes = append(out.Notes, fmt.Sprintf("sheet %s: headings are not a %s layout; skipped", t.Sheet, k.Label()))
			continue
		}
		out.Sheets = append(out.Sheets, t.Sheet+": "+s.Name)
		out.Notes = append(out.Notes, t.Notes...)
		readTable(out, t, s, opt)
	}
	if len(out.Sheets) == 0 {
		var want []string
		for _, s := range Schemas[k] {
			want = append(want, s.Name+"（"+strings.Join(s.Headings(), "、")+"）")
		}
		return out, fmt.Errorf("%s: %w; expected %s", baseName(path), ErrNoLedgerSheet, strings.Join(want, "；"))
	}
	checkReferences(out)
	return out, nil
}

// FromForm reads one record entered by hand: values maps the schema's keys
// (or headings) to the text typed. It goes through the same checks as a
// file row; problems name the form field.
func FromForm(s Schema, values map[string]string, opt Options) (*File, error) {
	t := &sheet.Table{File: "表单", Sheet: s.Name}
	row := sheet.Row{Number: 0}
	for i, c := range s.cols {
		if c.key == "ignore" {
			continue
		}
		path, unit := c.words[0], ""
		if j := strings.Index(path, "（"); j > 0 {
			path, unit = path[:j], strings.Trim(path[j:], "（）")
		}
		t.Columns = append(t.Columns, sheet.Column{Letter: "", Path: path, Unit: unit})
		v := strings.TrimSpace(values[c.key])
		row.Cells = append(row.Cells, sheet.Cell{Ref: fmt.Sprint(i), Text: v, Raw: v})
	}
	t.Rows = []sheet.Row{row}
	out := &File{}
	readTable(out, t, s, opt)
	checkReferences(out)
	return out, nil
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	return p
}

// match finds the layout of a table: the one all of whose required columns
// are present, preferring more matched columns.
func match(t *sheet.Table, schemas []Schema) (Schema, bool) {
	best, bestN, found := Schema{}, -1, false
	for _, s := range schemas {
		idx := mapColumns(t, s)
		ok := true
		for _, c := range s.cols {
			if c.required {
				if _, has := idx[c.key]; !has {
					ok = false
				}
			}
		}
		if ok && len(idx) > bestN {
			best, bestN, found = s, len(idx), true
		}
	}
	return best, found
}

// mapColumns maps the schema's keys to column indexes: a heading equal to
// one of a key's words, else the key with the longest word the heading
// contains.
func mapColumns(t *sheet.Table, s Schema) map[string]int {
	idx := map[string]int{}
	for i, c := range t.Columns {
		h := strings.ReplaceAll(c.Path, " ", "")
		if c.Unit != "" && !strings.Contains(h, "（") {
			// the heading with its unit, as templates write it
			if k, ok := exact(s, h+"（"+c.Unit+"）"); ok {
				if _, dup := idx[k]; !dup {
					idx[k] = i
				}
				continue
			}
		}
		if k, ok := exact(s, h); ok {
			if _, dup := idx[k]; !dup {
				idx[k] = i
			}
			continue
		}
		bestKey, bestLen := "", 0
		for _, sc := range s.cols {
			for _, w := range sc.words {
				if len(w) > bestLen && strings.Contains(h, strings.Split(w, "（")[0]) {
					bestKey, bestLen = sc.key, len(w)
				}
			}
		}
		if bestKey != "" {
			if _, dup := idx[bestKey]; !dup {
				idx[bestKey] = i
			}
		}
	}
	delete(idx, "ignore")
	return idx
}

func exact(s Schema, h string) (string, bool) {
	for _, c := range s.cols {
		for _, w := range c.words {
			if w == h || strings.Split(w, "（")[0] == h {
				return c.key, true
			}
		}
	}
	return "", false
}

// rowCtx reads the cells of one row, collecting problems.
type rowCtx struct {
	t    *sheet.Table
	r    *sheet.Row
	idx  map[string]int
	opt  Options
	errs Errors
}

func (c *rowCtx) where(key string) string {
	i, ok := c.idx[key]
	if !ok {
		return ""
	}
	col := c.t.Columns[i]
	name := col.Path
	if col.Unit != "" {
		name += "（" + col.Unit + "）"
	}
	if col.Letter == "" {
		return name
	}
	return col.Letter + " " + name
}

func (c *rowCtx) fail(key, value, reason string) {
	c.errs = append(c.errs, RowError{File: c.t.File, Sheet: c.t.Sheet, Row: c.r.Number, Column: c.where(key), Value: value, Reason: reason})
}

func (c *rowCtx) cell(key string) (sheet.Cell, bool) {
	i, ok := c.idx[key]
	if !ok || i >= len(c.r.Cells) {
		return sheet.Cell{}, false
	}
	return c.r.Cells[i], true
}

func (c *rowCtx) text(key string) string {
	x, _ := c.cell(key)
	return strings.TrimSpace(x.Text)
}

// present reports whether the cell holds something (a missing mark such as
// — counts as empty).
func (c *rowCtx) present(key string) bool {
	x, ok := c.cell(key)
	if !ok || x.Empty() {
		return false
	}
	v, err := sheet.ParseValue(x.Text)
	return err != nil || !v.Missing || x.Formula != ""
}

func (c *rowCtx) need(key, what string) bool {
	if !c.present(key) {
		c.fail(key, "", what+" is required")
		return false
	}
	return true
}

// money reads an amount: the cell's unit, else the heading's (万元), else an
// error (the unit must be written somewhere).
func (c *rowCtx) money(key string) (Fen, bool) {
	x, _ := c.cell(key)
	v, err := x.Value()
	if err != nil {
		c.fail(key, x.Text, cleanErr(x, err))
		return 0, false
	}
	unit := ""
	if i, ok := c.idx[key]; ok {
		unit = c.t.Columns[i].ValueUnit()
	}
	y, u, err := sheet.ToBase(v, unit)
	if err != nil {
		c.fail(key, x.Text, strings.TrimPrefix(err.Error(), "sheet: ")+" (write the unit in the heading, e.g. 金额（万元）, or in the cell, e.g. 120万元)")
		return 0, false
	}
	if u != "yuan" {
		c.fail(key, x.Text, "an amount of money in 元 or 万元 is expected, not "+string(u))
		return 0, false
	}
	f, err := FenOf(y)
	if err != nil {
		c.fail(key, x.Text, err.Error())
		return 0, false
	}
	if f < 0 {
		c.fail(key, x.Text, "cannot be negative")
		return 0, false
	}
	return f, true
}

func (c *rowCtx) optMoney(key string) *Fen {
	if !c.present(key) {
		return nil
	}
	if f, ok := c.money(key); ok {
		return &f
	}
	return nil
}

// cleanErr is a cell error without the cell reference and package prefix
// (the RowError names the place).
func cleanErr(x sheet.Cell, err error) string {
	return strings.TrimPrefix(strings.TrimPrefix(err.Error(), x.Ref+": "), "sheet: ")
}

// date reads a date; dates before 1950 are refused (a year typed alone,
// 2022, reads as an Excel serial of 1905).
func (c *rowCtx) date(key string) (time.Time, bool) {
	x, _ := c.cell(key)
	d, err := x.Date(c.t.Date1904)
	if err != nil {
		c.fail(key, x.Text, cleanErr(x, err))
		return time.Time{}, false
	}
	if d.Year() < 1950 || d.Year() > 2100 {
		c.fail(key, x.Text, fmt.Sprintf("reads as %s: write the whole date, e.g. 2022-03-15", Day(d)))
		return time.Time{}, false
	}
	return d, true
}

func (c *rowCtx) optDate(key string) *time.Time {
	if !c.present(key) {
		return nil
	}
	if d, ok := c.date(key); ok {
		return &d
	}
	return nil
}

func (c *rowCtx) optInt(key string) *int {
	if !c.present(key) {
		return nil
	}
	x, _ := c.cell(key)
	v, err := x.Value()
	if err != nil || v.Percent || !v.Number.Equal(v.Number.Truncate(0)) || v.Number.IsNegative() || (v.Unit != "" && !isCounter(v.Unit)) {
		c.fail(key, x.Text, "a whole number is expected")
		return nil
	}
	n := int(v.Number.IntPart())
	return &n
}

func isCounter(u string) bool {
	return slices.Contains([]string{"个", "人", "名", "家", "年", "件", "项"}, u)
}

func (c *rowCtx) optDecimal(key string) *decimal.Decimal {
	if !c.present(key) {
		return nil
	}
	x, _ := c.cell(key)
	v, err := x.Value()
	if err != nil || v.Percent || (v.Unit != "" && v.Unit != "平方米" && v.Unit != "㎡" && v.Unit != "m2") {
		c.fail(key, x.Text, "a number of square metres is expected")
		return nil
	}
	d := v.Number
	return &d
}

func (c *rowCtx) optBool(key string) *bool {
	if !c.present(key) {
		return nil
	}
	s := strings.ToLower(c.text(key))
	switch s {
	case "是", "有", "y", "yes", "true", "1", "√", "✓":
		b := true
		return &b
	case "否", "无", "n", "no", "false", "0", "×":
		b := false
		return &b
	}
	c.fail(key, c.text(key), "write 是 or 否")
	return nil
}

// node resolves a node column (code, name, full name, label or alias).
func (c *rowCtx) node(key string) string {
	s := c.text(key)
	if s == "" {
		return ""
	}
	for _, n := range c.opt.Nodes {
		if n.Code == s || n.Name == s || n.FullName == s || n.Label == s || slices.Contains(n.Aliases, s) {
			if n.ParentCode == "" {
				return "" // the district itself
			}
			return n.Code
		}
	}
	var names []string
	for _, n := range c.opt.Nodes {
		names = append(names, n.Name)
	}
	c.fail(key, s, "not a node of the system ("+strings.Join(names, "、")+")")
	return ""
}

// inDistrict reads a 所在地区 column: empty, 区内, 本区 or the district's
// name is the district.
func (c *rowCtx) inDistrict(key string) (bool, string) {
	s := c.text(key)
	if s == "" || s == "区内" || s == "本区" || slices.Contains(c.opt.District, s) {
		return true, ""
	}
	return false, s
}

func (c *rowCtx) problems(ps []Problem, keys map[string]string) {
	for _, p := range ps {
		k := p.Field
		if m, ok := keys[k]; ok {
			k = m
		}
		c.fail(k, p.Value, p.Reason)
	}
}

func readTable(out *File, t *sheet.Table, s Schema, opt Options) {
	idx := mapColumns(t, s)
	for i := range t.Rows {
		r := &t.Rows[i]
		out.Rows++
		c := &rowCtx{t: t, r: r, idx: idx, opt: opt}
		if key := uniqueColumn[s.Name]; key != "" && c.text(key) != "" {
			k := s.Name + "\x00" + strings.ToUpper(c.text(key))
			if first, ok := out.seen[k]; ok {
				shown := c.text(key)
				if key == "id_number" {
					shown = MaskID(shown)
				}
				c.fail(key, shown, fmt.Sprintf("repeats row %d of the file: one record each", first))
			} else {
				if out.seen == nil {
					out.seen = map[string]int{}
				}
				out.seen[k] = r.Number
			}
		}
		switch s.Name {
		case ContractSchema.Name:
			if x, ok := readContract(c); ok {
				out.Books.Contracts = append(out.Books.Contracts, x)
			}
		case LoanSchema.Name:
			if x, ok := readLoan(c); ok {
				out.Books.Loans = append(out.Books.Loans, x)
			}
		case CarrierSchema.Name:
			if x, ok := readCarrier(c); ok {
				out.Books.Carriers = append(out.Books.Carriers, x)
			}
		case FirmSchema.Name:
			if x, ok := readFirm(c); ok {
				out.Books.Firms = append(out.Books.Firms, x)
			}
		case TeamSchema.Name:
			if x, ok := readTeam(c); ok {
				out.Books.Teams = append(out.Books.Teams, x)
			}
		case PersonSchema.Name:
			if x, ok := readPerson(c); ok {
				out.Books.People = append(out.Books.People, x)
			}
		case AwardSchema.Name:
			if x, ok := readAward(c); ok {
				out.Books.Awards = append(out.Books.Awards, x)
			}
		}
		out.Errors = append(out.Errors, c.errs...)
	}
}

func readContract(c *rowCtx) (Contract, bool) {
	x := Contract{Row: c.r.Number, RegNo: c.text("reg_no"), Name: c.text("name"), Field: c.text("field")}
	if c.need("kind", "合同类型") {
		k, err := ParseContractKind(c.text("kind"))
		if err != nil {
			c.fail("kind", c.text("kind"), err.Error())
		}
		x.Kind = k
	}
	x.Seller = Party{Name: c.text("seller_name"), USCC: c.text("seller_uscc"), Node: c.node("seller_node")}
	x.Seller.InDistrict, x.Seller.Region = c.inDistrict("seller_region")
	x.Buyer = Party{Name: c.text("buyer_name"), USCC: c.text("buyer_uscc"), Node: c.node("buyer_node")}
	x.Buyer.InDistrict, x.Buyer.Region = c.inDistrict("buyer_region")
	if c.need("signed_on", "签订日期") {
		x.SignedOn, _ = c.date("signed_on")
	}
	if c.need("registered_on", "登记日期") {
		x.RegisteredOn, _ = c.date("registered_on")
	}
	okValue := false
	if c.need("value", "合同成交额") {
		x.Value, okValue = c.money("value")
	}
	if s := c.text("deductions"); s != "" {
		ds, err := ParseDeductions(s)
		if err != nil {
			c.fail("deductions", s, err.Error())
		}
		x.Deductions = ds
	}
	n := len(c.errs)
	if !okValue || n > 0 {
		return x, false
	}
	c.problems(x.Compute(), map[string]string{"seller": "seller_name", "buyer": "buyer_name"})
	if stated := c.optMoney("transaction"); stated != nil && len(c.errs) == n {
		if p := x.CheckStated(*stated); p != nil {
			p.Value = c.text("transaction")
			c.problems([]Problem{*p}, nil)
		}
	}
	return x, len(c.errs) == 0
}

func readLoan(c *rowCtx) (Loan, bool) {
	x := Loan{Row: c.r.Number, LoanNo: c.text("loan_no"), Bank: c.text("bank")}
	x.Borrower = Party{Name: c.text("borrower_name"), USCC: c.text("borrower_uscc"), InDistrict: true, Node: c.node("borrower_node")}
	if c.need("kind", "贷款类型") {
		k, err := ParseLoanKind(c.text("kind"))
		if err != nil {
			c.fail("kind", c.text("kind"), err.Error())
		}
		x.Kind = k
	}
	if c.need("amount", "贷款金额") {
		x.Amount, _ = c.money("amount")
	}
	if c.need("granted_on", "放款日期") {
		x.GrantedOn, _ = c.date("granted_on")
	}
	if c.need("due_on", "到期日期") {
		x.DueOn, _ = c.date("due_on")
	}
	g, err := ParseGrade(c.text("grade"))
	if err != nil {
		c.fail("grade", c.text("grade"), err.Error())
	}
	x.Grade = g
	if s := c.text("pledged_ip"); s != "" {
		for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' || r == '、' || r == '\n' }) {
			if p = strings.TrimSpace(p); p != "" {
				x.PledgedIP = append(x.PledgedIP, p)
			}
		}
	}
	if f := c.optMoney("repaid"); f != nil {
		x.Repaid = *f
	}
	x.RepaidOn = c.optDate("repaid_on")
	if f := c.optMoney("overdue"); f != nil {
		x.Overdue = *f
	}
	x.OverdueOn = c.optDate("overdue_on")
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), map[string]string{"borrower": "borrower_name"})
	return x, len(c.errs) == 0
}

func readCarrier(c *rowCtx) (Carrier, bool) {
	x := Carrier{Row: c.r.Number, Name: c.text("name"), Recognitions: c.text("recognitions"), OperatorUSCC: c.text("operator_uscc"),
		Node: c.node("node"), SpecialisedField: c.text("specialised_field")}
	if c.need("kind", "载体类型") {
		k, err := ParseCarrierKind(c.text("kind"))
		if err != nil {
			c.fail("kind", c.text("kind"), err.Error())
		}
		x.Kind = k
	}
	if c.need("level", "级别") {
		l, err := ParseLevel(c.text("level"))
		if err != nil {
			c.fail("level", c.text("level"), err.Error())
		}
		x.Level = l
	}
	x.RecognisedOn = c.optDate("recognised_on")
	x.LegalPerson = c.optBool("legal_person")
	x.OperatingFrom = c.optDate("operating_from")
	x.StatsYears = c.optInt("stats_years")
	x.SiteM2 = c.optDecimal("site_m2")
	x.IncubationM2 = c.optDecimal("incubation_m2")
	x.SeedFund = c.optMoney("seed_fund")
	x.FundCases = c.optInt("fund_cases")
	x.Staff = c.optInt("staff")
	x.Professional = c.optInt("professional_staff")
	x.Mentors = c.optInt("mentors")
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), nil)
	return x, len(c.errs) == 0
}

func readFirm(c *rowCtx) (IncubatedFirm, bool) {
	x := IncubatedFirm{Row: c.r.Number, Carrier: c.text("carrier"), Name: c.text("name"), USCC: c.text("uscc"), Industry: c.text("industry")}
	if c.need("founded_on", "成立日期") {
		x.FoundedOn, _ = c.date("founded_on")
	}
	if c.need("entered_on", "入孵日期") {
		x.EnteredOn, _ = c.date("entered_on")
	}
	x.GraduatedOn = c.optDate("graduated_on")
	x.LeftOn = c.optDate("left_on")
	if b := c.optBool("long_cycle"); b != nil {
		x.LongCycle = *b
	}
	x.PatentApplied = c.optBool("patent_applied")
	x.HoldsIP = c.optBool("holds_ip")
	x.Financed = c.optBool("financed")
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), nil)
	return x, len(c.errs) == 0
}

func readTeam(c *rowCtx) (Team, bool) {
	x := Team{Row: c.r.Number, Name: c.text("name"), Leader: c.text("leader"), HostOrg: c.text("host_org"), HostUSCC: c.text("host_uscc"),
		Node: c.node("node"), Field: c.text("field")}
	if c.need("introduced_on", "引进日期") {
		x.IntroducedOn, _ = c.date("introduced_on")
	}
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), nil)
	return x, len(c.errs) == 0
}

func readPerson(c *rowCtx) (Person, bool) {
	x := Person{Row: c.r.Number, Name: c.text("name"), IDNumber: strings.ToUpper(c.text("id_number")), Phone: c.text("phone"), Team: c.text("team"),
		HostOrg: c.text("host_org"), Node: c.node("node"), Education: c.text("education"), Title: c.text("title"), Field: c.text("field")}
	if c.need("introduced_on", "引进日期") {
		x.IntroducedOn, _ = c.date("introduced_on")
	}
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), nil)
	return x, len(c.errs) == 0
}

func readAward(c *rowCtx) (Award, bool) {
	x := Award{Row: c.r.Number, Programme: c.text("programme"), Category: c.text("category"), PersonID: strings.ToUpper(c.text("person_id")),
		Team: c.text("team"), Winner: c.text("winner")}
	if c.need("year", "入选年度") {
		s := strings.TrimSuffix(strings.TrimSuffix(c.text("year"), "年度"), "年")
		y, err := strconv.Atoi(s)
		if err != nil {
			c.fail("year", c.text("year"), "a year such as 2022 is expected")
		}
		x.Year = y
	}
	if len(c.errs) > 0 {
		return x, false
	}
	c.problems(x.Validate(), map[string]string{"winner": "person_id"})
	return x, len(c.errs) == 0
}

// uniqueColumn is the column a record of the layout may not repeat within
// a file.
var uniqueColumn = map[string]string{
	ContractSchema.Name: "reg_no", LoanSchema.Name: "loan_no", CarrierSchema.Name: "name", TeamSchema.Name: "name", PersonSchema.Name: "id_number",
}

func checkReferences(*File) {}
