#pragma once
// Private: the compiled form of a policy (data tree of rule groups) shared by compiler and
// evaluator. Not part of the public API.

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rego/ast.h"
#include "rego/builtins/registry.h"
#include "rego/policy.h"

namespace custos::rego {

// First-level rule index: rules of a group keyed by the constant they require for an input
// path (`input.a.b == "x"` in the body). Rules without such a test are always candidates.
struct RuleIndex {
  bool enabled = false;
  std::vector<Value> path;  // operands after `input`
  std::map<Value, std::vector<const Rule*>> by_value;
  std::vector<const Rule*> always;
};

// All rules defining the document at one data path.
struct RuleGroup {
  std::vector<std::string> path;
  std::string name;  // "data.a.b"
  RuleKind kind = RuleKind::kComplete;
  int arity = 0;
  std::vector<const Rule*> rules;  // non-default
  const Rule* default_rule = nullptr;
  // Partial objects: `default p[<scalar>] := v`, one per key (OPA accepts a default for one
  // non-string key of a virtual document); applied when no rule produces that key.
  std::vector<const Rule*> key_defaults;
  RuleIndex index;
  int id = 0;
};

// The fixed number of arguments of a resolved call or function-valued term: its builtin's
// declared operands or its user function's arity; nullopt for a variadic builtin (print) or a
// term naming neither.
inline std::optional<std::size_t> fixed_arity(const Term& t) {
  if (const auto* decl = static_cast<const BuiltinDecl*>(t.builtin)) {
    if (decl->variadic) return std::nullopt;
    return decl->args.size();
  }
  if (const auto* group = static_cast<const RuleGroup*>(t.function)) {
    return static_cast<std::size_t>(group->arity);
  }
  return std::nullopt;
}

struct DataNode {
  std::map<std::string, std::unique_ptr<DataNode>, std::less<>> children;
  // The same children for lookups (names view `children`' keys), sorted by (length, name) by
  // sort_child_list once the tree is built. Filled by the compiler together with `children`.
  std::vector<std::pair<std::string_view, DataNode*>> child_list;
  // Orders child_list for child(); call after the last child is added.
  void sort_child_list() {
    std::sort(child_list.begin(), child_list.end(),
              [](const auto& a, const auto& b) { return by_length_then_bytes(a.first, b.first); });
  }
  // The child named `name`, or nullptr. Few children (most nodes): a scan, length first; more:
  // a binary search that compares lengths before bytes (no hashing of the name).
  const DataNode* child(std::string_view name) const {
    if (child_list.size() <= kSmallChildren) {
      for (const auto& [n, c] : child_list) {
        if (n.size() == name.size() && n == name) return c;
      }
      return nullptr;
    }
    auto it = std::lower_bound(child_list.begin(), child_list.end(), name,
                               [](const auto& entry, std::string_view key) {
                                 return by_length_then_bytes(entry.first, key);
                               });
    return it != child_list.end() && it->first == name ? it->second : nullptr;
  }
  static constexpr std::size_t kSmallChildren = 8;
  static bool by_length_then_bytes(std::string_view a, std::string_view b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  }
  RuleGroup* group = nullptr;
  std::vector<std::string> path;
  bool has_rules_below = false;
  int id = 0;
};

struct PolicyImpl {
  std::vector<std::unique_ptr<Module>> modules;
  std::vector<std::unique_ptr<RuleGroup>> groups;
  DataNode root;
  Value data;  // base documents
  const Registry* registry = nullptr;
  bool v0 = false;
  bool future_keywords = false;  // v0 modules/queries get the future keywords without import
  int num_nodes = 0;
};

struct PreparedQueryImpl {
  std::shared_ptr<const Policy> policy_holder;  // keeps the policy alive
  const PolicyImpl* policy = nullptr;
  std::unique_ptr<Module> module;  // owns the query pseudo-rule
  const Rule* rule = nullptr;
  std::vector<std::pair<std::string, int>> output_vars;  // name → slot
  std::vector<std::string> texts;
  std::vector<int> source_index;  // body position → source position of the expression
};

// Compiles rules of parsed modules into `impl` (called by compile()).
Result<void> compile_modules(PolicyImpl& impl);
// Compiles a query body in the context of `impl` into `rule` (package-less).
Result<void> compile_query(const PolicyImpl& impl, Rule& rule,
                           std::vector<std::pair<std::string, int>>& outputs);

// Finds the data node for a path (nullptr when none).
const DataNode* find_node(const DataNode& root, const std::vector<std::string>& path);

}  // namespace custos::rego
