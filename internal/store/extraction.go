package store

import (
	"context"
	"database/sql"

	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kechuang/kechuang/internal/model"
)

// Review statuses of an extracted figure.
const (
	FigureExtracted = "extracted" // read from text, not yet reviewed (未确认)
	FigureConfirmed = "confirmed" // confirmed by a person, possibly corrected (已确认)
	FigureRejected  = "rejected"  // rejected by a person (已驳回)
)

// Region is an administrative division (行政区划) named by extracted text.
type Region struct {
	Code   string // 行政区划代码 (GB/T 2260)
	Name   string
	Level  string // province | prefecture | county
	Parent string
}

// ExtractedFigure is one indicator statement read from a text, as stored
// (table extracted_figures). Decimal fields are exact, in base units; nil is
// "not stated".
type ExtractedFigure struct {
	ID            int64
	SourceCode    string
	SourceTitle   string
	Published     string
	Seq           int
	ScopeWritten  string
	ScopeName     string
	ScopeKind     string // node | org | region | project | ""
	NodeCode      string // when the scope is a node of the system
	RegionCode    string // 行政区划代码 when the scope is a region (or the district's root node)
	ScopePart     string // 区本级 …
	Period        string // canonical period code, "annual_capacity", or "" unknown
	PeriodWritten string
	PeriodNote    string
	Indicator     string // as written
	IndicatorKey  string // extraction lexicon key
	IndicatorName string
	IndicatorCode string // catalogue code, "" when the key is not in the catalogue
	Value         *decimal.Decimal
	ValueHigh     *decimal.Decimal
	Parts         string // 6.5:55.8:37.7
	Unit          string // yuan | count | persons | percent (a ratio) | permille | Wh | parts | per100
	ValueWritten  string
	Qualifier     string
	Target        bool
	YoY, CAGR     *decimal.Decimal
	PPChange      *decimal.Decimal
	VsAverage     *decimal.Decimal
	GrowthText    string
	Flags         string
	Note          string
	Quote         string
	QuoteStart    int // byte offsets of Quote in the source's body
	QuoteEnd      int
	Status        string
	Corrected     bool
	ReviewedAt    string
	ReviewNote    string
}

// WriteExtraction stores a text as a source (its body the full text) and
// the figures read from it, all with status extracted, in one transaction;
// the regions the figures name are added to the regions table. A figure's
// node (NodeCode) must be a node of the system; its indicator is linked to
// the catalogue when IndicatorKey is a catalogue code. It returns the
// source's code. A source code already used is an error naming it.
func (s *Store) WriteExtraction(ctx context.Context, systemID int64, src model.Source, regions []Region, figs []ExtractedFigure) error {
	return s.tx(ctx, func(t *txn) error {
		srcID, err := t.insertID(ctx, `INSERT INTO sources (code, title, publisher, published, url, note, body)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, src.Code, src.Title, src.Publisher, src.Published, src.URL, src.Note, src.Body)
		if isUniqueViolation(err) {
			return fmt.Errorf("source %q already exists", src.Code)
		}
		if err != nil {
			return err
		}
		for _, r := range regions {
			if _, err := t.exec(ctx, `INSERT INTO regions (code, name, level, parent_code) VALUES (?, ?, ?, ?)
				ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, parent_code = excluded.parent_code`,
				r.Code, r.Name, r.Level, r.Parent); err != nil {
				return fmt.Errorf("region %s %s: %w", r.Code, r.Name, err)
			}
		}
		nodes, err := t.codeIDs(ctx, `SELECT code, id FROM nodes WHERE system_id = ?`, systemID)
		if err != nil {
			return err
		}
		inds, err := t.codeIDs(ctx, `SELECT code, id FROM indicators`)
		if err != nil {
			return err
		}
		for _, f := range figs {
			var nodeID int64
			if f.NodeCode != "" {
				id, ok := nodes[f.NodeCode]
				if !ok {
					return fmt.Errorf("figure %d: node %q is not in the system", f.Seq, f.NodeCode)
				}
				nodeID = id
			}
			if _, err := t.exec(ctx, `INSERT INTO extracted_figures (system_id, source_id, seq, scope_written, scope_name, scope_kind, node_id, region_code, scope_part,
				period, period_written, period_note, indicator_written, indicator_key, indicator_name, indicator_id,
				value, value_high, parts, unit, value_written, qualifier, target, yoy, cagr, pp_change, vs_average, growth_text, flags, note,
				quote, quote_start, quote_end, status)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				systemID, srcID, f.Seq, f.ScopeWritten, f.ScopeName, f.ScopeKind, nullID(nodeID), nullString(f.RegionCode), f.ScopePart,
				f.Period, f.PeriodWritten, f.PeriodNote, f.Indicator, f.IndicatorKey, f.IndicatorName, nullID(inds[f.IndicatorKey]),
				nullDecimal(f.Value), nullDecimal(f.ValueHigh), f.Parts, f.Unit, f.ValueWritten, f.Qualifier, f.Target,
				nullDecimal(f.YoY), nullDecimal(f.CAGR), nullDecimal(f.PPChange), nullDecimal(f.VsAverage), f.GrowthText, f.Flags, f.Note,
				f.Quote, f.QuoteStart, f.QuoteEnd, FigureExtracted); err != nil {
				return fmt.Errorf("figure %d (%s %s): %w", f.Seq, f.ScopeName, f.IndicatorName, err)
			}
		}
		return nil
	})
}

