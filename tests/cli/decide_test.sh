# custos decide: every examples/org request yields its decision of requests/expected.json at the
# examples' time (--now), and the historical-transfer feed is verified like the other feeds.
source "$(dirname "$0")/lib.sh"

org="$src/examples/org"
now=1767226200 # 2026-01-01T00:10:00Z
decide() {
  "$custos" decide --entity-store "$org/entity-store.json" --policy-store "$org/policy-store.json" \
    --feed-key "$org/keys/feed-prices.pub.jwk" --feed-key "$org/keys/feed-transfers.pub.jwk" "$@"
}

count=0
for request in "$org"/requests/*.json; do
  name=$(basename "$request" .json)
  [ "$name" = expected ] && continue
  want=$(sed -n "s/.*\"$name\": *\"\([A-Za-z]*\)\".*/\1/p" "$org/requests/expected.json")
  expect_exit 0 decide --now "$now" "$request"
  expect_in "$tmp/out" "\"decision\": \"$want\""
  count=$((count + 1))
done
[ "$count" -ge 24 ] || { echo "FAIL: only $count example requests"; failures=$((failures + 1)); }

# The 24 h limit is exhausted only while bob's transfers are recent: a day later the same
# request, with the same (by then stale) transfer feed, is refused as stale, not decided.
expect_exit 1 decide --now $((now + 86400)) "$org/requests/23-member-usdc-daily-limit-exceeded.json"
expect_in "$tmp/err" "feed_invalid"

# Without the transfer feed key the feed is signed by an unknown key.
expect_exit 1 "$custos" decide --entity-store "$org/entity-store.json" \
  --policy-store "$org/policy-store.json" --feed-key "$org/keys/feed-prices.pub.jwk" \
  --now "$now" "$org/requests/24-member-usdc-within-daily-limit.json"
expect_in "$tmp/err" "feed_invalid"

finish
