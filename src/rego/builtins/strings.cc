// Strings (OPA category "strings"): concat, lower, upper, split, contains, startswith,
// endswith, trim*, replace, indexof, indexof_n, substring, strings.replace_n, strings.reverse,
// strings.any_prefix_match, strings.any_suffix_match, strings.count. Indices and lengths count
// Unicode code points (runes), as OPA does. sprintf, format_int and strings.render_template are
// in strings_format.cc.

#include <locale.h>
#include <wctype.h>

#include <algorithm>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

const Type kS = Type::string();

// `s` split on `d` as Go's strings.SplitN: at most `limit` pieces (0: no limit), the last
// holding the rest; an empty delimiter splits between runes.
std::vector<Value> split_pieces(std::string_view s, std::string_view d, std::size_t limit) {
  std::vector<Value> out;
  if (d.empty()) {
    auto rs = util::runes(s);
    std::size_t n = rs.size();
    if (limit > 0 && limit < n) n = limit;
    for (std::size_t i = 0; i < n; ++i) {
      out.emplace_back(i + 1 == n ? util::to_utf8(rs, i, rs.size()) : util::to_utf8(rs, i, i + 1));
    }
    return out;
  }
  std::size_t pos = 0;
  while (limit == 0 || out.size() + 1 < limit) {
    std::size_t hit = s.find(d, pos);
    if (hit == std::string_view::npos) break;
    out.emplace_back(s.substr(pos, hit - pos));
    pos = hit + d.size();
  }
  out.emplace_back(s.substr(pos));
  return out;
}

// Unicode simple case mapping (what Go's unicode.ToLower/ToUpper do) through glibc's tables in a
// private C.UTF-8 locale object: towlower_l never touches the process-global locale, so this
// is thread-safe. Falls back to ASCII when the locale is unavailable.
locale_t utf8_locale() {
  static locale_t loc = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  return loc;
}

char32_t to_lower(char32_t r) {
  if (r < 0x80) return (r >= 'A' && r <= 'Z') ? r + 32 : r;
  locale_t loc = utf8_locale();
  return loc != static_cast<locale_t>(nullptr)
             ? static_cast<char32_t>(towlower_l(static_cast<wint_t>(r), loc))
             : r;
}

char32_t to_upper(char32_t r) {
  if (r < 0x80) return (r >= 'a' && r <= 'z') ? r - 32 : r;
  locale_t loc = utf8_locale();
  return loc != static_cast<locale_t>(nullptr)
             ? static_cast<char32_t>(towupper_l(static_cast<wint_t>(r), loc))
             : r;
}

std::string map_case(std::string_view s, bool upper) {
  std::string out;
  out.reserve(s.size());
  for (char32_t r : util::runes(s)) util::append_utf8(out, upper ? to_upper(r) : to_lower(r));
  return out;
}

// Go's unicode.IsSpace.
bool is_space(char32_t r) {
  switch (r) {
    case '\t':
    case '\n':
    case '\v':
    case '\f':
    case '\r':
    case ' ':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000: return true;
    default: return r >= 0x2000 && r <= 0x200A;
  }
}

std::string trim_runes(std::string_view s, const std::vector<char32_t>& cut, bool left,
                       bool right) {
  auto rs = util::runes(s);
  auto in_cut = [&](char32_t r) { return std::find(cut.begin(), cut.end(), r) != cut.end(); };
  std::size_t b = 0, e = rs.size();
  if (left) {
    while (b < e && in_cut(rs[b])) ++b;
  }
  if (right) {
    while (e > b && in_cut(rs[e - 1])) --e;
  }
  return util::to_utf8(rs, b, e);
}

