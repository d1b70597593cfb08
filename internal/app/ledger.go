package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// LedgerCatalogue is the built-in catalogue of the ledger indicators.
const LedgerCatalogue = "catalogue/ledgers.yaml"

// LedgerIndicators returns the ledger indicators (datasets/catalogue/ledgers.yaml).
func LedgerIndicators() ([]model.Indicator, error) {
	b, err := fs.ReadFile(datasets.FS, LedgerCatalogue)
	if err != nil {
		return nil, err
	}
	return dataset.ParseIndicators(LedgerCatalogue, b)
}

// LedgerOutcome is what a ledger import or entry did.
type LedgerOutcome struct {
	ImportID int64
	Status   string // done | rejected | failed
	Rows     int
	Summary  store.LedgerSummary
	Errors   ledger.Errors
	Notes    []string
}

// ErrLedgerRejected is returned (wrapped) when a ledger file or form has
// problems (LedgerOutcome.Errors): nothing was written.
var ErrLedgerRejected = errors.New("ledger rows with errors; nothing was written")

// ledgerOptions are the reading options of the system: its nodes and the
// names of the district.
func ledgerOptions(v View) ledger.Options {
	root := v.Root()
	names := []string{root.Name, root.FullName, root.Label, v.System.RegionName}
	names = append(names, root.Aliases...)
	return ledger.Options{Nodes: v.Nodes, District: slices.DeleteFunc(names, func(s string) bool { return s == "" })}
}

// ImportLedger reads a ledger file (xlsx/CSV, see docs/ledgers.md) as an
// import job of kind "ledger-<k>": every row checked, and either every
// record stored and the ledger's aggregates recomputed, in one transaction,
// or — on any problem — nothing written and every problem recorded with
// file, sheet, row, column and value. name is the file's name as the user
// knows it. The outcome is non-nil once the job exists.
func (a *App) ImportLedger(ctx context.Context, v View, k ledger.Kind, path, name string) (*LedgerOutcome, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	id, err := a.Store.StartImport(ctx, v.System.ID, k.ImportKind(), name, hex.EncodeToString(sum[:]), a.Now())
	if err != nil {
		return nil, err
	}
	out := &LedgerOutcome{ImportID: id}
	f, err := ledger.Read(path, k, ledgerOptions(v))
	if err != nil {
		out.Status = "failed"
		a.Store.FinishImport(context.WithoutCancel(ctx), id, out.Status, 0, 0, nil, err.Error(), a.Now())
		return out, err
	}
	for i := range f.Errors {
		f.Errors[i].File = name
	}
	return out, a.storeLedger(ctx, v, k, f, out)
}

// AddLedgerRecord stores one record entered by hand in the form of layout
// schema (ledger.SchemaNamed: 技术合同, 贷款, 孵化载体, 在孵企业, 人才团队,
// 人才, 人才计划入选), with the same checks as a file row, as an import job
// named 手工录入; the ledger's aggregates are recomputed.
func (a *App) AddLedgerRecord(ctx context.Context, v View, schema string, values map[string]string) (*LedgerOutcome, error) {
	s, ok := ledger.SchemaNamed(schema)
	if !ok {
		return nil, fmt.Errorf("no ledger layout %q", schema)
	}
	id, err := a.Store.StartImport(ctx, v.System.ID, s.Ledger.ImportKind(), "手工录入："+s.Name, "", a.Now())
	if err != nil {
		return nil, err
	}
	out := &LedgerOutcome{ImportID: id}
	f, _ := ledger.FromForm(s, values, ledgerOptions(v))
	return out, a.storeLedger(ctx, v, s.Ledger, f, out)
}

func toRowErrors(es ledger.Errors) []store.RowError {
	out := make([]store.RowError, len(es))
	for i, e := range es {
		out[i] = store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Value: e.Value, Reason: e.Reason}
	}
	return out
}

