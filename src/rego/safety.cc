// Safety and reordering (OPA ast/compile.go "checkSafetyRuleBodies" / "reorderBodyForSafety"),
// recursion detection and rule indexing.

#include "rego/safety.h"

#include <algorithm>
#include <functional>
#include <set>
#include <vector>

namespace custos::rego {

namespace {

using Slots = std::vector<char>;  // bound flags per slot

bool is_bound(const Slots& b, int slot) { return slot >= 0 && b[static_cast<std::size_t>(slot)]; }

// Slots needed (must be bound) to evaluate `t` as a value. Ref operand vars are outputs.
void needs(const Term& t, std::vector<int>& out) {
  switch (t.kind) {
    case TermKind::kValue: return;
    case TermKind::kVar: out.push_back(t.slot); return;
    case TermKind::kRef:
      if (t.root == RefRoot::kLocal) {
        const Term& h = *t.items[0];
        if (h.kind == TermKind::kVar) {
          out.push_back(h.slot);
        } else {
          needs(h, out);
        }
      }
      for (std::size_t i = 1; i < t.items.size(); ++i) {
        const Term& o = *t.items[i];
        if (o.kind == TermKind::kVar) continue;
        if (o.kind == TermKind::kArray || o.kind == TermKind::kObject) continue;
        needs(o, out);
      }
      return;
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
    case TermKind::kObjectCompr:
      for (int s : t.captures) out.push_back(s);
      return;
    default:
      for (const auto& i : t.items) needs(*i, out);
      return;
  }
}

// Vars bound by evaluating `t` (ref iteration).
void outputs(const Term& t, std::vector<int>& out);
void pattern_vars(const Term& t, std::vector<int>& out) {
  switch (t.kind) {
    case TermKind::kVar: out.push_back(t.slot); return;
    case TermKind::kArray:
    case TermKind::kSet:
      for (const auto& i : t.items) pattern_vars(*i, out);
      return;
    case TermKind::kObject:
      for (std::size_t i = 1; i < t.items.size(); i += 2) pattern_vars(*t.items[i], out);
      return;
    default: outputs(t, out); return;
  }
}
void outputs(const Term& t, std::vector<int>& out) {
  switch (t.kind) {
    case TermKind::kRef:
      if (t.items[0]->kind != TermKind::kVar) outputs(*t.items[0], out);
      for (std::size_t i = 1; i < t.items.size(); ++i) pattern_vars(*t.items[i], out);
      return;
    case TermKind::kArray:
    case TermKind::kSet:
    case TermKind::kObject:
    case TermKind::kCall:
    case TermKind::kTemplate:
      for (const auto& i : t.items) outputs(*i, out);
      return;
    default: return;
  }
}

bool all_bound(const std::vector<int>& v, const Slots& b) {
  for (int s : v) {
    if (!is_bound(b, s)) return false;
  }
  return true;
}

bool evaluable(const Term& t, const Slots& b) {
  std::vector<int> n;
  needs(t, n);
  return all_bound(n, b);
}

// A pattern side of a unification: vars, composites of patterns, or evaluable terms.
bool pattern_ok(const Term& t, const Slots& b, std::vector<int>& outs) {
  switch (t.kind) {
    case TermKind::kVar: outs.push_back(t.slot); return true;
    case TermKind::kValue: return true;
    case TermKind::kArray:
      for (const auto& i : t.items) {
        if (!pattern_ok(*i, b, outs)) return false;
      }
      return true;
    case TermKind::kObject:
      for (std::size_t i = 0; i + 1 < t.items.size(); i += 2) {
        if (!evaluable(*t.items[i], b)) return false;
        if (!pattern_ok(*t.items[i + 1], b, outs)) return false;
      }
      return true;
    default:
      if (!evaluable(t, b)) return false;
      outputs(t, outs);
      return true;
  }
}

bool unify_ready(const Term& a, const Term& c, Slots b, std::vector<int>& outs) {
  if (evaluable(a, b)) {
    std::vector<int> o;
    outputs(a, o);
    for (int s : o) b[static_cast<std::size_t>(s)] = 1;
    if (pattern_ok(c, b, outs)) {
      outs.insert(outs.end(), o.begin(), o.end());
      return true;
    }
  }
  if (evaluable(c, b)) {
    std::vector<int> o;
    outputs(c, o);
    for (int s : o) b[static_cast<std::size_t>(s)] = 1;
    if (pattern_ok(a, b, outs)) {
      outs.insert(outs.end(), o.begin(), o.end());
      return true;
    }
  }
  if (a.kind == TermKind::kArray && c.kind == TermKind::kArray &&
      a.items.size() == c.items.size()) {
    // Element-wise; elements may bind each other left to right.
    std::vector<bool> done(a.items.size(), false);
    std::size_t remaining = a.items.size();
    bool progress = true;
    while (remaining > 0 && progress) {
      progress = false;
      for (std::size_t i = 0; i < a.items.size(); ++i) {
        if (done[i]) continue;
        std::vector<int> o;
        if (unify_ready(*a.items[i], *c.items[i], b, o)) {
          for (int s : o) b[static_cast<std::size_t>(s)] = 1;
          outs.insert(outs.end(), o.begin(), o.end());
          done[i] = true;
          --remaining;
          progress = true;
        }
      }
    }
    return remaining == 0;
  }
  if (a.kind == TermKind::kObject && c.kind == TermKind::kObject &&
      a.items.size() == c.items.size()) {
    // Pair members by (ground) key.
    std::vector<std::pair<const Term*, const Term*>> pairs;
    for (std::size_t i = 0; i < a.items.size(); i += 2) {
      const Term& ka = *a.items[i];
      if (ka.kind != TermKind::kValue) return false;
      const Term* match = nullptr;
      for (std::size_t j = 0; j < c.items.size(); j += 2) {
        if (c.items[j]->kind == TermKind::kValue && c.items[j]->value == ka.value) {
          match = c.items[j + 1].get();
        }
      }
      if (!match) return false;
      pairs.emplace_back(a.items[i + 1].get(), match);
    }
    std::vector<bool> done(pairs.size(), false);
    std::size_t remaining = pairs.size();
    bool progress = true;
    while (remaining > 0 && progress) {
      progress = false;
      for (std::size_t i = 0; i < pairs.size(); ++i) {
        if (done[i]) continue;
        std::vector<int> o;
        if (unify_ready(*pairs[i].first, *pairs[i].second, b, o)) {
          for (int s : o) b[static_cast<std::size_t>(s)] = 1;
          outs.insert(outs.end(), o.begin(), o.end());
          done[i] = true;
          --remaining;
          progress = true;
        }
      }
    }
    return remaining == 0;
  }
  return false;
}

bool expr_ready(const Expr& e, const Slots& b, std::vector<int>& outs) {
  for (const auto& w : e.withs) {
    if (!evaluable(*w.value, b)) return false;
  }
  if (e.negated) {
    std::vector<int> n, o;
    needs(*e.term, n);
    if (!all_bound(n, b)) return false;
    if (e.term->kind == TermKind::kCall && (e.term->name == "eq" || e.term->name == "assign")) {
      std::vector<int> tmp;
      Slots bb = b;
      if (!unify_ready(*e.term->items[0], *e.term->items[1], bb, tmp)) return false;
    }
    return true;
  }
  switch (e.kind) {
    case ExprKind::kSome: return true;
    case ExprKind::kSomeIn: {
      if (!evaluable(*e.domain, b)) return false;
      outputs(*e.domain, outs);
      if (e.key && !pattern_ok(*e.key, b, outs)) return false;
      return pattern_ok(*e.val, b, outs);
    }
    case ExprKind::kEvery: {
      if (!evaluable(*e.domain, b)) return false;
      return all_bound(e.captures, b);
    }
    case ExprKind::kTerm: break;
  }
  const Term& t = *e.term;
  if (t.kind == TermKind::kCall) {
    if ((t.name == "eq" || t.name == "assign") && t.items.size() == 2) {
      return unify_ready(*t.items[0], *t.items[1], b, outs);
    }
    const auto* decl = static_cast<const BuiltinDecl*>(t.builtin);
    const auto* group = static_cast<const RuleGroup*>(t.function);
    std::size_t arity = decl ? decl->args.size()
                             : (group ? static_cast<std::size_t>(group->arity) : t.items.size());
    bool variadic = decl && decl->variadic;
    if (!variadic && t.items.size() == arity + 1) {
      for (std::size_t i = 0; i < arity; ++i) {
        if (!evaluable(*t.items[i], b)) return false;
        outputs(*t.items[i], outs);
      }
      return pattern_ok(*t.items.back(), b, outs);
    }
  }
  // Operands are evaluated so that refs binding a variable run before the operand using it
  // (`foo == input.foos[foo]`).
  std::vector<int> o;
  outputs(t, o);
  Slots bb = b;
  for (int s : o) bb[static_cast<std::size_t>(s)] = 1;
  if (!evaluable(t, bb)) return false;
  outs.insert(outs.end(), o.begin(), o.end());
  return true;
}

// Names for error messages: collect var names by slot.
void slot_names(const Term& t, std::map<int, std::string>& names) {
  if (t.kind == TermKind::kVar && !t.wildcard && t.slot >= 0) names.emplace(t.slot, t.name);
  for (const auto& i : t.items) slot_names(*i, names);
  if (t.key) slot_names(*t.key, names);
  if (t.head) slot_names(*t.head, names);
}

void expr_names(const Expr& e, std::map<int, std::string>& names) {
  if (e.term) slot_names(*e.term, names);
  if (e.key) slot_names(*e.key, names);
  if (e.val) slot_names(*e.val, names);
  if (e.domain) slot_names(*e.domain, names);
  for (const auto& v : e.some_vars) slot_names(*v, names);
  for (const auto& w : e.withs) slot_names(*w.value, names);
  if (e.body) {
    for (const auto& x : *e.body) expr_names(*x, names);
  }
}

// The slots that the closures (comprehensions, every bodies) of `e` capture from enclosing
// scopes, and the names of every var in those closures.
void closure_captures(const Term& t, std::vector<int>& caps, std::map<int, std::string>& names) {
  if (t.kind == TermKind::kArrayCompr || t.kind == TermKind::kSetCompr ||
      t.kind == TermKind::kObjectCompr) {
    caps.insert(caps.end(), t.captures.begin(), t.captures.end());
    for (const auto& x : *t.body) expr_names(*x, names);
    return;
  }
  for (const auto& i : t.items) closure_captures(*i, caps, names);
}

void closure_captures(const Expr& e, std::vector<int>& caps, std::map<int, std::string>& names) {
  if (e.term) closure_captures(*e.term, caps, names);
  if (e.domain) closure_captures(*e.domain, caps, names);
  for (const auto& w : e.withs) closure_captures(*w.value, caps, names);
  if (e.kind == ExprKind::kEvery) {
    caps.insert(caps.end(), e.captures.begin(), e.captures.end());
    for (const auto& x : *e.body) expr_names(*x, names);
  }
}

class Checker {
 public:
  explicit Checker(const Module* module) : module_(module) {}

