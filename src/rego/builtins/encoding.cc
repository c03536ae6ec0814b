// Encoding (OPA category "encoding"): base64.*, base64url.*, hex.*, urlquery.*, json.marshal,
// json.marshal_with_options, json.unmarshal, json.is_valid. YAML is in yaml.cc. Decoders give
// Go's error wording ("illegal base64 data at input byte N", "encoding/hex: invalid byte: …",
// `invalid URL escape "%zz"`).

#include <algorithm>
#include <cstring>
#include <functional>
#include <map>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64_encode(std::string_view in, const char* alphabet, bool pad) {
  std::string out;
  std::size_t i = 0;
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(in[k]); };
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (at(i) << 16) | (at(i + 1) << 8) | at(i + 2);
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    out.push_back(alphabet[(v >> 6) & 63]);
    out.push_back(alphabet[v & 63]);
  }
  std::size_t rest = in.size() - i;
  if (rest > 0) {
    unsigned v = at(i) << 16;
    if (rest == 2) v |= at(i + 1) << 8;
    out.push_back(alphabet[(v >> 18) & 63]);
    out.push_back(alphabet[(v >> 12) & 63]);
    if (rest == 2) out.push_back(alphabet[(v >> 6) & 63]);
    if (pad) out.append(rest == 1 ? "==" : "=");
  }
  return out;
}

// Go's encoding/base64 DecodeString (newlines ignored); padded or raw.
Result<std::string> b64_decode(std::string_view s, const char* alphabet, bool padded) {
  auto bad = [](std::size_t at) {
    return fail(ErrorCode::kEvalBuiltin, "illegal base64 data at input byte " + std::to_string(at));
  };
  std::string out;
  unsigned acc = 0;
  int n = 0;
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\r' || c == '\n') continue;
    if (c == '=' && padded) {
      if (n < 2) return bad(i);
      int need = 4 - n;
      std::size_t j = i;
      int got = 0;
      for (; j < s.size() && got < need; ++j) {
        if (s[j] == '\r' || s[j] == '\n') continue;
        if (s[j] != '=') return bad(j);
        ++got;
      }
      if (got < need) return bad(s.size());
      for (; j < s.size(); ++j) {
        if (s[j] != '\r' && s[j] != '\n') return bad(j);
      }
      break;
    }
    const char* p = std::strchr(alphabet, c);
    if (c == '\0' || p == nullptr) return bad(i);
    acc = (acc << 6) | static_cast<unsigned>(p - alphabet);
    if (++n == 4) {
      out.push_back(static_cast<char>((acc >> 16) & 0xFF));
      out.push_back(static_cast<char>((acc >> 8) & 0xFF));
      out.push_back(static_cast<char>(acc & 0xFF));
      acc = 0;
      n = 0;
    }
  }
  if (i == s.size() && n != 0 && (padded || n == 1))
    return bad(s.size() - static_cast<std::size_t>(n));
  if (n == 2) out.push_back(static_cast<char>((acc >> 4) & 0xFF));
  if (n == 3) {
    out.push_back(static_cast<char>((acc >> 10) & 0xFF));
    out.push_back(static_cast<char>((acc >> 2) & 0xFF));
  }
  return out;
}

Result<std::string> hex_decode_go(std::string_view s) {
  auto val = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
    for (std::size_t k = i; k < i + 2; ++k) {
      if (val(s[k]) < 0) {
        char buf[64];
        auto c = static_cast<unsigned char>(s[k]);
        std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'", c, c);
        return fail(ErrorCode::kEvalBuiltin, buf);
      }
    }
    out.push_back(static_cast<char>(val(s[i]) * 16 + val(s[i + 1])));
  }
  if (s.size() % 2 == 1) {
    if (val(s.back()) < 0) {
      char buf[64];
      auto c = static_cast<unsigned char>(s.back());
      std::snprintf(buf, sizeof buf, "encoding/hex: invalid byte: U+%04X '%c'", c, c);
      return fail(ErrorCode::kEvalBuiltin, buf);
    }
    return fail(ErrorCode::kEvalBuiltin, "encoding/hex: odd length hex string");
  }
  return out;
}