// Go's strings.Replace(s, old, new, -1).
std::string replace_all(std::string_view s, std::string_view old_s, std::string_view new_s) {
  std::string out;
  if (old_s.empty()) {
    // An empty pattern matches before every rune and at the end.
    auto rs = util::runes(s);
    out += new_s;
    for (char32_t r : rs) {
      util::append_utf8(out, r);
      out += new_s;
    }
    return out;
  }
  std::size_t pos = 0;
  for (;;) {
    std::size_t hit = s.find(old_s, pos);
    if (hit == std::string_view::npos) break;
    out.append(s, pos, hit - pos);
    out += new_s;
    pos = hit + old_s.size();
  }
  out.append(s.substr(pos));
  return out;
}

// Rune index of `sub` in `runes` from `from`, or -1.
std::int64_t rune_index(const std::vector<char32_t>& h, const std::vector<char32_t>& n,
                        std::size_t from) {
  if (n.size() > h.size()) return -1;
  for (std::size_t i = from; i + n.size() <= h.size(); ++i) {
    if (std::equal(n.begin(), n.end(), h.begin() + static_cast<std::ptrdiff_t>(i))) {
      return static_cast<std::int64_t>(i);
    }
  }
  return -1;
}

BuiltinResult any_match(BuiltinContext& ctx, std::span<const Value> args, bool prefix) {
  CUSTOS_TRY_ASSIGN(auto search, util::string_elements(ctx, args, 1, true));
  CUSTOS_TRY_ASSIGN(auto bases, util::string_elements(ctx, args, 2, true));
  for (auto s : search) {
    for (auto b : bases) {
      if (prefix ? s.starts_with(b) : s.ends_with(b)) return Value(true);
    }
  }
  return Value(false);
}

using Fn2 = std::string (*)(std::string_view, std::string_view);

void add_s2_s(Registry& r, const char* name, const char* desc, Fn2 fn) {
  r.add({.name = name,
         .args = {kS, kS},
         .result = kS,
         .description = desc,
         .category = "strings",
         .fn = [fn](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, arg_string(ctx, args, 2));
           return Value(fn(a, b));
         }});
}

using Pred2 = bool (*)(std::string_view, std::string_view);

void add_s2_b(Registry& r, const char* name, const char* desc, Pred2 fn) {
  r.add({.name = name,
         .args = {kS, kS},
         .result = Type::boolean(),
         .description = desc,
         .category = "strings",
         .fn = [fn](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, arg_string(ctx, args, 2));
           return Value(fn(a, b));
         }});
}

}  // namespace

void register_strings_format(Registry& r);

