package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/sheet"
	"github.com/kechuang/kechuang/internal/store"
)

// LiveRows is the number of rows a running import has read so far, and
// whether it is running in this process.
func (a *App) LiveRows(id int64) (int, bool) {
	v, ok := a.live.Load(id)
	if !ok {
		return 0, false
	}
	return v.(int), true
}

// hasCreditCodes reports whether the file's headings have a 统一社会信用代码
// column (a registry or report); a file without is a table of totals.
func hasCreditCodes(path string) bool {
	found := false
	sheet.Stream(path, func(t *sheet.Table, r *sheet.Row) error {
		for _, c := range t.Columns {
			if strings.Contains(c.Path, "信用代码") {
				found = true
			}
		}
		return errStop
	})
	return found
}

var errStop = errors.New("stop")

// importIndicators stores a table of published totals (汇总表) as
// observations whose source is the file itself.
func (a *App) importIndicators(ctx context.Context, v View, req ImportRequest, sum string, id int64) (*ImportOutcome, error) {
	tables, err := sheet.Open(req.Path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Name, err)
	}
	scope := v.Root()
	if req.Scope != "" {
		if scope, err = v.Resolve(req.Scope); err != nil {
			return nil, err
		}
	}
	all, err := a.Store.Indicators(ctx)
	if err != nil {
		return nil, err
	}
	inds := append([]model.Indicator{}, a.ReportIndicators...)
	codes := make([]string, 0, len(all))
	for c := range all {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		inds = append(inds, all[c])
	}
	figs, errs, notes := importer.ReadIndicatorTables(tables, v.Nodes, inds, scope)
	out := &ImportOutcome{Tables: tables, Result: &importer.Result{Kind: importer.Indicators, Errors: errs, Notes: notes, Bad: map[string]map[int]bool{}}}
	rows := map[string]bool{}
	for _, f := range figs {
		rows[fmt.Sprintf("%s\x00%d", f.Sheet, f.Row)] = true
	}
	for _, e := range errs {
		if out.Result.Bad[e.Sheet] == nil {
			out.Result.Bad[e.Sheet] = map[int]bool{}
		}
		out.Result.Bad[e.Sheet][e.Row] = true
		rows[fmt.Sprintf("%s\x00%d", e.Sheet, e.Row)] = true
	}
	out.Result.Rows = len(rows)
	out.ID = id
	var rowErrs []store.RowError
	for _, e := range errs {
		rowErrs = append(rowErrs, store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Value: e.Value, Reason: e.Reason})
	}
	if len(errs) > 0 && !req.ValidOnly {
		out.Status = "rejected"
		if err := a.Store.FinishImportKind(ctx, out.ID, string(importer.Indicators), out.Status, out.Result.Rows, 0, rowErrs, "rows with errors; nothing written", a.Now()); err != nil {
			return nil, err
		}
		return out, fmt.Errorf("import %d of %s: %d problem(s): %w", out.ID, req.Name, len(errs), ErrRejected)
	}
	src := model.Source{Code: "import-" + sum[:12], Title: req.Name, Publisher: "导入的汇总表", Published: req.AsOf,
		Note: fmt.Sprintf("由 kechuang 导入（导入 #%d，SHA-256 %s）", out.ID, sum)}
	obs := make([]model.Observation, 0, len(figs))
	for _, f := range figs {
		obs = append(obs, model.Observation{Scope: model.Scope{NodeCode: f.Scope.Code, Name: f.Scope.Name}, Indicator: f.Indicator,
			Period: f.Period, Value: f.Value, ValueWritten: f.Written, YoY: f.YoY, PPChange: f.PPChange, Status: model.Published,
			SourceCode: src.Code, Quote: f.Quote, Line: f.Row})
	}
	n, err := a.Store.WriteTableFigures(ctx, v.System.ID, src, obs)
	if err != nil {
		out.Status = "failed"
		a.Store.FinishImportKind(context.WithoutCancel(ctx), out.ID, string(importer.Indicators), out.Status, out.Result.Rows, 0, rowErrs, err.Error(), a.Now())
		return out, fmt.Errorf("import %d of %s: %w; nothing was written", out.ID, req.Name, err)
	}
	out.Status = "done"
	out.Figures = n
	if err := a.Store.FinishImportKind(ctx, out.ID, string(importer.Indicators), out.Status, out.Result.Rows, n, rowErrs, "", a.Now()); err != nil {
		return nil, err
	}
	return out, nil
}

// ImportRequest is one file to import.
type ImportRequest struct {
	Path    string // the file on disk
	Name    string // its name as the user knows it (uploads are saved under another)
	Options importer.Options
	AsOf    string // YYYY-MM-DD the registry describes
	Scope   string // node the totals of an indicator table are about (default: the district)
	// Started, when set, is called with the job's id as soon as it exists;
	// Progress with the rows read so far.
	Started   func(id int64)
	Progress  func(rows int)
	ValidOnly bool // import the good rows even when others have errors
}

// ImportOutcome is what an import did.
type ImportOutcome struct {
	ID       int64
	Result   *importer.Result
	Tables   []*sheet.Table // layout only (headings); rows are not kept
	Registry store.RegistrySummary
	Reports  store.ReportSummary
	Status   string // done | rejected | failed
	Figures  int    // published totals written (indicator tables)
}

