// Package importer turns tables read by package sheet into registry entries
// (企业名录) and firms' year-to-date reports (企业月报), checking every cell:
// a bad credit code, date, value or unit is a RowError naming file, sheet,
// row, column, value and reason. It has no SQL; the caller stores the result
// in one transaction.
package importer

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/sheet"
	"github.com/kechuang/kechuang/internal/uscc"
)

// Kind is what a file holds.
type Kind string

const (
	Registry Kind = "registry" // 企业名录: one row per firm, attributes and recognitions
	Report   Kind = "report"   // 企业月报: one row per firm and period, 1–N月 cumulative figures
)

// RowError is one problem with one cell or row.
type RowError struct {
	File, Sheet string
	Row         int
	Column      string // letter and heading, e.g. "B 统一社会信用代码"
	Value       string
	Reason      string
}

func (e RowError) Error() string {
	s := fmt.Sprintf("%s", e.File)
	if e.Sheet != "" && e.Sheet != e.File {
		s += ", sheet " + e.Sheet
	}
	s += fmt.Sprintf(", row %d", e.Row)
	if e.Column != "" {
		s += ", column " + e.Column
	}
	if e.Value != "" {
		s += fmt.Sprintf(", value %q", e.Value)
	}
	return s + ": " + e.Reason
}

// Options steer an import.
type Options struct {
	Kind Kind // "" detects it from the headings
	// Year and Month give the 1–N月 period of report figures when the file
	// has no 报告期 column (and of figures in a registry file); 0 = none.
	Year, Month int
	// Progress, when set, is called with the number of data rows read so
	// far, every ProgressEvery rows (default 1000).
	Progress      func(rows int)
	ProgressEvery int
	// Batch, when set, receives the firms and reports read so far every
	// BatchSize reports (default 20,000) and once at the end, instead of
	// Result keeping them: memory stays bounded however large the file.
	// An error from Batch stops the reading and is returned.
	Batch     func(firms []model.Firm, reports []model.Report) error
	BatchSize int
}

// Result is what a file yields.
type Result struct {
	// FirmCount and ReportCount count what was handed to Options.Batch
	// (Firms and Reports stay empty then).
	FirmCount, ReportCount int
	Kind                   Kind
	Firms                  []model.Firm
	Reports                []model.Report
	Errors                 []RowError
	Notes                  []string // merges, ignored columns, skipped rows (from package sheet)
	Rows                   int      // data rows read
	// RowErrs maps (sheet, row) to the errors of that row, for the error
	// workbook.
	Bad map[string]map[int]bool
}

// column roles of registry files, matched against the heading. A word
// with "+" matches a heading that contains each of its parts
// (小巨人+日期: 专精特新“小巨人”企业认定日期).
//
// Order matters when a heading contains words of several roles: the
// cultivation-ladder titles come before registered (入库登记日期 contains
// 登记日期) and before the 高企 columns (专精特新认定日期 contains 认定日期,
// 小巨人证书编号 contains 证书编号); 小巨人 comes before 专精特新 (专精特新
// “小巨人”企业 contains 专精特新); and each title's date and number columns
// come before its 是否 column (科技型中小企业入库日期 contains 科技型中小企业,
// 高新技术企业认定日期 contains 高新技术企业).
var registryColumns = []struct {
	role  string
	words []string
}{
	{"uscc", []string{"统一社会信用代码", "社会信用代码", "信用代码"}},
	{"name", []string{"企业名称", "单位名称", "企业（单位）名称", "名称"}},
	{"node", []string{"所属载体", "所属园区", "所属节点", "所在载体", "所在园区"}},
	{"direction", []string{"所属方向", "产业方向"}},
	{"giant_date", []string{"小巨人认定日期", "小巨人企业认定日期", "小巨人+日期"}},
	{"giant_no", []string{"小巨人+编号"}},
	{"giant", []string{"是否小巨人", "是否专精特新“小巨人”企业", "专精特新“小巨人”企业", "小巨人企业", "小巨人"}},
	{"ssme_date", []string{"专精特新认定日期", "专精特新中小企业认定日期", "专精特新+日期"}},
	{"ssme_no", []string{"专精特新+编号"}},
	{"ssme", []string{"是否专精特新中小企业", "是否专精特新", "专精特新中小企业", "专精特新"}},
	{"ism_date", []string{"创新型中小企业认定日期", "创新型中小企业+日期"}},
	{"ism_no", []string{"创新型中小企业+编号"}},
	{"ism", []string{"是否创新型中小企业", "创新型中小企业", "是否科技和创新型中小企业", "科技和创新型中小企业"}},
	{"tsme_date", []string{"入库日期", "入库登记日期", "科技型中小企业入库日期", "科技型中小企业+日期"}},
	{"tsme_no", []string{"入库登记编号", "科技型中小企业入库编号", "入库编号", "科技型中小企业+编号"}},
	{"tsme", []string{"是否科技型中小企业", "科技型中小企业"}},
	{"registered", []string{"注册日期", "成立日期", "登记日期"}},
	{"legal_form", []string{"登记注册类型", "企业类型", "法人类型"}},
	{"industry", []string{"行业代码", "国民经济行业代码", "所属行业代码"}},
	{"above_scale", []string{"是否规上", "规上企业", "是否规模以上"}},
	{"size", []string{"企业规模", "规模类型"}},
	{"hte_date", []string{"认定日期", "发证日期", "证书日期", "高企认定日期"}},
	{"hte_cert", []string{"证书编号", "高企证书编号"}},
	{"hte", []string{"是否高新技术企业", "高新技术企业"}},
	{"period", []string{"报告期", "统计期", "年月", "期别"}},
	{"ignore", []string{"序号", "备注", "说明", "错误说明", "原行号"}},
}

