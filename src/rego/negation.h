// OPA's negation semantics for composite expressions (ast/compile.go rewriteExprTermsInBody).
//
// By default OPA evaluates the nested calls of an expression before the expression: in
// `not f(g(input.x))` the call g(input.x) runs outside the negation, so when it is undefined
// the rule fails instead of `not` succeeding. custos rewrites negated expressions the same way:
// every call nested in the expression (an operand of its top-level call, a key inside a ref, an
// element of a composite, a with value) becomes `$notN = <call>` placed before the negated
// expression (carrying its `with` modifiers), and the call is replaced by `$notN`.
//
// Modules that `import future.keywords.not` or `import rego.v2` (OPA 1.17's improved negation)
// keep the whole expression inside the negation: no rewrite.
#pragma once

#include <memory>
#include <string>

#include "rego/ast.h"

namespace custos::rego {

// Replaces `t` by a fresh var `name` and returns the expression `name = <t>` (a unification)
// that computes it; the caller places that expression in a body.
std::unique_ptr<Expr> hoist_term(TermPtr& t, const std::string& name);

// Rewrites the negated expressions of `body` and of every body nested in it (comprehensions,
// every), naming helper vars `$not0`, `$not1`, … from `*counter` (shared within one rule).
void expand_negated_calls(Body& body, int* counter);

// The same for the bodies nested in a term (comprehensions in a rule head or argument).
void expand_negated_calls(Term& term, int* counter);

}  // namespace custos::rego
