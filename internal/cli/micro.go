package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/aggregate"
	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/quantity"
)

func newMicro(f *rootFlags) *cobra.Command {
	var per string
	cmd := &cobra.Command{
		Use:     "aggregate",
		Short:   "Aggregate firms' reports for every node: totals, same-basis growth (同口径), growth on last year's total",
		Example: `  kechuang aggregate --period 2022-01..2022-08`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			var year, month int
			if per == "" {
				var ok bool
				if year, month, ok, err = a.LatestReportPeriod(cmd.Context(), v); err != nil {
					return err
				} else if !ok {
					return fmt.Errorf("no firm reports yet: import some (kechuang import FILE) or generate demo data (kechuang demo generate)")
				}
			} else {
				p, err := period.Parse(per)
				if err != nil {
					return fmt.Errorf("--period: %w", err)
				}
				if p.Kind == period.Date || p.FromMonth != 1 {
					return fmt.Errorf("--period %s: reports are year-to-date; give 1–N月 such as %d-01..%d-08", per, p.Year, p.Year)
				}
				year, month = p.Year, p.ToMonth
			}
			figs, err := a.MicroFigures(cmd.Context(), v, year, month)
			if err != nil {
				return err
			}
			rows := [][]string{{"节点", "指标", "期间", "累计", "当月", "企业数", "同口径同比", "对上年总量"}}
			for _, x := range figs {
				single := "—"
				if x.Month != nil {
					single = x.Indicator.Format(*x.Month)
				}
				rows = append(rows, []string{x.Node.Name, x.Indicator.NameZh, x.Period.Label(), x.Indicator.Format(x.Value), single,
					fmt.Sprint(x.Firms), growthText(x.SameBasis), archivedText(x)})
			}
			return writeTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().StringVar(&per, "period", "", "1–N月 period, e.g. 2022-01..2022-08 (default: the newest reported)")
	return cmd
}

// growthText prints a growth rate, or the reason there is none.
func growthText(g aggregate.Growth) string {
	switch g.Kind {
	case aggregate.Rate:
		return quantity.FormatGrowth(*g.Ratio)
	case aggregate.NoBase:
		return "—"
	}
	return g.Label()
}

// archivedText is the growth on last year's total, with last year's firm
// count when coverage differs.
func archivedText(x app.MicroFigure) string {
	t := growthText(x.Archived)
	if x.Archived.Kind == aggregate.Rate && x.ArchivedFirms != x.Firms {
		t += fmt.Sprintf("（上年%d家）", x.ArchivedFirms)
	}
	return t
}
