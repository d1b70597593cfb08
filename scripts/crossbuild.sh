#!/usr/bin/env bash
# Build release binaries of cmd/kechuang into dist/:
#   dist/kechuang-linux-amd64, dist/kechuang-linux-arm64, dist/kechuang-linux-loong64
# Static (CGO_ENABLED=0), -trimpath, stripped (-ldflags "-s -w").
# Usage: scripts/crossbuild.sh [GOARCH...]   (default: amd64 arm64 loong64)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

arches=("$@")
((${#arches[@]})) || arches=(amd64 arm64 loong64)
mkdir -p dist
for arch in "${arches[@]}"; do
	out=dist/kechuang-linux-$arch
	t=$SECONDS
	CGO_ENABLED=0 GOOS=linux GOARCH=$arch \
		go build -trimpath -ldflags "-s -w" -o "$out" ./cmd/kechuang
	size=$(stat -c %s "$out")
	printf '%-28s %6.1f MiB  (%d bytes, %ds)\n' "$out" \
		"$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')" "$size" "$((SECONDS - t))"
done
