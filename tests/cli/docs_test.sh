# Documentation that is generated from code stays in step with it.
source "$(dirname "$0")/lib.sh"
expect_exit 0 "$src/scripts/gen-errors-doc.sh" --check
finish
