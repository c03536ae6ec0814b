// The Rego compiler: rule paths and kinds, module merging into the data tree, variable
// resolution (locals → slots, globals → data/input refs, imports), call resolution against the
// builtin table and user functions (arity and literal type checks), recursion detection.
// Safety/reordering lives in safety.cc; indexing in index.cc.

#include "rego/compiler.h"

#include <algorithm>
#include <functional>

#include "rego/optimize.h"
#include "rego/safety.h"

namespace custos::rego {

TermPtr Term::clone() const {
  auto t = std::make_unique<Term>();
  t->kind = kind;
  t->loc = loc;
  t->value = value;
  t->name = name;
  t->call_path = call_path;
  for (const auto& i : items) t->items.push_back(i->clone());
  if (key) t->key = key->clone();
  if (head) t->head = head->clone();
  t->body = body;
  t->slot = slot;
  t->root = root;
  t->wildcard = wildcard;
  t->builtin = builtin;
  t->function = function;
  t->ground = ground;
  t->captures = captures;
  return t;
}

namespace {

Error compile_error(ErrorCode code, const Module* m, Loc loc, std::string msg) {
  SourceSpan span{m ? m->file : std::string(), loc.line, loc.column, loc.offset, 1};
  return Error(code, std::move(msg)).with_span(span);
}

std::string path_name(const std::vector<std::string>& path) {
  std::string s = "data";
  for (const auto& p : path) s += "." + p;
  return s;
}

bool is_string_value(const Term& t) { return t.kind == TermKind::kValue && t.value.is_string(); }

// ---------------------------------------------------------------------------------------------
// Variable scopes.

struct Scope {
  Scope* parent = nullptr;
  std::map<std::string, int, std::less<>> vars;
  // Vars declared by `:=`: the index of the declaring expression. In nested bodies (closures)
  // such a var is visible only when declared before the enclosing expression.
  std::map<std::string, std::size_t, std::less<>> assigned_at;
  std::size_t current = 0;
  int depth = 0;
};

struct Globals {
  // name → (root, path)
  struct Target {
    RefRoot root;
    std::vector<std::string> path;
  };
  std::map<std::string, Target, std::less<>> names;
};

class Resolver {
 public:
  Resolver(const PolicyImpl& impl, const Module* module, const Globals& globals, Rule& rule)
      : impl_(impl), module_(module), globals_(globals), rule_(rule) {}

  int new_slot() { return rule_.num_slots++; }

  // Resolves a rule (head + body, and its else chain).
  Result<void> resolve_rule() {
    Scope scope;
    if (rule_.is_function) {
      for (auto& a : rule_.args) declare_pattern(*a, scope);
      for (auto& a : rule_.args) CUSTOS_TRY(resolve(*a, scope));
    }
    CUSTOS_TRY(collect(rule_.body, scope));
    CUSTOS_TRY(resolve_body(rule_.body, scope));
    // Head terms: vars not yet known become locals (reported unsafe by the safety check).
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
    return {};
  }

  Result<void> resolve_query(std::vector<std::pair<std::string, int>>& outputs) {
    Scope scope;
    CUSTOS_TRY(collect(rule_.body, scope));
    CUSTOS_TRY(resolve_body(rule_.body, scope));
    std::vector<std::pair<int, std::string>> ordered;
    for (const auto& [name, slot] : scope.vars) {
      if (name.rfind("$", 0) == 0) continue;
      ordered.emplace_back(slot, name);
    }
    std::sort(ordered.begin(), ordered.end());
    for (auto& [slot, name] : ordered) outputs.emplace_back(name, slot);
    return {};
  }

