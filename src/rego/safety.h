#pragma once
// Private compiler passes: safety check with body reordering (rego_unsafe_var_error),
// recursion detection (rego_recursion_error) and rule indexing.

#include "base/result.h"
#include "rego/compiler.h"

namespace custos::rego {

// Reorders the rule's body (and nested bodies) so every variable is bound before it is used;
// checks that head variables are bound. `module` may be null (queries).
Result<void> check_safety(Rule& rule, const Module* module);

// Rejects rules and functions that (transitively) depend on themselves.
Result<void> check_recursion(const PolicyImpl& impl);

// Builds the first-level input index of every rule group with many rules.
void build_indexes(PolicyImpl& impl);

}  // namespace custos::rego
