// GraphQL (OPA category "graphql"): graphql.parse, graphql.parse_query, graphql.parse_schema,
// graphql.parse_and_verify, graphql.is_valid, graphql.schema_is_valid.
// Work in progress: the declarations are registered; the parser and validator land next.

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

BuiltinResult not_ready(BuiltinContext& ctx) {
  return util::builtin_err(ctx, "GraphQL support is being implemented");
}

}  // namespace

void register_graphql(Registry& r) {
  const Type kSchema = Type::any_of({Type::string(), Type::object_of()});
  r.add({.name = "graphql.parse",
         .args = {Type::string(), kSchema},
         .result = Type::array_of(Type::object_of()),
         .description = "Returns AST objects for a given GraphQL query and schema after "
                        "validating the query against the schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
  r.add({.name = "graphql.parse_and_verify",
         .args = {Type::string(), kSchema},
         .result = Type::array_of(Type::any()),
         .description = "Returns a boolean indicating success or failure alongside the parsed "
                        "ASTs for a given GraphQL query and schema after validating the query "
                        "against the schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
  r.add({.name = "graphql.parse_query",
         .args = {Type::string()},
         .result = Type::object_of(),
         .description = "Returns an AST object for a GraphQL query.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
  r.add({.name = "graphql.parse_schema",
         .args = {Type::string()},
         .result = Type::object_of(),
         .description = "Returns an AST object for a GraphQL schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
  r.add({.name = "graphql.is_valid",
         .args = {Type::string(), kSchema},
         .result = Type::boolean(),
         .description = "Checks that a GraphQL query is valid against a given schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
  r.add({.name = "graphql.schema_is_valid",
         .args = {kSchema},
         .result = Type::boolean(),
         .description = "Checks that the input is a valid GraphQL schema.",
         .category = "graphql",
         .fn = [](BuiltinContext& ctx, std::span<const Value>) { return not_ready(ctx); }});
}

}  // namespace custos::rego
