package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/factsheet"
)

func newFacts(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "facts",
		Short: "Screening facts firms supply (IP counts, the 高企 R&D breakdown, gradient facts): load them from xlsx/CSV/JSON, write the template",
	}
	var on string
	load := &cobra.Command{
		Use:   "load FILE",
		Short: "Store the screening facts of a file (xlsx or CSV in the template, or a JSON facts file), all or nothing",
		Long: `Read the screening facts firms supplied — an xlsx or CSV file in the template
(kechuang facts template; one row per firm) or a JSON facts file
(docs/screening.md) — and store them as of --on (the day they were supplied,
default today). Screening (kechuang screen, the web pages) lays each firm's
latest supplied facts over what it derives from the registry and the monthly
reports; a load replaces the facts the firm supplied before.

The file is checked whole: credit codes (GB 32100-2015, each firm once, every
firm in the registry), units, numbers, 是/否, dates. Any problem writes nothing
and lists every problem with row, column and value; the load is recorded as
an import job either way.`,
		Example: `  kechuang facts template --year 2026 -o 补充事实模板.xlsx
  kechuang facts load 补充事实.xlsx --on 2026-05-10
  kechuang facts load firms.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := args[0]
			day, err := suppliedOn(on)
			if err != nil {
				return err
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			name := filepath.Base(path)
			res, err := a.LoadFacts(cmd.Context(), v, path, name, day)
			out := cmd.OutOrStdout()
			if res == nil {
				return err
			}
			for i, e := range res.Problems {
				if i == 50 {
					fmt.Fprintf(out, "… and %d more\n", len(res.Problems)-50)
					break
				}
				fmt.Fprintln(out, e.Error())
			}
			if len(res.Problems) > 0 {
				return fmt.Errorf("import %d (facts) of %s: %d problem(s) listed above; nothing was written", res.ImportID, name, len(res.Problems))
			}
			if err != nil {
				return fmt.Errorf("import %d (facts) of %s: %w", res.ImportID, name, err)
			}
			for _, n := range res.Notes {
				fmt.Fprintln(out, "note:", n)
			}
			fmt.Fprintf(out, "import %d (facts) of %s: facts of %d firm(s) stored as supplied on %s\n", res.ImportID, name, res.Stored, day)
			return nil
		},
	}
	load.Flags().StringVar(&on, "on", "", "the day the facts were supplied (YYYY-MM-DD, default today; not after today)")

	var year int
	var output string
	tmpl := &cobra.Command{
		Use:   "template",
		Short: "Write the xlsx template for supplied facts (a 说明 sheet explains every column)",
		Long: `Write the xlsx template for supplied facts: one row per firm, one column per
fact (docs/screening.md), and the 高企 R&D figures of the three accounting years
before --year (the year of screening or application, default this year), with a
说明 sheet giving each column's unit, meaning and the qualification it feeds.`,
		Example: `  kechuang facts template --year 2026 -o 补充事实模板.xlsx`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if output == "" {
				return fmt.Errorf("-o FILE.xlsx is required")
			}
			if year == 0 {
				year = time.Now().Year()
			}
			if year < 2000 || year > 2100 {
				return fmt.Errorf("--year %d: give the screening year, e.g. %d", year, time.Now().Year())
			}
			var buf bytes.Buffer
			if err := factsheet.Template(&buf, year); err != nil {
				return err
			}
			if err := os.WriteFile(output, buf.Bytes(), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: template for %d (R&D figures of %d–%d)\n", output, year, year-3, year-1)
			return nil
		},
	}
	tmpl.Flags().IntVar(&year, "year", 0, "screening (application) year; the R&D columns are the 3 years before (default this year)")
	tmpl.Flags().StringVarP(&output, "output", "o", "", "the xlsx file to write")
	cmd.AddCommand(load, tmpl)
	return cmd
}

// suppliedOn reads --on: YYYY-MM-DD, today when empty, never after today.
func suppliedOn(s string) (string, error) {
	today := time.Now().Format(time.DateOnly)
	if s == "" {
		return today, nil
	}
	d, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return "", fmt.Errorf("--on %q is not a date YYYY-MM-DD", s)
	}
	if day := d.Format(time.DateOnly); day > today {
		return "", fmt.Errorf("--on %s is after today (%s): facts cannot be supplied in the future", day, today)
	}
	return d.Format(time.DateOnly), nil
}