// role finds the role of a heading: the first role one of whose words the
// heading equals (after removing spaces, exact = true), else the first role
// (in list order) one of whose words it contains.
func role(path string) (string, bool) {
	h := strings.ReplaceAll(path, " ", "")
	for _, c := range registryColumns {
		if slices.Contains(c.words, h) {
			return c.role, true
		}
	}
	for _, c := range registryColumns {
		for _, w := range c.words {
			if w != "名称" && containsAll(h, w) {
				return c.role, false
			}
		}
	}
	return "", false
}

// containsAll reports whether h contains every "+"-separated part of w.
func containsAll(h, w string) bool {
	for {
		part, rest, more := strings.Cut(w, "+")
		if !strings.Contains(h, part) {
			return false
		}
		if !more {
			return true
		}
		w = rest
	}
}

// A title is a recognition a registry row may record: a 是否 column, a date
// column and an optional number column, each found by its role.
type title struct {
	name  string // model.HighTechEnterprise …
	level string // national | municipal
	// years of validity: ValidUntil = Granted + years − 1 day.
	years             int
	label             string // the title in messages
	yes, date, number string // the roles of its columns
	// dateAlone: in a table without the title's 是否 column, a filled date
	// means the firm holds the title. 高企 keeps its original rule (a date
	// alone, under the generic heading 认定日期, records nothing).
	dateAlone bool
}

// titles are read in this order; a firm's Recognitions follow it.
var titles = [...]title{
	// 国科发火〔2016〕32号 Art. 9: the certificate is valid for 3 years.
	{model.HighTechEnterprise, "national", 3, "高新技术企业", "hte", "hte_date", "hte_cert", false},
	// policy-rules §2.5 (国科发政〔2017〕115号): the registration number "is
	// effectively valid for one year" [S1], renewed by the end of March each
	// year. Assessed and numbered at provincial level (Chongqing): municipal.
	{model.TechBasedSME, "municipal", 1, "科技型中小企业", "tsme", "tsme_date", "tsme_no", true},
	// 工信部企业〔2022〕63号 / 〔2026〕2号: 3 years; granted by Chongqing.
	{model.InnovativeSME, "municipal", 3, "创新型中小企业", "ism", "ism_date", "ism_no", true},
	// policy-rules §3.3: "Validity is 3 years" [S1]; granted by Chongqing.
	{model.SpecialisedSME, "municipal", 3, "专精特新中小企业", "ssme", "ssme_date", "ssme_no", true},
	// 3 years, granted by the Ministry of Industry and Information Technology.
	{model.LittleGiant, "national", 3, "专精特新“小巨人”企业", "giant", "giant_date", "giant_no", true},
}

// roleWord is the first heading of a role, to name a missing column.
func roleWord(role string) string {
	for _, c := range registryColumns {
		if c.role == role {
			return c.words[0]
		}
	}
	return role
}

