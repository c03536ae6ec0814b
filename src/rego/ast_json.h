#pragma once
// Private: a parsed module as OPA's AST JSON (the shape `opa parse --format json` and
// rego.parse_module return, without locations and comments), used by rego.parse_module.
//
// Covered: package path; imports (path, alias); rules with head (name, ref, args, key, value,
// assign), default, body expressions (index, terms, negated, with), `some` declarations
// (symbols, including `some … in …` as internal.member_2/3 calls), `every` (key, value, domain,
// body), else chains; terms of every kind (null, boolean, number, string, var, ref, array, set,
// object, call, array/set/object comprehensions). Not reproduced: locations, comments,
// annotations, template strings (exported as a call of internal.template_string on their parts),
// and OPA's own normalisations that custos' parser does not perform the same way (e.g. rule
// bodies OPA generates for constants are exported as the body `true` as OPA does, but rewritten
// v0 forms may differ).

#include "rego/ast.h"

namespace custos::rego {

// The module as a JSON-compatible Value (objects, arrays, strings, numbers, booleans, null).
Value module_to_ast_value(const Module& module);

}  // namespace custos::rego
