package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/bulletin"
	"github.com/kechuang/kechuang/internal/quantity"
)

func newTargets(f *rootFlags) *cobra.Command {
	var asOf string
	cmd := &cobra.Command{
		Use:   "targets",
		Short: "List the plan targets with the latest comparable actual, completion, time elapsed, required growth and status",
		Long: `List the plan targets with the latest comparable actual known at --as-of (a flow
target is only compared with a full-year figure), completion (actual ÷ target),
时序进度 (the share of the plan period elapsed at the end of the actual's
period), the compound annual growth still required, and the status.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			when := time.Now()
			if asOf != "" {
				var err error
				if when, err = time.Parse("2006-01-02", asOf); err != nil {
					return fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", asOf)
				}
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			as, err := a.Assessments(cmd.Context(), v, when)
			if err != nil {
				return err
			}
			rows := [][]string{{"范围", "指标", "目标", "最新可比实绩", "完成率", "时序进度", "尚需年均增长", "状态"}}
			for _, x := range as {
				t, r := x.Target, x.Result
				actual, comp, elapsed, req := "—", "—", "—", "—"
				if x.Actual != nil {
					actual = x.Actual.Formatted() + "（" + x.Actual.Period.Label() + "）"
				}
				if r.Completion != nil {
					comp = quantity.FormatGrowth(*r.Completion)
				}
				if r.TimeElapsed != nil {
					elapsed = quantity.FormatGrowth(*r.TimeElapsed)
				}
				if r.RequiredGrowth != nil && bulletin.StillToGo(r.Status) {
					req = quantity.FormatGrowth(*r.RequiredGrowth)
				}
				rows = append(rows, []string{t.Scope.Name, t.Indicator.NameZh, t.Horizon + t.Verb + bulletin.Qualified(t.Qualifier, t.Formatted()),
					actual, comp, elapsed, req, r.Status.Label()})
			}
			fmt.Fprintf(cmd.OutOrStdout(), "判断日期：%s（只计入此前已知的实绩；时序进度截至实绩所属期末）\n", when.Format("2006年1月2日"))
			return writeTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.Flags().StringVar(&asOf, "as-of", "", "judge as of this date (YYYY-MM-DD; default today)")
	return cmd
}
