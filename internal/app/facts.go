package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/kechuang/kechuang/internal/factsheet"
	"github.com/kechuang/kechuang/internal/store"
)

// FactsOutcome is the result of LoadFacts.
type FactsOutcome struct {
	ImportID int64
	Stored   int              // firms whose facts were stored
	Problems factsheet.Errors // every problem of a rejected file
	Notes    []string
}

// ErrFactsRejected is returned by LoadFacts when the file has problems
// (listed in FactsOutcome.Problems) or names a firm not in the registry:
// nothing was written.
var ErrFactsRejected = errors.New("facts file rejected; nothing was written")

// LoadFacts stores the screening facts of a file — the xlsx/CSV template or
// a JSON facts file (docs/screening.md) — as supplied on (YYYY-MM-DD), as an
// import job of kind "facts", all or nothing. name is the file's name as the
// user knows it. The outcome is non-nil once the job exists.
func (a *App) LoadFacts(ctx context.Context, v View, path, name, on string) (*FactsOutcome, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	id, err := a.Store.StartImport(ctx, v.System.ID, "facts", name, hex.EncodeToString(sum[:]), a.Now())
	if err != nil {
		return nil, err
	}
	out := &FactsOutcome{ImportID: id}
	file, err := factsheet.Read(path)
	var bad factsheet.Errors
	switch {
	case errors.As(err, &bad):
		out.Problems = bad
		var rowErrs []store.RowError
		for _, e := range bad {
			rowErrs = append(rowErrs, store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Where(), Value: e.Value, Reason: e.Reason})
		}
		msg := fmt.Sprintf("%d problem(s); nothing written", len(bad))
		if err := a.Store.FinishImport(ctx, id, "rejected", file.Rows, 0, rowErrs, msg, a.Now()); err != nil {
			return out, err
		}
		return out, fmt.Errorf("%w: %d problem(s)", ErrFactsRejected, len(bad))
	case err != nil:
		a.Store.FinishImport(context.WithoutCancel(ctx), id, "failed", 0, 0, nil, err.Error(), a.Now())
		return out, err
	}
	out.Notes = file.Notes
	facts := make([]store.SuppliedFacts, len(file.Firms))
	for i, x := range file.Firms {
		facts[i] = store.SuppliedFacts{USCC: x.USCC, Facts: x.Facts, Row: x.Row}
	}
	if err := a.Store.SupplyFacts(ctx, v.System.ID, id, on, facts); err != nil {
		a.Store.FinishImport(context.WithoutCancel(ctx), id, "rejected", file.Rows, 0, nil, err.Error(), a.Now())
		return out, fmt.Errorf("%w: %v", ErrFactsRejected, err)
	}
	out.Stored = len(facts)
	msg := fmt.Sprintf("补充事实 %d 家（%s报送）", len(facts), on)
	if err := a.Store.FinishImport(ctx, id, "done", file.Rows, len(facts), nil, msg, a.Now()); err != nil {
		return out, err
	}
	a.audit(ctx, "import.facts", "import", fmt.Sprint(id), nil, map[string]any{"file": name, "firms": len(facts), "supplied_on": on}, fmt.Sprintf("import #%d", id))
	return out, nil
}
