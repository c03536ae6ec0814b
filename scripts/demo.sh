#!/usr/bin/env bash
# Set-up, Release build, then the stack's main job. Today that is a worked example of the
# custos binary; it grows into the whole local stack (custos dev) as the services land.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_RELEASE_DIR:-build-release}
./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCUSTOS_INTEROP=OFF
custos="$build_dir/bin/custos"

echo "== custos version"
"$custos" version
echo
echo "== custos json canonicalize examples/json/request.json   (RFC 8785, the hashing input)"
"$custos" json canonicalize examples/json/request.json
echo
echo "== a malformed document is refused with a stable code and a caret"
"$custos" json check examples/json/duplicate-key.json || true
