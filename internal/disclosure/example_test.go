package disclosure_test

import (
	"fmt"

	"github.com/kechuang/kechuang/internal/disclosure"
	"github.com/shopspring/decimal"
)

func firms(prefix string, vals ...int64) disclosure.Cell {
	c := disclosure.Cell{}
	for i, v := range vals {
		c[fmt.Sprintf("%s%d", prefix, i+1)] = decimal.NewFromInt(v)
	}
	return c
}

// R&D spending (万元) by carrier × industry; one firm reports 900 of the
// 1000 in 高新区 × 制造业.
func ExampleProtect() {
	t := disclosure.Table{
		Title:     "研发经费内部支出（万元）",
		RowLabels: []string{"高新区", "工业园区", "白涛街道"},
		ColLabels: []string{"制造业", "信息技术", "科学研究"},
		Cells: [][]disclosure.Cell{
			{firms("a", 900, 50, 50), firms("b", 100, 100, 100), firms("c", 200, 150, 150)},
			{firms("d", 300, 300, 200), firms("e", 80, 60, 60), firms("f", 200, 200, 200)},
			{firms("g", 300, 200, 200), firms("h", 150, 150, 100), firms("i", 400, 300, 200)},
		},
	}
	t.AddTotals(true, true, true)
	p, err := disclosure.Protect(t, disclosure.DefaultConfig())
	if err != nil {
		panic(err)
	}
	for i, row := range p.Cells {
		fmt.Printf("%s", p.RowLabels[i])
		for _, e := range row {
			fmt.Printf("\t%s", e.Display())
		}
		fmt.Printf("\t%s\n", p.RowTotals[i].Display())
	}
	fmt.Print("合计")
	for _, e := range p.ColTotals {
		fmt.Printf("\t%s", e.Display())
	}
	fmt.Printf("\t%s\n", p.GrandTotal.Display())
	fmt.Println(p.Cells[0][0].Reason, p.Cells[0][0].Rule, "/", p.Cells[0][1].Reason)

	// The attacker's best knowledge of the dominated cell.
	fs, _ := disclosure.Attack(p.Redacted())
	for _, f := range fs {
		if f.Row == 0 && f.Col == 0 {
			fmt.Printf("attacker: %s ≤ 高新区×制造业 ≤ %s\n", f.Lower.RatString(), f.Upper.RatString())
		}
	}
	// Output:
	// 高新区	—（保密）	—（保密）	500	1800
	// 工业园区	—（保密）	—（保密）	600	1600
	// 白涛街道	700	400	900	2000
	// 合计	2500	900	2000	5400
	// primary: dominance (1, 85%) / secondary
	// attacker: 800 ≤ 高新区×制造业 ≤ 1300
}
