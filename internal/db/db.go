// Package db opens kechuang's database — an embedded SQLite file by default,
// PostgreSQL when a postgres:// URL is configured — and applies the embedded
// schema migrations.
//
// SQL in the store is written once with '?' placeholders; [DB.Rebind] turns
// them into $1, $2 … for PostgreSQL.
package db

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	_ "github.com/ncruces/go-sqlite3/driver"
	"github.com/pressly/goose/v3"
)

//go:embed migrations
var migrations embed.FS

// Dialect names a supported database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database: a read pool and a write pool. With SQLite the write
// pool holds one connection, so writers queue in Go instead of failing with
// SQLITE_BUSY; readers run concurrently under WAL. With PostgreSQL both pools
// are the same.
type DB struct {
	Dialect Dialect
	// W is used for every transaction that writes.
	W *sql.DB
	// R is used for reads.
	R *sql.DB
	// Where names the database for messages (a file path or host/dbname).
	Where string
	// dsn is the PostgreSQL URL (for pg_dump), "" for SQLite.
	dsn string
}

// ErrNewerSchema is returned by [Open] when the database was written by a
// newer kechuang whose schema this binary does not know.
var ErrNewerSchema = errors.New("database schema is newer than this kechuang")

// Open opens the database named by dsn and migrates it to the embedded schema.
//
// dsn is either a PostgreSQL URL (postgres:// or postgresql://) or a path to
// an SQLite file (created with its directory when missing). Migrations are
// applied in one go; if the database already carries a schema version higher
// than the newest embedded migration, Open refuses with [ErrNewerSchema] and
// leaves the database untouched.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var d *DB
	var err error
	if l := strings.ToLower(dsn); strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") {
		d, err = openPostgres(dsn)
	} else {
		d, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := d.migrate(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

func openSQLite(path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", dir, err)
		}
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "journal_mode(wal)")
	q.Add("_pragma", "synchronous(normal)")
	// A file: URI; '%', '?' and '#' in the path must be escaped.
	base := "file:" + uriPath.Replace(filepath.ToSlash(path)) + "?"
	// Page cache: 16 MiB for the one writer (bulk inserts gain little from
	// more, and an import's RSS grows with it), 64 MiB per reader (the
	// aggregation's covering-index scans).
	w, err := sql.Open("sqlite3", base+q.Encode()+"&_pragma=cache_size(-16384)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	r, err := sql.Open("sqlite3", base+q.Encode()+"&_pragma=cache_size(-65536)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	r.SetMaxOpenConns(4)
	if err := w.Ping(); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return &DB{Dialect: SQLite, W: w, R: r, Where: path}, nil
}

var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

func openPostgres(dsn string) (*DB, error) {
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	if err := p.Ping(); err != nil {
		p.Close()
		return nil, fmt.Errorf("connect to postgres: %w", err)
	}
	// A bounded pool: hundreds of sessions share a few dozen connections
	// (PostgreSQL's default max_connections is 100, and each backend costs
	// memory); waiting in Go is cheaper than thrashing the server.
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(32)
	where := dsn
	if u, err := url.Parse(dsn); err == nil {
		where = u.Host + u.Path
	}
	return &DB{Dialect: Postgres, W: p, R: p, Where: where, dsn: dsn}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations/"+string(d.Dialect))
	if err != nil {
		return nil, err
	}
	dialect := goose.DialectSQLite3
	if d.Dialect == Postgres {
		dialect = goose.DialectPostgres
	}
	return goose.NewProvider(dialect, d.W, sub)
}

// SchemaVersions returns the schema version of the database and the newest
// version this binary embeds.
func (d *DB) SchemaVersions(ctx context.Context) (current, newest int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, err
	}
	current, err = p.GetDBVersion(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("read schema version of %s: %w", d.Where, err)
	}
	srcs := p.ListSources()
	newest = srcs[len(srcs)-1].Version
	return current, newest, nil
}

func (d *DB) migrate(ctx context.Context) error {
	current, newest, err := d.SchemaVersions(ctx)
	if err != nil {
		return err
	}
	if current > newest {
		return fmt.Errorf("%w: %s has schema version %d, this kechuang knows versions up to %d; run the kechuang release that wrote it, or restore a backup",
			ErrNewerSchema, d.Where, current, newest)
	}
	p, err := d.provider()
	if err != nil {
		return err
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate %s: %w", d.Where, err)
	}
	return nil
}

// Rebind rewrites '?' placeholders as $1, $2 … for PostgreSQL and returns
// the query unchanged for SQLite. '?' inside single-quoted literals is kept.
func (d *DB) Rebind(query string) string {
	if d.Dialect != Postgres {
		return query
	}
	var b strings.Builder
	n := 0
	inQuote := false
	for _, r := range query {
		switch {
		case r == '\'':
			inQuote = !inQuote
			b.WriteRune(r)
		case r == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
