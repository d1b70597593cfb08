package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/db"
)

func newBackup(f *rootFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Write a consistent copy of the database while it is in use (SQLite: VACUUM INTO, checked; PostgreSQL: pg_dump --format=custom)",
		Long: `Write a consistent copy of the database to FILE (which must not exist) while the
server keeps running. SQLite: VACUUM INTO makes a transactionally consistent,
compacted copy, which is then opened read-only and must pass integrity_check.
PostgreSQL (--database postgres://…): pg_dump --format=custom; pg_dump comes
from PATH or /usr/lib/postgresql/*/bin (Debian: postgresql-client). Restore
with kechuang restore.`,
		Example: `  kechuang backup /srv/backup/kechuang-20261129.db
  kechuang --database postgres://kechuang@db/kechuang backup kechuang-20261129.dump`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.cfg.Validate(); err != nil {
				return err
			}
			d, err := db.Open(cmd.Context(), f.cfg.DSN())
			if err != nil {
				return err
			}
			defer d.Close()
			if err := d.Backup(cmd.Context(), args[0]); err != nil {
				return err
			}
			st, err := os.Stat(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "backup of %s written to %s (%d bytes)\n", d.Where, args[0], st.Size())
			return nil
		},
	}
}

func newRestore(f *rootFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the database with a backup (stop the server first)",
		Long: `Replace the database with a backup made by kechuang backup. Stop the server
first. SQLite: restore refuses while kechuang serve runs on the same --data
(it holds the lock file kechuang.lock there); the backup is checked
(integrity_check, a schema this kechuang knows); the current database file is
kept beside it as kechuang.db.before-restore-YYYYMMDD-HHMMSS; the next start
migrates the restored database to this release's schema. PostgreSQL:
pg_restore --clean --if-exists --single-transaction into the configured
database; no lock can see servers on other machines, so stop every kechuang
serve using that database first.`,
		Example: `  kechuang restore /srv/backup/kechuang-20261129.db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.cfg.Validate(); err != nil {
				return err
			}
			if config.IsPostgresURL(f.cfg.DatabaseURL) {
				if err := db.RestorePostgres(cmd.Context(), args[0], f.cfg.DatabaseURL); err != nil {
					return fmt.Errorf("%w (stop every kechuang serve on this database before restoring: no lock reaches servers on other machines)", err)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "restored %s into the PostgreSQL database\n", args[0])
				return nil
			}
			lock, err := lockDataDir(f.cfg.DataDir, "restore")
			if err != nil {
				return fmt.Errorf("%w: stop it before restoring", err)
			}
			defer lock.Close()
			kept, err := db.RestoreSQLite(cmd.Context(), args[0], f.cfg.DSN())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "restored %s to %s", args[0], f.cfg.DSN())
			if kept != "" {
				fmt.Fprintf(cmd.OutOrStdout(), "; the previous database is kept as %s", kept)
			}
			fmt.Fprintln(cmd.OutOrStdout())
			return nil
		},
	}
}
