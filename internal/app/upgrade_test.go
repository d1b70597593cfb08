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

// release-schema3.db was written by the release before this one (commit
// 3f8e2a4, schema version 3): the Fuling dataset, 40 demo firms with 1—8月
// 2022 reports, and the enterprises_gbk.csv case imported for 1—8月 2023.
// (25680+12000+56000+88000+3200 万元 of revenue). Opened by this release it migrates, keeps every row and column it had, and
// serves the same figures.
func TestUpgradeFromPreviousRelease(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "kechuang.db")
	b, err := os.ReadFile("testdata/release-schema3.db")
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
	if !strings.HasPrefix(before["organisations"], "75 rows") || !strings.HasPrefix(before["reports"], "1411 rows") {
		t.Fatalf("fixture: %v", before)
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
