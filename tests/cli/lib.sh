# Shared assertions for tests/cli/*_test.sh. Usage: source lib.sh; expect_exit N cmd...
set -u
custos=$1
src=$2
failures=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_exit CODE CMD...: runs CMD, captures stdout/stderr in $tmp/out and $tmp/err.
expect_exit() {
  local want=$1
  shift
  "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  if [ "$got" -ne "$want" ]; then
    echo "FAIL: '$*' exited $got, want $want"; cat "$tmp/err"; failures=$((failures + 1))
  fi
}
# expect_in FILE TEXT: FILE ($tmp/out or $tmp/err) contains TEXT.
expect_in() {
  if ! grep -qF -- "$2" "$1"; then
    echo "FAIL: $(basename "$1") lacks '$2':"; cat "$1"; failures=$((failures + 1))
  fi
}
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures failure(s)"; exit 1; fi
  echo "ok"
}
