#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 for the tests.
#
# Usage: scripts/pg-start.sh [ENVFILE]
#
# Creates a temp dir (cluster in DIR/data, socket in DIR, log in DIR/postgres.log),
# runs initdb + pg_ctl start on a free loopback port (54329 upward) and creates
# the database kechuang_test (UTF8, C.UTF-8, from template0). Superuser
# "kechuang", trust auth, listening on 127.0.0.1 only.
#
# It prints shell assignments (to ENVFILE if given, else to stdout), e.g.
#   PGDATA_DIR=/tmp/kechuang-pg.AbC123
#   KECHUANG_TEST_PG_DSN=postgres://kechuang@127.0.0.1:54329/kechuang_test?sslmode=disable
#   KECHUANG_TEST_PG_PORT=54329
# Load them with `. ENVFILE` and stop with `scripts/pg-stop.sh "$PGDATA_DIR"`.
# Progress messages go to stderr. On failure nothing is left behind.
#
# As root, the server runs as the system user $KECHUANG_PG_USER (default
# kechuang-pg, created if missing); otherwise as the calling user.
# Env knobs: PG_BINDIR (default: /usr/lib/postgresql/15/bin),
# KECHUANG_PG_PORT_BASE (default 54329).
set -euo pipefail

envfile=${1:-}
pg_user=${KECHUANG_PG_USER:-kechuang-pg}
port_base=${KECHUANG_PG_PORT_BASE:-54329}
port_tries=100
db=kechuang_test
su_name=kechuang

say() { printf 'pg-start: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

# --- locate PostgreSQL 15 binaries -----------------------------------------
bindir=${PG_BINDIR:-}
if [[ -z $bindir ]]; then
	if [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
		bindir=/usr/lib/postgresql/15/bin
	elif command -v pg_config >/dev/null 2>&1; then
		bindir=$(pg_config --bindir)
	fi
fi
[[ -n $bindir && -x $bindir/initdb && -x $bindir/pg_ctl ]] ||
	die "PostgreSQL server binaries not found (set PG_BINDIR; Debian: apt-get install postgresql-15)"
psql_bin=$bindir/psql
[[ -x $psql_bin ]] || psql_bin=$(command -v psql) || die "psql not found"

# Don't let the caller's libpq/PG environment redirect anything.
unset PGDATA PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGPASSWORD PGSERVICE PGOPTIONS

# --- who runs the server ------------------------------------------------------
if [[ $(id -u) -eq 0 ]]; then
	if ! id -u "$pg_user" >/dev/null 2>&1; then
		say "creating system user $pg_user"
		useradd --system --user-group --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$pg_user" ||
			id -u "$pg_user" >/dev/null 2>&1 || die "cannot create user $pg_user"
	fi
	as_pg() { runuser -u "$pg_user" -- "$@"; }
	command -v runuser >/dev/null 2>&1 ||
		as_pg() { su -s /bin/sh "$pg_user" -c "$(printf '%q ' "$@")"; }
else
	pg_user=$(id -un)
	as_pg() { "$@"; }
fi

# --- temp dir, cleaned up unless we succeed -----------------------------------
# /tmp rather than $TMPDIR: the unix socket path must stay under ~100 bytes.
dir=$(mktemp -d /tmp/kechuang-pg.XXXXXX)
started=
ok=
cleanup() {
	[[ -n $ok ]] && return
	trap '' INT TERM HUP # inherited by pg_ctl: finish the cleanup
	if [[ -n $started ]]; then
		as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	if [[ -s $dir/postgres.log ]]; then
		say "server log (tail):"
		tail -n 30 "$dir/postgres.log" >&2 || true
	fi
	rm -rf -- "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
touch "$dir/.kechuang-pg" # marker checked by pg-stop.sh before rm -rf
chmod 0700 "$dir"
if [[ $(id -u) -eq 0 ]]; then chown -R "$pg_user:" "$dir"; fi
cd / # the server user may not be able to read the caller's cwd

t0=$SECONDS
if ! as_pg "$bindir/initdb" -D "$dir/data" -U "$su_name" --auth=trust \
	--encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
	cat "$dir/initdb.log" >&2
	die "initdb failed"
fi

# --- pick a free port and start; retry on a bind race -------------------------
port_in_use() {
	# Something accepts connections on 127.0.0.1:$1 (covers 0.0.0.0 listeners too).
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
port=
for ((p = port_base; p < port_base + port_tries; p++)); do
	port_in_use "$p" && continue
	# -k: socket in our dir; fsync etc. off: throwaway data, faster tests.
	opts="-k $dir -p $p -c listen_addresses=127.0.0.1 -c max_connections=200"
	opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	started=1
	if as_pg "$bindir/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/postgres.log" \
		-w -t 60 start >/dev/null 2>&1; then
		port=$p
		break
	fi
	started=
	as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	if grep -q 'could not \(bind\|create lock file\)\|already in use' "$dir/postgres.log" 2>/dev/null; then
		say "port $p taken while starting, trying the next one"
		: >"$dir/postgres.log"
		continue
	fi
	die "pg_ctl start failed on port $p"
done
[[ -n $port ]] || die "no free port in $port_base..$((port_base + port_tries - 1))"

"$psql_bin" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$su_name" -d postgres \
	-c "CREATE DATABASE $db TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'" >&2 ||
	die "CREATE DATABASE $db failed"

dsn="postgres://$su_name@127.0.0.1:$port/$db?sslmode=disable"
out=$(
	# Values never contain a single quote, so '...' is safe for `.`/eval
	# and readable by anything else.
	printf "PGDATA_DIR='%s'\n" "$dir"
	printf "KECHUANG_TEST_PG_DSN='%s'\n" "$dsn"
	printf "KECHUANG_TEST_PG_PORT='%s'\n" "$port"
)
if [[ -n $envfile ]]; then
	printf '%s\n' "$out" >"$envfile"
else
	printf '%s\n' "$out"
fi
ok=1
say "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, db $db, dir $dir (user $pg_user, $((SECONDS - t0))s)"
