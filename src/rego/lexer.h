#pragma once
// Rego lexer: source text → tokens with locations. Newlines are tokens (they separate body
// expressions); comments are skipped.

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "rego/ast.h"

namespace custos::rego {

enum class Tok : std::uint8_t {
  kEof,
  kNewline,
  kIdent,
  kNumber,
  kString,
  kRawString,
  kTemplate,
  kRawTemplate,
  kLBrace,
  kRBrace,
  kLBrack,
  kRBrack,
  kLParen,
  kRParen,
  kDot,
  kComma,
  kSemi,
  kColon,
  kAssign,
  kUnify,
  kEq,
  kNeq,
  kLt,
  kLte,
  kGt,
  kGte,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kPercent,
  kBar,
  kAmp,
};

struct Token {
  Tok kind = Tok::kEof;
  Loc loc;
  std::string text;  // identifier / number literal / decoded string / template raw body
  bool space_before = false;
};

// Tokenises `source`. Errors: kRegoParse with a span (file = `file`).
Result<std::vector<Token>> lex(std::string_view source, const std::string& file);

std::string_view tok_name(Tok kind);

}  // namespace custos::rego
