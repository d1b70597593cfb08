package store_test

import (
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

func ledgerIndicators(t *testing.T) map[string]model.Indicator {
	t.Helper()
	b, err := fs.ReadFile(datasets.FS, "catalogue/ledgers.yaml")
	if err != nil {
		t.Fatal(err)
	}
	inds, err := dataset.ParseIndicators("ledgers.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Indicator{}
	for _, i := range inds {
		out[i.Code] = i
	}
	return out
}

// The demo ledgers round-trip through the store on both engines, their
// aggregates sit beside the published figures of the same scope, indicator
// and period, and a record naming an unknown carrier writes nothing.
func TestLedgerRoundTripBesidePublished(t *testing.T) {
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if _, err := s.LoadDataset(ctx, fuling(t)); err != nil {
			t.Fatal(err)
		}
		inds := ledgerIndicators(t)
		var all []model.Indicator
		for _, i := range inds {
			all = append(all, i)
		}
		if err := s.UpsertIndicators(ctx, all); err != nil {
			t.Fatal(err)
		}
		sys, _ := s.System(ctx, "fuling")
		nodes, _ := s.Nodes(ctx, sys.ID)
		books := demo.Ledgers(1, []string{"baitao", "huigu-lake", "fl-htz"})
		asOf := time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC)
		for _, k := range ledger.Kinds {
			var obs []model.Observation
			for _, f := range ledger.Figures(k, books[k], nodes, asOf, []period.Period{period.MustParse("2022-10-01")}) {
				obs = append(obs, model.Observation{Scope: model.Scope{NodeCode: f.Node}, Indicator: inds[f.Indicator], Period: f.Period, Value: f.Value, Status: model.Published})
			}
			id, err := s.StartImport(ctx, sys.ID, k.ImportKind(), "demo", "", nowT)
			if err != nil {
				t.Fatal(err)
			}
			sum, err := s.WriteLedger(ctx, sys.ID, id, k, books[k], model.Source{Code: k.SourceCode(), Title: k.Label()}, obs)
			if err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			if sum.Updated != 0 || sum.Figures != len(obs) {
				t.Errorf("%s: %+v", k, sum)
			}
		}
		got, err := s.LedgerBooks(ctx, sys.ID, ledger.Contracts)
		if err != nil {
			t.Fatal(err)
		}
		var value, tx, ded ledger.Fen
		for _, c := range got.Contracts {
			value, tx, ded = value+c.Value, tx+c.Transaction, ded+c.Deducted()
		}
		if len(got.Contracts) != 51 || value != ledger.Yuan(500_000_000) || tx != ledger.Yuan(70_102_000) || value-ded != tx {
			t.Errorf("contracts read back: %d, %s, %s, deducted %s", len(got.Contracts), value, tx, ded)
		}
		talent, _ := s.LedgerBooks(ctx, sys.ID, ledger.Talent)
		inc, _ := s.LedgerBooks(ctx, sys.ID, ledger.Incubation)
		loans, _ := s.LedgerBooks(ctx, sys.ID, ledger.Loans)
		if len(talent.People) != 380 || len(talent.Teams) != 38 || len(talent.Awards) != 6 || talent.Awards[0].Year != 2022 ||
			len(inc.Carriers) != 18 || len(inc.Firms) != 352 || len(loans.Loans) != 146 {
			t.Errorf("read back: %d people, %d teams, %d awards, %d carriers, %d stays, %d loans",
				len(talent.People), len(talent.Teams), len(talent.Awards), len(inc.Carriers), len(inc.Firms), len(loans.Loans))
		}
		obs, err := s.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Scopes: []string{"fuling"}, Indicator: "ip_value_loan_amount"})
		if err != nil {
			t.Fatal(err)
		}
		sources := map[string]string{}
		for _, o := range obs {
			if o.Period.Equal(period.NewYear(2022)) {
				sources[o.SourceCode] = o.Value.String()
			}
		}
		if sources["article-2022"] != "61000000" || sources["ledger-loans"] != "61000000" {
			t.Errorf("2022 IP-value loans by source: %v", sources)
		}
		// Re-importing one contract updates it; a stay naming no carrier
		// writes nothing (the contract update is rolled back with it).
		c := got.Contracts[0]
		c.Name = "改名"
		sum, err := s.WriteLedger(ctx, sys.ID, 0, ledger.Contracts, ledger.Books{Contracts: []ledger.Contract{c}}, model.Source{Code: "ledger-contracts", Title: "x"}, nil)
		if err != nil || sum.Updated != 1 || sum.Added != 0 {
			t.Errorf("update: %+v %v", sum, err)
		}
		_, err = s.WriteLedger(ctx, sys.ID, 0, ledger.Incubation, ledger.Books{Carriers: inc.Carriers[:1],
			Firms: []ledger.IncubatedFirm{{Carrier: "不存在的载体", Name: "甲", FoundedOn: asOf, EnteredOn: asOf, Row: 7}}}, model.Source{Code: "ledger-incubation", Title: "x"}, nil)
		var ref *store.LedgerRefError
		if !errors.As(err, &ref) || ref.Row != 7 || ref.Value != "不存在的载体" {
			t.Fatalf("unknown carrier: %v", err)
		}
		if n, _ := s.Observations(ctx, store.ObservationFilter{SystemID: sys.ID, Indicator: "incubated_enterprises"}); len(n) < 2 {
			t.Errorf("the rejected write removed the incubation figures: %d left", len(n))
		}
	})
}
