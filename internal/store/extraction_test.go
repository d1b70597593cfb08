package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/extract"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// TestExtractionReviewAndPeers stores the figures read from the Chongqing
// R&D item (shared case 07), reviews them (one confirmed as read, one
// corrected, none left) and reads the confirmed ones back for comparison.
func TestExtractionReviewAndPeers(t *testing.T) {
	text, err := os.ReadFile("../extract/testdata/cases/07-chongqing-2022-rd-intensity-no-percent-sign.txt")
	if err != nil {
		t.Fatal(err)
	}
	openEach(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		ds := fuling(t)
		if _, err := s.LoadDataset(ctx, ds); err != nil {
			t.Fatal(err)
		}
		sys, err := s.System(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		res := extract.Extract(string(text), extract.Options{Known: extract.KnownScopes(sys, ds.Structure.Nodes, ds.Organisations)})
		var figs []store.ExtractedFigure
		for _, r := range res.Records {
			figs = append(figs, store.ExtractedFigure{Seq: r.N, ScopeName: r.ScopeName, ScopeKind: r.ScopeKind, RegionCode: r.RegionCode,
				Period: r.Period, IndicatorKey: r.Key, IndicatorName: r.Name, Value: r.Value, Unit: r.Unit, ValueWritten: r.ValueWritten,
				YoY: r.YoY, PPChange: r.PPChange, VsAverage: r.VsAverage, Quote: r.Quote, QuoteStart: r.Start, QuoteEnd: r.End, Flags: "missing_percent_sign"})
		}
		src := model.Source{Code: "extract-test", Title: "重庆市2022年R&D经费投入强度", Published: res.Published, Body: res.Text}
		regions := []store.Region{{Code: "500000", Name: "重庆市", Level: "province"}}
		if err := s.WriteExtraction(ctx, sys.ID, src, regions, figs); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteExtraction(ctx, sys.ID, src, regions, figs); err == nil {
			t.Error("the same source code twice was accepted")
		}
		got, err := s.ExtractedFigures(ctx, "extract-test")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Status != store.FigureExtracted || got[0].IndicatorCode != "rd_intensity" || got[0].Value.String() != "0.0236" ||
			got[0].PPChange.String() != "0.002" || got[0].RegionCode != "500000" || got[1].Value.String() != "68660000000" || got[1].YoY.String() != "0.137" {
			t.Fatalf("stored figures: %+v", got)
		}
		if body := string(text); body[got[0].QuoteStart:got[0].QuoteEnd] != got[0].Quote {
			t.Errorf("quote offsets %d..%d do not give %q", got[0].QuoteStart, got[0].QuoteEnd, got[0].Quote)
		}
		if c, _ := s.ConfirmedFigures(ctx, sys.ID); len(c) != 0 {
			t.Errorf("unconfirmed figures counted as confirmed: %d", len(c))
		}
		at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		if err := s.ReviewFigure(ctx, got[0].ID, store.Review{Status: store.FigureConfirmed, At: at}); err != nil {
			t.Fatal(err)
		}
		fixed := decimal.RequireFromString("68670000000")
		if err := s.ReviewFigure(ctx, got[1].ID, store.Review{Status: store.FigureConfirmed, Value: &fixed, Note: "核对原公报", At: at}); err != nil {
			t.Fatal(err)
		}
		if err := s.ReviewFigure(ctx, got[1].ID+1000, store.Review{Status: store.FigureConfirmed, At: at}); err == nil {
			t.Error("review of an unknown figure accepted")
		}
		conf, err := s.ConfirmedFigures(ctx, sys.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(conf) != 2 || conf[1].Value.String() != "68670000000" || !conf[1].Corrected || conf[1].ReviewNote != "核对原公报；更正（原数值 68660000000）" || conf[0].Corrected {
			t.Fatalf("confirmed: %+v", conf)
		}
		list, err := s.Extractions(ctx, sys.ID)
		if err != nil || len(list) != 1 || list[0].Confirmed != 2 || list[0].Extracted != 0 {
			t.Fatalf("extractions: %+v %v", list, err)
		}
		regs, err := s.Regions(ctx)
		if err != nil || regs["500000"].Name != "重庆市" {
			t.Fatalf("regions: %+v %v", regs, err)
		}
	})
}
