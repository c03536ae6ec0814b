// rego.metadata.chain and rego.metadata.rule (OPA category "rego"). Inside rules the compiler
// replaces these calls by constants computed from the METADATA annotations (src/rego/
// annotations.cc, as OPA's rewriteRegoMetadataCalls does), so the functions below only run where
// no rule is active (queries); there they return what OPA's topdown fallbacks return: an empty
// chain and null.

#include "rego/builtins/util.h"

namespace custos::rego {

void register_rego_metadata(Registry& r) {
  r.add({.name = "rego.metadata.chain",
         .args = {},
         .result = Type::array_of(Type::any()),
         .description = "Returns the chain of metadata for the active rule. Ordered starting at "
                        "the active rule, going outward to the most distant node in its package "
                        "ancestry. A chain entry is a JSON document with two members: \"path\", "
                        "an array representing the path of the node; and \"annotations\", a JSON "
                        "document containing the annotations declared for the node. The first "
                        "entry in the chain always points to the active rule, even if it has no "
                        "declared annotations (in which case the \"annotations\" member is not "
                        "present).",
         .category = "rego",
         .fn = [](BuiltinContext&, std::span<const Value>) -> BuiltinResult {
           return Value::array({});
         }});
  r.add({.name = "rego.metadata.rule",
         .args = {},
         .result = Type::any(),
         .description = "Returns annotations declared for the active rule and using the rule "
                        "scope.",
         .category = "rego",
         .fn = [](BuiltinContext&, std::span<const Value>) -> BuiltinResult {
           return Value::null();
         }});
}

}  // namespace custos::rego
