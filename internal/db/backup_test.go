package db_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/testutil"
)

// fill writes rows into every kind of column the schema has: a system,
// nodes, organisations with credit codes, recognitions, reports.
func fill(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	for _, q := range []string{
		`INSERT INTO systems (id, code, name, short_name, region_code, region_name) VALUES (1, 'fuling', '涪陵区产业科创体系', '1+2+3', '500102', '涪陵区')`,
		`INSERT INTO nodes (id, system_id, code, name, kind, sort) VALUES (1, 1, 'fuling', '涪陵区', 'district', 0)`,
		`INSERT INTO organisations (id, system_id, code, name, kind, uscc, registered_on) VALUES (1, 1, 'a', '重庆甲有限公司', 'enterprise', '91500102MA6000001J', '2018-05-06')`,
		`INSERT INTO recognitions (system_id, org_id, name, level, granted, valid_until) VALUES (1, 1, '高新技术企业', 'national', '2023-11-20', '2026-11-19')`,
	} {
		if _, err := d.W.ExecContext(ctx, d.Rebind(q)); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// A populated database backed up and restored holds exactly the same rows
// in every table, on both engines.
func TestBackupRestoreRoundTrip(t *testing.T) {
	for _, tdb := range testutil.Databases(t) {
		t.Run(tdb.Name, func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, tdb.DSN)
			if err != nil {
				t.Fatal(err)
			}
			fill(t, d)
			want, err := d.TableDigests(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(want["recognitions"], "1 rows") || !strings.HasPrefix(want["organisations"], "1 rows") {
				t.Fatalf("digests %v", want)
			}
			file := filepath.Join(t.TempDir(), "backup.bin")
			if err := d.Backup(ctx, file); err != nil {
				t.Fatal(err)
			}
			if err := d.Backup(ctx, file); err == nil || !strings.Contains(err.Error(), "exists") {
				t.Errorf("second backup to the same file: %v", err)
			}
			// Change the live database, then restore.
			if _, err := d.W.ExecContext(ctx, `DELETE FROM recognitions`); err != nil {
				t.Fatal(err)
			}
			if tdb.Name == "postgres" {
				d.Close()
				if err := db.RestorePostgres(ctx, file, tdb.DSN); err != nil {
					t.Fatal(err)
				}
			} else {
				d.Close()
				kept, err := db.RestoreSQLite(ctx, file, tdb.DSN)
				if err != nil || kept == "" {
					t.Fatalf("restore: %v (kept %q)", err, kept)
				}
			}
			d, err = db.Open(ctx, tdb.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if err := d.Check(ctx); err != nil {
				t.Fatal(err)
			}
			got, err := d.TableDigests(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || len(want) < 10 {
				t.Fatalf("%d tables restored, %d backed up", len(got), len(want))
			}
			for table, w := range want {
				if got[table] != w {
					t.Errorf("%s: restored %s, backed up %s", table, got[table], w)
				}
			}
		})
	}
}

// A file that is not a database, or a backup from a newer schema, is
// refused and the current database stays.
func TestRestoreRefusesBadBackups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	target := filepath.Join(dir, "kechuang.db")
	d, err := db.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, d)
	newer := filepath.Join(dir, "newer.db")
	if err := d.Backup(ctx, newer); err != nil {
		t.Fatal(err)
	}
	d.Close()
	n, err := db.Open(ctx, newer)
	if err != nil {
		t.Fatal(err)
	}
	n.W.ExecContext(ctx, `INSERT INTO goose_db_version (version_id, is_applied) VALUES (9999, 1)`)
	n.Close()
	if _, err := db.RestoreSQLite(ctx, newer, target); err == nil || !strings.Contains(err.Error(), "schema version 9999") {
		t.Errorf("newer backup: %v", err)
	}
	junk := filepath.Join(dir, "junk.db")
	if err := writeFile(junk, "not a database"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RestoreSQLite(ctx, junk, target); err == nil {
		t.Error("junk restored")
	}
	if err := db.CheckSQLiteFile(ctx, target); err != nil {
		t.Errorf("the current database was harmed: %v", err)
	}
}
