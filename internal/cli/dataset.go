package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
)

func newDataset(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "dataset", Short: "Load a whole district dataset"}
	cmd.AddCommand(&cobra.Command{
		Use:   "load DIR",
		Short: "Check and load a dataset directory (docs/dataset.md) in one transaction",
		Long: `Check and load a dataset directory: system.yaml, indicators.yaml, sources.yaml,
organisations.yaml, observations.csv and targets.csv (format: docs/dataset.md).
Every problem is reported with file and line (CSV: row and column); if there is
any, nothing is written. Loading the same dataset again replaces its figures.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := filepath.Abs(args[0])
			if err != nil {
				return err
			}
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			sum, err := a.LoadDataset(cmd.Context(), os.DirFS(filepath.Dir(dir)), filepath.Base(dir))
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "loaded", sum.String())
			return nil
		},
	})
	return cmd
}
