// Package matchsheet reads demands and achievements from xlsx or CSV files
// (the templates it writes, or a bureau's own sheet with the same column
// names) and writes them back as xlsx. Every problem is reported with file,
// sheet, row, column and the value; a file with any problem gives no
// records.
package matchsheet

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/sheet"
)

// Kind is what a file holds.
type Kind string

// The kinds of files.
const (
	Demands      Kind = "demands"      // 技术需求
	Achievements Kind = "achievements" // 科技成果与科研能力
)

// Label is the kind's Chinese name.
func (k Kind) Label() string {
	if k == Demands {
		return "技术需求"
	}
	return "科技成果"
}

// Error is one problem of a file.
type Error struct {
	File, Sheet string
	Row         int    // sheet row (CSV line); 0 for the whole file
	Column      string // letter
	Header      string
	Value       string
	Reason      string
}

func (e Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Sheet != "" {
		fmt.Fprintf(&b, ", sheet %s", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, ", row %d", e.Row)
	}
	if e.Column != "" || e.Header != "" {
		fmt.Fprintf(&b, ", column %s", strings.TrimSpace(e.Column+" "+e.Header))
	}
	if e.Value != "" {
		fmt.Fprintf(&b, ", value %q", e.Value)
	}
	return b.String() + ": " + e.Reason
}

// Where is the column as an import job lists it: "E 预算上限".
func (e Error) Where() string { return strings.TrimSpace(e.Column + " " + e.Header) }

// Errors are all the problems of a file.
type Errors []Error

func (es Errors) Error() string {
	l := make([]string, len(es))
	for i, e := range es {
		l[i] = e.Error()
	}
	return strings.Join(l, "\n")
}

type column struct {
	header   string   // as the template writes it
	aliases  []string // other names accepted
	required bool
	money    bool // 万元 in the template
	note     string
}

var demandColumns = []column{
	{header: "需求编号", aliases: []string{"编号"}, note: "同一编号再次导入即更新该需求；不填则自动编号"},
	{header: "需求企业", aliases: []string{"企业名称", "需求方", "企业"}, required: true},
	{header: "统一社会信用代码", aliases: []string{"信用代码"}},
	{header: "需求名称", aliases: []string{"需求标题", "标题", "技术需求"}, required: true},
	{header: "需求描述", aliases: []string{"需求内容", "描述", "内容", "需求简介"}},
	{header: "技术领域", aliases: []string{"领域"}},
	{header: "所属行业", aliases: []string{"行业"}},
	{header: "预算下限（万元）", aliases: []string{"预算下限", "预算（下限）"}, money: true},
	{header: "预算上限（万元）", aliases: []string{"预算上限", "预算（上限）", "预算"}, money: true},
	{header: "合作方式", aliases: []string{"期望合作方式"}, note: "技术开发、技术转让、技术许可、技术咨询、技术服务、共建研发平台，可填多个，用顿号分隔"},
	{header: "截止日期", aliases: []string{"有效期至"}},
	{header: "状态", note: "征集中、已对接、已关闭"},
	{header: "所在地区", aliases: []string{"地区", "所在地"}},
	{header: "所属载体", aliases: []string{"载体", "园区"}},
	{header: "联系人", aliases: []string{"联系方式"}},
	{header: "发布日期", aliases: []string{"登记日期"}},
}

var achievementColumns = []column{
	{header: "成果编号", aliases: []string{"编号"}, note: "同一编号再次导入即更新；不填则自动编号"},
	{header: "类型", note: "科技成果或科研能力（团队、设备、平台）；不填为科技成果"},
	{header: "持有单位", aliases: []string{"成果持有单位", "单位", "完成单位", "高校院所"}, required: true},
	{header: "成果名称", aliases: []string{"名称", "标题", "能力名称"}, required: true},
	{header: "成果简介", aliases: []string{"简介", "摘要", "成果描述", "内容"}},
	{header: "关键词"},
	{header: "技术领域", aliases: []string{"领域"}},
	{header: "技术成熟度（TRL）", aliases: []string{"技术成熟度", "trl", "TRL"}, note: "1—9"},
	{header: "成熟阶段", aliases: []string{"阶段", "所处阶段"}, note: "实验室、中试、产业化"},
	{header: "专利号", aliases: []string{"知识产权", "专利"}},
	{header: "转化方式", aliases: []string{"合作方式"}, note: "技术转让、技术许可、技术开发……可填多个"},
	{header: "价格下限（万元）", aliases: []string{"价格下限", "转让价格（下限）"}, money: true},
	{header: "价格上限（万元）", aliases: []string{"价格上限", "转让价格（上限）", "价格", "转让价格"}, money: true},
	{header: "所在地区", aliases: []string{"地区", "所在地"}},
	{header: "所属载体", aliases: []string{"载体", "园区"}},
	{header: "联系人", aliases: []string{"联系方式"}},
	{header: "发布日期", aliases: []string{"登记日期"}},
}

func columnsOf(k Kind) []column {
	if k == Demands {
		return demandColumns
	}
	return achievementColumns
}

