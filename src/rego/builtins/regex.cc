// Regular expressions (OPA category "regex") with RE2, whose syntax is the one Go's regexp (and
// so OPA) accepts: regex.match, regex.is_valid, regex.find_n, regex.find_all_string_submatch_n,
// regex.split, regex.replace, regex.template_match, regex.globs_match (regex_globs.cc).
// Compiled patterns are shared through a bounded process-wide cache (RE2 objects are immutable
// and thread-safe); match semantics (empty matches, Split, $-expansion) follow Go's regexp.

#include "rego/builtins/regex.h"

#include <re2/re2.h>

#include <algorithm>
#include <list>
#include <mutex>
#include <unordered_map>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

constexpr std::size_t kMaxPatternBytes = 64 * 1024;

std::string go_error_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorMissingParen: return "missing closing )";
    case RE2::ErrorUnexpectedParen: return "unexpected )";
    case RE2::ErrorMissingBracket: return "missing closing ]";
    case RE2::ErrorBadEscape: return "invalid escape sequence";
    case RE2::ErrorBadCharClass: return "invalid character class";
    case RE2::ErrorBadCharRange: return "invalid character class range";
    case RE2::ErrorRepeatArgument: return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize: return "invalid repeat count";
    case RE2::ErrorRepeatOp: return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp: return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8: return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture: return "invalid named capture";
    case RE2::ErrorPatternTooLarge: return "expression too large";
    default: return "invalid regular expression";
  }
}

// An LRU of compiled patterns, bounded by the sum of their max_mem charges.
class PatternCache {
 public:
  std::shared_ptr<const RE2> get(const std::string& pattern) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(pattern);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.position);
    return it->second.re;
  }
  void put(const std::string& pattern, std::shared_ptr<const RE2> re) {
    const std::int64_t charge = re->options().max_mem();
    std::lock_guard<std::mutex> lock(mu_);
    if (map_.count(pattern) != 0) return;
    while (!order_.empty() && charged_ + charge > kRegexCacheBudget) {
      auto victim = map_.find(order_.back());
      charged_ -= victim->second.charge;
      map_.erase(victim);
      order_.pop_back();
    }
    order_.push_front(pattern);
    map_.emplace(pattern, Entry{std::move(re), charge, order_.begin()});
    charged_ += charge;
  }
  RegexCacheStats stats() {
    std::lock_guard<std::mutex> lock(mu_);
    return {map_.size(), charged_};
  }

 private:
  struct Entry {
    std::shared_ptr<const RE2> re;
    std::int64_t charge;
    std::list<std::string>::iterator position;
  };
  std::mutex mu_;
  std::list<std::string> order_;
  std::unordered_map<std::string, Entry> map_;
  std::int64_t charged_ = 0;
};

PatternCache& cache() {
  static PatternCache* c = new PatternCache();
  return *c;
}

std::shared_ptr<const RE2> compile_with(std::string_view pattern, std::int64_t max_mem) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(max_mem);
  return std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), opts);
}

}  // namespace

Result<std::shared_ptr<const RE2>> compile_regex(std::string_view pattern) {
  std::string key(pattern);
  if (auto re = cache().get(key)) return re;
  if (pattern.size() > kMaxPatternBytes) {
    return fail(ErrorCode::kEvalBuiltin, "error parsing regexp: expression too large");
  }
  auto re = compile_with(pattern, kRegexSmallMaxMem);
  if (re->error_code() == RE2::ErrorPatternTooLarge ||
      (re->ok() && re->ProgramSize() > kRegexLargeProgram)) {
    re = compile_with(pattern, kRegexLargeMaxMem);
  }
  if (!re->ok()) {
    return fail(
        ErrorCode::kEvalBuiltin,
        "error parsing regexp: " + go_error_text(re->error_code()) + ": `" + re->error_arg() + "`");
  }
  cache().put(key, re);
  return re;
}

RegexCacheStats regex_cache_stats() { return cache().stats(); }

Result<void> check_match_cost(const RE2& re, std::size_t text_bytes) {
  const auto program = static_cast<std::uint64_t>(std::max(re.ProgramSize(), 1));
  const std::uint64_t bytes = static_cast<std::uint64_t>(text_bytes) + 1;
  if (program <= kMaxRegexMatchCost / bytes) return {};
  return fail(ErrorCode::kEvalBuiltin,
              "regular expression too complex for an input of " + std::to_string(text_bytes) +
                  " bytes (" + std::to_string(program) +
                  " program instructions; instructions x bytes must not exceed " +
                  std::to_string(kMaxRegexMatchCost) + ")");
}

