// Rego lexer (OPA ast/internal/scanner semantics: identifiers, numbers, "strings" with JSON
// escapes, `raw strings`, $"template {strings}", comments, operators).

#include "rego/lexer.h"

#include "json/json.h"

namespace custos::rego {

std::string_view tok_name(Tok kind) {
  switch (kind) {
    case Tok::kEof: return "eof";
    case Tok::kNewline: return "newline";
    case Tok::kIdent: return "ident";
    case Tok::kNumber: return "number";
    case Tok::kString: return "string";
    case Tok::kRawString: return "string";
    case Tok::kTemplate:
    case Tok::kRawTemplate: return "template string";
    case Tok::kLBrace: return "{";
    case Tok::kRBrace: return "}";
    case Tok::kLBrack: return "[";
    case Tok::kRBrack: return "]";
    case Tok::kLParen: return "(";
    case Tok::kRParen: return ")";
    case Tok::kDot: return ".";
    case Tok::kComma: return ",";
    case Tok::kSemi: return ";";
    case Tok::kColon: return ":";
    case Tok::kAssign: return ":=";
    case Tok::kUnify: return "=";
    case Tok::kEq: return "==";
    case Tok::kNeq: return "!=";
    case Tok::kLt: return "<";
    case Tok::kLte: return "<=";
    case Tok::kGt: return ">";
    case Tok::kGte: return ">=";
    case Tok::kPlus: return "+";
    case Tok::kMinus: return "-";
    case Tok::kStar: return "*";
    case Tok::kSlash: return "/";
    case Tok::kPercent: return "%";
    case Tok::kBar: return "|";
    case Tok::kAmp: return "&";
  }
  return "?";
}

namespace {

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  Lexer(std::string_view src, const std::string& file) : src_(src), file_(file) {}

  Result<std::vector<Token>> run() {
    std::vector<Token> out;
    bool space = false;
    while (true) {
      // Skip spaces and comments.
      while (pos_ < src_.size()) {
        char c = src_[pos_];
        if (c == ' ' || c == '\t' || c == '\r') {
          advance();
          space = true;
        } else if (c == '#') {
          while (pos_ < src_.size() && src_[pos_] != '\n') advance();
        } else {
          break;
        }
      }
      Token t;
      t.loc = here();
      t.space_before = space;
      space = false;
      if (pos_ >= src_.size()) {
        t.kind = Tok::kEof;
        out.push_back(std::move(t));
        return out;
      }
      char c = src_[pos_];
      if (c == '\n') {
        advance();
        t.kind = Tok::kNewline;
        out.push_back(std::move(t));
        space = true;
        continue;
      }
      if (is_ident_start(c)) {
        std::size_t start = pos_;
        while (pos_ < src_.size() && (is_ident_start(src_[pos_]) || is_digit(src_[pos_]))) {
          advance();
        }
        t.kind = Tok::kIdent;
        t.text = std::string(src_.substr(start, pos_ - start));
        out.push_back(std::move(t));
        continue;
      }
      if (is_digit(c) || (c == '.' && pos_ + 1 < src_.size() && is_digit(src_[pos_ + 1]))) {
        CUSTOS_TRY(number(t));
        out.push_back(std::move(t));
        continue;
      }
      if (c == '"') {
        CUSTOS_TRY(string(t));
        out.push_back(std::move(t));
        continue;
      }
      if (c == '`') {
        CUSTOS_TRY(raw(t));
        out.push_back(std::move(t));
        continue;
      }
      if (c == '$' && pos_ + 1 < src_.size() && (src_[pos_ + 1] == '"' || src_[pos_ + 1] == '`')) {
        CUSTOS_TRY(templ(t));
        out.push_back(std::move(t));
        continue;
      }
      auto two = [&](char next) { return pos_ + 1 < src_.size() && src_[pos_ + 1] == next; };
      Tok k;
      int len = 1;
      switch (c) {
        case '{': k = Tok::kLBrace; break;
        case '}': k = Tok::kRBrace; break;
        case '[': k = Tok::kLBrack; break;
        case ']': k = Tok::kRBrack; break;
        case '(': k = Tok::kLParen; break;
        case ')': k = Tok::kRParen; break;
        case '.': k = Tok::kDot; break;
        case ',': k = Tok::kComma; break;
        case ';': k = Tok::kSemi; break;
        case ':':
          k = two('=') ? Tok::kAssign : Tok::kColon;
          len = two('=') ? 2 : 1;
          break;
        case '=':
          k = two('=') ? Tok::kEq : Tok::kUnify;
          len = two('=') ? 2 : 1;
          break;
        case '!':
          if (!two('=')) return error("illegal ! character");
          k = Tok::kNeq;
          len = 2;
          break;
        case '<':
          k = two('=') ? Tok::kLte : Tok::kLt;
          len = two('=') ? 2 : 1;
          break;
        case '>':
          k = two('=') ? Tok::kGte : Tok::kGt;
          len = two('=') ? 2 : 1;
          break;
        case '+': k = Tok::kPlus; break;
        case '-': k = Tok::kMinus; break;
        case '*': k = Tok::kStar; break;
        case '/': k = Tok::kSlash; break;
        case '%': k = Tok::kPercent; break;
        case '|': k = Tok::kBar; break;
        case '&': k = Tok::kAmp; break;
        default: return error(std::string("illegal token '") + c + "'");
      }
      for (int i = 0; i < len; ++i) advance();
      t.kind = k;
      out.push_back(std::move(t));
    }
  }