 private:
  std::optional<int> lookup(std::string_view name, Scope& scope, bool* outer = nullptr) {
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

  bool is_global(std::string_view name) const { return globals_.names.count(name) > 0; }

  void declare(const std::string& name, Scope& scope) {
    if (name == "_") return;
    if (scope.vars.count(name)) return;
    scope.vars[name] = new_slot();
  }

  void declare_pattern(const Term& t, Scope& scope) {
    if (t.kind == TermKind::kVar) {
      declare(t.name, scope);
    } else if (t.kind == TermKind::kArray || t.kind == TermKind::kSet) {
      for (const auto& i : t.items) declare_pattern(*i, scope);
    } else if (t.kind == TermKind::kObject) {
      for (std::size_t i = 1; i < t.items.size(); i += 2) declare_pattern(*t.items[i], scope);
    }
  }

  // Vars used in `t` (outside nested bodies) that are not known become locals of `scope`.
  void declare_implicit(const Term& t, Scope& scope) {
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

  Result<void> collect(Body& body, Scope& scope) {
    std::size_t index = 0;
    for (auto& e : body) {
      ++index;
      switch (e->kind) {
        case ExprKind::kSome:
          for (auto& v : e->some_vars) {
            if (scope.vars.count(v->name)) {
              // Re-declaration in the same scope is an error in OPA.
              return fail(compile_error(ErrorCode::kRegoCompile, module_, v->loc,
                                        "var " + v->name + " declared above"));
            }
            declare(v->name, scope);
          }
          break;
        case ExprKind::kSomeIn:
          if (e->key) declare_pattern(*e->key, scope);
          declare_pattern(*e->val, scope);
          declare_implicit(*e->domain, scope);
          break;
        case ExprKind::kEvery: declare_implicit(*e->domain, scope); break;
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
              if (scope.vars.count(v->name) && assigned_.count(&scope) &&
                  assigned_[&scope].count(v->name)) {
                return fail(compile_error(ErrorCode::kRegoCompile, module_, v->loc,
                                          "var " + v->name + " assigned above"));
              }
              if (!scope.vars.count(v->name)) {
                scope.vars[v->name] = new_slot();
                scope.assigned_at[v->name] = index;
              }
              assigned_[&scope].insert(v->name);
            }
            declare_implicit(*e->term->items[1], scope);
          } else {
            declare_implicit(*e->term, scope);
          }
          break;
      }
      for (auto& w : e->withs) {
        // A bare name may be a function replacement (`with count as f`): resolved later.
        if (w.value->kind == TermKind::kVar || w.value->kind == TermKind::kRef) continue;
        declare_implicit(*w.value, scope);
      }
    }
    return {};
  }

  static void pattern_var_terms(const Term& t, std::vector<const Term*>& out) {
    if (t.kind == TermKind::kVar) {
      out.push_back(&t);
    } else if (t.kind == TermKind::kArray) {
      for (const auto& i : t.items) pattern_var_terms(*i, out);
    } else if (t.kind == TermKind::kObject) {
      for (std::size_t i = 1; i < t.items.size(); i += 2) pattern_var_terms(*t.items[i], out);
    }
  }

  Result<void> resolve_body(Body& body, Scope& scope) {
    std::size_t index = 0;
    for (auto& e : body) {
      scope.current = ++index;
      switch (e->kind) {
        case ExprKind::kSome:
          for (auto& v : e->some_vars) CUSTOS_TRY(resolve(*v, scope));
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
          if (e->key) CUSTOS_TRY(resolve(*e->key, child));
          CUSTOS_TRY(resolve(*e->val, child));
          captures_.emplace_back();
          CUSTOS_TRY(collect(*e->body, child));
          CUSTOS_TRY(resolve_body(*e->body, child));
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
        }
      }
    }
    return {};
  }

  // Captured slots of an inner body that are not locals of `scope` are captures of the enclosing
  // comprehension too.
  void propagate_captures(const std::vector<int>& caps, Scope& scope) {
    if (captures_.empty()) return;
    for (int slot : caps) {
      bool local = false;
      for (const auto& [n, s] : scope.vars) {
        if (s == slot) local = true;
      }
      if (!local) captures_.back().push_back(slot);
    }
  }

