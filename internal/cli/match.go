package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/match"
	"github.com/kechuang/kechuang/internal/match/matchsheet"
	"github.com/kechuang/kechuang/internal/period"
	"github.com/kechuang/kechuang/internal/store"
)

// matchCommands are the commands of industry–academia–research matching.
func matchCommands(f *rootFlags) []*cobra.Command {
	var format string
	var limit int
	var demandRef string
	cmd := &cobra.Command{
		Use:   "match [DEMAND TEXT | DEMAND CODE OR ID]",
		Short: "Recommend achievements and capabilities for a technology demand (产学研对接), explained; import, export, feedback, funnel",
		Long: `Rank the stored achievements and capabilities (科技成果, 科研能力) for a demand
and explain each: matched terms, text relevance, field and industry
agreement, maturity fit, budget fit and proximity, with what counted.

The argument is a stored demand's code or id (its recommendations are kept
for the funnel) or, when it is neither, the text of a demand.`,
		Example: `  kechuang match 废旧动力电池回收与梯次利用
  kechuang match XQ000012 --format json
  kechuang match import 科技成果.xlsx --kind achievements
  kechuang match feedback XQ000012 CG000031 --status agreed
  kechuang match link XQ000012 CG000031 500102202600123
  kechuang match funnel --period 2026-01..2026-06`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			text := strings.TrimSpace(strings.Join(args, " "))
			if text == "" && demandRef == "" {
				return errors.New("give a demand's text, code or id")
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			ctx := cmd.Context()
			d := match.Demand{Title: text}
			ref := demandRef
			if ref == "" && !strings.ContainsAny(text, " ") {
				ref = text
			}
			if ref != "" {
				stored, err := a.Store.Demand(ctx, v.System.ID, ref)
				switch {
				case err == nil:
					d = stored
				case demandRef != "" || !errors.Is(err, store.ErrNotFound):
					return err
				}
			}
			recs, err := a.Recommend(ctx, v, d, limit, d.ID != 0)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(map[string]any{"demand": map[string]any{"id": d.ID, "code": d.Code, "firm": d.Firm, "title": d.Title},
					"recommendations": app.RecommendationsJSON(recs, false)})
			}
			if d.ID != 0 {
				fmt.Fprintf(out, "需求 %s：%s（%s）\n", d.Code, d.Title, d.Firm)
			}
			if len(recs) == 0 {
				fmt.Fprintln(out, "没有相关的成果或能力。")
				return nil
			}
			for i, r := range recs {
				x := r.Achievement
				fmt.Fprintf(out, "%d. %s  %.1f分  %s（%s，%s）\n", i+1, x.Code, r.Score, x.Title, x.Owner, x.KindLabel())
				fmt.Fprintf(out, "   匹配词：%s\n", strings.Join(r.Terms, "、"))
				for _, fc := range r.Factors {
					mark := "计入"
					if !fc.Counted {
						mark = "未计入"
					}
					fmt.Fprintf(out, "   %-6s %5.1f/%-4.0f %s：%s\n", fc.Label, fc.Points(), 100*fc.Weight, mark, fc.Note)
				}
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().IntVar(&limit, "limit", 10, "how many recommendations")
	cmd.Flags().StringVar(&demandRef, "demand", "", "a stored demand's code or id")
	cmd.AddCommand(matchImport(f), matchExport(f), matchFeedback(f), matchLink(f), matchFunnel(f))
	return []*cobra.Command{cmd}
}

func kindFlag(s string) (matchsheet.Kind, error) {
	switch s {
	case "demands", "demand", "需求":
		return matchsheet.Demands, nil
	case "achievements", "achievement", "成果":
		return matchsheet.Achievements, nil
	}
	return "", fmt.Errorf("--kind %q: demands or achievements", s)
}

func matchImport(f *rootFlags) *cobra.Command {
	var kind string
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Import demands or achievements from xlsx/CSV (template: kechuang match export --template), all or nothing",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kindFlag(kind)
			if err != nil {
				return err
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			res, err := a.LoadMatchFile(cmd.Context(), v, args[0], filepath.Base(args[0]), k)
			out := cmd.OutOrStdout()
			if res != nil {
				for _, p := range res.Problems {
					fmt.Fprintln(out, p.Error())
				}
				if err == nil {
					fmt.Fprintf(out, "imported %d %s (import #%d)\n", res.Stored, k, res.ImportID)
				}
			}
			return err
		},
	}
	c.Flags().StringVar(&kind, "kind", "achievements", "demands or achievements")
	return c
}

func matchExport(f *rootFlags) *cobra.Command {
	var kind, out string
	var template bool
	c := &cobra.Command{
		Use:   "export -o FILE.xlsx",
		Short: "Export demands or achievements to xlsx (the import's columns), or write the empty template",
		RunE: func(cmd *cobra.Command, args []string) error {
			k, err := kindFlag(kind)
			if err != nil {
				return err
			}
			if out == "" {
				return errors.New("-o FILE.xlsx is required")
			}
			w, err := os.Create(out)
			if err != nil {
				return err
			}
			defer w.Close()
			if template {
				return matchsheet.Write(w, k, nil, nil)
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			if k == matchsheet.Demands {
				ds, _, err := a.Store.Demands(cmd.Context(), v.System.ID, store.MatchFilter{})
				if err != nil {
					return err
				}
				return matchsheet.Write(w, k, ds, nil)
			}
			xs, _, err := a.Store.Achievements(cmd.Context(), v.System.ID, store.MatchFilter{})
			if err != nil {
				return err
			}
			return matchsheet.Write(w, k, nil, xs)
		},
	}
	c.Flags().StringVar(&kind, "kind", "achievements", "demands or achievements")
	c.Flags().StringVarP(&out, "output", "o", "", "xlsx file to write")
	c.Flags().BoolVar(&template, "template", false, "write the empty template with its 说明 sheet")
	return c
}

func pair(cmd *cobra.Command, a *app.App, v app.View, dRef, xRef string) (match.Demand, match.Achievement, error) {
	d, err := a.Store.Demand(cmd.Context(), v.System.ID, dRef)
	if err != nil {
		return d, match.Achievement{}, err
	}
	x, err := a.Store.Achievement(cmd.Context(), v.System.ID, xRef)
	return d, x, err
}

func matchFeedback(f *rootFlags) *cobra.Command {
	var status, reason, note, on string
	c := &cobra.Command{
		Use:   "feedback DEMAND ACHIEVEMENT --status contacted|declined|agreed",
		Short: "Record staff feedback on a recommendation (declined needs --reason too_early|benefit_unclear|price|not_our_field|other)",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			d, x, err := pair(cmd, a, v, args[0], args[1])
			if err != nil {
				return err
			}
			if on == "" {
				on = a.Now().Format(time.DateOnly)
			}
			return a.Store.AddFeedback(cmd.Context(), v.System.ID, store.Feedback{DemandID: d.ID, AchievementID: x.ID, Status: status, Reason: reason, Note: note, OnDay: on}, a.Now())
		},
	}
	c.Flags().StringVar(&status, "status", "", "contacted, declined or agreed")
	c.Flags().StringVar(&reason, "reason", "", "reason code of a decline")
	c.Flags().StringVar(&note, "note", "", "a note")
	c.Flags().StringVar(&on, "on", "", "day of the event, YYYY-MM-DD (default today)")
	return c
}

func matchLink(f *rootFlags) *cobra.Command {
	var on string
	return &cobra.Command{
		Use:   "link DEMAND ACHIEVEMENT REGISTRATION-NO",
		Short: "Link an agreed match to the technology contract it led to, by the contract's registration number (登记编号)",
		Args:  cobra.ExactArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			d, x, err := pair(cmd, a, v, args[0], args[1])
			if err != nil {
				return err
			}
			if on == "" {
				on = a.Now().Format(time.DateOnly)
			}
			return a.Store.LinkContract(cmd.Context(), v.System.ID, d.ID, x.ID, args[2], on)
		},
	}
}

