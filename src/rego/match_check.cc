// Shape check of unifications (OPA's "match error"), see match_check.h.

#include "rego/match_check.h"

#include <optional>
#include <set>

namespace custos::rego {

namespace {

// The literal shape of a term: what the type checker knows without values.
struct Shape {
  enum class Kind { kUnknown, kScalar, kArray, kObject } kind = Kind::kUnknown;
  std::vector<const Term*> terms;  // kArray elements written as terms
  std::vector<Value> values;       // kArray elements of a ground array value
  // kObject: keys (nullopt when a key is not a ground scalar) and values.
  std::optional<std::set<Value>> keys;
  const Term* object_term = nullptr;  // written as a term (items k0, v0, ...)
  const Value* object_value = nullptr;
  std::size_t size() const { return terms.empty() ? values.size() : terms.size(); }
};

Shape shape_of_value(const Value& v) {
  Shape s;
  if (v.is_array()) {
    s.kind = Shape::Kind::kArray;
    s.values.assign(v.as_array().begin(), v.as_array().end());
  } else if (v.is_object()) {
    s.kind = Shape::Kind::kObject;
    s.object_value = &v;
    s.keys.emplace();
    for (const auto& [k, x] : v.as_object()) s.keys->insert(k);
  } else if (!v.is_set()) {
    s.kind = Shape::Kind::kScalar;
  }
  return s;
}

Shape shape_of(const Term& t) {
  switch (t.kind) {
    case TermKind::kValue: return shape_of_value(t.value);
    case TermKind::kArray: {
      Shape s;
      s.kind = Shape::Kind::kArray;
      for (const auto& i : t.items) s.terms.push_back(i.get());
      return s;
    }
    case TermKind::kObject: {
      Shape s;
      s.kind = Shape::Kind::kObject;
      s.object_term = &t;
      s.keys.emplace();
      for (std::size_t i = 0; i + 1 < t.items.size(); i += 2) {
        const Term& k = *t.items[i];
        if (k.kind != TermKind::kValue || k.value.is_collection()) {
          s.keys.reset();
          break;
        }
        s.keys->insert(k.value);
      }
      return s;
    }
    default: return {};
  }
}

bool match(const Shape& a, const Shape& b, int depth);

// The element or member value of a shape at index `i` / key `k`, as a shape.
Shape element(const Shape& s, std::size_t i) {
  return s.terms.empty() ? shape_of_value(s.values[i]) : shape_of(*s.terms[i]);
}

Shape member(const Shape& s, const Value& k) {
  if (s.object_value) return shape_of_value(*s.object_value->find(k));
  const Term& t = *s.object_term;
  for (std::size_t i = 0; i + 1 < t.items.size(); i += 2) {
    if (t.items[i]->value == k) return shape_of(*t.items[i + 1]);
  }
  return {};
}

// Whether two shapes can unify. Nesting beyond the parser's limit is not examined.
bool match(const Shape& a, const Shape& b, int depth) {
  using K = Shape::Kind;
  if (a.kind == K::kUnknown || b.kind == K::kUnknown || depth > 128) return true;
  if (a.kind == K::kScalar && b.kind == K::kScalar) return true;
  if (a.kind != b.kind) return false;
  if (a.kind == K::kArray) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!match(element(a, i), element(b, i), depth + 1)) return false;
    }
    return true;
  }
  if (!a.keys || !b.keys) return true;
  if (*a.keys != *b.keys) return false;
  for (const auto& k : *a.keys) {
    if (!match(member(a, k), member(b, k), depth + 1)) return false;
  }
  return true;
}

Error match_error(const Rule& rule, Loc loc) {
  const Module* m = rule.module;
  SourceSpan span{m ? m->file : std::string(), loc.line, loc.column, loc.offset, 1};
  return Error(ErrorCode::kRegoType, "match error").with_span(span);
}

Result<void> check_body(const Rule& rule, const Body& body, int depth);

Result<void> check_term(const Rule& rule, const Term& t, int depth) {
  if (depth > 256) return {};
  if (t.kind == TermKind::kCall && t.op == CallOp::kUnify && t.items.size() == 2 &&
      !match(shape_of(*t.items[0]), shape_of(*t.items[1]), 0)) {
    return fail(match_error(rule, t.loc));
  }
  for (const auto& i : t.items) CUSTOS_TRY(check_term(rule, *i, depth + 1));
  if (t.key) CUSTOS_TRY(check_term(rule, *t.key, depth + 1));
  if (t.head) CUSTOS_TRY(check_term(rule, *t.head, depth + 1));
  if (t.body) CUSTOS_TRY(check_body(rule, *t.body, depth + 1));
  return {};
}

// `some val in domain` with a literal domain: `val` must be able to match some element.
bool some_in_can_match(const Expr& e) {
  if (!e.val || !e.domain) return true;
  Shape val = shape_of(*e.val);
  Shape domain = shape_of(*e.domain);
  if (domain.kind != Shape::Kind::kArray || domain.size() == 0) return true;
  for (std::size_t i = 0; i < domain.size(); ++i) {
    if (match(val, element(domain, i), 0)) return true;
  }
  return false;
}

Result<void> check_body(const Rule& rule, const Body& body, int depth) {
  for (const auto& e : body) {
    if (e->kind == ExprKind::kSomeIn && !some_in_can_match(*e)) {
      return fail(match_error(rule, e->loc));
    }
    if (e->term) CUSTOS_TRY(check_term(rule, *e->term, depth));
    if (e->domain) CUSTOS_TRY(check_term(rule, *e->domain, depth));
    if (e->body) CUSTOS_TRY(check_body(rule, *e->body, depth + 1));
  }
  return {};
}

}  // namespace

Result<void> check_match_errors(const Rule& rule) {
  // Errors are located in `rule`'s module (else rules do not record theirs).
  for (const Rule* r = &rule; r != nullptr; r = r->else_rule.get()) {
    CUSTOS_TRY(check_body(rule, r->body, 0));
  }
  return {};
}

}  // namespace custos::rego