  Result<void> resolve_with_target(Term& t) {
    // Targets: input..., data..., or a builtin/function name. Keep the textual path in
    // t.name; the evaluator interprets it.
    std::vector<std::string> parts;
    if (t.kind == TermKind::kVar) {
      parts.push_back(t.name);
    } else if (t.kind == TermKind::kRef) {
      for (std::size_t i = 0; i < t.items.size(); ++i) {
        const Term& x = *t.items[i];
        if (i == 0 && x.kind == TermKind::kVar) {
          parts.push_back(x.name);
        } else if (is_string_value(x)) {
          parts.push_back(x.value.as_string());
        } else {
          return fail(compile_error(ErrorCode::kRegoType, module_, t.loc,
                                    "with keyword target must reference existing input, data, "
                                    "or a function"));
        }
      }
    }
    // Resolve aliases/imports/package rule names to full data paths.
    auto it = globals_.names.find(parts[0]);
    std::vector<std::string> full;
    if (parts[0] == "input" || parts[0] == "data") {
      full = parts;
    } else if (it != globals_.names.end() && parts[0] != "input" && parts[0] != "data") {
      full.push_back(it->second.root == RefRoot::kInput ? "input" : "data");
      full.insert(full.end(), it->second.path.begin(), it->second.path.end());
      full.insert(full.end(), parts.begin() + 1, parts.end());
    } else {
      std::string name;
      for (std::size_t i = 0; i < parts.size(); ++i) name += (i ? "." : "") + parts[i];
      const BuiltinDecl* decl = impl_.registry->find(name);
      if (!decl) {
        return fail(compile_error(ErrorCode::kRegoCompile, module_, t.loc,
                                  "with keyword target must reference existing input, data, or a "
                                  "function"));
      }
      t.builtin = decl;
      full = {name};
    }
    t.items.clear();
    t.kind = TermKind::kValue;
    std::vector<Value> vs;
    for (auto& p : full) vs.emplace_back(p);
    t.value = Value::array(std::move(vs));
    // If the target is a user function, remember it.
    if (full.size() > 1 && full[0] == "data") {
      std::vector<std::string> path(full.begin() + 1, full.end());
      const DataNode* n = find_node(impl_.root, path);
      if (n && n->group && n->group->kind == RuleKind::kFunction) t.function = n->group;
    }
    return {};
  }

  // `with f as g`: when g names a user function or a builtin (and is not a local variable),
  // the replacement is that function. Returns false when `t` is an ordinary value.
  bool resolve_function_value(Term& t, Scope& scope) {
    std::vector<std::string> parts;
    if (t.kind == TermKind::kVar) {
      parts.push_back(t.name);
    } else if (t.kind == TermKind::kRef && t.items[0]->kind == TermKind::kVar) {
      parts.push_back(t.items[0]->name);
      for (std::size_t i = 1; i < t.items.size(); ++i) {
        if (!is_string_value(*t.items[i])) return false;
        parts.push_back(t.items[i]->value.as_string());
      }
    } else {
      return false;
    }
    if (lookup(parts[0], scope)) return false;
    std::string name;
    for (std::size_t i = 0; i < parts.size(); ++i) name += (i ? "." : "") + parts[i];
    std::vector<std::string> path;
    auto git = globals_.names.find(parts[0]);
    if (parts[0] == "data") {
      path.assign(parts.begin() + 1, parts.end());
    } else if (git != globals_.names.end() && git->second.root == RefRoot::kData) {
      path = git->second.path;
      path.insert(path.end(), parts.begin() + 1, parts.end());
    }
    if (!path.empty()) {
      const DataNode* n = find_node(impl_.root, path);
      if (n && n->group && n->group->kind == RuleKind::kFunction) {
        t.function = n->group;
        t.kind = TermKind::kValue;
        t.items.clear();
        t.value = Value(name);
        return true;
      }
      if (n) return false;  // a rule or data: an ordinary value
    }
    if (const BuiltinDecl* d = impl_.registry->find(name)) {
      t.builtin = d;
      t.kind = TermKind::kValue;
      t.items.clear();
      t.value = Value(name);
      return true;
    }
    return false;
  }

  // Turns a global var into a ref: data.pkg.name / input / import target.
  bool globalize(Term& t) {
    auto it = globals_.names.find(t.name);
    if (it == globals_.names.end()) return false;
    auto loc = t.loc;
    std::vector<TermPtr> items;
    auto head = std::make_unique<Term>();
    head->kind = TermKind::kVar;
    head->name = it->second.root == RefRoot::kInput ? "input" : "data";
    head->loc = loc;
    items.push_back(std::move(head));
    for (const auto& p : it->second.path) {
      auto s = std::make_unique<Term>();
      s->kind = TermKind::kValue;
      s->value = Value(p);
      s->loc = loc;
      items.push_back(std::move(s));
    }
    t.kind = TermKind::kRef;
    t.root = it->second.root;
    t.items = std::move(items);
    return true;
  }

