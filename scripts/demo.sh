#!/usr/bin/env bash
# Set-up, Release build, then the stack's main job. Until the services land, the main job is a
# worked example of one policy-engine node deciding real, signed requests:
#   1. the Rego engine on a sample policy (custos eval, custos test);
#   2. the example organisation (examples/org): signed entity and policy stores, client-signed
#      requests and a signed price feed, each decided Permit / Forbid / Confirm (custos decide);
#   3. a tampered request, refused with a stable error code.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
build_dir=${CUSTOS_RELEASE_DIR:-build-release}
./scripts/build.sh "$build_dir" -DCMAKE_BUILD_TYPE=Release -DCUSTOS_INTEROP=OFF
custos="$(pwd)/$build_dir/bin/custos"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "custos version"
"$custos" version

step "custos eval: a transfer policy over an input (examples/rego)"
"$custos" eval -d examples/rego -i examples/rego/input.json -f pretty 'data.custos.transfer.decision'

step "custos test: the policy's own tests"
"$custos" test -v examples/rego

step "custos decide: signed requests against the signed stores of examples/org"
cd examples/org
# The examples are decided at 2026-01-01T00:10:00Z, when their transfer feed is fresh.
feeds=(--feed-key keys/feed-prices.pub.jwk --feed-key keys/feed-transfers.pub.jwk --now 1767226200)
mismatches=0
for request in requests/*.json; do
  name=$(basename "$request" .json)
  [ "$name" = expected ] && continue
  decision=$("$custos" decide --entity-store entity-store.json --policy-store policy-store.json \
    "${feeds[@]}" "$request" | sed -n 's/.*"decision": *"\([A-Za-z]*\)".*/\1/p' | head -n 1)
  want=$(sed -n "s/.*\"$name\": *\"\([A-Za-z]*\)\".*/\1/p" requests/expected.json)
  mark=""
  if [ "$decision" != "$want" ]; then mark="  (expected $want)"; mismatches=$((mismatches + 1)); fi
  printf '  %-42s %s%s\n' "$name" "$decision" "$mark"
done
[ "$mismatches" -eq 0 ] || { echo "  $mismatches decisions differ from requests/expected.json"; exit 1; }

step "custos decide: the same request with one byte of its signed body changed is refused"
sed 's/"nonce": *"\([^"]\)/"nonce": "X/' requests/01-member-small-eth.json > /tmp/custos-tampered.json
"$custos" decide --entity-store entity-store.json --policy-store policy-store.json \
  "${feeds[@]}" /tmp/custos-tampered.json || true
