// regex.globs_match: non-empty intersection of two glob-like regular expressions. Only `.`,
// `*`, `+`, `?`, `[…]` classes (with ranges and `^` negation) and `\` escapes are special, as
// OPA documents for this builtin. Decided by a memoised search over pairs of token positions.

#include <map>
#include <tuple>

#include "rego/builtins/regex.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

struct CharSet {
  bool any = false;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
};

struct Token {
  CharSet set;
  char mod = 0;  // 0, '*', '+', '?'
};

Result<std::vector<Token>> tokenize(std::string_view pattern) {
  auto rs = util::runes(pattern);
  std::vector<Token> out;
  auto bad = [&](std::string why) {
    return fail(ErrorCode::kEvalBuiltin,
                "input:" + std::string(pattern) + ", " + why + ": the input provided is invalid");
  };
  for (std::size_t i = 0; i < rs.size(); ++i) {
    Token t;
    char32_t c = rs[i];
    if (c == '*' || c == '+' || c == '?') {
      if (out.empty() || out.back().mod != 0) return bad("unexpected repetition operator");
      out.back().mod = static_cast<char>(c);
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= rs.size()) {
        return bad("pos:" + std::to_string(i) + ", input ends with a \\\\ (escape) character");
      }
      c = rs[++i];
      t.set.ranges.emplace_back(c, c);
    } else if (c == '.') {
      t.set.any = true;
    } else if (c == ']') {
      return bad("pos:" + std::to_string(i + 1) + ", set-close ']' with no preceding '['");
    } else if (c == '[') {
      ++i;
      if (i < rs.size() && rs[i] == '^') {
        t.set.negated = true;
        ++i;
      }
      bool closed = false;
      for (; i < rs.size(); ++i) {
        if (rs[i] == ']') {
          closed = true;
          break;
        }
        char32_t lo = rs[i];
        if (lo == '\\' && i + 1 < rs.size()) lo = rs[++i];
        char32_t hi = lo;
        if (i + 2 < rs.size() && rs[i + 1] == '-' && rs[i + 2] != ']') {
          hi = rs[i + 2];
          if (hi == '\\' && i + 3 < rs.size()) hi = rs[++i + 2];
          i += 2;
          if (hi < lo) {
            std::string a, b;
            util::append_utf8(a, lo);
            util::append_utf8(b, hi);
            return bad("pos:" + std::to_string(i + 1) + ", range is out of order: '" + b +
                       "' comes before '" + a + "' in Unicode");
          }
        }
        t.set.ranges.emplace_back(lo, hi);
      }
      if (!closed) return bad("pos:" + std::to_string(rs.size()) + ", found [ without matching ]");
    } else {
      t.set.ranges.emplace_back(c, c);
    }
    out.push_back(std::move(t));
  }
  return out;
}

bool ranges_overlap(const CharSet& a, const CharSet& b) {
  for (auto [l1, h1] : a.ranges) {
    for (auto [l2, h2] : b.ranges) {
      if (l1 <= h2 && l2 <= h1) return true;
    }
  }
  return false;
}

// Whether some character lies in `pos` and outside every range of `neg`.
bool escapes(const CharSet& pos, const CharSet& neg) {
  for (auto [lo, hi] : pos.ranges) {
    for (char32_t c = lo;; ++c) {
      bool covered = false;
      for (auto [l, h] : neg.ranges) covered = covered || (c >= l && c <= h);
      if (!covered) return true;
      if (c == hi || c - lo > 4096) break;
    }
  }
  return false;
}

bool intersects(const CharSet& a, const CharSet& b) {
  if (a.any) return b.any || b.negated || !b.ranges.empty();
  if (b.any) return a.negated || !a.ranges.empty();
  if (a.negated && b.negated) return true;
  if (a.negated) return escapes(b, a);
  if (b.negated) return escapes(a, b);
  return ranges_overlap(a, b);
}

struct Search {
  const std::vector<Token>& a;
  const std::vector<Token>& b;
  std::map<std::tuple<std::size_t, bool, std::size_t, bool>, bool> memo;

  // `ra`/`rb`: the current token already matched once and may repeat (or be left).
  bool run(std::size_t i, bool ra, std::size_t j, bool rb) {
    auto key = std::make_tuple(i, ra, j, rb);
    if (auto it = memo.find(key); it != memo.end()) return it->second;
    memo[key] = false;
    bool result = false;
    bool a_end = i == a.size(), b_end = j == b.size();
    bool a_skippable = !a_end && (ra || a[i].mod == '*' || a[i].mod == '?');
    bool b_skippable = !b_end && (rb || b[j].mod == '*' || b[j].mod == '?');
    if (a_end && b_end) {
      result = true;
    } else {
      if (a_skippable) result = run(i + 1, false, j, rb);
      if (!result && b_skippable) result = run(i, ra, j + 1, false);
      if (!result && !a_end && !b_end && intersects(a[i].set, b[j].set)) {
        bool a_rep = a[i].mod == '*' || a[i].mod == '+';
        bool b_rep = b[j].mod == '*' || b[j].mod == '+';
        result = run(i + 1, false, j + 1, false) || (a_rep && run(i, true, j + 1, false)) ||
                 (b_rep && run(i + 1, false, j, true)) || (a_rep && b_rep && run(i, true, j, true));
      }
    }
    memo[key] = result;
    return result;
  }
};

}  // namespace

Result<bool> globs_intersect(std::string_view a, std::string_view b) {
  CUSTOS_TRY_ASSIGN(auto ta, tokenize(a));
  CUSTOS_TRY_ASSIGN(auto tb, tokenize(b));
  Search s{ta, tb, {}};
  return s.run(0, false, 0, false);
}

void register_regex_globs(Registry& r) {
  r.add({.name = "regex.globs_match",
         .args = {Type::string(), Type::string()},
         .result = Type::boolean(),
         .description = "Checks if the intersection of two glob-style regular expressions "
                        "matches a non-empty set of non-empty strings.",
         .category = "regex",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, arg_string(ctx, args, 2));
           auto res = globs_intersect(a, b);
           if (!res) return util::builtin_err(ctx, res.error().message());
           return Value(*res);
         }});
}

}  // namespace custos::rego
