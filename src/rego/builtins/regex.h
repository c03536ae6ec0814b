#pragma once
// Internal to the regex family (shared with its tests and the fuzz target): compiled-pattern
// cache and Go-compatible "find all" iteration over RE2.

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace custos::rego {

// Compiles `pattern` with RE2 (Go regexp syntax), through a bounded process-wide LRU cache of
// 512 patterns. Error (kEvalBuiltin): Go's wording, "error parsing regexp: <what>: `<arg>`".
// Thread-safe; the returned RE2 is immutable.
Result<std::shared_ptr<const RE2>> compile_regex(std::string_view pattern);

// Go's FindAllStringSubmatchIndex(s, n) (n < 0: all): for each match, [begin, end) byte offsets
// of the whole match and of every group ({-1, -1} for groups that did not participate).
std::vector<std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>> find_all(const RE2& re,
                                                                             std::string_view s,
                                                                             std::int64_t n);

// regex.globs_match: whether two glob-like patterns (literals, `.`, classes, `*`, `+`, `?`)
// can match a common string. Error (kEvalBuiltin) on malformed patterns.
Result<bool> globs_intersect(std::string_view a, std::string_view b);

}  // namespace custos::rego
