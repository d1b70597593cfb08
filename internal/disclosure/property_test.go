package disclosure

import (
	"fmt"
	"math/big"
	"math/rand"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// checkProtected attacks p and fails unless every sensitive figure of tb
// (suppressed, or a margin the table does not publish) stays undetermined
// with a feasible interval at least cfg.ProtectionPercent of it wide; it
// also checks the published values are the true ones, the attacker's
// intervals contain the truth, and they equal the flow model's exactly.
func checkProtected(t *testing.T, tb Table, cfg Config, p *Published) {
	t.Helper()
	md, err := build(tb, cfg)
	if err != nil {
		t.Fatal(err)
	}
	check := func(e int, en Entry) {
		switch {
		case md.empty[e]:
			if en.Status != Empty {
				t.Errorf("%s: empty item shown as %+v", md.where(e), en)
			}
		case md.sensitive(e) && en.Status != Suppressed:
			t.Errorf("%s: sensitive item published", md.where(e))
		case en.Status == Shown && !en.Value.Equal(md.val[e]):
			t.Errorf("%s: published %s, is %s", md.where(e), en.Value, md.val[e])
		case en.Status == Suppressed && !en.Value.IsZero():
			t.Errorf("%s: suppressed entry carries its value", md.where(e))
		}
		md.unknown[e] = en.Status == Suppressed
	}
	for i, row := range p.Cells {
		for j, en := range row {
			check(md.id(i, j), en)
		}
	}
	for i, en := range p.RowTotals {
		check(md.id(i, md.n), en)
	}
	for j, en := range p.ColTotals {
		check(md.id(md.m, j), en)
	}
	if p.GrandTotal != nil {
		check(md.id(md.m, md.n), *p.GrandTotal)
	}
	fs, err := Attack(p.Redacted())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fs {
		e := md.id(f.Row, f.Col)
		truth := md.val[e].Rat()
		if (f.Lower != nil && f.Lower.Cmp(truth) > 0) || (f.Upper != nil && f.Upper.Cmp(truth) < 0) {
			t.Errorf("%s: attacker's interval [%v, %v] misses %v", md.where(e), f.Lower, f.Upper, truth)
		}
		if !md.sensitive(e) {
			continue
		}
		if exposed(f, md.val[e].Rat(), md.required(e, cfg).Rat()) {
			t.Errorf("%s (%v, value %s): the attacker gets [%v, %v]\n%s", md.where(e), md.reason[e], md.val[e], f.Lower, f.Upper, pattern(p))
		}
	}
	crossCheck(t, md, fs)
}

// crossCheck: the max-flow intervals of the model equal the attacker's
// LP intervals exactly, for every unknown figure.
func crossCheck(t *testing.T, md *model, fs []Finding) {
	t.Helper()
	N := md.items()
	fu := make([]decimal.Decimal, N)
	fd := make([]decimal.Decimal, N)
	for _, f := range fs {
		e := md.id(f.Row, f.Col)
		for i := range fu {
			fu[i], fd[i] = decimal.Zero, decimal.Zero
		}
		up, down := md.interval(e, infinite, fu, fd)
		var lo, hi *big.Rat
		if !down.inf {
			lo = md.val[e].Sub(down.v).Rat()
		}
		if !up.inf {
			hi = md.val[e].Add(up.v).Rat()
		}
		same := func(a, b *big.Rat) bool { return (a == nil) == (b == nil) && (a == nil || a.Cmp(b) == 0) }
		if !same(lo, f.Lower) || !same(hi, f.Upper) {
			t.Errorf("%s: flow [%v, %v], simplex [%v, %v]", md.where(e), lo, hi, f.Lower, f.Upper)
		}
	}
}

func (md *model) where(e int) string {
	i, j := md.ij(e)
	switch {
	case i == md.m && j == md.n:
		return "grand total"
	case i == md.m:
		return fmt.Sprintf("column %d total", j)
	case j == md.n:
		return fmt.Sprintf("row %d total", i)
	}
	return fmt.Sprintf("cell (%d,%d)", i, j)
}

// randomTable: 1-D and 2-D tables up to 6×6, any margins, cells of 0 to 6
// firms, some dominated, some firms in several cells, values with
// decimals, zeros, and now and then losses.
func randomTable(r *rand.Rand) Table {
	m, n := 1+r.Intn(6), 1+r.Intn(6)
	switch r.Intn(5) {
	case 0:
		n = 1
	case 1:
		m = 1
	}
	neg := r.Intn(12) == 0
	t := Table{Title: "random"}
	for i := 0; i < m; i++ {
		var row []Cell
		for j := 0; j < n; j++ {
			c := Cell{}
			var nf int
			switch x := r.Intn(10); {
			case x == 0:
				nf = 0
			case x < 3:
				nf = 1 + r.Intn(2)
			default:
				nf = 3 + r.Intn(4)
			}
			for k := 0; k < nf; k++ {
				id := fmt.Sprintf("c%d.%d.%d", i, j, k)
				if r.Intn(10) == 0 {
					id = fmt.Sprintf("group%d", r.Intn(4))
				}
				v := decimal.New(int64(1+r.Intn(100000)), -2)
				switch r.Intn(25) {
				case 0:
					v = decimal.Zero
				case 1:
					v = v.Mul(decimal.NewFromInt(40)) // a dominant firm
				}
				if neg && r.Intn(3) == 0 {
					v = v.Neg()
				}
				c[id] = v
			}
			row = append(row, c)
		}
		t.Cells = append(t.Cells, row)
	}
	rows, cols, grand := r.Intn(4) != 0, r.Intn(4) != 0, r.Intn(3) != 0
	if n == 1 {
		rows, cols = false, true
	}
	if m == 1 {
		rows, cols = true, false
	}
	t.AddTotals(rows, cols, grand)
	return t
}

// The attacker fails on every output of Protect, and succeeds on outputs
// with primary suppression only.
func TestAttackerFailsOnProtectedTables(t *testing.T) {
	r := rand.New(rand.NewSource(20240607))
	cfgs := []Config{DefaultConfig(), DefaultConfig(), DefaultConfig()}
	cfgs[1].ProtectionPercent = decimal.NewFromInt(30)
	cfgs[2].MinFirms = 4
	cfgs[2].ProtectionPercent = decimal.Zero
	var tables, withSensitive, broken, primaries, secondaries int
	start := time.Now()
	for it := 0; it < 400; it++ {
		tb := randomTable(r)
		cfg := cfgs[it%len(cfgs)]
		p, err := Protect(tb, cfg)
		if err != nil {
			t.Fatalf("table %d: %v", it, err)
		}
		tables++
		pr, se := p.Counts()
		primaries += pr
		secondaries += se
		checkProtected(t, tb, cfg, p)
		if t.Failed() {
			t.Fatalf("table %d failed (%d×%d)", it, len(tb.Cells), len(tb.Cells[0]))
		}

		// Primary suppression only: the attacker must agree with the flow
		// model and, where a sensitive figure is exposed, find it.
		po, md, err := protect(tb, cfg, false)
		if err != nil {
			t.Fatal(err)
		}
		fs, err := Attack(po.Redacted())
		if err != nil {
			t.Fatal(err)
		}
		crossCheck(t, md, fs)
		sens := false
		broke := false
		for _, f := range fs {
			e := md.id(f.Row, f.Col)
			if !md.sensitive(e) {
				continue
			}
			sens = true
			// Alone among unknowns in its row or column equation: the
			// attacker must recover it exactly, by subtraction.
			if md.aloneInEquation(e) && (!f.Exact || f.Lower.Cmp(md.val[e].Rat()) != 0) {
				t.Errorf("table %d: %s is alone in an equation, attacker got %+v", it, md.where(e), f)
			}
			if exposed(f, md.val[e].Rat(), md.required(e, cfg).Rat()) {
				broke = true
			}
		}
		if sens {
			withSensitive++
		}
		if broke {
			broken++
		}
	}
	t.Logf("%d random tables in %v: %d with sensitive figures; %d primary, %d secondary suppressions; primary suppression alone exposed %d tables to the attacker",
		tables, time.Since(start).Round(time.Millisecond), withSensitive, primaries, secondaries, broken)
	if broken*2 < withSensitive {
		t.Errorf("the attacker broke only %d of %d primary-only tables", broken, withSensitive)
	}
}

// aloneInEquation: e is the only unknown of its grid row or grid column.
func (md *model) aloneInEquation(e int) bool {
	r, c := md.ends(e)
	for _, u := range []int{r, c} {
		alone := true
		for _, x := range md.adj[u] {
			if x != e && md.unknown[x] {
				alone = false
			}
		}
		if alone {
			return true
		}
	}
	return false
}

// exposed: the attacker pins x down exactly, or closer than req above or
// below.
func exposed(f Finding, x, req *big.Rat) bool {
	if f.Determined() {
		return true
	}
	if f.Upper != nil && new(big.Rat).Sub(f.Upper, x).Cmp(req) < 0 {
		return true
	}
	return f.Lower != nil && new(big.Rat).Sub(x, f.Lower).Cmp(req) < 0
}
