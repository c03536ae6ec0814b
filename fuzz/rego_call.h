#pragma once
// Shared by the Rego builtin fuzz targets: calls a registered builtin with default context and
// returns its value, or std::nullopt when it is undefined or fails (errors are expected input).

#include <optional>
#include <string_view>
#include <vector>

#include "rego/builtins/registry.h"

namespace custos::rego::fuzz {

inline std::optional<Value> call(std::string_view name, std::vector<Value> args) {
  const auto* decl = Registry::defaults().find(name);
  BuiltinContext ctx;
  ctx.name = decl->name;
  auto r = decl->fn(ctx, args);
  if (!r || !*r) return std::nullopt;
  return **r;
}

}  // namespace custos::rego::fuzz