const figureSelect = `SELECT f.id, src.code, src.title, src.published, f.seq, f.scope_written, f.scope_name, f.scope_kind, COALESCE(n.code, ''), COALESCE(f.region_code, ''), f.scope_part,
	f.period, f.period_written, f.period_note, f.indicator_written, f.indicator_key, f.indicator_name, COALESCE(i.code, ''),
	f.value, f.value_high, f.parts, f.unit, f.value_written, f.qualifier, f.target, f.yoy, f.cagr, f.pp_change, f.vs_average, f.growth_text, f.flags, f.note,
	f.quote, f.quote_start, f.quote_end, f.status, f.corrected, f.reviewed_at, f.review_note
	FROM extracted_figures f
	JOIN sources src ON src.id = f.source_id
	LEFT JOIN nodes n ON n.id = f.node_id
	LEFT JOIN indicators i ON i.id = f.indicator_id`

func scanFigure(rows interface{ Scan(...any) error }) (ExtractedFigure, error) {
	var f ExtractedFigure
	var value, high, yoy, cagr, pp, vs sql.NullString
	err := rows.Scan(&f.ID, &f.SourceCode, &f.SourceTitle, &f.Published, &f.Seq, &f.ScopeWritten, &f.ScopeName, &f.ScopeKind, &f.NodeCode, &f.RegionCode, &f.ScopePart,
		&f.Period, &f.PeriodWritten, &f.PeriodNote, &f.Indicator, &f.IndicatorKey, &f.IndicatorName, &f.IndicatorCode,
		&value, &high, &f.Parts, &f.Unit, &f.ValueWritten, &f.Qualifier, &f.Target, &yoy, &cagr, &pp, &vs, &f.GrowthText, &f.Flags, &f.Note,
		&f.Quote, &f.QuoteStart, &f.QuoteEnd, &f.Status, &f.Corrected, &f.ReviewedAt, &f.ReviewNote)
	if err != nil {
		return f, err
	}
	for _, p := range []struct {
		dst  **decimal.Decimal
		src  sql.NullString
		what string
	}{{&f.Value, value, "value"}, {&f.ValueHigh, high, "value_high"}, {&f.YoY, yoy, "yoy"}, {&f.CAGR, cagr, "cagr"}, {&f.PPChange, pp, "pp_change"}, {&f.VsAverage, vs, "vs_average"}} {
		if *p.dst, err = parseNullDecimal(p.src, p.what); err != nil {
			return f, fmt.Errorf("extracted figure %d: %w", f.ID, err)
		}
	}
	return f, nil
}

