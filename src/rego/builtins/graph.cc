// Graphs (OPA category "graph"): graph.reachable and graph.reachable_paths over an adjacency
// object (node → array/set of neighbours; null means no edges).

#include <algorithm>
#include <set>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

Result<std::span<const Value>> edges_of(BuiltinContext& ctx, const Value& graph,
                                        const Value& node) {
  const Value* e = graph.find(node);
  if (e == nullptr || e->is_null()) return std::span<const Value>();
  if (!e->is_array() && !e->is_set()) {
    return err(util::type_error(ctx, 1, {"object[any: set | array]"}, graph));
  }
  return util::elements(*e);
}

Result<void> paths_from(BuiltinContext& ctx, const Value& graph, const Value& node,
                        std::vector<Value>& path, std::vector<Value>& out, int depth) {
  if (depth > 10000) return fail(builtin_error(ctx, "graph too deep"));
  if (graph.find(node) == nullptr) {
    if (!path.empty()) out.push_back(Value::array(path));
    return {};
  }
  CUSTOS_TRY_ASSIGN(auto edges, edges_of(ctx, graph, node));
  path.push_back(node);
  if (edges.empty()) out.push_back(Value::array(path));
  for (const auto& next : edges) {
    if (std::find(path.begin(), path.end(), next) != path.end()) {
      out.push_back(Value::array(path));
    } else {
      CUSTOS_TRY(paths_from(ctx, graph, next, path, out, depth + 1));
    }
  }
  path.pop_back();
  return {};
}

}  // namespace

void register_graph(Registry& r) {
  const Type kGraph =
      Type::object_of(Type::any(), Type::any_of({Type::array_of(), Type::set_of()}));
  const Type kInit = Type::any_of({Type::array_of(), Type::set_of()});
  r.add({.name = "graph.reachable",
         .args = {kGraph, kInit},
         .result = Type::set_of(),
         .description = "Computes the set of reachable nodes in the graph from a set of starting "
                        "nodes.",
         .category = "graph",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           const Value& init = args[1];
           if (!init.is_array() && !init.is_set()) {
             return err(util::type_error(ctx, 2, {"set", "array"}, init));
           }
           std::vector<Value> queue(util::elements(init).begin(), util::elements(init).end());
           std::set<Value> reached;
           for (std::size_t i = 0; i < queue.size(); ++i) {
             Value node = queue[i];
             if (reached.count(node) != 0 || args[0].find(node) == nullptr) continue;
             reached.insert(node);
             CUSTOS_TRY_ASSIGN(auto edges, edges_of(ctx, args[0], node));
             for (const auto& e : edges) queue.push_back(e);
           }
           return Value::set_sorted(std::vector<Value>(reached.begin(), reached.end()));
         }});
  r.add({.name = "graph.reachable_paths",
         .args = {kGraph, kInit},
         .result = Type::set_of(Type::array_of()),
         .description = "Computes the set of reachable paths in the graph from a set of starting "
                        "nodes.",
         .category = "graph",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           const Value& init = args[1];
           if (!init.is_array() && !init.is_set()) {
             return err(util::type_error(ctx, 2, {"set", "array"}, init));
           }
           std::vector<Value> out, path;
           for (const auto& start : util::elements(init)) {
             CUSTOS_TRY(paths_from(ctx, args[0], start, path, out, 0));
           }
           return Value::set(std::move(out));
         }});
}

}  // namespace custos::rego
