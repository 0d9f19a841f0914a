#!/usr/bin/env bash
# Runs the Terraform-compatible CLI (scripts/ensure-terraform.sh) against the
# provider binary in bin/ through dev_overrides, with no `terraform init`:
#   scripts/tf-dev.sh -chdir=examples/quickstart plan
#   scripts/tf-dev.sh -chdir=examples/quickstart test
# Build first (`make build`). PLUGIN_DIR overrides the binary's directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PLUGIN_DIR="${PLUGIN_DIR:-$ROOT/bin}"
if [[ ! -x "$PLUGIN_DIR/terraform-provider-topology" ]]; then
  echo "tf-dev: $PLUGIN_DIR/terraform-provider-topology is missing: run 'make build' first" >&2
  exit 1
fi
PLUGIN_DIR="$(cd "$PLUGIN_DIR" && pwd)"

tfenv="$("$ROOT/scripts/tf-env.sh")"
eval "$tfenv"

cfg_dir="$ROOT/.tools/cli"
mkdir -p "$cfg_dir"
cfg="$cfg_dir/dev-overrides.tfrc"
sed "s|@PLUGIN_DIR@|$PLUGIN_DIR|g" "$ROOT/scripts/dev-overrides.tfrc.tmpl" >"$cfg.tmp"
mv "$cfg.tmp" "$cfg"

export TF_CLI_CONFIG_FILE="$cfg"
export TF_IN_AUTOMATION="${TF_IN_AUTOMATION:-1}"
echo "+ $(basename "$TF_ACC_TERRAFORM_PATH") $* (TF_CLI_CONFIG_FILE=${cfg#"$ROOT"/})" >&2
exec "$TF_ACC_TERRAFORM_PATH" "$@"
