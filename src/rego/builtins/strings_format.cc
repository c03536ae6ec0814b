// String formatting builtins (OPA category "strings"): sprintf (Go fmt verbs), format_int and
// strings.render_template (a subset of Go text/template: {{.a.b}}, {{$v}}, {{if}}/{{else}},
// {{range [$i, $x :=] …}}, {{- trim markers -}}; other actions are an error).

#include <cctype>
#include <map>

#include "rego/builtins/go_sprintf.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

go::FmtArg to_fmt_arg(const Value& v) {
  if (v.is_number()) {
    Number n = v.as_number();
    if (auto i = n.to_int64()) return go::FmtArg::integer(*i);
    if (n.is_integer()) return go::FmtArg::big(n.to_string());
    return go::FmtArg::floating(n.to_double());
  }
  if (v.is_string()) return go::FmtArg::string(v.as_string());
  return go::FmtArg::string(v.to_string());
}

// ---- text/template subset --------------------------------------------------------------------

// Go's default printing of template values (fmt.Print of the JSON-decoded interface{}).
std::string go_print(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return "<nil>";
    case Value::Kind::kBool: return v.as_bool() ? "true" : "false";
    case Value::Kind::kNumber: return v.as_number().to_string();
    case Value::Kind::kString: return v.as_string();
    case Value::Kind::kArray:
    case Value::Kind::kSet: {
      std::string out = "[";
      bool first = true;
      for (const auto& e : util::elements(v)) {
        if (!first) out += " ";
        first = false;
        out += go_print(e);
      }
      return out + "]";
    }
    case Value::Kind::kObject: {
      std::string out = "map[";
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out += " ";
        first = false;
        out += go_print(k) + ":" + go_print(e);
      }
      return out + "]";
    }
  }
  return "";
}

bool truthy(const Value* v) {
  if (v == nullptr) return false;
  switch (v->kind()) {
    case Value::Kind::kNull: return false;
    case Value::Kind::kBool: return v->as_bool();
    case Value::Kind::kNumber: return !(v->as_number() == Number(0));
    default: return v->is_string() ? !v->as_string().empty() : v->size() != 0;
  }
}

struct Node {
  enum class Kind { kText, kPrint, kIf, kRange } kind = Kind::kText;
  std::string text;  // kText: literal; others: the pipeline
  std::string key_var, value_var;
  std::vector<Node> body, else_body;
};

struct Template {
  std::string_view src;
  std::size_t pos = 0;
  std::string error;

  // Parses nodes until {{end}} / {{else}} (returned in `stop`) or the end of input.
  std::vector<Node> parse(std::string& stop) {
    std::vector<Node> nodes;
    while (pos < src.size() && error.empty()) {
      std::size_t open = src.find("{{", pos);
      std::string_view text = src.substr(pos, open == src.npos ? src.npos : open - pos);
      bool trim_left = open != src.npos && src.substr(open, 3) == "{{-" && open + 3 < src.size() &&
                       src[open + 3] == ' ';
      if (trim_left) {
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
          text.remove_suffix(1);
        }
      }
      if (!text.empty())
        nodes.push_back(Node{Node::Kind::kText, std::string(text), {}, {}, {}, {}});
      if (open == src.npos) {
        pos = src.size();
        break;
      }
      std::size_t close = src.find("}}", open);
      if (close == src.npos) {
        error = "unclosed action";
        break;
      }
      std::string_view action = src.substr(open + 2, close - open - 2);
      pos = close + 2;
      if (trim_left) action.remove_prefix(1);
      if (action.size() >= 2 && action.back() == '-' && action[action.size() - 2] == ' ') {
        action.remove_suffix(1);
        while (pos < src.size() && std::isspace(static_cast<unsigned char>(src[pos]))) ++pos;
      }
      while (!action.empty() && action.front() == ' ') action.remove_prefix(1);
      while (!action.empty() && action.back() == ' ') action.remove_suffix(1);
      if (action == "end" || action == "else") {
        stop = std::string(action);
        return nodes;
      }
      if (action.starts_with("if ") || action.starts_with("range ")) {
        Node n;
        bool is_if = action.starts_with("if ");
        n.kind = is_if ? Node::Kind::kIf : Node::Kind::kRange;
        std::string_view pipe = action.substr(is_if ? 3 : 6);
        if (!is_if) {
          if (auto assign = pipe.find(":="); assign != pipe.npos) {
            std::string_view vars = pipe.substr(0, assign);
            pipe = pipe.substr(assign + 2);
            auto comma = vars.find(',');
            auto trim = [](std::string_view s) {
              while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
              while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
              return std::string(s);
            };
            if (comma == vars.npos) {
              n.value_var = trim(vars);
            } else {
              n.key_var = trim(vars.substr(0, comma));
              n.value_var = trim(vars.substr(comma + 1));
            }
          }
        }
        while (!pipe.empty() && pipe.front() == ' ') pipe.remove_prefix(1);
        n.text = std::string(pipe);
        std::string inner_stop;
        n.body = parse(inner_stop);
        if (inner_stop == "else") {
          n.else_body = parse(inner_stop);
        }
        if (inner_stop != "end") {
          if (error.empty()) error = "unexpected EOF";
          return nodes;
        }
        nodes.push_back(std::move(n));
        continue;
      }
      if (action.empty() || action.starts_with("/*")) continue;
      nodes.push_back(Node{Node::Kind::kPrint, std::string(action), {}, {}, {}, {}});
    }
    return nodes;
  }
};

