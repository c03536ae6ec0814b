// GraphQL parser (spec October 2021 §2 executable definitions, §3 type-system definitions and
// extensions), recursive descent over graphql_lexer.cc. Errors use gqlparser v2's wording
// ("Expected Name, found <EOF>", "Unexpected Name \"x\"", "expected at least one definition,
// found }") and the position of the offending token. Nodes are built directly in OPA's pruned
// JSON shape of gqlparser's AST (see graphql_parser.h). The first error stops parsing.

#include <initializer_list>
#include <optional>
#include <vector>

#include "rego/builtins/graphql_parser.h"

namespace custos::rego::graphql {

namespace {

bool prunable(const Value& v) {
  return v.is_null() || ((v.is_array() || v.is_object()) && v.size() == 0);
}

// An object under construction: members that OPA's pruning would drop are never added.
class Obj {
 public:
  Obj& add(const char* key, Value value) {
    if (!prunable(value)) entries_.emplace_back(Value(key), std::move(value));
    return *this;
  }
  // The token's position as gqlparser's Position {Line, Column} (removed from results).
  Obj& pos(const Token& t) {
    entries_.emplace_back(Value("Position"), Value::object({{Value("Line"), Value(t.line)},
                                                            {Value("Column"), Value(t.column)}}));
    return *this;
  }
  Value done() { return Value::object(std::move(entries_)); }

 private:
  std::vector<ObjectEntry> entries_;
};

Value list(std::vector<Value> items) {
  std::vector<Value> kept;
  kept.reserve(items.size());
  for (auto& v : items) {
    if (!prunable(v)) kept.push_back(std::move(v));
  }
  return Value::array(std::move(kept));
}

constexpr std::string_view kDirectiveLocations[] = {"QUERY",
                                                    "MUTATION",
                                                    "SUBSCRIPTION",
                                                    "FIELD",
                                                    "FRAGMENT_DEFINITION",
                                                    "FRAGMENT_SPREAD",
                                                    "INLINE_FRAGMENT",
                                                    "VARIABLE_DEFINITION",
                                                    "SCHEMA",
                                                    "SCALAR",
                                                    "OBJECT",
                                                    "FIELD_DEFINITION",
                                                    "ARGUMENT_DEFINITION",
                                                    "INTERFACE",
                                                    "UNION",
                                                    "ENUM",
                                                    "ENUM_VALUE",
                                                    "INPUT_OBJECT",
                                                    "INPUT_FIELD_DEFINITION"};

class Parser {
 public:
  explicit Parser(std::string_view src) : lexer_(src) { peek_ = lexer_.next(); }

  std::optional<ParseError> error;

  bool failed() const { return error.has_value(); }
  const Token& peek() const { return peek_; }
  bool at(TokenKind k) const { return !failed() && peek_.kind == k; }
  bool at_keyword(std::string_view word) const {
    return at(TokenKind::kName) && peek_.value == word;
  }

  Token next() {
    Token t = std::move(peek_);
    peek_ = t.kind == TokenKind::kEof || t.kind == TokenKind::kInvalid ? t : lexer_.next();
    return t;
  }

  void fail_at(const Token& t, std::string message) {
    if (!failed()) error = ParseError{std::move(message), t.line, t.column};
  }
  void unexpected(const Token& t) { fail_at(t, "Unexpected " + describe(t)); }
  void unexpected() { unexpected(peek_); }

  bool skip(TokenKind k) {
    if (!at(k)) return false;
    next();
    return true;
  }
  Token expect(TokenKind k) {
    if (failed()) return {};
    if (peek_.kind == k) return next();
    fail_at(peek_, std::string("Expected ") + std::string(token_kind_name(k)) + ", found " +
                       describe(peek_));
    return {};
  }
  void expect_keyword(std::string_view word) {
    if (failed()) return;
    if (peek_.kind == TokenKind::kName && peek_.value == word) {
      next();
      return;
    }
    fail_at(peek_, "Expected \"" + std::string(word) + "\", found " + describe(peek_));
  }
  std::string name() { return expect(TokenKind::kName).value; }

  // gqlparser's many(): optional delimited list, may be empty.
  template <typename F>
  void many(TokenKind open, TokenKind close, F&& item) {
    if (!skip(open)) return;
    while (!failed() && !at(close)) item();
    if (!failed()) next();
  }
  // gqlparser's some(): required delimited list with at least one item.
  template <typename F>
  void some(TokenKind open, TokenKind close, F&& item) {
    expect(open);
    if (failed()) return;
    if (at(close)) {
      fail_at(peek_, "expected at least one definition, found " + describe(peek_));
      return;
    }
    while (!failed() && !at(close)) item();
    if (!failed()) next();
  }

