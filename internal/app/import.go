package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/sheet"
	"github.com/kechuang/kechuang/internal/store"
)

// ImportRequest is one file to import.
type ImportRequest struct {
	Path      string // the file on disk
	Name      string // its name as the user knows it (uploads are saved under another)
	Options   importer.Options
	AsOf      string // YYYY-MM-DD the registry describes
	ValidOnly bool   // import the good rows even when others have errors
}

// ImportOutcome is what an import did.
type ImportOutcome struct {
	ID       int64
	Result   *importer.Result
	Tables   []*sheet.Table // layout only (headings); rows are not kept
	Registry store.RegistrySummary
	Reports  store.ReportSummary
	Status   string // done | rejected | failed
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
	// Rows are streamed from the file; only what they yield is kept.
	res, tables, err := importer.ReadFile(req.Path, v.Nodes, a.ReportIndicators, req.Options)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", req.Name, err)
	}
	out := &ImportOutcome{Result: res, Tables: tables}
	if out.ID, err = a.Store.StartImport(ctx, v.System.ID, string(res.Kind), req.Name, sum, a.Now()); err != nil {
		return nil, err
	}
	var rowErrs []store.RowError
	for _, e := range res.Errors {
		rowErrs = append(rowErrs, store.RowError{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Value: e.Value, Reason: e.Reason})
	}
	if len(res.Errors) > 0 && !req.ValidOnly {
		out.Status = "rejected"
		if err := a.Store.FinishImport(ctx, out.ID, out.Status, res.Rows, 0, rowErrs, "rows with errors; nothing written", a.Now()); err != nil {
			return nil, err
		}
		return out, fmt.Errorf("import %d of %s: %d problem(s): %w", out.ID, req.Name, len(res.Errors), ErrRejected)
	}
	out.Registry, out.Reports, err = a.Store.WriteImport(ctx, v.System.ID, out.ID, res.Firms, res.Reports, req.AsOf)
	if err != nil {
		out.Status = "failed"
		a.Store.FinishImport(ctx, out.ID, out.Status, res.Rows, 0, rowErrs, err.Error(), a.Now())
		return out, fmt.Errorf("import %d of %s: %w; nothing was written", out.ID, req.Name, err)
	}
	out.Status = "done"
	written := out.Registry.Added + out.Registry.Updated + out.Reports.Written
	if err := a.Store.FinishImport(ctx, out.ID, out.Status, res.Rows, written, rowErrs, "", a.Now()); err != nil {
		return nil, err
	}
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

// KeepUpload copies an uploaded file into dir/imports so its import can be
// traced to the exact file, and returns the copy's path.
func KeepUpload(dir string, r io.Reader, name string, now time.Time) (string, error) {
	d := filepath.Join(dir, "imports")
	if err := os.MkdirAll(d, 0o750); err != nil {
		return "", err
	}
	p := filepath.Join(d, now.Format("20060102-150405.000000")+"-"+filepath.Base(name))
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
