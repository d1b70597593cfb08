// Package config holds kechuang's settings: defaults, KECHUANG_* environment
// variables, and command-line flags on top (flags win).
package config

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Config is the whole configuration.
type Config struct {
	// DataDir holds the SQLite database (kechuang.db) and other local files.
	// Default ./data; env KECHUANG_DATA.
	DataDir string
	// DatabaseURL selects PostgreSQL (postgres://user@host:port/db?sslmode=disable).
	// Empty means the embedded SQLite file in DataDir. Env KECHUANG_DATABASE_URL.
	DatabaseURL string
	// Addr is where `serve` listens, HOST:PORT. Default 127.0.0.1:8080; env KECHUANG_ADDR.
	Addr string
	// System is the code of the innovation system to show and report on when
	// the database holds several (one per district). Empty means the only
	// one. Env KECHUANG_SYSTEM.
	System string
	// Seed loads the built-in Fuling dataset into a database that has no
	// system yet. Default true; env KECHUANG_NO_SEED=1 turns it off.
	Seed bool
	// Metrics serves Prometheus metrics at /metrics (request counts and
	// latencies by route, Go runtime and process). Default off; env
	// KECHUANG_METRICS=1.
	Metrics bool
	// MetricsToken, when set, lets a scraper (Prometheus) read /metrics
	// with the header "Authorization: Bearer TOKEN" instead of an
	// administrator's session. Empty (default): /metrics is for
	// administrators only. Env KECHUANG_METRICS_TOKEN.
	MetricsToken string
	// SecureCookies marks the session cookie Secure, for a server behind an
	// HTTPS reverse proxy (a direct TLS connection sets it anyway). Env
	// KECHUANG_SECURE_COOKIES=1.
	SecureCookies bool
	// LogFormat is "text" (default) or "json" (structured, one object per
	// line, for log collectors). Env KECHUANG_LOG_FORMAT.
	LogFormat string
}

// Default returns the defaults overridden by the environment.
func Default() Config {
	c := Config{DataDir: "data", Addr: "127.0.0.1:8080", Seed: true}
	if v := os.Getenv("KECHUANG_DATA"); v != "" {
		c.DataDir = v
	}
	if v := os.Getenv("KECHUANG_DATABASE_URL"); v != "" {
		c.DatabaseURL = v
	}
	if v := os.Getenv("KECHUANG_SYSTEM"); v != "" {
		c.System = v
	}
	if v := os.Getenv("KECHUANG_ADDR"); v != "" {
		c.Addr = v
	}
	if v := os.Getenv("KECHUANG_METRICS"); v != "" {
		c.Metrics, _ = strconv.ParseBool(v)
	}
	if v := os.Getenv("KECHUANG_METRICS_TOKEN"); v != "" {
		c.MetricsToken = v
	}
	if v := os.Getenv("KECHUANG_SECURE_COOKIES"); v != "" {
		c.SecureCookies, _ = strconv.ParseBool(v)
	}
	if v := os.Getenv("KECHUANG_LOG_FORMAT"); v != "" {
		c.LogFormat = v
	}
	if v := os.Getenv("KECHUANG_NO_SEED"); v != "" {
		if b, err := strconv.ParseBool(v); err == nil && b {
			c.Seed = false
		}
	}
	return c
}

// DSN is the database to open: DatabaseURL, or the SQLite file in DataDir.
func (c Config) DSN() string {
	if c.DatabaseURL != "" {
		return c.DatabaseURL
	}
	return filepath.Join(c.DataDir, "kechuang.db")
}

// IsPostgresURL reports whether s is a postgres:// or postgresql:// URL
// (scheme in any case).
func IsPostgresURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Validate checks the settings and says which one is wrong.
func (c Config) Validate() error {
	if c.DatabaseURL == "" && c.DataDir == "" {
		return fmt.Errorf("config: the data directory (--data, KECHUANG_DATA) is empty")
	}
	if c.DatabaseURL != "" && !IsPostgresURL(c.DatabaseURL) {
		return fmt.Errorf("config: database %q (--database, KECHUANG_DATABASE_URL) is not a postgres:// URL; for the embedded SQLite database leave it empty and set --data DIR", c.DatabaseURL)
	}
	if c.LogFormat != "" && c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("config: log format %q (--log-format, KECHUANG_LOG_FORMAT) is not text or json", c.LogFormat)
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("config: address %q (--addr, KECHUANG_ADDR) is not HOST:PORT: %v", c.Addr, err)
	}
	return nil
}

// Logger returns the logger of the configured format writing to w.
func (c Config) Logger(w io.Writer) *slog.Logger {
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
