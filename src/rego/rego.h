#pragma once
// Façade of the rego library: values, builtins registry, parsing, compiling and evaluating
// Rego policies (OPA v1 semantics). Namespace custos::rego.

#include "rego/builtins/registry.h"  // IWYU pragma: export
#include "rego/parser.h"             // IWYU pragma: export
#include "rego/policy.h"             // IWYU pragma: export
#include "rego/value.h"              // IWYU pragma: export
