// Sets (OPA category "sets"): intersection and union of a set of sets. The binary operators
// `&`, `|` and `-` (builtins and/or/minus) are engine-owned (arithmetic.cc).

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

Result<std::span<const Value>> sets_operand(BuiltinContext& ctx, std::span<const Value> args) {
  const Value& v = args[0];
  if (!v.is_set()) return util::err(operand_type_error(ctx, 1, "set", v));
  for (const auto& e : v.as_set()) {
    if (!e.is_set()) return util::err(util::element_error(ctx, 1, v, "set", e));
  }
  return v.as_set();
}

}  // namespace

void register_sets(Registry& r) {
  r.add({.name = "intersection",
         .args = {Type::set_of(Type::set_of())},
         .result = Type::set_of(),
         .description = "Returns the intersection of the given input sets.",
         .category = "sets",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto sets, sets_operand(ctx, args));
           if (sets.empty()) return Value::set({});
           std::vector<Value> out;
           for (const auto& item : sets[0].as_set()) {
             bool all = true;
             for (std::size_t i = 1; i < sets.size() && all; ++i) all = sets[i].contains(item);
             if (all) out.push_back(item);
           }
           return Value::set_sorted(std::move(out));
         }});
  r.add({.name = "union",
         .args = {Type::set_of(Type::set_of())},
         .result = Type::set_of(),
         .description = "Returns the union of the given input sets.",
         .category = "sets",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto sets, sets_operand(ctx, args));
           std::vector<Value> out;
           for (const auto& s : sets) out.insert(out.end(), s.as_set().begin(), s.as_set().end());
           return Value::set(std::move(out));
         }});
}

}  // namespace custos::rego