std::vector<std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>> find_all(const RE2& re,
                                                                             std::string_view s,
                                                                             std::int64_t n) {
  std::vector<std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>> out;
  int groups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(groups));
  re2::StringPiece text(s.data(), s.size());
  std::size_t pos = 0;
  std::ptrdiff_t prev_end = -1;
  while ((n < 0 || static_cast<std::int64_t>(out.size()) < n) && pos <= s.size()) {
    if (!re.Match(text, pos, s.size(), RE2::UNANCHORED, sub.data(), groups)) break;
    auto start = static_cast<std::ptrdiff_t>(sub[0].data() - s.data());
    auto end = start + static_cast<std::ptrdiff_t>(sub[0].size());
    bool accept = true;
    if (end == static_cast<std::ptrdiff_t>(pos)) {
      if (start == prev_end) accept = false;
      // Advance one rune.
      std::size_t step = 1;
      if (pos < s.size()) {
        auto c = static_cast<unsigned char>(s[pos]);
        step = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
      }
      pos += step;
    } else {
      pos = static_cast<std::size_t>(end);
    }
    prev_end = end;
    if (!accept) continue;
    std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>> m;
    for (const auto& g : sub) {
      if (g.data() == nullptr) {
        m.emplace_back(-1, -1);
      } else {
        auto b = static_cast<std::ptrdiff_t>(g.data() - s.data());
        m.emplace_back(b, b + static_cast<std::ptrdiff_t>(g.size()));
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

// Go's Regexp.Expand for a replacement template ($1, ${1}, $name, ${name}, $$).
void expand(std::string& out, std::string_view tpl, const RE2& re, std::string_view s,
            const std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>& m) {
  auto group_text = [&](std::string_view name) -> std::string_view {
    std::size_t idx = 0;
    bool numeric = !name.empty();
    for (char c : name) {
      if (c < '0' || c > '9') numeric = false;
    }
    if (numeric) {
      if (name.size() > 8) return {};
      idx = static_cast<std::size_t>(std::stoul(std::string(name)));
    } else {
      const auto& names = re.NamedCapturingGroups();
      auto it = names.find(std::string(name));
      if (it == names.end()) return {};
      idx = static_cast<std::size_t>(it->second);
    }
    if (idx >= m.size() || m[idx].first < 0) return {};
    return s.substr(static_cast<std::size_t>(m[idx].first),
                    static_cast<std::size_t>(m[idx].second - m[idx].first));
  };
  auto is_name = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  };
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] != '$' || i + 1 >= tpl.size()) {
      out.push_back(tpl[i]);
      continue;
    }
    if (tpl[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    if (tpl[i + 1] == '{') {
      std::size_t close = tpl.find('}', i + 2);
      std::string_view name =
          close == tpl.npos ? std::string_view() : tpl.substr(i + 2, close - i - 2);
      bool ok = !name.empty();
      for (char c : name) ok = ok && is_name(c);
      if (!ok) {
        out.push_back('$');
        continue;
      }
      out += group_text(name);
      i = close;
      continue;
    }
    std::size_t j = i + 1;
    while (j < tpl.size() && is_name(tpl[j])) ++j;
    if (j == i + 1) {
      out.push_back('$');
      continue;
    }
    out += group_text(tpl.substr(i + 1, j - i - 1));
    i = j - 1;
  }
}

Result<std::shared_ptr<const RE2>> pattern_arg(BuiltinContext& ctx, std::span<const Value> args,
                                               int n) {
  CUSTOS_TRY_ASSIGN(auto p, arg_string(ctx, args, n));
  auto re = compile_regex(p);
  if (!re) return err(builtin_error(ctx, re.error().message()));
  return *re;
}

// Fails with the builtin's name when matching `re` against `text` would exceed the cost bound.
Result<void> within_cost(BuiltinContext& ctx, const RE2& re, std::string_view text) {
  auto ok = check_match_cost(re, text.size());
  if (!ok) return err(builtin_error(ctx, ok.error().message()));
  return {};
}

// Go's regexp.QuoteMeta.
std::string quote_meta(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\.+*?()|[]{}^$").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

void register_regex_globs(Registry& r);

void register_regex(Registry& r) {
  const Type kS = Type::string();
  r.add({.name = "regex.match",
         .args = {kS, kS},
         .result = Type::boolean(),
         .description = "Matches a string against a regular expression.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto re, pattern_arg(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           CUSTOS_TRY(within_cost(ctx, *re, s));
           return Value(RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re));
         }});
  r.add({.name = "regex.is_valid",
         .args = {kS},
         .result = Type::boolean(),
         .description = "Checks if a string is a valid regular expression: the detailed syntax "
                        "for patterns is defined by https://github.com/google/re2/wiki/Syntax.",
         .category = "regex",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           if (!args[0].is_string()) return Value(false);
           return Value(compile_regex(args[0].as_string()).has_value());
         }});
  r.add({.name = "regex.find_n",
         .args = {kS, kS, Type::number()},
         .result = Type::array_of(kS),
         .description = "Returns the specified number of matches when matching the input against "
                        "the pattern.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto re, pattern_arg(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto n, arg_int(ctx, args, 3));
           CUSTOS_TRY(within_cost(ctx, *re, s));
           std::vector<Value> out;
           for (const auto& m : find_all(*re, s, n)) {
             out.emplace_back(s.substr(static_cast<std::size_t>(m[0].first),
                                       static_cast<std::size_t>(m[0].second - m[0].first)));
           }
           return Value::array(std::move(out));
         }});
  r.add({.name = "regex.find_all_string_submatch_n",
         .args = {kS, kS, Type::number()},
         .result = Type::array_of(Type::array_of(kS)),
         .description = "Returns all successive matches of the expression.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto re, pattern_arg(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto n, arg_int(ctx, args, 3));
           CUSTOS_TRY(within_cost(ctx, *re, s));
           std::vector<Value> out;
           for (const auto& m : find_all(*re, s, n)) {
             std::vector<Value> groups;
             for (const auto& [b, e] : m) {
               groups.emplace_back(
                   b < 0 ? std::string_view()
                         : s.substr(static_cast<std::size_t>(b), static_cast<std::size_t>(e - b)));
             }
             out.push_back(Value::array(std::move(groups)));
           }
           return Value::array(std::move(out));
         }});
  r.add({.name = "regex.split",
         .args = {kS, kS},
         .result = Type::array_of(kS),
         .description = "Splits the input string by the occurrences of the given pattern.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto re, pattern_arg(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           CUSTOS_TRY(within_cost(ctx, *re, s));
           std::vector<Value> out;
           if (!re->pattern().empty() && s.empty()) return Value::array({Value("")});
           std::size_t beg = 0, end = 0;
           for (const auto& m : find_all(*re, s, -1)) {
             end = static_cast<std::size_t>(m[0].first);
             if (m[0].second != 0) out.emplace_back(s.substr(beg, end - beg));
             beg = static_cast<std::size_t>(m[0].second);
           }
           if (end != s.size()) out.emplace_back(s.substr(beg));
           return Value::array(std::move(out));
         }});
  r.add({.name = "regex.replace",
         .args = {kS, kS, kS},
         .result = kS,
         .description = "Find and replaces the text using the regular expression pattern.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto re, pattern_arg(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto tpl, arg_string(ctx, args, 3));
           CUSTOS_TRY(within_cost(ctx, *re, s));
           std::string out;
           std::size_t last = 0;
           for (const auto& m : find_all(*re, s, -1)) {
             out.append(s.substr(last, static_cast<std::size_t>(m[0].first) - last));
             expand(out, tpl, *re, s, m);
             last = static_cast<std::size_t>(m[0].second);
           }
           out.append(s.substr(last));
           return Value(std::move(out));
         }});
  r.add({.name = "regex.template_match",
         .args = {kS, kS, kS, kS},
         .result = Type::boolean(),
         .description = "Matches a string against a pattern, where there pattern may be glob-like",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto tpl, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto open, arg_string(ctx, args, 3));
           CUSTOS_TRY_ASSIGN(auto close, arg_string(ctx, args, 4));
           if (open.size() != 1 || close.size() != 1) {
             return util::builtin_err(ctx, "delimiters must be single characters");
           }
           // Literal text outside delimiters is quoted; text inside is a regex.
           std::string pattern = "^";
           int level = 0;
           std::size_t start = 0;
           for (std::size_t i = 0; i < tpl.size(); ++i) {
             if (tpl[i] == open[0]) {
               if (level++ == 0) {
                 pattern += quote_meta(tpl.substr(start, i - start));
                 start = i + 1;
               }
             } else if (tpl[i] == close[0]) {
               if (--level == 0) {
                 pattern += "(" + std::string(tpl.substr(start, i - start)) + ")";
                 start = i + 1;
               } else if (level < 0) {
                 return util::builtin_err(ctx, "unbalanced braces in \"" + std::string(tpl) + "\"");
               }
             }
           }
           if (level != 0) {
             return util::builtin_err(ctx, "unbalanced braces in \"" + std::string(tpl) + "\"");
           }
           pattern += quote_meta(tpl.substr(start)) + "$";
           auto re = compile_regex(pattern);
           if (!re) return util::builtin_err(ctx, re.error().message());
           CUSTOS_TRY(within_cost(ctx, **re, s));
           return Value(RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), **re));
         }});
  register_regex_globs(r);
}

}  // namespace custos::rego
