#!/usr/bin/env bash
# Configures and builds custos. Usage: scripts/build.sh [BUILD_DIR] [extra cmake args...]
# Defaults: build dir "build", RelWithDebInfo, warnings as errors, Ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${1:-build}
shift || true
cmake -S . -B "$build_dir" -G Ninja -DCUSTOS_WERROR=ON "$@" >/dev/null
cmake --build "$build_dir" -j "${CUSTOS_JOBS:-$(nproc)}"
