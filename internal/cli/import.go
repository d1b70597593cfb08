package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/importer"
	"github.com/kechuang/kechuang/internal/period"
)

func newImport(f *rootFlags) *cobra.Command {
	var kind, per, asOf, errorsTo, scope string
	var validOnly bool
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Import an enterprise registry (企业名录), firms' monthly reports (企业月报) or a table of published totals (汇总表) from xlsx or csv",
		Long: `Import an enterprise registry or firms' year-to-date reports from an xlsx or csv
file (the kind of file is detected from its content; csv may be UTF-8, UTF-8
with BOM, GBK or GB18030). Every row is checked: credit codes (GB 32100-2015),
dates, values, units, nodes. By default a file with any bad row writes
nothing and lists every problem with sheet, row, column and value; --errors
saves the file back as an xlsx with a 错误说明 column to fix and re-import;
--valid-only imports the good rows anyway. Importing the same file twice
changes nothing the second time; a corrected value becomes a new revision.`,
		Example: `  kechuang import 企业名录.xlsx --as-of 2023-09-01
  kechuang import 1-8月报表.csv --kind report
  kechuang import 名录.csv --period 2023-01..2023-08 --errors 名录-错误.xlsx`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			o := importer.Options{Kind: importer.Kind(kind)}
			if o.Kind != "" && o.Kind != importer.Registry && o.Kind != importer.Report && o.Kind != importer.Indicators {
				return fmt.Errorf("--kind %q: registry, report or indicators", kind)
			}
			if per != "" {
				p, err := period.Parse(per)
				if err != nil || p.Kind == period.Date || p.FromMonth != 1 {
					return fmt.Errorf("--period %q: a 1–N月 period such as 2023-01..2023-08", per)
				}
				o.Year, o.Month = p.Year, p.ToMonth
			}
			day := time.Now().Format("2006-01-02")
			if asOf != "" {
				if _, err := time.Parse("2006-01-02", asOf); err != nil {
					return fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", asOf)
				}
				day = asOf
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			out := cmd.OutOrStdout()
			req := app.ImportRequest{Path: path, Name: filepath.Base(path), Options: o, AsOf: day, ValidOnly: validOnly, Scope: scope}
			if f, ok := cmd.ErrOrStderr().(*os.File); ok && isTerminal(f) {
				// Rows read so far, on a terminal only (never in logs or pipes).
				bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(f), progressbar.OptionSetDescription("读取 "+filepath.Base(path)),
					progressbar.OptionShowCount(), progressbar.OptionSpinnerType(14), progressbar.OptionClearOnFinish())
				req.Progress = func(rows int) { bar.Set(rows) }
				defer bar.Finish()
			}
			res, err := a.Import(cmd.Context(), v, req)
			if res == nil {
				return err
			}
			for _, n := range res.Result.Notes {
				fmt.Fprintln(out, "note:", n)
			}
			if errorsTo != "" && len(res.Result.Errors) > 0 {
				if err := writeErrorBook(errorsTo, path, res.Result.Errors); err != nil {
					return err
				}
				fmt.Fprintf(out, "rejected rows written to %s with a 错误说明 column\n", errorsTo)
			}
			if errors.Is(err, app.ErrRejected) {
				for i, e := range res.Result.Errors {
					if i == 50 {
						fmt.Fprintf(out, "… and %d more\n", len(res.Result.Errors)-50)
						break
					}
					fmt.Fprintln(out, e.Error())
				}
				rows := 0
				for _, b := range res.Result.Bad {
					rows += len(b)
				}
				return fmt.Errorf("import %d: %d problem(s) in %d row(s) of %s; nothing was written (fix them, or use --valid-only to import the other rows)",
					res.ID, len(res.Result.Errors), rows, filepath.Base(path))
			}
			if err != nil {
				return err
			}
			if res.Result.Kind == importer.Indicators {
				fmt.Fprintf(out, "import %d (indicators) of %s: %d rows read; %d published figures written", res.ID, filepath.Base(path), res.Result.Rows, res.Figures)
				if len(res.Result.Errors) > 0 {
					fmt.Fprintf(out, "; %d problem(s) skipped (--valid-only)", len(res.Result.Errors))
				}
				fmt.Fprintln(out)
				return nil
			}
			rs, ps := res.Registry, res.Reports
			fmt.Fprintf(out, "import %d (%s) of %s: %d rows read; firms %d added, %d updated, %d unchanged; reports %d written, %d unchanged",
				res.ID, res.Result.Kind, filepath.Base(path), res.Result.Rows, rs.Added, rs.Updated, rs.Unchanged, ps.Written, ps.Unchanged)
			if len(res.Result.Errors) > 0 {
				fmt.Fprintf(out, "; %d problem(s) skipped (--valid-only)", len(res.Result.Errors))
			}
			fmt.Fprintln(out)
			for _, r := range rs.Renamed {
				fmt.Fprintln(out, "renamed:", r)
			}
			for _, m := range rs.Moved {
				fmt.Fprintln(out, "moved:", m)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&kind, "kind", "", "registry, report or indicators (a table of published totals); default: detected from the headings")
	cmd.Flags().StringVar(&scope, "scope", "", "indicator tables: the node the totals are about (default: the district)")
	cmd.Flags().StringVar(&per, "period", "", "1–N月 period of the figures when the file has no 报告期 column, e.g. 2023-01..2023-08")
	cmd.Flags().StringVar(&asOf, "as-of", "", "date the registry describes (YYYY-MM-DD, default today): a firm that moved node moves on this day")
	cmd.Flags().BoolVar(&validOnly, "valid-only", false, "import the good rows even when others have errors")
	cmd.Flags().StringVar(&errorsTo, "errors", "", "write the file back as xlsx with a 错误说明 column to this path")
	return cmd
}

// writeErrorBook streams the imported file again into an xlsx at path with a
// 错误说明 column.
// isTerminal reports whether f is a character device (a terminal), not a
// file or a pipe.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func writeErrorBook(path, source string, errs []importer.RowError) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := importer.WriteErrorWorkbookFile(f, source, errs); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
