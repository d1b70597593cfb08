package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/period"
)

func newBulletin(f *rootFlags) *cobra.Command {
	var scope, per, format, asOf string
	cmd := &cobra.Command{
		Use:   "bulletin",
		Short: "Print the statistical bulletin (统计简报) of a scope for a period, written from the database",
		Example: `  kechuang bulletin --scope 涪陵区 --period 2022-01..2022-08
  kechuang bulletin --scope 涪陵高新区 --period 2022 --format markdown > bulletin.md`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := period.Parse(per)
			if err != nil {
				return fmt.Errorf("--period: %w", err)
			}
			when := p.End()
			if asOf != "" {
				if when, err = time.Parse("2006-01-02", asOf); err != nil {
					return fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", asOf)
				}
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			if scope == "" {
				scope = v.Root().Code
			}
			b, err := a.Bulletin(cmd.Context(), v, scope, p, when)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch format {
			case "text":
				fmt.Fprint(out, b.Text())
			case "markdown", "md":
				fmt.Fprint(out, b.Markdown())
			case "html":
				h, err := b.HTML()
				if err != nil {
					return err
				}
				out.Write(h)
			default:
				return fmt.Errorf("--format %q: use text, markdown or html", format)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&scope, "scope", "", "node code or name: 涪陵区, 涪陵高新区, baitao … (default: the whole district)")
	cmd.Flags().StringVar(&per, "period", "", "period code: 2022, 2022-01..2022-08 (1—8月), 2022Q3, 2022H1, 2022Q1-Q3")
	cmd.Flags().StringVar(&format, "format", "text", "text, markdown or html")
	cmd.Flags().StringVar(&asOf, "as-of", "", "judge target progress as of this date (YYYY-MM-DD; default: the last day of --period, so only figures known by then count)")
	cmd.MarkFlagRequired("period")
	return cmd
}
