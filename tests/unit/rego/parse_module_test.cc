// rego.parse_module: OPA's AST JSON shape for the covered constructs, and parse errors.

#include <gtest/gtest.h>

#include "rego/rego.h"

namespace custos::rego {
namespace {

Result<Value> parse(const std::string& source) {
  CUSTOS_TRY_ASSIGN(auto p, compile({{"t.rego", "package t\n"}}));
  CUSTOS_TRY_ASSIGN(auto q, p->prepare("x := rego.parse_module(\"m.rego\", input)"));
  Value input(source);
  EvalOptions o;
  o.input = &input;
  o.strict_builtin_errors = true;
  CUSTOS_TRY_ASSIGN(auto r, q.eval(o));
  return r.at(0).bindings.at(0).second;
}

Value json(std::string_view text) { return *Value::parse_json(text); }

TEST(RegoParseModule, PackageImportsAndRules) {
  auto ast =
      parse("package a.b\nimport data.x as y\np := 1\nq contains v if { some v in [1]; v > 0 }\n");
  ASSERT_TRUE(ast) << ast.error().to_string();
  EXPECT_EQ(*ast->find("package"), json(R"({"path": [{"type": "var", "value": "data"},
    {"type": "string", "value": "a"}, {"type": "string", "value": "b"}]})"));
  EXPECT_EQ(*ast->find("imports"), json(R"([{"alias": "y", "path": {"type": "ref", "value": [
    {"type": "var", "value": "data"}, {"type": "string", "value": "x"}]}}])"));
  const Value& rules = *ast->find("rules");
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules.as_array()[0], json(R"({
    "head": {"name": "p", "ref": [{"type": "var", "value": "p"}],
             "value": {"type": "number", "value": 1}, "assign": true},
    "body": [{"index": 0, "terms": {"type": "boolean", "value": true}}]})"));
  const Value& q = rules.as_array()[1];
  EXPECT_EQ(*q.find("head")->find("key"), json(R"({"type": "var", "value": "v"})"));
  EXPECT_EQ(q.find("body")->as_array()[1], json(R"({"index": 1, "terms": [
    {"type": "ref", "value": [{"type": "var", "value": "gt"}]},
    {"type": "var", "value": "v"}, {"type": "number", "value": 0}]})"));
  EXPECT_EQ(q.find("body")->as_array()[0], json(R"({"index": 0, "terms": {"symbols": [
    {"type": "call", "value": [
      {"type": "ref", "value": [{"type": "var", "value": "internal"},
                                {"type": "string", "value": "member_2"}]},
      {"type": "var", "value": "v"},
      {"type": "array", "value": [{"type": "number", "value": 1}]}]}]}})"));
}

TEST(RegoParseModule, ParseErrorsAreBuiltinErrors) {
  auto r = parse("package foo.");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kEvalBuiltin);
  EXPECT_NE(r.error().message().find("rego_parse_error: unexpected eof token: expected ident"),
            std::string::npos)
      << r.error().message();
}

}  // namespace
}  // namespace custos::rego
