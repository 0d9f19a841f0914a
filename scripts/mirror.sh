#!/usr/bin/env bash
# Lays the provider out as a Terraform/OpenTofu filesystem_mirror in DIR,
# for both addresses the provider is known by:
#   registry.terraform.io/multiregion/topology   (Terraform)
#   registry.opentofu.org/multiregion/topology   (OpenTofu)
# and writes DIR/mirror.tfrc, a CLI config that installs the provider from
# that mirror only (no registry, no `direct`).
#
#   scripts/mirror.sh DIR               from dist/ when `make release-snapshot`
#                                       (or a release) left zips there, else
#                                       built now for this machine
#   SOURCE=build scripts/mirror.sh DIR  always build for this machine
#   SOURCE=dist  scripts/mirror.sh DIR  dist/ only (fails when it is empty)
#   VERSION=1.2.3 ...                   the version to build as (SOURCE=build)
#
# From dist/ the layout is the packed one (the release zips themselves, every
# OS/arch: DIR/HOST/multiregion/topology/terraform-provider-topology_V_OS_ARCH.zip),
# so `terraform providers lock -fs-mirror=DIR -platform=...` can lock every
# OS/arch. Built here it is the unpacked one (DIR/HOST/multiregion/topology/
# V/OS_ARCH/terraform-provider-topology_vV), for this OS/arch only. Either
# way the lock file gets h1: hashes (a mirror has no SHA256SUMS for zh:).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=terraform-provider-topology
HOSTS=(registry.terraform.io registry.opentofu.org)
NAMESPACE=multiregion
TYPE=topology

log() { echo "mirror: $*" >&2; }

if [[ $# -ne 1 || -z "$1" ]]; then
  log "usage: scripts/mirror.sh DIR   (make mirror DIR=path)"
  exit 2
fi
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
cd "$ROOT"

source="${SOURCE:-}"
if [[ -z "$source" ]]; then
  if compgen -G "dist/${NAME}_*_SHA256SUMS" >/dev/null; then source=dist; else source=build; fi
fi

case "$source" in
dist)
  sums=(dist/"${NAME}"_*_SHA256SUMS)
  if [[ ! -f "${sums[0]}" || ${#sums[@]} -ne 1 ]]; then
    log "SOURCE=dist needs exactly one dist/${NAME}_*_SHA256SUMS (run 'make release-snapshot'); found: ${sums[*]}"
    exit 1
  fi
  version="$(basename "${sums[0]}")"
  version="${version#"${NAME}_"}"
  version="${version%_SHA256SUMS}"
  if [[ -n "${VERSION:-}" && "${VERSION#v}" != "$version" ]]; then
    log "VERSION=$VERSION, but dist/ holds $version: drop VERSION, or use SOURCE=build"
    exit 1
  fi
  # Only zips the sums vouch for go into the mirror.
  (cd dist && grep "_${version}_.*\.zip\$" "$(basename "${sums[0]}")" | sha256sum -c --quiet -) || {
    log "the zips in dist/ do not match ${sums[0]}: run 'make release-snapshot' again"
    exit 1
  }
  zips=(dist/"${NAME}_${version}"_*.zip)
  for host in "${HOSTS[@]}"; do
    dest="$DIR/$host/$NAMESPACE/$TYPE"
    mkdir -p "$dest"
    cp "${zips[@]}" "$dest/"
  done
  log "packed mirror of $version (${#zips[@]} OS/arch zips from dist/) in $DIR"
  ;;
build)
  version="${VERSION:-$("$ROOT/scripts/version.sh")}"
  version="${version#v}"
  if [[ ! "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
    log "VERSION=$version is not a semantic version (MAJOR.MINOR.PATCH)"
    exit 1
  fi
  target="$(go env GOOS)_$(go env GOARCH)"
  tmp="$DIR/.${NAME}.build"
  CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/multiregion/terraform-provider-topology/internal/version.Version=v$version" \
    -o "$tmp" .
  exe=
  [[ "$(go env GOOS)" == windows ]] && exe=.exe
  for host in "${HOSTS[@]}"; do
    dest="$DIR/$host/$NAMESPACE/$TYPE/$version/$target"
    mkdir -p "$dest"
    cp "$tmp" "$dest/${NAME}_v${version}${exe}"
  done
  rm -f "$tmp"
  log "unpacked mirror of $version for $target (built from source) in $DIR"
  ;;
*)
  log "SOURCE=$source: use dist or build"
  exit 2
  ;;
esac

cat >"$DIR/mirror.tfrc" <<TFRC
# CLI configuration (TF_CLI_CONFIG_FILE, or ~/.terraformrc, or
# %APPDATA%/terraform.rc; OpenTofu also reads ~/.tofurc) that installs
# multiregion/topology from the filesystem mirror beside this file and never
# contacts a registry for it. Written by scripts/mirror.sh ($version).
#
# With no "direct" block nothing else installs from the network either: put
# every other provider the configuration needs into the same directory
# (terraform providers mirror $DIR) and widen "include", or add
#   direct { exclude = ["registry.terraform.io/multiregion/topology", "registry.opentofu.org/multiregion/topology"] }
# where a registry is reachable.
provider_installation {
  filesystem_mirror {
    path    = "$DIR"
    include = ["registry.terraform.io/multiregion/topology", "registry.opentofu.org/multiregion/topology"]
  }
}
TFRC
echo "$version" >"$DIR/VERSION"
log "CLI config: export TF_CLI_CONFIG_FILE=$DIR/mirror.tfrc"