  Result<void> body(Body& b, Slots& bound) {
    Body out;
    std::vector<bool> taken(b.size(), false);
    std::size_t remaining = b.size();
    while (remaining > 0) {
      bool progress = false;
      for (std::size_t i = 0; i < b.size(); ++i) {
        if (taken[i]) continue;
        std::vector<int> outs;
        if (!expr_ready(*b[i], bound, outs)) continue;
        CUSTOS_TRY(nested(*b[i], bound));
        for (int s : outs) bound[static_cast<std::size_t>(s)] = 1;
        taken[i] = true;
        --remaining;
        out.push_back(std::move(b[i]));
        progress = true;
        break;
      }
      if (!progress) {
        for (std::size_t i = 0; i < b.size(); ++i) {
          if (taken[i]) continue;
          return unsafe(*b[i], bound);
        }
      }
    }
    b = std::move(out);
    return {};
  }

  Result<void> unsafe(const Expr& e, const Slots& bound) {
    std::map<int, std::string> names;
    std::vector<std::string> bad;
    // A closure's capture that nothing binds is the culprit (OPA names it), not the outputs
    // the expression would bind once the closure could run.
    std::vector<int> caps;
    closure_captures(e, caps, names);
    for (int slot : caps) {
      auto n = names.find(slot);
      if (!is_bound(bound, slot) && n != names.end() && n->second.rfind("__local", 0) != 0 &&
          std::find(bad.begin(), bad.end(), n->second) == bad.end()) {
        bad.push_back(n->second);
      }
    }
    names.clear();
    expr_names(e, names);
    for (const auto& [slot, name] : names) {
      if (!is_bound(bound, slot) && name.rfind("__local", 0) != 0) bad.push_back(name);
    }
    if (bad.empty()) {
      for (const auto& [slot, name] : names) {
        if (!is_bound(bound, slot)) bad.push_back(name);
      }
    }
    std::string msg = bad.empty() ? "expression is unsafe" : "var " + bad[0] + " is unsafe";
    SourceSpan span{module_ ? module_->file : std::string(), e.loc.line, e.loc.column, e.loc.offset,
                    1};
    return fail(Error(ErrorCode::kRegoUnsafeVar, msg).with_span(span));
  }

