#!/usr/bin/env bash
# Prints the absolute path of a Terraform-compatible CLI on stdout; everything
# else goes to stderr.
#
# Order of preference:
#   1. $TOPOLOGY_TF_CLI, when set (an explicit choice: terraform or tofu);
#   2. `terraform` on PATH;
#   3. `tofu` on PATH;
#   4. OpenTofu cached under .tools/bin/ by an earlier run of this script;
#   5. OpenTofu built now from the Go module proxy (no other network needed).
#      This is a large build: about 4-5 minutes on 2 cores with a cold Go
#      build cache (measured 215-304 s), once per machine.
#
# The build downloads github.com/opentofu/opentofu@$TOFU_VERSION with
# `go mod download`, copies it to a writable directory (the module cache is
# read-only) and runs `go build ./cmd/tofu` there (`go install` refuses the
# module's replace directives).
#
# `scripts/ensure-terraform.sh tofu` skips 1 and 2: OpenTofu whatever else is
# installed (`make test-opentofu`).
#
# Callers that need to know which CLI they got: scripts/tf-env.sh.
set -euo pipefail

want="${1:-any}"
case "$want" in
any | tofu) ;;
*)
  echo "usage: scripts/ensure-terraform.sh [tofu]" >&2
  exit 2
  ;;
esac

TOFU_VERSION="${TOFU_VERSION:-v1.12.6}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="${TOPOLOGY_TOOLS_DIR:-$ROOT/.tools}/bin"

log() { echo "ensure-terraform: $*" >&2; }

# A CLI config file that does not exist only makes the CLI print warnings.
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  unset TF_CLI_CONFIG_FILE
fi

if [[ $want == any && -n "${TOPOLOGY_TF_CLI:-}" ]]; then
  if [[ -x "$TOPOLOGY_TF_CLI" ]]; then
    echo "$TOPOLOGY_TF_CLI"
    exit 0
  fi
  log "TOPOLOGY_TF_CLI=$TOPOLOGY_TF_CLI is not an executable file"
  exit 1
fi

clis=(terraform tofu)
[[ $want == tofu ]] && clis=(tofu)
for cli in "${clis[@]}"; do
  if path="$(command -v "$cli" 2>/dev/null)" && [[ -n "$path" ]]; then
    echo "$path"
    exit 0
  fi
done

cached="$TOOLS_BIN/tofu-$TOFU_VERSION"
if [[ -x "$cached" ]] && "$cached" version >/dev/null 2>&1; then
  echo "$cached"
  exit 0
fi

command -v go >/dev/null || { log "neither terraform, tofu nor go is on PATH"; exit 1; }

if [[ $want == tofu ]]; then
  log "no tofu on PATH: building OpenTofu $TOFU_VERSION from the Go module proxy"
else
  log "no terraform or tofu on PATH: building OpenTofu $TOFU_VERSION from the Go module proxy"
fi
log "(one-off, several minutes; cached as $cached)"
start=$SECONDS

# Download outside any module so that the project's go.mod is not touched.
dl_json="$(cd / && GOFLAGS= GOWORK=off go mod download -json "github.com/opentofu/opentofu@$TOFU_VERSION")" || {
  log "go mod download github.com/opentofu/opentofu@$TOFU_VERSION failed:"
  echo "$dl_json" >&2
  exit 1
}
moddir="$(printf '%s\n' "$dl_json" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",\{0,1\}$/\1/p')"
if [[ -z "$moddir" || ! -f "$moddir/go.mod" ]]; then
  log "could not find the downloaded module directory in:"
  echo "$dl_json" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tofu-build.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null || true; rm -rf "$work"' EXIT
cp -R "$moddir" "$work/src"
chmod -R u+w "$work/src"

mkdir -p "$TOOLS_BIN"
(
  cd "$work/src"
  # -buildvcs=false: the copy has no VCS metadata of its own.
  GOWORK=off GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -buildvcs=false -trimpath \
    -ldflags "-s -w -X github.com/opentofu/opentofu/version.dev=no" \
    -o "$cached.tmp" ./cmd/tofu
)
mv "$cached.tmp" "$cached"
ln -sf "tofu-$TOFU_VERSION" "$TOOLS_BIN/tofu"

log "built $("$cached" version 2>/dev/null | grep -m1 OpenTofu || true) in $((SECONDS - start))s"
echo "$cached"
