// numbers.range and numbers.range_step (OPA category "numbers").

#include "rego/builtins/registry.h"

namespace custos::rego {

namespace {

BuiltinResult range(BuiltinContext& ctx, std::int64_t a, std::int64_t b, std::int64_t step) {
  std::vector<Value> out;
  std::int64_t n = (a <= b ? b - a : a - b) / step + 1;
  if (n > 10'000'000) return tl::unexpected(builtin_error(ctx, "range too large"));
  out.reserve(static_cast<std::size_t>(n));
  if (a <= b) {
    for (std::int64_t i = a; i <= b; i += step) out.emplace_back(i);
  } else {
    for (std::int64_t i = a; i >= b; i -= step) out.emplace_back(i);
  }
  return Value::array(std::move(out));
}

Result<std::int64_t> int_operand(BuiltinContext& ctx, std::span<const Value> args, int n) {
  CUSTOS_TRY_ASSIGN(auto x, arg_number(ctx, args, n));
  auto i = x.to_int64();
  if (!i) {
    return tl::unexpected(builtin_error(ctx, "operand " + std::to_string(n) + " must be integer"));
  }
  return *i;
}

}  // namespace

void register_numbers(Registry& r) {
  r.add({.name = "numbers.range",
         .args = {Type::number(), Type::number()},
         .result = Type::array_of(Type::number()),
         .description = "Returns an array of numbers in the given (inclusive) range.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, int_operand(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, int_operand(ctx, args, 2));
           return range(ctx, a, b, 1);
         }});
  r.add({.name = "numbers.range_step",
         .args = {Type::number(), Type::number(), Type::number()},
         .result = Type::array_of(Type::number()),
         .description = "Returns an array of numbers in the given (inclusive) range incremented "
                        "by a positive step.",
         .category = "numbers",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, int_operand(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, int_operand(ctx, args, 2));
           // A positive step larger than int64 exceeds any int64 range: only the start.
           if (args[2].is_number() && args[2].as_number().repr() == Number::Repr::kBig &&
               Number::compare(args[2].as_number(), Number(0)) > 0) {
             return Value::array({Value(a)});
           }
           CUSTOS_TRY_ASSIGN(auto s, int_operand(ctx, args, 3));
           if (s <= 0) return tl::unexpected(builtin_error(ctx, "step must be a positive integer"));
           return range(ctx, a, b, s);
         }});
}

}  // namespace custos::rego
