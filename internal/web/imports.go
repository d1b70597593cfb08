package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/factsheet"
	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// maxUpload bounds an uploaded file (a 200,000-row workbook is ~15 MB).
const maxUpload = 64 << 20

func (s *Server) importsPage(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	jobs, err := s.app.Store.Imports(r.Context(), v.System.ID)
	if err != nil {
		return err
	}
	return s.render(w, "imports", map[string]any{"Title": "数据导入", "Nav": "imports", "View": v, "Jobs": jobs,
		"Today": s.now().Format("2006-01-02")})
}

// importUpload runs an uploaded file as an import job and shows its result.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUpload)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		return badRequest("上传失败（文件不超过 %d MB）：%v", maxUpload>>20, err)
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return badRequest("请选择要导入的文件")
	}
	defer file.Close()
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	o := importer.Options{Kind: importer.Kind(r.FormValue("kind"))}
	if o.Kind == "facts" {
		return s.factsUpload(w, r, v, file, hdr.Filename)
	}
	if o.Kind != "" && o.Kind != importer.Registry && o.Kind != importer.Report {
		return badRequest("未知的导入类型 %q", o.Kind)
	}
	if c := r.FormValue("period"); c != "" {
		p, err := period.Parse(c)
		if err != nil || p.Kind == period.Date || p.FromMonth != 1 {
			return badRequest("报告期应为1—N月，如 2023-01..2023-08：%q", c)
		}
		o.Year, o.Month = p.Year, p.ToMonth
	}
	asOf := r.FormValue("as_of")
	if asOf == "" {
		asOf = s.now().Format("2006-01-02")
	} else if _, err := time.Parse("2006-01-02", asOf); err != nil {
		return badRequest("名录日期应为 YYYY-MM-DD：%q", asOf)
	}
	dir := s.app.DataDir
	if dir == "" {
		dir = os.TempDir()
	}
	path, err := app.KeepUpload(dir, file, hdr.Filename, s.now())
	if err != nil {
		return err
	}
	// The import runs on after the answer: the page of the job shows its
	// progress and result. It outlives the request, not the server.
	started := make(chan int64, 1)
	go func() {
		out, err := s.app.Import(context.WithoutCancel(r.Context()), v, app.ImportRequest{Path: path, Name: hdr.Filename, Options: o, AsOf: asOf,
			ValidOnly: r.FormValue("valid_only") != "", Scope: r.FormValue("scope"),
			Started: func(id int64) { started <- id }})
		if out == nil {
			close(started)
			s.log.Warn("import could not start", "file", hdr.Filename, "err", err)
		} else if err != nil && !errors.Is(err, app.ErrRejected) {
			s.log.Warn("import failed", "id", out.ID, "err", err)
		} else if err == nil {
			// The registry or reports changed: screen again now, not on
			// the next visit to the pipeline pages.
			s.app.WarmPipeline(context.WithoutCancel(r.Context()), v)
		}
	}()
	id, ok := <-started
	if !ok {
		return badRequest("无法导入 %s", hdr.Filename)
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", id), http.StatusSeeOther)
	return nil
}

// factsUpload stores the screening facts of an uploaded file (the facts
// template, CSV or JSON), all or nothing, and shows the job.
func (s *Server) factsUpload(w http.ResponseWriter, r *http.Request, v app.View, file io.Reader, name string) error {
	on := r.FormValue("as_of")
	if on == "" {
		on = s.now().Format(time.DateOnly)
	} else if _, err := time.Parse(time.DateOnly, on); err != nil || on > s.now().Format(time.DateOnly) {
		return badRequest("报送日期应为不晚于今天的 YYYY-MM-DD：%q", on)
	}
	dir := s.app.DataDir
	if dir == "" {
		dir = os.TempDir()
	}
	path, err := app.KeepUpload(dir, file, name, s.now())
	if err != nil {
		return err
	}
	res, err := s.app.LoadFacts(r.Context(), v, path, name, on)
	if res == nil {
		return badRequest("无法读取 %s：%v", name, err)
	}
	if err == nil {
		s.app.WarmPipeline(context.WithoutCancel(r.Context()), v)
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", res.ImportID), http.StatusSeeOther)
	return nil
}

func (s *Server) importJob(r *http.Request) (app.View, store.Import, error) {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return v, store.Import{}, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return v, store.Import{}, badRequest("导入编号应为数字")
	}
	jobs, err := s.app.Store.Imports(r.Context(), v.System.ID)
	if err != nil {
		return v, store.Import{}, err
	}
	for _, j := range jobs {
		if j.ID == id {
			if n, running := s.app.LiveRows(id); running && j.Status == "running" {
				j.RowsRead = n
			}
			return v, j, nil
		}
	}
	return v, store.Import{}, &httpError{http.StatusNotFound, fmt.Sprintf("没有编号为 %d 的导入", id)}
}

func (s *Server) importDetail(w http.ResponseWriter, r *http.Request) error {
	v, job, err := s.importJob(r)
	if err != nil {
		return err
	}
	errs, err := s.app.Store.ImportErrors(r.Context(), job.ID)
	if err != nil {
		return err
	}
	return s.render(w, "import", map[string]any{"Title": fmt.Sprintf("导入 #%d", job.ID), "Nav": "imports", "View": v, "Job": job, "Errors": errs})
}

// importErrorsXLSX returns the rejected rows of an import as a workbook: one
// row per problem with sheet, row, column, value and reason.
func (s *Server) importErrorsXLSX(w http.ResponseWriter, r *http.Request) error {
	_, job, err := s.importJob(r)
	if err != nil {
		return err
	}
	errs, err := s.app.Store.ImportErrors(r.Context(), job.ID)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close()
	sheet := "错误清单"
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	sw.SetRow("A1", []any{"工作表", "行号", "列", "值", "错误说明"})
	for i, e := range errs {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{e.Sheet, e.Row, e.Column, e.Value, e.Reason}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="import-%d-errors.xlsx"`, job.ID))
	return f.Write(w)
}

// templateXLSX serves an empty workbook with the columns an import expects
// and data validation (lists of nodes, 是/否, dates), for registry or report.
func (s *Server) templateXLSX(w http.ResponseWriter, r *http.Request) error {
	v, err := s.app.View(r.Context(), "")
	if err != nil {
		return err
	}
	if r.PathValue("file") == "facts.xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="kechuang-facts-template.xlsx"`)
		return factsheet.Template(w, s.now().Year())
	}
	kind := importer.Kind(strings.TrimSuffix(r.PathValue("file"), ".xlsx"))
	f, err := importer.Template(kind, v.Nodes, s.app.ReportIndicators)
	if err != nil {
		return &httpError{http.StatusNotFound, err.Error()}
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="kechuang-%s-template.xlsx"`, filepath.Base(string(kind))))
	return f.Write(w)
}