struct Scope {
  const Value* dot;
  std::map<std::string, Value> vars;
};

// Resolves `.a.b`, `$x.a`, `.`, `$`, literals; nullptr when a key is missing.
Result<std::optional<Value>> resolve(std::string_view pipe, const Scope& scope, const Value& root) {
  if (pipe.find(' ') != pipe.npos || pipe.find('|') != pipe.npos) {
    return fail(ErrorCode::kEvalBuiltin, "unsupported template action: " + std::string(pipe));
  }
  const Value* cur = scope.dot;
  std::optional<Value> holder;
  std::string_view path = pipe;
  if (pipe.starts_with("$")) {
    std::size_t dot = pipe.find('.');
    std::string name(pipe.substr(0, dot));
    if (name == "$") {
      cur = &root;
    } else {
      auto it = scope.vars.find(name);
      if (it == scope.vars.end()) {
        return fail(ErrorCode::kEvalBuiltin, "undefined variable \"" + name + "\"");
      }
      cur = &it->second;
    }
    path = dot == pipe.npos ? std::string_view() : pipe.substr(dot);
  } else if (!pipe.starts_with(".")) {
    if (pipe == "true" || pipe == "false") return std::optional<Value>(Value(pipe == "true"));
    if (pipe.size() >= 2 && pipe.front() == '"' && pipe.back() == '"') {
      return std::optional<Value>(Value(pipe.substr(1, pipe.size() - 2)));
    }
    if (auto n = Number::parse(pipe)) return std::optional<Value>(Value(*n));
    return fail(ErrorCode::kEvalBuiltin, "unsupported template action: " + std::string(pipe));
  }
  if (path == ".") return std::optional<Value>(*cur);
  while (!path.empty()) {
    path.remove_prefix(1);  // '.'
    std::size_t next = path.find('.');
    std::string_view key = path.substr(0, next);
    path = next == path.npos ? std::string_view() : path.substr(next);
    if (key.empty()) break;
    const Value* child = cur->is_object() ? cur->find(key) : nullptr;
    if (child == nullptr) return std::optional<Value>();
    cur = child;
  }
  return std::optional<Value>(*cur);
}