func stripUnit(h string) string {
	h = strings.TrimSpace(h)
	for _, sep := range []string{"（", "("} {
		if i := strings.Index(h, sep); i > 0 {
			return h[:i]
		}
	}
	return h
}

// File is what Read found.
type File struct {
	Demands      []match.Demand
	Achievements []match.Achievement
	Rows         int
	Notes        []string
}

var statusOf = map[string]string{"": "open", "征集中": "open", "open": "open", "已对接": "matched", "matched": "matched", "已关闭": "closed", "closed": "closed"}

// StatusLabel is a demand status's Chinese name.
func StatusLabel(s string) string {
	return map[string]string{"open": "征集中", "matched": "已对接", "closed": "已关闭"}[s]
}

// Read reads a file of the kind. today (YYYY-MM-DD) is the 发布日期 of rows
// without one. On any problem it returns Errors and no records.
func Read(path, name string, k Kind, today string) (*File, error) {
	out := &File{}
	var errs Errors
	cols := columnsOf(k)
	var index map[int]int // column i of cols → table column
	missingCols := false
	seenCodes := map[string]int{}
	var tbl *sheet.Table // the sheet read: the first but 说明
	err := sheet.Stream(path, func(t *sheet.Table, r *sheet.Row) error {
		if t.Sheet == "说明" || (tbl != nil && t != tbl) {
			return nil
		}
		if index == nil {
			tbl = t
			index = map[int]int{}
			for ci, c := range cols {
				for ti, tc := range t.Columns {
					p := stripUnit(tc.Path)
					if p == stripUnit(c.header) || contains(c.aliases, p) || contains(c.aliases, tc.Path) {
						if _, dup := index[ci]; !dup {
							index[ci] = ti
						}
					}
				}
				if _, ok := index[ci]; !ok && c.required {
					errs = append(errs, Error{File: name, Sheet: t.Sheet, Row: firstOr(t.HeaderRows), Header: c.header, Reason: "缺少必填列“" + c.header + "”"})
					missingCols = true
				}
			}
			out.Notes = t.Notes
		}
		if missingCols || r == nil {
			return nil
		}
		out.Rows++
		cell := func(ci int) (string, sheet.Cell, sheet.Column) {
			ti, ok := index[ci]
			if !ok {
				return "", sheet.Cell{}, sheet.Column{}
			}
			c := r.Cells[ti]
			return strings.TrimSpace(c.Text), c, t.Columns[ti]
		}
		bad := func(ci int, value, reason string) {
			ti := index[ci]
			errs = append(errs, Error{File: name, Sheet: t.Sheet, Row: r.Number, Column: t.Columns[ti].Letter, Header: t.Columns[ti].Path, Value: value, Reason: reason})
		}
		text := make([]string, len(cols))
		for ci := range cols {
			text[ci], _, _ = cell(ci)
			if cols[ci].required && text[ci] == "" {
				if _, ok := index[ci]; ok {
					bad(ci, "", "必填，不能为空")
				}
			}
		}
		money := func(ci int) *decimal.Decimal {
			s, c, col := cell(ci)
			if s == "" || s == "面议" {
				return nil
			}
			v, err := c.Value()
			if err != nil {
				bad(ci, s, "不是金额："+err.Error())
				return nil
			}
			if v.Missing {
				return nil
			}
			unit := col.ValueUnit()
			if unit == "" {
				unit = "万元" // the template's unit
			}
			d, _, err := sheet.ToBase(v, unit)
			if err != nil {
				bad(ci, s, "不是金额："+err.Error())
				return nil
			}
			if d.IsNegative() {
				bad(ci, s, "金额不能为负")
				return nil
			}
			return &d
		}
		date := func(ci int) string {
			s, c, _ := cell(ci)
			if s == "" {
				return ""
			}
			d, err := c.Date(t.Date1904)
			if err != nil {
				bad(ci, s, "不是日期（应为 YYYY-MM-DD）")
				return ""
			}
			return d.Format(time.DateOnly)
		}
		modes := func(ci int) []match.Mode {
			ms, unknown := match.ParseModes(text[ci])
			if len(unknown) > 0 {
				bad(ci, text[ci], "不认识的合作方式“"+strings.Join(unknown, "、")+"”（可填技术开发、技术转让、技术许可、技术咨询、技术服务、共建研发平台）")
			}
			return ms
		}
		code := text[0]
		if code != "" {
			if prev, dup := seenCodes[code]; dup {
				bad(0, code, fmt.Sprintf("编号与第%d行重复", prev))
			}
			seenCodes[code] = r.Number
		}
		switch k {
		case Demands:
			d := match.Demand{Code: code, Firm: text[1], USCC: text[2], Title: text[3], Description: text[4], Field: text[5], Industry: text[6],
				Region: text[12], Carrier: text[13], Contact: text[14], Row: r.Number}
			d.BudgetMin, d.BudgetMax = money(7), money(8)
			if d.BudgetMin != nil && d.BudgetMax != nil && d.BudgetMin.GreaterThan(*d.BudgetMax) {
				bad(7, text[7], "预算下限高于上限")
			}
			d.Modes = modes(9)
			d.Deadline = date(10)
			st, ok := statusOf[text[11]]
			if !ok {
				bad(11, text[11], "状态应为征集中、已对接或已关闭")
			}
			d.Status = st
			if d.CreatedOn = date(15); d.CreatedOn == "" {
				d.CreatedOn = today
			}
			out.Demands = append(out.Demands, d)
		default:
			a := match.Achievement{Code: code, Kind: match.KindAchievement, Owner: text[2], Title: text[3], Abstract: text[4], Keywords: text[5], Field: text[6],
				Region: text[13], Carrier: text[14], Contact: text[15], Row: r.Number}
			switch text[1] {
			case "", "科技成果", "成果", match.KindAchievement:
			case "科研能力", "能力", "团队", "设备", "平台", match.KindCapability:
				a.Kind = match.KindCapability
			default:
				bad(1, text[1], "类型应为科技成果或科研能力")
			}
			if s := text[7]; s != "" {
				n, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(s), "TRL"))
				if err != nil || n < 1 || n > 9 {
					bad(7, s, "技术成熟度应为1—9的整数")
				}
				a.TRL = n
			}
			if s := text[8]; s != "" {
				st, ok := match.ParseStage(s)
				if !ok {
					bad(8, s, "成熟阶段应为实验室、中试或产业化")
				}
				a.Stage = st
			}
			for _, p := range strings.FieldsFunc(text[9], func(r rune) bool { return strings.ContainsRune("、，,;； \n", r) }) {
				a.Patents = append(a.Patents, p)
			}
			a.Modes = modes(10)
			a.PriceMin, a.PriceMax = money(11), money(12)
			if a.PriceMin != nil && a.PriceMax != nil && a.PriceMin.GreaterThan(*a.PriceMax) {
				bad(11, text[11], "价格下限高于上限")
			}
			if a.CreatedOn = date(16); a.CreatedOn == "" {
				a.CreatedOn = today
			}
			out.Achievements = append(out.Achievements, a)
		}
		return nil
	})
	if err != nil {
		return out, err
	}
	if index == nil {
		errs = append(errs, Error{File: name, Reason: "文件中没有数据表"})
	}
	if len(errs) > 0 {
		out.Demands, out.Achievements = nil, nil
		return out, errs
	}
	return out, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func firstOr(xs []int) int {
	if len(xs) > 0 {
		return xs[0]
	}
	return 1
}

