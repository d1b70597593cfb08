package factsheet

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// DataSheet is the template's sheet of firm rows.
const DataSheet = "企业补充事实"

// header is one template column.
type header struct {
	text    string
	kind    Kind
	unit    string
	paths   string
	meaning string
	feeds   string
}

// headers are the template's columns for screening year (the accounting
// years year−3 … year−1 follow 高新技术产品（服务）收入).
func headers(year int) []header {
	var hs []header
	for _, c := range Columns {
		hs = append(hs, header{c.Header(), c.Kind, c.Unit, strings.Join(c.Paths, "、"), c.Meaning, c.Feeds})
		if c.Name != yearColumnsAfter {
			continue
		}
		for y := year - 3; y < year; y++ {
			for _, it := range YearItems {
				req := "该年度有任一数字时必填"
				if !it.Required {
					req = "可留空"
				}
				hs = append(hs, header{YearHeader(y, it), Amount, "万元", fmt.Sprintf("high_tech.Years[Year=%d].%s", y, it.Field),
					fmt.Sprintf("%d年度：%s（%s）", y, it.Meaning, req), yearFeeds})
			}
		}
	}
	return hs
}

// Template writes the xlsx template for screening year: the sheet
// 企业补充事实 with one header row (Columns, and the 高企 R&D figures of
// the accounting years year−3, year−2 and year−1), 是/否 lists, number and
// date validation, and the sheet 说明 explaining each column: unit, what to
// fill in, the fact it gives and the qualification (and document) it feeds.
func Template(w io.Writer, year int) error {
	hs := headers(year)
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", DataSheet); err != nil {
		return err
	}
	for i, h := range hs {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(DataSheet, cell, h.text); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(DataSheet, col, col, float64(min(40, max(12, 2*len([]rune(h.text))+2))))
	}
	style, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#F3E5E5"}}})
	if err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(len(hs), 1)
	f.SetCellStyle(DataSheet, "A1", last, style)
	f.SetRowHeight(DataSheet, 1, 48)
	// Credit codes are text, never numbers.
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	f.SetColStyle(DataSheet, "A", text)
	f.SetPanes(DataSheet, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: 1, TopLeftCell: "C2", ActivePane: "bottomRight"})
	for i, h := range hs {
		col, _ := excelize.ColumnNumberToName(i + 1)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = fmt.Sprintf("%s2:%s100000", col, col)
		switch h.kind {
		case YesNo:
			dv.SetDropList([]string{"是", "否"})
		case Date:
			dv.SetRange(36526, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween) // 2000-01-01 … 2099-12-31
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期", "请填写2000—2099年之间的日期")
		case Count:
			dv.SetRange(0, 1e9, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "整数", "请填写不小于0的整数；不掌握请留空")
		case Number:
			dv.SetRange(0, 1e9, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "数值", "请填写不小于0的数值；不掌握请留空")
		case Ratio:
			dv.SetRange(0, 10000, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "百分数", "请按百分数填写，如 35 表示 35%；不掌握请留空")
		case Amount:
			if strings.Contains(h.text, "净资产") {
				continue // may be negative
			}
			dv.SetRange(0, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "金额", "请填写不小于0的金额（单位见列名）；不掌握请留空")
		default:
			continue
		}
		if err := f.AddDataValidation(DataSheet, dv); err != nil {
			return err
		}
	}

	// 说明: one row per column.
	if _, err := f.NewSheet(NotesSheet); err != nil {
		return err
	}
	intro := []string{
		"企业补充事实模板：每家企业一行，按列名填写；不掌握的事实请留空（留空即“未提供”，不按0处理）。",
		"金额单位见列名（万元），可在单元格内写明单位（如“1.2亿”）；百分数列填 35 或 35% 均表示 35%；是/否列填“是”或“否”。",
		fmt.Sprintf("“YYYY年…”各列为%d年申报高新技术企业所需的前三个会计年度（%d—%d年）研发费用明细：某年度填写任一数字时，该年度销售收入及四项研发费用均须填写。", year, year-3, year-1),
		"导入：kechuang facts load 文件.xlsx [--on 报送日期]。文件中有任何错误则整份不写入，并逐条列出行、列和数值；每次导入的事实整体替换该企业此前补充的事实。",
		"序号、备注列可保留，导入时忽略。统一社会信用代码须已在企业名录中。",
	}
	for i, s := range intro {
		f.SetCellValue(NotesSheet, fmt.Sprintf("A%d", i+1), s)
	}
	top := len(intro) + 2
	cols := []string{"列名", "单位", "填写说明", "对应事实（JSON）", "用于（资格及依据）"}
	for i, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(i+1, top)
		f.SetCellValue(NotesSheet, cell, c)
	}
	hc, _ := excelize.CoordinatesToCellName(len(cols), top)
	f.SetCellStyle(NotesSheet, fmt.Sprintf("A%d", top), hc, style)
	wrap, err := f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return err
	}
	for i, h := range hs {
		unit := h.unit
		switch {
		case h.kind == YesNo:
			unit = "是/否"
		case h.kind == Date:
			unit = "日期"
		case unit == "" && h.kind == Count:
			unit = "分"
		}
		paths := h.paths
		if paths == "" {
			paths = "—"
		}
		for j, v := range []string{h.text, unit, h.meaning, paths, h.feeds} {
			cell, _ := excelize.CoordinatesToCellName(j+1, top+1+i)
			f.SetCellValue(NotesSheet, cell, v)
		}
	}
	end, _ := excelize.CoordinatesToCellName(len(cols), top+len(hs))
	f.SetCellStyle(NotesSheet, fmt.Sprintf("A%d", top+1), end, wrap)
	for col, w := range map[string]float64{"A": 34, "B": 8, "C": 60, "D": 36, "E": 48} {
		f.SetColWidth(NotesSheet, col, col, w)
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}
