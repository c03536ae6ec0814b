// YAML (OPA category "encoding"): yaml.marshal, yaml.unmarshal, yaml.is_valid with yaml-cpp.
// Plain scalars resolve as go-yaml v2 (which OPA uses through sigs.k8s.io/yaml) does: YAML 1.1
// null/bool words, decimal/hex/octal/binary integers, floats; quoted scalars are strings; map
// keys become strings. Exceptions from yaml-cpp stop here. Alias expansion is bounded (node
// budget) so "billion laughs" documents fail instead of exhausting memory.

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <sstream>

#include "json/json.h"
#include "rego/builtins/util.h"
#include "rego/builtins/yaml.h"

namespace custos::rego {

namespace {

constexpr std::size_t kMaxNodes = 100'000;
constexpr int kMaxDepth = 256;
// Non-string mapping keys become their JSON text, escaped again at every nesting level, so
// their size can double per level: all such key texts of one document share this budget.
constexpr std::size_t kMaxComplexKeyBytes = 1 << 20;

bool is_null_word(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> bool_word(const std::string& s) {
  static constexpr const char* kTrue[] = {"y",    "Y",    "yes", "Yes", "YES", "true",
                                          "True", "TRUE", "on",  "On",  "ON"};
  static constexpr const char* kFalse[] = {"n",     "N",     "no",  "No",  "NO", "false",
                                           "False", "FALSE", "off", "Off", "OFF"};
  for (const char* w : kTrue) {
    if (s == w) return true;
  }
  for (const char* w : kFalse) {
    if (s == w) return false;
  }
  return std::nullopt;
}

// Integer or float per the YAML 1.1 resolver; std::nullopt when `s` is not numeric.
std::optional<Number> number_word(const std::string& raw) {
  std::string s;
  for (char c : raw) {
    if (c != '_') s.push_back(c);
  }
  if (s.empty()) return std::nullopt;
  std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  bool neg = s[0] == '-';
  std::string body = s.substr(i);
  if (body.empty()) return std::nullopt;
  auto from_base = [&](std::string_view digits, int base) -> std::optional<Number> {
    if (digits.empty()) return std::nullopt;
    Number acc(0);
    for (char c : digits) {
      int d = (c >= '0' && c <= '9')   ? c - '0'
              : (c >= 'a' && c <= 'f') ? c - 'a' + 10
              : (c >= 'A' && c <= 'F') ? c - 'A' + 10
                                       : 99;
      if (d >= base) return std::nullopt;
      acc = acc.mul(Number(base)).add(Number(d));
    }
    return neg ? acc.neg() : acc;
  };
  if (body.starts_with("0x")) return from_base(std::string_view(body).substr(2), 16);
  if (body.starts_with("0b")) return from_base(std::string_view(body).substr(2), 2);
  if (body.starts_with("0o")) return from_base(std::string_view(body).substr(2), 8);
  bool digits = std::all_of(body.begin(), body.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits) {
    if (body.size() > 1 && body[0] == '0') return from_base(std::string_view(body).substr(1), 8);
    auto n = Number::parse(neg ? "-" + body : body);
    return n ? std::optional<Number>(*n) : std::nullopt;
  }
  // Float: [0-9]*(\.[0-9]*)?([eE][-+]?[0-9]+)?, with at least one digit.
  std::size_t k = 0, nd = 0;
  while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k, ++nd;
  if (k < body.size() && body[k] == '.') {
    ++k;
    while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k, ++nd;
  }
  if (nd == 0) return std::nullopt;
  if (k < body.size() && (body[k] == 'e' || body[k] == 'E')) {
    ++k;
    if (k < body.size() && (body[k] == '+' || body[k] == '-')) ++k;
    std::size_t ne = 0;
    while (k < body.size() && std::isdigit(static_cast<unsigned char>(body[k]))) ++k, ++ne;
    if (ne == 0) return std::nullopt;
  }
  if (k != body.size()) return std::nullopt;
  double d = std::strtod(s.c_str(), nullptr);
  return Number::from_double(d);
}

bool special_float(const std::string& s) {
  static constexpr const char* kWords[] = {".inf",  ".Inf",  ".INF",  "+.inf", "+.Inf", "+.INF",
                                           "-.inf", "-.Inf", "-.INF", ".nan",  ".NaN",  ".NAN"};
  for (const char* w : kWords) {
    if (s == w) return true;
  }
  return false;
}

struct Converter {
  std::size_t nodes = 0;
  std::size_t complex_key_bytes = 0;

  Result<Value> scalar(const YAML::Node& n) {
    const std::string& s = n.Scalar();
    const std::string& tag = n.Tag();
    if (tag == "!" || tag == "tag:yaml.org,2002:str") return Value(s);
    if (tag == "tag:yaml.org,2002:null") return Value();
    if (is_null_word(s)) return Value();
    if (auto b = bool_word(s)) return Value(*b);
    if (auto num = number_word(s)) return Value(*num);
    if (special_float(s)) {
      return fail(ErrorCode::kEvalBuiltin, "yaml: infinity and NaN are not valid JSON numbers");
    }
    return Value(s);
  }

  Result<Value> convert(const YAML::Node& n, int depth) {
    if (++nodes > kMaxNodes || depth > kMaxDepth) {
      return fail(ErrorCode::kEvalBuiltin, "yaml: document too large or too deep");
    }
    switch (n.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null: return Value();
      case YAML::NodeType::Scalar: return scalar(n);
      case YAML::NodeType::Sequence: {
        std::vector<Value> items;
        for (const auto& e : n) {
          CUSTOS_TRY_ASSIGN(auto v, convert(e, depth + 1));
          items.push_back(std::move(v));
        }
        return Value::array(std::move(items));
      }
      case YAML::NodeType::Map: {
        std::vector<ObjectEntry> entries;
        for (const auto& kv : n) {
          CUSTOS_TRY_ASSIGN(auto k, convert(kv.first, depth + 1));
          CUSTOS_TRY_ASSIGN(auto v, convert(kv.second, depth + 1));
          Value key = k.is_string() ? k : Value(k.is_null() ? std::string("null") : k.to_json());
          if (!k.is_string() &&
              (complex_key_bytes += key.as_string().size()) > kMaxComplexKeyBytes) {
            return fail(ErrorCode::kEvalBuiltin, "yaml: complex mapping keys too large");
          }
          entries.emplace_back(std::move(key), std::move(v));
        }
        return Value::object(std::move(entries));
      }
    }
    return Value();
  }
};

// A string that a YAML reader would not read back as the same string when written plain.
bool needs_quotes(const std::string& s) {
  if (is_null_word(s) || bool_word(s) || number_word(s) || special_float(s)) return true;
  // Document markers would end the document when written plain.
  if (s.starts_with("---") || s.starts_with("...")) return true;
  // Control characters only survive a round trip inside double quotes (as escapes).
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Keys up to this size are emitted as implicit keys; even fully \uXXXX-escaped they stay under
// YAML's 1,024-character limit.
constexpr std::size_t kMaxImplicitKeyBytes = 128;

void emit(YAML::Emitter& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: out << YAML::Null; break;
    case Value::Kind::kBool: out << v.as_bool(); break;
    case Value::Kind::kNumber: out << v.as_number().to_string(); break;
    case Value::Kind::kString:
      if (needs_quotes(v.as_string())) out << YAML::DoubleQuoted;
      out << v.as_string();
      break;
    case Value::Kind::kArray:
    case Value::Kind::kSet:
      out << YAML::BeginSeq;
      for (const auto& e : util::elements(v)) emit(out, e);
      out << YAML::EndSeq;
      break;
    case Value::Kind::kObject:
      out << YAML::BeginMap;
      for (const auto& [k, e] : v.as_object()) {
        Value key = k.is_string() ? k : Value(k.to_json());
        out << YAML::Key;
        // YAML limits implicit keys to 1,024 characters (escapes included): longer keys use
        // the explicit `? key` form, or the output would not read back (found by fuzzing).
        if (key.as_string().size() > kMaxImplicitKeyBytes) out << YAML::LongKey;
        emit(out, key);
        out << YAML::Value;
        emit(out, e);
      }
      out << YAML::EndMap;
      break;
  }
}

// Splits a YAML stream at document markers ("---" or "..." at column 0 followed by a space or
// the end of the line). The marker line stays with the document it starts; chunks holding only
// blank lines, comments or directives before the first marker are dropped.
std::vector<std::string> split_documents(std::string_view text) {
  std::vector<std::string> docs(1);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos + 1);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    auto marker = [&](std::string_view m) {
      return line.starts_with(m) && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' ||
                                     line[3] == '\n' || line[3] == '\r');
    };
    if (marker("---")) {
      docs.emplace_back(line);
    } else if (marker("...")) {
      docs.emplace_back();
    } else {
      docs.back().append(line);
    }
  }
  auto trivial = [](const std::string& d) {
    std::size_t p = 0;
    while (p < d.size()) {
      std::size_t nl = d.find('\n', p);
      std::string_view l = std::string_view(d).substr(p, nl == std::string::npos ? nl : nl - p);
      p = nl == std::string::npos ? d.size() : nl + 1;
      std::size_t k = l.find_first_not_of(" \t\r");
      if (k != std::string_view::npos && l[k] != '#' && l[k] != '%') return false;
    }
    return true;
  };
  std::vector<std::string> out;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    if (trivial(docs[i]) && (i == 0 || docs[i].empty())) continue;
    out.push_back(std::move(docs[i]));
  }
  if (out.empty()) out.emplace_back();
  return out;
}

