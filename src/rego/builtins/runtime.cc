// Runtime and tracing (OPA categories "opa", "tracing", "http"): opa.runtime, trace and
// http.send. custos evaluations are hermetic: opa.runtime returns an empty object (no
// environment or configuration is exposed to policies) and http.send is refused with a clear
// eval_builtin_error (network access from policies would make the three engine nodes' decisions
// depend on the network).

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
  r.add({.name = "http.send",
         .args = {Type::object_of(Type::string(), Type::any())},
         .result = Type::object_of(Type::any(), Type::any()),
         .description = "Returns a HTTP response to the given HTTP request. Disabled in custos: "
                        "policies may not access the network.",
         .category = "http",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           return util::builtin_err(ctx,
                                    "disabled: network access from policies is not allowed "
                                    "(evaluations must be hermetic and identical on all nodes)");
         }});
}

}  // namespace custos::rego