  // Depth guard for recursive productions.
  bool enter() {
    if (++depth_ > kMaxDepth) {
      fail_at(peek_, "document nested too deeply (limit " + std::to_string(kMaxDepth) + ")");
      return false;
    }
    return true;
  }
  void leave() { --depth_; }

  // ---- shared productions ----

  Value value_literal(bool is_const) {
    if (failed() || !enter()) return Value();
    Value out = value_inner(is_const);
    leave();
    return out;
  }

  Value make_value(const Token& at, int kind, std::string raw, Value children = Value()) {
    return Obj()
        .pos(at)
        .add("Raw", Value(std::move(raw)))
        .add("Children", std::move(children))
        .add("Kind", Value(kind))
        .add("ExpectedTypeHasDefault", kEmitExpectedTypeHasDefault ? Value(false) : Value())
        .done();
  }

  Value value_inner(bool is_const) {
    const Token t = peek_;
    switch (t.kind) {
      case TokenKind::kBracketL: {
        std::vector<Value> children;
        many(TokenKind::kBracketL, TokenKind::kBracketR, [&] {
          children.push_back(
              Obj().add("Name", Value("")).add("Value", value_literal(is_const)).done());
        });
        return make_value(t, kListValue, "", list(std::move(children)));
      }
      case TokenKind::kBraceL: {
        std::vector<Value> children;
        many(TokenKind::kBraceL, TokenKind::kBraceR, [&] {
          std::string n = name();
          expect(TokenKind::kColon);
          Value v = value_literal(is_const);
          children.push_back(Obj().add("Name", Value(std::move(n))).add("Value", v).done());
        });
        return make_value(t, kObjectValue, "", list(std::move(children)));
      }
      case TokenKind::kDollar: {
        if (is_const) {
          unexpected();
          return Value();
        }
        next();
        return make_value(t, kVariable, name());
      }
      case TokenKind::kInt: return make_value(t, kIntValue, next().value);
      case TokenKind::kFloat: return make_value(t, kFloatValue, next().value);
      case TokenKind::kString: return make_value(t, kStringValue, next().value);
      case TokenKind::kBlockString: return make_value(t, kBlockValue, next().value);
      case TokenKind::kName: {
        std::string v = next().value;
        if (v == "true" || v == "false") return make_value(t, kBooleanValue, v);
        if (v == "null") return make_value(t, kNullValue, v);
        return make_value(t, kEnumValue, v);
      }
      default: unexpected(); return Value();
    }
  }

  Value type_reference() {
    if (failed() || !enter()) return Value();
    Obj t;
    if (skip(TokenKind::kBracketL)) {
      Value elem = type_reference();
      expect(TokenKind::kBracketR);
      t.add("Elem", elem).add("NamedType", Value(""));
    } else {
      t.add("NamedType", Value(name()));
    }
    t.add("NonNull", Value(skip(TokenKind::kBang)));
    leave();
    return t.done();
  }

  Value arguments(bool is_const) {
    std::vector<Value> args;
    many(TokenKind::kParenL, TokenKind::kParenR, [&] {
      Token t = peek_;
      std::string n = name();
      expect(TokenKind::kColon);
      Value v = value_literal(is_const);
      args.push_back(Obj().pos(t).add("Name", Value(std::move(n))).add("Value", v).done());
    });
    return list(std::move(args));
  }

  Value directives(bool is_const) {
    std::vector<Value> out;
    while (at(TokenKind::kAt)) {
      Token t = next();
      std::string n = name();
      Value args = arguments(is_const);
      out.push_back(Obj()
                        .pos(t)
                        .add("Name", Value(std::move(n)))
                        .add("Arguments", args)
                        .add("Location", Value(""))
                        .done());
    }
    return list(std::move(out));
  }

  // ---- executable definitions (§2.3 - §2.8) ----

  Value query_document() {
    std::vector<Value> operations, fragments;
    while (!failed() && !at(TokenKind::kEof)) {
      if (at(TokenKind::kBraceL)) {
        operations.push_back(operation_definition());
      } else if (at(TokenKind::kName)) {
        const std::string& v = peek_.value;
        if (v == "query" || v == "mutation" || v == "subscription") {
          operations.push_back(operation_definition());
        } else if (v == "fragment") {
          fragments.push_back(fragment_definition());
        } else {
          unexpected();
        }
      } else {
        unexpected();
      }
    }
    return Obj()
        .add("Operations", list(std::move(operations)))
        .add("Fragments", list(std::move(fragments)))
        .done();
  }

