package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/model"
	"github.com/kechuang/kechuang/internal/web"
)

func newServe(f *rootFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboard and the JSON API (default http://127.0.0.1:8080)",
		Long: `Serve the dashboard (Chinese pages: the 1+2+3 structure, node pages, targets,
organisations, bulletin) and the JSON API under /api/v1/ (docs/api.md).
The database is migrated on start; a database written by a newer kechuang is
refused. A fresh database gets the built-in Fuling dataset unless --no-seed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), syscall.SIGINT, syscall.SIGTERM)
			defer stop()
			if err := f.cfg.Validate(); err != nil {
				return err
			}
			log := f.cfg.Logger(cmd.ErrOrStderr())
			started := time.Now()
			// One server per data directory, and no restore under it: the
			// lock is held until serve ends (PostgreSQL: no lock; stop the
			// servers before a restore).
			if !config.IsPostgresURL(f.cfg.DatabaseURL) {
				lock, err := lockDataDir(f.cfg.DataDir, "serve")
				if err != nil {
					return fmt.Errorf("%w: stop it first, or give this server another --data", err)
				}
				defer lock.Close()
			}
			a, err := f.open(ctx, cmd.ErrOrStderr())
			if err != nil {
				return err
			}
			defer a.Close()
			// Several districts and no --system: the first by 行政区划代码
			// is the default district (accounts of a district work in
			// theirs; installation-level ones switch).
			systems, err := a.Store.Systems(ctx)
			if err != nil {
				return err
			}
			if a.System == "" && len(systems) > 1 {
				first := slices.MinFunc(systems, func(x, y model.System) int { return strings.Compare(x.RegionCode, y.RegionCode) })
				a.System = first.Code
				log.Info("several districts; default district (choose with --system)", "district", first.Code, "districts", len(systems))
			}
			// Fail now, not on every page, when the system to show is unclear.
			if _, err := a.View(ctx, ""); err != nil && !errors.Is(err, app.ErrNoSystem) {
				return err
			}
			if err := firstAdmin(ctx, a, cmd.ErrOrStderr()); err != nil {
				return err
			}
			srv, err := web.New(a, log, web.WithAuth(f.cfg.SecureCookies))
			if err != nil {
				return err
			}
			if f.cfg.Metrics {
				srv.EnableMetrics()
				srv.SetMetricsToken(f.cfg.MetricsToken)
			}
			ln, err := net.Listen("tcp", f.cfg.Addr)
			if err != nil {
				return fmt.Errorf("listen on %s: %w", f.cfg.Addr, err)
			}
			hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
			log.Info("kechuang serving", "url", "http://"+ln.Addr().String()+"/", "database", a.DB.Where,
				"dialect", a.DB.Dialect, "startup", time.Since(started).Round(time.Millisecond))
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			// Today's screening of every district, before anyone asks.
			go func() {
				for _, sys := range systems {
					if v, err := a.View(ctx, sys.Code); err == nil {
						a.WarmPipeline(ctx, v)
					}
				}
			}()
			select {
			case err := <-errc:
				return err
			case <-ctx.Done():
			}
			shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := hs.Shutdown(shut); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			log.Info("kechuang stopped")
			return nil
		},
	}
	cmd.Flags().StringVar(&f.cfg.Addr, "addr", f.cfg.Addr, "listen address HOST:PORT (env KECHUANG_ADDR)")
	return cmd
}
