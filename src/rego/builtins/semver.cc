// Semantic versions (OPA category "semver"): semver.is_valid and semver.compare, SemVer 2.0.0
// (https://semver.org): no leading zeros, pre-release precedence, build metadata ignored.

#include <algorithm>
#include <cctype>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

// Views into the parsed text, which must outlive the Version.
struct Version {
  std::string_view major, minor, patch;  // decimal, no leading zeros
  std::vector<std::string_view> pre;
};

bool numeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool ident_chars(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
  });
}

std::vector<std::string_view> split_dots(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    std::size_t dot = s.find('.', start);
    out.push_back(s.substr(start, dot == s.npos ? s.npos : dot - start));
    if (dot == s.npos) break;
    start = dot + 1;
  }
  return out;
}

std::optional<Version> parse(std::string_view s) {
  Version v;
  std::size_t plus = s.find('+');
  if (plus != s.npos) {
    for (auto id : split_dots(s.substr(plus + 1))) {
      if (!ident_chars(id)) return std::nullopt;
    }
    s = s.substr(0, plus);
  }
  std::size_t dash = s.find('-');
  if (dash != s.npos) {
    for (auto id : split_dots(s.substr(dash + 1))) {
      if (!ident_chars(id)) return std::nullopt;
      if (numeric(id) && id.size() > 1 && id[0] == '0') return std::nullopt;
      v.pre.emplace_back(id);
    }
    s = s.substr(0, dash);
  }
  // Core: exactly three dot-separated parts (split without allocating).
  std::string_view core[3];
  for (int i = 0; i < 3; ++i) {
    std::size_t dot = s.find('.');
    if ((dot == s.npos) != (i == 2)) return std::nullopt;
    core[i] = s.substr(0, dot);
    if (dot != s.npos) s = s.substr(dot + 1);
  }
  for (auto part : core) {
    if (!numeric(part) || (part.size() > 1 && part[0] == '0')) return std::nullopt;
  }
  v.major = core[0];
  v.minor = core[1];
  v.patch = core[2];
  return v;
}

int cmp_num(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return a < b ? -1 : (a > b ? 1 : 0);
}

int compare(const Version& a, const Version& b) {
  if (int c = cmp_num(a.major, b.major)) return c;
  if (int c = cmp_num(a.minor, b.minor)) return c;
  if (int c = cmp_num(a.patch, b.patch)) return c;
  if (a.pre.empty() != b.pre.empty()) return a.pre.empty() ? 1 : -1;
  for (std::size_t i = 0; i < a.pre.size() && i < b.pre.size(); ++i) {
    bool na = numeric(a.pre[i]), nb = numeric(b.pre[i]);
    int c = 0;
    if (na && nb) {
      c = cmp_num(a.pre[i], b.pre[i]);
    } else if (na != nb) {
      c = na ? -1 : 1;
    } else {
      c = a.pre[i] < b.pre[i] ? -1 : (a.pre[i] > b.pre[i] ? 1 : 0);
    }
    if (c != 0) return c;
  }
  if (a.pre.size() != b.pre.size()) return a.pre.size() < b.pre.size() ? -1 : 1;
  return 0;
}

}  // namespace

void register_semver(Registry& r) {
  r.add({.name = "semver.is_valid",
         .args = {Type::any()},
         .result = Type::boolean(),
         .description = "Validates that the input is a valid SemVer string.",
         .category = "semver",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           return Value(args[0].is_string() && parse(args[0].as_string()).has_value());
         }});
  r.add({.name = "semver.compare",
         .args = {Type::string(), Type::string()},
         .result = Type::number(),
         .description = "Compares valid SemVer formatted version strings.",
         .category = "semver",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, arg_string(ctx, args, 2));
           auto va = parse(a);
           if (!va) {
             return util::builtin_err(
                 ctx, "operand 1: string \"" + std::string(a) + "\" is not a valid SemVer");
           }
           auto vb = parse(b);
           if (!vb) {
             return util::builtin_err(
                 ctx, "operand 2: string \"" + std::string(b) + "\" is not a valid SemVer");
           }
           return Value(compare(*va, *vb));
         }});
}

}  // namespace custos::rego
