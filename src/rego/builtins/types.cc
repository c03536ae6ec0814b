// Types (OPA category "types"): is_number, is_string, is_boolean, is_array, is_set, is_object,
// is_null (true or false, never undefined) and type_name.

#include "rego/builtins/util.h"

namespace custos::rego {

void register_types(Registry& r) {
  struct Check {
    const char* name;
    Value::Kind kind;
    const char* what;
  };
  static constexpr Check kChecks[] = {
      {"is_number", Value::Kind::kNumber, "number"}, {"is_string", Value::Kind::kString, "string"},
      {"is_boolean", Value::Kind::kBool, "boolean"}, {"is_array", Value::Kind::kArray, "array"},
      {"is_set", Value::Kind::kSet, "set"},          {"is_object", Value::Kind::kObject, "object"},
      {"is_null", Value::Kind::kNull, "null"},
  };
  for (const auto& c : kChecks) {
    Value::Kind kind = c.kind;
    r.add({.name = c.name,
           .args = {Type::any()},
           .result = Type::boolean(),
           .description = std::string("Returns `true` if the input value is a ") + c.what + ".",
           .category = "types",
           .fn = [kind](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
             return Value(args[0].kind() == kind);
           }});
  }
  r.add({.name = "type_name",
         .args = {Type::any()},
         .result = Type::string(),
         .description = "Returns the type of its input value.",
         .category = "types",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           return Value(std::string(args[0].type_name()));
         }});
}

}  // namespace custos::rego
