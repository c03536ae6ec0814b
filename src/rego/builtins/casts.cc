// Conversions (OPA category "conversions"): to_number.

#include <cctype>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

// Go's strconv.ParseFloat syntax for decimal input: [+-] digits [. digits] [e [+-] digits].
// Hexadecimal floats, underscores, "inf" and "nan" are refused (OPA keeps numbers finite).
bool decimal_float_syntax(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t digits = 0;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp = 0;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

}  // namespace

void register_casts(Registry& r) {
  r.add(
      {.name = "to_number",
       .args = {Type::any_of({Type::null(), Type::boolean(), Type::number(), Type::string()})},
       .result = Type::number(),
       .description = "Converts a string, bool, or number value to a number: Strings are "
                      "converted to numbers using `strconv.Atoi`, Boolean `false` is converted "
                      "to 0 and `true` is converted to 1.",
       .category = "conversions",
       .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
         const Value& v = args[0];
         switch (v.kind()) {
           case Value::Kind::kNull: return Value(0);
           case Value::Kind::kBool: return Value(v.as_bool() ? 1 : 0);
           case Value::Kind::kNumber: return v;
           case Value::Kind::kString: {
             const std::string& s = v.as_string();
             // Infinities and NaN, with any signs and case, are a type error in OPA (its
             // to_number checks before strconv.ParseFloat, which would accept them).
             std::string_view bare = s;
             while (!bare.empty() && (bare[0] == '+' || bare[0] == '-')) bare.remove_prefix(1);
             std::string lower;
             for (char c : bare)
               lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
             if (lower == "inf" || lower == "infinity" || lower == "nan") {
               return util::err(operand_type_error(ctx, 1, "valid number string", v));
             }
             if (!decimal_float_syntax(s)) {
               return util::builtin_err(
                   ctx, "strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
             }
             std::string_view text = s;
             if (text[0] == '+') text.remove_prefix(1);
             auto n = Number::parse(text);
             if (!n) {
               return util::builtin_err(
                   ctx, "strconv.ParseFloat: parsing \"" + s + "\": value out of range");
             }
             return Value(*n);
           }
           default:
             return util::err(util::type_error(ctx, 1, {"null", "boolean", "number", "string"}, v));
         }
       }});
}

}  // namespace custos::rego
