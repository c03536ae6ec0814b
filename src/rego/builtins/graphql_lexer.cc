// GraphQL lexer (spec October 2021 §2.1): punctuators, names, numbers, strings and block
// strings; whitespace, line terminators, commas, comments and a leading BOM are ignored.
// Positions are 1-based lines and byte columns, as gqlparser reports them.

#include <string>

#include "rego/builtins/graphql_parser.h"
#include "rego/builtins/util.h"

namespace custos::rego::graphql {

namespace {

bool is_name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool blank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

// The spec's BlockStringValue(): common indentation removed, blank first/last lines dropped.
std::string block_string_value(std::string_view raw) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' || raw[i] == '\r') {
      lines.push_back(raw.substr(start, i - start));
      if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
      start = i + 1;
    }
  }
  lines.push_back(raw.substr(start));
  std::size_t common = std::string_view::npos;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::size_t indent = 0;
    while (indent < lines[i].size() && (lines[i][indent] == ' ' || lines[i][indent] == '\t')) {
      ++indent;
    }
    if (indent < lines[i].size() && indent < common) common = indent;
  }
  if (common != std::string_view::npos) {
    for (std::size_t i = 1; i < lines.size(); ++i) {
      lines[i] = lines[i].size() >= common ? lines[i].substr(common) : std::string_view();
    }
  }
  std::size_t first = 0, last = lines.size();
  while (first < last && blank(lines[first])) ++first;
  while (last > first && blank(lines[last - 1])) --last;
  std::string out;
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) out += '\n';
    out += lines[i];
  }
  return out;
}

}  // namespace

std::string_view token_kind_name(TokenKind kind) {
  switch (kind) {
    case TokenKind::kInvalid: return "<Invalid>";
    case TokenKind::kEof: return "<EOF>";
    case TokenKind::kBang: return "!";
    case TokenKind::kDollar: return "$";
    case TokenKind::kAmp: return "&";
    case TokenKind::kParenL: return "(";
    case TokenKind::kParenR: return ")";
    case TokenKind::kSpread: return "...";
    case TokenKind::kColon: return ":";
    case TokenKind::kEquals: return "=";
    case TokenKind::kAt: return "@";
    case TokenKind::kBracketL: return "[";
    case TokenKind::kBracketR: return "]";
    case TokenKind::kBraceL: return "{";
    case TokenKind::kBraceR: return "}";
    case TokenKind::kPipe: return "|";
    case TokenKind::kName: return "Name";
    case TokenKind::kInt: return "Int";
    case TokenKind::kFloat: return "Float";
    case TokenKind::kString: return "String";
    case TokenKind::kBlockString: return "BlockString";
  }
  return "<Invalid>";
}

std::string describe(const Token& token) {
  std::string out(token_kind_name(token.kind));
  if (!token.value.empty()) {
    out += ' ';
    out += '"';
    for (char c : token.value) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  return out;
}

Token Lexer::make(TokenKind kind, std::size_t start, std::string value) {
  Token t;
  t.kind = kind;
  t.value = std::move(value);
  t.line = line_;
  t.column = static_cast<int>(start - line_start_) + 1;
  return t;
}

Token Lexer::invalid(std::size_t at, std::string why) {
  error = std::move(why);
  Token t;
  t.kind = TokenKind::kInvalid;
  t.line = line_;
  t.column = static_cast<int>(at - line_start_) + 1;
  pos_ = src_.size();
  return t;
}

Token Lexer::next() {
  // Ignored tokens.
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == ' ' || c == '\t' || c == ',') {
      ++pos_;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') ++pos_;
      ++pos_;
      ++line_;
      line_start_ = pos_;
    } else if (c == '#') {
      while (pos_ < src_.size() && src_[pos_] != '\n' && src_[pos_] != '\r') ++pos_;
    } else if (src_.substr(pos_).starts_with("\xEF\xBB\xBF")) {
      pos_ += 3;
    } else {
      break;
    }
  }
  std::size_t start = pos_;
  if (pos_ >= src_.size()) return make(TokenKind::kEof, start);
  char c = src_[pos_];
  auto punct = [&](TokenKind kind, std::size_t len) {
    pos_ += len;
    return make(kind, start);
  };
  switch (c) {
    case '!': return punct(TokenKind::kBang, 1);
    case '$': return punct(TokenKind::kDollar, 1);
    case '&': return punct(TokenKind::kAmp, 1);
    case '(': return punct(TokenKind::kParenL, 1);
    case ')': return punct(TokenKind::kParenR, 1);
    case ':': return punct(TokenKind::kColon, 1);
    case '=': return punct(TokenKind::kEquals, 1);
    case '@': return punct(TokenKind::kAt, 1);
    case '[': return punct(TokenKind::kBracketL, 1);
    case ']': return punct(TokenKind::kBracketR, 1);
    case '{': return punct(TokenKind::kBraceL, 1);
    case '}': return punct(TokenKind::kBraceR, 1);
    case '|': return punct(TokenKind::kPipe, 1);
    case '.':
      if (src_.substr(pos_).starts_with("...")) return punct(TokenKind::kSpread, 3);
      return invalid(start, "Unexpected character \".\"");
    case '"':
      if (src_.substr(pos_).starts_with("\"\"\"")) return read_block_string(start);
      return read_string(start);
    default: break;
  }
  if (is_name_start(c)) {
    while (pos_ < src_.size() && is_name_char(src_[pos_])) ++pos_;
    return make(TokenKind::kName, start, std::string(src_.substr(start, pos_ - start)));
  }
  if (c == '-' || is_digit(c)) return read_number(start);
  return invalid(start, "Unexpected character");
}

