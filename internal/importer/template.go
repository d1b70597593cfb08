package importer

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/model"
)

// Template returns an empty workbook with the columns an import of kind
// expects, an example-free heading row, and data validation: node names for
// 所属载体/所属方向, 是/否 lists, dates, non-negative numbers. The caller
// closes it.
func Template(kind Kind, nodes []model.Node, inds []model.Indicator) (*excelize.File, error) {
	var heads []string
	switch kind {
	case Registry:
		heads = []string{"统一社会信用代码", "企业名称", "所属载体", "所属方向", "注册日期", "国民经济行业代码", "是否规上", "企业规模", "是否高新技术企业", "认定日期", "证书编号",
			"是否科技型中小企业", "科技型中小企业入库日期", "入库登记编号",
			"是否创新型中小企业", "创新型中小企业认定日期",
			"是否专精特新中小企业", "专精特新认定日期",
			"是否专精特新“小巨人”企业", "小巨人认定日期"}
	case Report:
		heads = []string{"统一社会信用代码", "企业名称", "报告期"}
		for _, ind := range inds {
			unit := ""
			if ind.Unit == "yuan" {
				unit = "（万元）"
			}
			heads = append(heads, ind.NameZh+unit, "上年同期"+ind.NameZh+unit)
		}
	default:
		return nil, fmt.Errorf("no template for %q: registry or report", kind)
	}
	f := excelize.NewFile()
	name := map[Kind]string{Registry: "企业名录", Report: "企业月报"}[kind]
	f.SetSheetName("Sheet1", name)
	for i, h := range heads {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(name, cell, h)
		col, _ := excelize.ColumnNumberToName(i + 1)
		f.SetColWidth(name, col, col, float64(max(12, 2*len([]rune(h))+2)))
	}
	style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#F3E5E5"}}})
	last, _ := excelize.CoordinatesToCellName(len(heads), 1)
	f.SetCellStyle(name, "A1", last, style)
	f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	var carriers, directions []string
	for _, n := range nodes {
		switch n.Kind {
		case model.Direction:
			directions = append(directions, n.Name)
		case model.HighTechZone, model.Carrier, model.Park, model.Industry:
			carriers = append(carriers, n.Name)
		}
	}
	for i, h := range heads {
		col, _ := excelize.ColumnNumberToName(i + 1)
		rng := fmt.Sprintf("%s2:%s100000", col, col)
		dv := excelize.NewDataValidation(true)
		dv.Sqref = rng
		switch {
		case h == "所属载体" && len(carriers) > 0:
			dv.SetDropList(limitList(carriers))
		case h == "所属方向" && len(directions) > 0:
			dv.SetDropList(limitList(directions))
		case strings.HasPrefix(h, "是否"):
			dv.SetDropList([]string{"是", "否"})
		case strings.HasSuffix(h, "日期"):
			dv.SetRange(36526, 73050, excelize.DataValidationTypeDate, excelize.DataValidationOperatorBetween) // 2000-01-01 … 2099-12-31
			dv.SetError(excelize.DataValidationErrorStyleStop, "日期", "请填写2000—2099年之间的日期")
		case i >= 3 && kind == Report:
			dv.SetRange(0, 1e15, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "数值", "请填写不小于0的数值；缺报请留空或填“—”")
		default:
			continue
		}
		if err := f.AddDataValidation(name, dv); err != nil {
			return nil, err
		}
	}
	return f, nil
}

// limitList keeps a drop-down list within Excel's 255-character limit.
func limitList(items []string) []string {
	var out []string
	n := 0
	for _, s := range items {
		if n+len(s)+1 > 255 {
			break
		}
		out = append(out, s)
		n += len(s) + 1
	}
	return out
}
