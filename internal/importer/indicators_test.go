package importer

import (
	"strings"
	"testing"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/sheet"
)

// allIndicators is the order the app uses: firms' report catalogue first,
// then the district's catalogue.
func allIndicators(t *testing.T) ([]model.Node, []model.Indicator, model.Node) {
	t.Helper()
	nodes, report := fulingNodesAndIndicators(t)
	ds, err := dataset.Load(datasets.FS, datasets.Fuling)
	if err != nil {
		t.Fatal(err)
	}
	return nodes, append(report, ds.Indicators...), nodes[0]
}

func figureKey(f TableFigure) string {
	return f.Scope.Code + "/" + f.Indicator.Code + "/" + f.Period.String()
}

// ../shared/cases/import/csv/ytd_indicators_2023_1to8.expected.json
func TestYTDIndicatorTable(t *testing.T) {
	nodes, inds, root := allIndicators(t)
	tables, err := sheet.Open(cases + "csv/ytd_indicators_2023_1to8.csv")
	if err != nil {
		t.Fatal(err)
	}
	figs, errs, notes := ReadIndicatorTables(tables, nodes, inds, root)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := map[string]TableFigure{}
	for _, f := range figs {
		got[figureKey(f)] = f
	}
	type want struct{ value, yoy, pp string }
	for k, w := range map[string]want{
		"fuling/rd_expenditure/2023-01..2023-08":                    {"924000000", "0.588", ""},
		"fuling/rd_expenditure/2023-01..2023-07":                    {"800000000", "", ""},
		"fuling/rd_expenditure/2022-01..2022-08":                    {"581860000", "", ""},
		"fuling/hte_revenue/2023-01..2023-08":                       {"12860000000", "0.156", ""},
		"fuling/tech_contract_turnover/2023-01..2023-08":            {"70102000", "-0.031", ""},
		"fuling/tech_transaction_value/2023-01..2023-08":            {"32560000", "0.104", ""},
		"fuling/total_profit/2023-01..2023-08":                      {"15000000", "", ""},
		"fuling/total_profit/2022-01..2022-08":                      {"-8000000", "", ""},
		"fuling/high_tech_enterprises/2023-08-31":                   {"127", "0.155", ""},
		"fuling/rd_intensity/2023-01..2023-08":                      {"0.024", "", "0.003"},
		"fuling/tech_based_enterprises/2023-08-31":                  {"1003", "", ""},
		"fuling/patent_grants/2023-01..2023-08":                     {"1377", "0.102", ""},
		"fuling/gross_output_above_scale_industry/2023-01..2023-08": {"188890000000", "0.11", ""},
		"fuling/rd_staff/2023-08-31":                                {"4728", "0.247", ""},
		"fuling/new_rd_institutions/2023-08-31":                     {"3", "", ""},
	} {
		f, ok := got[k]
		if !ok {
			t.Errorf("%s missing", k)
			continue
		}
		str := func(d interface{ String() string }, isNil bool) string {
			if isNil {
				return ""
			}
			return d.String()
		}
		if f.Value.String() != w.value || str(f.YoY, f.YoY == nil) != w.yoy || str(f.PPChange, f.PPChange == nil) != w.pp {
			t.Errorf("%s = %s yoy %v pp %v, want %+v", k, f.Value, f.YoY, f.PPChange, w)
		}
	}
	// The stock figures are dated; 1-7月 stocks are at July's end.
	if _, ok := got["fuling/high_tech_enterprises/2023-07-31"]; !ok {
		t.Error("the 1-7月 stock is not dated 2023-07-31")
	}
	// 研发投入's published 58.8% rounds from 92400/58186 − 1 = 58.80%.
	if f := got["fuling/rd_expenditure/2023-01..2023-08"]; f.Recomputed == nil || f.Recomputed.Round(6).String() != "0.588011" || f.Mismatch {
		t.Errorf("recomputed growth: %v mismatch %v", f.Recomputed, f.Mismatch)
	}
	for _, n := range notes {
		if strings.Contains(n, "does not round") {
			t.Errorf("unexpected mismatch note: %s", n)
		}
	}
	if f := got["fuling/tech_transaction_value/2023-01..2023-08"]; f.SubItemOf == "" {
		t.Error("其中：技术交易额 is not marked as a sub-item")
	}
}

// ../shared/cases/import/xlsx/cases.json: merged_header_ytd.xlsx records.
func TestMergedHeaderIndicatorTable(t *testing.T) {
	nodes, inds, root := allIndicators(t)
	tables, err := sheet.Open(cases + "xlsx/merged_header_ytd.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	figs, errs, _ := ReadIndicatorTables(tables, nodes, inds, root)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	got := map[string]TableFigure{}
	for _, f := range figs {
		got[figureKey(f)] = f
	}
	for k, w := range map[string][2]string{
		"fuling/rd_expenditure/2023-01..2023-08":     {"924000000", "0.588"},
		"baitao/rd_expenditure/2023-01..2023-08":     {"452105000", "0.612"},
		"huigu-lake/rd_expenditure/2023-01..2023-08": {"31050000", "-0.031"},
		"baitao/high_tech_enterprises/2023-08-31":    {"42", ""},
		"baitao/tech_based_enterprises/2023-08-31":   {"157", ""},
	} {
		f, ok := got[k]
		yoy := ""
		if ok && f.YoY != nil {
			yoy = f.YoY.String()
		}
		if !ok || f.Value.String() != w[0] || yoy != w[1] {
			t.Errorf("%s = %v (%v), want %v; all: %v", k, f.Value, yoy, w, keys(got))
		}
	}
}

func keys(m map[string]TableFigure) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