// ErrRejected is returned (wrapped) when a file has bad rows and ValidOnly is
// false: the job is recorded with its errors and nothing else is written.
var ErrRejected = fmt.Errorf("rows with errors; nothing was written")

// Import reads, checks and stores a registry or report file as an import
// job: the job and its errors are always recorded; the data is written in
// one transaction, or not at all.
func (a *App) Import(ctx context.Context, v View, req ImportRequest) (*ImportOutcome, error) {
	sum, err := fileSHA256(req.Path)
	if err != nil {
		return nil, err
	}
	kind := string(req.Options.Kind)
	if kind == "" {
		kind = "auto"
	}
	// The job exists from the start, so a watcher sees it running.
	id, err := a.Store.StartImport(ctx, v.System.ID, kind, req.Name, sum, a.Now())
	if err != nil {
		return nil, err
	}
	if req.Started != nil {
		req.Started(id)
	}
	out, err := a.runImport(ctx, v, req, sum, id)
	if out == nil {
		// Unreadable file: the job failed before any row was checked.
		a.Store.FinishImport(context.WithoutCancel(ctx), id, "failed", 0, 0, nil, err.Error(), a.Now())
		return &ImportOutcome{ID: id, Status: "failed", Result: &importer.Result{}}, err
	}
	return out, err
}

func (a *App) runImport(ctx context.Context, v View, req ImportRequest, sum string, id int64) (*ImportOutcome, error) {
	if req.Options.Kind == importer.Indicators || (req.Options.Kind == "" && !hasCreditCodes(req.Path)) {
		return a.importIndicators(ctx, v, req, sum, id)
	}
	opts := req.Options
	// Progress is kept in memory: the import's own transaction holds the
	// (single, with SQLite) write connection until it ends.
	defer a.live.Delete(id)
	opts.Progress = func(rows int) {
		a.live.Store(id, rows)
		if req.Progress != nil {
			req.Progress(rows)
		}
	}
	// Rows are streamed from the file and written in batches inside one
	// transaction: memory stays bounded, and a file with bad rows (without
	// ValidOnly) or a failed write rolls everything back.
	var res *importer.Result
	var tables []*sheet.Table
	regSum, repSum, werr := a.Store.WriteImportStream(ctx, v.System.ID, id, req.AsOf, func(w *store.ImportWriter) error {
		opts.Batch = w.Write
		var err error
		if res, tables, err = importer.ReadFile(req.Path, v.Nodes, a.ReportIndicators, opts); err != nil {
			return err
		}
		if len(res.Errors) > 0 && !req.ValidOnly {
			return ErrRejected
		}
		return nil
	})
	if res == nil {
		return nil, fmt.Errorf("%s: %w", req.Name, werr)
	}
	out := &ImportOutcome{ID: id, Result: res, Tables: tables, Registry: regSum, Reports: repSum}
	var rowErrs []store.RowError
	for _, e := range res.Errors {
		rowErrs = append(rowErrs, store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Value: e.Value, Reason: e.Reason})
	}
	kind := string(res.Kind)
	switch {
	case errors.Is(werr, ErrRejected):
		out.Status = "rejected"
		out.Registry, out.Reports = store.RegistrySummary{}, store.ReportSummary{}
		if err := a.Store.FinishImportKind(ctx, id, kind, out.Status, res.Rows, 0, rowErrs, "rows with errors; nothing written", a.Now()); err != nil {
			return nil, err
		}
		return out, fmt.Errorf("import %d of %s: %d problem(s): %w", id, req.Name, len(res.Errors), ErrRejected)
	case werr != nil:
		out.Status = "failed"
		a.Store.FinishImportKind(context.WithoutCancel(ctx), id, kind, out.Status, res.Rows, 0, rowErrs, werr.Error(), a.Now())
		return out, fmt.Errorf("import %d of %s: %w; nothing was written", id, req.Name, werr)
	}
	out.Status = "done"
	written := out.Registry.Added + out.Registry.Updated + out.Reports.Written
	if err := a.Store.FinishImportKind(ctx, id, kind, out.Status, res.Rows, written, rowErrs, "", a.Now()); err != nil {
		return nil, err
	}
	// Each report value's before and after are its revisions (kechuang
	// history); the log says who imported what.
	a.audit(ctx, "import."+kind, "import", fmt.Sprint(id), nil, map[string]any{"file": req.Name, "rows": res.Rows,
		"firms_added": out.Registry.Added, "firms_updated": out.Registry.Updated, "reports_written": out.Reports.Written,
		"reports_unchanged": out.Reports.Unchanged}, fmt.Sprintf("import #%d", id))
	return out, nil
}

func fileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// KeepUpload copies an uploaded file into dir/imports/<time>/<name> so its
// import can be traced to the exact file, and returns the copy's path.
func KeepUpload(dir string, r io.Reader, name string, now time.Time) (string, error) {
	// One folder per upload keeps the file's own name, which is what the
	// import's messages and error workbook call it.
	d := filepath.Join(dir, "imports", now.Format("20060102-150405.000000"))
	if err := os.MkdirAll(d, 0o750); err != nil {
		return "", err
	}
	p := filepath.Join(d, filepath.Base(name))
	f, err := os.Create(p)
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return "", err
	}
	return p, f.Close()
}
