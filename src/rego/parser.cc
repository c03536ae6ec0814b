// Rego parser (recursive descent). Operator precedence follows OPA's parser, lowest first:
// `:=`/`=`, `in`, relations (== != < <= > >=), `|`, `&`, `+ -`, `* / %`, unary minus.

#include "rego/parser.h"

#include <set>
#include <unordered_map>

#include "json/json.h"
#include "rego/lexer.h"

namespace custos::rego {

namespace {

TermPtr make_term(TermKind kind, Loc loc) {
  auto t = std::make_unique<Term>();
  t->kind = kind;
  t->loc = loc;
  return t;
}

TermPtr make_value(Value v, Loc loc) {
  auto t = make_term(TermKind::kValue, loc);
  t->value = std::move(v);
  return t;
}

TermPtr make_call(std::string name, Loc loc, std::vector<TermPtr> args) {
  auto t = make_term(TermKind::kCall, loc);
  if (name == "eq" || name == "assign") t->op = CallOp::kUnify;
  if (name == "internal.member_2" || name == "internal.member_3") t->op = CallOp::kMember;
  if (name == "print" || name == "internal.print") t->op = CallOp::kPrint;
  t->name = std::move(name);
  t->items = std::move(args);
  return t;
}

template <typename... T>
std::vector<TermPtr> terms(T&&... ts) {
  std::vector<TermPtr> v;
  (v.push_back(std::forward<T>(ts)), ...);
  return v;
}

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

  Result<std::unique_ptr<Module>> module(bool v0_compatible) {
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
      if ((is_future && saw_rego_v1) || (is_rego_v1 && saw_future)) {
        return error_at(imp.loc,
                        "the `rego.v1` import implies `future.keywords`, these are therefore "
                        "mutually exclusive");
      }
      saw_future = saw_future || is_future;
      saw_rego_v1 = saw_rego_v1 || is_rego_v1;
      if (is_future) {
        if (p.size() < 2 || p[1] != "keywords") return error_at(imp.loc, "invalid import");
        if (!v1_) keywords_ = true;
      } else if (is_rego_v1) {
        if (!v1_ && v0_compatible) {
          v1_ = true;
          keywords_ = true;
        }
      } else if (p.empty() || (p[0] != "data" && p[0] != "input")) {
        return error_at(imp.loc, "invalid import path: must begin with input or data");
      }
      if (is_ident("as")) {
        next();
        if (cur().kind != Tok::kIdent) return error("expected ident");
        imp.alias = cur().text;
        next();
      }
      m->imports.push_back(std::move(imp));
    }
    m->v1 = v1_;
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