// cellDate reads a date cell; ok is false for an empty or missing (—) cell.
func cellDate(cell sheet.Cell, text string, date1904 bool) (time.Time, bool, error) {
	if v, _ := sheet.ParseValue(text); text == "" || v.Missing {
		return time.Time{}, false, nil
	}
	raw := text
	if cell.Number != nil {
		raw = cell.Number.String()
	}
	d, err := sheet.ParseDate(raw, date1904)
	if err != nil {
		return time.Time{}, false, err
	}
	return d, true, nil
}

// Which column of a title a column is.
const (
	partYes = 1 + iota
	partDate
	partNumber
)

// titleColumn finds the title and part of a column role; part 0: none.
func titleColumn(role string) (int, int) {
	for i, t := range titles {
		switch role {
		case t.yes:
			return i, partYes
		case t.date:
			return i, partDate
		case t.number:
			return i, partNumber
		}
	}
	return 0, 0
}

// priorWords mark the column of last year's same period (同期数).
var priorWords = []string{"上年同期", "去年同期", "同期数", "同期"}

// figureColumn maps a heading to an indicator and whether it is the 同期数.
// "研发投入", "研发投入/本年累计", "研发投入/上年同期", "上年同期研发投入",
// "研发投入（上年同期）".
func figureColumn(path string, inds []model.Indicator) (model.Indicator, bool, bool) {
	h := strings.ReplaceAll(path, " ", "")
	prior := false
	for _, w := range priorWords {
		if strings.Contains(h, w) {
			prior = true
			h = strings.ReplaceAll(h, w, "")
		}
	}
	for _, w := range []string{"本年累计", "本期累计", "累计", "本期", "本年", "/", "（）", "()"} {
		h = strings.ReplaceAll(h, w, "")
	}
	for _, ind := range inds {
		if h == ind.NameZh || slices.Contains(ind.Aliases, h) {
			return ind, prior, true
		}
	}
	return model.Indicator{}, false, false
}

var periodREs = []*regexp.Regexp{
	regexp.MustCompile(`^(\d{4})-01\.\.(?:\d{4})-(\d{2})$`),             // 2023-01..2023-08
	regexp.MustCompile(`^(\d{4})(\d{2})$`),                              // 202308
	regexp.MustCompile(`^(\d{4})[-/.](\d{1,2})$`),                       // 2023-08, 2023/8
	regexp.MustCompile(`^(\d{4})年\s*(?:1\s*[-—–~至]\s*)?(\d{1,2})\s*月$`), // 2023年1-8月, 2023年8月
}

// parsePeriod reads a report period: "2023年1-8月", "2023年1—8月",
// "2023年8月", "2023-08", "2023/8", "202308", "2023-01..2023-08". It returns
// the year and the month N of 1–N月.
func parsePeriod(s string) (int, int, error) {
	t := strings.TrimSpace(s)
	if a, b, ok := strings.Cut(t, ".."); ok && (len(a) < 4 || len(b) < 4 || a[:4] != b[:4]) {
		return 0, 0, fmt.Errorf("a report period lies within one year")
	}
	for _, re := range periodREs {
		if m := re.FindStringSubmatch(t); m != nil {
			return atoiPair(m[1], m[2])
		}
	}
	return 0, 0, fmt.Errorf("not a report period such as 2023年1-8月, 2023-08 or 2023-01..2023-08")
}

func atoiPair(y, m string) (int, int, error) {
	yy, err1 := strconv.Atoi(y)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || mm < 1 || mm > 12 || yy < 1990 || yy > 2100 {
		return 0, 0, fmt.Errorf("not a report period (year 1990–2100, month 1–12)")
	}
	return yy, mm, nil
}

// yes reads a yes/no cell: 是 √ Y 1 true / 否 × N 0 false; missing → nil.
func yes(s string) (*bool, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	switch t {
	case "", "—", "-", "－", "/":
		return nil, nil
	case "是", "√", "✓", "Y", "YES", "1", "TRUE", "有":
		b := true
		return &b, nil
	case "否", "×", "✗", "N", "NO", "0", "FALSE", "无":
		b := false
		return &b, nil
	}
	return nil, fmt.Errorf("not a yes/no value (是/否, √/×, Y/N)")
}

// resolveNode finds a node by code, name, full name or alias.
func resolveNode(nodes []model.Node, s string) (model.Node, bool) {
	t := strings.TrimSpace(s)
	for _, n := range nodes {
		if n.Code == t || n.Name == t || (n.FullName != "" && n.FullName == t) || slices.Contains(n.Aliases, t) {
			return n, true
		}
	}
	return model.Node{}, false
}

