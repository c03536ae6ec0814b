// walk (OPA category "graph"): a relation producing [path, value] for every node of a document,
// pre-order, the document itself first with path []. Declared `relation`: the function returns
// the array of alternatives and the evaluator iterates.

#include "rego/builtins/registry.h"

namespace custos::rego {

namespace {

void walk(const Value& v, std::vector<Value>& path, std::vector<Value>& out) {
  out.push_back(Value::array({Value::array(path), v}));
  switch (v.kind()) {
    case Value::Kind::kArray: {
      std::int64_t i = 0;
      for (const auto& e : v.as_array()) {
        path.emplace_back(i++);
        walk(e, path, out);
        path.pop_back();
      }
      break;
    }
    case Value::Kind::kObject:
      for (const auto& [k, e] : v.as_object()) {
        path.push_back(k);
        walk(e, path, out);
        path.pop_back();
      }
      break;
    case Value::Kind::kSet:
      for (const auto& e : v.as_set()) {
        path.push_back(e);
        walk(e, path, out);
        path.pop_back();
      }
      break;
    default: break;
  }
}

}  // namespace

void register_walk(Registry& r) {
  r.add({.name = "walk",
         .args = {Type::any()},
         .result = Type::array_of(Type::any()),
         .description = "Generates `[path, value]` tuples for all nested documents of `x` "
                        "(recursively).",
         .category = "graph",
         .relation = true,
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           std::vector<Value> path, out;
           walk(args[0], path, out);
           return Value::array(std::move(out));
         }});
}

}  // namespace custos::rego
