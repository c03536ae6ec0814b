// Rego parser: rule heads (complete, partial, functions, defaults), else chains, chained
// bodies, body blocks and literals (some, every, not, with).

#include "rego/parser_impl.h"

namespace custos::rego {

namespace {

// True when `t` holds no variable, as OPA's IsGround: scalars, and collections of such.
// Refs, calls, comprehensions and template strings name variables (or may).
bool is_ground(const Term& t) {
  switch (t.kind) {
    case TermKind::kValue: return true;
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject:
      for (const auto& i : t.items) {
        if (!is_ground(*i)) return false;
      }
      return true;
    default: return false;
  }
}

// A rule's head ref `p.a["b"]` is ground when every operand after the name is.
bool ground_head(const Term& ref) {
  for (std::size_t i = 1; i < ref.items.size(); ++i) {
    if (!is_ground(*ref.items[i])) return false;
  }
  return true;
}

}  // namespace

// ---- rules ----
Result<std::unique_ptr<Rule>> Parser::parse_rule() {
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
    // else is only for rules with one value and a ground head (OPA's parser, same words).
    if (rule->head_ref->kind == TermKind::kRef && !ground_head(*rule->head_ref)) {
      return error_at(cur().loc, "else keyword cannot be used on rules with variables in head");
    }
    if (rule->contains) {
      return error_at(cur().loc, "else keyword cannot be used on multi-value rules");
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
const Term* Parser::non_constant(const Term& t) {
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

Result<void> Parser::parse_rule_body(Rule& rule, bool head) {
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

bool Parser::brace_on_next_line() const {
  std::size_t p = pos_;
  while (toks_[p].kind == Tok::kNewline) ++p;
  return p != pos_ && toks_[p].kind == Tok::kLBrace;
}

Result<Body> Parser::parse_body_block() {
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
Result<std::unique_ptr<Expr>> Parser::parse_literal() {
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
    if (future_not_ && is(Tok::kLBrace)) {
      // `not { body }` (future.keywords.not): true when the body has no solution. The body is
      // its own scope, as a comprehension's is: `[true | body][_]`.
      Loc at = cur().loc;
      CUSTOS_TRY_ASSIGN(auto body, parse_body_block());
      if (body.empty()) return error("found empty body");
      auto compr = make_term(TermKind::kArrayCompr, at);
      compr->head = make_value(Value(true), at);
      compr->body = std::make_shared<Body>(std::move(body));
      auto any = make_term(TermKind::kVar, at);
      any->name = "_";
      auto ref = make_term(TermKind::kRef, at);
      ref->items.push_back(std::move(compr));
      any->bracket = true;
      ref->items.push_back(std::move(any));
      e->term = std::move(ref);
      CUSTOS_TRY(parse_withs(*e));
      return e;
    }
  }
  CUSTOS_TRY_ASSIGN(e->term, parse_expr());
  CUSTOS_TRY(parse_withs(*e));
  return e;
}

Result<void> Parser::parse_withs(Expr& e) {
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

}  // namespace custos::rego