type colInfo struct {
	col   sheet.Column
	role  string
	ind   model.Indicator
	prior bool
	title int // index in titles, for a title's column (part ≠ 0)
	part  int // partYes, partDate or partNumber; 0 = not a title's column
}

// Read checks every row of the tables and returns what they hold. It never
// fails on bad cells: those become Result.Errors.
func Read(tables []*sheet.Table, nodes []model.Node, inds []model.Indicator, o Options) (*Result, error) {
	rd := newReader(nodes, inds, o)
	for _, t := range tables {
		if err := rd.begin(t); err != nil {
			return nil, err
		}
		for i := range t.Rows {
			rd.row(&t.Rows[i])
		}
		rd.end()
	}
	return rd.result(), nil
}

// ReadFile is Read over a file streamed with sheet.Stream: rows are checked
// one at a time and not kept, so memory grows with the firms and reports
// found, not with the cells. The tables returned hold the layout only
// (columns, header rows, title, unit, notes; no Rows): give them and the
// path to WriteErrorWorkbookFile.
func ReadFile(path string, nodes []model.Node, inds []model.Indicator, o Options) (*Result, []*sheet.Table, error) {
	rd := newReader(nodes, inds, o)
	var tables []*sheet.Table
	err := sheet.Stream(path, func(t *sheet.Table, r *sheet.Row) error {
		if r == nil {
			if rd.t != nil {
				rd.end()
			}
			tables = append(tables, t)
			return rd.begin(t)
		}
		rd.row(r)
		return rd.batchErr
	})
	if err != nil {
		return nil, nil, err
	}
	if rd.t != nil {
		rd.end()
	}
	rd.flush()
	if rd.batchErr != nil {
		return nil, nil, rd.batchErr
	}
	return rd.result(), tables, nil
}

type seen struct {
	row  int
	name string
	figs string // the row's figures, to tell a repeated row from a contradicting one
}

// reader is the per-row logic shared by Read and ReadFile.
type reader struct {
	nodes    []model.Node
	inds     []model.Indicator
	o        Options
	res      *Result
	firstRow map[string]seen
	// the table being read
	t     *sheet.Table
	cols  []colInfo
	kind  Kind
	notes []string // the table's own notes follow t.Notes (final at end)
	// each title's 是否 and date columns in the table (last one wins)
	titleYes, titleDate [len(titles)]*colInfo
	// Reports are gathered in fixed-size chunks and joined once by
	// result: growing one slice of 10⁶ reports copies it again and again.
	chunks [][]model.Report
	// With Options.Batch: the firms and reports not yet handed over, and
	// the first error of the callback.
	pendingFirms   []model.Firm
	pendingReports []model.Report
	batchErr       error
}

// flush hands the pending firms and reports to Options.Batch.
func (rd *reader) flush() {
	if rd.o.Batch == nil || rd.batchErr != nil || (len(rd.pendingFirms) == 0 && len(rd.pendingReports) == 0) {
		return
	}
	rd.res.FirmCount += len(rd.pendingFirms)
	rd.res.ReportCount += len(rd.pendingReports)
	rd.batchErr = rd.o.Batch(rd.pendingFirms, rd.pendingReports)
	rd.pendingFirms, rd.pendingReports = nil, nil
}

func (rd *reader) addFirm(f model.Firm) {
	if rd.o.Batch != nil {
		rd.pendingFirms = append(rd.pendingFirms, f)
		return
	}
	rd.res.Firms = append(rd.res.Firms, f)
}

const reportChunk = 1 << 14

func (rd *reader) addReport(r model.Report) {
	if rd.o.Batch != nil {
		rd.pendingReports = append(rd.pendingReports, r)
		size := rd.o.BatchSize
		if size <= 0 {
			size = 20000
		}
		if len(rd.pendingReports) >= size {
			rd.flush()
		}
		return
	}
	if n := len(rd.chunks); n == 0 || len(rd.chunks[n-1]) == cap(rd.chunks[n-1]) {
		rd.chunks = append(rd.chunks, make([]model.Report, 0, reportChunk))
	}
	last := &rd.chunks[len(rd.chunks)-1]
	*last = append(*last, r)
}

