#!/usr/bin/env bash
# Regenerates docs/ from the provider's schemas, templates/ and examples/
# with tfplugindocs, then validates the result. Offline: never passes
# --tf-version (that downloads Terraform).
#
# The schema always comes the same way, whichever CLI
# scripts/ensure-terraform.sh finds (terraform, or OpenTofu built from the Go
# module proxy): build the provider, run `<cli> providers schema -json`
# through dev_overrides (no init, no registry), rename the provider's key to
# the short name tfplugindocs looks up, and pass --providers-schema.
# Terraform 1.11 and OpenTofu 1.12 give the same JSON, so docs/ does not
# depend on the CLI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
NAME=topology

tfenv="$(scripts/tf-env.sh)"
eval "$tfenv"

work="$ROOT/.tools/docs"
rm -rf "$work"
mkdir -p "$work/plugin" "$work/config"
go build -o "$work/plugin/terraform-provider-$NAME" .
cat >"$work/config/main.tf" <<TF
terraform {
  required_providers {
    $NAME = { source = "multiregion/$NAME" }
  }
}
TF
PLUGIN_DIR="$work/plugin" scripts/tf-dev.sh -chdir="$work/config" providers schema -json >"$work/schema.raw.json"
# tfplugindocs finds a provider's schema under its short name only.
sed -E "s#\"registry\.(terraform\.io|opentofu\.org)/multiregion/$NAME\":#\"$NAME\":#" \
  "$work/schema.raw.json" >"$work/providers-schema.json"
if ! grep -q "\"provider_schemas\":{\"$NAME\":" "$work/providers-schema.json"; then
  echo "docs: no $NAME provider in the schema JSON from $TOPOLOGY_TF_CLI:" >&2
  head -c 2000 "$work/schema.raw.json" >&2
  exit 1
fi

args=(--provider-name "$NAME" --providers-schema "$work/providers-schema.json")
echo "+ go tool tfplugindocs generate ${args[*]}" >&2
{ go tool tfplugindocs generate "${args[@]}" 2>&1; } | { grep -v "\[DEBUG\]" || true; }
echo "+ go tool tfplugindocs validate ${args[*]}" >&2
{ go tool tfplugindocs validate "${args[@]}" 2>&1; } | { grep -v "\[DEBUG\]" || true; }
