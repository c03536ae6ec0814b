// Glob matching (OPA category "glob"): glob.match and glob.quote_meta, with the pattern syntax
// OPA documents (gobwas/glob): `*` any run of non-delimiter characters, `**` any run, `?` one
// non-delimiter character, `[abc]`, `[a-z]`, `[!…]` classes, `{a,b}` alternatives (nestable),
// `\` escapes. Delimiters default to ["."] when the array is empty; null means none.

#include <functional>
#include <list>
#include <mutex>
#include <unordered_map>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

// Bounds the recursion of the pattern parser ({…} nesting) and of the matcher (wildcards and
// alternatives still open), so a long untrusted pattern yields an error, not a stack overflow.
constexpr std::size_t kMaxGlobDepth = 500;

struct GlobNode;
using Seq = std::vector<GlobNode>;

struct GlobNode {
  enum class Kind { kLit, kAny, kSuper, kSingle, kClass, kAlt } kind = Kind::kLit;
  char32_t lit = 0;
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;
  std::vector<Seq> alts;
};

struct Parser {
  const std::vector<char32_t>& rs;
  std::size_t i = 0;
  std::string error;
  std::size_t depth = 0;

  // Parses until end, or until ',' / '}' when inside alternatives.
  Seq parse(bool in_alt) {
    Seq seq;
    if (++depth > kMaxGlobDepth) {
      error = "glob pattern too complex";
      return seq;
    }
    while (i < rs.size() && error.empty()) {
      char32_t c = rs[i];
      if (in_alt && (c == ',' || c == '}')) break;
      GlobNode n;
      if (c == '*') {
        if (i + 1 < rs.size() && rs[i + 1] == '*') {
          n.kind = GlobNode::Kind::kSuper;
          i += 2;
          while (i < rs.size() && rs[i] == '*') ++i;
        } else {
          n.kind = GlobNode::Kind::kAny;
          ++i;
        }
      } else if (c == '?') {
        n.kind = GlobNode::Kind::kSingle;
        ++i;
      } else if (c == '\\') {
        if (i + 1 >= rs.size()) {
          error = "unexpected end of input after escape";
          break;
        }
        n.lit = rs[i + 1];
        i += 2;
      } else if (c == '[') {
        n.kind = GlobNode::Kind::kClass;
        ++i;
        if (i < rs.size() && rs[i] == '!') {
          n.negated = true;
          ++i;
        }
        bool closed = false;
        while (i < rs.size()) {
          if (rs[i] == ']') {
            closed = true;
            ++i;
            break;
          }
          char32_t lo = rs[i];
          if (lo == '\\' && i + 1 < rs.size()) lo = rs[++i];
          char32_t hi = lo;
          if (i + 2 < rs.size() && rs[i + 1] == '-' && rs[i + 2] != ']') {
            hi = rs[i + 2];
            i += 2;
            // gobwas/glob (OPA) refuses a range whose high end is below its low end.
            if (hi < lo) {
              std::string range;
              append_utf8(range, lo);
              range += '-';
              append_utf8(range, hi);
              error = "character range " + range + " is inverted (its end is below its start)";
              break;
            }
          }
          n.ranges.emplace_back(lo, hi);
          ++i;
        }
        if (!closed && error.empty()) error = "unexpected end of input: missing ]";
      } else if (c == '{') {
        n.kind = GlobNode::Kind::kAlt;
        ++i;
        for (;;) {
          n.alts.push_back(parse(true));
          if (!error.empty()) break;
          if (i >= rs.size()) {
            error = "unexpected end of input: missing }";
            break;
          }
          if (rs[i++] == '}') break;
        }
      } else {
        n.lit = c;
        ++i;
      }
      seq.push_back(std::move(n));
    }
    --depth;
    return seq;
  }
};

struct Matcher {
  const std::vector<char32_t>& text;
  const std::vector<char32_t>& delims;
  std::size_t budget = 2'000'000;

  bool is_delim(char32_t c) const {
    for (char32_t d : delims) {
      if (d == c) return true;
    }
    return false;
  }

  using Cont = std::function<bool(std::size_t)>;

