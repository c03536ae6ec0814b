// A strict, hand-written RFC 8259 parser. It exists because neither Debian's simdjson 3.0 nor
// nlohmann-json 3.11 gives all of: exact big numbers, duplicate-key refusal and a byte offset for
// every error (see docs/architecture.md#json and bench/json_bench.cc for the measured comparison).

#include "json/parse.h"

#include <deque>
#include <string>
#include <unordered_set>
#include <vector>

#include "base/utf8.h"

namespace custos::json {
namespace detail {
struct NumberAccess {
  static Number trusted(std::string_view literal) { return Number(std::string(literal)); }
};
}  // namespace detail

namespace {
using detail::NumberAccess;

// Length of the UTF-8 sequence starting at s[i] if valid, else 0. Rejects overlongs, surrogates
// and code points above U+10FFFF (RFC 3629 §4).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) -> unsigned { return static_cast<unsigned char>(s[k]); };
  unsigned c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = s.size() - i;
  auto cont = [&](std::size_t k) { return (byte(i + k) & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return n >= 2 && cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (n < 3 || !cont(1) || !cont(2)) return 0;
    unsigned c1 = byte(i + 1);
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (n < 4 || !cont(1) || !cont(2) || !cont(3)) return 0;
    unsigned c1 = byte(i + 1);
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 > 0x8F) return 0;  // > U+10FFFF
    return 4;
  }
  return 0;
}

// Length of the number literal at the start of `s` (RFC 8259 §6), or 0 when there is none.
std::size_t scan_number(std::string_view s) {
  std::size_t i = 0;
  auto digit = [&](std::size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  if (i < s.size() && s[i] == '-') ++i;
  if (!digit(i)) return 0;
  if (s[i] == '0') {
    ++i;
  } else {
    while (digit(i)) ++i;
  }
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digit(i)) return 0;
    while (digit(i)) ++i;
  }
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (!digit(i)) return 0;
    while (digit(i)) ++i;
  }
  return i;
}

// Tracks the keys of one object to refuse duplicates; switches to a hash set when large. Holds
// views: the caller keeps the viewed strings alive for the object's lifetime.
class KeySet {
 public:
  bool insert(std::string_view key) {
    if (set_.empty()) {
      for (std::string_view k : small_) {
        if (k == key) return false;
      }
      if (small_.size() < 16) {
        small_.push_back(key);
        return true;
      }
      set_.insert(small_.begin(), small_.end());
    }
    return set_.insert(key).second;
  }

 private:
  std::vector<std::string_view> small_;
  std::unordered_set<std::string_view> set_;
};

class Parser {
 public:
  Parser(std::string_view text, Handler& handler, const ParseOptions& options)
      : s_(text), h_(handler), opt_(options) {}

  Result<void> run() {
    if (s_.size() > opt_.max_bytes) {
      return error(ErrorCode::kJsonTooLarge,
                   "document exceeds " + std::to_string(opt_.max_bytes) + " bytes", 0);
    }
    skip_ws();
    if (pos_ >= s_.size()) return error(ErrorCode::kJsonSyntax, "empty document", pos_);
    CUSTOS_TRY(value(0));
    skip_ws();
    if (pos_ != s_.size()) {
      return error(ErrorCode::kJsonSyntax, "unexpected content after the JSON value", pos_);
    }
    return {};
  }

 private:
  tl::unexpected<Error> error(ErrorCode code, std::string message, std::size_t at) {
    Error e(code, message + " at byte " + std::to_string(at));
    return fail(std::move(e).with_span(span_at(s_, at)));
  }

  // Attaches the current offset to an error raised by the handler.
  Result<void> from_handler(Result<void> r, std::size_t at) {
    if (r) return r;
    Error e = std::move(r).error();
    if (!e.span()) e.with_span(span_at(s_, at));
    return fail(std::move(e));
  }

  void skip_ws() {
    while (pos_ < s_.size()) {
      char c = s_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
  }

  bool consume_literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }

