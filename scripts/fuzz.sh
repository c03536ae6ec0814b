#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 + ASan/UBSan and runs one (or all) for a while.
# Usage: scripts/fuzz.sh [target|all] [seconds per target, default 60]
# A finding leaves crash-* files in fuzz/artifacts/ and makes the script fail.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_FUZZ_DIR:-build-fuzz}
CC=clang-14 CXX=clang++-14 ./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCUSTOS_FUZZ=ON -DCUSTOS_SANITIZE=address,undefined -DCUSTOS_INTEROP=OFF
target=${1:-all}
seconds=${2:-60}
mkdir -p fuzz/artifacts
status=0
for bin in "$build_dir"/fuzz/fuzz_*; do
  name=$(basename "$bin")
  short=${name#fuzz_}
  if [ "$target" != all ] && [ "$target" != "$name" ] && [ "$target" != "$short" ]; then continue; fi
  corpus=$(mktemp -d)
  [ -d "fuzz/corpus/$short" ] && cp -r "fuzz/corpus/$short/." "$corpus/"
  echo "== $name for ${seconds}s"
  if ! "$bin" "$corpus" -max_total_time="$seconds" -artifact_prefix=fuzz/artifacts/ \
      -print_final_stats=1 2>&1 | tail -n 12; then
    status=1
  fi
  rm -rf "$corpus"
done
exit $status
