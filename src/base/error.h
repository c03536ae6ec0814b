#pragma once
// Errors as values: a stable code, a human message, an optional source span and nested details.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace custos {

// Stable error codes. The list lives in error_codes.def; see there for the wire names.
enum class ErrorCode : std::uint16_t {
#define CUSTOS_ERROR_CODE(name, wire) name,
#include "base/error_codes.def"
#undef CUSTOS_ERROR_CODE
};

// Returns the stable wire name of `code` (e.g. "rego_parse_error"). Never empty.
std::string_view to_string(ErrorCode code);

// Looks a wire name up; std::nullopt when no code has that name.
std::optional<ErrorCode> error_code_from_string(std::string_view wire);

// A position in a source text. Lines and columns are 1-based; `offset` is a 0-based byte offset.
struct SourceSpan {
  std::string file;  // may be empty (e.g. for an in-memory document)
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

// An error: cheap to move, copyable. Libraries return it inside Result<T>; they never throw.
class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  std::string_view code_name() const { return custos::to_string(code_); }
  const std::string& message() const { return message_; }
  const std::optional<SourceSpan>& span() const { return span_; }
  const std::vector<Error>& details() const { return details_; }

  // Builders; return *this so they chain: Error(...).with_span(s).with_detail(e).
  Error& with_span(SourceSpan span) &;
  Error&& with_span(SourceSpan span) &&;
  Error& with_detail(Error detail) &;
  Error&& with_detail(Error detail) &&;

  // Prefixes the message with context ("loading store: " + message); keeps code and span.
  Error& with_context(std::string_view context) &;
  Error&& with_context(std::string_view context) &&;

  // One line: "file:line:col: code: message" (location omitted when there is no span).
  std::string to_string() const;

  // Compiler-style rendering: the one-line form, then the source line and a caret under the
  // column when `source` (the text the span points into) is given; then details, indented.
  std::string render(std::string_view source = {}) const;

 private:
  ErrorCode code_;
  std::string message_;
  std::optional<SourceSpan> span_;
  std::vector<Error> details_;
};

// Computes line/column (1-based) of a byte `offset` in `text`.
SourceSpan span_at(std::string_view text, std::size_t offset, std::string file = {});

}  // namespace custos