 private:
  Loc here() const { return Loc{static_cast<std::uint32_t>(pos_), line_, col_}; }
  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }
  tl::unexpected<Error> error(std::string msg) const {
    SourceSpan span{file_, line_, col_, static_cast<std::uint32_t>(pos_), 1};
    return tl::unexpected(Error(ErrorCode::kRegoParse, std::move(msg)).with_span(span));
  }

  Result<void> number(Token& t) {
    std::size_t start = pos_;
    while (pos_ < src_.size() && is_digit(src_[pos_])) advance();
    if (pos_ < src_.size() && src_[pos_] == '.') {
      advance();
      while (pos_ < src_.size() && is_digit(src_[pos_])) advance();
    }
    if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
      advance();
      if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) advance();
      if (pos_ >= src_.size() || !is_digit(src_[pos_])) return error("invalid number");
      while (pos_ < src_.size() && is_digit(src_[pos_])) advance();
    }
    if (pos_ < src_.size() && (is_ident_start(src_[pos_]) || src_[pos_] == '.')) {
      return error("invalid number");
    }
    t.kind = Tok::kNumber;
    t.text = std::string(src_.substr(start, pos_ - start));
    if (t.text[0] == '.') t.text = "0" + t.text;
    if (t.text.size() > 1 && t.text[0] == '0' && is_digit(t.text[1])) {
      return error("invalid number: leading zero");
    }
    return {};
  }

  Result<void> string(Token& t) {
    std::size_t start = pos_;
    advance();
    while (true) {
      if (pos_ >= src_.size() || src_[pos_] == '\n') return error("non-terminated string");
      char c = src_[pos_];
      if (c == '\\') {
        advance();
        if (pos_ >= src_.size()) return error("non-terminated string");
        advance();
        continue;
      }
      advance();
      if (c == '"') break;
    }
    auto literal = src_.substr(start, pos_ - start);
    auto parsed = json::parse(literal);
    if (!parsed || !parsed->is_string())
      return error("illegal string literal: " + std::string(literal));
    t.kind = Tok::kString;
    t.text = parsed->as_string();
    return {};
  }

  Result<void> raw(Token& t) {
    advance();
    std::size_t start = pos_;
    while (pos_ < src_.size() && src_[pos_] != '`') advance();
    if (pos_ >= src_.size()) return error("non-terminated raw string");
    t.kind = Tok::kRawString;
    t.text = std::string(src_.substr(start, pos_ - start));
    advance();
    return {};
  }

  // $"…{expr}…" or $`…{expr}…`: the raw body is kept; the parser splits it.
  Result<void> templ(Token& t) {
    advance();  // $
    char quote = src_[pos_];
    advance();
    std::size_t start = pos_;
    int depth = 0;
    while (true) {
      if (pos_ >= src_.size()) return error("non-terminated template string");
      char c = src_[pos_];
      if (quote == '"' && c == '\n' && depth == 0) return error("non-terminated template string");
      if (c == '\\' && quote == '"') {
        advance();
        if (pos_ < src_.size()) advance();
        continue;
      }
      if (c == '\\' && depth == 0 && pos_ + 1 < src_.size() && src_[pos_ + 1] == '{') {
        advance();  // $`…\{…`: a literal brace
        advance();
        continue;
      }
      if (c == '{') ++depth;
      if (c == '}' && depth > 0) --depth;
      if (c == '"' && depth > 0) {  // string inside an expression
        advance();
        while (pos_ < src_.size() && src_[pos_] != '"') {
          if (src_[pos_] == '\\') advance();
          if (pos_ < src_.size()) advance();
        }
        if (pos_ < src_.size()) advance();
        continue;
      }
      if (c == quote && depth == 0) break;
      advance();
    }
    t.kind = quote == '"' ? Tok::kTemplate : Tok::kRawTemplate;
    t.text = std::string(src_.substr(start, pos_ - start));
    advance();
    return {};
  }

  std::string_view src_;
  const std::string& file_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t col_ = 1;
};

}  // namespace

Result<std::vector<Token>> lex(std::string_view source, const std::string& file) {
  return Lexer(source, file).run();
}

}  // namespace custos::rego
