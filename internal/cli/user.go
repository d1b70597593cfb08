package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/auth"
	"github.com/kechuang/kechuang/internal/store"
)

// firstAdmin creates the administrator "admin" with a one-time password
// when the database has no account yet, and prints it once: the first
// sign-in must change it.
func firstAdmin(ctx context.Context, a *app.App, out io.Writer) error {
	n, err := a.Store.UserCount(ctx)
	if err != nil || n > 0 {
		return err
	}
	pw, h, err := auth.OneTimePassword()
	if err != nil {
		return err
	}
	if _, err := a.Store.CreateUser(ctx, store.User{Login: "admin", Name: "系统管理员", Role: auth.Admin}, h, "system", time.Now()); err != nil {
		return err
	}
	fmt.Fprintf(out, "\n  首个管理员账号已创建 / first administrator created:\n    登录名 login: admin\n    密码 password: %s\n  首次登录须修改密码；此密码不会再次显示。 Change it at first sign-in; it is not shown again.\n\n", pw)
	return nil
}

func newUser(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{Use: "user", Short: "Accounts: add, list, reset a password, disable (roles and data scopes)"}
	var role, node, org, name, district string
	add := &cobra.Command{
		Use:   "add LOGIN",
		Short: "Create an account and print its one-time password (changed at first sign-in)",
		Long: `Create an account. Roles: admin (系统管理员), analyst (统计分析人员, whole
district), officer (载体工作人员, --node CODE and its children), reporter
(企业填报人员, --org CREDIT-CODE: their own firm), institution (高校院所用户,
--org CODE), leader (领导, read-only dashboard). In an installation holding
several districts, --district CODE (a system code) makes the account one
district's: it sees only that district. Without it an admin, analyst or
leader is installation-level (a city bureau: every district and the
region view); an officer, reporter or institution user always belongs to
the district of its node or organisation. The one-time password is
printed once; the user must change it at first sign-in.`,
		Example: `  kechuang user add wang --role analyst --name 王分析
  kechuang user add baitao1 --role officer --node baitao
  kechuang user add firm1 --role reporter --org 91500102MA6000001J
  kechuang user add li --role analyst --district changshou`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			u := store.User{Login: args[0], Name: name, Role: auth.Role(role), Node: node, OrgUSCC: org, System: district}
			if err := auth.CheckScope(u.Role, u.Node, u.OrgUSCC); err != nil {
				return err
			}
			pw, h, err := auth.OneTimePassword()
			if err != nil {
				return err
			}
			if _, err := a.Store.CreateUser(cmd.Context(), u, h, cliActor(), time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "account %s (%s) created; one-time password: %s\n", u.Login, u.Role.Label(), pw)
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", "", "admin, analyst, officer, reporter, institution or leader")
	add.Flags().StringVar(&node, "node", "", "officer's node code")
	add.Flags().StringVar(&org, "org", "", "reporter's or institution user's organisation (credit code or code)")
	add.Flags().StringVar(&name, "name", "", "the person's name")
	add.Flags().StringVar(&district, "district", "", "the district (system code) the account belongs to; empty: installation level, or the district of --node/--org")
	reset := &cobra.Command{
		Use:   "reset LOGIN",
		Short: "Give an account a new one-time password (its sessions end; changed at next sign-in)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			pw, h, err := auth.OneTimePassword()
			if err != nil {
				return err
			}
			if err := a.Store.SetPassword(cmd.Context(), args[0], h, true, "", cliActor(), time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "password of %s reset; one-time password: %s\n", args[0], pw)
			return nil
		},
	}
	var enable bool
	disable := &cobra.Command{
		Use:   "disable LOGIN",
		Short: "Disable an account (its sessions end); --enable to enable it again",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			return a.Store.SetUserDisabled(cmd.Context(), args[0], !enable, cliActor(), time.Now())
		},
	}
	disable.Flags().BoolVar(&enable, "enable", false, "enable instead")
	list := &cobra.Command{
		Use:   "list",
		Short: "List the accounts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			users, err := a.Store.Users(cmd.Context())
			if err != nil {
				return err
			}
			systems, err := a.Store.Systems(cmd.Context())
			if err != nil {
				return err
			}
			names := map[string]string{}
			for _, sy := range systems {
				names[sy.Code] = sy.RegionName + "（" + sy.Code + "）"
			}
			rows := [][]string{{"登录名", "姓名", "角色", "区县", "数据范围", "状态"}}
			for _, u := range users {
				scope := "全区"
				if u.Node != "" {
					scope = "节点 " + u.Node
				} else if u.OrgUSCC != "" {
					scope = u.OrgName + " " + u.OrgUSCC
				}
				state := "正常"
				if u.Disabled {
					state = "已停用"
				} else if u.MustChange {
					state = "待修改密码"
				}
				district := names[u.System]
				if u.System == "" {
					district = "全部（本安装）"
				}
				rows = append(rows, []string{u.Login, u.Name, u.Role.Label(), district, scope, state})
			}
			return writeTable(cmd.OutOrStdout(), rows)
		},
	}
	cmd.AddCommand(add, reset, disable, list)
	return cmd
}

func cliActor() string { return "cli" }