// ErrNoRecords is returned by Write for an unknown kind.
var ErrNoRecords = errors.New("matchsheet: unknown kind")

func moneyWan(d *decimal.Decimal) any {
	if d == nil {
		return ""
	}
	f, _ := d.Div(decimal.NewFromInt(10000)).Float64()
	if d.Div(decimal.NewFromInt(10000)).Equal(decimal.NewFromFloat(f)) {
		return f
	}
	return d.Div(decimal.NewFromInt(10000)).String()
}

// Write writes records as an xlsx in the template's columns (the file
// imports back unchanged); with no records it is the template, with a 说明
// sheet explaining each column.
func Write(w io.Writer, k Kind, demands []match.Demand, achievements []match.Achievement) error {
	f := excelize.NewFile()
	defer f.Close()
	name := k.Label()
	f.SetSheetName("Sheet1", name)
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	cols := columnsOf(k)
	head := make([]any, len(cols))
	for i, c := range cols {
		head[i] = c.header
	}
	sw.SetColWidth(1, len(cols), 16)
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	row := 2
	put := func(vals []any) error {
		cell, _ := excelize.CoordinatesToCellName(1, row)
		row++
		return sw.SetRow(cell, vals)
	}
	for _, d := range demands {
		if err := put([]any{d.Code, d.Firm, d.USCC, d.Title, d.Description, d.Field, d.Industry, moneyWan(d.BudgetMin), moneyWan(d.BudgetMax),
			match.ModesText(d.Modes), d.Deadline, StatusLabel(d.Status), d.Region, d.Carrier, d.Contact, d.CreatedOn}); err != nil {
			return err
		}
	}
	for _, a := range achievements {
		trl := any("")
		if a.TRL > 0 {
			trl = a.TRL
		}
		if err := put([]any{a.Code, a.KindLabel(), a.Owner, a.Title, a.Abstract, a.Keywords, a.Field, trl, a.Stage.Label(),
			strings.Join(a.Patents, "、"), match.ModesText(a.Modes), moneyWan(a.PriceMin), moneyWan(a.PriceMax), a.Region, a.Carrier, a.Contact, a.CreatedOn}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if len(demands)+len(achievements) == 0 {
		f.NewSheet("说明")
		f.SetSheetRow("说明", "A1", &[]any{"列", "必填", "说明"})
		for i, c := range cols {
			req := ""
			if c.required {
				req = "是"
			}
			note := c.note
			if c.money {
				note = "单位万元，可写小数；不填或“面议”表示未给出（不是0）"
			}
			f.SetSheetRow("说明", fmt.Sprintf("A%d", i+2), &[]any{c.header, req, note})
		}
		f.SetSheetRow("说明", fmt.Sprintf("A%d", len(cols)+3), &[]any{"技术领域可填：" + strings.Join(match.FieldNames(), "、")})
	}
	return f.Write(w)
}
