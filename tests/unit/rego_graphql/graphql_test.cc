// graphql.* builtins: AST shape (gqlparser field names as OPA returns them), syntax errors with
// positions, schema validation, query validation rules, limits on untrusted input.

#include <gtest/gtest.h>

#include <any>
#include <string>
#include <unordered_map>

#include "rego/builtins/registry.h"

namespace custos::rego {
namespace {

BuiltinResult call(std::string_view name, std::vector<Value> args) {
  const BuiltinDecl* decl = Registry::defaults().find(name);
  EXPECT_NE(decl, nullptr) << name;
  std::unordered_map<std::string, std::any> cache;
  BuiltinContext ctx;
  ctx.name = decl->name;
  ctx.cache = &cache;
  return decl->fn(ctx, args);
}

std::string show(const BuiltinResult& r) {
  if (!r) return "error: " + r.error().message();
  if (!*r) return "undefined";
  return (*r)->to_json();
}

Value json(std::string_view text) {
  auto v = Value::parse_json(text);
  EXPECT_TRUE(v.has_value()) << text;
  return v ? *v : Value();
}

bool is_valid(std::string_view query, std::string_view schema) {
  auto r = call("graphql.is_valid", {Value(query), Value(schema)});
  EXPECT_TRUE(r && *r && (*r)->is_bool());
  return r && *r && (*r)->as_bool();
}

bool schema_ok(std::string_view schema) {
  auto r = call("graphql.schema_is_valid", {Value(schema)});
  EXPECT_TRUE(r && *r && (*r)->is_bool());
  return r && *r && (*r)->as_bool();
}

constexpr std::string_view kSchema = R"(
  schema { query: Query mutation: Mutation }
  enum Episode { NEWHOPE EMPIRE JEDI }
  interface Character { id: ID! name: String friends: [Character] }
  type Human implements Character { id: ID! name: String friends: [Character] height: Float }
  type Droid implements Character { id: ID! name: String friends: [Character] primaryFunction: String }
  union SearchResult = Human | Droid
  input ReviewInput { stars: Int! commentary: String }
  type Query {
    hero(episode: Episode): Character
    human(id: ID!): Human
    search(text: String): [SearchResult]
    count(limit: Int = 10): Int
  }
  type Mutation { createReview(episode: Episode!, review: ReviewInput!): Int }
)";

TEST(GraphqlParse, QueryAstUsesGqlparserFieldNames) {
  auto r = call("graphql.parse_query",
                {Value("query Q($e: Episode = JEDI) { a: hero(episode: $e) { name } }")});
  ASSERT_TRUE(r && *r) << show(r);
  EXPECT_EQ((*r)->to_json(),
            json(R"({"Operations":[{"Name":"Q","Operation":"query","SelectionSet":[{"Alias":"a",
              "Arguments":[{"Name":"episode","Value":{"ExpectedTypeHasDefault":false,"Kind":0,
              "Raw":"e"}}],"Name":"hero","SelectionSet":[{"Alias":"name","Name":"name"}]}],
              "VariableDefinitions":[{"DefaultValue":{"ExpectedTypeHasDefault":false,"Kind":7,
              "Raw":"JEDI"},"Type":{"NamedType":"Episode","NonNull":false},"Used":false,
              "Variable":"e"}]}]})")
                .to_json());
}

TEST(GraphqlParse, SchemaAstAndBlockStringDescription) {
  auto r = call("graphql.parse_schema",
                {Value("\"\"\"\n    Hello\n      indented\n  \"\"\"\ntype A { b: [Int!]! }")});
  ASSERT_TRUE(r && *r) << show(r);
  EXPECT_EQ((*r)->to_json(),
            json(R"({"Definitions":[{"BuiltIn":false,"Description":"Hello\n  indented",
              "Fields":[{"Description":"","Name":"b","Type":{"Elem":{"NamedType":"Int",
              "NonNull":true},"NamedType":"","NonNull":true}}],"Kind":"OBJECT","Name":"A"}]})")
                .to_json());
}

