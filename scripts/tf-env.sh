#!/usr/bin/env bash
# Prints shell `export` lines that point the acceptance tests (and the
# other make targets) at a Terraform-compatible CLI; use as
#   eval "$(scripts/tf-env.sh)"
# TF_ACC_TERRAFORM_PATH   the CLI from scripts/ensure-terraform.sh
# TF_ACC_PROVIDER_HOST    registry.opentofu.org when that CLI is OpenTofu
# TOPOLOGY_TF_KIND        terraform | tofu
# CHECKPOINT_DISABLE=1    no version check against HashiCorp's servers
# It also drops a TF_CLI_CONFIG_FILE that names a file that does not exist
# (the CLI would warn about it on every command).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
stale_cli_config=
if [[ -n "${TF_CLI_CONFIG_FILE:-}" && ! -f "${TF_CLI_CONFIG_FILE}" ]]; then
  stale_cli_config=1
  unset TF_CLI_CONFIG_FILE
fi
tf="$("$ROOT/scripts/ensure-terraform.sh")"

kind=terraform
version_text="$("$tf" version 2>/dev/null || true)"
if [[ $version_text == *OpenTofu* ]]; then
  kind=tofu
fi

q() { printf '%q' "$1"; }
echo "export TF_ACC_TERRAFORM_PATH=$(q "$tf")"
echo "export TOPOLOGY_TF_CLI=$(q "$tf")"
echo "export TOPOLOGY_TF_KIND=$kind"
echo "export CHECKPOINT_DISABLE=1"
if [[ $kind == tofu ]]; then
  echo "export TF_ACC_PROVIDER_HOST=registry.opentofu.org"
fi
if [[ -n $stale_cli_config ]]; then
  echo "unset TF_CLI_CONFIG_FILE"
fi
