# custos json: strict validation with located errors; RFC 8785 output.
source "$(dirname "$0")/lib.sh"

printf '{"b":2,"a":[1.0,1e21,"\\u20ac"]}' > "$tmp/in.json"
expect_exit 0 "$custos" json canonicalize "$tmp/in.json"
expect_in "$tmp/out" '{"a":[1,1e+21,"€"],"b":2}'

expect_exit 1 "$custos" json check "$src/examples/json/duplicate-key.json"
expect_in "$tmp/err" "duplicate-key.json:4:5: json_duplicate_key: duplicate key 'action'"
expect_in "$tmp/err" "^"

expect_exit 1 "$custos" json check "$tmp/missing.json"
expect_in "$tmp/err" "io_error: cannot open"

# Every malformed corpus file is refused with exit 1 and a json_* code, never a crash.
for f in "$src"/tests/data/json/malformed/*.json; do
  expect_exit 1 "$custos" json check "$f"
  expect_in "$tmp/err" "json_"
done

printf '[1, 2]' | "$custos" json pretty - > "$tmp/pretty" 2>&1
expect_in "$tmp/pretty" "  1,"

finish