func (a *App) storeLedger(ctx context.Context, v View, k ledger.Kind, f *ledger.File, out *LedgerOutcome) error {
	out.Rows, out.Notes = f.Rows, f.Notes
	if len(f.Errors) > 0 {
		out.Status, out.Errors = "rejected", f.Errors
		if err := a.Store.FinishImport(ctx, out.ImportID, out.Status, f.Rows, 0, toRowErrors(f.Errors), fmt.Sprintf("%d problem(s); nothing written", len(f.Errors)), a.Now()); err != nil {
			return err
		}
		return fmt.Errorf("%w: %d problem(s)", ErrLedgerRejected, len(f.Errors))
	}
	inds, err := LedgerIndicators()
	if err != nil {
		return err
	}
	if err := a.Store.UpsertIndicators(ctx, inds); err != nil {
		return err
	}
	have, err := a.Store.LedgerBooks(ctx, v.System.ID, k)
	if err != nil {
		return err
	}
	merged := Merge(have, f.Books)
	obs, err := a.ledgerObservations(ctx, v, k, merged, inds)
	if err != nil {
		return err
	}
	out.Summary, err = a.Store.WriteLedger(ctx, v.System.ID, out.ImportID, k, f.Books, ledgerSource(k, a.Now()), obs)
	var ref *store.LedgerRefError
	switch {
	case errors.As(err, &ref):
		out.Status = "rejected"
		out.Errors = ledger.Errors{{Sheet: ref.Sheet, Row: ref.Row, Column: ref.Column, Value: ref.Value, Reason: ref.Reason}}
		a.Store.FinishImport(context.WithoutCancel(ctx), out.ImportID, out.Status, f.Rows, 0, toRowErrors(out.Errors), "a record names one the ledger does not hold; nothing written", a.Now())
		return fmt.Errorf("%w: %v", ErrLedgerRejected, ref)
	case err != nil:
		out.Status = "failed"
		a.Store.FinishImport(context.WithoutCancel(ctx), out.ImportID, out.Status, f.Rows, 0, nil, err.Error(), a.Now())
		return fmt.Errorf("%s: %w; nothing was written", k.Label(), err)
	}
	out.Status = "done"
	msg := fmt.Sprintf("%s：新增%d条，更新%d条；台账汇总%d个数", k.Label(), out.Summary.Added, out.Summary.Updated, out.Summary.Figures)
	return a.Store.FinishImport(ctx, out.ImportID, out.Status, f.Rows, out.Summary.Added+out.Summary.Updated, nil, msg, a.Now())
}

func ledgerSource(k ledger.Kind, now time.Time) model.Source {
	return model.Source{Code: k.SourceCode(), Title: k.Label() + "（按台账记录汇总）", Publisher: "kechuang 台账汇总",
		Published: now.Format(time.DateOnly),
		Note:      "由 kechuang 从" + k.Label() + "的逐条记录计算，每次导入或录入后重算；与公布数并列，不替代公布数。口径见 docs/ledgers.md。"}
}

// RecomputeLedger recomputes a ledger's aggregates as of today (month ends
// pass without an import) and returns how many figures it wrote.
func (a *App) RecomputeLedger(ctx context.Context, v View, k ledger.Kind) (int, error) {
	inds, err := LedgerIndicators()
	if err != nil {
		return 0, err
	}
	if err := a.Store.UpsertIndicators(ctx, inds); err != nil {
		return 0, err
	}
	b, err := a.Store.LedgerBooks(ctx, v.System.ID, k)
	if err != nil {
		return 0, err
	}
	obs, err := a.ledgerObservations(ctx, v, k, b, inds)
	if err != nil {
		return 0, err
	}
	return a.Store.ReplaceLedgerFigures(ctx, v.System.ID, k, ledgerSource(k, a.Now()), obs)
}

// LedgerBooks returns a ledger's stored records.
func (a *App) LedgerBooks(ctx context.Context, v View, k ledger.Kind) (ledger.Books, error) {
	return a.Store.LedgerBooks(ctx, v.System.ID, k)
}

// ledgerObservations turns a ledger's aggregates into observations (see
// ledger.Figures), with the spans and days of the published figures of the
// same indicators, so each published figure has its ledger counterpart.
func (a *App) ledgerObservations(ctx context.Context, v View, k ledger.Kind, b ledger.Books, inds []model.Indicator) ([]model.Observation, error) {
	byCode := map[string]model.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
	}
	pub, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID})
	if err != nil {
		return nil, err
	}
	var extra []period.Period // the spans and days of the published figures of the same indicators
	for _, o := range pub {
		if _, ok := byCode[o.Indicator.Code]; ok && !IsLedgerFigure(o) {
			extra = append(extra, o.Period)
		}
	}
	now := a.Now()
	asOf := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	figs := ledger.Figures(k, b, v.Nodes, asOf, extra)
	out := make([]model.Observation, 0, len(figs))
	for _, f := range figs {
		ind, ok := byCode[f.Indicator]
		if !ok {
			return nil, fmt.Errorf("ledger indicator %s is not in %s", f.Indicator, LedgerCatalogue)
		}
		n, _ := v.Node(f.Node)
		out = append(out, model.Observation{Scope: model.Scope{NodeCode: f.Node, Name: n.Name}, Indicator: ind, Period: f.Period, Value: f.Value,
			Status: model.Published, Note: fmt.Sprintf("按%s记录计算（%s重算）", k.Label(), asOf.Format("2006年1月2日"))})
	}
	return out, nil
}

