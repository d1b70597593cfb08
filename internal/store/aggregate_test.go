package store_test

import (
	"context"
	"io/fs"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// The SQL aggregation over the structure equals a sum computed here in Go,
// from the generated data alone, on both engines.
func TestAggregationEqualsIndependentSum(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		if _, err := s.LoadDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicators(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		parent := map[string]string{}
		var leaves []string
		for _, n := range ds.Structure.Nodes {
			parent[n.Code] = n.ParentCode
		}
		for _, n := range ds.Structure.Nodes {
			if n.Kind == model.Industry || n.Kind == model.HighTechZone || n.Code == "huigu-lake" {
				leaves = append(leaves, n.Code)
			}
		}
		data, err := demo.Generate(demo.Options{Firms: 300, Months: 8, Year: 2023, Seed: 7}, leaves)
		if err != nil {
			t.Fatal(err)
		}
		// A firm in two industries of Baitao counts once for Baitao.
		data.Firms[0].Memberships = []model.Membership{{NodeCode: "baitao-fine-chemicals"}, {NodeCode: "baitao-pu-pa"}}
		id, err := s.StartImport(ctx, sys.ID, "registry", "demo", "x", nowT)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.WriteRegistry(ctx, sys.ID, id, data.Firms, "2023-01-01"); err != nil {
			t.Fatal(err)
		}
		if err := s.InsertReports(ctx, sys.ID, id, data.Reports); err != nil {
			t.Fatal(err)
		}
		got, err := s.AggregateReports(ctx, sys.ID, 2023, 8, "2023-08-31")
		if err != nil {
			t.Fatal(err)
		}

		// Independent: each firm's nodes and their ancestors, once per node.
		type key struct{ node, ind string }
		type acc struct {
			firms, paired     int
			value, pv, pprior decimal.Decimal
		}
		want := map[key]*acc{}
		nodesOf := map[string]map[string]bool{}
		for _, f := range data.Firms {
			set := map[string]bool{"fuling": true}
			for _, m := range f.Memberships {
				for c := m.NodeCode; c != ""; c = parent[c] {
					set[c] = true
				}
			}
			nodesOf[f.USCC] = set
		}
		for _, r := range data.Reports {
			if r.Month != 8 {
				continue
			}
			for n := range nodesOf[r.USCC] {
				a := want[key{n, r.Indicator}]
				if a == nil {
					a = &acc{}
					want[key{n, r.Indicator}] = a
				}
				a.firms++
				a.value = a.value.Add(*r.Value)
				if r.Prior != nil {
					a.paired++
					a.pv = a.pv.Add(*r.Value)
					a.pprior = a.pprior.Add(*r.Prior)
				}
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d node×indicator sums from SQL, %d computed", len(got), len(want))
		}
		for _, g := range got {
			w := want[key{g.NodeCode, g.Indicator}]
			if w == nil || g.Firms != w.firms || !g.Value.Equal(w.value) || g.PairedFirms != w.paired ||
				!g.PairedValue.Equal(w.pv) || !g.PairedPrior.Equal(w.pprior) {
				t.Errorf("%s/%s: SQL %+v, Go %+v", g.NodeCode, g.Indicator, g, w)
			}
		}
		if w := want[key{"fuling", "rd_expenditure"}]; w.firms != 300 {
			t.Errorf("district R&D firms = %d", w.firms)
		}

		// The high-tech enterprises' share of operating revenue in the district.
		shares, err := s.AggregateRatio(ctx, sys.ID, 2023, 8, "2023-08-31", "operating_revenue@"+model.HighTechEnterprise, "operating_revenue")
		if err != nil {
			t.Fatal(err)
		}
		hte := map[string]bool{}
		for _, f := range data.Firms {
			for _, r := range f.Recognitions {
				if r.Name == model.HighTechEnterprise && r.Granted <= "2023-08-31" && r.ValidUntil >= "2023-08-31" {
					hte[f.USCC] = true
				}
			}
		}
		var part, whole decimal.Decimal
		for _, r := range data.Reports {
			if r.Month == 8 && r.Indicator == "operating_revenue" {
				whole = whole.Add(*r.Value)
				if hte[r.USCC] {
					part = part.Add(*r.Value)
				}
			}
		}
		for _, x := range shares {
			if x.NodeCode == "fuling" && (!x.Num.Equal(part) || !x.Den.Equal(whole) || x.Firms != 300) {
				t.Errorf("district share: SQL %s/%s (%d firms), Go %s/%s", x.Num, x.Den, x.Firms, part, whole)
			}
		}
		if part.IsZero() {
			t.Error("no high-tech revenue in the generated data")
		}

		// High-tech enterprises valid on the last day of August.
		counts, err := s.CountRecognised(ctx, sys.ID, model.HighTechEnterprise, "2023-08-31")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range data.Firms {
			for _, r := range f.Recognitions {
				if r.Name == model.HighTechEnterprise && r.Granted <= "2023-08-31" && r.ValidUntil >= "2023-08-31" {
					n++
				}
			}
		}
		if counts["fuling"] != n || n == 0 {
			t.Errorf("high-tech enterprises on 2023-08-31: SQL %d, Go %d", counts["fuling"], n)
		}
	})
}

var nowT = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func reportIndicators(t *testing.T) []model.Indicator { return reportIndicatorsB(t) }

func reportIndicatorsB(t testing.TB) []model.Indicator {
	t.Helper()
	b, err := fs.ReadFile(datasets.FS, datasets.ReportCatalogue)
	if err != nil {
		t.Fatal(err)
	}
	inds, err := dataset.ParseIndicators(datasets.ReportCatalogue, b)
	if err != nil {
		t.Fatal(err)
	}
	return inds
}
