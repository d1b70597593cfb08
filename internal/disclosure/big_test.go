package disclosure

import (
	"testing"
	"time"
)

// The benchmark's table, checked by the attacker (simplex on every unknown):
// about a second on an idle machine.
func TestBenchTableProtected(t *testing.T) {
	tb := benchTable()
	start := time.Now()
	p, err := Protect(tb, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	start = time.Now()
	checkProtected(t, tb, DefaultConfig(), p)
	pr, se := p.Counts()
	t.Logf("50×20, 10,000 firms: protect %v (%d primary, %d secondary); attack and cross-check %v", took.Round(time.Millisecond), pr, se, time.Since(start).Round(time.Millisecond))
}