TEST(GraphqlParse, SyntaxErrorsCarryGqlparserMessageAndPosition) {
  EXPECT_EQ(show(call("graphql.parse_query", {Value("{\n  a(x: $)\n}")})),
            "error: graphql.parse_query: Expected Name, found ) in GraphQL string at location 2:9");
  EXPECT_EQ(show(call("graphql.parse_query", {Value("query { a(x: \"open) }")})),
            "error: graphql.parse_query: Unexpected <Invalid> in GraphQL string at location 1:22");
  EXPECT_EQ(show(call("graphql.parse_schema", {Value("type A { b: Int } bogus")})),
            "error: graphql.parse_schema: Unexpected Name \"bogus\" in GraphQL string at "
            "location 1:19");
  auto type_err = call("graphql.parse_query", {Value(1)});
  ASSERT_FALSE(type_err);
  EXPECT_EQ(type_err.error().code(), ErrorCode::kEvalType);
}

TEST(GraphqlParse, NestingAndSizeAreBounded) {
  std::string deep = "{ a(x: " + std::string(5000, '[') + std::string(5000, ']') + ") }";
  EXPECT_NE(show(call("graphql.parse_query", {Value(deep)})).find("nested too deeply"),
            std::string::npos);
  std::string sels;
  for (int i = 0; i < 1000; ++i) sels += "{ a ";
  EXPECT_NE(show(call("graphql.parse_query", {Value(sels)})).find("nested too deeply"),
            std::string::npos);
  std::string big(2 << 20, ' ');
  EXPECT_NE(show(call("graphql.parse_query", {Value(big)})).find("larger than"), std::string::npos);
}

TEST(GraphqlSchema, Validation) {
  EXPECT_TRUE(schema_ok(kSchema));
  EXPECT_TRUE(schema_ok("extend type Query { a: Int }"));  // extending creates the type
  EXPECT_FALSE(schema_ok("type Query { a: Missing }"));
  EXPECT_FALSE(schema_ok("type A { a: Int } type A { b: Int }"));
  EXPECT_FALSE(schema_ok("input I { a: Query } type Query { q(i: I): Int }"));
  EXPECT_FALSE(schema_ok("type Query { a(x: Query): Int }"));
  EXPECT_FALSE(schema_ok("union U = Int"));
  EXPECT_FALSE(schema_ok("interface I { a: Int } type T implements I { b: Int }"));
  EXPECT_FALSE(
      schema_ok("interface I { a: Int } interface J implements I { a: Int } "
                "type T implements J { a: Int }"));
  EXPECT_FALSE(schema_ok("schema { query: Nope }"));
  EXPECT_FALSE(schema_ok("scalar S @deprecated"));  // not applicable on SCALAR
  EXPECT_FALSE(schema_ok("type Query { a: Int @nope }"));
  EXPECT_FALSE(schema_ok("type __Mine { a: Int }"));
  EXPECT_FALSE(schema_ok("scalar A extend type A { b: Int }"));
}

TEST(GraphqlValidate, AcceptsValidQueries) {
  EXPECT_TRUE(is_valid("{ hero { name ... on Droid { primaryFunction } } }", kSchema));
  EXPECT_TRUE(
      is_valid("query ($e: Episode = JEDI) { hero(episode: $e) { id __typename } }", kSchema));
  EXPECT_TRUE(is_valid("{ search(text: \"x\") { ... on Human { height } } count }", kSchema));
  EXPECT_TRUE(is_valid("mutation { createReview(episode: JEDI, review: {stars: 5}) }", kSchema));
  EXPECT_TRUE(
      is_valid("query ($id: ID!) { ...F } fragment F on Query { human(id: $id) { id } }", kSchema));
  EXPECT_TRUE(
      is_valid("{ __schema { types { name } } __type(name: \"Human\") { kind } }", kSchema));
  EXPECT_TRUE(is_valid("query ($n: Int) { count(limit: $n) }", kSchema));
}

