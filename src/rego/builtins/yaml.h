#pragma once
// Internal to the encoding family (shared with tests and the yaml fuzz target): YAML ↔ Value.

#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/value.h"

namespace custos::rego {

// Parses one YAML document into a JSON-compatible Value (go-yaml v2 scalar resolution, map keys
// as strings). Never throws. Error: kEvalBuiltin "yaml: …" (syntax, too large/deep, inf/NaN).
Result<Value> yaml_to_value(std::string_view text);

// Serializes a Value as block-style YAML (strings that would read back as another type are
// quoted; sets as sequences). Never throws.
Result<std::string> value_to_yaml(const Value& v);

}  // namespace custos::rego
