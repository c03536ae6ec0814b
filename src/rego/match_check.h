#pragma once
// Private: the part of OPA's type check that rejects unifications whose two sides can never
// match by shape (OPA ast/check.go, checkExprEq: rego_type_error "match error"). Not part of
// the public API.

#include "base/result.h"
#include "rego/ast.h"

namespace custos::rego {

// Checks every `=` / `:=` and `some .. in` of `rule` (its body, else chain, nested
// comprehension and `every` bodies) for two sides that cannot unify whatever the values of
// their variables: arrays of different lengths, an array against an object or a scalar,
// objects with different ground key sets. Only literal shapes are compared; refs, calls and
// variables match anything. Error: kRegoType "match error" at the expression.
Result<void> check_match_errors(const Rule& rule);

}  // namespace custos::rego
