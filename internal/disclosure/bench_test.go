package disclosure

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/shopspring/decimal"
)

// benchTable: 50 carriers × 20 industries, 10,000 firms placed unevenly
// (some cells empty or with one or two firms), values from 1 to ~10⁴ with
// two decimals, one firm in 40 ten times larger; every margin published.
func benchTable() Table {
	r := rand.New(rand.NewSource(7))
	const m, n, firms = 50, 20, 10000
	t := Table{Title: "bench"}
	t.Cells = make([][]Cell, m)
	for i := range t.Cells {
		t.Cells[i] = make([]Cell, n)
		for j := range t.Cells[i] {
			t.Cells[i][j] = Cell{}
		}
	}
	// Skewed placement: row and column weights ~ 1/(rank+1).
	pick := func(k int) int {
		for {
			x := r.Intn(k)
			if r.Float64() < 1/float64(x/4+1) {
				return x
			}
		}
	}
	for f := 0; f < firms; f++ {
		v := decimal.New(int64(100+r.Intn(1000000)), -2)
		if r.Intn(40) == 0 {
			v = v.Mul(decimal.NewFromInt(10))
		}
		t.Cells[pick(m)][pick(n)][fmt.Sprintf("91500102MA%08d", f)] = v
	}
	t.AddTotals(true, true, true)
	return t
}

func BenchmarkProtect50x20(b *testing.B) {
	tb := benchTable()
	cfg := DefaultConfig()
	var p *Published
	for b.Loop() {
		var err error
		if p, err = Protect(tb, cfg); err != nil {
			b.Fatal(err)
		}
	}
	pr, se := p.Counts()
	b.ReportMetric(float64(pr), "primary")
	b.ReportMetric(float64(se), "secondary")
}