  // Nested bodies (comprehensions, every) are checked with the bindings available at the
  // expression.
  Result<void> nested(Expr& e, const Slots& bound) {
    if (e.term) CUSTOS_TRY(nested_term(*e.term, bound));
    if (e.domain) CUSTOS_TRY(nested_term(*e.domain, bound));
    for (auto& w : e.withs) CUSTOS_TRY(nested_term(*w.value, bound));
    if (e.kind == ExprKind::kEvery) {
      Slots b = bound;
      if (e.key) mark_pattern(*e.key, b);
      mark_pattern(*e.val, b);
      CUSTOS_TRY(body(*e.body, b));
    }
    return {};
  }

  static void mark_pattern(const Term& t, Slots& b) {
    std::vector<int> v;
    pattern_vars(t, v);
    for (int s : v) b[static_cast<std::size_t>(s)] = 1;
  }

  Result<void> nested_term(Term& t, const Slots& bound) {
    switch (t.kind) {
      case TermKind::kArrayCompr:
      case TermKind::kSetCompr:
      case TermKind::kObjectCompr: {
        Slots b = bound;
        CUSTOS_TRY(body(*t.body, b));
        std::vector<int> n;
        if (t.key) needs(*t.key, n);
        needs(*t.head, n);
        for (int s : n) {
          if (!is_bound(b, s)) {
            std::map<int, std::string> names;
            slot_names(t, names);
            SourceSpan span{module_ ? module_->file : std::string(), t.loc.line, t.loc.column,
                            t.loc.offset, 1};
            return fail(
                Error(ErrorCode::kRegoUnsafeVar, "var " + names[s] + " is unsafe").with_span(span));
          }
        }
        CUSTOS_TRY(nested_term(*t.head, b));
        if (t.key) CUSTOS_TRY(nested_term(*t.key, b));
        return {};
      }
      default:
        for (auto& i : t.items) CUSTOS_TRY(nested_term(*i, bound));
        return {};
    }
  }

