#pragma once
// Private: the Rego parser class shared by parser*.cc. Not part of the public API (see parser.h).
// The implementation is split by responsibility: parser.cc (entry points, module and query
// structure, errors), parser_rules.cc (rule heads, bodies, literals), parser_exprs.cc (infix
// operators by precedence), parser_terms.cc (refs, calls, collections, comprehensions,
// templates).

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"
#include "rego/ast.h"
#include "rego/lexer.h"

namespace custos::rego {

// Recursive-descent parser over one token stream. Single use, not thread-safe (one instance per
// parse).
class Parser {
 public:
  // `keywords`: future keywords on even in a v0 module without an import.
  Parser(std::vector<Token> toks, std::string_view src, std::string file, bool v1,
         bool keywords = false)
      : toks_(std::move(toks)),
        src_(src),
        file_(std::move(file)),
        v1_(v1),
        keywords_(v1 || keywords) {}

  // Parses the whole token stream as a module. `v0_compatible`: an `import rego.v1` switches
  // a v0 module to v1. Errors: kRegoParse with a span.
  Result<std::unique_ptr<Module>> module(bool v0_compatible);
  // Parses the whole token stream as a (non-empty) query body. Errors: kRegoParse.
  Result<std::shared_ptr<Body>> query();
  // Parses the whole token stream as one term. Errors: kRegoParse.
  Result<TermPtr> single_term();

 private:
  // ---- term construction (parser.cc) ----
  static TermPtr make_term(TermKind kind, Loc loc);
  static TermPtr make_value(Value v, Loc loc);
  // A call term; `eq`/`assign`, membership and print calls get their CallOp.
  static TermPtr make_call(std::string name, Loc loc, std::vector<TermPtr> args);
  template <typename... T>
  static std::vector<TermPtr> terms(T&&... ts) {
    std::vector<TermPtr> v;
    (v.push_back(std::forward<T>(ts)), ...);
    return v;
  }

  // ---- token helpers ----
  const Token& cur() {
    if (!nl_.empty() && nl_.back()) {
      while (toks_[pos_].kind == Tok::kNewline) ++pos_;
    }
    return toks_[pos_];
  }
  const Token& peek_raw(std::size_t ahead = 1) const {
    std::size_t p = std::min(pos_ + ahead, toks_.size() - 1);
    return toks_[p];
  }
  void next() {
    cur();
    if (pos_ + 1 < toks_.size()) ++pos_;
  }
  bool is(Tok k) { return cur().kind == k; }
  bool is_ident(std::string_view s) { return cur().kind == Tok::kIdent && cur().text == s; }
  bool is_keyword(std::string_view s) {
    if (!is_ident(s)) return false;
    if (s == "in" || s == "every" || s == "contains" || s == "if") return keywords_;
    return true;
  }
  void skip_nl() {
    while (toks_[pos_].kind == Tok::kNewline) ++pos_;
  }
  void skip_nl_and_semi() {
    while (toks_[pos_].kind == Tok::kNewline || toks_[pos_].kind == Tok::kSemi) ++pos_;
  }
  Result<void> end_of_line();
  tl::unexpected<Error> error_at(Loc loc, std::string msg) const;
  tl::unexpected<Error> error(std::string msg) { return error_at(cur().loc, std::move(msg)); }
  tl::unexpected<Error> unexpected(std::string_view expected = {});
  Result<void> expect(Tok k);
  static bool is_reserved(std::string_view s);
  Result<void> ref_to_path(const Term& t, std::vector<std::string>& out, bool package);

  // ---- terms: refs, calls, collections, comprehensions, templates (parser_terms.cc) ----
  // var(.ident | [term])* without calls; for package, import, rule heads and with targets.
  Result<TermPtr> parse_ref_head();
  Result<TermPtr> parse_ref_ops(TermPtr head, bool allow_call);

  // ---- rules and bodies (parser_rules.cc) ----
  Result<std::unique_ptr<Rule>> parse_rule();

