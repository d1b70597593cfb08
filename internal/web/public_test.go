package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/disclosure"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/quantity"
	"github.com/kechuang/kechuang/internal/uscc"
)

// The public page's table of firm aggregates is disclosure-controlled: the
// attacker, given everything the page publishes, recovers no suppressed
// value (not exactly, and not within the 10% protection interval), and no
// suppressed value appears on the page.
func TestPublicPageResistsTheAttacker(t *testing.T) {
	w := newWorld(t, "")
	ctx := context.Background()
	v, _ := w.a.View(ctx, "")
	// 高新区: 5 even firms (published); 白涛: firm A plus 1 (2 firms:
	// count rule); 慧谷湖: firm B with 92% of the revenue of 4 firms (dominance).
	type firm struct {
		node    string
		rd, rev string
	}
	var firms []model.Firm
	var reps []model.Report
	add := func(i int, f firm) {
		code := validCode(t, i)
		firms = append(firms, model.Firm{USCC: code, Name: fmt.Sprintf("公开测试企业%02d", i), Memberships: []model.Membership{{NodeCode: f.node}}})
		for ind, val := range map[string]string{"rd_expenditure": f.rd, "operating_revenue": f.rev} {
			x := decimal.RequireFromString(val)
			reps = append(reps, model.Report{USCC: code, Indicator: ind, Year: 2023, Month: 8, Value: &x})
		}
	}
	for i := 0; i < 5; i++ {
		add(i, firm{"fl-htz", "2000000", "50000000"})
	}
	add(5, firm{"baitao", "777777", "7000000"})
	for i := 6; i < 9; i++ {
		add(i, firm{"huigu-lake", "100000", "3000000"})
	}
	id, _ := w.a.Store.StartImport(ctx, v.System.ID, "registry", "t2", "", w.a.Now())
	if _, err := w.a.Store.WriteRegistry(ctx, v.System.ID, id, firms, "2023-01-01"); err != nil {
		t.Fatal(err)
	}
	if err := w.a.Store.InsertReports(ctx, v.System.ID, id, reps); err != nil {
		t.Fatal(err)
	}
	pub, per, err := w.a.PublicTable(ctx, v)
	if err != nil || pub == nil {
		t.Fatalf("public table: %v", err)
	}
	if per.String() != "2023-01..2023-08" {
		t.Errorf("period %s", per)
	}
	findings, err := disclosure.Attack(pub)
	if err != nil {
		t.Fatal(err)
	}
	suppressed := 0
	for _, f := range findings {
		if !f.Suppressed {
			continue
		}
		suppressed++
		if f.Determined() {
			t.Errorf("the attacker recovers cell (%d,%d) exactly", f.Row, f.Col)
		}
	}
	if suppressed < 2 {
		t.Fatalf("%d suppressed cells; want 白涛 (2 firms) and 慧谷湖 (dominated) at least", suppressed)
	}
	// The true values of the carriers: 白涛 R&D = A's 1234567.89 + 777777.
	truth := map[string]decimal.Decimal{"白涛新材料科技城": decimal.RequireFromString("2012344.89"), "慧谷湖科创小镇": decimal.RequireFromString("1534567.89")}
	status, _, body := do(t, w.client(t, auth.Public), http.MethodGet, w.ts.URL+"/public")
	if status != http.StatusOK || !strings.Contains(body, "经统计数据保密处理") || !strings.Contains(body, "—（保密）") {
		t.Fatalf("/public: %d %.500s", status, body)
	}
	for name, val := range truth {
		for _, text := range []string{val.String(), quantity.Format(val, quantity.Yuan, "", 2)} {
			if strings.Contains(body, text) {
				t.Errorf("/public shows %s's suppressed R&D %s", name, text)
			}
		}
	}
	if !strings.Contains(body, "1000万元") { // 高新区 R&D: 5 × 200万元, published
		t.Errorf("/public lacks the 高新区's published R&D 1000万元")
	}
}

// validCode makes the i-th test credit code with a valid check character.
func validCode(t *testing.T, i int) string {
	t.Helper()
	first := fmt.Sprintf("91500102MA7%06dX", i)[:17]
	c, err := uscc.CheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}
