// Rego parser (recursive descent): entry points, module structure (package, imports), queries
// and error helpers. The grammar proper is in parser_rules.cc, parser_exprs.cc and
// parser_terms.cc (see parser_impl.h).

#include "rego/parser.h"

#include <set>

#include "rego/parser_impl.h"

namespace custos::rego {

TermPtr Parser::make_term(TermKind kind, Loc loc) {
  auto t = std::make_unique<Term>();
  t->kind = kind;
  t->loc = loc;
  return t;
}

TermPtr Parser::make_value(Value v, Loc loc) {
  auto t = make_term(TermKind::kValue, loc);
  t->value = std::move(v);
  return t;
}

TermPtr Parser::make_call(std::string name, Loc loc, std::vector<TermPtr> args) {
  auto t = make_term(TermKind::kCall, loc);
  if (name == "eq" || name == "assign") t->op = CallOp::kUnify;
  if (name == "internal.member_2" || name == "internal.member_3") t->op = CallOp::kMember;
  if (name == "print" || name == "internal.print") t->op = CallOp::kPrint;
  t->name = std::move(name);
  t->items = std::move(args);
  return t;
}

Result<std::unique_ptr<Module>> Parser::module(bool v0_compatible) {
  auto m = std::make_unique<Module>();
  m->file = file_;
  m->source = std::string(src_);
  skip_nl();
  if (!is_ident("package")) return error("expected package");
  m->package_loc = cur().loc;
  next();
  CUSTOS_TRY_ASSIGN(auto pkg, parse_ref_head());
  CUSTOS_TRY(ref_to_path(*pkg, m->package_path, true));
  // Imports.
  bool saw_future = false, saw_rego_v1 = false;
  while (true) {
    skip_nl();
    if (!is_ident("import")) break;
    Import imp;
    imp.loc = cur().loc;
    next();
    CUSTOS_TRY_ASSIGN(imp.path, parse_ref_head());
    std::vector<std::string> p;
    CUSTOS_TRY(ref_to_path(*imp.path, p, false));
    bool is_future = !p.empty() && p[0] == "future";
    bool is_rego_v1 = p.size() == 2 && p[0] == "rego" && p[1] == "v1";
    // rego.v2: v1 with OPA 1.17's negation (future.keywords.not).
    bool is_rego_v2 = p.size() == 2 && p[0] == "rego" && p[1] == "v2";
    if (is_rego_v2 || (is_future && p.size() == 3 && p[1] == "keywords" && p[2] == "not")) {
      future_not_ = true;
    }
    if ((is_future && saw_rego_v1) || (is_rego_v1 && saw_future)) {
      return error_at(imp.loc,
                      "the `rego.v1` import implies `future.keywords`, these are therefore "
                      "mutually exclusive");
    }
    saw_future = saw_future || is_future;
    saw_rego_v1 = saw_rego_v1 || is_rego_v1;
    if (is_future) {
      // OPA: `future.keywords` or `future.keywords.<kw>`. In a v1 module the keywords are
      // already on and the import is a no-op; a v0 module gains them.
      if (p.size() < 2 || p.size() > 3 || p[1] != "keywords") {
        return error_at(imp.loc, "invalid import, must be `future.keywords`");
      }
      if (p.size() == 3 && p[2] != "contains" && p[2] != "every" && p[2] != "if" && p[2] != "in" &&
          p[2] != "not") {
        return error_at(imp.loc, "unexpected keyword, must be one of [contains every if in not]");
      }
      if (!v1_) keywords_ = true;
    } else if (is_rego_v1 || is_rego_v2) {
      if (!v1_ && v0_compatible) {
        v1_ = true;
        keywords_ = true;
      }
    } else if (p.empty() || (p[0] != "data" && p[0] != "input")) {
      return error_at(imp.loc, "invalid import path: must begin with input or data");
    }
    if (is_ident("as")) {
      if (is_future) return error_at(imp.loc, "`future` imports cannot be aliased");
      next();
      if (cur().kind != Tok::kIdent) return error("expected ident");
      imp.alias = cur().text;
      next();
    }
    m->imports.push_back(std::move(imp));
  }
  m->v1 = v1_;
  m->future_not = future_not_;
  while (true) {
    skip_nl();
    if (cur().kind == Tok::kEof) break;
    CUSTOS_TRY_ASSIGN(auto rule, parse_rule());
    rule->module = m.get();
    m->rules.push_back(std::move(rule));
    for (auto& r : chained_) {
      r->module = m.get();
      m->rules.push_back(std::move(r));
    }
    chained_.clear();
  }
  return m;
}

Result<std::shared_ptr<Body>> Parser::query() {
  auto body = std::make_shared<Body>();
  skip_nl_and_semi();
  while (cur().kind != Tok::kEof) {
    CUSTOS_TRY_ASSIGN(auto e, parse_literal());
    body->push_back(std::move(e));
    if (cur().kind != Tok::kEof && cur().kind != Tok::kNewline && cur().kind != Tok::kSemi) {
      return unexpected();
    }
    skip_nl_and_semi();
  }
  if (body->empty()) return error("empty query");
  return body;
}

Result<TermPtr> Parser::single_term() {
  skip_nl();
  nl_.push_back(true);
  CUSTOS_TRY_ASSIGN(auto t, parse_in(false));
  nl_.pop_back();
  skip_nl();
  if (cur().kind != Tok::kEof) return unexpected();
  return t;
}

Result<void> Parser::end_of_line() {
  const Token& t = toks_[pos_];
  if (t.kind == Tok::kNewline || t.kind == Tok::kEof || t.kind == Tok::kSemi) return {};
  return unexpected();
}

tl::unexpected<Error> Parser::error_at(Loc loc, std::string msg) const {
  SourceSpan span{file_, loc.line, loc.column, loc.offset, 1};
  return tl::unexpected(Error(ErrorCode::kRegoParse, std::move(msg)).with_span(span));
}

tl::unexpected<Error> Parser::unexpected(std::string_view expected) {
  const Token& t = cur();
  std::string what = t.kind == Tok::kIdent    ? "ident"
                     : t.kind == Tok::kNumber ? "number"
                                              : std::string(tok_name(t.kind));
  std::string msg = "unexpected " + what + " token";
  if (t.kind == Tok::kIdent || t.kind == Tok::kNumber) msg += " '" + t.text + "'";
  if (!expected.empty()) msg += ": expected " + std::string(expected);
  return error(msg);
}

Result<void> Parser::expect(Tok k) {
  if (!is(k)) return unexpected(tok_name(k));
  next();
  return {};
}

bool Parser::is_reserved(std::string_view s) {
  static const std::set<std::string_view> kReserved = {
      "package", "import", "default", "else", "not", "with", "as", "some", "true", "false", "null"};
  return kReserved.count(s) > 0;
}

Result<void> Parser::ref_to_path(const Term& t, std::vector<std::string>& out, bool package) {
  if (t.kind == TermKind::kVar) {
    out.push_back(t.name);
    return {};
  }
  if (t.kind != TermKind::kRef) return error_at(t.loc, "invalid path");
  for (std::size_t i = 0; i < t.items.size(); ++i) {
    const Term& x = *t.items[i];
    if (x.kind == TermKind::kVar) {
      out.push_back(x.name);
    } else if (x.kind == TermKind::kValue && x.value.is_string()) {
      out.push_back(x.value.as_string());
    } else {
      return error_at(x.loc, package ? "invalid package path" : "invalid import path");
    }
  }
  return {};
}

Result<std::unique_ptr<Module>> parse_module(std::string_view source, const std::string& file,
                                             const ParseOptions& options) {
  CUSTOS_TRY_ASSIGN(auto toks, lex(source, file));
  Parser p(std::move(toks), source, file, !options.v0_compatible,
           options.v0_compatible && options.future_keywords);
  return p.module(options.v0_compatible);
}

Result<std::shared_ptr<Body>> parse_query(std::string_view source, const ParseOptions& options) {
  CUSTOS_TRY_ASSIGN(auto toks, lex(source, "query"));
  Parser p(std::move(toks), source, "query", !options.v0_compatible,
           options.v0_compatible && options.future_keywords);
  return p.query();
}

Result<TermPtr> parse_term(std::string_view source) {
  CUSTOS_TRY_ASSIGN(auto toks, lex(source, "term"));
  Parser p(std::move(toks), source, "term", true);
  return p.single_term();
}

}  // namespace custos::rego