TEST(GraphqlValidate, RejectsInvalidQueries) {
  EXPECT_FALSE(is_valid("{ nope }", kSchema));                        // unknown field
  EXPECT_FALSE(is_valid("{ human { id } }", kSchema));                // required arg
  EXPECT_FALSE(is_valid("{ human(id: 1, x: 2) { id } }", kSchema));   // unknown arg
  EXPECT_FALSE(is_valid("{ hero }", kSchema));                        // needs subfields
  EXPECT_FALSE(is_valid("{ count { a } }", kSchema));                 // leaf
  EXPECT_FALSE(is_valid("{ hero(episode: MARS) { id } }", kSchema));  // enum value
  EXPECT_FALSE(is_valid("{ count(limit: \"ten\") }", kSchema));       // scalar kind
  EXPECT_FALSE(is_valid("query ($x: Int) { count }", kSchema));       // unused var
  EXPECT_FALSE(is_valid("{ count(limit: $x) }", kSchema));            // undefined var
  EXPECT_FALSE(is_valid("query ($i: String) { human(id: $i) { id } }", kSchema));  // position
  EXPECT_FALSE(is_valid("{ ...Missing }", kSchema));
  EXPECT_FALSE(is_valid("{ count } fragment F on Query { count }", kSchema));  // unused
  EXPECT_FALSE(is_valid("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
                        kSchema));  // cycle
  EXPECT_FALSE(is_valid("{ hero { ... on Episode { id } } }", kSchema));
  EXPECT_FALSE(is_valid("{ count @nope }", kSchema));
  EXPECT_FALSE(is_valid("{ count @skip(if: true) @skip(if: false) }", kSchema));
  EXPECT_FALSE(is_valid("subscription { count }", kSchema));
  EXPECT_FALSE(is_valid("{ count } { count }", kSchema));
  EXPECT_FALSE(is_valid("mutation { createReview(episode: JEDI, review: {}) }", kSchema));
  EXPECT_FALSE(is_valid("{ search { ... on Query { count } } }", kSchema));  // impossible spread
  EXPECT_FALSE(is_valid("{", kSchema));                                      // syntax
  EXPECT_FALSE(is_valid("{ count }", "type Query {"));                       // schema syntax
}

TEST(GraphqlValidate, ParseReportsFirstErrorWithQueryPosition) {
  EXPECT_EQ(show(call("graphql.parse", {Value("{\n  nope\n}"), Value(kSchema)})),
            "error: graphql.parse: Cannot query field \"nope\" on type \"Query\" in GraphQL "
            "query string at location 2:3");
  auto ok =
      call("graphql.parse_and_verify", {Value("{ count }"), Value("type Query { count: Int }")});
  ASSERT_TRUE(ok && *ok);
  EXPECT_EQ((*ok)->to_json(),
            json(R"([true,{"Operations":[{"Name":"","Operation":"query","SelectionSet":[
              {"Alias":"count","Name":"count"}]}]},{"Definitions":[{"BuiltIn":false,
              "Description":"","Fields":[{"Description":"","Name":"count","Type":{
              "NamedType":"Int","NonNull":false}}],"Kind":"OBJECT","Name":"Query"}]}])")
                .to_json());
  EXPECT_EQ(show(call("graphql.parse_and_verify", {Value("{ nope }"), Value(kSchema)})),
            "[false,{},{}]");
}

TEST(GraphqlValidate, WorkIsBounded) {
  // Each operation re-walks the spread fragment: 3000 x 1000 selections exceed the budget.
  std::string q;
  for (int i = 0; i < 3000; ++i) q += "query q" + std::to_string(i) + " { ...A } ";
  q += "fragment A on Query {";
  for (int i = 0; i < 1000; ++i) q += " count";
  q += " }";
  EXPECT_NE(show(call("graphql.parse", {Value(q), Value(kSchema)})).find("step budget exceeded"),
            std::string::npos);
}

TEST(GraphqlValidate, AcceptsAstObjects) {
  auto q = call("graphql.parse_query", {Value("{ human(id: \"1\") { name } }")});
  auto s = call("graphql.parse_schema", {Value(kSchema)});
  ASSERT_TRUE(q && *q && s && *s);
  auto r = call("graphql.is_valid", {**q, **s});
  ASSERT_TRUE(r && *r);
  EXPECT_EQ((*r)->to_json(), "true");
  auto bad = call("graphql.parse_query", {Value("{ human { name } }")});
  ASSERT_TRUE(bad && *bad);
  auto r2 = call("graphql.is_valid", {**bad, **s});
  ASSERT_TRUE(r2 && *r2);
  EXPECT_EQ((*r2)->to_json(), "false");
}

}  // namespace
}  // namespace custos::rego
