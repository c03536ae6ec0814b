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

// Memory bounds of compiled patterns. RE2's max_mem caps one RE2's footprint (its two programs
// and their lazily built DFA caches). Patterns compile with kRegexSmallMaxMem; one whose program
// has more than kRegexLargeProgram instructions (or does not fit) is compiled again with
// kRegexLargeMaxMem, so its DFA still has room for states, and a pattern too large for that is
// refused. The process-wide cache charges each entry its max_mem
// and evicts least recently used entries to stay within kRegexCacheBudget, so at most 256
// patterns (16 large ones) are cached and their worst-case footprint is bounded by the budget.
inline constexpr std::int64_t kRegexSmallMaxMem = std::int64_t{512} << 10;
inline constexpr int kRegexLargeProgram = 1000;
inline constexpr std::int64_t kRegexLargeMaxMem = std::int64_t{8} << 20;
inline constexpr std::int64_t kRegexCacheBudget = std::int64_t{128} << 20;

// Compiles `pattern` with RE2 (Go regexp syntax), through the bounded process-wide LRU cache.
// Error (kEvalBuiltin): Go's wording, "error parsing regexp: <what>: `<arg>`". Thread-safe; the
// returned RE2 is immutable and stays valid after its entry is evicted.
Result<std::shared_ptr<const RE2>> compile_regex(std::string_view pattern);

// What the pattern cache holds now: entries and the sum of their max_mem charges.
struct RegexCacheStats {
  std::size_t entries = 0;
  std::int64_t charged_bytes = 0;
};
RegexCacheStats regex_cache_stats();

// Upper bound on RE2::ProgramSize() × input bytes for one builtin call. RE2 matches in time linear
// in the input with its DFA, but falls back to its NFA (time ∝ program size × input) when a large
// program exhausts the DFA's memory; this bound keeps that worst case to about a second (measured:
// ≈8 ns per instruction-byte), so an evaluation's timeout stays meaningful.
inline constexpr std::uint64_t kMaxRegexMatchCost = std::uint64_t{1} << 27;

// Ok when matching `re` against `text_bytes` bytes stays within kMaxRegexMatchCost. Error
// (kEvalBuiltin): "regular expression too complex for an input of N bytes (…)".
Result<void> check_match_cost(const RE2& re, std::size_t text_bytes);

// Go's FindAllStringSubmatchIndex(s, n) (n < 0: all): for each match, [begin, end) byte offsets
// of the whole match and of every group ({-1, -1} for groups that did not participate).
std::vector<std::vector<std::pair<std::ptrdiff_t, std::ptrdiff_t>>> find_all(const RE2& re,
                                                                             std::string_view s,
                                                                             std::int64_t n);

// regex.globs_match: whether two glob-like patterns (literals, `.`, classes, `*`, `+`, `?`)
// can match a common string. Error (kEvalBuiltin) on malformed patterns.
Result<bool> globs_intersect(std::string_view a, std::string_view b);

}  // namespace custos::rego
