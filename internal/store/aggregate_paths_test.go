package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// The faster paths of the firms' aggregates equal the reference ones on a
// generated district, on both engines: AggregateReports, AggregateRatio and
// AggregatePeriod equal the streaming aggregation (PostgreSQL's grouped
// queries against it; on SQLite AggregatePeriod's one scan against separate
// ones), CountRecognised's roll-up in Go equals the recursive CTE it
// replaced, and ReportPeriods' index probes equal a DISTINCT over every
// report. The registry has firms in two sibling nodes, memberships that end
// or start within the year, a firm in no node and an expired and a
// duplicated certificate.
func TestFastAggregatesEqualReference(t *testing.T) {
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
		var leaves []string
		for _, n := range ds.Structure.Nodes {
			if n.Kind == model.Industry || n.Kind == model.HighTechZone || n.Code == "huigu-lake" {
				leaves = append(leaves, n.Code)
			}
		}
		data, err := demo.Generate(demo.Options{Firms: 1200, Months: 8, Year: 2023, Seed: 11}, leaves)
		if err != nil {
			t.Fatal(err)
		}
		f := data.Firms
		f[0].Memberships = []model.Membership{{NodeCode: "baitao-fine-chemicals"}, {NodeCode: "baitao-pu-pa"}}
		f[1].Memberships = []model.Membership{{NodeCode: "baitao-pu-pa", To: "2023-03-31"}, {NodeCode: "fl-htz", From: "2023-04-01"}}
		f[2].Memberships = []model.Membership{{NodeCode: "huigu-lake", From: "2023-06-01"}}
		f[3].Memberships = nil
		f[4].Recognitions = []model.Recognition{{Name: model.HighTechEnterprise, Level: "national", Granted: "2020-06-01", ValidUntil: "2023-05-31"}}
		f[5].Recognitions = []model.Recognition{
			{Name: model.HighTechEnterprise, Level: "national", Granted: "2021-03-01", ValidUntil: "2024-02-29", CertificateNo: "A"},
			{Name: model.HighTechEnterprise, Level: "national", Granted: "2022-11-01", ValidUntil: "2025-10-31", CertificateNo: "B"},
		}
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
		// The same firms' 1–2月 and 1–3月 of 2022 (ReportPeriods crosses a year).
		var earlier []model.Report
		for _, r := range data.Reports {
			if r.Month <= 3 {
				r.Year = 2022
				earlier = append(earlier, r)
			}
		}
		if err := s.InsertReports(ctx, sys.ID, id, earlier); err != nil {
			t.Fatal(err)
		}
		pairs := [][2]string{{"rd_expenditure", "operating_revenue"}, {"operating_revenue@" + model.HighTechEnterprise, "operating_revenue"}}
		for _, at := range []struct {
			year, month int
			day         string
		}{{2023, 8, "2023-08-31"}, {2023, 3, "2023-03-31"}, {2022, 3, "2022-03-31"}, {2022, 8, "2022-08-31"}} {
			wantSums, wantRatios, err := s.AggregateStreaming(ctx, sys.ID, at.year, at.month, at.day, pairs)
			if err != nil {
				t.Fatal(err)
			}
			sums, err := s.AggregateReports(ctx, sys.ID, at.year, at.month, at.day)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(sums, wantSums) {
				t.Errorf("%s: AggregateReports differs from the streaming sums", at.day)
			}
			psums, pratios, err := s.AggregatePeriod(ctx, sys.ID, at.year, at.month, at.day, pairs)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(psums, wantSums) {
				t.Errorf("%s: AggregatePeriod's sums differ from the streaming sums", at.day)
			}
			for i, p := range pairs {
				one, err := s.AggregateRatio(ctx, sys.ID, at.year, at.month, at.day, p[0], p[1])
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(one, wantRatios[i]) {
					t.Errorf("%s %s/%s: AggregateRatio %+v, streaming %+v", at.day, p[0], p[1], one, wantRatios[i])
				}
				if !reflect.DeepEqual(pratios[i], wantRatios[i]) {
					t.Errorf("%s %s/%s: AggregatePeriod %+v, streaming %+v", at.day, p[0], p[1], pratios[i], wantRatios[i])
				}
				if at.day != "2022-08-31" && len(wantRatios[i]) < 5 {
					t.Errorf("%s %s/%s: only %d nodes with a ratio", at.day, p[0], p[1], len(wantRatios[i]))
				}
			}
			if at.day != "2022-08-31" && len(wantSums) < 20 {
				t.Errorf("%s: only %d sums", at.day, len(wantSums))
			}
			for _, rec := range []string{model.HighTechEnterprise, model.TechBasedSME} {
				got, err := s.CountRecognised(ctx, sys.ID, rec, at.day)
				if err != nil {
					t.Fatal(err)
				}
				want, err := s.CountRecognisedCTE(ctx, sys.ID, rec, at.day)
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s %s: CountRecognised %v, CTE %v", at.day, rec, got, want)
				}
				if rec == model.HighTechEnterprise && want["fuling"] == 0 {
					t.Errorf("%s: no high-tech enterprises", at.day)
				}
			}
		}
		got, err := s.ReportPeriods(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.ReportPeriodsDistinct(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || len(want) != 9 {
			t.Errorf("ReportPeriods %v, DISTINCT %v", got, want)
		}
		if y, m, ok, err := s.NewestReportPeriod(ctx, sys.ID); err != nil || !ok || y != 2023 || m != 8 {
			t.Errorf("NewestReportPeriod = %d, %d, %v, %v", y, m, ok, err)
		}
		if _, _, ok, err := s.NewestReportPeriod(ctx, sys.ID+1000); err != nil || ok {
			t.Errorf("NewestReportPeriod of a system without reports: %v, %v", ok, err)
		}
	})
}
