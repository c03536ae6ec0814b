// GraphQL (OPA category "graphql"): graphql.parse, graphql.parse_and_verify,
// graphql.parse_query, graphql.parse_schema, graphql.is_valid, graphql.schema_is_valid.
// OPA implements these on gqlparser v2; custos has its own parser (graphql_parser.cc,
// graphql_lexer.cc), schema builder (graphql_schema.cc) and validator (graphql_validate.cc).
// ASTs are returned as OPA returns them: gqlparser's field names, Position members, nulls and
// empty arrays/objects pruned. Queries and schemas may also be given as such AST objects
// (is_valid, parse, parse_and_verify, schema_is_valid). Error messages follow OPA:
//   "<gqlparser message> in GraphQL string at location L:C"        (syntax errors)
//   "<message without final period> in GraphQL query string at location L:C" (validation)
//   "Error in gqlparser SchemaDocument to Schema conversion: input:L:C: <message>" (schema).

#include "rego/builtins/graphql_validate.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using graphql::ParseError;
using graphql::Schema;
using graphql::ValidationError;

// OPA's pruneIrrelevantGraphQLASTNodes: drops "Position" members, nulls and (after pruning)
// empty arrays and objects.
Value prune(const Value& v, int depth = 0) {
  // Deeper values were built by the engine already; they are kept as they are past the limit.
  if (depth > 4 * graphql::kMaxDepth) return v;
  auto empty = [](const Value& x) {
    return x.is_null() || ((x.is_array() || x.is_object()) && x.size() == 0);
  };
  if (v.is_array()) {
    std::vector<Value> out;
    for (const auto& e : v.as_array()) {
      Value p = prune(e, depth + 1);
      if (!empty(p)) out.push_back(std::move(p));
    }
    return Value::array(std::move(out));
  }
  if (v.is_object()) {
    std::vector<ObjectEntry> out;
    for (const auto& [k, e] : v.as_object()) {
      if (k.is_string() && k.as_string() == "Position") continue;
      Value p = prune(e, depth + 1);
      if (!empty(p)) out.emplace_back(k, std::move(p));
    }
    return Value::object_sorted(std::move(out));
  }
  return v;
}

std::string syntax_message(const ParseError& e) {
  return e.message + " in GraphQL string at location " + std::to_string(e.line) + ":" +
         std::to_string(e.column);
}

std::string validation_message(const ValidationError& e) {
  std::string msg = e.message;
  if (!msg.empty() && msg.back() == '.') msg.pop_back();
  return msg + " in GraphQL query string at location " + std::to_string(e.line) + ":" +
         std::to_string(e.column);
}

std::string schema_message(const ValidationError& e) {
  return "Error in gqlparser SchemaDocument to Schema conversion: input:" + std::to_string(e.line) +
         ":" + std::to_string(e.column) + ": " + e.message;
}

// A query operand (string or AST object) as an AST; a builtin error for syntax errors and a
// type error for other kinds.
Result<Value> query_operand(BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[n - 1];
  if (v.is_string()) {
    auto doc = graphql::parse_query(v.as_string());
    if (!doc) return fail(builtin_error(ctx, syntax_message(doc.error())));
    return *doc;
  }
  if (v.is_object()) return v;
  return fail(util::type_error(ctx, n, {"string", "object"}, v));
}

Result<Value> schema_doc_operand(BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[n - 1];
  if (v.is_string()) {
    auto doc = graphql::parse_schema(v.as_string());
    if (!doc) return fail(builtin_error(ctx, syntax_message(doc.error())));
    return *doc;
  }
  if (v.is_object()) return v;
  return fail(util::type_error(ctx, n, {"string", "object"}, v));
}