  Value operation_definition() {
    Obj op;
    op.pos(peek_);
    if (at(TokenKind::kBraceL)) {
      op.add("Operation", Value("query")).add("Name", Value(""));
      op.add("SelectionSet", selection_set());
      return op.done();
    }
    op.add("Operation", Value(next().value));
    std::string n;
    if (at(TokenKind::kName)) n = next().value;
    op.add("Name", Value(std::move(n)));
    op.add("VariableDefinitions", variable_definitions());
    op.add("Directives", directives(false));
    op.add("SelectionSet", selection_set());
    return op.done();
  }

  Value variable_definitions() {
    std::vector<Value> defs;
    many(TokenKind::kParenL, TokenKind::kParenR, [&] {
      Obj d;
      d.pos(peek_);
      expect(TokenKind::kDollar);
      d.add("Variable", Value(name()));
      expect(TokenKind::kColon);
      d.add("Type", type_reference());
      if (skip(TokenKind::kEquals)) d.add("DefaultValue", value_literal(true));
      d.add("Directives", directives(true));
      d.add("Used", Value(false));
      defs.push_back(d.done());
    });
    return list(std::move(defs));
  }

  Value selection_set() {
    if (failed() || !enter()) return Value();
    std::vector<Value> items;
    some(TokenKind::kBraceL, TokenKind::kBraceR, [&] { items.push_back(selection()); });
    leave();
    return list(std::move(items));
  }

  Value selection() {
    if (at(TokenKind::kSpread)) return fragment();
    return field();
  }

  Value field() {
    Obj f;
    f.pos(peek_);
    std::string alias = name();
    std::string n = alias;
    if (skip(TokenKind::kColon)) n = name();
    f.add("Alias", Value(alias)).add("Name", Value(n));
    f.add("Arguments", arguments(false));
    f.add("Directives", directives(false));
    if (at(TokenKind::kBraceL)) f.add("SelectionSet", selection_set());
    return f.done();
  }

  Value fragment() {
    Token spread_token = expect(TokenKind::kSpread);
    if (at(TokenKind::kName) && peek_.value != "on") {
      Obj spread;
      spread.pos(spread_token).add("Name", Value(next().value));
      spread.add("Directives", directives(false));
      return spread.done();
    }
    Obj inl;
    inl.pos(spread_token);
    std::string type_condition;
    if (at_keyword("on")) {
      next();
      type_condition = name();
    }
    inl.add("TypeCondition", Value(type_condition));
    inl.add("Directives", directives(false));
    inl.add("SelectionSet", selection_set());
    return inl.done();
  }

  Value fragment_definition() {
    Obj f;
    f.pos(peek_);
    expect_keyword("fragment");
    if (at_keyword("on")) {
      unexpected();
      return Value();
    }
    f.add("Name", Value(name()));
    f.add("VariableDefinition", variable_definitions());
    expect_keyword("on");
    f.add("TypeCondition", Value(name()));
    f.add("Directives", directives(false));
    f.add("SelectionSet", selection_set());
    return f.done();
  }

  // ---- type-system definitions (§3) ----

  Value schema_document();
  Value type_definition(std::string description);
  Value type_extension();
  Value schema_definition(std::string description, bool extension);
  Value directive_definition(std::string description);
  Value fields_definition(bool input);
  Value field_definition(bool input);
  Value input_value_definition();
  Value arguments_definition();
  Value implements_interfaces();
  Value union_member_types();
  Value enum_values_definition();
  std::string description() {
    if (at(TokenKind::kString) || at(TokenKind::kBlockString)) return next().value;
    return "";
  }

