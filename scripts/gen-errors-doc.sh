#!/usr/bin/env bash
# Regenerates docs/errors.md from src/base/error_codes.def (the single source of the stable codes).
# `--check` fails when docs/errors.md is out of date (run by the cli tests).
set -euo pipefail
cd "$(dirname "$0")/.."
render() {
  cat <<'HEAD'
# Error codes

Every error custos reports carries one of these stable codes. They appear in CLI output
(`file:line:col: code: message`), HTTP error bodies and logs, and never change meaning or name.
The source of truth is `src/base/error_codes.def`; this page is generated from it by
`scripts/gen-errors-doc.sh`.
HEAD
  awk '
    /^\/\/ --- / { section = $0; sub(/^\/\/ --- /, "", section); sub(/ -+$/, "", section);
                   printf "\n## %s\n\n| code | enumerator |\n|---|---|\n", section; next }
    /^CUSTOS_ERROR_CODE\(/ {
      line = $0; sub(/^CUSTOS_ERROR_CODE\(/, "", line); sub(/\)$/, "", line);
      split(line, parts, ", "); gsub(/"/, "", parts[2]);
      printf "| `%s` | `ErrorCode::%s` |\n", parts[2], parts[1] }
  ' src/base/error_codes.def
}
if [ "${1:-}" = "--check" ]; then
  if ! diff -q <(render) docs/errors.md >/dev/null; then
    echo "docs/errors.md is out of date: run scripts/gen-errors-doc.sh"; exit 1
  fi
  echo "docs/errors.md is up to date"
else
  render > docs/errors.md
fi
