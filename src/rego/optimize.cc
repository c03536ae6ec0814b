#include "rego/optimize.h"

namespace custos::rego {
namespace {

// The base value a constant operand selects in `v`, or nullptr when it selects none or when the
// selection is one the evaluator makes with its own rules (number keys of objects, sets): those
// operands are left to the evaluator.
const Value* select(const Value& v, const Value& key) {
  if (v.is_object() && key.is_string()) return v.find(std::string_view(key.as_string()));
  if (v.is_array() && key.is_number()) {
    auto i = key.as_number().to_int64();
    return i && *i >= 0 ? v.at(static_cast<std::size_t>(*i)) : nullptr;
  }
  return nullptr;
}

// Resolves the constant prefix of a data ref down the rule tree and into base documents, as the
// evaluator's walk would: through nodes without rules by string keys, then either out of the tree
// into the base value at the node's path and on through constant operands, or to the deepest
// node reached (one with rules, or where the next operand is not a constant string).
void fold_data_ref(const PolicyImpl& impl, Term& t) {
  const DataNode* node = &impl.root;
  std::size_t i = 1;
  const Value* base = nullptr;
  while (i < t.items.size()) {
    const Term& op = *t.items[i];
    if (node->group || op.kind != TermKind::kValue || !op.value.is_string()) break;
    auto it = node->children.find(op.value.as_string());
    if (it != node->children.end()) {
      node = it->second.get();
      ++i;
      continue;
    }
    base = &impl.data;
    for (const auto& p : node->path) {
      base = base->find(p);
      if (!base) return;
    }
    base = base->find(op.value.as_string());
    if (!base) return;
    ++i;
    break;
  }
  if (!base) {
    // The ref stays in the rule tree (a rule, or a package with rules below): keep the node.
    if (i > 1) {
      t.data_node = node;
      t.folded_next = static_cast<std::uint32_t>(i);
    }
    return;
  }
  while (i < t.items.size() && t.items[i]->kind == TermKind::kValue) {
    const Value* next = select(*base, t.items[i]->value);
    if (!next) break;
    base = next;
    ++i;
  }
  t.base_value = base;
  t.folded_next = static_cast<std::uint32_t>(i);
}

struct Folder {
  const PolicyImpl& impl;

  void term(Term& t) {
    if (t.kind == TermKind::kRef && t.root == RefRoot::kData) fold_data_ref(impl, t);
    for (auto& i : t.items) term(*i);
    if (t.key) term(*t.key);
    if (t.head) term(*t.head);
    if (t.body) body(*t.body);
  }
  void body(Body& b) {
    for (auto& e : b) {
      if (e->term) term(*e->term);
      if (e->key) term(*e->key);
      if (e->val) term(*e->val);
      if (e->domain) term(*e->domain);
      if (e->body) body(*e->body);
      for (auto& w : e->withs) term(*w.value);
    }
  }
  void rule(Rule& r) {
    for (Rule* x = &r; x; x = x->else_rule.get()) {
      body(x->body);
      for (auto& a : x->args) term(*a);
      if (x->value) term(*x->value);
      if (x->contains) term(*x->contains);
    }
  }
};

}  // namespace

void optimize_policy(PolicyImpl& impl) {
  Folder folder{impl};
  for (auto& m : impl.modules) {
    for (auto& r : m->rules) folder.rule(*r);
  }
}

void optimize_query(const PolicyImpl& impl, Rule& query) {
  Folder folder{impl};
  folder.rule(query);
}

}  // namespace custos::rego
