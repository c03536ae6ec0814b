// Arithmetic (OPA category "numbers"): plus, minus (also set difference), mul, div, rem, abs,
// round, ceil, floor; plus the set operators `and` (&) and `or` (|) that share the operator
// syntax. Numbers are exact (see Number).

#include "rego/builtins/registry.h"

namespace custos::rego {

namespace {

const Type kNum = Type::number();

Result<std::pair<Number, Number>> two_numbers(const BuiltinContext& ctx,
                                              std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(auto a, arg_number(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(auto b, arg_number(ctx, args, 2));
  return std::make_pair(a, b);
}

BuiltinResult set_op(const BuiltinContext& ctx, std::span<const Value> args, int op) {
  CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kSet));
  CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kSet));
  std::vector<Value> out;
  auto a = args[0].as_set();
  auto b = args[1].as_set();
  if (op == 0) {  // difference
    for (const auto& v : a) {
      if (!args[1].contains(v)) out.push_back(v);
    }
    return Value::set_sorted(std::move(out));
  }
  if (op == 1) {  // intersection
    for (const auto& v : a) {
      if (args[1].contains(v)) out.push_back(v);
    }
    return Value::set_sorted(std::move(out));
  }
  out.assign(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return Value::set(std::move(out));
}

}  // namespace

void register_arithmetic(Registry& r) {
  r.add({.name = "plus",
         .args = {kNum, kNum},
         .result = kNum,
         .description = "Plus adds two numbers together.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto ab, two_numbers(ctx, args));
           return Value(ab.first.add(ab.second));
         }});
  r.add({.name = "minus",
         .args = {Type::any_of({kNum, Type::set_of()}), Type::any_of({kNum, Type::set_of()})},
         .result = Type::any_of({kNum, Type::set_of()}),
         .description = "Minus subtracts the second number from the first number or computes "
                        "the difference between two sets.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           if (args[0].is_set() && args[1].is_set()) return set_op(ctx, args, 0);
           if (args[0].is_number() && args[1].is_number()) {
             return Value(args[0].as_number().sub(args[1].as_number()));
           }
           if (!args[0].is_number() && !args[0].is_set()) {
             return tl::unexpected(operand_type_error(ctx, 1, "any<number, set[any]>", args[0]));
           }
           if (args[0].is_set()) return tl::unexpected(operand_type_error(ctx, 2, "set", args[1]));
           return tl::unexpected(operand_type_error(ctx, 2, "number", args[1]));
         }});
  r.add({.name = "mul",
         .args = {kNum, kNum},
         .result = kNum,
         .description = "Multiplies two numbers.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto ab, two_numbers(ctx, args));
           return Value(ab.first.mul(ab.second));
         }});
  r.add({.name = "div",
         .args = {kNum, kNum},
         .result = kNum,
         .description = "Divides the first number by the second number.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto ab, two_numbers(ctx, args));
           auto q = ab.first.div(ab.second);
           if (!q) return tl::unexpected(builtin_error(ctx, "divide by zero"));
           return Value(*q);
         }});
  r.add({.name = "rem",
         .args = {kNum, kNum},
         .result = kNum,
         .description = "Returns the remainder for of `x` divided by `y`, for `y != 0`.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto ab, two_numbers(ctx, args));
           if (!ab.first.is_integer() || !ab.second.is_integer()) {
             return tl::unexpected(builtin_error(ctx, "modulo on floating-point number"));
           }
           auto q = ab.first.rem(ab.second);
           if (!q) return tl::unexpected(builtin_error(ctx, "modulo by zero"));
           return Value(*q);
         }});
  struct Unary {
    const char* name;
    const char* description;
    Number (Number::*op)() const;
  };
  for (const Unary& u :
       {Unary{"abs", "Returns the number without its sign.", &Number::abs},
        Unary{"round", "Rounds the number to the nearest integer.", &Number::round},
        Unary{"ceil", "Rounds the number _up_ to the nearest integer.", &Number::ceil},
        Unary{"floor", "Rounds the number _down_ to the nearest integer.", &Number::floor}}) {
    auto op = u.op;
    r.add({.name = u.name,
           .args = {kNum},
           .result = kNum,
           .description = u.description,
           .category = "numbers",
           .fn = [op](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
             CUSTOS_TRY_ASSIGN(auto x, arg_number(ctx, args, 1));
             return Value((x.*op)());
           }});
  }
  r.add({.name = "and",
         .args = {Type::set_of(), Type::set_of()},
         .result = Type::set_of(),
         .description = "Returns the intersection of two sets.",
         .category = "sets",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return set_op(ctx, args, 1);
         }});
  r.add({.name = "or",
         .args = {Type::set_of(), Type::set_of()},
         .result = Type::set_of(),
         .description = "Returns the union of two sets.",
         .category = "sets",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return set_op(ctx, args, 2);
         }});
}

}  // namespace custos::rego