// Ignores parse events: used to ask yaml-cpp's parser whether a chunk holds more than one node.
struct IgnoreEvents : YAML::EventHandler {
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

// Whether a chunk without document markers holds content after its root node, such as a key
// less indented than the root mapping ("  a:\nb: 1"). yaml-cpp's Load stops at the end of the
// root node and drops the rest; go-yaml (OPA) rejects such a document. Exactly two parser
// steps, so malformed streams cannot make this loop.
bool has_content_after_root(const std::string& doc) {
  std::istringstream in(doc);
  YAML::Parser parser(in);
  IgnoreEvents ignore;
  if (!parser.HandleNextDocument(ignore)) return false;
  return parser.HandleNextDocument(ignore);
}

}  // namespace

Result<Value> yaml_to_value(std::string_view text) {
  // YAML streams are Unicode; refusing invalid UTF-8 up front keeps every string valid.
  if (!json::is_valid_utf8(text)) return fail(ErrorCode::kEvalBuiltin, "yaml: invalid UTF-8");
  // YAML 1.2 §5.1: C0 control characters (other than tab, LF, CR) and DEL may not appear.
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
      return fail(ErrorCode::kEvalBuiltin, "yaml: control characters are not allowed");
    }
  }
  try {
    // Every document must parse (as go-yaml checks the whole stream); the first is the value.
    // Documents are split here and loaded one by one: yaml-cpp 0.7's LoadAll loops forever on
    // some malformed streams (found by fuzz/rego_yaml.cc), its single-document Load does not.
    Converter c;
    Value first;
    bool have_first = false;
    for (const std::string& doc : split_documents(text)) {
      YAML::Node node = YAML::Load(doc);
      if (has_content_after_root(doc)) {
        return fail(ErrorCode::kEvalBuiltin, "yaml: content after the end of the document");
      }
      CUSTOS_TRY_ASSIGN(Value v, c.convert(node, 0));
      if (!have_first) {
        first = std::move(v);
        have_first = true;
      }
    }
    return first;
  } catch (const YAML::Exception& e) {
    return fail(ErrorCode::kEvalBuiltin, std::string("yaml: ") + e.what());
  } catch (const std::exception& e) {
    return fail(ErrorCode::kEvalBuiltin, std::string("yaml: ") + e.what());
  }
}

