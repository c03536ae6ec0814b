#!/usr/bin/env bash
# Set-up, build, and every test (unit, conformance, vectors, interop, integration) under ctest.
# Exits non-zero on any failure. Usage: scripts/test.sh [ctest args...]
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_BUILD_DIR:-build}
./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo
cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"