// result joins the report chunks into Result.Reports.
func (rd *reader) result() *Result {
	if len(rd.chunks) > 0 {
		n := 0
		for _, c := range rd.chunks {
			n += len(c)
		}
		rd.res.Reports = make([]model.Report, 0, n)
		for i, c := range rd.chunks {
			rd.res.Reports = append(rd.res.Reports, c...)
			rd.chunks[i] = nil
		}
		rd.chunks = nil
	}
	return rd.res
}

func newReader(nodes []model.Node, inds []model.Indicator, o Options) *reader {
	return &reader{nodes: nodes, inds: inds, o: o, firstRow: map[string]seen{},
		res: &Result{Kind: o.Kind, Bad: map[string]map[int]bool{}}}
}

// begin checks the columns of a table before its rows.
func (rd *reader) begin(t *sheet.Table) error {
	res, o, inds := rd.res, rd.o, rd.inds
	rd.t, rd.notes = t, nil
	cols := make([]colInfo, len(t.Columns))
	hasUSCC, hasFigures, hasRegistry, hasPeriod := false, false, false, false
	for i, c := range t.Columns {
		r, exact := role(c.Path)
		cols[i] = colInfo{col: c, role: r}
		// An indicator's name wins over a registry word it merely contains
		// (高新技术企业营业收入 is a figure, not 是否高新技术企业).
		if ind, prior, ok := figureColumn(c.Path, inds); ok && !exact {
			cols[i].role, cols[i].ind, cols[i].prior = "figure", ind, prior
			hasFigures = true
		}
		if ti, part := titleColumn(cols[i].role); part != 0 {
			cols[i].title, cols[i].part = ti, part
			hasRegistry = hasRegistry || part != partNumber
		}
		switch cols[i].role {
		case "uscc":
			hasUSCC = true
		case "node", "direction", "registered", "industry", "above_scale", "size", "legal_form":
			hasRegistry = true
		case "period":
			hasPeriod = true
		case "":
			if c.Path != "" {
				rd.notes = append(rd.notes, fmt.Sprintf("%s: column %s %q is not a field kechuang knows; ignored", t.Sheet, c.Letter, c.Path))
			}
		}
	}
	if !hasUSCC {
		return fmt.Errorf("%s, sheet %s: no 统一社会信用代码 column among %s — a registry or report file needs one", t.File, t.Sheet, headings(t))
	}
	kind := o.Kind
	if kind == "" {
		kind = Registry
		if hasFigures && !hasRegistry {
			kind = Report
		}
	}
	res.Kind = kind
	if hasFigures && !hasPeriod && o.Year == 0 {
		if kind == Report {
			return fmt.Errorf("%s, sheet %s: no 报告期 column: give the period (--period 2023-01..2023-08)", t.File, t.Sheet)
		}
		rd.notes = append(rd.notes, fmt.Sprintf("%s: figure columns (研发投入 …) are not stored: the file has no 报告期 column; give --period to import them", t.Sheet))
	}
	rd.cols, rd.kind = cols, kind
	rd.titleYes, rd.titleDate = [len(titles)]*colInfo{}, [len(titles)]*colInfo{}
	for i := range cols {
		switch cols[i].part {
		case partYes:
			rd.titleYes[cols[i].title] = &cols[i]
		case partDate:
			rd.titleDate[cols[i].title] = &cols[i]
		}
	}
	return nil
}

// end adds the table's notes (complete once its rows are read).
func (rd *reader) end() {
	rd.res.Notes = append(rd.res.Notes, rd.t.Notes...)
	rd.res.Notes = append(rd.res.Notes, rd.notes...)
	rd.t, rd.cols, rd.notes = nil, nil, nil
}

