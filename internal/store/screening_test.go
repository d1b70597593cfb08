package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// FirmRecords reads what screening needs on both engines: nodes with their
// ancestors and the root, every recognition, the report values of the
// screening indicators in the right years only, and the latest supplied
// facts; SupplyFacts refuses an unknown firm and writes nothing.
func TestFirmRecordsAndSuppliedFacts(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		if err := s.UpsertIndicators(ctx, reportIndicators(t)); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		id, err := s.StartImport(ctx, sys.ID, "registry", "t", "x", nowT)
		if err != nil {
			t.Fatal(err)
		}
		firms := []model.Firm{
			{USCC: "91500102MA6000001J", Name: "甲", RegisteredOn: "2018-05-06",
				Memberships: []model.Membership{{NodeCode: "baitao-pu-pa"}},
				Recognitions: []model.Recognition{
					{Name: model.HighTechEnterprise, Level: "national", Granted: "2023-11-20", ValidUntil: "2026-11-19", CertificateNo: "GR2023"},
					{Name: model.TechBasedSME, Level: "municipal", Granted: "2026-03-01", ValidUntil: "2027-02-28"},
				}},
			{USCC: "91500102MA6000002M", Name: "乙"},
		}
		if _, err := s.WriteRegistry(ctx, sys.ID, id, firms, "2026-01-01"); err != nil {
			t.Fatal(err)
		}
		d := func(v string) *decimal.Decimal { x := decimal.RequireFromString(v); return &x }
		reports := []model.Report{
			{USCC: "91500102MA6000001J", Indicator: "operating_revenue", Year: 2025, Month: 12, Value: d("30000000.25")},
			{USCC: "91500102MA6000001J", Indicator: "operating_revenue", Year: 2024, Month: 12, Value: d("25000000")},
			{USCC: "91500102MA6000001J", Indicator: "operating_revenue", Year: 2024, Month: 11, Value: d("1")},   // not December of Y-2
			{USCC: "91500102MA6000001J", Indicator: "operating_revenue", Year: 2026, Month: 3, Value: d("2")},    // this year
			{USCC: "91500102MA6000001J", Indicator: "rd_expenditure", Year: 2025, Month: 12, Value: d("900000")}, // never read
			{USCC: "91500102MA6000001J", Indicator: "employees", Year: 2025, Month: 7, Value: d("105")},
		}
		if err := s.InsertReports(ctx, sys.ID, id, reports); err != nil {
			t.Fatal(err)
		}
		if err := s.SupplyFacts(ctx, sys.ID, id, "2026-04-01", []store.SuppliedFacts{{USCC: "91500102MA6000001J", Facts: []byte(`{"high_tech":{"IPClassI":1}}`), Row: 2}}); err != nil {
			t.Fatal(err)
		}
		if err := s.SupplyFacts(ctx, sys.ID, id, "2026-05-10", []store.SuppliedFacts{{USCC: "91500102MA6000001J", Facts: []byte(`{"high_tech":{"IPClassI":2}}`), Row: 2}}); err != nil {
			t.Fatal(err)
		}
		err = s.SupplyFacts(ctx, sys.ID, id, "2026-05-11", []store.SuppliedFacts{
			{USCC: "91500102MA6000002M", Facts: []byte(`{}`), Row: 2},
			{USCC: "91500102MA6000009X", Facts: []byte(`{}`), Row: 3}})
		if err == nil || !strings.Contains(err.Error(), `row 3: 统一社会信用代码 "91500102MA6000009X" is not in the registry`) {
			t.Fatalf("unknown firm: %v", err)
		}
		recs, err := s.FirmRecords(ctx, sys.ID, "2026-06-30", 2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 2 || recs[0].USCC != "91500102MA6000001J" || recs[1].Supplied != nil {
			t.Fatalf("records %+v (the failed supply for 乙 must not be written)", recs)
		}
		a := recs[0]
		if got := strings.Join(a.Nodes, ","); got != "fuling,baitao-pu-pa,baitao,pillar-carrier" {
			t.Errorf("nodes %s", got)
		}
		if a.RegisteredOn != "2018-05-06" || len(a.Recognitions) != 2 || a.Recognitions[0].CertificateNo != "GR2023" {
			t.Errorf("registry part %+v", a)
		}
		var figs []string
		for _, f := range a.Figures {
			figs = append(figs, f.Indicator+"@"+f.Value.String())
		}
		got := strings.Join(figs, " ")
		for _, want := range []string{"operating_revenue@30000000.25", "operating_revenue@25000000", "employees@105"} {
			if !strings.Contains(got, want) {
				t.Errorf("figures %s lack %s", got, want)
			}
		}
		if len(a.Figures) != 3 {
			t.Errorf("figures %s: want exactly 3 (not 1–11月 of Y-2, this year, or R&D)", got)
		}
		if string(a.Supplied) != `{"high_tech":{"IPClassI":2}}` || a.SuppliedOn != "2026-05-10" {
			t.Errorf("supplied %s on %s, want the latest", a.Supplied, a.SuppliedOn)
		}
		v1, err := s.DataVersion(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		s.SupplyFacts(ctx, sys.ID, id, "2026-05-12", []store.SuppliedFacts{{USCC: "91500102MA6000002M", Facts: []byte(`{}`), Row: 2}})
		if v2, _ := s.DataVersion(ctx, sys.ID); v2 == v1 {
			t.Errorf("data version unchanged after a supply: %s", v1)
		}
	})
}
