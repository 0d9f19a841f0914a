#!/usr/bin/env bash
# `make release-snapshot`: the whole release (.goreleaser.yml) built locally
# and offline into dist/, nothing published, then checked:
#   dist/terraform-provider-topology_V_OS_ARCH.zip   linux, darwin, windows x amd64, arm64,
#                                                    each holding terraform-provider-topology_vV[.exe] alone
#   dist/terraform-provider-topology_V_SHA256SUMS    the zips and the manifest, verified with sha256sum -c
#   dist/terraform-provider-topology_V_manifest.json terraform-registry-manifest.json
#   dist/terraform-provider-topology_V_SHA256SUMS.sig when GPG_FINGERPRINT is set, verified with gpg
# and the linux/amd64 binary (on such a machine) prints vV+snapshot.<commit>.
#
# Signing uses the key GPG_FINGERPRINT names (already in the keyring); without
# it the sign step is skipped. goreleaser comes from tools/release/go.mod: the
# first run downloads and builds it (about 2 GB of modules, minutes of build).
# GORELEASER_FLAGS adds flags to `goreleaser release` (e.g. --parallelism=1).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NAME=terraform-provider-topology
GO="${GO:-go}"

log() { echo "release-snapshot: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

skip=publish
if [[ -z "${GPG_FINGERPRINT:-}" ]]; then
  skip+=,sign
  log "GPG_FINGERPRINT is not set: the SHA256SUMS will not be signed"
fi

start=$SECONDS
# shellcheck disable=SC2086 # GORELEASER_FLAGS is a list of flags
"$GO" tool -modfile=tools/release/go.mod goreleaser release --snapshot --clean --skip="$skip" ${GORELEASER_FLAGS:-}
log "goreleaser took $((SECONDS - start))s"

version="$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)"
[[ -n "$version" ]] || fail "no version in dist/metadata.json"
sums="${NAME}_${version}_SHA256SUMS"
manifest="${NAME}_${version}_manifest.json"

# goreleaser lists the manifest in the sums but leaves no copy in dist/ for a
# snapshot (it is a release asset): put it beside the zips, as a release has it.
cp terraform-registry-manifest.json "dist/$manifest"

[[ -f "dist/$sums" ]] || fail "dist/$sums is missing"
(cd dist && sha256sum -c --strict "$sums") || fail "dist/ does not match dist/$sums"
grep -q "  $manifest\$" "dist/$sums" || fail "dist/$sums does not list $manifest"

want_targets=(darwin_amd64 darwin_arm64 linux_amd64 linux_arm64 windows_amd64 windows_arm64)
for t in "${want_targets[@]}"; do
  zip="dist/${NAME}_${version}_${t}.zip"
  [[ -f "$zip" ]] || fail "$zip is missing"
  grep -q "  $(basename "$zip")\$" "dist/$sums" || fail "dist/$sums does not list $(basename "$zip")"
  exe=
  [[ $t == windows_* ]] && exe=.exe
  # The registry wants the binary alone at the zip's top level.
  listing="$(unzip -Z1 "$zip")"
  [[ "$listing" == "${NAME}_v${version}${exe}" ]] || fail "$zip holds [$listing], want ${NAME}_v${version}${exe} alone"
done
log "${#want_targets[@]} zips, $sums (verified) and $manifest for $version"

if [[ -n "${GPG_FINGERPRINT:-}" ]]; then
  gpg --batch --verify "dist/$sums.sig" "dist/$sums" || fail "dist/$sums.sig does not verify"
  log "$sums.sig verifies"
fi

host="$(go env GOOS)_$(go env GOARCH)"
bin=(dist/"${NAME}_${host}"*/"${NAME}_v${version}")
if [[ -x "${bin[0]}" ]]; then
  printed="$("${bin[0]}" version)"
  [[ "$printed" == "$NAME v$version+snapshot."* ]] || fail "${bin[0]} version prints '$printed', want '$NAME v$version+snapshot.<commit>'"
  log "${bin[0]}: $printed"
fi
