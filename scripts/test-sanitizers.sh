#!/usr/bin/env bash
# Builds custos with AddressSanitizer + UndefinedBehaviorSanitizer and runs the unit tests
# (and the vector and CLI tests) under them. Usage: scripts/test-sanitizers.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_BUILD_DIR:-build-asan}
./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Debug -DCUSTOS_SANITIZE=address,undefined \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCUSTOS_INTEROP=OFF
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" -L 'unit|vectors|cli' "$@"