// Go's url.QueryEscape.
std::string query_escape(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// Go's url.QueryUnescape.
Result<std::string> query_unescape(std::string_view s) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%') {
      if (i + 2 >= s.size() + 0 || hexval(s[i + 1]) < 0 || hexval(s[i + 2]) < 0) {
        std::string_view bad = s.substr(i, 3);
        return fail(ErrorCode::kEvalBuiltin, "invalid URL escape \"" + std::string(bad) + "\"");
      }
      out.push_back(static_cast<char>(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
      i += 2;
    } else if (s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

BuiltinResult wrap(BuiltinContext& ctx, Result<std::string> r) {
  if (!r) return util::builtin_err(ctx, r.error().message());
  return Value(std::move(*r));
}

void add_s_s(Registry& r, const char* name, const char* desc,
             std::function<Result<std::string>(std::string_view)> fn) {
  r.add({.name = name,
         .args = {Type::string()},
         .result = Type::string(),
         .description = desc,
         .category = "encoding",
         .fn = [fn](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           return wrap(ctx, fn(s));
         }});
}

void add_s_b(Registry& r, const char* name, const char* desc,
             std::function<bool(std::string_view)> fn) {
  r.add({.name = name,
         .args = {Type::string()},
         .result = Type::boolean(),
         .description = desc,
         .category = "encoding",
         .fn = [fn](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           return Value(fn(s));
         }});
}

Result<std::string> base64url_decode_opa(std::string_view in) {
  std::string s(in);
  if (!s.ends_with("=")) {
    switch (s.size() % 4) {
      case 0: break;
      case 2: s += "=="; break;
      case 3: s += "="; break;
      default: return fail(ErrorCode::kEvalBuiltin, "illegal base64url string: " + s);
    }
  }
  return b64_decode(s, kUrl, true);
}

void append_pretty(std::string& out, const Value& v, const std::string& prefix,
                   const std::string& indent, int depth) {
  auto newline = [&](int d) {
    out.push_back('\n');
    out += prefix;
    for (int k = 0; k < d; ++k) out += indent;
  };
  if (v.is_array() || v.is_set()) {
    auto items = util::elements(v);
    if (items.empty()) {
      out += "[]";
      return;
    }
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i > 0) out.push_back(',');
      newline(depth + 1);
      append_pretty(out, items[i], prefix, indent, depth + 1);
    }
    newline(depth);
    out.push_back(']');
    return;
  }
  if (v.is_object()) {
    auto entries = v.as_object();
    if (entries.empty()) {
      out += "{}";
      return;
    }
    out.push_back('{');
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i > 0) out.push_back(',');
      newline(depth + 1);
      const Value& k = entries[i].first;
      Value key = k.is_string() ? k : Value(k.to_json());
      key.append_json(out);
      out += ": ";
      append_pretty(out, entries[i].second, prefix, indent, depth + 1);
    }
    newline(depth);
    out.push_back('}');
    return;
  }
  v.append_json(out);
}

}  // namespace

void register_yaml(Registry& r);