// The validated schema of a schema document, memoised per evaluation by the operand's text.
Result<std::shared_ptr<const Schema>> schema_of(BuiltinContext& ctx, const Value& operand,
                                                const Value& doc) {
  std::string key;
  if (ctx.cache != nullptr) {
    key = "graphql.schema:" + (operand.is_string() ? operand.as_string() : operand.to_json());
    auto it = ctx.cache->find(key);
    if (it != ctx.cache->end()) {
      if (auto* s = std::any_cast<std::shared_ptr<const Schema>>(&it->second)) return *s;
    }
  }
  auto schema = graphql::build_schema(doc);
  if (!schema) return fail(builtin_error(ctx, schema_message(schema.error())));
  if (ctx.cache != nullptr) (*ctx.cache)[key] = *schema;
  return *schema;
}

struct Parsed {
  Value query, schema;
};

// Parses and validates; errors as graphql.parse reports them.
Result<Parsed> parse_and_validate(BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(Value query, query_operand(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(Value schema_doc, schema_doc_operand(ctx, args, 2));
  CUSTOS_TRY_ASSIGN(auto schema, schema_of(ctx, args[1], schema_doc));
  if (auto err = graphql::validate_query(*schema, query)) {
    return fail(builtin_error(ctx, validation_message(*err)));
  }
  return Parsed{prune(query), prune(schema_doc)};
}

}  // namespace

void register_graphql(Registry& r) {
  const Type kDoc = Type::any_of({Type::string(), Type::object_of(Type::any(), Type::any())});
  r.add({.name = "graphql.parse",
         .args = {kDoc, kDoc},
         .result = Type::array_of(Type::object_of()),
         .description = "Returns AST objects for a given GraphQL query and schema after "
                        "validating the query against the schema. Returns undefined if errors "
                        "were encountered during parsing or validation. The query and/or "
                        "schema can be either GraphQL strings or AST objects from the other "
                        "GraphQL builtin functions.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto parsed, parse_and_validate(ctx, args));
           return Value::array({std::move(parsed.query), std::move(parsed.schema)});
         }});
  r.add({.name = "graphql.parse_and_verify",
         .args = {kDoc, kDoc},
         .result = Type::array_of(Type::any()),
         .description = "Returns a boolean indicating success or failure alongside the parsed "
                        "ASTs for a given GraphQL query and schema after validating the query "
                        "against the schema. The query and/or schema can be either GraphQL "
                        "strings or AST objects from the other GraphQL builtin functions.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           auto parsed = parse_and_validate(ctx, args);
           if (!parsed) {
             return Value::array({Value(false), Value::object({}), Value::object({})});
           }
           return Value::array({Value(true), std::move(parsed->query), std::move(parsed->schema)});
         }});
  r.add({.name = "graphql.parse_query",
         .args = {Type::string()},
         .result = Type::object_of(),
         .description = "Returns an AST object for a GraphQL query.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto text, arg_string(ctx, args, 1));
           auto doc = graphql::parse_query(text);
           if (!doc) return util::builtin_err(ctx, syntax_message(doc.error()));
           return prune(*doc);
         }});
  r.add({.name = "graphql.parse_schema",
         .args = {Type::string()},
         .result = Type::object_of(),
         .description = "Returns an AST object for a GraphQL schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto text, arg_string(ctx, args, 1));
           auto doc = graphql::parse_schema(text);
           if (!doc) return util::builtin_err(ctx, syntax_message(doc.error()));
           return prune(*doc);
         }});
  r.add({.name = "graphql.is_valid",
         .args = {kDoc, kDoc},
         .result = Type::boolean(),
         .description = "Checks that a GraphQL query is valid against a given schema. The query "
                        "and/or schema can be either GraphQL strings or AST objects from the "
                        "other GraphQL builtin functions.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return Value(parse_and_validate(ctx, args).has_value());
         }});
  r.add({.name = "graphql.schema_is_valid",
         .args = {kDoc},
         .result = Type::boolean(),
         .description = "Checks that the input is a valid GraphQL schema. The schema can be "
                        "either a GraphQL string or an AST object from the other GraphQL "
                        "builtin functions.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           auto doc = schema_doc_operand(ctx, args, 1);
           if (!doc) return Value(false);
           return Value(schema_of(ctx, args[0], *doc).has_value());
         }});
}

}  // namespace custos::rego
