package db_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/kechuang/kechuang/internal/db"
	"github.com/kechuang/kechuang/internal/testutil"
)

// notDistrictTables are the tables that belong to no one district: the
// reference tables a distributed PostgreSQL replicates to every worker
// (sources, systems, indicators, regions, the matching vocabulary
// match_terms), and the installation's accounts, sessions and audit log,
// kept on the coordinator (docs/scaling.md).
var notDistrictTables = []string{"sources", "systems", "indicators", "regions", "match_terms",
	"users", "sessions", "audit_log", "goose_db_version"}

// Every other table carries its district in a system_id column — NOT NULL on
// PostgreSQL, refused when missing by a trigger on SQLite — so that each row
// can be placed on its district's shard (docs/scaling.md, distribution by
// region). A new table without it fails this test.
func TestEveryDistrictTableCarriesItsDistrict(t *testing.T) {
	for _, tdb := range testutil.Databases(t) {
		t.Run(tdb.Name, func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, tdb.DSN)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			q := `SELECT m.name, COALESCE(MAX(CASE WHEN p.name = 'system_id' THEN 1 END), 0), COALESCE(MAX(CASE WHEN p.name = 'system_id' AND p."notnull" THEN 1 END), 0)
				FROM sqlite_schema m LEFT JOIN pragma_table_info(m.name) p ON TRUE
				WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' GROUP BY m.name`
			if d.Dialect == "postgres" {
				q = `SELECT c.table_name, COALESCE(MAX(CASE WHEN k.column_name = 'system_id' THEN 1 END), 0),
					COALESCE(MAX(CASE WHEN k.column_name = 'system_id' AND k.is_nullable = 'NO' THEN 1 END), 0)
					FROM information_schema.tables c LEFT JOIN information_schema.columns k ON k.table_schema = c.table_schema AND k.table_name = c.table_name
					WHERE c.table_schema = current_schema() AND c.table_type = 'BASE TABLE' GROUP BY c.table_name`
			}
			rows, err := d.R.QueryContext(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var tables, nullable []string
			for rows.Next() {
				var name string
				var has, notNull int
				if err := rows.Scan(&name, &has, &notNull); err != nil {
					t.Fatal(err)
				}
				tables = append(tables, name)
				if slices.Contains(notDistrictTables, name) {
					continue
				}
				if has == 0 {
					t.Errorf("table %s has no system_id", name)
				} else if notNull == 0 {
					nullable = append(nullable, name)
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			rows.Close()
			// A nullable system_id is refused when NULL: on SQLite by the
			// table's trigger <table>_district (00011).
			for _, name := range nullable {
				if d.Dialect == "postgres" {
					t.Errorf("table %s: system_id may be NULL", name)
					continue
				}
				var n int
				if err := d.R.QueryRowContext(ctx, `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'trigger' AND name = ?`, name+"_district").Scan(&n); err != nil || n != 1 {
					t.Errorf("table %s: system_id may be NULL and no trigger refuses it (%v)", name, err)
				}
			}
			sort.Strings(tables)
			if len(tables) < 30 {
				t.Fatalf("only %d tables: %v", len(tables), tables)
			}
		})
	}
}
