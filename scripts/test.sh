#!/usr/bin/env bash
# THE test command of kechuang: `bash scripts/test.sh` (CI runs exactly this).
#
# 1. installs chromium + fonts-noto-cjk (Debian) when missing, for the chromedp tests,
#    and qemu-user for starting the arm64 and loong64 release binaries
# 2. starts a throwaway PostgreSQL 15 (scripts/pg-start.sh), stopped again on exit
# 3. go vet, gofmt check, go test -count=1 ./..., then scripts/release.sh: release
#    binaries for linux amd64, arm64, loong64, each smoke-tested (scripts/smoke.sh)
#
# Extra arguments go to `go test`, e.g. `bash scripts/test.sh -run TestFoo -v`.
#
# Environment for the Go tests (exported here):
#   KECHUANG_TEST_PG_DSN     postgres://kechuang@127.0.0.1:PORT/kechuang_test?sslmode=disable
#   KECHUANG_TEST_CHROMIUM   /usr/bin/chromium
#   KECHUANG_REQUIRE_PG=1  (a missing PostgreSQL fails instead of testing SQLite only;
#                           the browser test always fails without chromium)
# If KECHUANG_TEST_PG_DSN is already set, that server is used and none is started.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$PWD
t_start=$SECONDS

say() { printf '==> %s\n' "$*"; }
die() { printf 'test.sh: ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "go not found in PATH"

# --- browser ---------------------------------------------------------------------
chromium=${KECHUANG_TEST_CHROMIUM:-/usr/bin/chromium}
pkgs=()
[[ -x $chromium ]] || pkgs+=(chromium)
command -v qemu-aarch64 >/dev/null 2>&1 && command -v qemu-loongarch64 >/dev/null 2>&1 || pkgs+=(qemu-user)
command -v curl >/dev/null 2>&1 || pkgs+=(curl)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' ||
	pkgs+=(fonts-noto-cjk)
if ((${#pkgs[@]})); then
	command -v apt-get >/dev/null 2>&1 || die "missing ${pkgs[*]} and no apt-get"
	sudo=()
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null 2>&1 || die "missing ${pkgs[*]}; run as root or install them"
		sudo=(sudo -n)
	fi
	say "installing ${pkgs[*]} (apt-get)"
	t=$SECONDS
	aptlog=$(mktemp)
	if ! { "${sudo[@]}" apt-get update -qq &&
		"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			--no-install-recommends -o DPkg::Lock::Timeout=300 "${pkgs[@]}"; } \
		>"$aptlog" 2>&1 </dev/null; then
		tail -n 40 "$aptlog" >&2
		rm -f "$aptlog"
		die "apt-get install ${pkgs[*]} failed"
	fi
	rm -f "$aptlog"
	say "installed in $((SECONDS - t))s"
fi
[[ -x $chromium ]] || die "$chromium not executable after install"
export KECHUANG_TEST_CHROMIUM=$chromium
say "browser: $("$chromium" --version 2>/dev/null | head -n 1)"

# --- PostgreSQL --------------------------------------------------------------------
PGDATA_DIR=
pg_envfile=
cleanup() {
	local rc=$?
	# Ignored signals are inherited: a Ctrl-C / group TERM can't cut the stop short.
	trap '' INT TERM HUP
	# Stopped between pg-start.sh and sourcing its output: read it here.
	if [[ -z $PGDATA_DIR && -n $pg_envfile && -s $pg_envfile ]]; then
		# shellcheck disable=SC1090
		. "$pg_envfile" || true
	fi
	if [[ -n $PGDATA_DIR ]]; then
		bash "$root/scripts/pg-stop.sh" "$PGDATA_DIR" || true
	fi
	[[ -n $pg_envfile ]] && rm -f -- "$pg_envfile"
	return "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

if [[ -n ${KECHUANG_TEST_PG_DSN:-} ]]; then
	say "PostgreSQL: using the given KECHUANG_TEST_PG_DSN"
else
	pg_envfile=$(mktemp)
	bash "$root/scripts/pg-start.sh" "$pg_envfile"
	# shellcheck disable=SC1090
	. "$pg_envfile"
fi
export KECHUANG_TEST_PG_DSN
export KECHUANG_REQUIRE_PG=1

# --- checks --------------------------------------------------------------------------
failed=()
passed=()
step() {
	local name=$1
	shift
	local t=$SECONDS
	say "$name"
	if "$@"; then
		passed+=("$name")
		say "$name: ok ($((SECONDS - t))s)"
	else
		failed+=("$name")
		say "$name: FAILED ($((SECONDS - t))s)"
	fi
}

gofmt_check() {
	local out
	out=$(find . \( -name .git -o -name node_modules -o -name testdata -o -name dist \) -prune \
		-o -type f -name '*.go' -print0 | xargs -0 -r gofmt -l) || return 1
	if [[ -n $out ]]; then
		printf 'not gofmt-ed (run gofmt -w):\n%s\n' "$out"
		return 1
	fi
}


step "go vet ./..." go vet ./...
step "gofmt -l" gofmt_check
step "go test -count=1 ./..." go test -count=1 ./... "$@"
step "release binaries amd64/arm64/loong64, smoke-tested (qemu-user)" bash scripts/release.sh

elapsed=$((SECONDS - t_start))
if ((${#failed[@]})); then
	list=$(printf '%s; ' "${failed[@]}")
	printf 'test.sh: FAILED: %s (%d of %d steps failed, %ds)\n' \
		"${list%; }" "${#failed[@]}" "$((${#failed[@]} + ${#passed[@]}))" "$elapsed"
	exit 1
fi
printf 'test.sh: OK: vet, gofmt, go test, release binaries for linux amd64/arm64/loong64 started under qemu (%ds)\n' "$elapsed"
