// Units (OPA category "units"): units.parse (SI and binary suffixes, "m" = milli) and
// units.parse_bytes. Arithmetic is exact decimal (mantissa × 10^exp), so "500m" is exactly 0.5.

#include <boost/multiprecision/cpp_int.hpp>
#include <cctype>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using BigInt = boost::multiprecision::cpp_int;
constexpr long kMaxExponent = 4096;

struct Decimal {
  BigInt mantissa;
  long exp10 = 0;
};

// Splits "12.5e3Ki" into ("12.5e3", "Ki"): an e/E is part of the number only when a digit or
// sign follows it.
std::pair<std::string, std::string> split_number_unit(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '+' || c == '-') continue;
    if (c == 'e' || c == 'E') {
      if (i + 1 < s.size() && (std::isdigit(static_cast<unsigned char>(s[i + 1])) ||
                               s[i + 1] == '+' || s[i + 1] == '-')) {
        if (s[i + 1] == '+' || s[i + 1] == '-') ++i;
        continue;
      }
    }
    return {s.substr(0, i), s.substr(i)};
  }
  return {s, ""};
}

// Parses [+-]digits[.digits][e[+-]digits]. Errors: "parse" (syntax) or "exponent".
Result<Decimal> parse_decimal(const std::string& s) {
  Decimal d;
  std::size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) neg = s[i++] == '-';
  std::string digits;
  bool dot = false;
  long frac = 0;
  for (; i < s.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(s[i]))) {
      digits.push_back(s[i]);
      if (dot) ++frac;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      break;
    }
  }
  if (digits.empty()) return fail(ErrorCode::kInvalidArgument, "parse");
  long exp = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool eneg = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) eneg = s[i++] == '-';
    if (i == s.size()) return fail(ErrorCode::kInvalidArgument, "parse");
    for (; i < s.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) {
        return fail(ErrorCode::kInvalidArgument, "parse");
      }
      exp = exp * 10 + (s[i] - '0');
      if (exp > kMaxExponent) return fail(ErrorCode::kOutOfRange, "exponent");
    }
    if (eneg) exp = -exp;
  }
  if (i != s.size()) return fail(ErrorCode::kInvalidArgument, "parse");
  // No leading zeros: Boost reads "0…" strings as octal.
  std::size_t nz = digits.find_first_not_of('0');
  digits = nz == std::string::npos ? "0" : digits.substr(nz);
  d.mantissa = BigInt(digits);
  if (neg) d.mantissa = -d.mantissa;
  d.exp10 = exp - frac;
  return d;
}

Value to_value(Decimal d, bool truncate) {
  while (d.exp10 < 0 && d.mantissa != 0 && d.mantissa % 10 == 0) {
    d.mantissa /= 10;
    ++d.exp10;
  }
  if (d.mantissa == 0) return Value(0);
  if (d.exp10 >= 0) {
    BigInt v = d.mantissa * boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(d.exp10));
    return Value(*Number::parse(v.str()));
  }
  if (truncate) {
    BigInt v = d.mantissa / boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(-d.exp10));
    return Value(*Number::parse(v.str()));
  }
  std::string text = d.mantissa.str() + "e" + std::to_string(d.exp10);
  auto n = Number::from_double(std::strtod(text.c_str(), nullptr));
  return n ? Value(*n) : Value(0);
}

struct UnitScale {
  long pow10 = 0;
  unsigned pow1024 = 0;
};

BuiltinResult parse_units(BuiltinContext& ctx, std::span<const Value> args, bool bytes) {
  CUSTOS_TRY_ASSIGN(auto raw, arg_string(ctx, args, 1));
  std::string s;
  for (char c : raw) {
    if (c != '"') s.push_back(c);
  }
  if (s.find(' ') != std::string::npos) {
    return util::builtin_err(ctx, "spaces not allowed in resource strings");
  }
  auto [num, unit] = split_number_unit(s);
  if (num.empty()) {
    return util::builtin_err(ctx, bytes ? "no byte amount provided" : "no amount provided");
  }
  auto d = parse_decimal(num);
  if (!d) {
    if (d.error().code() == ErrorCode::kOutOfRange) {
      return util::builtin_err(ctx, "exponent too large");
    }
    return util::builtin_err(ctx, bytes ? "could not parse byte amount to a number"
                                        : "could not parse amount to a number");
  }
  UnitScale scale;
  bool known = true;
  if (bytes) {
    std::string u;
    for (char c : unit) u.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    static constexpr const char* kPrefixes = "kmgtpe";
    if (u.empty() || u == "b") {
    } else {
      std::size_t k = std::string_view(kPrefixes).find(u[0]);
      std::string rest = u.substr(1);
      if (k == std::string_view::npos) {
        known = false;
      } else if (rest.empty() || rest == "b") {
        scale.pow10 = 3 * static_cast<long>(k + 1);
      } else if (rest == "i" || rest == "ib") {
        scale.pow1024 = static_cast<unsigned>(k + 1);
      } else {
        known = false;
      }
    }
    if (!known) return util::builtin_err(ctx, "byte unit " + unit + " not recognized");
  } else {
    std::string u = unit;
    if (u.size() > 1) {
      for (std::size_t i = 1; i < u.size(); ++i) {
        u[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(u[i])));
      }
    }
    static constexpr std::pair<const char*, UnitScale> kUnits[] = {
        {"m", {-3, 0}}, {"k", {3, 0}},  {"K", {3, 0}},  {"ki", {0, 1}}, {"Ki", {0, 1}},
        {"M", {6, 0}},  {"mi", {0, 2}}, {"Mi", {0, 2}}, {"g", {9, 0}},  {"G", {9, 0}},
        {"gi", {0, 3}}, {"Gi", {0, 3}}, {"t", {12, 0}}, {"T", {12, 0}}, {"ti", {0, 4}},
        {"Ti", {0, 4}}, {"p", {15, 0}}, {"P", {15, 0}}, {"pi", {0, 5}}, {"Pi", {0, 5}},
        {"e", {18, 0}}, {"E", {18, 0}}, {"ei", {0, 6}}, {"Ei", {0, 6}},
    };
    if (!u.empty()) {
      known = false;
      for (const auto& [name, sc] : kUnits) {
        if (u == name) {
          scale = sc;
          known = true;
        }
      }
    }
    if (!known) return util::builtin_err(ctx, "unit " + unit + " not recognized");
  }
  d->exp10 += scale.pow10;
  if (scale.pow1024 > 0) d->mantissa *= boost::multiprecision::pow(BigInt(1024), scale.pow1024);
  return to_value(*d, bytes);
}

}  // namespace

void register_units(Registry& r) {
  r.add({.name = "units.parse",
         .args = {Type::string()},
         .result = Type::number(),
         .description = "Converts strings like \"10G\", \"5K\", \"4M\", \"1500m\", and the like "
                        "into a number. This number can be a non-integer, such as 1.5, 0.22, "
                        "etc.",
         .category = "units",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return parse_units(ctx, args, false);
         }});
  r.add({.name = "units.parse_bytes",
         .args = {Type::string()},
         .result = Type::number(),
         .description = "Converts strings like \"10GB\", \"5K\", \"4mb\", or \"1e6KB\" into an "
                        "integer number of bytes.",
         .category = "units",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return parse_units(ctx, args, true);
         }});
}

}  // namespace custos::rego
