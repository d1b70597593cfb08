// Package testutil gives tests the databases to run on: always a fresh
// SQLite file, and a fresh PostgreSQL schema when KECHUANG_TEST_PG_DSN names
// a server (scripts/test.sh starts one). With KECHUANG_REQUIRE_PG=1 a missing
// or unreachable PostgreSQL fails the test instead of leaving it out.
package testutil

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// Database is a database a test can open: a name for subtests and a DSN for
// db.Open / config.Config.DatabaseURL (SQLite: a file path).
type Database struct {
	Name string
	DSN  string
}

var seq atomic.Int64

// Databases returns a fresh SQLite database and, when configured, a fresh
// PostgreSQL schema; both are removed when the test ends.
func Databases(t testing.TB) []Database {
	t.Helper()
	out := []Database{{Name: "sqlite", DSN: filepath.Join(t.TempDir(), "kechuang.db")}}
	if pg, ok := Postgres(t); ok {
		out = append(out, Database{Name: "postgres", DSN: pg})
	}
	return out
}

// Postgres returns the DSN of a fresh schema on the test PostgreSQL server,
// or false when none is configured (a failure when KECHUANG_REQUIRE_PG=1).
func Postgres(t testing.TB) (string, bool) {
	t.Helper()
	base := os.Getenv("KECHUANG_TEST_PG_DSN")
	required := os.Getenv("KECHUANG_REQUIRE_PG") == "1"
	if base == "" {
		if required {
			t.Fatal("KECHUANG_REQUIRE_PG=1 but KECHUANG_TEST_PG_DSN is empty: start PostgreSQL with scripts/pg-start.sh")
		}
		return "", false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres %s: %v", base, err)
	}
	defer admin.Close()
	if err := admin.PingContext(ctx); err != nil {
		if required {
			t.Fatalf("postgres %s unreachable: %v", base, err)
		}
		t.Logf("postgres %s unreachable, testing SQLite only: %v", base, err)
		return "", false
	}
	schema := fmt.Sprintf("t_%d_%d_%s", os.Getpid(), seq.Add(1), strings.ToLower(sanitize(t.Name())))
	if len(schema) > 60 {
		schema = schema[:60]
	}
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA "`+schema+`"`); err != nil {
		t.Fatalf("create schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		c, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer c.Close()
		c.Exec(`DROP SCHEMA "` + schema + `" CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", base, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), true
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}
