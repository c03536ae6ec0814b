# `custos eval` and `custos bench` on the examples/rego policy: output shapes and exit codes.
source "$(dirname "$0")/lib.sh"
ex="$src/examples/rego"

expect_exit 0 "$custos" eval -d "$ex/transfer.rego" -d "$ex/data.json" -i "$ex/input.json" data.custos.transfer.decision
expect_in "$tmp/out" '"expressions"'
# Each -d takes one path (as in opa eval): a query right after the last -d is the query.
expect_exit 0 "$custos" eval -i "$ex/input.json" -d "$ex/transfer.rego" -d "$ex/data.json" data.custos.transfer.decision
expect_in "$tmp/out" '"expressions"'

# bench: a fixed count reports exactly that many evaluations, in both formats.
expect_exit 0 "$custos" bench -n 25 -d "$ex/transfer.rego" -d "$ex/data.json" -i "$ex/input.json" data.custos.transfer.decision
expect_in "$tmp/out" "25 evaluations, 1 result(s)"
expect_in "$tmp/out" "per evaluation: mean"
expect_exit 0 "$custos" bench -n 3 -f json -d "$ex/transfer.rego" -i "$ex/input.json" data.custos.transfer.decision
expect_in "$tmp/out" '"evaluations": 3,'
expect_in "$tmp/out" '"p99_us": '
# An undefined query still times (zero results); errors fail like eval's.
expect_exit 0 "$custos" bench -n 2 -d "$ex/transfer.rego" data.custos.transfer.no_such_rule
expect_in "$tmp/out" "2 evaluations, 0 result(s)"
expect_exit 1 "$custos" bench -n 2 -d "$ex/transfer.rego" "data.custos.transfer["
expect_in "$tmp/err" "rego_parse_error"
expect_exit 2 "$custos" bench -n 0 -d "$ex/transfer.rego" data.custos.transfer.decision

finish
