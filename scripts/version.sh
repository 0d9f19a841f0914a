#!/usr/bin/env bash
# Prints the version a local (non-release) build of the provider is given,
# without a leading v:
#   on a clean tree at a vX.Y.Z tag   X.Y.Z
#   anywhere else                     the next patch after the last vX.Y.Z tag
#                                     (0.0.1 before the first tag)
# The second is what `goreleaser release --snapshot` names a snapshot
# (.goreleaser.yml: snapshot.version_template = incpatch), so `make mirror`
# built from source and from dist/ agree. A plain version, never a
# pre-release: Terraform selects a pre-release only when a constraint names
# it exactly, and the mirror must serve a plain required_providers block.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
tag="$(git describe --tags --abbrev=0 --match 'v[0-9]*.[0-9]*.[0-9]*' 2>/dev/null || true)"
if [[ -z "$tag" ]]; then
  echo "0.0.1"
  exit 0
fi
version="${tag#v}"
if [[ ! "$version" =~ ^([0-9]+)\.([0-9]+)\.([0-9]+)$ ]]; then
  echo "version.sh: the last tag $tag is not vMAJOR.MINOR.PATCH" >&2
  exit 1
fi
if [[ "$(git describe --tags --exact-match --dirty 2>/dev/null || true)" == "$tag" ]]; then
  echo "$version"
else
  echo "${BASH_REMATCH[1]}.${BASH_REMATCH[2]}.$((BASH_REMATCH[3] + 1))"
fi