  Result<void> resolve(Term& t, Scope& scope) {
    switch (t.kind) {
      case TermKind::kValue: t.ground = true; return {};
      case TermKind::kVar: {
        if (t.name == "_") {
          t.slot = new_slot();
          t.wildcard = true;
          return {};
        }
        bool outer = false;
        if (auto slot = lookup(t.name, scope, &outer)) {
          t.slot = *slot;
          if (outer && !captures_.empty()) note_capture(*slot, scope);
          return {};
        }
        if (globalize(t)) return {};
        declare(t.name, scope);
        t.slot = scope.vars[t.name];
        return {};
      }
      case TermKind::kRef: {
        Term& head = *t.items[0];
        if (head.kind == TermKind::kVar) {
          bool outer = false;
          auto slot = head.name == "_" ? std::nullopt : lookup(head.name, scope, &outer);
          if (slot) {
            head.slot = *slot;
            t.root = RefRoot::kLocal;
            if (outer && !captures_.empty()) note_capture(*slot, scope);
          } else if (globals_.names.count(head.name)) {
            Term copy;
            copy.kind = TermKind::kVar;
            copy.name = head.name;
            copy.loc = head.loc;
            globalize(copy);
            std::vector<TermPtr> items = std::move(copy.items);
            for (std::size_t i = 1; i < t.items.size(); ++i) items.push_back(std::move(t.items[i]));
            t.items = std::move(items);
            t.root = copy.root;
          } else {
            CUSTOS_TRY(resolve(head, scope));
            t.root = RefRoot::kLocal;
          }
        } else {
          CUSTOS_TRY(resolve(head, scope));
          t.root = RefRoot::kLocal;
        }
        for (std::size_t i = 1; i < t.items.size(); ++i) CUSTOS_TRY(resolve(*t.items[i], scope));
        return {};
      }
      case TermKind::kArray:
      case TermKind::kSet:
      case TermKind::kObject:
      case TermKind::kTemplate: {
        bool ground = true;
        for (auto& i : t.items) {
          CUSTOS_TRY(resolve(*i, scope));
          ground = ground && i->ground;
        }
        if (ground && t.kind != TermKind::kTemplate) {
          t.ground = true;
          // Pre-build the constant value.
          std::vector<Value> vs;
          if (t.kind == TermKind::kObject) {
            std::vector<ObjectEntry> es;
            for (std::size_t i = 0; i + 1 < t.items.size(); i += 2) {
              es.emplace_back(t.items[i]->value, t.items[i + 1]->value);
            }
            // Duplicate keys with different values are a conflict: keep the term for eval.
            auto obj = Value::object(es);
            if (obj.size() == es.size()) {
              t.value = obj;
            } else {
              t.ground = false;
            }
          } else {
            for (auto& i : t.items) vs.push_back(i->value);
            t.value = t.kind == TermKind::kArray ? Value::array(std::move(vs))
                                                 : Value::set(std::move(vs));
          }
        }
        return {};
      }
      case TermKind::kArrayCompr:
      case TermKind::kSetCompr:
      case TermKind::kObjectCompr: {
        Scope child;
        child.parent = &scope;
        child.depth = scope.depth + 1;
        captures_.emplace_back();
        CUSTOS_TRY(collect(*t.body, child));
        if (t.key) declare_implicit(*t.key, child);
        declare_implicit(*t.head, child);
        CUSTOS_TRY(resolve_body(*t.body, child));
        if (t.key) CUSTOS_TRY(resolve(*t.key, child));
        CUSTOS_TRY(resolve(*t.head, child));
        t.captures = std::move(captures_.back());
        std::sort(t.captures.begin(), t.captures.end());
        t.captures.erase(std::unique(t.captures.begin(), t.captures.end()), t.captures.end());
        captures_.pop_back();
        propagate_captures(t.captures, scope);
        return {};
      }
      case TermKind::kCall: {
        // Read before the operands: comprehension bodies among them reset expr_root_.
        const bool whole_expression = &t == expr_root_;
        for (auto& a : t.items) CUSTOS_TRY(resolve(*a, scope));
        return resolve_call(t, whole_expression);
      }
    }
    return {};
  }

