// Comparison operators (OPA category "comparison"): equal (==), neq (!=), lt, gt, lte, gte.
// Values of any kind compare with OPA's total order (Value::compare).

#include "rego/builtins/registry.h"

namespace custos::rego {

namespace {

template <typename Pred>
BuiltinDecl comparison(const char* name, const char* description, Pred pred) {
  return BuiltinDecl{.name = name,
                     .args = {Type::any(), Type::any()},
                     .result = Type::boolean(),
                     .description = description,
                     .category = "comparison",
                     .fn = [pred](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
                       return Value(pred(Value::compare(args[0], args[1])));
                     }};
}

}  // namespace

void register_comparison(Registry& registry) {
  registry.add(
      comparison("equal", "Checks if two values are equal.", [](int c) { return c == 0; }));
  registry.add(
      comparison("neq", "Checks if two values are not equal.", [](int c) { return c != 0; }));
  registry.add(comparison("lt", "Checks if the first value is less than the second value.",
                          [](int c) { return c < 0; }));
  registry.add(comparison("gt", "Checks if the first value is greater than the second value.",
                          [](int c) { return c > 0; }));
  registry.add(comparison("lte",
                          "Checks if the first value is less than or equal to the second value.",
                          [](int c) { return c <= 0; }));
  registry.add(comparison("gte",
                          "Checks if the first value is greater than or equal to the second value.",
                          [](int c) { return c >= 0; }));
}

}  // namespace custos::rego
