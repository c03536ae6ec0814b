#!/usr/bin/env bash
# Builds the Release benchmarks (bench/) and runs them. Usage: scripts/bench.sh [regex filter]
# Results go to stdout and, as JSON, to build-bench/results/<target>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_BENCH_DIR:-build-bench}
./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCUSTOS_BENCH=ON
mkdir -p "$build_dir/results"
for bench in "$build_dir"/bench/bench_*; do
  name=$(basename "$bench")
  if [ -n "${1:-}" ] && ! [[ "$name" =~ $1 ]]; then continue; fi
  echo "== $name"
  "$bench" --benchmark_out="$build_dir/results/$name.json" --benchmark_out_format=json
done
