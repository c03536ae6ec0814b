// Rego parser: primary terms: scalars, vars, refs and calls, arrays, sets, objects,
// comprehensions and template strings.

#include "rego/parser_impl.h"

#include <algorithm>
#include <cstdint>

#include "json/json.h"

namespace custos::rego {

// var(.ident | [term])* without calls; for package, import, rule heads and with targets.
Result<TermPtr> Parser::parse_ref_head() {
  if (cur().kind != Tok::kIdent) return unexpected("ident");
  auto var = make_term(TermKind::kVar, cur().loc);
  var->name = cur().text;
  next();
  return parse_ref_ops(std::move(var), false);
}

Result<TermPtr> Parser::parse_ref_ops(TermPtr head, bool allow_call) {
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

Result<TermPtr> Parser::parse_primary() {
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
      if (t.text == "set" && peek_raw().kind == Tok::kLParen && peek_raw(2).kind == Tok::kRParen) {
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
    case Tok::kLBrack:
    case Tok::kLBrace: return parse_collection();
    default: return unexpected();
  }
}

Result<TermPtr> Parser::parse_element() {
  bool saved = no_bar_;
  no_bar_ = true;
  auto r = parse_in(false);
  no_bar_ = saved;
  return r;
}

// An element that may itself be a set union `a | b` (after the first element of a collection,
// or once the comprehension reading of `[a | ...]` failed).
Result<TermPtr> Parser::parse_element_with_bar() {
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
Result<TermPtr> Parser::try_comprehension(TermKind kind, Loc loc, TermPtr& key, TermPtr& head,
                                          Tok close) {
  std::size_t save_pos = pos_;
  std::size_t save_nl = nl_.size();
  next();
  ++speculative_;
  auto body = parse_compr_body(close);
  --speculative_;
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
Result<TermPtr> Parser::try_collection_comprehension(Loc loc, Tok close) {
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
    CUSTOS_TRY_ASSIGN(
        out, try_comprehension(close == Tok::kRBrack ? TermKind::kArrayCompr : TermKind::kSetCompr,
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

Result<std::shared_ptr<Body>> Parser::parse_compr_body(Tok close) {
  // A body is read as statements whatever the context of the collection around it: `|` in a
  // body is set union even when the comprehension is itself a collection's first element.
  bool saved_bar = no_bar_;
  no_bar_ = false;
  auto body = parse_compr_literals(close);
  no_bar_ = saved_bar;
  return body;
}

Result<std::shared_ptr<Body>> Parser::parse_compr_literals(Tok close) {
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

Result<TermPtr> Parser::parse_collection() {
  const std::size_t start = pos_;
  if (!collection_memo_.empty()) {
    auto it = collection_memo_.find(start);
    if (it != collection_memo_.end()) {
      // Also after an error: where the parse stopped tells a failed comprehension reading
      // (stopped at a comma) from a real error.
      pos_ = it->second.end;
      if (!it->second.term) return fail(it->second.term.error());
      return parse_ref_ops((*it->second.term)->clone(), false);
    }
  }
  auto out = is(Tok::kLBrack) ? parse_array() : parse_brace();
  if (speculative_ > 0) {
    Result<TermPtr> copy = out ? Result<TermPtr>((*out)->clone()) : fail(out.error());
    collection_memo_.emplace(start, UnaryMemo{std::move(copy), pos_});
  }
  if (!out) return out;
  return parse_ref_ops(std::move(*out), false);
}

Result<TermPtr> Parser::parse_array() {
  Loc loc = cur().loc;
  next();
  nl_.push_back(true);
  auto arr = make_term(TermKind::kArray, loc);
  if (is(Tok::kRBrack)) {
    next();
    nl_.pop_back();
    return arr;
  }
  CUSTOS_TRY_ASSIGN(auto compr, try_collection_comprehension(loc, Tok::kRBrack));
  if (compr) {
    nl_.pop_back();
    return compr;
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
  return arr;
}

Result<TermPtr> Parser::parse_brace() {
  Loc loc = cur().loc;
  next();
  nl_.push_back(true);
  if (is(Tok::kRBrace)) {
    next();
    nl_.pop_back();
    return make_term(TermKind::kObject, loc);
  }
  CUSTOS_TRY_ASSIGN(auto compr, try_collection_comprehension(loc, Tok::kRBrace));
  if (compr) {
    nl_.pop_back();
    return compr;
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
    return obj;
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
  return set;
}

// One `{…}` part of a template string: a term, or a term with `with` modifiers. The latter
// becomes `[$tpl | $tpl = <part>][_]` (OPA evaluates each part as a query of its own), so the
// modifiers apply to that part only and the part still yields each of its values.
Result<TermPtr> Parser::parse_template_part(const std::string& src, Loc at) {
  // Tokens are lexed from the part alone; their locations are moved to where the part (or,
  // for the rewritten form, its text after a `prefix` of synthetic characters) is in the file.
  auto parse = [&](const std::string& text, std::int64_t prefix) -> Result<TermPtr> {
    CUSTOS_TRY_ASSIGN(auto toks, lex(text, file_));
    for (auto& t : toks) {
      auto shift = [](std::uint32_t v, std::int64_t by) {
        return static_cast<std::uint32_t>(std::max<std::int64_t>(1, std::int64_t{v} + by));
      };
      if (t.loc.line == 1) t.loc.column = shift(t.loc.column, std::int64_t{at.column} - 1 - prefix);
      t.loc.line += at.line - 1;
      t.loc.offset = shift(t.loc.offset, std::int64_t{at.offset} - prefix);
    }
    Parser sub(std::move(toks), text, file_, v1_);
    sub.unary_depth_ = unary_depth_;  // nested templates count toward the bound
    sub.keywords_ = keywords_;
    return sub.single_term();
  };
  auto term = parse(src, 0);
  if (term || src.find("with") == std::string::npos) return term;
  const std::string prefix = "[__tpl | __tpl = ";
  auto query = parse(prefix + src + "\n][_]", static_cast<std::int64_t>(prefix.size()));
  if (!query) return term;  // report the error of the part as written
  // Rename the helper variable to one no source text can spell.
  Term& compr = *(*query)->items[0];
  compr.head->name = "$tpl";
  (*compr.body)[0]->term->items[0]->name = "$tpl";
  return query;
}

Result<TermPtr> Parser::parse_template() {
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
  // A multi-line $`…` drops the line break right after its opening quote (OPA's
  // string-interpolation/multi-line cases).
  std::size_t first = 0;
  if (raw && s.starts_with("\r\n")) {
    first = 2;
  } else if (raw && s.starts_with("\n")) {
    first = 1;
  }
  for (std::size_t i = first; i < s.size(); ++i) {
    char c = s[i];
    // \{ is a literal brace in both forms; \} only in $"…" (in $`…` a backslash is literal).
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '{' || (!raw && s[i + 1] == '}'))) {
      lit += s[i + 1];
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
      // Where the part starts in the file: after `$"` (or $`) and the body text before it.
      Loc at{tok.loc.offset + 2 + static_cast<std::uint32_t>(i + 1), tok.loc.line,
             tok.loc.column + 2 + static_cast<std::uint32_t>(i + 1)};
      if (std::size_t nl = s.rfind('\n', i); nl != std::string::npos) {
        at.line += static_cast<std::uint32_t>(std::count(s.begin(), s.begin() + i, '\n'));
        at.column = static_cast<std::uint32_t>(i + 1 - nl);
      }
      CUSTOS_TRY_ASSIGN(auto t, parse_template_part(expr_src, at));
      out->items.push_back(std::move(t));
      i = j;
      continue;
    }
    lit += c;
  }
  CUSTOS_TRY(flush());
  return out;
}

}  // namespace custos::rego