func matchFunnel(f *rootFlags) *cobra.Command {
	var per, format string
	c := &cobra.Command{
		Use:   "funnel --period PERIOD",
		Short: "The matching funnel of a period: demands → recommended → contacted → agreed → contracts linked",
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := period.Parse(per)
			if err != nil {
				return err
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			fn, err := a.MatchFunnel(cmd.Context(), v, p)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if format == "json" {
				return json.NewEncoder(out).Encode(fn)
			}
			tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
			fmt.Fprintf(tw, "%s\n", p.Label())
			for _, row := range [][2]string{{"发布需求", strconv.Itoa(fn.Demands)}, {"获得推荐的需求", strconv.Itoa(fn.Recommended)}, {"推荐对数", strconv.Itoa(fn.Recommendations)},
				{"已联系", strconv.Itoa(fn.Contacted)}, {"已谢绝", strconv.Itoa(fn.Declined)}, {"达成意向", strconv.Itoa(fn.Agreed)}, {"签订技术合同", strconv.Itoa(fn.Contracts)}} {
				fmt.Fprintf(tw, "%s\t%s\n", row[0], row[1])
			}
			if len(fn.RegistrationNos) > 0 {
				fmt.Fprintf(tw, "合同登记编号\t%s\n", strings.Join(fn.RegistrationNos, "、"))
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&per, "period", "", "period, e.g. 2026 or 2026-01..2026-06")
	c.Flags().StringVar(&format, "format", "text", "text or json")
	c.MarkFlagRequired("period")
	return c
}