void register_strings(Registry& r) {
  r.add({.name = "concat",
         .args = {kS, Type::any_of({Type::array_of(kS), Type::set_of(kS)})},
         .result = kS,
         .description = "Joins a set or array of strings with a delimiter.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto delim, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto parts, util::string_elements(ctx, args, 2, false));
           std::string out;
           for (std::size_t i = 0; i < parts.size(); ++i) {
             if (i > 0) out += delim;
             out += parts[i];
           }
           return Value(std::move(out));
         }});
  for (bool upper : {false, true}) {
    r.add({.name = upper ? "upper" : "lower",
           .args = {kS},
           .result = kS,
           .description = upper ? "Returns the input string but with all characters in "
                                  "upper-case."
                                : "Returns the input string but with all characters in "
                                  "lower-case.",
           .category = "strings",
           .fn = [upper](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
             CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
             return Value(map_case(s, upper));
           }});
  }
  r.add({.name = "split",
         .args = {kS, kS},
         .result = Type::array_of(kS),
         .description = "Split returns an array containing elements of the input string split "
                        "on a delimiter.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto d, arg_string(ctx, args, 2));
           return Value::array(split_pieces(s, d, 0));
         }});
  r.add({.name = "strings.split_n",
         .args = {kS, kS, Type::number()},
         .result = Type::array_of(kS),
         .description = "Splits the input string on a delimiter into at most n pieces, the last "
                        "holding the rest (Go strings.SplitN). A negative n keeps the last -n "
                        "pieces of the full split; n = 0 gives an empty array.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto d, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto n, arg_int(ctx, args, 3));
           if (n == 0) return Value::array({});
           if (n > 0) return Value::array(split_pieces(s, d, static_cast<std::size_t>(n)));
           auto all = split_pieces(s, d, 0);
           // n < 0 here; -n cannot overflow for the int64 minimum once compared as unsigned.
           std::size_t keep = static_cast<std::size_t>(-(n + 1)) + 1;
           if (keep < all.size()) all.erase(all.begin(), all.end() - static_cast<long>(keep));
           return Value::array(std::move(all));
         }});
  add_s2_b(r, "contains", "Returns `true` if the search string is included in the base string",
           [](std::string_view a, std::string_view b) { return a.find(b) != a.npos; });
  add_s2_b(r, "startswith", "Returns true if the search string begins with the base string.",
           [](std::string_view a, std::string_view b) { return a.starts_with(b); });
  add_s2_b(r, "endswith", "Returns true if the search string ends with the base string.",
           [](std::string_view a, std::string_view b) { return a.ends_with(b); });
  add_s2_s(r, "trim",
           "Returns `value` with all leading or trailing instances of the `cutset` "
           "characters removed.",
           [](std::string_view s, std::string_view c) {
             return trim_runes(s, util::runes(c), true, true);
           });
  add_s2_s(r, "trim_left",
           "Returns `value` with all leading instances of the `cutset` "
           "characters removed.",
           [](std::string_view s, std::string_view c) {
             return trim_runes(s, util::runes(c), true, false);
           });
  add_s2_s(r, "trim_right",
           "Returns `value` with all trailing instances of the `cutset` "
           "characters removed.",
           [](std::string_view s, std::string_view c) {
             return trim_runes(s, util::runes(c), false, true);
           });
  add_s2_s(r, "trim_prefix",
           "Returns `value` without the prefix. If `value` doesn't start "
           "with `prefix`, it is returned unchanged.",
           [](std::string_view s, std::string_view p) {
             return std::string(s.starts_with(p) ? s.substr(p.size()) : s);
           });
  add_s2_s(r, "trim_suffix",
           "Returns `value` without the suffix. If `value` doesn't end with "
           "`suffix`, it is returned unchanged.",
           [](std::string_view s, std::string_view p) {
             return std::string(s.ends_with(p) ? s.substr(0, s.size() - p.size()) : s);
           });
  r.add({.name = "trim_space",
         .args = {kS},
         .result = kS,
         .description = "Return the given string with all leading and trailing white space "
                        "removed.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto rs = util::runes(s);
           std::size_t b = 0, e = rs.size();
           while (b < e && is_space(rs[b])) ++b;
           while (e > b && is_space(rs[e - 1])) --e;
           return Value(util::to_utf8(rs, b, e));
         }});
  r.add({.name = "replace",
         .args = {kS, kS, kS},
         .result = kS,
         .description = "Replace replaces all instances of a sub-string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto o, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto n, arg_string(ctx, args, 3));
           return Value(replace_all(s, o, n));
         }});
  r.add({.name = "strings.replace_n",
         .args = {Type::object_of(kS, kS), kS},
         .result = kS,
         .description = "Replaces a string from a list of old, new string pairs. Replacements "
                        "are performed in the order they appear in the target string, without "
                        "overlapping matches. The old string comparisons are done in argument "
                        "order.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           std::vector<std::pair<std::string_view, std::string_view>> pairs;
           for (const auto& [k, v] : args[0].as_object()) {
             if (!k.is_string()) {
               return err(Error(
                   ErrorCode::kEvalType,
                   std::string(ctx.name) + ": operand 1 non-string key found in pattern object"));
             }
             if (!v.is_string()) {
               return err(Error(
                   ErrorCode::kEvalType,
                   std::string(ctx.name) + ": operand 1 non-string value found in pattern object"));
             }
             pairs.emplace_back(k.as_string(), v.as_string());
           }
           // Go's strings.Replacer: at each position the first pattern (argument order) that
           // matches wins; no match copies one byte.
           // Go's strings.Replacer (generic algorithm): at each position the first pattern
           // (argument order) that is a prefix wins; an empty pattern matches once per
           // position, after which the other patterns are tried at the same position.
           std::string out;
           std::size_t last = 0;
           bool prev_empty = false;
           for (std::size_t i = 0; i <= s.size();) {
             const std::pair<std::string_view, std::string_view>* hit = nullptr;
             for (const auto& p : pairs) {
               if (p.first.empty() && prev_empty) continue;
               if (s.substr(i).starts_with(p.first)) {
                 hit = &p;
                 break;
               }
             }
             prev_empty = hit != nullptr && hit->first.empty();
             if (hit != nullptr) {
               out.append(s.substr(last, i - last));
               out += hit->second;
               i += hit->first.size();
               last = i;
               continue;
             }
             ++i;
           }
           out.append(s.substr(last));
           return Value(std::move(out));
         }});
  r.add({.name = "indexof",
         .args = {kS, kS},
         .result = Type::number(),
         .description = "Returns the index of a substring contained inside a string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto sub, arg_string(ctx, args, 2));
           if (s.empty()) return Value(-1);
           if (sub.empty()) return Value(0);
           return Value(rune_index(util::runes(s), util::runes(sub), 0));
         }});
  r.add({.name = "indexof_n",
         .args = {kS, kS},
         .result = Type::array_of(Type::number()),
         .description = "Returns a list of all the indexes of a substring contained inside a "
                        "string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto sub, arg_string(ctx, args, 2));
           auto h = util::runes(s), n = util::runes(sub);
           std::vector<Value> out;
           if (n.empty()) return Value::array({});
           for (std::int64_t at = rune_index(h, n, 0); at >= 0;
                at = rune_index(h, n, static_cast<std::size_t>(at) + 1)) {
             out.emplace_back(at);
           }
           return Value::array(std::move(out));
         }});
  r.add({.name = "substring",
         .args = {kS, Type::number(), Type::number()},
         .result = kS,
         .description = "Returns the portion of a string for a given `offset` and a `length`. "
                        "If `length < 0`, `output` is the remainder of the string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto off, arg_int(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto len, arg_int(ctx, args, 3));
           if (off < 0) return util::builtin_err(ctx, "negative offset");
           auto rs = util::runes(s);
           auto n = static_cast<std::int64_t>(rs.size());
           if (off >= n) return Value("");
           std::int64_t end = (len < 0 || off + len > n) ? n : off + len;
           return Value(
               util::to_utf8(rs, static_cast<std::size_t>(off), static_cast<std::size_t>(end)));
         }});
  r.add({.name = "strings.reverse",
         .args = {kS},
         .result = kS,
         .description = "Reverses a given string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto rs = util::runes(s);
           std::reverse(rs.begin(), rs.end());
           return Value(util::to_utf8(rs, 0, rs.size()));
         }});
  const Type kStrs = Type::any_of({kS, Type::array_of(kS), Type::set_of(kS)});
  r.add({.name = "strings.any_prefix_match",
         .args = {kStrs, kStrs},
         .result = Type::boolean(),
         .description = "Returns true if any of the search strings begins with any of the base "
                        "strings.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return any_match(ctx, args, true);
         }});
  r.add({.name = "strings.any_suffix_match",
         .args = {kStrs, kStrs},
         .result = Type::boolean(),
         .description = "Returns true if any of the search strings ends with any of the base "
                        "strings.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return any_match(ctx, args, false);
         }});
  r.add({.name = "strings.count",
         .args = {kS, kS},
         .result = Type::number(),
         .description = "Returns the number of non-overlapping instances of a substring in a "
                        "string.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto sub, arg_string(ctx, args, 2));
           if (sub.empty()) return Value(static_cast<std::int64_t>(util::rune_count(s) + 1));
           std::int64_t n = 0;
           for (std::size_t p = s.find(sub); p != s.npos; p = s.find(sub, p + sub.size())) ++n;
           return Value(n);
         }});
  register_strings_format(r);
}

}  // namespace custos::rego
