#!/usr/bin/env bash
# `make test-opentofu`: the provider under OpenTofu instead of Terraform:
#   1. the acceptance suite (TF_ACC=1 go test ./provider/...) with
#      TF_ACC_TERRAFORM_PATH = tofu and TF_ACC_PROVIDER_HOST=registry.opentofu.org;
#   2. `tofu test` of examples/quickstart through dev_overrides (bin/);
#   3. the offline install: tofu init from a filesystem_mirror, then plan
#      (scripts/mirror-test.sh; MIRROR=DIR uses that mirror, else one is built).
# OpenTofu is `tofu` on PATH, else built once from the Go module proxy into
# .tools/bin (scripts/ensure-terraform.sh tofu: minutes, the first time).
# RUN=regexp selects acceptance tests, as for `make testacc`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
GO="${GO:-go}"
TEST_TIMEOUT="${TEST_TIMEOUT:-15m}"

tofu="$(scripts/ensure-terraform.sh tofu)"
export TOPOLOGY_TF_CLI="$tofu"
tfenv="$(scripts/tf-env.sh)"
eval "$tfenv"
if [[ "$TOPOLOGY_TF_KIND" != tofu ]]; then
  echo "test-opentofu: $tofu does not say it is OpenTofu ($("$tofu" version | head -1))" >&2
  exit 1
fi
echo "test-opentofu: $("$tofu" version | head -1) at $tofu (TF_ACC_PROVIDER_HOST=$TF_ACC_PROVIDER_HOST)"

stage() {
  local start=$SECONDS
  echo "+ $*"
  "$@"
  echo "test-opentofu: '$1 ...' ok in $((SECONDS - start))s"
}

run=()
[[ -n "${RUN:-}" ]] && run=(-run "$RUN")
stage env TF_ACC=1 "$GO" test ./provider/... -count=1 -timeout "$TEST_TIMEOUT" "${run[@]}"
"$GO" build -o bin/terraform-provider-topology .
stage scripts/tf-dev.sh -chdir=examples/quickstart test
stage scripts/mirror-test.sh "${MIRROR:-}"
