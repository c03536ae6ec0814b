// Module → OPA AST JSON (ast/term.go, ast/policy.go MarshalJSON shapes without locations).

#include "rego/ast_json.h"

namespace custos::rego {

namespace {

Value obj(std::vector<ObjectEntry> entries) { return Value::object(std::move(entries)); }

Value typed(std::string_view type, Value value) {
  return obj({{Value("type"), Value(type)}, {Value("value"), std::move(value)}});
}

Value var_term(std::string_view name) { return typed("var", Value(name)); }

// A ground value as a term.
Value value_term(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: return typed("null", Value());
    case Value::Kind::kBool: return typed("boolean", v);
    case Value::Kind::kNumber: return typed("number", v);
    case Value::Kind::kString: return typed("string", v);
    case Value::Kind::kArray:
    case Value::Kind::kSet: {
      std::vector<Value> items;
      for (const Value& e : v.is_array() ? v.as_array() : v.as_set())
        items.push_back(value_term(e));
      return typed(v.is_array() ? "array" : "set", Value::array(std::move(items)));
    }
    case Value::Kind::kObject: {
      std::vector<Value> pairs;
      for (const auto& [k, e] : v.as_object()) {
        pairs.push_back(Value::array({value_term(k), value_term(e)}));
      }
      return typed("object", Value::array(std::move(pairs)));
    }
  }
  return typed("null", Value());
}

// "a.b.c" → ref term [var a, string b, string c] (operators and builtin names).
Value name_ref(std::string_view name) {
  std::vector<Value> items;
  std::size_t pos = 0;
  while (true) {
    std::size_t dot = name.find('.', pos);
    std::string_view part = name.substr(pos, dot == std::string_view::npos ? dot : dot - pos);
    items.push_back(items.empty() ? var_term(part) : typed("string", Value(part)));
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  return typed("ref", Value::array(std::move(items)));
}

// A callee given as path segments (keys containing dots), as a ref term.
Value path_ref(const std::vector<std::string>& path) {
  std::vector<Value> items;
  for (const auto& part : path) {
    items.push_back(items.empty() ? var_term(part) : typed("string", Value(part)));
  }
  return typed("ref", Value::array(std::move(items)));
}

Value term(const Term& t);
Value body(const Body& b);

Value terms(const std::vector<TermPtr>& ts) {
  std::vector<Value> out;
  for (const auto& t : ts) out.push_back(term(*t));
  return Value::array(std::move(out));
}

Value call_items(const Term& t) {
  std::vector<Value> out{t.call_path.empty() ? name_ref(t.name) : path_ref(t.call_path)};
  for (const auto& a : t.items) out.push_back(term(*a));
  return Value::array(std::move(out));
}

Value term(const Term& t) {
  switch (t.kind) {
    case TermKind::kValue: return value_term(t.value);
    case TermKind::kVar: return var_term(t.name);
    case TermKind::kRef: return typed("ref", terms(t.items));
    case TermKind::kArray: return typed("array", terms(t.items));
    case TermKind::kSet: return typed("set", terms(t.items));
    case TermKind::kObject: {
      std::vector<Value> pairs;
      for (std::size_t i = 0; i + 1 < t.items.size(); i += 2) {
        pairs.push_back(Value::array({term(*t.items[i]), term(*t.items[i + 1])}));
      }
      return typed("object", Value::array(std::move(pairs)));
    }
    case TermKind::kArrayCompr:
    case TermKind::kSetCompr:
      return typed(t.kind == TermKind::kArrayCompr ? "arraycomprehension" : "setcomprehension",
                   obj({{Value("term"), term(*t.head)}, {Value("body"), body(*t.body)}}));
    case TermKind::kObjectCompr:
      return typed("objectcomprehension", obj({{Value("key"), term(*t.key)},
                                               {Value("value"), term(*t.head)},
                                               {Value("body"), body(*t.body)}}));
    case TermKind::kCall: return typed("call", call_items(t));
    case TermKind::kTemplate: {
      std::vector<Value> out{name_ref("internal.template_string")};
      for (const auto& a : t.items) out.push_back(term(*a));
      return typed("call", Value::array(std::move(out)));
    }
  }
  return typed("null", Value());
}

Value expr(const Expr& e, std::size_t index) {
  std::vector<ObjectEntry> out{{Value("index"), Value(static_cast<std::int64_t>(index))}};
  switch (e.kind) {
    case ExprKind::kTerm:
      out.emplace_back(Value("terms"),
                       e.term->kind == TermKind::kCall ? call_items(*e.term) : term(*e.term));
      break;
    case ExprKind::kSome:
      out.emplace_back(Value("terms"), obj({{Value("symbols"), terms(e.some_vars)}}));
      break;
    case ExprKind::kSomeIn: {
      std::vector<Value> call{name_ref(e.key ? "internal.member_3" : "internal.member_2")};
      if (e.key) call.push_back(term(*e.key));
      call.push_back(term(*e.val));
      call.push_back(term(*e.domain));
      Value symbol = typed("call", Value::array(std::move(call)));
      out.emplace_back(Value("terms"), obj({{Value("symbols"), Value::array({symbol})}}));
      break;
    }
    case ExprKind::kEvery: {
      std::vector<ObjectEntry> every{{Value("value"), term(*e.val)},
                                     {Value("domain"), term(*e.domain)},
                                     {Value("body"), body(*e.body)}};
      every.emplace_back(Value("key"), e.key ? term(*e.key) : Value());
      out.emplace_back(Value("terms"), obj(std::move(every)));
      break;
    }
  }
  if (e.negated) out.emplace_back(Value("negated"), Value(true));
  if (!e.withs.empty()) {
    std::vector<Value> ws;
    for (const auto& w : e.withs) {
      ws.push_back(obj({{Value("target"), term(*w.target)}, {Value("value"), term(*w.value)}}));
    }
    out.emplace_back(Value("with"), Value::array(std::move(ws)));
  }
  return obj(std::move(out));
}

Value body(const Body& b) {
  std::vector<Value> out;
  for (std::size_t i = 0; i < b.size(); ++i) out.push_back(expr(*b[i], i));
  return Value::array(std::move(out));
}

Value true_body() {
  return Value::array({obj({{Value("index"), Value(0)}, {Value("terms"), value_term(true)}})});
}

Value rule(const Rule& r, const Rule* parent) {
  std::vector<ObjectEntry> head;
  const Rule& named = parent != nullptr ? *parent : r;
  const Term& h = *named.head_ref;
  std::vector<Value> ref;
  if (h.kind == TermKind::kVar) {
    ref.push_back(var_term(h.name));
    head.emplace_back(Value("name"), Value(h.name));
  } else {
    for (const auto& i : h.items) ref.push_back(term(*i));
    if (h.items.size() == 1) head.emplace_back(Value("name"), Value(h.items[0]->name));
  }
  head.emplace_back(Value("ref"), Value::array(std::move(ref)));
  if (!named.args.empty()) head.emplace_back(Value("args"), terms(named.args));
  if (r.contains) {
    head.emplace_back(Value("key"), term(*r.contains));
  } else if (r.value) {
    head.emplace_back(Value("value"), term(*r.value));
  } else {
    head.emplace_back(Value("value"), value_term(true));
  }
  if (r.assign) head.emplace_back(Value("assign"), Value(true));
  std::vector<ObjectEntry> out{{Value("head"), obj(std::move(head))}};
  out.emplace_back(Value("body"), r.body.empty() ? true_body() : body(r.body));
  if (r.is_default) out.emplace_back(Value("default"), Value(true));
  if (r.else_rule) out.emplace_back(Value("else"), rule(*r.else_rule, &named));
  return obj(std::move(out));
}

}  // namespace

Value module_to_ast_value(const Module& m) {
  std::vector<Value> path{var_term("data")};
  for (const auto& p : m.package_path) path.push_back(typed("string", Value(p)));
  std::vector<ObjectEntry> out{
      {Value("package"), obj({{Value("path"), Value::array(std::move(path))}})}};
  if (!m.imports.empty()) {
    std::vector<Value> imports;
    for (const auto& i : m.imports) {
      std::vector<ObjectEntry> e{{Value("path"), term(*i.path)}};
      if (!i.alias.empty()) e.emplace_back(Value("alias"), Value(i.alias));
      imports.push_back(obj(std::move(e)));
    }
    out.emplace_back(Value("imports"), Value::array(std::move(imports)));
  }
  if (!m.rules.empty()) {
    std::vector<Value> rules;
    for (const auto& r : m.rules) rules.push_back(rule(*r, nullptr));
    out.emplace_back(Value("rules"), Value::array(std::move(rules)));
  }
  return obj(std::move(out));
}

}  // namespace custos::rego
