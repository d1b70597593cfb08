package cli

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/quantity"
)

func newTargets(f *rootFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "targets",
		Short: "List the plan targets with the latest comparable actual, completion, required growth and status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			v, err := a.View(cmd.Context(), "")
			if err != nil {
				return err
			}
			as, err := a.Assessments(cmd.Context(), v, time.Now())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(w, "范围\t指标\t目标\t最新实绩\t完成率\t时序进度\t尚需年均增长\t状态")
			for _, x := range as {
				t := x.Target
				actual, comp, elapsed, req := "—", "—", "—", "—"
				if x.Actual != nil {
					actual = x.Actual.Formatted() + "（" + x.Actual.Period.Label() + "）"
				}
				if r := x.Result; r.Completion != nil {
					comp = quantity.FormatGrowth(*r.Completion)
				}
				if r := x.Result; r.TimeElapsed != nil {
					elapsed = quantity.FormatGrowth(*r.TimeElapsed)
				}
				if r := x.Result; r.RequiredGrowth != nil {
					req = quantity.FormatGrowth(*r.RequiredGrowth)
				}
				fmt.Fprintf(w, "%s\t%s\t%s%s\t%s\t%s\t%s\t%s\t%s\n", t.Scope.Name, t.Indicator.NameZh, t.Horizon,
					bulletin.Qualified(t.Qualifier, t.Formatted()), actual, comp, elapsed, req, x.Result.Status.Label())
			}
			return w.Flush()
		},
	}
}
