package app_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kechuang/kechuang/internal/app"
	"github.com/kechuang/kechuang/internal/config"
	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/model"
)

// release-schema3.db was written by an earlier release (commit
// 3f8e2a4, schema version 3): the Fuling dataset, 40 demo firms with 1—8月
// 2022 reports, and the enterprises_gbk.csv case imported for 1—8月 2023.
// (25680+12000+56000+88000+3200 万元 of revenue). Opened by this release it migrates, keeps every row and column it had, and
// serves the same figures.
func TestUpgradeFromSchema3(t *testing.T) {
	ctx := context.Background()
	dir := upgrade(t, "testdata/release-schema3.db", map[string]string{"organisations": "75 rows", "reports": "1411 rows"})
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = dir, "", true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	v, err := a.View(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	sums, err := a.Store.AggregateReports(ctx, v.System.ID, 2023, 8, "2023-08-31")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, s := range sums {
		if s.NodeCode == "fuling" && s.Indicator == "operating_revenue" {
			found = true
			if s.Firms != 5 || s.Value.String() != "1848800000" {
				t.Errorf("district revenue 1—8月 2023: %d firms, %s", s.Firms, s.Value)
			}
		}
	}
	if !found {
		t.Error("no district revenue after the upgrade")
	}
	ex, err := a.Store.ExpiringRecognitions(ctx, v.System.ID, model.HighTechEnterprise, "2023-09-01", "2024-09-01")
	if err != nil || len(ex) != 2 || ex[0].USCC != "91500102DM0000004J" {
		t.Errorf("expiring certificates after the upgrade: %v %v", ex, err)
	}
}

// release-schema8.db was written by the release before this one (commit
// 244df00, schema version 8): the Fuling dataset, `demo generate --firms 30
// --months 3 --year 2023 --seed 5`, `ledger demo`, and three accounts made
// by `user add`: wang (analyst), baitao1 (officer of baitao), firm1
// (reporter of 91500102DM00000006). Migration 00009 gives accounts a
// district: the officer's and the reporter's is their node's and firm's
// (fuling), the analyst stays installation-level; every other row and
// column is kept.
func TestUpgradeFromSchema8(t *testing.T) {
	ctx := context.Background()
	dir := upgrade(t, "testdata/release-schema8.db", map[string]string{"organisations": "58 rows", "reports": "300 rows", "tech_contracts": "51 rows", "users": "3 rows"})
	cfg := config.Default()
	cfg.DataDir, cfg.DatabaseURL, cfg.Seed = dir, "", true
	a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	users, err := a.Store.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, u := range users {
		got[u.Login] = u.System + "|" + u.Node + "|" + u.OrgUSCC
	}
	want := map[string]string{"wang": "||", "baitao1": "fuling|baitao|", "firm1": "fuling||91500102DM00000006"}
	for login, w := range want {
		if got[login] != w {
			t.Errorf("%s after the upgrade: %q, want %q", login, got[login], w)
		}
	}
}

// upgrade copies a fixture database written by an earlier release, checks
// it holds what its test says (table → row-count prefix of its digest),
// opens it with this release (which migrates it to the newest schema) and
// checks that every table keeps every row and column value it had, and
// that the database passes its integrity checks. It returns the data
// directory holding the upgraded kechuang.db.
func upgrade(t *testing.T, fixture string, rows map[string]string) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kechuang.db")
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	cols, before, err := db.SQLiteColumns(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for table, n := range rows {
		if !strings.HasPrefix(before[table], n+" ") && before[table] != n {
			t.Fatalf("fixture %s: %s is %s, want %s", fixture, table, before[table], n)
		}
	}
	d, err := db.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	cur, newest, err := d.SchemaVersions(ctx)
	if err != nil || cur != newest || cur < 4 {
		t.Fatalf("schema %d of %d: %v", cur, newest, err)
	}
	after, err := d.ColumnDigests(ctx, cols)
	if err != nil {
		t.Fatal(err)
	}
	for table, want := range before {
		if after[table] != want {
			t.Errorf("%s changed by the upgrade: %s → %s", table, want, after[table])
		}
	}
	if err := d.Check(ctx); err != nil {
		t.Fatal(err)
	}
	d.Close()
	return dir
}
