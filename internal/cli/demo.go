package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/store"
)

func newDemo(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "demo", Short: "Synthetic demonstration data"}
	var o demo.Options
	gen := &cobra.Command{
		Use:   "generate",
		Short: "Generate a synthetic registry and monthly reports, calibrated to Fuling's published totals (names end in （演示）)",
		Long: `Generate a synthetic, clearly marked registry and monthly year-to-date reports
for demonstrations and benchmarks, calibrated to Fuling's published figures for
1—8月 2022: about 1266 tech-based firms, 151 high-tech enterprises, R&D summing
near 24.02亿元 with a same-basis growth near 15.6%. Firms are spread over the
leaf nodes of the structure. Every name ends in （演示）.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			var leaves []string
			for _, n := range v.Nodes {
				if n.Kind != model.District && n.Kind != model.Pillar && len(v.Children(n.Code)) == 0 {
					leaves = append(leaves, n.Code)
				}
			}
			start := time.Now()
			d, err := demo.Generate(o, leaves)
			if err != nil {
				return err
			}
			gen := time.Since(start)
			ctx := cmd.Context()
			now := time.Now()
			id, err := a.Store.StartImport(ctx, v.System.ID, "demo", fmt.Sprintf("demo generate --firms %d --months %d --year %d --seed %d", o.Firms, o.Months, o.Year, o.Seed), "", now)
			if err != nil {
				return err
			}
			t0 := time.Now()
			if _, err := a.Store.WriteRegistry(ctx, v.System.ID, id, d.Firms, fmt.Sprintf("%d-01-01", o.Year)); err != nil {
				a.Store.FinishImport(ctx, id, "failed", len(d.Firms), 0, nil, err.Error(), time.Now())
				return err
			}
			t1 := time.Now()
			if err := a.Store.InsertReports(ctx, v.System.ID, id, d.Reports); err != nil {
				a.Store.FinishImport(ctx, id, "failed", len(d.Reports), 0, nil, err.Error(), time.Now())
				return fmt.Errorf("%w (demo data for this year is already there? use another --year or a fresh --data)", err)
			}
			t2 := time.Now()
			facts := make([]store.SuppliedFacts, len(d.Facts))
			for i, x := range d.Facts {
				facts[i] = store.SuppliedFacts{USCC: x.USCC, Facts: x.JSON, Row: i + 1}
			}
			if err := a.Store.SupplyFacts(ctx, v.System.ID, id, fmt.Sprintf("%d-05-31", o.Year), facts); err != nil {
				a.Store.FinishImport(ctx, id, "failed", len(d.Facts), 0, nil, err.Error(), time.Now())
				return err
			}
			if err := a.Store.FinishImport(ctx, id, "done", len(d.Firms)+len(d.Reports), len(d.Firms)+len(d.Reports), nil, "演示数据", time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "generated %d firms, %d report rows and screening facts of %d firms (%s); registry written in %s, reports in %s (%.0f rows/s)\n",
				len(d.Firms), len(d.Reports), len(d.Facts), gen.Round(time.Millisecond), t1.Sub(t0).Round(time.Millisecond), t2.Sub(t1).Round(time.Millisecond),
				float64(len(d.Reports))/t2.Sub(t1).Seconds())
			return nil
		},
	}
	gen.Flags().IntVar(&o.Firms, "firms", 1266, "number of firms")
	gen.Flags().IntVar(&o.Months, "months", 8, "months reported (1–2月 to 1–N月), 2–12")
	gen.Flags().IntVar(&o.Year, "year", 2022, "reporting year")
	gen.Flags().Int64Var(&o.Seed, "seed", 1, "random seed (same seed, same data)")
	cmd.AddCommand(gen)
	return cmd
}
