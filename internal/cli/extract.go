package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/datasets"
	"github.com/kechuang/kechuang/internal/dataset"
	"github.com/kechuang/kechuang/internal/extract"
)

func newExtract(f *rootFlags) *cobra.Command {
	var format, published string
	cmd := &cobra.Command{
		Use:   "extract FILE",
		Short: "Read the indicator statements of a published text or HTML page (统计公报, 工作报告, news) as records: scope, period, indicator, exact value, growth, points, rank, quote",
		Long: `extract reads a text or HTML file (UTF-8; HTML is stripped to text) and prints
one record per indicator statement: the scope (resolved to a node of the
built-in Fuling structure or a region of the gazetteer with its 行政区划代码),
the period (unknown when the text gives no year), the indicator (mapped to the
catalogue), the value in base units (a percentage as a ratio), the qualifier,
year-on-year growth, average annual growth, percentage-point change, ranks,
flags (missing percent sign, suspected unit errors) and the exact quote.
Nothing is written to the database: the dashboard's 文本摘录 page stores and
reviews. The rules and measured precision are in docs/extraction.md.`,
		Example: `  kechuang extract bulletin.txt
  kechuang extract page.html --format json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("--format %q: give table or json", format)
			}
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			ds, err := dataset.Load(datasets.FS, datasets.Fuling)
			if err != nil {
				return err
			}
			res := extract.Extract(string(b), extract.Options{
				Known:     extract.KnownScopes(ds.Structure.System, ds.Structure.Nodes, ds.Organisations),
				Published: published,
			})
			out := cmd.OutOrStdout()
			if format == "json" {
				enc := json.NewEncoder(out)
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			fmt.Fprintf(out, "%s：%d条指标陈述（主体：%s；文档年份：%s；发布日期：%s）\n", args[0], len(res.Records), orDash(res.Subject), yearText(res.Year), orDash(res.Published))
			rows := [][]string{{"序号", "范围", "期间", "指标", "目录代码", "数值", "限定", "增长/百分点/排名", "标记", "原文"}}
			for _, r := range res.Records {
				rows = append(rows, []string{fmt.Sprint(r.N), scopeText(r), orDash(r.Period), r.Name, orDash(r.Code), r.Display(), orDash(r.Qualifier),
					orDash(r.GrowthDisplay()), orDash(strings.Join(r.Flags, " ")), strings.ReplaceAll(r.Quote, "\n", "⏎")})
			}
			return writeTable(out, rows)
		},
	}
	cmd.Flags().StringVar(&format, "format", "table", "table (aligned review table) or json")
	cmd.Flags().StringVar(&published, "published", "", "publication date YYYY-MM-DD when the text does not say (resolves 去年, 今年)")
	return cmd
}

func scopeText(r extract.Record) string {
	s := r.ScopeName
	if r.ScopePart != "" {
		s += "（" + r.ScopePart + "）"
	}
	if r.RegionCode != "" {
		s += " " + r.RegionCode
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func yearText(y int) string {
	if y == 0 {
		return "—"
	}
	return fmt.Sprint(y)
}
