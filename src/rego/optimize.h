#pragma once
// Private: compile-time optimisations of a compiled policy. None changes a result; each only
// lets the evaluator skip work it would otherwise repeat on every evaluation.
//
// Data-ref folding: the constant leading operands of a ref into data select the same place in
// every evaluation, so the compiler resolves them once and records it in the term:
// - into base documents (`data.custos.policies[3].when[0].args`, with no rule at or below any
//   node on the way): the value itself (Term::base_value);
// - within the rule tree (`data.custos.instances.c7`): the node, so that the walk starts there
//   (Term::data_node) instead of at the root.
// The evaluator uses them unless a `with data.… as …` override is in effect, when it walks the
// data tree from the root as before.

#include "rego/compiler.h"

namespace custos::rego {

// Folds the base-data refs of every rule of `impl` (called once compile_modules succeeded).
void optimize_policy(PolicyImpl& impl);

// Folds base-data refs of a compiled query body (called by compile_query).
void optimize_query(const PolicyImpl& impl, Rule& query);

}  // namespace custos::rego
