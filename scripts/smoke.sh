#!/usr/bin/env bash
# Smoke-test a release binary, under qemu-user when it is for another CPU:
# it loads the built-in Fuling dataset into a new database and prints the
# targets, serves the dashboard (/healthz, the public page; the API refuses
# a request without sign-in; the first administrator is created), and makes
# a backup that passes its check.
#
# Usage: scripts/smoke.sh dist/kechuang-linux-ARCH
set -euo pipefail
bin=$1
arch=${bin##*-}
case "$arch" in
amd64) run=() ;;
arm64) run=(qemu-aarch64) ;;
loong64) run=(qemu-loongarch64) ;;
*) echo "smoke.sh: unknown architecture in $bin" >&2; exit 1 ;;
esac
if [[ $(uname -m) == aarch64 && $arch == arm64 ]] || [[ $(uname -m) == loongarch64 && $arch == loong64 ]]; then run=(); fi
if ((${#run[@]})) && ! command -v "${run[0]}" >/dev/null; then
	echo "smoke.sh: ${run[0]} not found (Debian: apt install qemu-user)" >&2
	exit 1
fi
dir=$(mktemp -d)
pid=
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
fail() { echo "smoke.sh: $arch: $*" >&2; exit 1; }

out=$("${run[@]}" "$bin" --data "$dir/data" targets 2>&1) || fail "targets: $out"
grep -q '到2026年力争突破800亿元' <<<"$out" || fail "targets output lacks the zone's 2026 target: $out"

port=$((20000 + RANDOM % 20000))
"${run[@]}" "$bin" --data "$dir/data" serve --addr "127.0.0.1:$port" >"$dir/serve.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do
	curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
	sleep 0.2
done
# (curl into a variable: grep -q closing a pipe early would fail curl under pipefail)
page=$(curl -fsS "http://127.0.0.1:$port/public") || fail "/public: $(cat "$dir/serve.log")"
grep -q '500102' <<<"$page" || fail "/public lacks the region code"
grep -q '首个管理员账号已创建' "$dir/serve.log" || fail "no first administrator was created: $(cat "$dir/serve.log")"
code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/v1/system")
[[ $code == 401 ]] || fail "/api/v1/system without sign-in answered $code, want 401"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=

"${run[@]}" "$bin" --data "$dir/data" backup "$dir/backup.db" >/dev/null || fail "backup"
echo "smoke.sh: $bin ($arch${run:+ under ${run[0]}}): targets, serve, backup ok"
