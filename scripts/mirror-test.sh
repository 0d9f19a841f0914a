#!/usr/bin/env bash
# Proves the provider installs like a registry provider, offline: a fresh
# directory holding examples/quickstart as written (a normal
# required_providers block, source = "multiregion/topology"), a CLI config
# with only the filesystem_mirror (DIR/mirror.tfrc from scripts/mirror.sh, no
# dev_overrides, no `direct`), then `init` and `plan`.
#
#   scripts/mirror-test.sh DIR   a mirror `make mirror DIR=...` made
#   scripts/mirror-test.sh       a mirror built now into a temporary directory
#
# The CLI is scripts/ensure-terraform.sh's (TOPOLOGY_TF_CLI=path/to/tofu for
# OpenTofu). Any HTTP(S) request fails at once (the proxy is a closed port), so
# an init that tried a registry fails here, not only on an air-gapped machine.
# Checked afterwards: the lock file names the mirror's version and records
# the h1: hash, equal to the installed package's Hash1 computed here; for a
# packed mirror, `providers lock -fs-mirror` for every OS/arch adds an h1:
# per zip, each equal to the Hash1 of the zip's contents; the installed binary
# prints the version it was built as.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=terraform-provider-topology

log() { echo "mirror-test: $*" >&2; }
fail() { log "FAIL: $*"; exit 1; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/topology-mirror-test.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

if [[ $# -ge 1 && -n "$1" ]]; then
  mirror="$(cd "$1" && pwd)"
else
  mirror="$tmp/mirror"
  SOURCE="${SOURCE:-build}" "$ROOT/scripts/mirror.sh" "$mirror"
fi
[[ -f "$mirror/mirror.tfrc" && -f "$mirror/VERSION" ]] || fail "$mirror is not a mirror made by scripts/mirror.sh (no mirror.tfrc / VERSION)"
version="$(cat "$mirror/VERSION")"

tfenv="$("$ROOT/scripts/tf-env.sh")"
eval "$tfenv"
tf="$TF_ACC_TERRAFORM_PATH"
host=registry.terraform.io
[[ "$TOPOLOGY_TF_KIND" == tofu ]] && host=registry.opentofu.org
addr="$host/multiregion/topology"

work="$tmp/work"
mkdir -p "$work"
cp "$ROOT"/examples/quickstart/*.tf "$work/"
grep -q 'source *= *"multiregion/topology"' "$work/main.tf" ||
  fail "examples/quickstart/main.tf has no source = \"multiregion/topology\" in required_providers"

# Nothing but the mirror: no dev_overrides, no ~/.terraformrc, no plugin cache,
# and every HTTP(S) request refused.
export TF_CLI_CONFIG_FILE="$mirror/mirror.tfrc"
export HOME="$tmp/home" && mkdir -p "$HOME"
unset TF_PLUGIN_CACHE_DIR TF_CLI_ARGS TF_CLI_ARGS_init
export HTTPS_PROXY=http://127.0.0.1:9 HTTP_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 http_proxy=http://127.0.0.1:9 NO_PROXY='' no_proxy=''
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1

cli="$(basename "$tf")"
log "$cli init, offline, from $mirror ($version)"
"$tf" -chdir="$work" init -input=false -no-color || fail "$cli init from the mirror failed"

lock="$work/.terraform.lock.hcl"
[[ -f "$lock" ]] || fail "init wrote no .terraform.lock.hcl"
grep -q "provider \"$addr\"" "$lock" || fail "the lock file has no provider \"$addr\":$(printf '\n'; cat "$lock")"
grep -q "version *= *\"$version\"" "$lock" || fail "the lock file does not record version $version:$(printf '\n'; cat "$lock")"
grep -q '"h1:' "$lock" || fail "the lock file records no h1: hash:$(printf '\n'; cat "$lock")"
zips=("$mirror/$host/multiregion/topology/${NAME}_${version}"_*.zip)
# init records the h1: of this machine's package only (checked below against
# its Hash1); a filesystem mirror never yields zh: hashes (those come from a
# registry's SHA256SUMS).
log "lock file: $version with an h1: hash"

installed=("$work/.terraform/providers/$addr/$version"/*/"${NAME}_v${version}"*)
[[ -x "${installed[0]}" ]] || fail "no installed binary under .terraform/providers/$addr/$version"
printed="$("${installed[0]}" version)"
[[ "$printed" == "$NAME v$version" || "$printed" == "$NAME v$version+"* ]] ||
  fail "the installed binary prints '$printed', want '$NAME v$version' (or v$version+build metadata)"
log "installed binary: $printed"

# The h1: hash is Go's dirhash Hash1 of the package's files: base64 of the
# SHA-256 of the lines "<sha256 hex>  <name>" of each file, sorted. The
# package holds the binary alone, so it is computed here from the installed
# binary and must be in the lock file.
hash1() {
  local dir="$1" f sum lines=""
  while IFS= read -r f; do
    sum="$(sha256sum "$dir/$f" | cut -d' ' -f1)"
    lines+="$sum  $f"$'\n'
  done < <(cd "$dir" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  sum="$(printf '%s' "$lines" | sha256sum | cut -d' ' -f1)"
  # shellcheck disable=SC2059 # the format is the hex digest turned into \x escapes
  echo "h1:$(printf "$(sed 's/../\\x&/g' <<<"$sum")" | base64)"
}
want_h1="$(hash1 "$(dirname "${installed[0]}")")"
grep -q "\"$want_h1\"" "$lock" || fail "the lock file lacks $want_h1, the Hash1 of the installed package:$(printf '\n'; cat "$lock")"
log "lock file: $want_h1 is the installed package's Hash1"

if [[ -f "${zips[0]}" ]]; then
  # A lock file for a team on several OSes: every zip's h1: from the mirror
  # alone (providers lock reads the zips; it contacts no registry either),
  # each equal to the Hash1 of that zip's contents computed here.
  platforms=()
  for z in "${zips[@]}"; do
    p="${z##*"${NAME}_${version}_"}"
    platforms+=("-platform=${p%.zip}")
  done
  "$tf" -chdir="$work" providers lock -fs-mirror="$mirror" "${platforms[@]}" >"$tmp/lock.txt" 2>&1 ||
    { cat "$tmp/lock.txt"; fail "$cli providers lock -fs-mirror for ${#zips[@]} platforms failed"; }
  for z in "${zips[@]}"; do
    rm -rf "$tmp/unzipped" && mkdir "$tmp/unzipped"
    (cd "$tmp/unzipped" && unzip -q "$z")
    h="$(hash1 "$tmp/unzipped")"
    grep -q "\"$h\"" "$lock" || fail "after providers lock, the lock file lacks $h, the Hash1 of $(basename "$z"):$(printf '\n'; cat "$lock")"
  done
  log "providers lock -fs-mirror: the lock file holds the h1: of all ${#zips[@]} zips (${platforms[*]#-platform=})"
fi

log "$cli plan of examples/quickstart"
"$tf" -chdir="$work" plan -input=false -no-color -out="$tmp/plan.out" >"$tmp/plan.txt" ||
  { cat "$tmp/plan.txt"; fail "$cli plan of the quickstart failed"; }
cat "$tmp/plan.txt"
grep -q 'topology_simulation' "$tmp/plan.txt" || fail "the plan shows no topology_simulation"
log "ok: $cli installed $addr $version from the mirror alone and planned the quickstart"
