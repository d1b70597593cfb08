package disclosure

import (
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// pattern renders the suppression pattern of a published table, one line
// per row: P primary, S secondary, . shown, - empty; the margin after "|".
func pattern(p *Published) string {
	mark := func(e Entry) byte {
		switch {
		case e.Status == Empty:
			return '-'
		case e.Status == Shown:
			return '.'
		case e.Reason == Secondary:
			return 'S'
		}
		return 'P'
	}
	var b strings.Builder
	for i, row := range p.Cells {
		for _, e := range row {
			b.WriteByte(mark(e))
		}
		if p.RowTotals != nil {
			b.WriteByte('|')
			b.WriteByte(mark(p.RowTotals[i]))
		}
		b.WriteByte('\n')
	}
	if p.ColTotals != nil {
		for _, e := range p.ColTotals {
			b.WriteByte(mark(e))
		}
		if p.GrandTotal != nil {
			b.WriteByte('|')
			b.WriteByte(mark(*p.GrandTotal))
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func findingAt(fs []Finding, i, j int) *Finding {
	for k := range fs {
		if fs[k].Row == i && fs[k].Col == j {
			return &fs[k]
		}
	}
	return nil
}

func rat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		panic(s)
	}
	return r
}

// R&D spending (万元) of firms by carrier × industry, every margin
// published. 高新区 × 制造业 is dominated: one firm reports 900 of 1000.
func rdTable() Table {
	t := Table{
		Title:     "研发经费内部支出（万元）",
		RowLabels: []string{"高新区", "工业园区", "白涛街道"},
		ColLabels: []string{"制造业", "信息技术", "科学研究"},
		Cells: [][]Cell{
			{cell("a", "900", "50", "50"), cell("b", "100", "100", "100"), cell("c", "200", "150", "150")},
			{cell("d", "300", "300", "200"), cell("e", "80", "60", "60"), cell("f", "200", "200", "200")},
			{cell("g", "300", "200", "200"), cell("h", "150", "150", "100"), cell("i", "400", "300", "200")},
		},
	}
	t.AddTotals(true, true, true)
	return t
}

func TestRDByCarrierIndustry(t *testing.T) {
	tb := rdTable()
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	// The dominated cell (1000) is protected by the cheapest rectangle:
	// 信息技术 300 in its row, 工业园区 800 in its column and their corner
	// 200 (cost 1300; the other rectangles cost 1400, 1900 and 2100).
	want := "" +
		"PS.|.\n" +
		"SS.|.\n" +
		"...|.\n" +
		"...|.\n"
	if got := pattern(p); got != want {
		t.Fatalf("pattern\n%swant\n%s", got, want)
	}
	if e := p.Cells[0][0]; e.Reason != Dominance || e.Rule.K != 1 || !e.Value.IsZero() || e.Display() != "—（保密）" {
		t.Errorf("dominated cell: %+v", e)
	}
	if p.Cells[0][2].Display() != "500" || p.RowTotals[0].Display() != "1800" || p.GrandTotal.Display() != "5400" {
		t.Errorf("published values: %s %s %s", p.Cells[0][2].Display(), p.RowTotals[0].Display(), p.GrandTotal.Display())
	}
	if pr, se := p.Counts(); pr != 1 || se != 3 {
		t.Errorf("counts %d %d", pr, se)
	}
	fs, err := Attack(p.Redacted())
	if err != nil {
		t.Fatal(err)
	}
	// 1000 can move up by min(300, 800) and down by 200 (the corner):
	// the attacker learns 800 ≤ x ≤ 1300, width 500 ≥ 10 % of 1000.
	f := findingAt(fs, 0, 0)
	if f == nil || f.Determined() || f.Lower.Cmp(rat("800")) != 0 || f.Upper.Cmp(rat("1300")) != 0 {
		t.Fatalf("attack on the dominated cell: %+v", f)
	}
	// With primary suppression only the attacker subtracts.
	po, _, _ := protect(tb, DefaultConfig(), false)
	fs, _ = Attack(po.Redacted())
	if f := findingAt(fs, 0, 0); f == nil || !f.Exact || f.Lower.Cmp(rat("1000")) != 0 {
		t.Fatalf("primary only: %+v", f)
	}
}

// A 1-D table: a column of cells with its total.
func TestOneDimensional(t *testing.T) {
	tb := Table{
		Title:     "高新技术企业营业收入（万元）",
		RowLabels: []string{"珍溪镇", "义和镇", "龙桥街道", "南沱镇", "李渡街道"},
		ColLabels: []string{"营业收入"},
		Cells: [][]Cell{
			{cell("a", "5000", "3000", "2000")},
			{cell("b", "700", "600")}, // 2 firms
			{cell("c", "400", "300", "300", "200")},
			{{}}, // no firm
			{cell("e", "900", "800", "700")},
		},
	}
	tb.AddTotals(false, true, false)
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	// The partner is the smallest non-empty cell (1200), not the empty one.
	if got, want := pattern(p), "."+"\n"+"P\n"+"S\n"+"-\n"+".\n"+".\n"; got != want {
		t.Fatalf("pattern\n%swant\n%s", got, want)
	}
	if p.Cells[3][0].Display() != "—" || p.ColTotals[0].Display() != "14900" {
		t.Errorf("%q %q", p.Cells[3][0].Display(), p.ColTotals[0].Display())
	}
	fs, _ := Attack(p.Redacted())
	// 1300 + 1200 = 2500 is all the attacker gets: [0, 2500].
	if f := findingAt(fs, 1, 0); f == nil || f.Lower.Sign() != 0 || f.Upper.Cmp(rat("2500")) != 0 {
		t.Fatalf("attack: %+v", f)
	}

	// A single row with its total, same rules.
	row := Table{Cells: [][]Cell{{cell("a", "10", "10", "10"), cell("b", "5"), cell("c", "7", "8", "9")}}}
	row.AddTotals(true, false, false)
	p, err = Protect(row, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got := pattern(p); got != "SPS|.\n" && got != "SP.|.\n" && got != ".PS|.\n" {
		t.Fatalf("row pattern %q", got)
	}
	if got := pattern(p); got != ".PS|.\n" {
		t.Errorf("row pattern %q: the cheapest partner is 24 (cheaper than 30)", got)
	}
}

// Totals are subject to the primary rules too.
func TestTotalsPrimary(t *testing.T) {
	// Row 0 has 2 firms in all: its cells and its total are sensitive.
	// Column 1's total is dominated by one firm (9000 of 9300) whose cell
	// is itself dominated.
	tb := Table{Cells: [][]Cell{
		{cell("a", "10"), cell("b", "20")},
		{cell("c", "10", "10", "10"), cell("d", "9000", "100", "100")},
		{cell("e", "20", "20", "20"), cell("f", "30", "30", "40")},
	}}
	tb.AddTotals(true, true, true)
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if e := p.RowTotals[0]; e.Status != Suppressed || e.Reason != Count {
		t.Errorf("row total of 2 firms: %+v", e)
	}
	if e := p.ColTotals[1]; e.Status != Suppressed || e.Reason != Dominance {
		t.Errorf("dominated column total: %+v", e)
	}
	if e := p.GrandTotal; e.Status != Suppressed || e.Reason != Dominance {
		// 9000 of 9330 > 85 %
		t.Errorf("grand total: %+v", e)
	}
	checkProtected(t, tb, DefaultConfig(), p)
}

// The attacker combines equations: in this pattern every row and column
// holding a suppressed cell holds at least two, yet cell (1,2) joins two
// otherwise separate blocks and is the difference of two sums of totals.
func TestAttackCombinedEquations(t *testing.T) {
	vals := [][]int64{
		{5, 6, 1, 1},
		{7, 8, 9, 2},
		{3, 3, 4, 5},
		{2, 2, 6, 7},
	}
	supp := map[[2]int]bool{{0, 0}: true, {0, 1}: true, {1, 0}: true, {1, 1}: true, {1, 2}: true, {2, 2}: true, {2, 3}: true, {3, 2}: true, {3, 3}: true}
	p := &Published{NonNegative: true}
	row := make([]int64, 4)
	col := make([]int64, 4)
	var g int64
	for i, r := range vals {
		var es []Entry
		for j, v := range r {
			row[i] += v
			col[j] += v
			g += v
			if supp[[2]int{i, j}] {
				es = append(es, Entry{Status: Suppressed})
			} else {
				es = append(es, Entry{Status: Shown, Value: decimal.NewFromInt(v)})
			}
		}
		p.Cells = append(p.Cells, es)
	}
	for i := range row {
		p.RowTotals = append(p.RowTotals, Entry{Status: Shown, Value: decimal.NewFromInt(row[i])})
		p.ColTotals = append(p.ColTotals, Entry{Status: Shown, Value: decimal.NewFromInt(col[i])})
	}
	gt := Entry{Status: Shown, Value: decimal.NewFromInt(g)}
	p.GrandTotal = &gt
	fs, err := Attack(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		if !f.Suppressed {
			continue
		}
		want := f.Row == 1 && f.Col == 2
		if f.Exact != want {
			t.Errorf("(%d,%d): exact %v", f.Row, f.Col, f.Exact)
		}
		if want && f.Lower.Cmp(big.NewRat(9, 1)) != 0 {
			t.Errorf("(1,2) recovered as %v, is 9", f.Lower)
		}
	}
}

// The interval attack: a cell in a rectangle whose partners are tiny is
// suppressed but pinned to a narrow range. Protect never leaves that.
func TestIntervalAttack(t *testing.T) {
	tb := Table{Cells: [][]Cell{
		{cell("a", "950", "30", "20"), cell("b", "1", "1", "0.5"), cell("c", "300", "300", "300")},
		{cell("d", "1", "0.5", "0.5"), cell("e", "0.5", "0.3", "0.2"), cell("f", "400", "300", "300")},
		{cell("g", "500", "300", "300"), cell("h", "400", "300", "300"), cell("i", "300", "300", "300")},
	}}
	tb.AddTotals(true, true, true)
	// Naive complementary suppression: the smallest cell in the row (2.5)
	// and in the column (2) of the dominated 1000, and their corner (1).
	po, _, err := protect(tb, DefaultConfig(), false)
	if err != nil {
		t.Fatal(err)
	}
	naive := po.Redacted()
	naive.Cells[0][1] = Entry{Status: Suppressed}
	naive.Cells[1][0] = Entry{Status: Suppressed}
	naive.Cells[1][1] = Entry{Status: Suppressed}
	fs, err := Attack(naive)
	if err != nil {
		t.Fatal(err)
	}
	// Not unique, but 1000 can only go up by min(2.5, 2) and down by the
	// corner's 1: the attacker pins it to [999, 1002].
	f := findingAt(fs, 0, 0)
	if f == nil || f.Exact || f.Lower.Cmp(rat("999")) != 0 || f.Upper.Cmp(rat("1002")) != 0 {
		t.Fatalf("naive: %+v", f)
	}
	// Protect: the interval reaches 10 % of 1000 on both sides.
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	fs, _ = Attack(p.Redacted())
	f = findingAt(fs, 0, 0)
	if f == nil || exposed(*f, rat("1000"), rat("100")) {
		t.Fatalf("protected: %+v\n%s", f, pattern(p))
	}
	// It takes the larger partners 900 (row) and 1100 (column), corner 900.
	if f.Lower.Cmp(rat("100")) != 0 || f.Upper.Cmp(rat("1900")) != 0 || pattern(p) != "P.S|.\n...|.\nS.S|.\n...|.\n" {
		t.Errorf("protected: 1000 in [%v, %v]\n%s", f.Lower, f.Upper, pattern(p))
	}
	checkProtected(t, tb, DefaultConfig(), p)
}

// With negative values (losses) the attacker has no bounds: protection is
// non-uniqueness.
func TestNegativeValues(t *testing.T) {
	tb := Table{Cells: [][]Cell{
		{cell("a", "-900", "50", "50"), cell("b", "100", "-20", "30"), cell("c", "10", "20", "30")},
		{cell("d", "-5", "7", "9"), cell("e", "11", "12", "13"), cell("f", "14", "15", "16")},
	}}
	tb.AddTotals(true, true, true)
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if p.NonNegative {
		t.Fatal("a table with losses is not non-negative")
	}
	if p.Cells[0][0].Reason != Dominance {
		t.Fatalf("%+v", p.Cells[0][0])
	}
	fs, _ := Attack(p.Redacted())
	for _, f := range fs {
		if f.Determined() || f.Lower != nil || f.Upper != nil {
			t.Errorf("(%d,%d): %+v", f.Row, f.Col, f)
		}
	}
	checkProtected(t, tb, DefaultConfig(), p)
}

// The safety net after the flow pass: a determined sensitive item gets a
// neighbour suppressed until the algebraic attacker fails.
func TestVerifySafetyNet(t *testing.T) {
	tb := rdTable()
	cfg := DefaultConfig()
	_, md, err := protect(tb, cfg, false)
	if err != nil {
		t.Fatal(err)
	}
	k, ok := md.firstDetermined()
	if !ok || k != md.id(0, 0) {
		t.Fatalf("primary only: determined %v %v", k, ok)
	}
	e, ok := md.cheapestNeighbour(k)
	if !ok || e != md.id(0, 1) {
		t.Fatalf("cheapest neighbour %v", e)
	}
	if err := md.secondary(cfg); err != nil {
		t.Fatal(err)
	}
	if _, ok := md.firstDetermined(); ok {
		t.Fatal("still determined")
	}
}

// Everything suppressed is always protected; a table whose grand total
// has two firms ends with every non-empty entry suppressed.
func TestWholeTableSensitive(t *testing.T) {
	tb := Table{Cells: [][]Cell{{cell("a", "5"), {}}, {{}, cell("b", "7")}}}
	tb.AddTotals(true, true, true)
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := pattern(p), "P-|P\n-P|P\nPP|P\n"; got != want {
		t.Fatalf("pattern\n%swant\n%s", got, want)
	}
	checkProtected(t, tb, DefaultConfig(), p)
}
