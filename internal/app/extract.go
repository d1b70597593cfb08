package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/kechuang/kechuang/internal/extract"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

// Extraction is the result of ExtractText: the source the text was stored
// as and what was read from it.
type Extraction struct {
	SourceCode string
	Result     extract.Result
}

// ExtractText reads the indicator statements of text (plain or HTML) with
// internal/extract, resolving scopes against the system's nodes and
// organisations and the gazetteer, and stores the text as a new source
// (body = the text the quotes' offsets refer to; title = title or the first
// line) with every statement as an extracted, unconfirmed figure. published
// (YYYY-MM-DD, optional) dates the text when it does not say. It returns
// the source code ("extract-YYYYMMDD-HHMMSS"); an empty text is an error.
func (a *App) ExtractText(ctx context.Context, v View, text, title, published string) (Extraction, error) {
	if strings.TrimSpace(text) == "" {
		return Extraction{}, fmt.Errorf("文本为空")
	}
	orgs, err := a.Store.Organisations(ctx, v.System.ID)
	if err != nil {
		return Extraction{}, err
	}
	res := extract.Extract(text, extract.Options{Known: extract.KnownScopes(v.System, v.Nodes, orgs), Published: published})
	now := a.Now()
	code := "extract-" + now.Format("20060102-150405")
	if title == "" {
		title = res.Title
	}
	if r := []rune(title); len(r) > 80 {
		title = string(r[:80]) + "…"
	}
	src := model.Source{Code: code, Title: title, Published: res.Published, Body: res.Text,
		Note: fmt.Sprintf("文本摘录（%s）：%d条指标陈述，待人工确认", now.Format("2006-01-02 15:04"), len(res.Records))}
	var regions []store.Region
	seen := map[string]bool{}
	var figs []store.ExtractedFigure
	for _, r := range res.Records {
		if r.RegionCode != "" && !seen[r.RegionCode] {
			if g, ok := extract.RegionByCode(r.RegionCode); ok {
				regions = append(regions, store.Region{Code: g.Code, Name: g.Name, Level: g.Level, Parent: g.Parent})
				seen[r.RegionCode] = true
			}
		}
		figs = append(figs, Figure(r))
	}
	// a region only a node stands for (the district root) is still a region
	for i := range figs {
		if figs[i].RegionCode != "" && !seen[figs[i].RegionCode] {
			figs[i].RegionCode = ""
		}
	}
	// two texts extracted within the same second get -2, -3 …
	for n := 1; ; n++ {
		if n > 1 {
			src.Code = fmt.Sprintf("%s-%d", code, n)
		}
		err := a.Store.WriteExtraction(ctx, v.System.ID, src, regions, figs)
		if err == nil {
			return Extraction{SourceCode: src.Code, Result: res}, nil
		}
		if !strings.Contains(err.Error(), "already exists") || n >= 100 {
			return Extraction{}, err
		}
	}
}

// Figure converts an extracted record to its stored form.
func Figure(r extract.Record) store.ExtractedFigure {
	f := store.ExtractedFigure{
		Seq: r.N, ScopeWritten: r.Scope, ScopeName: r.ScopeName, ScopeKind: r.ScopeKind, RegionCode: r.RegionCode, ScopePart: r.ScopePart,
		Period: r.Period, PeriodWritten: r.PeriodWritten, PeriodNote: r.PeriodNote,
		Indicator: r.Indicator, IndicatorKey: r.Key, IndicatorName: r.Name, IndicatorCode: r.Code,
		Value: r.Value, ValueHigh: r.ValueHigh, Unit: r.Unit, ValueWritten: r.ValueWritten, Qualifier: r.Qualifier, Target: r.Target,
		YoY: r.YoY, CAGR: r.CAGR, PPChange: r.PPChange, VsAverage: r.VsAverage, GrowthText: r.GrowthDisplay(),
		Flags: strings.Join(r.Flags, " "), Note: r.Note, Quote: r.Quote, QuoteStart: r.Start, QuoteEnd: r.End,
	}
	if r.ScopeKind == "node" {
		f.NodeCode = r.ScopeCode
	}
	if r.Unit == extract.UnitParts {
		f.Parts = r.Display()
	}
	return f
}
