package disclosure

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// cell builds a cell from values written as decimals; firms are named
// prefix1, prefix2, …
func cell(prefix string, vals ...string) Cell {
	c := Cell{}
	for i, v := range vals {
		c[fmt.Sprintf("%s%d", prefix, i+1)] = d(v)
	}
	return c
}

func TestCountRuleBoundary(t *testing.T) {
	cfg := DefaultConfig()
	for _, c := range []struct {
		cell Cell
		want Reason
	}{
		{cell("f", "100", "100", "100"), NoReason}, // 3 firms: published
		{cell("f", "100", "100"), Count},           // 2 firms: suppressed
		{cell("f", "100"), Count},
		{Cell{}, NoReason}, // empty: published as —
		{cell("f", "0", "0"), Count},
		{cell("f", "0", "0", "0"), NoReason},
	} {
		if got, _ := Primary(c.cell, cfg); got != c.want {
			t.Errorf("%v: %v, want %v", c.cell, got, c.want)
		}
	}
	cfg.MinFirms = 5
	if got, _ := Primary(cell("f", "1", "1", "1", "1"), cfg); got != Count {
		t.Errorf("N=5, 4 firms: %v", got)
	}
}

func TestDominanceBoundary(t *testing.T) {
	cfg := DefaultConfig()
	for _, c := range []struct {
		cell Cell
		want Reason
		k    int
	}{
		// (1, 85): exactly 85 % is not more than 85 %.
		{cell("f", "85", "5", "5", "5"), NoReason, 0},
		{cell("f", "85.01", "4.99", "5", "5"), Dominance, 1},
		{cell("f", "0.85", "0.05", "0.05", "0.05"), NoReason, 0},
		// (2, 90): exactly 90 % is not; just above is.
		{cell("f", "50", "40", "5", "5"), NoReason, 0},
		{cell("f", "50", "40.001", "4.999", "5"), Dominance, 2},
		// one firm above 85 % is caught by (1, 85) first.
		{cell("f", "86", "10", "2", "2"), Dominance, 1},
		// many small firms: published.
		{cell("f", "10", "10", "10", "10", "10", "10", "10", "10", "10", "10"), NoReason, 0},
		// negative contributions on absolute values: |−900| dominates
		// Σ|v| = 1000 even though the cell sums to −800.
		{cell("f", "-900", "50", "50"), Dominance, 1},
		{cell("f", "-40", "30", "30", "20"), NoReason, 0},
	} {
		got, rule := Primary(c.cell, cfg)
		if got != c.want || (got == Dominance && rule.K != c.k) {
			t.Errorf("%v: %v %v, want %v k=%d", c.cell, got, rule, c.want, c.k)
		}
	}
	// configurable: (1, 60)
	cfg.Dominance = []DominanceRule{{K: 1, P: d("60")}}
	if got, r := Primary(cell("f", "61", "20", "19"), cfg); got != Dominance || r.P.String() != "60" {
		t.Errorf("(1,60): %v %v", got, r)
	}
	cfg.Dominance = nil
	if got, _ := Primary(cell("f", "99", "1", "0"), cfg); got != NoReason {
		t.Errorf("no dominance rule: %v", got)
	}
}

func TestConfigValidation(t *testing.T) {
	bad := []Config{
		{MinFirms: 0},
		{MinFirms: 3, Dominance: []DominanceRule{{K: 0, P: d("85")}}},
		{MinFirms: 3, Dominance: []DominanceRule{{K: 1, P: d("0")}}},
		{MinFirms: 3, Dominance: []DominanceRule{{K: 1, P: d("100.5")}}},
		{MinFirms: 3, ProtectionPercent: d("-1")},
		{MinFirms: 3, ProtectionPercent: d("100.01")},
	}
	tb := Table{Cells: [][]Cell{{cell("a", "1", "2", "3")}}}
	for _, c := range bad {
		if _, err := Protect(tb, c); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
	if err := DefaultConfig().validate(); err != nil {
		t.Fatal(err)
	}
}

func TestMalformedTables(t *testing.T) {
	cfg := DefaultConfig()
	ok := cell("a", "1", "2", "3")
	g := d("7")
	for name, tb := range map[string]Table{
		"no rows":      {},
		"no columns":   {Cells: [][]Cell{{}}},
		"ragged":       {Cells: [][]Cell{{ok, ok}, {ok}}},
		"row labels":   {RowLabels: []string{"a", "b"}, Cells: [][]Cell{{ok}}},
		"col labels":   {ColLabels: []string{"a", "b"}, Cells: [][]Cell{{ok}}},
		"row totals":   {Cells: [][]Cell{{ok}}, RowTotals: []decimal.Decimal{d("6"), d("6")}},
		"col totals":   {Cells: [][]Cell{{ok}}, ColTotals: []decimal.Decimal{d("6"), d("6")}},
		"wrong row":    {Cells: [][]Cell{{ok}}, RowTotals: []decimal.Decimal{d("6.01")}},
		"wrong column": {Cells: [][]Cell{{ok, ok}}, ColTotals: []decimal.Decimal{d("6"), d("5")}},
		"wrong grand":  {Cells: [][]Cell{{ok}}, GrandTotal: &g},
	} {
		if _, err := Protect(tb, cfg); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.HasPrefix(err.Error(), "disclosure: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDisplay(t *testing.T) {
	if s := (Entry{Status: Shown, Value: d("1234.50")}).Display(); s != "1234.5" {
		t.Errorf("shown: %q", s)
	}
	if s := (Entry{Status: Suppressed, Reason: Secondary}).Display(); s != "—（保密）" {
		t.Errorf("suppressed: %q", s)
	}
	if s := (Entry{Status: Empty}).Display(); s != "—" {
		t.Errorf("empty: %q", s)
	}
}
