#!/usr/bin/env bash
# Release binaries for linux amd64, arm64 and loong64 (信创 hardware) in one
# command: static, stripped builds in dist/ (scripts/crossbuild.sh), their
# SHA-256 sums in dist/SHA256SUMS, and each binary smoke-tested
# (scripts/smoke.sh; arm64 and loong64 under qemu-user).
#
# Usage: bash scripts/release.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/crossbuild.sh amd64 arm64 loong64
(cd dist && sha256sum kechuang-linux-amd64 kechuang-linux-arm64 kechuang-linux-loong64 >SHA256SUMS)
for arch in amd64 arm64 loong64; do
	bash scripts/smoke.sh "dist/kechuang-linux-$arch"
done
echo "release.sh: dist/ holds the three binaries and SHA256SUMS"