// row checks one data row of the current table.
func (rd *reader) row(r *sheet.Row) {
	res, o, t, cols, kind, nodes, inds, firstRow := rd.res, rd.o, rd.t, rd.cols, rd.kind, rd.nodes, rd.inds, rd.firstRow
	res.Rows++
	if o.Progress != nil {
		every := o.ProgressEvery
		if every <= 0 {
			every = 1000
		}
		if res.Rows%every == 0 {
			o.Progress(res.Rows)
		}
	}
	bad := func(c *colInfo, value, reason string) {
		e := RowError{File: t.File, Sheet: t.Sheet, Row: r.Number, Value: value, Reason: reason}
		if c != nil {
			e.Column = c.col.Letter + " " + c.col.Path
		}
		res.Errors = append(res.Errors, e)
		if res.Bad[t.Sheet] == nil {
			res.Bad[t.Sheet] = map[int]bool{}
		}
		res.Bad[t.Sheet][r.Number] = true
	}
	f := model.Firm{Row: r.Number}
	year, month := o.Year, o.Month
	// each title's cells: 是否, date (bad: reported already), number
	var held [len(titles)]*bool
	var granted [len(titles)]time.Time
	var badDate [len(titles)]bool
	var number, yesText [len(titles)]string
	figures := map[string][2]*decimal.Decimal{}
	errsBefore := len(res.Errors)
	for i := range cols {
		c := &cols[i]
		cell := r.Cells[i]
		text := strings.TrimSpace(cell.Text)
		if cell.Stale {
			bad(c, cell.Formula, "formula without a stored value that could not be recomputed: open the file in Excel or WPS and save it")
			continue
		}
		switch c.part {
		case partYes:
			b, err := yes(text)
			if err != nil {
				bad(c, text, err.Error())
				continue
			}
			held[c.title], yesText[c.title] = b, text
			continue
		case partDate:
			d, ok, err := cellDate(cell, text, t.Date1904)
			if err != nil {
				bad(c, text, err.Error())
				badDate[c.title] = true // reported; do not also say it is empty
			} else if ok {
				granted[c.title] = d
			}
			continue
		case partNumber:
			number[c.title] = text
			continue
		}
		switch c.role {
		case "uscc":
			code := uscc.Normalize(text)
			if err := uscc.Validate(code); err != nil {
				bad(c, text, err.(*uscc.Error).Reason)
			}
			f.USCC = code
		case "name":
			f.Name = strings.TrimSpace(text)
		case "node", "direction":
			if v, _ := sheet.ParseValue(text); text == "" || v.Missing {
				continue
			}
			n, ok := resolveNode(nodes, text)
			if !ok {
				bad(c, text, "not a node of the structure (name, full name, code or alias)")
				continue
			}
			f.Memberships = append(f.Memberships, model.Membership{NodeCode: n.Code, NodeName: n.Name})
		case "registered":
			d, ok, err := cellDate(cell, text, t.Date1904)
			if err != nil {
				bad(c, text, err.Error())
			} else if ok {
				f.RegisteredOn = d.Format("2006-01-02")
			}
		case "industry":
			f.IndustryCode = text
		case "legal_form":
			f.LegalForm = text
		case "size":
			f.SizeClass = text
		case "above_scale":
			b, err := yes(text)
			if err != nil {
				bad(c, text, err.Error())
				continue
			}
			f.AboveScale = b
		case "period":
			y, m, err := parsePeriod(text)
			if err != nil {
				bad(c, text, err.Error())
				continue
			}
			year, month = y, m
		case "figure":
			v, err := figureValue(cell, c)
			if err != nil {
				bad(c, text, err.Error())
				continue
			}
			pair := figures[c.ind.Code]
			if c.prior {
				pair[1] = v
			} else {
				pair[0] = v
			}
			figures[c.ind.Code] = pair
		}
	}
	if f.USCC == "" {
		bad(nil, "", "统一社会信用代码 is empty")
		return
	}
	if f.Name == "" && kind == Registry {
		bad(nil, "", "企业名称 is empty")
	}
	for i := range titles {
		tl := &titles[i]
		holds := held[i] != nil && *held[i]
		if rd.titleYes[i] == nil && tl.dateAlone {
			holds = !granted[i].IsZero()
		}
		if !holds || badDate[i] {
			continue
		}
		if granted[i].IsZero() {
			yc, dc := rd.titleYes[i], rd.titleDate[i]
			if dc != nil {
				bad(dc, "", fmt.Sprintf("empty, but column %s %s says 是: the date decides whether the firm is a %s on a given day", yc.col.Letter, yc.col.Path, tl.label))
			} else {
				bad(yc, yesText[i], fmt.Sprintf("是%s but the file has no date column (%s): the date decides whether the firm is a %s on a given day", tl.label, roleWord(tl.date), tl.label))
			}
			continue
		}
		f.Recognitions = append(f.Recognitions, model.Recognition{Name: tl.name, Level: tl.level,
			Granted: granted[i].Format("2006-01-02"), ValidUntil: granted[i].AddDate(tl.years, 0, -1).Format("2006-01-02"),
			CertificateNo: number[i]})
	}
	if len(res.Errors) > errsBefore {
		return
	}
	key := t.Sheet + "\x00" + f.USCC
	if kind == Report {
		key += fmt.Sprintf("\x00%d-%d", year, month)
	}
	sig := figureSignature(figures)
	if prev, dup := firstRow[key]; dup {
		switch {
		case kind == Report && prev.figs == sig:
			rd.notes = append(rd.notes, fmt.Sprintf("%s row %d repeats row %d (same firm, period and figures): ignored", t.Sheet, r.Number, prev.row))
			return
		case kind == Report:
			bad(nil, f.USCC, fmt.Sprintf("row %d already reports this firm for %d年1—%d月 with other figures; keep one row per firm and period", prev.row, year, month))
			return
		case prev.name == f.Name || f.Name == "":
			rd.notes = append(rd.notes, fmt.Sprintf("%s row %d: same firm as row %d (%s, same name): merged", t.Sheet, r.Number, prev.row, f.USCC))
			return
		case model.CanonicalName(prev.name) == model.CanonicalName(f.Name):
			rd.notes = append(rd.notes, fmt.Sprintf("%s row %d: same firm as row %d (%s; the names differ only in brackets or spaces): merged", t.Sheet, r.Number, prev.row, f.USCC))
			return
		default:
			bad(nil, f.USCC, fmt.Sprintf("code already on row %d with another name (%s)", prev.row, prev.name))
			return
		}
	}
	firstRow[key] = seen{r.Number, f.Name, sig}
	if kind == Registry {
		rd.addFirm(f)
	}
	if len(figures) > 0 && year != 0 {
		for _, ind := range inds {
			pair, ok := figures[ind.Code]
			if !ok || (pair[0] == nil && pair[1] == nil) {
				continue
			}
			rd.addReport(model.Report{USCC: f.USCC, Indicator: ind.Code, Year: year, Month: month,
				Value: pair[0], Prior: pair[1], Row: r.Number})
		}
	}
}