  Result<void> value(std::size_t depth) {
    if (pos_ >= s_.size()) return error(ErrorCode::kJsonSyntax, "unexpected end of input", pos_);
    std::size_t at = pos_;
    switch (s_[pos_]) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': {
        CUSTOS_TRY_ASSIGN(std::string str, string());
        return from_handler(h_.on_string(std::move(str)), at);
      }
      case 't':
        if (consume_literal("true")) return from_handler(h_.on_bool(true), at);
        break;
      case 'f':
        if (consume_literal("false")) return from_handler(h_.on_bool(false), at);
        break;
      case 'n':
        if (consume_literal("null")) return from_handler(h_.on_null(), at);
        break;
      default: {
        std::size_t n = scan_number(s_.substr(pos_));
        if (n > 0) {
          pos_ += n;
          return from_handler(h_.on_number(s_.substr(at, n)), at);
        }
        if (s_[pos_] == '-' || (s_[pos_] >= '0' && s_[pos_] <= '9')) {
          return error(ErrorCode::kJsonSyntax, "invalid number", at);
        }
      }
    }
    return error(ErrorCode::kJsonSyntax, "unexpected character", at);
  }

  Result<void> array(std::size_t depth) {
    if (depth > opt_.max_depth) {
      return error(ErrorCode::kJsonTooDeep, "nesting deeper than " + std::to_string(opt_.max_depth),
                   pos_);
    }
    CUSTOS_TRY(from_handler(h_.on_array_begin(), pos_));
    ++pos_;  // '['
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == ']') {
      ++pos_;
      return from_handler(h_.on_array_end(), pos_ - 1);
    }
    for (;;) {
      skip_ws();
      CUSTOS_TRY(value(depth));
      skip_ws();
      if (pos_ >= s_.size()) return error(ErrorCode::kJsonSyntax, "unterminated array", pos_);
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == ']') {
        ++pos_;
        return from_handler(h_.on_array_end(), pos_ - 1);
      }
      return error(ErrorCode::kJsonSyntax, "expected ',' or ']'", pos_);
    }
  }

  Result<void> object(std::size_t depth) {
    if (depth > opt_.max_depth) {
      return error(ErrorCode::kJsonTooDeep, "nesting deeper than " + std::to_string(opt_.max_depth),
                   pos_);
    }
    CUSTOS_TRY(from_handler(h_.on_object_begin(), pos_));
    ++pos_;  // '{'
    skip_ws();
    if (pos_ < s_.size() && s_[pos_] == '}') {
      ++pos_;
      return from_handler(h_.on_object_end(), pos_ - 1);
    }
    KeySet keys;
    for (;;) {
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != '"') {
        return error(ErrorCode::kJsonSyntax, "expected a string key", pos_);
      }
      std::size_t key_at = pos_;
      CUSTOS_TRY_ASSIGN(std::string key, string());
      if (!opt_.allow_duplicate_keys) {
        // Keys without escapes are viewed in the input; escaped ones are kept in escaped_keys_.
        std::string_view view = s_.substr(key_at + 1, pos_ - key_at - 2);
        if (view.size() != key.size() || view.find('\\') != std::string_view::npos) {
          view = escaped_keys_.emplace_back(key);
        }
        if (!keys.insert(view)) {
          return error(ErrorCode::kJsonDuplicateKey, "duplicate key '" + key + "'", key_at);
        }
      }
      CUSTOS_TRY(from_handler(h_.on_key(std::move(key)), key_at));
      skip_ws();
      if (pos_ >= s_.size() || s_[pos_] != ':') {
        return error(ErrorCode::kJsonSyntax, "expected ':'", pos_);
      }
      ++pos_;
      skip_ws();
      CUSTOS_TRY(value(depth));
      skip_ws();
      if (pos_ >= s_.size()) return error(ErrorCode::kJsonSyntax, "unterminated object", pos_);
      if (s_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (s_[pos_] == '}') {
        ++pos_;
        return from_handler(h_.on_object_end(), pos_ - 1);
      }
      return error(ErrorCode::kJsonSyntax, "expected ',' or '}'", pos_);
    }
  }

  Result<std::uint32_t> hex4(std::size_t at) {
    if (at + 4 > s_.size()) return error(ErrorCode::kJsonSyntax, "truncated \\u escape", at);
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      char c = s_[at + k];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<std::uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<std::uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<std::uint32_t>(c - 'A' + 10);
      else
        return error(ErrorCode::kJsonSyntax, "invalid \\u escape", at + k);
    }
    return v;
  }

  // Parses a string starting at the opening quote; returns it unescaped.
  Result<std::string> string() {
    std::size_t start = ++pos_;
    std::string out;
    // Fast path: copy runs of plain ASCII in bulk.
    for (;;) {
      std::size_t run = pos_;
      while (pos_ < s_.size()) {
        unsigned char c = static_cast<unsigned char>(s_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
        ++pos_;
      }
      out.append(s_.data() + run, pos_ - run);
      if (pos_ >= s_.size()) {
        return error(ErrorCode::kJsonSyntax, "unterminated string", start - 1);
      }
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c < 0x20) {
        return error(ErrorCode::kJsonSyntax, "control character in string", pos_);
      }
      if (c >= 0x80) {
        std::size_t n = utf8_sequence_length(s_, pos_);
        if (n == 0) return error(ErrorCode::kJsonInvalidUtf8, "invalid UTF-8", pos_);
        out.append(s_.data() + pos_, n);
        pos_ += n;
        continue;
      }
      // Escape.
      std::size_t esc = pos_;
      if (pos_ + 1 >= s_.size()) return error(ErrorCode::kJsonSyntax, "truncated escape", esc);
      char e = s_[pos_ + 1];
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
          CUSTOS_TRY_ASSIGN(std::uint32_t cp, hex4(pos_));
          pos_ += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            // A high surrogate must be followed by an escaped low surrogate.
            if (s_.substr(pos_, 2) != "\\u") {
              return error(ErrorCode::kJsonInvalidUtf8, "unpaired surrogate escape", esc);
            }
            CUSTOS_TRY_ASSIGN(std::uint32_t low, hex4(pos_ + 2));
            if (low < 0xDC00 || low > 0xDFFF) {
              return error(ErrorCode::kJsonInvalidUtf8, "unpaired surrogate escape", esc);
            }
            pos_ += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return error(ErrorCode::kJsonInvalidUtf8, "unpaired surrogate escape", esc);
          }
          custos::append_utf8(out, cp);
          break;
        }
        default: return error(ErrorCode::kJsonSyntax, "invalid escape", esc);
      }
    }
  }

  std::string_view s_;
  std::deque<std::string> escaped_keys_;
  Handler& h_;
  const ParseOptions& opt_;
  std::size_t pos_ = 0;
};