Result<std::string> value_to_yaml(const Value& v) {
  try {
    YAML::Emitter out;
    emit(out, v);
    if (!out.good()) return fail(ErrorCode::kEvalBuiltin, "yaml: " + out.GetLastError());
    return std::string(out.c_str()) + "\n";
  } catch (const std::exception& e) {
    return fail(ErrorCode::kEvalBuiltin, std::string("yaml: ") + e.what());
  }
}

void register_yaml(Registry& r) {
  r.add({.name = "yaml.marshal",
         .args = {Type::any()},
         .result = Type::string(),
         .description = "Serializes the input term to YAML.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           auto s = value_to_yaml(args[0]);
           if (!s) return util::builtin_err(ctx, s.error().message());
           return Value(std::move(*s));
         }});
  r.add({.name = "yaml.unmarshal",
         .args = {Type::string()},
         .result = Type::any(),
         .description = "Deserializes the input string.",
         .category = "encoding",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto v = yaml_to_value(s);
           if (!v) return util::builtin_err(ctx, v.error().message());
           return *v;
         }});
  r.add({.name = "yaml.is_valid",
         .args = {Type::string()},
         .result = Type::boolean(),
         .description = "Verifies the input string is a valid YAML document.",
         .category = "encoding",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           if (!args[0].is_string()) return Value(false);
           return Value(yaml_to_value(args[0].as_string()).has_value());
         }});
}

}  // namespace custos::rego
