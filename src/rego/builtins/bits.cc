// Bitwise operations (OPA category "bits"): bits.and, bits.or, bits.xor, bits.negate,
// bits.lsh, bits.rsh on integers of any size (two's complement semantics, as Go's big.Int).

#include <boost/multiprecision/cpp_int.hpp>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using BigInt = boost::multiprecision::cpp_int;

BigInt to_big(const Number& n) {
  if (auto i = n.to_int64()) return BigInt(*i);
  return BigInt(n.to_string());
}

Value from_big(const BigInt& b) {
  auto n = Number::parse(b.str());
  return n ? Value(*n) : Value();
}

// Two's complement bitwise op for signed big integers: Boost's cpp_int operators implement
// two's complement semantics for negative operands.
BuiltinResult binary(BuiltinContext& ctx, std::span<const Value> args, char op) {
  CUSTOS_TRY_ASSIGN(auto a, util::arg_integer(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(auto b, util::arg_integer(ctx, args, 2));
  auto x = a.to_int64(), y = b.to_int64();
  if (x && y) {
    switch (op) {
      case '&': return Value(*x & *y);
      case '|': return Value(*x | *y);
      default: return Value(*x ^ *y);
    }
  }
  BigInt p = to_big(a), q = to_big(b);
  switch (op) {
    case '&': return from_big(p & q);
    case '|': return from_big(p | q);
    default: return from_big(p ^ q);
  }
}

BuiltinResult shift(BuiltinContext& ctx, std::span<const Value> args, bool left) {
  CUSTOS_TRY_ASSIGN(auto a, util::arg_integer(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(auto b, util::arg_integer(ctx, args, 2));
  auto s = b.to_int64();
  if (!s || *s < 0) {
    return util::builtin_err(ctx, "operand 2 must be unsigned integer number but got " +
                                      std::string(s ? "negative integer" : "big integer"));
  }
  if (left && *s > 100000) return util::builtin_err(ctx, "shift too large");
  BigInt x = to_big(a);
  if (left) return from_big(x << static_cast<unsigned>(*s));
  if (*s > 100000) return Value(x < 0 ? -1 : 0);
  // Arithmetic right shift (floor division by 2^s), as Go's big.Int.Rsh.
  if (x >= 0) return from_big(x >> static_cast<unsigned>(*s));
  BigInt one = 1;
  BigInt divisor = one << static_cast<unsigned>(*s);
  BigInt q = x / divisor;
  if (q * divisor != x) q -= 1;
  return from_big(q);
}

}  // namespace

void register_bits(Registry& r) {
  const Type n = Type::number();
  struct Bin {
    const char* name;
    char op;
    const char* desc;
  };
  static constexpr Bin kBins[] = {
      {"bits.and", '&', "Returns the bitwise \"AND\" of two integers."},
      {"bits.or", '|', "Returns the bitwise \"OR\" of two integers."},
      {"bits.xor", '^', "Returns the bitwise \"XOR\" (exclusive-or) of two integers."},
  };
  for (const auto& b : kBins) {
    char op = b.op;
    r.add({.name = b.name,
           .args = {n, n},
           .result = n,
           .description = b.desc,
           .category = "bits",
           .fn = [op](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
             return binary(ctx, args, op);
           }});
  }
  r.add({.name = "bits.negate",
         .args = {n},
         .result = n,
         .description = "Returns the bitwise negation (flip) of an integer.",
         .category = "bits",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, util::arg_integer(ctx, args, 1));
           if (auto x = a.to_int64()) return Value(~*x);
           return from_big(-to_big(a) - 1);
         }});
  r.add({.name = "bits.lsh",
         .args = {n, n},
         .result = n,
         .description = "Returns a new integer with its bits shifted `s` bits to the left.",
         .category = "bits",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return shift(ctx, args, true);
         }});
  r.add({.name = "bits.rsh",
         .args = {n, n},
         .result = n,
         .description = "Returns a new integer with its bits shifted `s` bits to the right.",
         .category = "bits",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return shift(ctx, args, false);
         }});
}

}  // namespace custos::rego