 private:
  const Module* module_;
};

}  // namespace

Result<void> check_safety(Rule& rule, const Module* module) {
  Slots bound(static_cast<std::size_t>(rule.num_slots) + 1, 0);
  for (const auto& a : rule.args) {
    std::vector<int> v;
    pattern_vars(*a, v);
    for (int s : v) bound[static_cast<std::size_t>(s)] = 1;
  }
  Checker c(module);
  CUSTOS_TRY(c.body(rule.body, bound));
  // Head variables must be bound by the body.
  auto check_head = [&](const Term* t) -> Result<void> {
    if (!t) return {};
    std::vector<int> n;
    needs(*t, n);
    for (int s : n) {
      if (!is_bound(bound, s)) {
        std::map<int, std::string> names;
        slot_names(*t, names);
        SourceSpan span{module ? module->file : std::string(), t->loc.line, t->loc.column,
                        t->loc.offset, 1};
        return fail(
            Error(ErrorCode::kRegoUnsafeVar, "var " + names[s] + " is unsafe").with_span(span));
      }
    }
    return c.nested_term(*const_cast<Term*>(t), bound);
  };
  CUSTOS_TRY(check_head(rule.value.get()));
  CUSTOS_TRY(check_head(rule.contains.get()));
  for (const Term* k : rule.key_terms) CUSTOS_TRY(check_head(k));
  rule.value_constant = !rule.value || rule.value->kind == TermKind::kValue ||
                        (rule.value->ground && rule.value->kind != TermKind::kTemplate);
  return {};
}

// ---------------------------------------------------------------------------------------------
// Recursion.

namespace {

struct DepCollector {
  const PolicyImpl& impl;
  std::set<const RuleGroup*> deps;

  void all_below(const DataNode& n) {
    if (n.group) deps.insert(n.group);
    for (const auto& [k, c] : n.children) all_below(*c);
  }