// figureValue reads a figure cell in base units, refusing a unit that does
// not fit the indicator and negative values (reported figures are
// cumulative amounts and counts).
func figureValue(cell sheet.Cell, c *colInfo) (*decimal.Decimal, error) {
	text := strings.TrimSpace(cell.Text)
	var v sheet.Value
	if cell.Number != nil {
		v = sheet.Value{Number: *cell.Number}
	} else {
		var err error
		if v, err = sheet.ParseValue(text); err != nil {
			return nil, err
		}
	}
	if v.Missing {
		return nil, nil
	}
	unit := c.col.Unit
	if unit == "" { // a heading without a unit: the indicator's base unit
		switch c.ind.Unit {
		case quantity.Yuan:
			unit = "元"
		case quantity.Persons:
			unit = "人"
		case quantity.Count:
			unit = "个"
			if c.ind.Counter != "" {
				unit = c.ind.Counter
			}
		}
	}
	b, u, err := sheet.ToBase(v, unit)
	if err != nil {
		return nil, err
	}
	if u != c.ind.Unit && !(c.ind.Unit == quantity.Persons && u == quantity.Count) && !(c.ind.Unit == quantity.Count && u == quantity.Persons) {
		return nil, fmt.Errorf("unit %s does not fit %s (%s)", u, c.ind.NameZh, c.ind.Unit)
	}
	if b.Sign() < 0 && !c.ind.Signed {
		return nil, fmt.Errorf("%s cannot be negative", c.ind.NameZh)
	}
	// Stored exactly: amounts to the fen, counts and people whole.
	places := int32(2)
	if c.ind.Unit == quantity.Count || c.ind.Unit == quantity.Persons {
		places = 0
	}
	if !b.Equal(b.Truncate(places)) {
		return nil, fmt.Errorf("%s is %s %s, more precise than can be stored (%d decimals); nothing is rounded silently", c.ind.NameZh, b, c.ind.Unit, places)
	}
	return &b, nil
}

// figureSignature is a row's figures as text, for comparing two rows.
func figureSignature(figs map[string][2]*decimal.Decimal) string {
	codes := make([]string, 0, len(figs))
	for c := range figs {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	var b strings.Builder
	for _, c := range codes {
		b.WriteString(c)
		for _, v := range figs[c] {
			b.WriteByte('|')
			if v != nil {
				b.WriteString(v.String())
			}
		}
		b.WriteByte(';')
	}
	return b.String()
}

func headings(t *sheet.Table) string {
	var hs []string
	for _, c := range t.Columns {
		hs = append(hs, c.Path)
	}
	return strings.Join(hs, "、")
}
