#pragma once
// JSON serialization: compact, pretty, and RFC 8785 canonical (JCS).

#include <string>
#include <string_view>

#include "base/result.h"
#include "json/parse.h"
#include "json/value.h"

namespace custos::json {

struct SerializeOptions {
  bool pretty = false;  // newline + `indent` spaces per level, "key": value
  int indent = 2;
};

// Serializes `value` keeping member order and number literals exactly as stored.
std::string serialize(const Value& value, const SerializeOptions& options = {});

// RFC 8785 JSON Canonicalization Scheme: members sorted by UTF-16 code units, no whitespace,
// strings with the minimal escapes, numbers as ECMAScript Number.prototype.toString of the
// IEEE-754 double (so 1.0 → "1", 1e21 → "1e+21"; integers beyond 2^53 lose precision, exactly
// as in the reference implementation). Errors: kJsonType for numbers outside the double range.
Result<std::string> canonicalize(const Value& value);
// Parses (strictly) and canonicalizes a JSON text.
Result<std::string> canonicalize(std::string_view json_text, const ParseOptions& options = {});

// Appends `text` as a quoted JSON string literal (RFC 8785 §3.2.2.2 escaping). `text` must be
// valid UTF-8.
void append_quoted(std::string& out, std::string_view text);

// ECMAScript Number::toString for a finite double (RFC 8785 §3.2.2.3).
Result<std::string> format_es_number(double value);

// Orders two UTF-8 strings by their UTF-16 code units (RFC 8785 §3.2.3). Returns <0, 0 or >0.
int compare_utf16(std::string_view a, std::string_view b);

}  // namespace custos::json