  void term(const Term& t) {
    if (t.kind == TermKind::kRef && t.root == RefRoot::kData) {
      const DataNode* n = &impl.root;
      for (std::size_t i = 1; i < t.items.size() && n; ++i) {
        if (n->group) break;
        const Term& o = *t.items[i];
        if (o.kind == TermKind::kValue && o.value.is_string()) {
          auto it = n->children.find(o.value.as_string());
          n = it == n->children.end() ? nullptr : it->second.get();
        } else {
          // A dynamic operand: the rules it may reach are found at run time (the evaluator's
          // depth limit stops runaway recursion through dynamic refs).
          if (n && !n->group) n = nullptr;
          break;
        }
      }
      if (n) all_below(*n);
    }
    if (t.kind == TermKind::kCall && t.function)
      deps.insert(static_cast<const RuleGroup*>(t.function));
    for (const auto& i : t.items) term(*i);
    if (t.key) term(*t.key);
    if (t.head) term(*t.head);
    if (t.body) body(*t.body);
  }
  void body(const Body& b) {
    for (const auto& e : b) {
      if (e->term) term(*e->term);
      if (e->key) term(*e->key);
      if (e->val) term(*e->val);
      if (e->domain) term(*e->domain);
      if (e->body) body(*e->body);
      for (const auto& w : e->withs) term(*w.value);
    }
  }
  void rule(const Rule& r) {
    for (const Rule* x = &r; x; x = x->else_rule.get()) {
      body(x->body);
      if (x->value) term(*x->value);
      if (x->contains) term(*x->contains);
      for (const Term* k : x->key_terms) term(*k);
    }
  }
};

}  // namespace

Result<void> check_recursion(const PolicyImpl& impl) {
  std::map<const RuleGroup*, std::vector<const RuleGroup*>> graph;
  for (const auto& g : impl.groups) {
    DepCollector dc{impl, {}};
    for (const Rule* r : g->rules) dc.rule(*r);
    if (g->default_rule) dc.rule(*g->default_rule);
    for (const Rule* d : g->key_defaults) dc.rule(*d);
    graph[g.get()].assign(dc.deps.begin(), dc.deps.end());
  }
  std::map<const RuleGroup*, int> state;  // 0 new, 1 on stack, 2 done
  std::vector<const RuleGroup*> stack;
  std::function<std::optional<Error>(const RuleGroup*)> visit =
      [&](const RuleGroup* g) -> std::optional<Error> {
    state[g] = 1;
    stack.push_back(g);
    for (const RuleGroup* d : graph[g]) {
      if (state[d] == 1) {
        std::string cycle;
        bool on = false;
        for (const RuleGroup* s : stack) {
          if (s == d) on = true;
          if (on) cycle += s->name + " -> ";
        }
        cycle += d->name;
        const Rule* r = !d->rules.empty() ? d->rules[0]
                        : d->default_rule ? d->default_rule
                                          : d->key_defaults[0];
        SourceSpan span{r->module->file, r->loc.line, r->loc.column, r->loc.offset, 1};
        return Error(ErrorCode::kRegoRecursion, "rule " + d->name + " is recursive: " + cycle)
            .with_span(span);
      }
      if (state[d] == 0) {
        if (auto e = visit(d)) return e;
      }
    }
    stack.pop_back();
    state[g] = 2;
    return std::nullopt;
  };
  for (const auto& g : impl.groups) {
    if (state[g.get()] == 0) {
      if (auto e = visit(g.get())) return fail(*e);
    }
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Indexing: for groups with many rules, find `input.<path> == const` (or `=`) tests.

namespace {

std::optional<std::pair<std::vector<Value>, Value>> index_key(const Rule& r) {
  if (r.else_rule) return std::nullopt;
  for (const auto& e : r.body) {
    if (e->negated || !e->withs.empty() || e->kind != ExprKind::kTerm) continue;
    const Term& t = *e->term;
    if (t.kind != TermKind::kCall || (t.name != "eq" && t.name != "equal") || t.items.size() != 2) {
      continue;
    }
    for (int side = 0; side < 2; ++side) {
      const Term& ref = *t.items[static_cast<std::size_t>(side)];
      const Term& val = *t.items[static_cast<std::size_t>(1 - side)];
      if (ref.kind != TermKind::kRef || ref.root != RefRoot::kInput) continue;
      if (val.kind != TermKind::kValue) continue;
      std::vector<Value> path;
      bool ok = true;
      for (std::size_t i = 1; i < ref.items.size(); ++i) {
        if (ref.items[i]->kind != TermKind::kValue) {
          ok = false;
          break;
        }
        path.push_back(ref.items[i]->value);
      }
      if (ok && !path.empty()) return std::make_pair(path, val.value);
    }
  }
  return std::nullopt;
}

}  // namespace

void build_indexes(PolicyImpl& impl) {
  for (auto& g : impl.groups) {
    if (g->rules.size() < 8) continue;
    std::map<std::vector<Value>, int> counts;
    std::vector<std::optional<std::pair<std::vector<Value>, Value>>> keys;
    for (const Rule* r : g->rules) {
      keys.push_back(index_key(*r));
      if (keys.back()) counts[keys.back()->first]++;
    }
    if (counts.empty()) continue;
    auto best = std::max_element(counts.begin(), counts.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best->second < 4) continue;
    g->index.enabled = true;
    g->index.path = best->first;
    for (std::size_t i = 0; i < g->rules.size(); ++i) {
      if (keys[i] && keys[i]->first == best->first) {
        g->index.by_value[keys[i]->second].push_back(g->rules[i]);
      } else {
        g->index.always.push_back(g->rules[i]);
      }
    }
  }
}

}  // namespace custos::rego