void register_encoding(Registry& r) {
  add_s_s(r, "base64.encode", "Serializes the input string into base64 encoding.",
          [](std::string_view s) -> Result<std::string> { return b64_encode(s, kStd, true); });
  add_s_s(r, "base64.decode", "Deserializes the base64 encoded input string.",
          [](std::string_view s) { return b64_decode(s, kStd, true); });
  add_s_b(r, "base64.is_valid", "Verifies the input string is base64 encoded.",
          [](std::string_view s) { return b64_decode(s, kStd, true).has_value(); });
  add_s_s(r, "base64url.encode", "Serializes the input string into base64url encoding.",
          [](std::string_view s) -> Result<std::string> { return b64_encode(s, kUrl, true); });
  add_s_s(r, "base64url.encode_no_pad",
          "Serializes the input string into base64url encoding without padding.",
          [](std::string_view s) -> Result<std::string> { return b64_encode(s, kUrl, false); });
  add_s_s(r, "base64url.decode", "Deserializes the base64url encoded input string.",
          base64url_decode_opa);
  add_s_s(r, "hex.encode", "Serializes the input string using hex-encoding.",
          [](std::string_view s) -> Result<std::string> {
            static constexpr char kHex[] = "0123456789abcdef";
            std::string out;
            for (char c : s) {
              out.push_back(kHex[static_cast<unsigned char>(c) >> 4]);
              out.push_back(kHex[static_cast<unsigned char>(c) & 15]);
            }
            return out;
          });
  add_s_s(r, "hex.decode", "Deserializes the hex-encoded input string.", hex_decode_go);
  add_s_s(r, "urlquery.encode", "Encodes the input string into a URL-encoded string.",
          [](std::string_view s) -> Result<std::string> { return query_escape(s); });
  add_s_s(r, "urlquery.decode", "Decodes a URL-encoded input string.", query_unescape);
  r.add({.name = "urlquery.encode_object",
         .args = {Type::object_of(Type::string(),
                                  Type::any_of({Type::string(), Type::array_of(Type::string()),
                                                Type::set_of(Type::string())}))},
         .result = Type::string(),
         .description = "Encodes the given object into a URL encoded query string.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           std::string out;
           for (const auto& [k, v] : args[0].as_object()) {
             if (!k.is_string()) return err(operand_type_error(ctx, 1, "object[string]", k));
             std::vector<std::string_view> values;
             if (v.is_string()) {
               values.push_back(v.as_string());
             } else if (v.is_array() || v.is_set()) {
               for (const auto& e : util::elements(v)) {
                 if (!e.is_string()) return err(util::element_error(ctx, 1, v, "string", e));
                 values.push_back(e.as_string());
               }
             } else {
               return err(util::type_error(ctx, 1, {"string", "array", "set"}, v));
             }
             for (auto val : values) {
               if (!out.empty()) out.push_back('&');
               out += query_escape(k.as_string()) + "=" + query_escape(val);
             }
           }
           return Value(std::move(out));
         }});
  r.add({.name = "urlquery.decode_object",
         .args = {Type::string()},
         .result = Type::object_of(Type::string(), Type::array_of(Type::string())),
         .description = "Decodes the given URL query string into an object.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           std::map<std::string, std::vector<Value>> values;
           std::size_t start = 0;
           while (start <= s.size()) {
             std::size_t amp = s.find('&', start);
             std::string_view part = s.substr(start, amp == s.npos ? s.npos : amp - start);
             start = amp == s.npos ? s.size() + 1 : amp + 1;
             if (part.empty()) continue;
             if (part.find(';') != part.npos) {
               return util::builtin_err(ctx, "invalid semicolon separator in query");
             }
             std::size_t eq = part.find('=');
             auto key = query_unescape(part.substr(0, eq));
             auto val = query_unescape(eq == part.npos ? "" : part.substr(eq + 1));
             if (!key) return util::builtin_err(ctx, key.error().message());
             if (!val) return util::builtin_err(ctx, val.error().message());
             values[*key].emplace_back(*val);
           }
           std::vector<ObjectEntry> out;
           for (auto& [k, v] : values) out.emplace_back(Value(k), Value::array(std::move(v)));
           return Value::object_sorted(std::move(out));
         }});
  r.add({.name = "json.marshal",
         .args = {Type::any()},
         .result = Type::string(),
         .description = "Serializes the input term to JSON.",
         .category = "encoding",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           return Value(args[0].to_json());
         }});
  r.add({.name = "json.marshal_with_options",
         .args = {Type::any(), Type::object_of(Type::string(), Type::any())},
         .result = Type::string(),
         .description = "Serializes the input term JSON, with additional formatting options via "
                        "the `opts` parameter.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kObject));
           bool pretty = false, pretty_set = false;
           std::string prefix, indent = "\t";
           bool indent_set = false, prefix_set = false;
           for (const auto& [k, v] : args[1].as_object()) {
             std::string key = k.is_string() ? k.as_string() : k.to_string();
             if (key == "pretty") {
               if (!v.is_bool()) {
                 return util::builtin_err(ctx, "pretty option must be a boolean");
               }
               pretty = v.as_bool();
               pretty_set = true;
             } else if (key == "indent" || key == "prefix") {
               if (!v.is_string()) {
                 return util::builtin_err(ctx, key + " option must be a string");
               }
               (key == "indent" ? indent : prefix) = v.as_string();
               (key == "indent" ? indent_set : prefix_set) = true;
             } else {
               return util::builtin_err(ctx, "object contained unknown key " + k.to_string());
             }
           }
           if (!pretty_set && (indent_set || prefix_set)) pretty = true;
           if (!pretty) return Value(args[0].to_json());
           std::string out = prefix;
           append_pretty(out, args[0], prefix, indent, 0);
           return Value(std::move(out));
         }});
  r.add({.name = "json.unmarshal",
         .args = {Type::string()},
         .result = Type::any(),
         .description = "Deserializes the input string.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto v = Value::parse_json(s);
           if (!v) return util::builtin_err(ctx, v.error().message());
           return *v;
         }});
  r.add({.name = "json.is_valid",
         .args = {Type::string()},
         .result = Type::boolean(),
         .description = "Verifies the input string is a valid JSON document.",
         .category = "encoding",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           if (!args[0].is_string()) return Value(false);
           return Value(Value::parse_json(args[0].as_string()).has_value());
         }});
  register_yaml(r);
}

}  // namespace custos::rego
