#!/usr/bin/env bash
# Stop a PostgreSQL started by scripts/pg-start.sh and remove its temp dir.
#
# Usage: scripts/pg-stop.sh DIR      (DIR = the PGDATA_DIR that pg-start.sh printed)
# Idempotent: a missing or already-stopped DIR is fine.
set -euo pipefail

dir=${1:-}
say() { printf 'pg-stop: %s\n' "$*" >&2; }
[[ -n $dir ]] || { say "usage: $0 DIR"; exit 2; }
[[ -e $dir ]] || exit 0
if [[ ! -f $dir/.kechuang-pg ]]; then
	say "ERROR: $dir was not made by pg-start.sh (no .kechuang-pg marker); not touching it"
	exit 1
fi

bindir=${PG_BINDIR:-}
if [[ -z $bindir ]]; then
	if [[ -x /usr/lib/postgresql/15/bin/pg_ctl ]]; then
		bindir=/usr/lib/postgresql/15/bin
	elif command -v pg_config >/dev/null 2>&1; then
		bindir=$(pg_config --bindir)
	fi
fi
unset PGDATA

pidfile=$dir/data/postmaster.pid
pid=
[[ -f $pidfile ]] && pid=$(head -n 1 "$pidfile" 2>/dev/null || true)
if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
	owner=$(stat -c %U "$dir/data")
	if [[ $(id -u) -eq 0 && $owner != root ]]; then
		as_pg() { runuser -u "$owner" -- "$@"; }
	else
		as_pg() { "$@"; }
	fi
	cd /
	if [[ -n $bindir && -x $bindir/pg_ctl ]]; then
		if ! out=$(as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop 2>&1); then
			say "fast stop failed: $out"
			as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 15 stop >/dev/null 2>&1 || true
		fi
	else
		kill -INT "$pid" 2>/dev/null || true # "fast" shutdown
	fi
	# Make sure the postmaster is really gone before deleting its files.
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$pid" 2>/dev/null; then
		say "postmaster $pid still running; killing it"
		kill -KILL "$pid" 2>/dev/null || true
		sleep 0.5
	fi
fi
rm -rf -- "$dir"