Token Lexer::read_number(std::size_t start) {
  bool is_float = false;
  if (src_[pos_] == '-') ++pos_;
  auto digits = [&]() -> bool {
    if (pos_ >= src_.size() || !is_digit(src_[pos_])) return false;
    while (pos_ < src_.size() && is_digit(src_[pos_])) ++pos_;
    return true;
  };
  if (pos_ < src_.size() && src_[pos_] == '0') {
    ++pos_;
    if (pos_ < src_.size() && is_digit(src_[pos_])) return invalid(pos_, "Invalid number");
  } else if (!digits()) {
    return invalid(pos_, "Invalid number, expected digit");
  }
  if (pos_ < src_.size() && src_[pos_] == '.') {
    is_float = true;
    ++pos_;
    if (!digits()) return invalid(pos_, "Invalid number, expected digit");
  }
  if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
    is_float = true;
    ++pos_;
    if (pos_ < src_.size() && (src_[pos_] == '+' || src_[pos_] == '-')) ++pos_;
    if (!digits()) return invalid(pos_, "Invalid number, expected digit");
  }
  if (pos_ < src_.size() && (src_[pos_] == '.' || is_name_start(src_[pos_]))) {
    return invalid(pos_, "Invalid number");
  }
  return make(is_float ? TokenKind::kFloat : TokenKind::kInt, start,
              std::string(src_.substr(start, pos_ - start)));
}

Token Lexer::read_string(std::size_t start) {
  ++pos_;
  std::string out;
  while (pos_ < src_.size()) {
    char c = src_[pos_];
    if (c == '"') {
      ++pos_;
      // gqlparser positions string tokens at their first content byte.
      return make(TokenKind::kString, start + 1, std::move(out));
    }
    if (c == '\n' || c == '\r') break;
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
      return invalid(pos_, "Invalid character within String");
    }
    if (c != '\\') {
      out += c;
      ++pos_;
      continue;
    }
    if (pos_ + 1 >= src_.size()) break;
    char e = src_[pos_ + 1];
    pos_ += 2;
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (pos_ + 4 > src_.size()) return invalid(pos_, "Invalid character escape sequence");
        char32_t cp = 0;
        for (int i = 0; i < 4; ++i) {
          int h = hex_value(src_[pos_ + i]);
          if (h < 0) return invalid(pos_, "Invalid character escape sequence");
          cp = cp * 16 + static_cast<char32_t>(h);
        }
        pos_ += 4;
        util::append_utf8(out, cp);
        break;
      }
      default: return invalid(pos_ - 2, "Invalid character escape sequence");
    }
  }
  return invalid(pos_, "Unterminated string.");
}

Token Lexer::read_block_string(std::size_t start) {
  int start_line = line_;
  std::size_t start_line_start = line_start_;
  pos_ += 3;
  std::string raw;
  while (pos_ < src_.size()) {
    if (src_.substr(pos_).starts_with("\"\"\"")) {
      pos_ += 3;
      Token t;
      t.kind = TokenKind::kBlockString;
      t.value = block_string_value(raw);
      t.line = start_line;
      t.column = static_cast<int>(start + 3 - start_line_start) + 1;
      return t;
    }
    if (src_.substr(pos_).starts_with("\\\"\"\"")) {
      raw += "\"\"\"";
      pos_ += 4;
      continue;
    }
    char c = src_[pos_];
    raw += c;
    ++pos_;
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos_ < src_.size() && src_[pos_] == '\n') {
        raw += '\n';
        ++pos_;
      }
      ++line_;
      line_start_ = pos_;
    }
  }
  return invalid(pos_, "Unterminated string.");
}

}  // namespace custos::rego::graphql
