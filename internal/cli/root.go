// Package cli is kechuang's command line (cobra), one file per command.
package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
)

// Version is set at build time with -ldflags "-X github.com/kechuang/kechuang/internal/cli.Version=…".
var Version = "dev"

type rootFlags struct {
	cfg config.Config
}

// New returns the root command.
func New() *cobra.Command {
	f := &rootFlags{cfg: config.Default()}
	root := &cobra.Command{
		Use:   "kechuang",
		Short: "kechuang 科创: a district's science-and-technology innovation system — structure, indicators, targets, bulletins",
		Long: `kechuang (科创) runs a district's science-and-technology innovation system:
its structure (engine, carriers, directions, industries), organisations,
published figures, plan targets and their progress, and the statistical bulletin.

Data lives in an embedded SQLite database in --data (default ./data), or in
PostgreSQL with --database postgres://… . A fresh database gets the built-in
Fuling District dataset unless --no-seed is given.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	pf := root.PersistentFlags()
	pf.StringVar(&f.cfg.DataDir, "data", f.cfg.DataDir, "data directory holding the SQLite database (env KECHUANG_DATA)")
	pf.StringVar(&f.cfg.DatabaseURL, "database", f.cfg.DatabaseURL, "PostgreSQL URL instead of SQLite, e.g. postgres://user@127.0.0.1:5432/kechuang (env KECHUANG_DATABASE_URL)")
	pf.StringVar(&f.cfg.System, "system", f.cfg.System, "code of the innovation system to use when the database holds several (env KECHUANG_SYSTEM)")
	pf.BoolVar(&f.cfg.SecureCookies, "secure-cookies", f.cfg.SecureCookies, "mark the session cookie Secure (behind an HTTPS proxy; env KECHUANG_SECURE_COOKIES=1)")
	pf.BoolVar(&f.cfg.Metrics, "metrics", f.cfg.Metrics, "serve Prometheus metrics at /metrics (env KECHUANG_METRICS=1)")
	pf.StringVar(&f.cfg.MetricsToken, "metrics-token", f.cfg.MetricsToken, "with --metrics, also serve /metrics to requests with \"Authorization: Bearer TOKEN\" (a scraper), not only to administrators (env KECHUANG_METRICS_TOKEN)")
	pf.StringVar(&f.cfg.LogFormat, "log-format", f.cfg.LogFormat, "log format: text or json (env KECHUANG_LOG_FORMAT)")
	noSeed := pf.Bool("no-seed", !f.cfg.Seed, "do not load the built-in Fuling dataset into an empty database (env KECHUANG_NO_SEED=1)")
	root.PersistentPreRun = func(*cobra.Command, []string) { f.cfg.Seed = !*noSeed }
	root.AddCommand(newServe(f), newBulletin(f), newSystem(f), newDataset(f), newTargets(f), newDemo(f), newMicro(f), newImport(f), newHistory(f), newCertificates(f), newScreen(f), newFacts(f))
	root.AddCommand(ledgerCommands(f)...)
	root.AddCommand(matchCommands(f)...)
	root.AddCommand(opsCommands(f)...)
	root.AddCommand(newUser(f))
	root.AddCommand(newExtract(f))
	return root
}

// open opens the application with the flags' configuration.
func (f *rootFlags) open(ctx context.Context, logTo io.Writer) (*app.App, error) {
	return app.Open(ctx, f.cfg, f.cfg.Logger(logTo))
}

// view opens the application and loads the system to work on; the caller
// closes the app.
func (f *rootFlags) view(cmd *cobra.Command) (*app.App, app.View, error) {
	a, err := f.open(cmd.Context(), cmd.ErrOrStderr())
	if err != nil {
		return nil, app.View{}, err
	}
	v, err := a.View(cmd.Context(), "")
	if err != nil {
		a.Close()
		return nil, app.View{}, err
	}
	return a, v, nil
}

// Main runs the command line and returns the process exit code.
func Main() int {
	root := New()
	if err := root.ExecuteContext(context.Background()); err != nil {
		root.PrintErrln("kechuang:", err)
		return 1
	}
	return 0
}