  void note_capture(int slot, Scope&) { captures_.back().push_back(slot); }

  // `whole_expression`: the call is an expression of its own. Only then may it pass its output
  // as an extra operand (`abs(-1, x)`); nested in a value (`x = abs(-9, 10)`) an extra operand
  // is too many.
  Result<void> resolve_call(Term& t, bool whole_expression) {
    const int output = whole_expression ? 1 : 0;
    static const std::set<std::string, std::less<>> kSpecial = {
        "eq", "assign", "internal.member_2", "internal.member_3", "print", "internal.print"};
    if (kSpecial.count(t.name)) {
      const BuiltinDecl* d = impl_.registry->find(t.name);
      t.builtin = d;
      return {};
    }
    // User function?
    std::vector<std::string> parts = t.call_path;
    if (parts.empty()) {
      std::size_t start = 0;
      while (true) {
        auto dot = t.name.find('.', start);
        parts.push_back(t.name.substr(start, dot - start));
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
    std::vector<std::string> path;
    auto git = globals_.names.find(parts[0]);
    if (parts[0] == "data") {
      path.assign(parts.begin() + 1, parts.end());
    } else if (git != globals_.names.end() && git->second.root == RefRoot::kData) {
      path = git->second.path;
      path.insert(path.end(), parts.begin() + 1, parts.end());
    }
    if (!path.empty()) {
      const DataNode* n = find_node(impl_.root, path);
      if (n && n->group && n->group->kind == RuleKind::kFunction) {
        t.function = n->group;
        int arity = n->group->arity;
        int have = static_cast<int>(t.items.size());
        if (have != arity && have != arity + output) {
          return fail(compile_error(ErrorCode::kRegoType, module_, t.loc,
                                    "function " + n->group->name + " has arity " +
                                        std::to_string(arity) + ", got " + std::to_string(have) +
                                        " arguments"));
        }
        return {};
      }
      if (parts[0] == "data" || (git != globals_.names.end() && parts.size() > 0)) {
        // Falls through to builtins (e.g. a package rule named like a builtin namespace).
      }
    }
    const BuiltinDecl* decl = impl_.registry->find(t.name);
    if (!decl) {
      return fail(
          compile_error(ErrorCode::kRegoType, module_, t.loc, "undefined function " + t.name));
    }
    t.builtin = decl;
    int arity = static_cast<int>(decl->args.size());
    int have = static_cast<int>(t.items.size());
    if (!decl->variadic && have != arity && have != arity + output) {
      std::string msg = t.name + ": " + (have < arity ? "too few" : "too many") + " arguments";
      return fail(compile_error(ErrorCode::kRegoType, module_, t.loc, msg));
    }
    // Obvious literal type mismatches.
    for (int i = 0; i < std::min(have, arity); ++i) {
      const Term& a = *t.items[static_cast<std::size_t>(i)];
      std::optional<Value::Kind> k;
      if (a.kind == TermKind::kValue) k = a.value.kind();
      if (a.kind == TermKind::kArray || a.kind == TermKind::kArrayCompr) k = Value::Kind::kArray;
      if (a.kind == TermKind::kSet || a.kind == TermKind::kSetCompr) k = Value::Kind::kSet;
      if (a.kind == TermKind::kObject || a.kind == TermKind::kObjectCompr) {
        k = Value::Kind::kObject;
      }
      if (k && !decl->args[static_cast<std::size_t>(i)].admits(*k)) {
        return fail(compile_error(ErrorCode::kRegoType, module_, a.loc,
                                  t.name + ": invalid argument(s): operand " +
                                      std::to_string(i + 1) + " must be " +
                                      decl->args[static_cast<std::size_t>(i)].to_string() +
                                      " but got " + std::string(Value::kind_name(*k))));
      }
    }
    return {};
  }

  const PolicyImpl& impl_;
  const Module* module_;
  const Globals& globals_;
  Rule& rule_;
  std::vector<std::vector<int>> captures_;
  std::map<Scope*, std::set<std::string>> assigned_;
  const Term* expr_root_ = nullptr;  // the term of the expression being resolved
};

Globals make_globals(const PolicyImpl& impl, const Module* module) {
  Globals g;
  g.names["data"] = {RefRoot::kData, {}};
  g.names["input"] = {RefRoot::kInput, {}};
  if (!module) return g;
  // Package rule names.
  const DataNode* pkg = find_node(impl.root, module->package_path);
  if (pkg) {
    for (const auto& [name, child] : pkg->children) {
      if (!child->has_rules_below) continue;
      std::vector<std::string> p = module->package_path;
      p.push_back(name);
      g.names[name] = {RefRoot::kData, p};
    }
  }
  for (const auto& imp : module->imports) {
    std::vector<std::string> p;
    RefRoot root = RefRoot::kData;
    const Term& t = *imp.path;
    if (t.kind == TermKind::kVar) {
      p.push_back(t.name);
    } else {
      for (std::size_t i = 0; i < t.items.size(); ++i) {
        const Term& x = *t.items[i];
        p.push_back(i == 0 ? x.name : x.value.as_string());
      }
    }
    if (p[0] == "future" || p[0] == "rego") continue;
    if (p[0] == "input") root = RefRoot::kInput;
    std::string alias = imp.alias.empty() ? p.back() : imp.alias;
    p.erase(p.begin());
    if (alias == "input" && root == RefRoot::kInput && p.empty()) continue;
    g.names[alias] = {root, p};
  }
  return g;
}

Result<void> rule_path(PolicyImpl& impl, Rule& rule) {
  (void)impl;
  const Module* m = rule.module;
  rule.path = m->package_path;
  const Term& h = *rule.head_ref;
  std::vector<const Term*> ops;
  const std::string& root = h.kind == TermKind::kVar ? h.name : h.items[0]->name;
  if ((root == "input" || root == "data") && m->v1) {
    // OPA 1.x (rego.v1): the root documents cannot be shadowed.
    return fail(compile_error(ErrorCode::kRegoCompile, m, h.loc,
                              "rules must not shadow " + root + " (use a different rule name)"));
  }
  if (h.kind == TermKind::kVar) {
    rule.path.push_back(h.name);
  } else {
    rule.path.push_back(h.items[0]->name);
    for (std::size_t i = 1; i < h.items.size(); ++i) ops.push_back(h.items[i].get());
  }
  if (rule.is_function) {
    for (const Term* o : ops) {
      if (!is_string_value(*o)) {
        return fail(compile_error(ErrorCode::kRegoParse, m, o->loc, "invalid function name"));
      }
      rule.path.push_back(o->value.as_string());
    }
    rule.kind = RuleKind::kFunction;
    return {};
  }
  if (rule.contains) {
    std::size_t j = 0;
    while (j < ops.size() && is_string_value(*ops[j]))
      rule.path.push_back(ops[j++]->value.as_string());
    if (j < ops.size()) {
      // a[x] contains y: an object whose leaves are sets.
      rule.kind = RuleKind::kPartialObject;
      for (; j < ops.size(); ++j) rule.key_terms.push_back(ops[j]);
      return {};
    }
    rule.kind = RuleKind::kPartialSet;
    return {};
  }
  std::size_t j = 0;
  while (j < ops.size() && is_string_value(*ops[j])) ++j;
  if (j == ops.size()) {
    for (const Term* o : ops) rule.path.push_back(o->value.as_string());
    rule.kind = RuleKind::kComplete;
    return {};
  }
  for (std::size_t i = 0; i < j; ++i) rule.path.push_back(ops[i]->value.as_string());
  for (std::size_t i = j; i < ops.size(); ++i) rule.key_terms.push_back(ops[i]);
  rule.kind = RuleKind::kPartialObject;
  if (rule.is_default) {
    return fail(compile_error(ErrorCode::kRegoType, m, rule.loc,
                              "default rules must not have variables in their head ref"));
  }
  return {};
}

DataNode* ensure_node(PolicyImpl& impl, const std::vector<std::string>& path) {
  DataNode* n = &impl.root;
  for (std::size_t i = 0; i < path.size(); ++i) {
    n->has_rules_below = true;
    auto it = n->children.find(path[i]);
    if (it == n->children.end()) {
      auto child = std::make_unique<DataNode>();
      child->path.assign(path.begin(), path.begin() + static_cast<long>(i) + 1);
      child->id = ++impl.num_nodes;
      it = n->children.emplace(path[i], std::move(child)).first;
    }
    n = it->second.get();
  }
  n->has_rules_below = true;
  return n;
}

// Sets key info of else-chain rules from their head.
void propagate_else(Rule& r) {
  for (Rule* e = r.else_rule.get(); e; e = e->else_rule.get()) {
    e->module = r.module;
    e->kind = r.kind;
    e->path = r.path;
    e->is_function = r.is_function;
  }
}

}  // namespace

const DataNode* find_node(const DataNode& root, const std::vector<std::string>& path) {
  const DataNode* n = &root;
  for (const auto& p : path) {
    auto it = n->children.find(p);
    if (it == n->children.end()) return nullptr;
    n = it->second.get();
  }
  return n;
}

Result<void> compile_modules(PolicyImpl& impl) {
  std::map<std::vector<std::string>, RuleGroup*> groups;
  // 1. Paths, kinds, groups and the tree.
  for (auto& m : impl.modules) {
    for (auto& r : m->rules) {
      CUSTOS_TRY(rule_path(impl, *r));
      propagate_else(*r);
      auto it = groups.find(r->path);
      RuleGroup* g;
      if (it == groups.end()) {
        impl.groups.push_back(std::make_unique<RuleGroup>());
        g = impl.groups.back().get();
        g->path = r->path;
        g->name = path_name(r->path);
        g->kind = r->kind;
        g->arity = static_cast<int>(r->args.size());
        g->id = static_cast<int>(impl.groups.size());
        groups[r->path] = g;
        DataNode* n = ensure_node(impl, r->path);
        n->group = g;
      } else {
        g = it->second;
        if (g->kind != r->kind) {
          return fail(compile_error(ErrorCode::kRegoType, m.get(), r->loc,
                                    "conflicting rules " + g->name + " found"));
        }
        if (g->kind == RuleKind::kFunction && g->arity != static_cast<int>(r->args.size())) {
          return fail(compile_error(ErrorCode::kRegoType, m.get(), r->loc,
                                    "conflicting function arity for " + g->name));
        }
      }
      if (r->is_default) {
        if (g->default_rule) {
          return fail(compile_error(ErrorCode::kRegoType, m.get(), r->loc,
                                    "multiple default rules " + g->name + " found"));
        }
        g->default_rule = r.get();
      } else {
        g->rules.push_back(r.get());
      }
    }
  }
  // A complete rule may not have rules below it (data.p and data.p.q).
  for (auto& g : impl.groups) {
    const DataNode* n = find_node(impl.root, g->path);
    if (n && !n->children.empty() && g->kind != RuleKind::kPartialObject) {
      const Rule* r = g->rules.empty() ? g->default_rule : g->rules[0];
      return fail(compile_error(ErrorCode::kRegoType, r->module, r->loc,
                                "rule " + g->name + " conflicts with rules below it"));
    }
  }
  // 2. Resolve variables and calls, then safety/reordering, per rule.
  for (auto& m : impl.modules) {
    Globals globals = make_globals(impl, m.get());
    for (auto& r : m->rules) {
      for (Rule* x = r.get(); x; x = x->else_rule.get()) {
        if (x != r.get()) {
          // else rules share the head (args) of the first rule.
          x->head_ref = r->head_ref->clone();
          for (const auto& a : r->args) x->args.push_back(a->clone());
          if (!x->value && r->value == nullptr) {
            // value true
          }
        }
        Resolver res(impl, m.get(), globals, *x);
        CUSTOS_TRY(res.resolve_rule());
        CUSTOS_TRY(check_safety(*x, m.get()));
      }
    }
  }
  CUSTOS_TRY(check_recursion(impl));
  build_indexes(impl);
  optimize_policy(impl);
  return {};
}

Result<void> compile_query(const PolicyImpl& impl, Rule& rule,
                           std::vector<std::pair<std::string, int>>& outputs) {
  Globals globals = make_globals(impl, nullptr);
  Resolver res(impl, nullptr, globals, rule);
  CUSTOS_TRY(res.resolve_query(outputs));
  CUSTOS_TRY(check_safety(rule, nullptr));
  optimize_query(impl, rule);
  return {};
}

}  // namespace custos::rego
