// Runtime and tracing (OPA categories "opa", "tracing"): opa.runtime and trace. custos
// evaluations are hermetic: opa.runtime returns an empty object (no environment or
// configuration is exposed to policies). http.send lives in http_send.cc.

#include "rego/builtins/util.h"

namespace custos::rego {

void register_runtime(Registry& r) {
  r.add({.name = "opa.runtime",
         .args = {},
         .result = Type::object_of(Type::string(), Type::any()),
         .description = "Returns an object that describes the runtime environment where OPA is "
                        "deployed. custos exposes no environment to policies: always {}.",
         .category = "opa",
         .nondeterministic = true,
         .fn = [](BuiltinContext&, std::span<const Value>) -> BuiltinResult {
           return Value::object({});
         }});
  r.add({.name = "trace",
         .args = {Type::string()},
         .result = Type::boolean(),
         .description = "Emits `note` as a `Note` event in the query explanation. Query "
                        "explanations show the exact expressions evaluated by OPA during policy "
                        "execution.",
         .category = "tracing",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto note, arg_string(ctx, args, 1));
           (void)note;
           return Value(true);
         }});
}

}  // namespace custos::rego