  // The first var, ref or call in a default rule's value (OPA allows only constants and
  // comprehensions there), or null.
  static const Term* non_constant(const Term& t);
  Result<void> parse_rule_body(Rule& rule, bool head);
  Result<Body> parse_body_block();
  // Whether only newlines separate the current token from a `{`.
  bool brace_on_next_line() const;

  Result<std::unique_ptr<Expr>> parse_literal();
  Result<void> parse_withs(Expr& e);

  // ---- expressions by precedence (parser_exprs.cc) ----
  Result<TermPtr> parse_expr();
  Result<TermPtr> parse_in(bool allow_comma);
  Result<TermPtr> parse_relation();

  // A `|` at the start of a continuation line continues the expression (it cannot start one).
  bool bar_next();

  Result<TermPtr> parse_or();
  Result<TermPtr> parse_and();
  Result<TermPtr> parse_arith();
  Result<TermPtr> parse_factor();
  Result<TermPtr> parse_unary();
  Result<TermPtr> parse_unary_unbounded();
  Result<TermPtr> parse_primary();
  Result<TermPtr> parse_element();

  // An element that may itself be a set union `a | b` (after the first element of a collection,
  // or once the comprehension reading of `[a | ...]` failed).
  Result<TermPtr> parse_element_with_bar();

  // At `|` after a collection's first term: parses `| body close` as a comprehension, which OPA
  // tries first. When the body stops at a comma (`[a | b, 4]`) restores the parser state and
  // returns null, so the caller reads the collection with `|` as set union; other errors are
  // returned.
  // `key` and `head` are taken only when a comprehension is returned; on a null result they
  // are left to the caller.
  Result<TermPtr> try_comprehension(TermKind kind, Loc loc, TermPtr& key, TermPtr& head, Tok close);

  // OPA's rule for `[` and `{`: a comprehension is only read when a single term (no infix
  // operator) comes before the `|`; `[x - {1} | y]` is an array holding a set union.
  // Returns the comprehension, or null with the parser state restored.
  Result<TermPtr> try_collection_comprehension(Loc loc, Tok close);
  Result<std::shared_ptr<Body>> parse_compr_body(Tok close);
  Result<std::shared_ptr<Body>> parse_compr_literals(Tok close);
  // A `[…]` or `{…}` term and the ref operations after it. Collections read while a
  // comprehension reading is being tried are remembered by position, so that reading the
  // same tokens again after the attempt fails reuses them (a copy) instead of parsing them
  // again: without it, nested `{x | a[{y | b[…], …}], …}` took 2^depth parses.
  Result<TermPtr> parse_collection();
  // The collection alone, without ref operations; the current token is its bracket.
  Result<TermPtr> parse_array();
  Result<TermPtr> parse_brace();
  Result<TermPtr> parse_template();
  // One `{…}` part of a template string, starting at `at` in the file.
  Result<TermPtr> parse_template_part(const std::string& src, Loc at);
  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::string_view src_;
  std::string file_;
  bool v1_;
  bool keywords_;
  bool future_not_ = false;  // `import future.keywords.not` / `rego.v2`: `not { body }`
  bool no_bar_ = false;
  static constexpr int kMaxNesting = 128;
  int unary_depth_ = 0;
  // Unary terms already read by a comprehension attempt that failed, by start position: the
  // term (or error) and the position after it. See try_collection_comprehension.
  struct UnaryMemo {
    Result<TermPtr> term;
    std::size_t end = 0;
  };
  std::unordered_map<std::size_t, UnaryMemo> unary_memo_;
  int speculative_ = 0;  // > 0 while a comprehension reading is being tried
  // Collections read while speculative_ > 0, by start position (see parse_collection).
  std::unordered_map<std::size_t, UnaryMemo> collection_memo_;
  std::vector<bool> nl_;                        // top: newlines insignificant
  std::vector<std::unique_ptr<Rule>> chained_;  // extra rules from chained bodies
};

}  // namespace custos::rego
