package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/model"
)

func newCertificates(f *rootFlags) *cobra.Command {
	var months int
	var asOf string
	cmd := &cobra.Command{
		Use:     "certificates",
		Short:   "List high-tech enterprise certificates that expire soon (valid 3 years from issue, 国科发火〔2016〕32号 第九条)",
		Example: `  kechuang certificates --within 12 --as-of 2023-09-01`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			day := time.Now()
			if asOf != "" {
				var err error
				if day, err = time.Parse("2006-01-02", asOf); err != nil {
					return fmt.Errorf("--as-of %q is not a date YYYY-MM-DD", asOf)
				}
			}
			if months <= 0 || months > 60 {
				return fmt.Errorf("--within %d: give 1–60 months", months)
			}
			a, v, err := f.view(cmd)
			if err != nil {
				return err
			}
			defer a.Close()
			to := day.AddDate(0, months, 0)
			list, err := a.Store.ExpiringRecognitions(cmd.Context(), v.System.ID, model.HighTechEnterprise, day.Format("2006-01-02"), to.Format("2006-01-02"))
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "%s至%s到期的高新技术企业证书：%d家\n", day.Format("2006年1月2日"), to.Format("2006年1月2日"), len(list))
			if len(list) == 0 {
				return nil
			}
			rows := [][]string{{"统一社会信用代码", "企业名称", "所在节点", "发证日期", "有效期至", "证书编号"}}
			for _, e := range list {
				rows = append(rows, []string{e.USCC, e.Name, strings.Join(e.Nodes, "、"), e.Granted, e.ValidUntil, e.CertificateNo})
			}
			return writeTable(out, rows)
		},
	}
	cmd.Flags().IntVar(&months, "within", 12, "months ahead")
	cmd.Flags().StringVar(&asOf, "as-of", "", "from this date (YYYY-MM-DD, default today)")
	return cmd
}
