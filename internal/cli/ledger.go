package cli

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/demo"
	"github.com/kechuang/kechuang/internal/ledger"
	"github.com/kechuang/kechuang/internal/period"
)

// ledgerCommands are the commands of the ledgers (technology contracts,
// IP-value loans, incubation, talent).
func ledgerCommands(f *rootFlags) []*cobra.Command {
	cmd := &cobra.Command{
		Use:   "ledger",
		Short: "Ledgers (台账) of technology contracts, IP-value loans, incubation and talent: import, demo, recompute",
		Long: `The ledgers keep the records behind published figures — technology contracts
(技术合同认定登记), knowledge-value and IP-pledge loans, incubation carriers and
their firms, talent teams, people and programme winners — and compute the
figures from them. Each import is checked row by row and stored all or
nothing as an import job; the aggregates become observations of the ledger's
own source, beside the published ones. Formats: docs/ledgers.md.`,
	}
	kinds := "contracts, loans, incubation or talent"
	parseKind := func(s string) (ledger.Kind, error) {
		for _, k := range ledger.Kinds {
			if string(k) == s {
				return k, nil
			}
		}
		return "", fmt.Errorf("no ledger %q: use %s", s, kinds)
	}
	imp := &cobra.Command{
		Use:   "import KIND FILE",
		Short: "Import a ledger file (xlsx or CSV), all or nothing; KIND is " + kinds,
		Example: `  kechuang ledger import contracts 技术合同登记台账.xlsx
  kechuang ledger import talent 人才台账.xlsx   # sheets 人才团队, 人才, 人才计划入选`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := parseKind(args[0])
			if err != nil {
				return err
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			name := filepath.Base(args[1])
			res, err := a.ImportLedger(cmd.Context(), v, k, args[1], name)
			out := cmd.OutOrStdout()
			if res == nil {
				return err
			}
			for i, e := range res.Errors {
				if i == 50 {
					fmt.Fprintf(out, "… and %d more\n", len(res.Errors)-50)
					break
				}
				fmt.Fprintln(out, e.Error())
			}
			if errors.Is(err, app.ErrLedgerRejected) {
				return fmt.Errorf("import %d (%s) of %s: %d problem(s) listed above; nothing was written", res.ImportID, k.Label(), name, len(res.Errors))
			}
			if err != nil {
				return fmt.Errorf("import %d (%s) of %s: %w", res.ImportID, k.Label(), name, err)
			}
			fmt.Fprintf(out, "import %d (%s) of %s: %d row(s) read, %d added, %d updated; %d ledger figure(s) written\n",
				res.ImportID, k.Label(), name, res.Rows, res.Summary.Added, res.Summary.Updated, res.Summary.Figures)
			return nil
		},
	}
	var seed int64
	dem := &cobra.Command{
		Use:   "demo",
		Short: "Write synthetic, clearly marked ledgers that reproduce the article's 2022 totals, and print them",
		Long: `Write the four demo ledgers (records named （演示）, identity numbers DEMO…) into
the database as import jobs, then print each ledger aggregate the database now
holds beside the article's figure: 51 contracts, 5亿元 and 7010.2万元 in 1—9月
2022; 33 firms and 6100万元 of IP-value loans in 2022, 3.26亿元 cumulative;
1 national incubator, 3 maker spaces, 14 municipal carriers and more than 300
firms in incubation; 38 teams, 380 people, 1 + 5 “重庆英才” winners.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			var leaves []string
			for _, n := range v.Nodes {
				if len(v.Children(n.Code)) == 0 {
					leaves = append(leaves, n.Code)
				}
			}
			if len(leaves) == 0 {
				leaves = []string{v.Root().Code}
			}
			books := demo.Ledgers(seed, leaves)
			out := cmd.OutOrStdout()
			for _, k := range ledger.Kinds {
				res, err := a.LoadLedgerBooks(cmd.Context(), v, k, books[k], "kechuang ledger demo（演示）")
				if err != nil {
					if res != nil {
						for _, e := range res.Errors {
							fmt.Fprintln(out, e.Error())
						}
					}
					return err
				}
				fmt.Fprintf(out, "import %d (%s): %d added, %d updated; %d ledger figure(s)\n", res.ImportID, k.Label(), res.Summary.Added, res.Summary.Updated, res.Summary.Figures)
			}
			fmt.Fprintf(out, "\n%-34s %-16s %16s %16s\n", "指标", "期间", "台账汇总", "文章")
			y2022, q13 := period.NewYear(2022), period.MustParse("2022-01..2022-09")
			d1001 := period.MustParse("2022-10-01")
			for _, c := range []struct {
				ind     string
				p       period.Period
				article string
			}{
				{ledger.IndContracts, q13, "51项"}, {ledger.IndContractValue, q13, "5亿元"}, {ledger.IndTransactionValue, q13, "7010.2万元"},
				{ledger.IndLoanFirms, y2022, "33家"}, {ledger.IndLoanAmount, y2022, "6100万元"}, {ledger.IndLoanCumulative, d1001, "3.26亿元"},
				{ledger.IndNationalIncubators, d1001, "1个"}, {ledger.IndMakerSpaces, d1001, "3个"}, {ledger.IndMunicipalCarriers, d1001, "14个"},
				{ledger.IndIncubated, d1001, "超过300家"}, {ledger.IndTeams, y2022, "38个"}, {ledger.IndTalents, y2022, "380名"},
				{ledger.IndCQEntrepreneurs, y2022, "1名"}, {ledger.IndCQDemoTeams, y2022, "5个"},
			} {
				o, ok, err := a.LedgerFigure(cmd.Context(), v, v.Root().Code, c.ind, c.p)
				if err != nil {
					return err
				}
				got := "—"
				name := c.ind
				if ok {
					got, name = o.Formatted(), o.Indicator.NameZh
				}
				fmt.Fprintf(out, "%-34s %-16s %16s %16s\n", name, c.p.Label(), got, c.article)
			}
			return nil
		},
	}
	dem.Flags().Int64Var(&seed, "seed", 1, "random seed (same seed, same ledgers)")
	rec := &cobra.Command{
		Use:   "recompute",
		Short: "Recompute every ledger's aggregates as of today (month ends pass without an import)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			for _, k := range ledger.Kinds {
				n, err := a.RecomputeLedger(cmd.Context(), v, k)
				if err != nil {
					return fmt.Errorf("%s: %w", k.Label(), err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s: %d ledger figure(s)\n", k.Label(), n)
			}
			return nil
		},
	}
	cmd.AddCommand(imp, dem, rec)
	return []*cobra.Command{cmd}
}