  Result<std::shared_ptr<Body>> query() {
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

  Result<TermPtr> single_term() {
    skip_nl();
    nl_.push_back(true);
    CUSTOS_TRY_ASSIGN(auto t, parse_in(false));
    nl_.pop_back();
    skip_nl();
    if (cur().kind != Tok::kEof) return unexpected();
    return t;
  }

 private:
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
  Result<void> end_of_line() {
    const Token& t = toks_[pos_];
    if (t.kind == Tok::kNewline || t.kind == Tok::kEof || t.kind == Tok::kSemi) return {};
    return unexpected();
  }
  tl::unexpected<Error> error_at(Loc loc, std::string msg) const {
    SourceSpan span{file_, loc.line, loc.column, loc.offset, 1};
    return tl::unexpected(Error(ErrorCode::kRegoParse, std::move(msg)).with_span(span));
  }
  tl::unexpected<Error> error(std::string msg) { return error_at(cur().loc, std::move(msg)); }
  tl::unexpected<Error> unexpected(std::string_view expected = {}) {
    const Token& t = cur();
    std::string what = t.kind == Tok::kIdent    ? "ident"
                       : t.kind == Tok::kNumber ? "number"
                                                : std::string(tok_name(t.kind));
    std::string msg = "unexpected " + what + " token";
    if (t.kind == Tok::kIdent || t.kind == Tok::kNumber) msg += " '" + t.text + "'";
    if (!expected.empty()) msg += ": expected " + std::string(expected);
    return error(msg);
  }
  Result<void> expect(Tok k) {
    if (!is(k)) return unexpected(tok_name(k));
    next();
    return {};
  }

  static bool is_reserved(std::string_view s) {
    static const std::set<std::string_view> kReserved = {"package", "import", "default", "else",
                                                         "not",     "with",   "as",      "some",
                                                         "true",    "false",  "null"};
    return kReserved.count(s) > 0;
  }

  Result<void> ref_to_path(const Term& t, std::vector<std::string>& out, bool package) {
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

  // var(.ident | [term])* without calls; for package, import, rule heads and with targets.
  Result<TermPtr> parse_ref_head() {
    if (cur().kind != Tok::kIdent) return unexpected("ident");
    auto var = make_term(TermKind::kVar, cur().loc);
    var->name = cur().text;
    next();
    return parse_ref_ops(std::move(var), false);
  }

  Result<TermPtr> parse_ref_ops(TermPtr head, bool allow_call) {
    TermPtr ref;
    auto ensure_ref = [&] {
      if (!ref) {
        ref = make_term(TermKind::kRef, head->loc);
        ref->items.push_back(std::move(head));
      }
    };
    while (true) {
      const Token& t = toks_[pos_];
      if (t.kind == Tok::kDot && !t.space_before) {
        next();
        const Token& id = toks_[pos_];
        if (id.kind != Tok::kIdent || id.space_before) return unexpected("ident");
        ensure_ref();
        ref->items.push_back(make_value(Value(id.text), id.loc));
        next();
      } else if (t.kind == Tok::kLBrack && !t.space_before) {
        next();
        nl_.push_back(true);
        CUSTOS_TRY_ASSIGN(auto op, parse_element_with_bar());
        CUSTOS_TRY(expect(Tok::kRBrack));
        nl_.pop_back();
        ensure_ref();
        op->bracket = true;
        ref->items.push_back(std::move(op));
      } else if (t.kind == Tok::kLParen && allow_call && !t.space_before) {
        // Call: the callee must be a var or a ref of string operands.
        std::string name;
        std::vector<std::string> path;
        bool dotted_key = false;
        Loc loc;
        if (ref) {
          loc = ref->loc;
          for (std::size_t i = 0; i < ref->items.size(); ++i) {
            const Term& x = *ref->items[i];
            if (i == 0 && x.kind == TermKind::kVar) {
              name = x.name;
            } else if (i > 0 && x.kind == TermKind::kValue && x.value.is_string()) {
              const std::string& key = x.value.as_string();
              bool dot = key.find('.') != std::string::npos;
              dotted_key = dotted_key || dot;
              name += dot ? "[" + x.value.to_string() + "]" : "." + key;
            } else {
              return error_at(x.loc, "invalid function name");
            }
            path.push_back(i == 0 ? x.name : x.value.as_string());
          }
        } else if (head && head->kind == TermKind::kVar) {
          name = head->name;
          loc = head->loc;
        } else {
          return unexpected();
        }
        next();
        nl_.push_back(true);
        std::vector<TermPtr> args;
        while (!is(Tok::kRParen)) {
          CUSTOS_TRY_ASSIGN(auto a, parse_element_with_bar());
          args.push_back(std::move(a));
          if (is(Tok::kComma)) {
            next();
            continue;
          }
          if (!is(Tok::kRParen)) return unexpected(")");
        }
        next();
        nl_.pop_back();
        head = make_call(name, loc, std::move(args));
        if (dotted_key) head->call_path = std::move(path);
        ref.reset();
      } else {
        break;
      }
    }
    if (ref) return ref;
    return head;
  }

  // ---- rules ----
  Result<std::unique_ptr<Rule>> parse_rule() {
    auto rule = std::make_unique<Rule>();
    rule->loc = cur().loc;
    if (is_ident("default")) {
      rule->is_default = true;
      next();
    }
    if (cur().kind != Tok::kIdent) return unexpected("ident");
    if (is_reserved(cur().text)) return unexpected();
    CUSTOS_TRY_ASSIGN(rule->head_ref, parse_ref_head());
    // A rule name followed by `(` declares a function, with or without a space (`f (x)`), as
    // in OPA whose scanner skips the blank.
    if (is(Tok::kLParen)) {
      next();
      nl_.push_back(true);
      rule->is_function = true;
      while (!is(Tok::kRParen)) {
        CUSTOS_TRY_ASSIGN(auto a, parse_in(false));
        rule->args.push_back(std::move(a));
        if (is(Tok::kComma)) {
          next();
          continue;
        }
        if (!is(Tok::kRParen)) return unexpected(")");
      }
      next();
      nl_.pop_back();
    }
    if (is_keyword("contains")) {
      next();
      CUSTOS_TRY_ASSIGN(rule->contains, parse_in(false));
    } else if (is(Tok::kAssign) || is(Tok::kUnify)) {
      rule->assign = is(Tok::kAssign);
      next();
      CUSTOS_TRY_ASSIGN(rule->value, parse_in(false));
    } else if (!v1_ && !rule->is_function && !rule->is_default &&
               rule->head_ref->kind == TermKind::kRef && rule->head_ref->items.size() == 2 &&
               (rule->head_ref->items[1]->bracket || is(Tok::kLBrace))) {
      // v0 partial set: p[x] { ... }; also p.a { ... } without `if`, which OPA v0 reads as
      // p["a"] { ... } (a set containing "a").
      rule->contains = std::move(rule->head_ref->items[1]);
      auto base = std::move(rule->head_ref->items[0]);
      rule->head_ref = std::move(base);
    }
    if (rule->is_default) {
      if (!rule->value) return error_at(rule->loc, "default rules must have a value");
      if (const Term* bad = non_constant(*rule->value)) {
        const char* what = bad->kind == TermKind::kVar   ? "var"
                           : bad->kind == TermKind::kRef ? "ref"
                                                         : "call";
        return error_at(bad->loc,
                        std::string("illegal default rule (value cannot contain ") + what + ")");
      }
      CUSTOS_TRY(end_of_line());
      return rule;
    }
    CUSTOS_TRY(parse_rule_body(*rule, true));
    // else chain
    Rule* last = rule.get();
    while (true) {
      std::size_t save = pos_;
      skip_nl();
      if (!is_ident("else")) {
        pos_ = save;
        break;
      }
      if (rule->contains || rule->head_ref->kind == TermKind::kRef) {
        // else is only for complete rules and functions; OPA reports this as a parse error.
      }
      auto e = std::make_unique<Rule>();
      e->loc = cur().loc;
      next();
      e->is_function = rule->is_function;
      e->module = nullptr;
      if (is(Tok::kAssign) || is(Tok::kUnify)) {
        e->assign = is(Tok::kAssign);
        next();
        CUSTOS_TRY_ASSIGN(e->value, parse_in(false));
      }
      CUSTOS_TRY(parse_rule_body(*e, false));
      last->else_rule = std::move(e);
      last = last->else_rule.get();
    }
    // Chained bodies `p if { a } { b }`: more rules with the same head, one per body.
    while (is(Tok::kLBrace) && rule->has_body) {
      auto r = std::make_unique<Rule>();
      r->loc = cur().loc;
      r->head_ref = rule->head_ref->clone();
      for (const auto& a : rule->args) r->args.push_back(a->clone());
      r->is_function = rule->is_function;
      if (rule->value) r->value = rule->value->clone();
      if (rule->contains) r->contains = rule->contains->clone();
      r->assign = rule->assign;
      r->has_body = true;
      CUSTOS_TRY_ASSIGN(r->body, parse_body_block());
      if (r->body.empty()) return error("found empty body");
      chained_.push_back(std::move(r));
    }
    return rule;
  }

  // The first var, ref or call in a default rule's value (OPA allows only constants and
  // comprehensions there), or null.
  static const Term* non_constant(const Term& t) {
    switch (t.kind) {
      case TermKind::kVar:
      case TermKind::kRef:
      case TermKind::kCall: return &t;
      case TermKind::kArray:
      case TermKind::kSet:
      case TermKind::kObject:
        for (const auto& i : t.items) {
          if (const Term* bad = non_constant(*i)) return bad;
        }
        return nullptr;
      default: return nullptr;  // scalars, comprehensions, templates
    }
  }

  Result<void> parse_rule_body(Rule& rule, bool head) {
    if (is_keyword("if")) {
      next();
      rule.has_body = true;
      {
        // `if` then a brace on the next line.
        std::size_t p = pos_;
        while (toks_[p].kind == Tok::kNewline) ++p;
        if (toks_[p].kind == Tok::kLBrace) pos_ = p;
      }
      std::size_t save = pos_;
      auto block =
          is(Tok::kLBrace) ? parse_body_block() : Result<Body>(fail(ErrorCode::kRegoParse, ""));
      if (block) {
        rule.body = std::move(*block);
        if (rule.body.empty()) return error("found empty body");
      } else {
        // `if {x: y | ...}`: a single literal that starts with a brace.
        pos_ = save;
        nl_.clear();
        CUSTOS_TRY_ASSIGN(auto lit, parse_literal());
        rule.body.push_back(std::move(lit));
      }
    } else if (is(Tok::kLBrace) || (!v1_ && brace_on_next_line())) {
      // v0: a body may start on the line after the head (OPA's scanner skips newlines).
      while (is(Tok::kNewline)) next();
      if (v1_) return error("`if` keyword is required before rule body");
      rule.has_body = true;
      CUSTOS_TRY_ASSIGN(rule.body, parse_body_block());
      if (rule.body.empty()) return error("found empty body");
    } else if (v1_ && head && rule.contains == nullptr && rule.value == nullptr &&
               !rule.is_function && !rule.is_default) {
      // `p` alone or `p[x]` / `p.a` alone: v1 has no bodiless true-valued rules, and a partial
      // set must say `contains` (OPA 1.x parse errors).
      if (rule.head_ref->kind == TermKind::kRef && rule.head_ref->items.size() == 2) {
        return error_at(rule.loc, "`contains` keyword is required for partial set rules");
      }
      return error_at(rule.loc, "rule must have a body or a value");
    }
    const Token& t = toks_[pos_];
    if (t.kind != Tok::kNewline && t.kind != Tok::kEof && t.kind != Tok::kSemi &&
        t.kind != Tok::kIdent && !(t.kind == Tok::kLBrace && rule.has_body)) {
      return unexpected();
    }
    return {};
  }

  // Whether only newlines separate the current token from a `{`.
  bool brace_on_next_line() const {
    std::size_t p = pos_;
    while (toks_[p].kind == Tok::kNewline) ++p;
    return p != pos_ && toks_[p].kind == Tok::kLBrace;
  }

  Result<Body> parse_body_block() {
    CUSTOS_TRY(expect(Tok::kLBrace));
    nl_.push_back(false);
    Body body;
    skip_nl_and_semi();
    while (!is(Tok::kRBrace)) {
      if (is(Tok::kEof)) return unexpected("}");
      CUSTOS_TRY_ASSIGN(auto lit, parse_literal());
      body.push_back(std::move(lit));
      if (!is(Tok::kNewline) && !is(Tok::kSemi) && !is(Tok::kRBrace)) return unexpected();
      skip_nl_and_semi();
    }
    nl_.pop_back();
    next();
    return body;
  }

  // ---- literals ----
  Result<std::unique_ptr<Expr>> parse_literal() {
    auto e = std::make_unique<Expr>();
    e->loc = cur().loc;
    if (is_ident("some")) {
      next();
      std::vector<TermPtr> ts;
      while (true) {
        CUSTOS_TRY_ASSIGN(auto t, parse_relation());
        ts.push_back(std::move(t));
        if (is(Tok::kComma)) {
          next();
          continue;
        }
        break;
      }
      if (is_keyword("in")) {
        next();
        if (ts.size() > 2) return error("unexpected , token");
        e->kind = ExprKind::kSomeIn;
        if (ts.size() == 2) e->key = std::move(ts[0]);
        e->val = std::move(ts.back());
        CUSTOS_TRY_ASSIGN(e->domain, parse_relation());
      } else {
        e->kind = ExprKind::kSome;
        for (auto& t : ts) {
          if (t->kind != TermKind::kVar) return error_at(t->loc, "expected var");
        }
        e->some_vars = std::move(ts);
      }
      CUSTOS_TRY(parse_withs(*e));
      return e;
    }
    if (is_keyword("every")) {
      next();
      e->kind = ExprKind::kEvery;
      CUSTOS_TRY_ASSIGN(auto first, parse_relation());
      if (is(Tok::kComma)) {
        next();
        e->key = std::move(first);
        CUSTOS_TRY_ASSIGN(e->val, parse_relation());
      } else {
        e->val = std::move(first);
      }
      if (!is_keyword("in")) return unexpected("in");
      next();
      CUSTOS_TRY_ASSIGN(e->domain, parse_relation());
      CUSTOS_TRY_ASSIGN(auto body, parse_body_block());
      e->body = std::make_shared<Body>(std::move(body));
      CUSTOS_TRY(parse_withs(*e));
      return e;
    }
    if (is_ident("not")) {
      next();
      e->negated = true;
    }
    CUSTOS_TRY_ASSIGN(e->term, parse_expr());
    CUSTOS_TRY(parse_withs(*e));
    return e;
  }

  Result<void> parse_withs(Expr& e) {
    while (true) {
      std::size_t save = pos_;
      skip_nl();
      if (!is_ident("with")) {
        pos_ = save;
        break;
      }
      With w;
      w.loc = cur().loc;
      next();
      CUSTOS_TRY_ASSIGN(w.target, parse_ref_head());
      if (!is_ident("as")) return unexpected("as");
      next();
      CUSTOS_TRY_ASSIGN(w.value, parse_in(false));
      e.withs.push_back(std::move(w));
    }
    return {};
  }

  // ---- expressions ----
  Result<TermPtr> parse_expr() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_in(true));
    if (is(Tok::kAssign) || is(Tok::kUnify)) {
      bool assign = is(Tok::kAssign);
      Loc loc = cur().loc;
      next();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_in(true));
      return make_call(assign ? "assign" : "eq", loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_in(bool allow_comma) {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_relation());
    if (allow_comma && is(Tok::kComma) && keywords_) {
      // `k, v in xs`
      std::size_t save = pos_;
      next();
      auto v = parse_relation();
      if (v && is_keyword("in")) {
        Loc loc = cur().loc;
        next();
        CUSTOS_TRY_ASSIGN(auto dom, parse_relation());
        lhs = make_call("internal.member_3", loc,
                        terms(std::move(lhs), std::move(*v), std::move(dom)));
      } else {
        pos_ = save;
        return lhs;
      }
    }
    while (is_keyword("in")) {
      Loc loc = cur().loc;
      next();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_relation());
      lhs = make_call("internal.member_2", loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_relation() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_or());
    while (true) {
      const char* op = nullptr;
      switch (cur().kind) {
        case Tok::kEq: op = "equal"; break;
        case Tok::kNeq: op = "neq"; break;
        case Tok::kLt: op = "lt"; break;
        case Tok::kLte: op = "lte"; break;
        case Tok::kGt: op = "gt"; break;
        case Tok::kGte: op = "gte"; break;
        default: break;
      }
      if (!op) return lhs;
      Loc loc = cur().loc;
      next();
      skip_nl();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_or());
      lhs = make_call(op, loc, terms(std::move(lhs), std::move(rhs)));
    }
  }

