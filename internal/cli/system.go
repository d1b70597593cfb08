package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/dataset"
)

func newSystem(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "system", Short: "Manage the structure of the innovation system"}
	cmd.AddCommand(&cobra.Command{
		Use:   "load FILE",
		Short: "Load a district's structure (system, pillars, nodes) from a YAML file, in one transaction",
		Long: `Load a district's structure from a YAML file (format: docs/dataset.md, system.yaml).
Nodes are matched by code: new ones are added, changed ones updated, and ones
missing from the file removed — unless figures or organisations still refer to
them, which is an error. Unknown keys and dangling references are errors naming
the line; on any error the database is left unchanged.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			srcs, err := a.Store.Sources(cmd.Context())
			if err != nil {
				return err
			}
			known := map[string]bool{}
			for _, s := range srcs {
				known[s.Code] = true
			}
			st, err := dataset.ParseStructure(args[0], data, known)
			if err != nil {
				return err
			}
			sum, err := a.Store.LoadStructure(cmd.Context(), st)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "loaded %s: %d nodes, %d removed\n", sum.System, sum.Nodes, sum.NodesRemoved)
			return nil
		},
	})
	return cmd
}
