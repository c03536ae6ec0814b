// Rego parser: infix expressions by precedence, lowest first: `:=`/`=`, `in`, relations
// (== != < <= > >=), `|`, `&`, `+ -`, `* / %`, unary minus.

#include <string>

#include "rego/parser_impl.h"

namespace custos::rego {

// ---- expressions ----
Result<TermPtr> Parser::parse_expr() {
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

Result<TermPtr> Parser::parse_in(bool allow_comma) {
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
      lhs =
          make_call("internal.member_3", loc, terms(std::move(lhs), std::move(*v), std::move(dom)));
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

Result<TermPtr> Parser::parse_relation() {
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
bool Parser::bar_next() {
  if (no_bar_) return false;
  std::size_t p = pos_;
  while (toks_[p].kind == Tok::kNewline) ++p;
  if (toks_[p].kind != Tok::kBar) return false;
  pos_ = p;
  return true;
}

Result<TermPtr> Parser::parse_or() {
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

Result<TermPtr> Parser::parse_and() {
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

Result<TermPtr> Parser::parse_arith() {
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

Result<TermPtr> Parser::parse_factor() {
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

Result<TermPtr> Parser::parse_unary() {
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

// OPA's unary minus: `-` before a number is a negative literal (`- 1` too); before a var or
// ref (`-x`, `-input.n`, `-count(xs)`) it is minus(0, operand); anything else (`- -1`,
// `-(1 + 2)`, `-[1]`) is a parse error, "expected number".
Result<TermPtr> Parser::parse_unary_unbounded() {
  if (is(Tok::kMinus)) {
    Loc loc = cur().loc;
    next();
    // Nothing can end an expression right after a unary minus: its operand may follow on a
    // later line (`-\n 1`), as OPA's scanner has no newline tokens.
    while (toks_[pos_].kind == Tok::kNewline) ++pos_;
    if (is(Tok::kNumber)) {
      auto n = Number::parse("-" + cur().text);
      if (!n) return error("invalid number");
      next();
      return parse_ref_ops(make_value(Value(*n), loc), false);
    }
    if (!is(Tok::kIdent)) return unexpected("number");
    CUSTOS_TRY_ASSIGN(auto t, parse_unary());
    return make_call("minus", loc, terms(make_value(Value(0), loc), std::move(t)));
  }
  return parse_primary();
}

}  // namespace custos::rego
