// Parser: v1/v0 syntax, errors with locations.

#include <gtest/gtest.h>

#include "rego/parser.h"

namespace custos::rego {
namespace {

TEST(RegoParser, ParsesV1Module) {
  auto m = parse_module(R"(package a.b
import rego.v1
default allow := false
allow if { input.x == 1 }
s contains x if some x in [1, 2]
f(x) := y if { y := x + 1 } else := 0
o[k].v := 1 if k := "z"
)",
                        "p.rego");
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_EQ((*m)->package_path, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*m)->rules.size(), 5u);
  EXPECT_TRUE((*m)->rules[0]->is_default);
  EXPECT_NE((*m)->rules[3]->else_rule, nullptr);
}

TEST(RegoParser, V1RequiresIf) {
  auto m = parse_module("package a\np { true }\n", "p.rego");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse);
  ASSERT_TRUE(m.error().span());
  EXPECT_EQ(m.error().span()->line, 2u);
  EXPECT_EQ(m.error().span()->file, "p.rego");
}

TEST(RegoParser, V0PartialSetAndFutureKeywords) {
  auto m = parse_module("package a\np[x] { x := 1 }\n", "p.rego", {.v0_compatible = true});
  ASSERT_TRUE(m) << m.error().to_string();
  EXPECT_NE((*m)->rules[0]->contains, nullptr);
  auto f = parse_module("package a\nimport future.keywords.in\nq { 1 in [1] }\n", "q.rego");
  ASSERT_TRUE(f) << f.error().to_string();
  EXPECT_FALSE((*f)->v1);
}

TEST(RegoParser, ReportsUnterminatedString) {
  auto m = parse_module("package a\np := \"abc\n", "p.rego");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse);
}

TEST(RegoParser, QueryAndTemplate) {
  auto q = parse_query(R"(x := 1; y := $"v={x + 1}")");
  ASSERT_TRUE(q) << q.error().to_string();
  EXPECT_EQ((*q)->size(), 2u);
}

}  // namespace
}  // namespace custos::rego
