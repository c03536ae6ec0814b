// Rego compiler, resolver part 2: terms. Vars to slots or global refs, constant collections,
// comprehensions, calls against user functions and the builtin table (arity and literal type
// checks), and `with` targets.

#include <algorithm>

#include "rego/compiler_resolver.h"

namespace custos::rego {

Result<void> Resolver::resolve_with_target(Term& t) {
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

std::vector<std::string> Resolver::data_path_of(const std::vector<std::string>& parts) const {
  std::vector<std::string> path;
  auto git = globals_.names.find(parts[0]);
  if (parts[0] == "data") {
    path.assign(parts.begin() + 1, parts.end());
  } else if (git != globals_.names.end() && git->second.root == RefRoot::kData) {
    path = git->second.path;
    path.insert(path.end(), parts.begin() + 1, parts.end());
  }
  return path;
}

// `with f as g`: when g names a user function or a builtin (and is not a local variable),
// the replacement is that function. Returns false when `t` is an ordinary value.
bool Resolver::resolve_function_value(Term& t, Scope& scope) {
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
  std::vector<std::string> path = data_path_of(parts);
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
bool Resolver::globalize(Term& t) {
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

Result<void> Resolver::resolve(Term& t, Scope& scope) {
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
        note_use(*slot);
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
          note_use(*slot);
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
          t.value =
              t.kind == TermKind::kArray ? Value::array(std::move(vs)) : Value::set(std::move(vs));
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
      CUSTOS_TRY(check_some_used(*t.body));
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

// `whole_expression`: the call is an expression of its own. Only then may it pass its output
// as an extra operand (`abs(-1, x)`); nested in a value (`x = abs(-9, 10)`) an extra operand
// is too many.
Result<void> Resolver::resolve_call(Term& t, bool whole_expression) {
  const int output = whole_expression ? 1 : 0;
  static const std::set<std::string, std::less<>> kSpecial = {
      "eq", "assign", "internal.member_2", "internal.member_3", "print", "internal.print"};
  if (kSpecial.count(t.name)) {
    const BuiltinDecl* d = impl_.registry->find(t.name);
    t.builtin = d;
    // The evaluator reads both sides of a unification and the operands of a membership test:
    // a wrong count (`eq(1)`, `assign("",)`) is the arity error, never an out-of-bounds read.
    int have = static_cast<int>(t.items.size());
    int arity =
        t.op == CallOp::kUnify ? 2 : (d && !d->variadic ? static_cast<int>(d->args.size()) : -1);
    if (arity >= 0 && have != arity && !(t.op != CallOp::kUnify && have == arity + output)) {
      std::string msg = t.name + ": " + (have < arity ? "too few" : "too many") + " arguments";
      return fail(compile_error(ErrorCode::kRegoType, module_, t.loc, msg));
    }
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
  std::vector<std::string> path = data_path_of(parts);
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
    // Otherwise: falls through to builtins (e.g. a package rule named like a builtin namespace).
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
                                t.name + ": invalid argument(s): operand " + std::to_string(i + 1) +
                                    " must be " +
                                    decl->args[static_cast<std::size_t>(i)].to_string() +
                                    " but got " + std::string(Value::kind_name(*k))));
    }
  }
  return {};
}

}  // namespace custos::rego