func (s *Store) figures(ctx context.Context, where string, args ...any) ([]ExtractedFigure, error) {
	rows, err := s.query(ctx, figureSelect+" WHERE "+where+" ORDER BY src.code, f.seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ExtractedFigure
	for rows.Next() {
		f, err := scanFigure(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// ExtractedFigures returns the figures read from one source, in text order.
func (s *Store) ExtractedFigures(ctx context.Context, sourceCode string) ([]ExtractedFigure, error) {
	return s.figures(ctx, "src.code = ?", sourceCode)
}

// ExtractedFigure returns one figure; ErrNotFound when there is none.
func (s *Store) ExtractedFigure(ctx context.Context, id int64) (ExtractedFigure, error) {
	fs, err := s.figures(ctx, "f.id = ?", id)
	if err != nil {
		return ExtractedFigure{}, err
	}
	if len(fs) == 0 {
		return ExtractedFigure{}, fmt.Errorf("extracted figure %d: %w", id, ErrNotFound)
	}
	return fs[0], nil
}

// ConfirmedFigures returns a system's confirmed figures that have a value
// and a period, for comparing scopes (peer comparison), ordered by source and
// text order.
func (s *Store) ConfirmedFigures(ctx context.Context, systemID int64) ([]ExtractedFigure, error) {
	return s.figures(ctx, "f.system_id = ? AND f.status = ? AND f.value IS NOT NULL AND f.period <> ''", systemID, FigureConfirmed)
}

// Extraction is a text that figures were extracted from, with counts by
// review status.
type Extraction struct {
	SourceCode, Title, Published, Note      string
	Figures, Extracted, Confirmed, Rejected int
}

// Extractions lists the sources that have extracted figures, newest code
// first.
func (s *Store) Extractions(ctx context.Context, systemID int64) ([]Extraction, error) {
	rows, err := s.query(ctx, `SELECT src.code, src.title, src.published, src.note, COUNT(*),
		SUM(CASE WHEN f.status = 'extracted' THEN 1 ELSE 0 END), SUM(CASE WHEN f.status = 'confirmed' THEN 1 ELSE 0 END), SUM(CASE WHEN f.status = 'rejected' THEN 1 ELSE 0 END)
		FROM extracted_figures f JOIN sources src ON src.id = f.source_id WHERE f.system_id = ?
		GROUP BY src.code, src.title, src.published, src.note ORDER BY src.code DESC`, systemID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Extraction
	for rows.Next() {
		var e Extraction
		if err := rows.Scan(&e.SourceCode, &e.Title, &e.Published, &e.Note, &e.Figures, &e.Extracted, &e.Confirmed, &e.Rejected); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Review is a person's decision on an extracted figure. Status is
// FigureConfirmed or FigureRejected; on confirmation, a non-nil Value or a
// non-empty Period replaces the extracted one (a correction, recorded as
// such with the old value in the note).
type Review struct {
	Status string
	Value  *decimal.Decimal
	Period string
	Note   string
	At     time.Time
}

// ReviewFigure records a review. Errors: ErrNotFound for an unknown id; an
// unknown status.
func (s *Store) ReviewFigure(ctx context.Context, id int64, r Review) error {
	if r.Status != FigureConfirmed && r.Status != FigureRejected && r.Status != FigureExtracted {
		return fmt.Errorf("review of figure %d: status %q is not confirmed, rejected or extracted", id, r.Status)
	}
	f, err := s.ExtractedFigure(ctx, id)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(t *txn) error {
		value, period, corrected := f.Value, f.Period, f.Corrected
		var was []string
		if r.Value != nil && (f.Value == nil || !r.Value.Equal(*f.Value)) {
			was = append(was, "原数值 "+decString(f.Value))
			value, corrected = r.Value, true
		}
		if r.Period != "" && r.Period != f.Period {
			was = append(was, "原期间 "+orNone(f.Period))
			period, corrected = r.Period, true
		}
		note := strings.TrimSpace(r.Note)
		if len(was) > 0 {
			note = strings.TrimPrefix(note+"；更正（"+strings.Join(was, "，")+"）", "；")
		}
		res, err := t.exec(ctx, `UPDATE extracted_figures SET status = ?, value = ?, period = ?, corrected = ?, reviewed_at = ?, review_note = ? WHERE id = ?`,
			r.Status, nullDecimal(value), period, corrected, r.At.UTC().Format(time.RFC3339), note, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("extracted figure %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

func decString(d *decimal.Decimal) string {
	if d == nil {
		return "无"
	}
	return d.String()
}

func orNone(s string) string {
	if s == "" {
		return "未知"
	}
	return s
}

// Regions returns the regions extracted text has named, by code.
func (s *Store) Regions(ctx context.Context) (map[string]Region, error) {
	rows, err := s.query(ctx, `SELECT code, name, level, parent_code FROM regions`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]Region{}
	for rows.Next() {
		var r Region
		if err := rows.Scan(&r.Code, &r.Name, &r.Level, &r.Parent); err != nil {
			return nil, err
		}
		out[r.Code] = r
	}
	return out, rows.Err()
}