// Builds a Value tree from events.
class TreeBuilder final : public Handler {
 public:
  explicit TreeBuilder(bool duplicates_possible) : duplicates_possible_(duplicates_possible) {}

  Result<void> on_null() override { return put(Value(nullptr)); }
  Result<void> on_bool(bool v) override { return put(Value(v)); }
  Result<void> on_number(std::string_view literal) override {
    // The parser has validated the literal already.
    return put(Value(NumberAccess::trusted(literal)));
  }
  Result<void> on_string(std::string v) override { return put(Value(std::move(v))); }
  Result<void> on_array_begin() override {
    stack_.emplace_back(Value(Array{}), std::string());
    return {};
  }
  Result<void> on_object_begin() override {
    stack_.emplace_back(Value(Object{}), std::string());
    return {};
  }
  Result<void> on_key(std::string key) override {
    stack_.back().second = std::move(key);
    return {};
  }
  Result<void> on_array_end() override { return close(); }
  Result<void> on_object_end() override { return close(); }

  Value take() { return std::move(root_); }

 private:
  Result<void> close() {
    Value done = std::move(stack_.back().first);
    stack_.pop_back();
    return put(std::move(done));
  }
  Result<void> put(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return {};
    }
    auto& [parent, key] = stack_.back();
    if (parent.is_array()) {
      parent.as_array().push_back(std::move(v));
    } else {
      // Keys are unique (checked by the parser unless explicitly allowed); with duplicates
      // allowed, the last one wins, as in ECMAScript JSON.parse.
      Value* existing = duplicates_possible_ ? parent.find(key) : nullptr;
      if (existing != nullptr) {
        *existing = std::move(v);
      } else {
        parent.as_object().emplace_back(std::move(key), std::move(v));
      }
    }
    return {};
  }

  bool duplicates_possible_;
  std::vector<std::pair<Value, std::string>> stack_;
  Value root_;
};

}  // namespace

Result<void> parse_events(std::string_view text, Handler& handler, const ParseOptions& options) {
  return Parser(text, handler, options).run();
}

Result<Value> parse(std::string_view text, const ParseOptions& options) {
  TreeBuilder builder(options.allow_duplicate_keys);
  CUSTOS_TRY(parse_events(text, builder, options));
  return builder.take();
}

bool is_number_literal(std::string_view text) {
  return !text.empty() && scan_number(text) == text.size();
}

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    std::size_t n = utf8_sequence_length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace custos::json
