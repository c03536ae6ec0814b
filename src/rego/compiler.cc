// The Rego compiler: rule paths and kinds, module merging into the data tree, variable
// resolution (locals → slots, globals → data/input refs, imports), call resolution against the
// builtin table and user functions (arity and literal type checks), recursion detection.
// Safety/reordering lives in safety.cc; indexing in index.cc. This file is the driver; the
// resolver is in compiler_scopes.cc and compiler_terms.cc (see compiler_resolver.h).

#include "rego/compiler.h"

#include <algorithm>

#include "rego/compiler_resolver.h"
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
  t->op = op;
  t->bracket = bracket;
  t->builtin = builtin;
  t->function = function;
  t->ground = ground;
  t->captures = captures;
  t->data_node = data_node;
  t->base_value = base_value;
  t->folded_next = folded_next;
  return t;
}

Error compile_error(ErrorCode code, const Module* m, Loc loc, std::string msg) {
  SourceSpan span{m ? m->file : std::string(), loc.line, loc.column, loc.offset, 1};
  return Error(code, std::move(msg)).with_span(span);
}

namespace {

std::string path_name(const std::vector<std::string>& path) {
  std::string s = "data";
  for (const auto& p : path) s += "." + p;
  return s;
}

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
    const Term& key = *ops[j];
    if (key.kind == TermKind::kValue && j + 1 == ops.size()) {
      // A default for one non-string key of a partial object (OPA accepts it).
      return {};
    }
    if (key.kind == TermKind::kValue) {
      // Deeper keys after a non-string one (`default p[true].q := 1`): custos keys rule paths
      // by strings and does not implement it. Refused plainly rather than misnamed.
      return fail(compile_error(ErrorCode::kRegoCompile, m, key.loc,
                                "default rules with a non-string key followed by more keys in "
                                "their head ref (" +
                                    key.value.to_json() + ") are not supported by custos"));
    }
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
      n->child_list.emplace_back(it->first, it->second.get());
    }
    n = it->second.get();
  }
  n->has_rules_below = true;
  return n;
}

// Orders every node's child_list (for DataNode::child) once the tree is complete.
void sort_child_lists(DataNode& n) {
  n.sort_child_list();
  for (auto& [name, c] : n.children) sort_child_lists(*c);
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
    n = n->child(p);
    if (!n) return nullptr;
  }
  return n;
}

Result<void> compile_modules(PolicyImpl& impl) {
  std::map<std::vector<std::string>, RuleGroup*> groups;
  // 1. Paths, kinds, groups and the tree.
  for (auto& m : impl.modules) {
    // A package is a (virtual) document even without rules: data.<pkg> is {} (as in OPA).
    ensure_node(impl, m->package_path);
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
      if (r->is_default && r->kind == RuleKind::kPartialObject) {
        for (const Rule* d : g->key_defaults) {
          if (d->key_terms[0]->value == r->key_terms[0]->value) {
            return fail(compile_error(ErrorCode::kRegoType, m.get(), r->loc,
                                      "multiple default rules " + g->name + "[" +
                                          r->key_terms[0]->value.to_json() + "] found"));
          }
        }
        g->key_defaults.push_back(r.get());
      } else if (r->is_default) {
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
  sort_child_lists(impl.root);
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
