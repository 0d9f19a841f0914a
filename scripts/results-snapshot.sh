#!/usr/bin/env bash
# Writes the JSON results of every complete example (planned with the
# provider binary, then `check --json` and `simulate --json` on the plan),
# of the README's CLI commands (sweep, capacity) and of the CLI's model
# files (`check -f`) into OUTDIR, one file each. Run it on two commits and
# compare with `diff -r`: a restructuring must leave every byte as it was.
#   make build && scripts/results-snapshot.sh /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
# BIN overrides the binary (default bin/terraform-provider-topology).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:?usage: scripts/results-snapshot.sh OUTDIR}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
BIN="${BIN:-$ROOT/bin/terraform-provider-topology}"
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"

work="$(mktemp -d)"
export TF_CLI_ARGS_plan=-no-color
trap 'rm -rf "$work"' EXIT

for ex in quickstart replication-modes cache-invalidation failover gray-failure operations health-signals autoscaling realistic; do
  cp -r "$ROOT/examples/$ex" "$work/$ex"
  rm -rf "$work/$ex/.terraform" "$work/$ex/terraform.tfstate"* "$work/$ex/tests"
  PLUGIN_DIR="$(dirname "$BIN")" "$ROOT/scripts/tf-dev.sh" -chdir="$work/$ex" plan -input=false -out=plan.out >"$out/$ex.plan.txt" 2>&1 || true
  PLUGIN_DIR="$(dirname "$BIN")" "$ROOT/scripts/tf-dev.sh" -chdir="$work/$ex" show -json plan.out >"$work/$ex.plan.json"
  "$BIN" check --plan "$work/$ex.plan.json" --json "$out/$ex.check.json" >/dev/null || true
  "$BIN" simulate --plan "$work/$ex.plan.json" --json "$out/$ex.simulate.json" >/dev/null 2>&1 || true
  # The plan's own figures, as Terraform shows them, less what names this
  # run's directories or times.
  grep -v -e 'Read complete after' -e ': Reading...' -e '^+ ' -e ' in /' "$out/$ex.plan.txt" >"$out/$ex.plan.filtered.txt" || true
  rm "$out/$ex.plan.txt"
done

q="$work/quickstart.plan.json"
"$BIN" sweep --plan "$q" --param workload.rps_scale=0.5:1.5:0.5 --out "$out/quickstart.sweep.csv" >/dev/null 2>&1 || true
"$BIN" capacity --plan "$q" --json "$out/quickstart.capacity.json" >/dev/null 2>&1 || true
for f in "$ROOT"/internal/cli/testdata/*.model.json; do
  name="$(basename "$f" .model.json)"
  "$BIN" check -f "$f" --json "$out/model-$name.check.json" >"$out/model-$name.stdout" 2>"$out/model-$name.stderr" || echo "exit $?" >>"$out/model-$name.stdout"
done
echo "results in $out"
