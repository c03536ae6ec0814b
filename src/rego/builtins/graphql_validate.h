#pragma once
// GraphQL schema construction and query validation (spec October 2021 §3 type system, §5
// validation) over the Rego-value ASTs of graphql_parser.h, or over AST objects supplied by a
// policy (as OPA accepts them: gqlparser field names, missing members read as Go zero values).
// Messages follow gqlparser v2. Internal to the graphql builtin family.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "rego/builtins/graphql_parser.h"

namespace custos::rego::graphql {

// A type-system definition after extensions were merged (gqlparser's ast.Definition).
struct TypeDef {
  std::string kind;  // "SCALAR", "OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT"
  std::string name;
  std::vector<Value> fields;  // FieldDefinition objects (Name, Arguments, Type, DefaultValue)
  std::vector<std::string> interfaces;
  std::vector<std::string> types;  // union members
  std::vector<Value> enum_values;
  std::vector<Value> directives;
  bool builtin = false;
  int line = 0, column = 0;
  // Lookup indexes over `fields` and `enum_values`, built by index() once merging is done.
  std::map<std::string, std::size_t, std::less<>> field_index;
  std::set<std::string, std::less<>> enum_names;

  // The field definition named `field_name` (linear scan until index() ran), or nullptr.
  const Value* field(std::string_view field_name) const;
  void index();
};

// A validated schema: the prelude (built-in scalars, directives, introspection types) plus
// the document's definitions. Immutable after build_schema().
struct Schema {
  std::map<std::string, TypeDef, std::less<>> types;
  std::map<std::string, Value, std::less<>> directives;  // DirectiveDefinition objects
  // Valid locations of each directive (names as in DirectiveDefinition.Locations).
  std::map<std::string, std::set<std::string, std::less<>>, std::less<>> directive_locations;
  std::string query, mutation, subscription;  // root type names, "" when absent

  const TypeDef* type(std::string_view name) const;
};

// A validation error: message (without the trailing period removed) and 1-based position, or
// 0:0 when the AST node carried no position.
struct ValidationError {
  std::string message;
  int line = 0;
  int column = 0;
};

// Merges the prelude and `schema_doc` (a SchemaDocument AST) and validates the result as
// gqlparser's ValidateSchemaDocument does. Errors: the first problem found.
tl::expected<std::shared_ptr<const Schema>, ValidationError> build_schema(const Value& schema_doc);

// Validates `query_doc` (a QueryDocument AST) against `schema` with the spec's validation
// rules. Returns the first error, or std::nullopt when the query is valid.
std::optional<ValidationError> validate_query(const Schema& schema, const Value& query_doc);

// ---- AST accessors shared by the validator files (missing members read as zero values) ----
std::string_view get_str(const Value& node, std::string_view key);
std::span<const Value> get_list(const Value& node, std::string_view key);
const Value* get_obj(const Value& node, std::string_view key);
bool get_bool(const Value& node, std::string_view key);
int get_int(const Value& node, std::string_view key);
// Position {Line, Column} of a node (0:0 when absent).
ValidationError error_at(const Value& node, std::string message);
// A type reference (ast.Type: NamedType, Elem, NonNull) as GraphQL text, e.g. "[String!]!".
std::string type_string(const Value& type);
// The innermost named type of a type reference.
std::string_view named_type(const Value& type);

}  // namespace custos::rego::graphql
