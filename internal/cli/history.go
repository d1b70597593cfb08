package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/uscc"
)

func newHistory(f *rootFlags) *cobra.Command {
	var firm, indicator, per string
	cmd := &cobra.Command{
		Use:     "history",
		Short:   "Show every revision of one firm's reported figure (value, 同期数, import)",
		Example: `  kechuang history --firm 91500102MA6000001J --indicator rd_expenditure --period 2023-01..2023-08`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if firm == "" || indicator == "" || per == "" {
				return fmt.Errorf("give --firm, --indicator and --period")
			}
			code := uscc.Normalize(firm)
			if err := uscc.Validate(code); err != nil {
				return fmt.Errorf("--firm: %w", err)
			}
			p, err := period.Parse(per)
			if err != nil || p.Kind == period.Date || p.FromMonth != 1 {
				return fmt.Errorf("--period %q: a 1–N月 period such as 2023-01..2023-08", per)
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			inds, err := a.Store.Indicators(cmd.Context())
			if err != nil {
				return err
			}
			ind, ok := inds[indicator]
			if !ok {
				return fmt.Errorf("--indicator %q is not in the catalogue", indicator)
			}
			hist, err := a.Store.ReportHistory(cmd.Context(), v.System.ID, code, indicator, p.Year, p.ToMonth)
			if err != nil {
				return err
			}
			if len(hist) == 0 {
				return fmt.Errorf("no %s reported by %s for %s", ind.NameZh, code, p.Label())
			}
			rows := [][]string{{"修订", "本年累计", "上年同期", "导入", "当前"}}
			for _, h := range hist {
				val, prior, cur := "—", "—", ""
				if h.Value != nil {
					val = ind.Format(*h.Value)
				}
				if h.Prior != nil {
					prior = ind.Format(*h.Prior)
				}
				if h.Current {
					cur = "✓"
				}
				rows = append(rows, []string{fmt.Sprint(h.Revision), val, prior, fmt.Sprintf("#%d", h.ImportID), cur})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s %s %s\n", code, ind.NameZh, p.Label())
			return writeTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().StringVar(&firm, "firm", "", "统一社会信用代码")
	cmd.Flags().StringVar(&indicator, "indicator", "", "indicator code, e.g. rd_expenditure")
	cmd.Flags().StringVar(&per, "period", "", "1–N月 period, e.g. 2023-01..2023-08")
	return cmd
}
