#!/usr/bin/env bash
# Runs every Go fuzz target (func FuzzXxx in a _test.go file) for a short
# time each: FUZZTIME (default 30s) per target, one target at a time.
# Corpus entries that fail are written to the package's testdata/fuzz/ as
# usual; commit them as regression cases once fixed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FUZZTIME="${FUZZTIME:-30s}"

found=0
while IFS= read -r file; do
  dir="./$(dirname "$file")"
  while IFS= read -r target; do
    found=$((found + 1))
    echo "== fuzz $dir $target ($FUZZTIME)"
    go test -run '^$' -fuzz "^${target}\$" -fuzztime "$FUZZTIME" "$dir"
  done < <(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*testing\.F).*/\1/p' "$file")
done < <(find . -path ./.tools -prune -o -path ./.git -prune -o -name '*_test.go' -print | sed 's|^\./||' | sort)

if [[ $found -eq 0 ]]; then
  echo "fuzz: no fuzz targets found"
else
  echo "fuzz: $found target(s) ran for $FUZZTIME each"
fi
