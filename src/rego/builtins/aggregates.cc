// Aggregates (OPA category "aggregates"): count, sum, product, max, min, sort.
// OPA docs: https://www.openpolicyagent.org/docs/policy-reference/#aggregates

#include <algorithm>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

const Type kCollection = Type::any_of({Type::array_of(), Type::set_of()});
const Type kNumbers = Type::any_of({Type::array_of(Type::number()), Type::set_of(Type::number())});

BuiltinResult fold(BuiltinContext& ctx, std::span<const Value> args, bool product) {
  const Value& v = args[0];
  if (!v.is_array() && !v.is_set()) return err(util::type_error(ctx, 1, {"set", "array"}, v));
  Number acc(product ? 1 : 0);
  for (const auto& e : util::elements(v)) {
    if (!e.is_number()) return err(util::element_error(ctx, 1, v, "number", e));
    acc = product ? acc.mul(e.as_number()) : acc.add(e.as_number());
  }
  return Value(acc);
}

BuiltinResult extreme(BuiltinContext& ctx, std::span<const Value> args, bool max) {
  const Value& v = args[0];
  if (!v.is_array() && !v.is_set()) return err(util::type_error(ctx, 1, {"set", "array"}, v));
  auto items = util::elements(v);
  if (items.empty()) return undefined();
  const Value* best = &items[0];
  for (const auto& e : items) {
    int c = Value::compare(e, *best);
    if (max ? c > 0 : c < 0) best = &e;
  }
  return *best;
}

}  // namespace

void register_aggregates(Registry& r) {
  r.add({.name = "count",
         .args = {Type::any_of(
             {Type::array_of(), Type::set_of(), Type::object_of(), Type::string()})},
         .result = Type::number(),
         .description = "Count takes a collection or string and returns the number of elements "
                        "(or characters) in it.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           const Value& v = args[0];
           switch (v.kind()) {
             case Value::Kind::kString:
               return Value(static_cast<std::int64_t>(util::rune_count(v.as_string())));
             case Value::Kind::kArray:
             case Value::Kind::kObject:
             case Value::Kind::kSet: return Value(static_cast<std::int64_t>(v.size()));
             default: return err(util::type_error(ctx, 1, {"array", "object", "set", "string"}, v));
           }
         }});
  r.add({.name = "sum",
         .args = {kNumbers},
         .result = Type::number(),
         .description = "Sums elements of an array or set of numbers.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return fold(ctx, args, false);
         }});
  r.add({.name = "product",
         .args = {kNumbers},
         .result = Type::number(),
         .description = "Multiplies elements of an array or set of numbers.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return fold(ctx, args, true);
         }});
  r.add({.name = "max",
         .args = {kCollection},
         .result = Type::any(),
         .description = "Returns the maximum value in a collection.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return extreme(ctx, args, true);
         }});
  r.add({.name = "min",
         .args = {kCollection},
         .result = Type::any(),
         .description = "Returns the minimum value in a collection.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return extreme(ctx, args, false);
         }});
  r.add({.name = "sort",
         .args = {kCollection},
         .result = Type::array_of(),
         .description = "Returns a sorted array.",
         .category = "aggregates",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           const Value& v = args[0];
           if (v.is_set()) return Value::array({v.as_set().begin(), v.as_set().end()});
           if (!v.is_array()) return err(util::type_error(ctx, 1, {"array", "set"}, v));
           std::vector<Value> items(v.as_array().begin(), v.as_array().end());
           std::stable_sort(items.begin(), items.end());
           return Value::array(std::move(items));
         }});
}

}  // namespace custos::rego
