package bulletin

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

func TestQualified(t *testing.T) {
	for _, c := range []struct{ q, in, want string }{
		{"", "151户", "151户"},
		{"达到", "151户", "达到151户"},
		{"超过", "300家", "超过300家"},
		{"约", "32平方公里", "约32平方公里"},
		{"以上", "40户", "40户以上"},
		{"余", "10个", "10余个"},
		{"余", "1.5万人", "1.5万余人"},
		{"突破", "1000亿元", "突破1000亿元"},
	} {
		if got := Qualified(c.q, c.in); got != c.want {
			t.Errorf("Qualified(%q, %q) = %q, want %q", c.q, c.in, got, c.want)
		}
	}
}

func obs(scope, name string, unit quantity.Unit, counter, per, value, yoy, q string) model.Observation {
	o := model.Observation{
		Scope:     model.Scope{NodeCode: scope},
		Indicator: model.Indicator{Code: name, NameZh: name, Unit: unit, Counter: counter, Precision: -1},
		Period:    period.MustParse(per), Value: decimal.RequireFromString(value), Qualifier: q,
		SourceCode: "s", SourceTitle: "来源",
	}
	if yoy != "" {
		y := decimal.RequireFromString(yoy)
		o.YoY = &y
	}
	return o
}

func TestBuildSelectsPeriodAndJoinsClauses(t *testing.T) {
	nodes := []model.Node{
		{Code: "d", Name: "某区", Label: "全区", Kind: model.District},
		{Code: "z", ParentCode: "d", Name: "某园区", Kind: model.Park},
		{Code: "x", Name: "别的区", Kind: model.District},
	}
	in := Input{Nodes: nodes, Scope: "d", Period: period.MustParse("2023-01..2023-06"), Observations: []model.Observation{
		obs("d", "研发投入", quantity.Yuan, "", "2023-01..2023-06", "1234500000", "-0.032", ""),
		obs("d", "高新技术企业", quantity.Count, "家", "2023-06-30", "88", "", "达到"),
		obs("d", "孵化器", quantity.Count, "个", "2023-05-31", "3", "", ""),  // another day: left out
		obs("d", "产值", quantity.Yuan, "", "2023H1", "50000000", "0", ""), // same span as 1—6月
		obs("z", "产值", quantity.Yuan, "", "2023-01..2023-06", "7010200", "0.2", ""),
		obs("x", "产值", quantity.Yuan, "", "2023-01..2023-06", "1", "", ""), // outside the scope
		obs("d", "全年产值", quantity.Yuan, "", "2023", "1", "", ""),           // another period
	}}
	b, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Sections) != 2 {
		t.Fatalf("%d sections: %+v", len(b.Sections), b.Sections)
	}
	want := "1—6月，全区研发投入12.345亿元，同比下降3.2%；高新技术企业达到88家，产值5000万元，同比持平。"
	if got := b.Sections[0].Text(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := b.Sections[1].Text(); got != "1—6月，某园区产值701.02万元，同比增长20.0%。" {
		t.Errorf("park: %s", got)
	}
	if _, err := Build(Input{Nodes: nodes, Scope: "nope", Period: in.Period}); err == nil {
		t.Error("unknown scope accepted")
	}
}

func TestLeads(t *testing.T) {
	for code, want := range map[string]string{
		"2022": "2022年", "2022-01..2022-08": "1—8月", "2022Q1-Q3": "前三季度", "2022H1": "上半年",
		"2022-08-31": "截至8月末", "2022-12-31": "截至2022年末", "2022-08-15": "截至8月15日", "2024-02-29": "截至2月末",
	} {
		if got := lead(period.MustParse(code)); got != want {
			t.Errorf("lead(%s) = %q, want %q", code, got, want)
		}
	}
}