 private:
  Lexer lexer_;
  Token peek_;
  int depth_ = 0;
};

Value Parser::schema_document() {
  std::vector<Value> schema, schema_ext, directive_defs, definitions, extensions;
  while (!failed() && !at(TokenKind::kEof)) {
    Token desc_token = peek_;
    std::string desc = description();
    if (!at(TokenKind::kName)) {
      unexpected();
      break;
    }
    const std::string v = peek_.value;
    if (v == "scalar" || v == "type" || v == "interface" || v == "union" || v == "enum" ||
        v == "input") {
      definitions.push_back(type_definition(std::move(desc)));
    } else if (v == "schema") {
      schema.push_back(schema_definition(std::move(desc), false));
    } else if (v == "directive") {
      directive_defs.push_back(directive_definition(std::move(desc)));
    } else if (v == "extend") {
      if (desc_token.kind == TokenKind::kString || desc_token.kind == TokenKind::kBlockString) {
        unexpected(desc_token);
        break;
      }
      next();
      if (at_keyword("schema")) {
        schema_ext.push_back(schema_definition("", true));
      } else {
        extensions.push_back(type_extension());
      }
    } else {
      unexpected();
    }
  }
  return Obj()
      .add("Schema", list(std::move(schema)))
      .add("SchemaExtension", list(std::move(schema_ext)))
      .add("Directives", list(std::move(directive_defs)))
      .add("Definitions", list(std::move(definitions)))
      .add("Extensions", list(std::move(extensions)))
      .done();
}

Value Parser::type_definition(std::string desc) {
  Obj d;
  d.pos(peek_);
  std::string keyword = next().value;
  d.add("Description", Value(std::move(desc))).add("BuiltIn", Value(false));
  d.add("Name", Value(name()));
  if (keyword == "scalar") {
    d.add("Kind", Value("SCALAR")).add("Directives", directives(true));
  } else if (keyword == "type" || keyword == "interface") {
    d.add("Kind", Value(keyword == "type" ? "OBJECT" : "INTERFACE"));
    d.add("Interfaces", implements_interfaces());
    d.add("Directives", directives(true));
    d.add("Fields", fields_definition(false));
  } else if (keyword == "union") {
    d.add("Kind", Value("UNION")).add("Directives", directives(true));
    d.add("Types", union_member_types());
  } else if (keyword == "enum") {
    d.add("Kind", Value("ENUM")).add("Directives", directives(true));
    d.add("EnumValues", enum_values_definition());
  } else {
    d.add("Kind", Value("INPUT_OBJECT")).add("Directives", directives(true));
    d.add("Fields", fields_definition(true));
  }
  return d.done();
}

Value Parser::type_extension() {
  if (!at(TokenKind::kName)) {
    unexpected();
    return Value();
  }
  std::string keyword = peek_.value;
  if (keyword != "scalar" && keyword != "type" && keyword != "interface" && keyword != "union" &&
      keyword != "enum" && keyword != "input") {
    unexpected();
    return Value();
  }
  next();
  Obj d;
  d.add("Description", Value("")).add("BuiltIn", Value(false));
  d.add("Name", Value(name()));
  bool empty = true;
  auto note = [&](Value v) {
    if (!prunable(v)) empty = false;
    return v;
  };
  if (keyword == "scalar") {
    d.add("Kind", Value("SCALAR")).add("Directives", note(directives(true)));
  } else if (keyword == "type" || keyword == "interface") {
    d.add("Kind", Value(keyword == "type" ? "OBJECT" : "INTERFACE"));
    d.add("Interfaces", note(implements_interfaces()));
    d.add("Directives", note(directives(true)));
    d.add("Fields", note(fields_definition(false)));
  } else if (keyword == "union") {
    d.add("Kind", Value("UNION")).add("Directives", note(directives(true)));
    d.add("Types", note(union_member_types()));
  } else if (keyword == "enum") {
    d.add("Kind", Value("ENUM")).add("Directives", note(directives(true)));
    d.add("EnumValues", note(enum_values_definition()));
  } else {
    d.add("Kind", Value("INPUT_OBJECT")).add("Directives", note(directives(true)));
    d.add("Fields", note(fields_definition(true)));
  }
  if (empty) unexpected();
  return d.done();
}

Value Parser::schema_definition(std::string desc, bool extension) {
  expect_keyword("schema");
  Obj s;
  s.add("Description", Value(std::move(desc)));
  Value dirs = directives(true);
  s.add("Directives", dirs);
  std::vector<Value> ops;
  auto op_type = [&] {
    Token t = peek_;
    std::string op = name();
    if (!failed() && op != "query" && op != "mutation" && op != "subscription") unexpected(t);
    expect(TokenKind::kColon);
    std::string type = name();
    ops.push_back(Obj().add("Operation", Value(op)).add("Type", Value(type)).done());
  };
  if (!extension || at(TokenKind::kBraceL)) {
    some(TokenKind::kBraceL, TokenKind::kBraceR, op_type);
  }
  if (extension && prunable(dirs) && ops.empty()) unexpected();
  s.add("OperationTypes", list(std::move(ops)));
  return s.done();
}

Value Parser::directive_definition(std::string desc) {
  expect_keyword("directive");
  expect(TokenKind::kAt);
  Obj d;
  d.add("Description", Value(std::move(desc)));
  d.add("Name", Value(name()));
  d.add("Arguments", arguments_definition());
  bool repeatable = false;
  if (at_keyword("repeatable")) {
    next();
    repeatable = true;
  }
  d.add("IsRepeatable", Value(repeatable));
  expect_keyword("on");
  std::vector<Value> locations;
  skip(TokenKind::kPipe);
  do {
    Token t = peek_;
    std::string loc = name();
    if (failed()) break;
    bool known = false;
    for (auto k : kDirectiveLocations) known = known || k == loc;
    if (!known) {
      unexpected(t);
      break;
    }
    locations.emplace_back(std::move(loc));
  } while (skip(TokenKind::kPipe));
  d.add("Locations", Value::array(std::move(locations)));
  return d.done();
}

Value Parser::fields_definition(bool input) {
  std::vector<Value> fields;
  if (!at(TokenKind::kBraceL)) return Value::array({});
  some(TokenKind::kBraceL, TokenKind::kBraceR,
       [&] { fields.push_back(input ? input_value_definition() : field_definition(false)); });
  return list(std::move(fields));
}

Value Parser::field_definition(bool) {
  Obj f;
  f.pos(peek_);
  f.add("Description", Value(description()));
  f.add("Name", Value(name()));
  f.add("Arguments", arguments_definition());
  expect(TokenKind::kColon);
  f.add("Type", type_reference());
  f.add("Directives", directives(true));
  return f.done();
}

Value Parser::input_value_definition() {
  Obj f;
  f.pos(peek_);
  f.add("Description", Value(description()));
  f.add("Name", Value(name()));
  expect(TokenKind::kColon);
  f.add("Type", type_reference());
  if (skip(TokenKind::kEquals)) f.add("DefaultValue", value_literal(true));
  f.add("Directives", directives(true));
  return f.done();
}

Value Parser::arguments_definition() {
  std::vector<Value> args;
  many(TokenKind::kParenL, TokenKind::kParenR, [&] { args.push_back(input_value_definition()); });
  return list(std::move(args));
}

Value Parser::implements_interfaces() {
  std::vector<Value> names;
  if (!at_keyword("implements")) return Value::array({});
  next();
  skip(TokenKind::kAmp);
  do {
    names.emplace_back(name());
  } while (!failed() && skip(TokenKind::kAmp));
  return Value::array(std::move(names));
}

Value Parser::union_member_types() {
  std::vector<Value> names;
  if (!skip(TokenKind::kEquals)) return Value::array({});
  skip(TokenKind::kPipe);
  do {
    names.emplace_back(name());
  } while (!failed() && skip(TokenKind::kPipe));
  return Value::array(std::move(names));
}

Value Parser::enum_values_definition() {
  std::vector<Value> values;
  if (!at(TokenKind::kBraceL)) return Value::array({});
  some(TokenKind::kBraceL, TokenKind::kBraceR, [&] {
    Obj e;
    e.add("Description", Value(description()));
    Token t = peek_;
    std::string n = name();
    if (!failed() && (n == "true" || n == "false" || n == "null")) {
      fail_at(t, "Enum value " + n + " is reserved");
    }
    e.add("Name", Value(std::move(n)));
    e.add("Directives", directives(true));
    values.push_back(e.done());
  });
  return list(std::move(values));
}

template <typename F>
tl::expected<Value, ParseError> run(std::string_view source, F&& production) {
  if (source.size() > kMaxDocumentBytes) {
    return tl::unexpected(
        ParseError{"document larger than " + std::to_string(kMaxDocumentBytes) + " bytes", 1, 1});
  }
  Parser p(source);
  Value doc = production(p);
  if (p.error) return tl::unexpected(*p.error);
  return doc;
}

}  // namespace

tl::expected<Value, ParseError> parse_query(std::string_view source) {
  return run(source, [](Parser& p) { return p.query_document(); });
}

tl::expected<Value, ParseError> parse_schema(std::string_view source) {
  return run(source, [](Parser& p) { return p.schema_document(); });
}

}  // namespace custos::rego::graphql
