#pragma once
// GraphQL documents (spec October 2021, §2 executable and §3 type-system definitions) parsed
// into Rego values shaped like OPA's graphql ASTs: gqlparser v2's Go structures as JSON with
// their field names (Operations, Fragments, SelectionSet, Definitions, Kind, Name, ...), with
// OPA's pruning applied (no Position, no nulls, no empty arrays/objects). Internal to the
// graphql builtin family (src/rego/builtins/graphql*.cc); not part of the public API.

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/value.h"

namespace custos::rego::graphql {

// Limits for untrusted input: bytes of a document and nesting depth of selections, values and
// types. Exceeding them is a parse error.
inline constexpr std::size_t kMaxDocumentBytes = 1 << 20;
inline constexpr int kMaxDepth = 128;

// Whether values carry "ExpectedTypeHasDefault": false. OPA 1.x's gqlparser has this field
// (its Go tests and OPA's basic-ast / parse-schema conformance cases expect it); OPA's older
// parse-query conformance cases predate it. Both cannot hold; custos follows current OPA.
inline constexpr bool kEmitExpectedTypeHasDefault = true;

// gqlparser's ast.Value kinds (JSON "Kind" numbers of values).
enum ValueKind : int {
  kVariable = 0,
  kIntValue = 1,
  kFloatValue = 2,
  kStringValue = 3,
  kBlockValue = 4,
  kBooleanValue = 5,
  kNullValue = 6,
  kEnumValue = 7,
  kListValue = 8,
  kObjectValue = 9,
};

// A parse error: gqlparser's message and the 1-based line and byte column of the token.
struct ParseError {
  std::string message;
  int line = 1;
  int column = 1;
};

// Parses an executable document (ast.QueryDocument: {"Operations": [...], "Fragments": [...]}).
// An empty document is valid (an empty object). Errors: gqlparser's messages.
tl::expected<Value, ParseError> parse_query(std::string_view source);

// Parses a type-system document (ast.SchemaDocument: "Schema", "SchemaExtension",
// "Directives", "Definitions", "Extensions"). Errors: gqlparser's messages.
tl::expected<Value, ParseError> parse_schema(std::string_view source);

// ---- lexer (graphql_lexer.cc) ----------------------------------------------------------------

enum class TokenKind {
  kInvalid,
  kEof,
  kBang,
  kDollar,
  kAmp,
  kParenL,
  kParenR,
  kSpread,
  kColon,
  kEquals,
  kAt,
  kBracketL,
  kBracketR,
  kBraceL,
  kBraceR,
  kPipe,
  kName,
  kInt,
  kFloat,
  kString,
  kBlockString,
};

struct Token {
  TokenKind kind = TokenKind::kInvalid;
  std::string value;  // names, numbers, decoded strings
  int line = 1;
  int column = 1;
};

// gqlparser's token names: "<EOF>", "{", "Name", "String", ...
std::string_view token_kind_name(TokenKind kind);
// gqlparser's token rendering for messages: `Name "foo"`, `}`, `<EOF>`.
std::string describe(const Token& token);

// Splits a GraphQL source into tokens, skipping whitespace, commas, comments and a BOM.
class Lexer {
 public:
  explicit Lexer(std::string_view source) : src_(source) {}
  // The next token; an Invalid token (with `error` set to the reason) on malformed input.
  Token next();
  std::string error;

 private:
  Token make(TokenKind kind, std::size_t start, std::string value = {});
  Token read_number(std::size_t start);
  Token read_string(std::size_t start);
  Token read_block_string(std::size_t start);
  Token invalid(std::size_t at, std::string why);

  std::string_view src_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  int line_ = 1;
};

}  // namespace custos::rego::graphql
