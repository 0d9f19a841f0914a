#!/usr/bin/env bash
# Fails when the given paths differ from the committed tree: modified,
# deleted or untracked files all count. Used after `make docs` to catch
# stale generated docs. Reads git state only, changes nothing.
set -euo pipefail
[[ $# -gt 0 ]] || set -- docs/
status="$(git status --porcelain --untracked-files=all -- "$@")"
if [[ -n "$status" ]]; then
  echo "Generated files are out of date ($*): run 'make docs' and commit the result." >&2
  echo "$status" >&2
  git --no-pager diff --stat -- "$@" >&2 || true
  exit 1
fi
echo "up to date: $*"