  // Matches seq[k..] at text[pos..], then calls `cont` with the end position. Single-character
  // nodes advance in a loop; only wildcards and alternatives recurse, at most kMaxGlobDepth deep
  // (deeper exhausts the budget, reported as "too complex").
  bool match(const Seq& seq, std::size_t k, std::size_t pos, const Cont& cont) {
    for (;; ++k, ++pos) {
      if (budget == 0) return false;
      --budget;
      if (k == seq.size()) return cont(pos);
      const GlobNode& n = seq[k];
      if (n.kind == GlobNode::Kind::kAny || n.kind == GlobNode::Kind::kSuper ||
          n.kind == GlobNode::Kind::kAlt) {
        if (depth == kMaxGlobDepth) {
          budget = 0;
          return false;
        }
        ++depth;
        bool ok = match_branching(seq, k, pos, cont);
        --depth;
        return ok;
      }
      if (pos >= text.size()) return false;
      char32_t c = text[pos];
      if (n.kind == GlobNode::Kind::kLit && c != n.lit) return false;
      if (n.kind == GlobNode::Kind::kSingle && is_delim(c)) return false;
      if (n.kind == GlobNode::Kind::kClass) {
        bool in = false;
        for (auto [lo, hi] : n.ranges) in = in || (c >= lo && c <= hi);
        if (in == n.negated) return false;
      }
    }
  }

  std::size_t depth = 0;  // wildcards and alternatives currently open

  // seq[k] is `*`, `**` or `{…}`: tries each way it can consume text.
  bool match_branching(const Seq& seq, std::size_t k, std::size_t pos, const Cont& cont) {
    const GlobNode& n = seq[k];
    if (n.kind == GlobNode::Kind::kAlt) {
      for (const auto& alt : n.alts) {
        if (match(alt, 0, pos, [&](std::size_t p) { return match(seq, k + 1, p, cont); })) {
          return true;
        }
      }
      return false;
    }
    for (std::size_t end = pos;; ++end) {
      if (match(seq, k + 1, end, cont)) return true;
      if (end >= text.size() || budget == 0) return false;
      if (n.kind == GlobNode::Kind::kAny && is_delim(text[end])) return false;
    }
  }
};

}  // namespace

void register_glob(Registry& r) {
  r.add({.name = "glob.match",
         .args = {Type::string(), Type::any_of({Type::array_of(Type::string()), Type::null()}),
                  Type::string()},
         .result = Type::boolean(),
         .description = "Parses and matches strings against the glob notation. Not to be "
                        "confused with `regex.globs_match`.",
         .category = "glob",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto pattern, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto text, arg_string(ctx, args, 3));
           std::vector<char32_t> delims;
           if (args[1].is_array()) {
             for (const auto& d : args[1].as_array()) {
               if (!d.is_string()) {
                 return util::err(util::element_error(ctx, 2, args[1], "string", d));
               }
               auto rs = util::runes(d.as_string());
               if (!rs.empty()) delims.push_back(rs[0]);
             }
             if (args[1].as_array().empty()) delims.push_back('.');
           } else if (!args[1].is_null()) {
             return util::err(util::type_error(ctx, 2, {"array", "null"}, args[1]));
           }
           auto prs = util::runes(pattern);
           Parser p{prs, 0, {}};
           Seq seq = p.parse(false);
           if (!p.error.empty()) return util::builtin_err(ctx, p.error);
           auto trs = util::runes(text);
           Matcher m{trs, delims};
           bool ok = m.match(seq, 0, 0, [&](std::size_t pos) { return pos == trs.size(); });
           if (m.budget == 0) return util::builtin_err(ctx, "glob pattern too complex");
           return Value(ok);
         }});
  r.add({.name = "glob.quote_meta",
         .args = {Type::string()},
         .result = Type::string(),
         .description = "Returns a string which represents a version of the pattern where all "
                        "asterisks have been escaped.",
         .category = "glob",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           std::string out;
           for (char c : s) {
             if (std::string_view("*?\\[]{}").find(c) != std::string_view::npos) {
               out.push_back('\\');
             }
             out.push_back(c);
           }
           return Value(std::move(out));
         }});
}

}  // namespace custos::rego
