#!/usr/bin/env bash
# clang-format over the project's C++ sources. `--check` reports (and fails on) unformatted files
# without changing them; without it, files are formatted in place.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files 'src/*.h' 'src/*.cc' 'apps/*.h' 'apps/*.cc' 'tests/*.h' \
  'tests/*.cc' 'bench/*.cc' 'fuzz/*.cc')
[ ${#files[@]} -gt 0 ] || exit 0
if [ "${1:-}" = "--check" ]; then
  clang-format --dry-run --Werror "${files[@]}"
  echo "format: ${#files[@]} files clean"
else
  clang-format -i "${files[@]}"
fi