Result<void> execute(const std::vector<Node>& nodes, Scope& scope, const Value& root,
                     std::string& out, int depth) {
  if (depth > 64 || out.size() > (16u << 20)) {
    return fail(ErrorCode::kEvalBuiltin, "template output too large");
  }
  for (const auto& n : nodes) {
    switch (n.kind) {
      case Node::Kind::kText: out += n.text; break;
      case Node::Kind::kPrint: {
        CUSTOS_TRY_ASSIGN(auto v, resolve(n.text, scope, root));
        out += v ? go_print(*v) : "<undefined>";
        break;
      }
      case Node::Kind::kIf: {
        CUSTOS_TRY_ASSIGN(auto v, resolve(n.text, scope, root));
        CUSTOS_TRY(
            execute(truthy(v ? &*v : nullptr) ? n.body : n.else_body, scope, root, out, depth + 1));
        break;
      }
      case Node::Kind::kRange: {
        CUSTOS_TRY_ASSIGN(auto v, resolve(n.text, scope, root));
        std::vector<std::pair<Value, Value>> items;
        if (v && v->is_object()) {
          for (const auto& [k, e] : v->as_object()) items.emplace_back(k, e);
        } else if (v) {
          std::int64_t i = 0;
          for (const auto& e : util::elements(*v)) items.emplace_back(Value(i++), e);
        }
        if (items.empty()) {
          CUSTOS_TRY(execute(n.else_body, scope, root, out, depth + 1));
          break;
        }
        for (const auto& [k, e] : items) {
          Scope inner{&e, scope.vars};
          if (!n.key_var.empty()) inner.vars[n.key_var] = k;
          if (!n.value_var.empty()) inner.vars[n.value_var] = e;
          CUSTOS_TRY(execute(n.body, inner, root, out, depth + 1));
        }
        break;
      }
    }
  }
  return {};
}

}  // namespace

void register_strings_format(Registry& r) {
  r.add({.name = "sprintf",
         .args = {Type::string(), Type::array_of()},
         .result = Type::string(),
         .description = "Returns the given string, formatted.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto format, arg_string(ctx, args, 1));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kArray));
           std::vector<go::FmtArg> fargs;
           for (const auto& v : args[1].as_array()) fargs.push_back(to_fmt_arg(v));
           return Value(go::sprintf(format, fargs));
         }});
  r.add({.name = "format_int",
         .args = {Type::number(), Type::number()},
         .result = Type::string(),
         .description = "Returns the string representation of the number in the given base "
                        "after rounding it down to an integer value.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto n, arg_number(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto base, arg_number(ctx, args, 2));
           char verb = 0;
           auto b = base.to_int64();
           if (b == 2) verb = 'b';
           if (b == 8) verb = 'o';
           if (b == 10) verb = 'd';
           if (b == 16) verb = 'x';
           if (verb == 0) {
             // OPA's operand enum error, a type error.
             return util::err(
                 Error(ErrorCode::kEvalType,
                       std::string(ctx.name) + ": operand 2 must be one of {2, 8, 10, 16}"));
           }
           // Truncation toward zero (Go's big.Float.Int).
           Number t = n.is_integer() ? n : (n.to_double() < 0 ? n.ceil() : n.floor());
           go::FmtArg a =
               t.to_int64() ? go::FmtArg::integer(*t.to_int64()) : go::FmtArg::big(t.to_string());
           std::string f = "%";
           f.push_back(verb);
           return Value(go::sprintf(f, {a}));
         }});
  r.add({.name = "strings.render_template",
         .args = {Type::string(), Type::object_of(Type::string(), Type::any())},
         .result = Type::string(),
         .description = "Renders a templated string with given template variables injected. "
                        "For a given templated string and key/value mapping, values will be "
                        "injected into the template where they are referenced by key.",
         .category = "strings",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto tpl, arg_string(ctx, args, 1));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kObject));
           Template t{tpl, 0, {}};
           std::string stop;
           auto nodes = t.parse(stop);
           if (!stop.empty()) t.error = "unexpected {{" + stop + "}}";
           if (!t.error.empty()) return util::builtin_err(ctx, "template: " + t.error);
           Scope scope{&args[1], {}};
           std::string out;
           auto ok = execute(nodes, scope, args[1], out, 0);
           if (!ok) return util::builtin_err(ctx, ok.error().message());
           return Value(std::move(out));
         }});
}

}  // namespace custos::rego
