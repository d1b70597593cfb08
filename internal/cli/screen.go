package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/pipeline"
	"github.com/kechuang/kechuang/internal/qualify"
)

func newScreen(f *rootFlags) *cobra.Command {
	var facts, format, dayFlag, firm, node string
	cmd := &cobra.Command{
		Use:   "screen",
		Short: "Screen firms against the qualification rules (高新技术企业, 科技型中小企业, 创新型, 专精特新, 小巨人) and show what each lacks",
		Long: `Screen firms against every qualification, with the rule set chosen by the
assessment date, and print for every condition the value, the threshold, pass
or fail, the gap in the firm's own numbers and the source (document and
article). Items the rules leave to experts give a band and a point range, so a
verdict can be "待定" (undetermined) rather than a false pass or fail;
unverified rules are applied as documented assumptions and shown.

Without --facts, the firms of the database are screened on --day (default
today) from the registry, the monthly reports of the years before and the facts
they supplied (kechuang facts load). With --facts FILE.json, the firms of that
facts file (docs/screening.md) are screened, for the qualifications whose facts
it gives. Firms with impossible facts are listed on stderr and not screened;
the others are.`,
		Example: `  kechuang screen --day 2026-09-30 --format json
  kechuang screen --firm 91500102DM0000000T
  kechuang screen --facts firms.json --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "json" && format != "text" {
				return fmt.Errorf("--format %q: text or json", format)
			}
			var firms []qualify.FirmFacts
			var problems []qualify.FactError
			if facts != "" {
				in, err := os.Open(facts)
				if err != nil {
					return err
				}
				defer in.Close()
				ff, err := qualify.ReadFacts(in)
				if err != nil {
					return fmt.Errorf("%s: %w", facts, err)
				}
				// Firms with impossible facts are reported, not screened;
				// the others still are.
				for _, firm := range ff.Firms {
					if errs := qualify.CheckFacts(firm, time.Now()); len(errs) > 0 {
						problems = append(problems, errs...)
						continue
					}
					firms = append(firms, firm)
				}
			} else {
				day, err := parseDay(dayFlag)
				if err != nil {
					return err
				}
				a, v, err := f.view(cmd)
				if err != nil {
					return err
				}
				defer a.Close()
				if node != "" {
					n, err := v.Resolve(node)
					if err != nil {
						return err
					}
					node = n.Code
				}
				snap, err := a.Pipeline(cmd.Context(), v, day)
				if err != nil {
					return err
				}
				for i := range snap.Firms {
					x := &snap.Firms[i]
					if (firm != "" && x.USCC != firm) || (node != "" && !slices.Contains(x.Nodes, node)) {
						continue
					}
					if len(x.FactErrors) > 0 {
						problems = append(problems, x.FactErrors...)
						continue
					}
					firms = append(firms, x.Facts)
				}
				if firm != "" && len(firms) == 0 && len(problems) == 0 {
					return fmt.Errorf("--firm %s: no firm with this credit code in the registry", firm)
				}
			}
			out := cmd.OutOrStdout()
			for _, p := range problems {
				fmt.Fprintln(cmd.ErrOrStderr(), "不予评价（事实有误）:", p.Error())
			}
			switch format {
			case "json":
				all := []pipeline.ResultJSON{}
				for _, firm := range firms {
					for _, r := range qualify.Screen(firm) {
						all = append(all, pipeline.ToJSON(firm.USCC, firm.Name, r))
					}
				}
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(all); err != nil {
					return err
				}
			default:
				for _, firm := range firms {
					fmt.Fprintf(out, "%s %s\n", firm.Name, firm.USCC)
					for _, r := range qualify.Screen(firm) {
						writeResult(out, r)
					}
					fmt.Fprintln(out)
				}
			}
			return notScreened(problems)
		},
	}
	cmd.Flags().StringVar(&facts, "facts", "", "facts file (JSON, docs/screening.md); without it, the database's firms")
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringVar(&dayFlag, "day", "", "assessment date YYYY-MM-DD (default today; database only)")
	cmd.Flags().StringVar(&firm, "firm", "", "only this firm (统一社会信用代码; database only)")
	cmd.Flags().StringVar(&node, "node", "", "only the firms of this node (code or name; database only)")
	return cmd
}

// parseDay reads a --day flag: YYYY-MM-DD, or today when empty.
func parseDay(s string) (time.Time, error) {
	if s == "" {
		n := time.Now()
		return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC), nil
	}
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return d, fmt.Errorf("--day %q is not a date YYYY-MM-DD", s)
	}
	return d, nil
}

// writeResult prints one screening as an officer reads it.
func writeResult(w interface{ Write([]byte) (int, error) }, r qualify.Result) {
	score := ""
	if r.Score != nil {
		if r.Score.Min == r.Score.Max {
			score = fmt.Sprintf("，得分%d", r.Score.Min)
		} else {
			score = fmt.Sprintf("，得分%d～%d", r.Score.Min, r.Score.Max)
		}
	}
	fmt.Fprintf(w, "  【%s】%s%s（%s）\n", r.Qualification.Label(), r.Verdict.Label(), score, r.RuleSet)
	for _, c := range r.Conditions {
		mark := "？"
		if c.Pass != nil {
			mark = map[bool]string{true: "✓", false: "✗"}[*c.Pass]
		}
		line := fmt.Sprintf("    %s %s %s：%s（要求%s）", mark, c.Code, c.Name, c.Value, c.Threshold)
		if c.Gap != "" {
			line += "；差距：" + c.Gap
		}
		if len(c.Missing) > 0 {
			line += "；缺少：" + strings.Join(c.Missing, "、")
		}
		fmt.Fprintln(w, line)
		fmt.Fprintf(w, "      依据：%s\n", c.Source)
		if c.Assumption != "" {
			fmt.Fprintf(w, "      假定：%s\n", c.Assumption)
		}
	}
}

// notScreened is the error for firms left out because of impossible facts.
func notScreened(problems []qualify.FactError) error {
	if len(problems) == 0 {
		return nil
	}
	firms := map[string]bool{}
	for _, p := range problems {
		firms[p.USCC] = true
	}
	return fmt.Errorf("%d firm(s) not screened: %d impossible fact(s), listed above; the other firms were screened", len(firms), len(problems))
}
