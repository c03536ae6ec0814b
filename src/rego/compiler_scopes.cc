// Rego compiler, resolver part 1: scopes. Declares locals (`some`, `:=`, patterns, implicit
// unification vars) and walks bodies, nested bodies and their captures.

#include <algorithm>

#include "rego/compiler_resolver.h"
#include "rego/negation.h"

namespace custos::rego {

namespace {

// A resolved `with` target (an array of path parts) as a dotted name: "count", "data.a.f".
std::string with_target_name(const Term& target) {
  std::string out;
  for (const auto& part : target.value.as_array()) {
    if (!out.empty()) out += '.';
    out += part.as_string();
  }
  return out;
}

}  // namespace

// Resolves a rule (head + body, and its else chain).
Result<void> Resolver::resolve_rule() {
  Scope scope;
  if (rule_.is_function) expand_argument_terms();
  if (!module_ || !module_->future_not) {
    int counter = 0;
    expand_negated_calls(rule_.body, &counter);
    for (auto& a : rule_.args) expand_negated_calls(*a, &counter);
    if (rule_.value) expand_negated_calls(*rule_.value, &counter);
    if (rule_.contains) expand_negated_calls(*rule_.contains, &counter);
    if (rule_.head_ref) expand_negated_calls(*rule_.head_ref, &counter);
  }
  if (rule_.is_function) {
    for (auto& a : rule_.args) {
      declare_pattern(*a, scope);
      std::vector<const Term*> vars;
      pattern_var_terms(*a, vars);
      for (const Term* v : vars) scope.args.insert(v->name);
    }
    for (auto& a : rule_.args) CUSTOS_TRY(resolve(*a, scope));
  }
  CUSTOS_TRY(collect(rule_.body, scope));
  CUSTOS_TRY(resolve_body(rule_.body, scope));
  // Head terms: vars not yet known become locals (reported unsafe by the safety check). The
  // head is evaluated after the whole body, so closures in it (comprehensions) see every body
  // var, including those declared by `:=`.
  scope.current = rule_.body.size() + 1;
  auto head_term = [&](Term* t) -> Result<void> {
    if (!t) return {};
    declare_implicit(*t, scope);
    return resolve(*t, scope);
  };
  CUSTOS_TRY(head_term(rule_.value.get()));
  CUSTOS_TRY(head_term(rule_.contains.get()));
  if (rule_.head_ref && rule_.head_ref->kind == TermKind::kRef) {
    for (std::size_t i = 1; i < rule_.head_ref->items.size(); ++i) {
      CUSTOS_TRY(head_term(rule_.head_ref->items[i].get()));
    }
  }
  return check_some_used(rule_.body);
}

void Resolver::expand_argument_terms() {
  int n = 0;
  auto walk = [&](auto& self, TermPtr& t) -> void {
    switch (t->kind) {
      case TermKind::kCall:
      case TermKind::kTemplate: {
        rule_.body.push_back(hoist_term(t, "$arg" + std::to_string(n++)));
        return;
      }
      case TermKind::kArray:
      case TermKind::kSet:
      case TermKind::kObject:
        for (auto& i : t->items) self(self, i);
        return;
      default: return;
    }
  };
  for (auto& a : rule_.args) walk(walk, a);
}

Result<void> Resolver::resolve_query(std::vector<std::pair<std::string, int>>& outputs) {
  Scope scope;
  int counter = 0;
  expand_negated_calls(rule_.body, &counter);
  CUSTOS_TRY(collect(rule_.body, scope));
  CUSTOS_TRY(resolve_body(rule_.body, scope));
  CUSTOS_TRY(check_some_used(rule_.body));
  std::vector<std::pair<int, std::string>> ordered;
  for (const auto& [name, slot] : scope.vars) {
    if (name.rfind("$", 0) == 0) continue;
    ordered.emplace_back(slot, name);
  }
  std::sort(ordered.begin(), ordered.end());
  for (auto& [slot, name] : ordered) outputs.emplace_back(name, slot);
  return {};
}

std::optional<int> Resolver::lookup(std::string_view name, Scope& scope, bool* outer) {
  for (Scope* s = &scope; s; s = s->parent) {
    auto it = s->vars.find(name);
    if (it != s->vars.end()) {
      if (s != &scope) {
        auto at = s->assigned_at.find(name);
        if (at != s->assigned_at.end() && at->second >= s->current) continue;
      }
      if (outer) *outer = s != &scope;
      return it->second;
    }
  }
  return std::nullopt;
}

void Resolver::declare(const std::string& name, Scope& scope) {
  if (name == "_") return;
  if (scope.vars.count(name)) return;
  scope.vars[name] = new_slot();
}

void Resolver::declare_pattern(const Term& t, Scope& scope) {
  if (t.kind == TermKind::kVar) {
    declare(t.name, scope);
  } else if (t.kind == TermKind::kArray || t.kind == TermKind::kSet) {
    for (const auto& i : t.items) declare_pattern(*i, scope);
  } else if (t.kind == TermKind::kObject) {
    for (std::size_t i = 1; i < t.items.size(); i += 2) declare_pattern(*t.items[i], scope);
  }
}

// Vars used in `t` (outside nested bodies) that are not known become locals of `scope`.
void Resolver::declare_implicit(const Term& t, Scope& scope) {
  switch (t.kind) {
    case TermKind::kVar:
      if (t.name != "_" && !lookup(t.name, scope) && !is_global(t.name)) declare(t.name, scope);
      return;
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
    case TermKind::kObjectCompr: return;
    case TermKind::kRef:
      // The head of a ref is a use, not a declaration.
      for (std::size_t i = 0; i < t.items.size(); ++i) declare_implicit(*t.items[i], scope);
      return;
    default:
      for (const auto& i : t.items) declare_implicit(*i, scope);
      return;
  }
}

Result<void> Resolver::collect(Body& body, Scope& scope) {
  std::size_t index = 0;
  for (auto& e : body) {
    ++index;
    switch (e->kind) {
      case ExprKind::kSome:
        for (auto& v : e->some_vars) {
          CUSTOS_TRY(check_declaration(*v, scope));
          declare(v->name, scope);
          scope.declared.insert(v->name);
        }
        break;
      case ExprKind::kSomeIn: {
        std::vector<const Term*> vars;
        if (e->key) pattern_var_terms(*e->key, vars);
        pattern_var_terms(*e->val, vars);
        for (const Term* v : vars) {
          if (v->name == "_") continue;
          CUSTOS_TRY(check_declaration(*v, scope));
        }
        if (e->key) declare_pattern(*e->key, scope);
        declare_pattern(*e->val, scope);
        for (const Term* v : vars) scope.declared.insert(v->name);
        declare_implicit(*e->domain, scope);
        note_seen(*e->domain, scope);
        break;
      }
      case ExprKind::kEvery:
        declare_implicit(*e->domain, scope);
        note_seen(*e->domain, scope);
        break;
      case ExprKind::kTerm:
        if (e->term->kind == TermKind::kCall && e->term->name == "assign" &&
            e->term->items.size() == 2) {
          const Term& lhs = *e->term->items[0];
          if (lhs.kind != TermKind::kVar && lhs.kind != TermKind::kArray &&
              lhs.kind != TermKind::kObject) {
            return fail(compile_error(
                ErrorCode::kRegoParse, module_, e->term->loc,
                "cannot assign to " + std::string(lhs.kind == TermKind::kRef ? "ref" : "term")));
          }
          std::vector<const Term*> vars;
          pattern_var_terms(lhs, vars);
          for (const Term* v : vars) {
            if (v->name == "_") continue;
            if ((v->name == "input" || v->name == "data") && module_ && module_->v1) {
              // OPA 1.x (rego.v1): the root documents cannot be shadowed.
              return fail(compile_error(
                  ErrorCode::kRegoCompile, module_, v->loc,
                  "variables must not shadow " + v->name + " (use a different variable name)"));
            }
            CUSTOS_TRY(check_declaration(*v, scope));
            if (!scope.vars.count(v->name)) {
              scope.vars[v->name] = new_slot();
              scope.assigned_at[v->name] = index;
            }
            assigned_[&scope].insert(v->name);
          }
          declare_implicit(*e->term->items[1], scope);
          note_seen(*e->term->items[1], scope);
        } else {
          declare_implicit(*e->term, scope);
          note_seen(*e->term, scope);
        }
        break;
    }
    for (auto& w : e->withs) {
      // A bare name may be a function replacement (`with count as f`): resolved later.
      if (w.value->kind == TermKind::kVar || w.value->kind == TermKind::kRef) continue;
      declare_implicit(*w.value, scope);
      note_seen(*w.value, scope);
    }
  }
  return {};
}

Result<void> Resolver::check_declaration(const Term& v, Scope& scope) {
  const std::string& name = v.name;
  const char* what = nullptr;
  // (assigned_ is keyed by scope address, so a var must also be in this scope's vars.)
  if (scope.vars.count(name) && assigned_.count(&scope) && assigned_[&scope].count(name)) {
    what = "assigned";
  } else if (scope.declared.count(name)) {
    what = "declared";
  } else if (scope.args.count(name)) {
    return fail(
        compile_error(ErrorCode::kRegoCompile, module_, v.loc, "arg " + name + " redeclared"));
  } else if (scope.seen.count(name)) {
    what = "referenced";
  }
  if (!what) return {};
  return fail(compile_error(ErrorCode::kRegoCompile, module_, v.loc,
                            "var " + name + " " + what + " above"));
}

void Resolver::note_seen(const Term& t, Scope& scope) {
  switch (t.kind) {
    case TermKind::kVar:
      if (t.name != "_" && t.name.rfind('$', 0) != 0 && !is_global(t.name)) {
        scope.seen.insert(t.name);
      }
      return;
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
    case TermKind::kObjectCompr: return;
    default:
      for (const auto& i : t.items) note_seen(*i, scope);
      return;
  }
}

void Resolver::pattern_var_terms(const Term& t, std::vector<const Term*>& out) {
  if (t.kind == TermKind::kVar) {
    out.push_back(&t);
  } else if (t.kind == TermKind::kArray) {
    for (const auto& i : t.items) pattern_var_terms(*i, out);
  } else if (t.kind == TermKind::kObject) {
    for (std::size_t i = 1; i < t.items.size(); i += 2) pattern_var_terms(*t.items[i], out);
  }
}

Result<void> Resolver::resolve_body(Body& body, Scope& scope) {
  std::size_t index = 0;
  for (auto& e : body) {
    scope.current = ++index;
    switch (e->kind) {
      case ExprKind::kSome:
        for (auto& v : e->some_vars) {
          CUSTOS_TRY(resolve(*v, scope));
          if (!v->wildcard) unnote_use(v->slot);
        }
        break;
      case ExprKind::kSomeIn:
        if (e->key) CUSTOS_TRY(resolve(*e->key, scope));
        CUSTOS_TRY(resolve(*e->val, scope));
        CUSTOS_TRY(resolve(*e->domain, scope));
        break;
      case ExprKind::kEvery: {
        CUSTOS_TRY(resolve(*e->domain, scope));
        Scope child;
        child.parent = &scope;
        child.depth = scope.depth + 1;
        if (e->key) declare_pattern(*e->key, child);
        declare_pattern(*e->val, child);
        std::vector<const Term*> decls;
        if (e->key) pattern_var_terms(*e->key, decls);
        pattern_var_terms(*e->val, decls);
        if (e->key) CUSTOS_TRY(resolve(*e->key, child));
        CUSTOS_TRY(resolve(*e->val, child));
        for (const Term* v : decls) {
          if (!v->wildcard) unnote_use(v->slot);
        }
        captures_.emplace_back();
        CUSTOS_TRY(collect(*e->body, child));
        CUSTOS_TRY(resolve_body(*e->body, child));
        CUSTOS_TRY(check_some_used(*e->body));
        CUSTOS_TRY(check_every_used(*e));
        e->captures = std::move(captures_.back());
        captures_.pop_back();
        propagate_captures(e->captures, scope);
        break;
      }
      case ExprKind::kTerm:
        expr_root_ = e->term.get();
        CUSTOS_TRY(resolve(*e->term, scope));
        break;
    }
    for (auto& w : e->withs) {
      CUSTOS_TRY(resolve_with_target(*w.target));
      bool target_is_function = w.target->builtin || w.target->function;
      if (!target_is_function || !resolve_function_value(*w.value, scope)) {
        CUSTOS_TRY(resolve(*w.value, scope));
      } else if (auto want = fixed_arity(*w.target), have = fixed_arity(*w.value);
                 want && have && *want != *have) {
        // OPA's type checker (checkExprWith): a function replaced by a function of another
        // arity is "arity mismatch". Evaluation would bind the wrong number of arguments.
        std::string target = with_target_name(*w.target);
        return fail(compile_error(ErrorCode::kRegoType, module_, w.loc,
                                  target + ": arity mismatch: " + w.value->value.as_string() +
                                      " takes " + std::to_string(*have) + ", " + target +
                                      " takes " + std::to_string(*want)));
      }
    }
  }
  return {};
}

Result<void> Resolver::check_some_used(const Body& body) {
  for (const auto& e : body) {
    if (e->kind != ExprKind::kSome) continue;
    for (const auto& v : e->some_vars) {
      if (v->wildcard || v->name == "_" || used(v->slot)) continue;
      return fail(compile_error(ErrorCode::kRegoCompile, module_, e->loc,
                                "declared var " + v->name + " unused"));
    }
  }
  return {};
}

Result<void> Resolver::check_every_used(const Expr& every) {
  std::vector<const Term*> decls;
  if (every.key) pattern_var_terms(*every.key, decls);
  pattern_var_terms(*every.val, decls);
  for (const Term* v : decls) {
    if (v->wildcard || v->name == "_" || used(v->slot)) continue;
    // OPA reports it at the first expression of the body.
    const Loc& at = every.body->empty() ? every.loc : (*every.body)[0]->loc;
    return fail(
        compile_error(ErrorCode::kRegoCompile, module_, at, "declared var " + v->name + " unused"));
  }
  return {};
}

// Captured slots of an inner body that are not locals of `scope` are captures of the enclosing
// comprehension too.
void Resolver::propagate_captures(const std::vector<int>& caps, Scope& scope) {
  if (captures_.empty()) return;
  for (int slot : caps) {
    bool local = false;
    for (const auto& [n, s] : scope.vars) {
      if (s == slot) local = true;
    }
    if (!local) captures_.back().push_back(slot);
  }
}

}  // namespace custos::rego
