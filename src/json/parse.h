#pragma once
// Strict JSON parsing (RFC 8259) for untrusted input.

#include <cstddef>
#include <string_view>

#include "base/result.h"
#include "json/value.h"

namespace custos::json {

struct ParseOptions {
  std::size_t max_depth = 256;               // nesting of arrays/objects; deeper → kJsonTooDeep
  std::size_t max_bytes = 64 * 1024 * 1024;  // input size limit → kJsonTooLarge
  bool allow_duplicate_keys = false;         // duplicates → kJsonDuplicateKey
};

// Receives parse events, in document order. Used to build other value representations (the Rego
// engine builds its own terms) without an intermediate tree. Returning an error stops the parse;
// that error is returned by parse_events with the byte offset attached as its span.
class Handler {
 public:
  virtual ~Handler() = default;
  virtual Result<void> on_null() = 0;
  virtual Result<void> on_bool(bool value) = 0;
  // `literal` is the validated number text exactly as written.
  virtual Result<void> on_number(std::string_view literal) = 0;
  // `value` is the unescaped, UTF-8-validated string.
  virtual Result<void> on_string(std::string value) = 0;
  virtual Result<void> on_array_begin() = 0;
  virtual Result<void> on_array_end() = 0;
  virtual Result<void> on_object_begin() = 0;
  // Keys arrive unescaped; duplicates are already refused unless allowed by the options.
  virtual Result<void> on_key(std::string key) = 0;
  virtual Result<void> on_object_end() = 0;
};

// Parses exactly one JSON text (surrounding whitespace allowed, nothing else). Errors carry a
// stable code (kJsonSyntax, kJsonInvalidUtf8, kJsonDuplicateKey, kJsonTooDeep, kJsonTooLarge)
// and a span whose `offset` is the byte offset of the problem. Thread-safe (no shared state).
Result<Value> parse(std::string_view text, const ParseOptions& options = {});
Result<void> parse_events(std::string_view text, Handler& handler,
                          const ParseOptions& options = {});

// True when `text` is exactly one RFC 8259 number literal.
bool is_number_literal(std::string_view text);

// True when `text` is well-formed UTF-8 (no overlongs, no surrogates, ≤ U+10FFFF).
bool is_valid_utf8(std::string_view text);

}  // namespace custos::json