  // A `|` at the start of a continuation line continues the expression (it cannot start one).
  bool bar_next() {
    if (no_bar_) return false;
    std::size_t p = pos_;
    while (toks_[p].kind == Tok::kNewline) ++p;
    if (toks_[p].kind != Tok::kBar) return false;
    pos_ = p;
    return true;
  }

  Result<TermPtr> parse_or() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_and());
    while (bar_next()) {
      Loc loc = cur().loc;
      next();
      skip_nl();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_and());
      lhs = make_call("or", loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_and() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_arith());
    while (is(Tok::kAmp)) {
      Loc loc = cur().loc;
      next();
      skip_nl();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_arith());
      lhs = make_call("and", loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_arith() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_factor());
    while (is(Tok::kPlus) || is(Tok::kMinus)) {
      const char* op = is(Tok::kPlus) ? "plus" : "minus";
      Loc loc = cur().loc;
      next();
      skip_nl();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_factor());
      lhs = make_call(op, loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_factor() {
    CUSTOS_TRY_ASSIGN(auto lhs, parse_unary());
    while (is(Tok::kStar) || is(Tok::kSlash) || is(Tok::kPercent)) {
      const char* op = is(Tok::kStar) ? "mul" : is(Tok::kSlash) ? "div" : "rem";
      Loc loc = cur().loc;
      next();
      skip_nl();
      CUSTOS_TRY_ASSIGN(auto rhs, parse_unary());
      lhs = make_call(op, loc, terms(std::move(lhs), std::move(rhs)));
    }
    return lhs;
  }

  Result<TermPtr> parse_unary() {
    if (!unary_memo_.empty()) {
      auto it = unary_memo_.find(pos_);
      if (it != unary_memo_.end()) {
        Result<TermPtr> out = std::move(it->second.term);
        pos_ = it->second.end;
        unary_memo_.erase(it);
        return out;
      }
    }
    // Every nesting level of an expression (parentheses, collections, refs, calls, unary
    // minus) passes here: bound it so hostile input cannot exhaust the stack.
    if (unary_depth_ >= kMaxNesting) {
      return error("expression nested too deeply (more than " + std::to_string(kMaxNesting) +
                   " levels)");
    }
    ++unary_depth_;
    auto out = parse_unary_unbounded();
    --unary_depth_;
    return out;
  }

  Result<TermPtr> parse_unary_unbounded() {
    if (is(Tok::kMinus)) {
      Loc loc = cur().loc;
      next();
      // Nothing can end an expression right after a unary minus: its operand may follow on a
      // later line (`-\n 1`), as OPA's scanner has no newline tokens.
      while (toks_[pos_].kind == Tok::kNewline) ++pos_;
      if (is(Tok::kNumber) && !toks_[pos_].space_before) {
        auto n = Number::parse("-" + cur().text);
        if (!n) return error("invalid number");
        next();
        return parse_ref_ops(make_value(Value(*n), loc), false);
      }
      CUSTOS_TRY_ASSIGN(auto t, parse_unary());
      return make_call("minus", loc, terms(make_value(Value(0), loc), std::move(t)));
    }
    return parse_primary();
  }

  Result<TermPtr> parse_primary() {
    const Token& t = cur();
    Loc loc = t.loc;
    switch (t.kind) {
      case Tok::kNumber: {
        auto n = Number::parse(t.text);
        if (!n) return error("invalid number");
        next();
        return make_value(Value(*n), loc);
      }
      case Tok::kString:
      case Tok::kRawString: {
        auto v = make_value(Value(t.text), loc);
        next();
        return parse_ref_ops(std::move(v), false);
      }
      case Tok::kTemplate:
      case Tok::kRawTemplate: return parse_template();
      case Tok::kIdent: {
        if (t.text == "true" || t.text == "false") {
          bool b = t.text == "true";
          next();
          return make_value(Value(b), loc);
        }
        if (t.text == "null") {
          next();
          return make_value(Value(), loc);
        }
        if (t.text == "set" && peek_raw().kind == Tok::kLParen &&
            peek_raw(2).kind == Tok::kRParen) {
          next();
          next();
          next();
          auto s = make_term(TermKind::kSet, loc);
          return s;
        }
        if (is_reserved(t.text) && t.text != "set") return unexpected();
        auto var = make_term(TermKind::kVar, loc);
        var->name = t.text;
        next();
        return parse_ref_ops(std::move(var), true);
      }
      case Tok::kLParen: {
        next();
        nl_.push_back(true);
        bool saved = no_bar_;
        no_bar_ = false;
        CUSTOS_TRY_ASSIGN(auto inner, parse_expr());
        no_bar_ = saved;
        CUSTOS_TRY(expect(Tok::kRParen));
        nl_.pop_back();
        return parse_ref_ops(std::move(inner), false);
      }
      case Tok::kLBrack: return parse_array();
      case Tok::kLBrace: return parse_brace();
      default: return unexpected();
    }
  }

  Result<TermPtr> parse_element() {
    bool saved = no_bar_;
    no_bar_ = true;
    auto r = parse_in(false);
    no_bar_ = saved;
    return r;
  }

  // An element that may itself be a set union `a | b` (after the first element of a collection,
  // or once the comprehension reading of `[a | ...]` failed).
  Result<TermPtr> parse_element_with_bar() {
    bool saved = no_bar_;
    no_bar_ = false;
    auto r = parse_in(false);
    no_bar_ = saved;
    return r;
  }

  // At `|` after a collection's first term: parses `| body close` as a comprehension, which OPA
  // tries first. When the body stops at a comma (`[a | b, 4]`) restores the parser state and
  // returns null, so the caller reads the collection with `|` as set union; other errors are
  // returned.
  // `key` and `head` are taken only when a comprehension is returned; on a null result they
  // are left to the caller.
  Result<TermPtr> try_comprehension(TermKind kind, Loc loc, TermPtr& key, TermPtr& head,
                                    Tok close) {
    std::size_t save_pos = pos_;
    std::size_t save_nl = nl_.size();
    next();
    auto body = parse_compr_body(close);
    if (!body) {
      if (toks_[pos_].kind != Tok::kComma) return fail(body.error());
      pos_ = save_pos;
      nl_.resize(save_nl);
      return TermPtr();
    }
    auto c = make_term(kind, loc);
    c->key = std::move(key);
    c->head = std::move(head);
    c->body = std::move(*body);
    return c;
  }

  // OPA's rule for `[` and `{`: a comprehension is only read when a single term (no infix
  // operator) comes before the `|`; `[x - {1} | y]` is an array holding a set union.
  // Returns the comprehension, or null with the parser state restored.
  Result<TermPtr> try_collection_comprehension(Loc loc, Tok close) {
    std::size_t start = pos_;
    std::size_t save_nl = nl_.size();
    bool saved_bar = no_bar_;
    no_bar_ = true;
    auto head = parse_unary();
    std::size_t head_end = pos_;
    TermPtr out;
    if (head && is(Tok::kBar)) {
      no_bar_ = saved_bar;
      TermPtr no_key;
      CUSTOS_TRY_ASSIGN(out, try_comprehension(close == Tok::kRBrack ? TermKind::kArrayCompr
                                                                     : TermKind::kSetCompr,
                                               loc, no_key, *head, close));
    } else if (head && close == Tok::kRBrace && is(Tok::kColon)) {
      next();
      std::size_t val_start = pos_;
      auto val = parse_unary();
      no_bar_ = saved_bar;
      if (val && is(Tok::kBar)) {
        CUSTOS_TRY_ASSIGN(out, try_comprehension(TermKind::kObjectCompr, loc, *head, *val, close));
      }
      // The element parse that follows reads the value at the same position: hand it over.
      if (!out) unary_memo_[val_start] = {std::move(val), pos_};
    }
    no_bar_ = saved_bar;
    if (!out) {
      // Not a comprehension: the element parse that follows starts with the same unary term at
      // `start` (a unary's parse does not depend on the enclosing `|` context: brackets,
      // parentheses and call arguments reset it), so it takes the one just read, or its error,
      // instead of reading it again. Without this, nested collections (`[[[[…`) were parsed
      // 2^depth times.
      unary_memo_[start] = {std::move(head), head_end};
      pos_ = start;
      nl_.resize(save_nl);
    }
    return out;
  }

  Result<std::shared_ptr<Body>> parse_compr_body(Tok close) {
    nl_.push_back(false);
    auto body = std::make_shared<Body>();
    skip_nl_and_semi();
    while (!is(close)) {
      if (is(Tok::kEof)) return unexpected(tok_name(close));
      CUSTOS_TRY_ASSIGN(auto lit, parse_literal());
      body->push_back(std::move(lit));
      if (!is(Tok::kNewline) && !is(Tok::kSemi) && !is(close)) return unexpected();
      skip_nl_and_semi();
    }
    nl_.pop_back();
    next();
    if (body->empty()) return error("empty comprehension body");
    return body;
  }

  Result<TermPtr> parse_array() {
    Loc loc = cur().loc;
    next();
    nl_.push_back(true);
    auto arr = make_term(TermKind::kArray, loc);
    if (is(Tok::kRBrack)) {
      next();
      nl_.pop_back();
      return parse_ref_ops(std::move(arr), false);
    }
    CUSTOS_TRY_ASSIGN(auto compr, try_collection_comprehension(loc, Tok::kRBrack));
    if (compr) {
      nl_.pop_back();
      return parse_ref_ops(std::move(compr), false);
    }
    CUSTOS_TRY_ASSIGN(auto first, parse_element_with_bar());
    arr->items.push_back(std::move(first));
    while (is(Tok::kComma)) {
      next();
      if (is(Tok::kRBrack)) break;
      CUSTOS_TRY_ASSIGN(auto e, parse_element_with_bar());
      arr->items.push_back(std::move(e));
    }
    CUSTOS_TRY(expect(Tok::kRBrack));
    nl_.pop_back();
    return parse_ref_ops(std::move(arr), false);
  }

  Result<TermPtr> parse_brace() {
    Loc loc = cur().loc;
    next();
    nl_.push_back(true);
    if (is(Tok::kRBrace)) {
      next();
      nl_.pop_back();
      return parse_ref_ops(make_term(TermKind::kObject, loc), false);
    }
    CUSTOS_TRY_ASSIGN(auto compr, try_collection_comprehension(loc, Tok::kRBrace));
    if (compr) {
      nl_.pop_back();
      return parse_ref_ops(std::move(compr), false);
    }
    CUSTOS_TRY_ASSIGN(auto first, parse_element_with_bar());
    if (is(Tok::kColon)) {
      next();
      CUSTOS_TRY_ASSIGN(auto val, parse_element_with_bar());
      auto obj = make_term(TermKind::kObject, loc);
      obj->items.push_back(std::move(first));
      obj->items.push_back(std::move(val));
      while (is(Tok::kComma)) {
        next();
        if (is(Tok::kRBrace)) break;
        CUSTOS_TRY_ASSIGN(auto k, parse_element());
        CUSTOS_TRY(expect(Tok::kColon));
        CUSTOS_TRY_ASSIGN(auto v, parse_element_with_bar());
        obj->items.push_back(std::move(k));
        obj->items.push_back(std::move(v));
      }
      CUSTOS_TRY(expect(Tok::kRBrace));
      nl_.pop_back();
      return parse_ref_ops(std::move(obj), false);
    }
    auto set = make_term(TermKind::kSet, loc);
    set->items.push_back(std::move(first));
    while (is(Tok::kComma)) {
      next();
      if (is(Tok::kRBrace)) break;
      CUSTOS_TRY_ASSIGN(auto e, parse_element_with_bar());
      set->items.push_back(std::move(e));
    }
    CUSTOS_TRY(expect(Tok::kRBrace));
    nl_.pop_back();
    return parse_ref_ops(std::move(set), false);
  }

  Result<TermPtr> parse_template() {
    const Token tok = cur();
    next();
    bool raw = tok.kind == Tok::kRawTemplate;
    auto out = make_term(TermKind::kTemplate, tok.loc);
    const std::string& s = tok.text;
    std::string lit;
    auto flush = [&]() -> Result<void> {
      if (lit.empty()) return {};
      std::string text = lit;
      if (!raw) {
        auto parsed = json::parse("\"" + lit + "\"");
        if (!parsed || !parsed->is_string()) return error_at(tok.loc, "invalid template string");
        text = parsed->as_string();
      }
      out->items.push_back(make_value(Value(text), tok.loc));
      lit.clear();
      return {};
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      if (!raw && c == '\\' && i + 1 < s.size() && s[i + 1] == '{') {
        lit += '{';
        ++i;
        continue;
      }
      if (!raw && c == '\\' && i + 1 < s.size()) {
        lit += c;
        lit += s[i + 1];
        ++i;
        continue;
      }
      if (c == '{') {
        CUSTOS_TRY(flush());
        int depth = 1;
        std::size_t j = i + 1;
        bool in_str = false;
        for (; j < s.size(); ++j) {
          if (in_str) {
            if (s[j] == '\\')
              ++j;
            else if (s[j] == '"')
              in_str = false;
            continue;
          }
          if (s[j] == '"') in_str = true;
          if (s[j] == '{') ++depth;
          if (s[j] == '}' && --depth == 0) break;
        }
        if (j >= s.size()) return error_at(tok.loc, "unterminated template expression");
        auto expr_src = s.substr(i + 1, j - i - 1);
        CUSTOS_TRY_ASSIGN(auto toks, lex(expr_src, file_));
        Parser sub(std::move(toks), expr_src, file_, v1_);
        sub.unary_depth_ = unary_depth_;  // nested templates count toward the bound
        sub.keywords_ = keywords_;
        CUSTOS_TRY_ASSIGN(auto t, sub.single_term());
        out->items.push_back(std::move(t));
        i = j;
        continue;
      }
      lit += c;
    }
    CUSTOS_TRY(flush());
    return out;
  }

  std::vector<Token> toks_;
  std::size_t pos_ = 0;
  std::string_view src_;
  std::string file_;
  bool v1_;
  bool keywords_;
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
  std::vector<bool> nl_;                        // top: newlines insignificant
  std::vector<std::unique_ptr<Rule>> chained_;  // extra rules from chained bodies
};

}  // namespace

Result<std::unique_ptr<Module>> parse_module(std::string_view source, const std::string& file,
                                             const ParseOptions& options) {
  CUSTOS_TRY_ASSIGN(auto toks, lex(source, file));
  bool v1 = !options.v0_compatible;
  // A module that imports future.keywords is a v0 module (OPA 0.x style).
  if (source.find("future.keywords") != std::string_view::npos) v1 = false;
  Parser p(std::move(toks), source, file, v1, options.v0_compatible && options.future_keywords);
  return p.module(options.v0_compatible || !v1);
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
