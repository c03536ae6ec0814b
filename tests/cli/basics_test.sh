# The binary's basic contract: help, version, usage errors (exit 2), failures (exit 1).
source "$(dirname "$0")/lib.sh"

expect_exit 0 "$custos" --help
expect_in "$tmp/out" "Subcommands:"

expect_exit 0 "$custos" version
expect_in "$tmp/out" "custos 0."
expect_in "$tmp/out" "libsodium"

expect_exit 0 "$custos" version --json
expect_in "$tmp/out" '"commit"'

expect_exit 2 "$custos" no-such-command
expect_in "$tmp/err" "unknown command 'no-such-command'"

expect_exit 2 "$custos"
expect_in "$tmp/err" "Usage:"

expect_exit 2 "$custos" version --no-such-flag
expect_in "$tmp/err" "--no-such-flag"

finish