// IsLedgerFigure reports whether an observation is a ledger aggregate
// (its source is a ledger), not a published figure.
func IsLedgerFigure(o model.Observation) bool {
	for _, k := range ledger.Kinds {
		if o.SourceCode == k.SourceCode() {
			return true
		}
	}
	return false
}

// Merge returns the stored records with the new ones in place of those of
// the same key (contract 登记编号, loan 借款合同编号, carrier name, stay
// (carrier, firm, 入孵日期), team name, identity number, award), then the new
// ones added: the ledger as it will be after the write.
func Merge(have, add ledger.Books) ledger.Books {
	out := ledger.Books{}
	out.Contracts = mergeBy(have.Contracts, add.Contracts, func(c ledger.Contract) string { return c.RegNo })
	out.Loans = mergeBy(have.Loans, add.Loans, func(l ledger.Loan) string { return l.LoanNo })
	out.Carriers = mergeBy(have.Carriers, add.Carriers, func(c ledger.Carrier) string { return c.Name })
	out.Firms = mergeBy(have.Firms, add.Firms, func(f ledger.IncubatedFirm) string {
		return f.Carrier + "\x00" + f.Name + "\x00" + ledger.Day(f.EnteredOn)
	})
	out.Teams = mergeBy(have.Teams, add.Teams, func(t ledger.Team) string { return t.Name })
	out.People = mergeBy(have.People, add.People, func(p ledger.Person) string { return p.IDNumber })
	out.Awards = mergeBy(have.Awards, add.Awards, func(w ledger.Award) string {
		return fmt.Sprintf("%s\x00%s\x00%d\x00%s\x00%s", w.Programme, w.Category, w.Year, w.PersonID, w.Team)
	})
	return out
}

func mergeBy[T any](have, add []T, key func(T) string) []T {
	idx := map[string]int{}
	out := append([]T{}, have...)
	for i, x := range out {
		idx[key(x)] = i
	}
	for _, x := range add {
		if i, ok := idx[key(x)]; ok {
			out[i] = x
			continue
		}
		idx[key(x)] = len(out)
		out = append(out, x)
	}
	return out
}

// LoadLedgerBooks stores records built in code (the demo ledgers) as an
// import job named name, with the same checks, all or nothing.
func (a *App) LoadLedgerBooks(ctx context.Context, v View, k ledger.Kind, b ledger.Books, name string) (*LedgerOutcome, error) {
	id, err := a.Store.StartImport(ctx, v.System.ID, k.ImportKind(), name, "", a.Now())
	if err != nil {
		return nil, err
	}
	out := &LedgerOutcome{ImportID: id}
	f := &ledger.File{Books: b}
	check := func(row int, ps []ledger.Problem) {
		for _, p := range ps {
			f.Errors = append(f.Errors, ledger.RowError{File: name, Row: row, Column: p.Field, Value: p.Value, Reason: p.Reason})
		}
	}
	for i, c := range b.Contracts {
		check(i+1, c.Validate())
	}
	for i, l := range b.Loans {
		check(i+1, l.Validate())
	}
	for i, c := range b.Carriers {
		check(i+1, c.Validate())
	}
	for i, x := range b.Firms {
		check(i+1, x.Validate())
	}
	for i, x := range b.Teams {
		check(i+1, x.Validate())
	}
	for i, x := range b.People {
		check(i+1, x.Validate())
	}
	for i, x := range b.Awards {
		check(i+1, x.Validate())
	}
	f.Rows = len(b.Contracts) + len(b.Loans) + len(b.Carriers) + len(b.Firms) + len(b.Teams) + len(b.People) + len(b.Awards)
	return out, a.storeLedger(ctx, v, k, f, out)
}

// LedgerFigure returns the ledger aggregate stored for the district (or
// node) and period: its value, or false when there is none.
func (a *App) LedgerFigure(ctx context.Context, v View, node, indicator string, p period.Period) (model.Observation, bool, error) {
	obs, err := a.Store.Observations(ctx, store.ObservationFilter{SystemID: v.System.ID, Scopes: []string{node}, Indicator: indicator})
	if err != nil {
		return model.Observation{}, false, err
	}
	for _, o := range obs {
		if IsLedgerFigure(o) && (o.Period.Kind == period.Date) == (p.Kind == period.Date) && o.Period.Start().Equal(p.Start()) && o.Period.End().Equal(p.End()) {
			return o, true, nil
		}
	}
	return model.Observation{}, false, nil
}
