#pragma once
// Internal helpers shared by the builtin family files of the `builtins` branch: OPA's operand
// error wordings, UTF-8 rune handling, integer operands of any size. Not part of the public API.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "base/utf8.h"

#include "rego/builtins/registry.h"

namespace custos::rego::util {

// eval_type_error "<name>: operand <n> must be one of {a, b} but got <type>" (one name:
// "must be a but got …"), as OPA's builtins.NewOperandTypeErr words it.
Error type_error(const BuiltinContext& ctx, int n, std::initializer_list<std::string_view> want,
                 const Value& got);
// eval_type_error "<name>: operand <n> must be <composite> of <want>s but got <composite>
// containing <type>" (OPA's NewOperandElementErr).
Error element_error(const BuiltinContext& ctx, int n, const Value& composite, std::string_view want,
                    const Value& got);
// eval_builtin_error "<name>: operand <n> <message>".
Error operand_error(const BuiltinContext& ctx, int n, std::string_view message);

// The unexpected form, for `return util::err(...)` in builtin lambdas.
inline tl::unexpected<Error> err(Error e) { return tl::unexpected<Error>(std::move(e)); }
inline tl::unexpected<Error> builtin_err(const BuiltinContext& ctx, std::string_view msg) {
  return tl::unexpected<Error>(builtin_error(ctx, msg));
}

// Decodes UTF-8 into code points; invalid bytes decode to U+FFFD one byte at a time (Go's rule).
std::vector<char32_t> runes(std::string_view s);
// Encodes one code point as UTF-8 (invalid ones as U+FFFD): base's encoder.
using custos::append_utf8;
std::string to_utf8(const std::vector<char32_t>& runes, std::size_t begin, std::size_t end);
// Number of runes in `s` (Go's utf8.RuneCountInString).
std::size_t rune_count(std::string_view s);

// The elements of an array or set (empty span for other kinds).
std::span<const Value> elements(const Value& v);

// An integer operand of any size as decimal text, or the OPA errors for non-numbers and
// non-integers ("operand n must be integer number but got floating-point number").
Result<Number> arg_integer(const BuiltinContext& ctx, std::span<const Value> args, int n);

// Strings of an array or set operand, with OPA's errors for other kinds / non-string elements.
Result<std::vector<std::string_view>> string_elements(const BuiltinContext& ctx,
                                                      std::span<const Value> args, int n,
                                                      bool allow_string);

}  // namespace custos::rego::util
