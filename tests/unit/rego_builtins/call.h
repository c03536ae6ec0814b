#pragma once
// Test helper: calls a registered builtin directly, as the evaluator would.

#include <string>
#include <vector>

#include "rego/builtins/registry.h"
#include "rego/value.h"

namespace custos::rego::testing {

// Parses JSON text into a Value (test inputs are written as JSON).
inline Value J(std::string_view json) {
  auto v = Value::parse_json(json);
  if (!v) throw std::runtime_error("bad test JSON: " + std::string(json));
  return *v;
}

// Calls builtin `name` with `args`; the context has a fixed clock (2020-01-01T00:00:00Z) and
// its own cache.
inline BuiltinResult call(std::string_view name, std::vector<Value> args,
                          std::int64_t now_ns = 1577836800000000000) {
  const BuiltinDecl* decl = Registry::defaults().find(name);
  if (decl == nullptr) throw std::runtime_error("unknown builtin " + std::string(name));
  static thread_local std::unordered_map<std::string, std::any> cache;
  cache.clear();
  BuiltinContext ctx;
  ctx.name = decl->name;
  ctx.now_unix_nanos = now_ns;
  ctx.cache = &cache;
  return decl->fn(ctx, args);
}

// The result as JSON text, "undefined", or "error: <message>".
inline std::string show(const BuiltinResult& r) {
  if (!r) return "error: " + r.error().message();
  if (!*r) return "undefined";
  return (*r)->to_string();
}

inline std::string run(std::string_view name, std::vector<Value> args) {
  return show(call(name, std::move(args)));
}

}  // namespace custos::rego::testing
