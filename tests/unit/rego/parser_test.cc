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

// OPA's unary minus (its parser's parseTerm/parseNumber): a negative literal before a number,
// minus(0, x) before a var or ref, and a parse error before anything else.
TEST(RegoParser, UnaryMinusFollowsOpa) {
  for (const char* ok : {"p := -1", "p := - 1", "p := -\n 1", "p := -x if x := 2", "p := -input.n",
                         "p := -count([1])", "p := 3 - -1"}) {
    auto m = parse_module(std::string("package a\n") + ok + "\n", "p.rego");
    EXPECT_TRUE(m) << ok << ": " << m.error().to_string();
  }
  for (const char* bad : {"p := - -1", "p := -(1 + 2)", "p := -[1]", "p := -{1}", "p := -\"a\""}) {
    auto m = parse_module(std::string("package a\n") + bad + "\n", "p.rego");
    ASSERT_FALSE(m) << bad;
    EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse) << bad;
    EXPECT_NE(m.error().message().find("expected number"), std::string::npos)
        << bad << ": " << m.error().to_string();
  }
  // `- 1` is a literal, so it may be a default value.
  EXPECT_TRUE(parse_module("package a\ndefault p := - 1\n", "p.rego"));
}

// Found by fuzz_rego_parser (timeout): a comprehension reading that fails at a comma after
// its body read nested collections, which the collection reading then read again, at each
// level: 2^depth parses. These complete only if each collection is read a bounded number
// of times.
TEST(RegoParser, FailedComprehensionAttemptsDoNotReparseNestedCollections) {
  const int depth = 20;  // two failed attempts per level: 2^40 parses before the fix
  std::string nested = "package a\np := ";
  for (int i = 0; i < depth; ++i) nested += "{x | a[{y | b[";
  nested += "1";
  for (int i = 0; i < depth; ++i) nested += "], 2}], 3}";
  auto m = parse_module(nested + "\n", "p.rego");
  ASSERT_TRUE(m) << m.error().to_string();
  // The same shape left unclosed is an error, still without the blow-up.
  std::string open = "package a\np := ";
  for (int i = 0; i < depth; ++i) open += "{x | a[{y | b[1], ";
  auto bad = parse_module(open + "\n", "p.rego");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kRegoParse);
  ASSERT_TRUE(parse_query(nested.substr(std::string("package a\np := ").size())));
}

// A comprehension that is the first element of a collection reads its body as statements:
// `|` there is set union.
TEST(RegoParser, ComprehensionBodiesReadUnionsInEveryPosition) {
  for (const char* src : {"p := {[y | y := {1} | {2}]}", "p := [[y | y := {1} | {2}], 3]",
                          "p := {[y | y := {1} | {2}]: 1}", "p := {1: [y | y := {1} | {2}]}"}) {
    auto m = parse_module(std::string("package a\n") + src + "\n", "p.rego");
    EXPECT_TRUE(m) << src << ": " << m.error().to_string();
  }
}

// Found by fuzz_rego_parser: each `[`/`{` first tries the comprehension reading and, when
// that fails, read its first element again, so nesting cost 2^depth parses. These complete
// only if every level is read once.
TEST(RegoParser, NestedCollectionsAreReadOnce) {
  const int depth = 40;
  std::string arrays = "package a\np := " + std::string(depth, '[') + "1" + std::string(depth, ']');
  auto m = parse_module(arrays + "\n", "p.rego");
  ASSERT_TRUE(m) << m.error().to_string();
  auto unclosed = parse_module("package a\np := " + std::string(depth, '[') + "\n", "p.rego");
  ASSERT_FALSE(unclosed);
  EXPECT_EQ(unclosed.error().code(), ErrorCode::kRegoParse);
  std::string objects = "package a\np := ";
  for (int i = 0; i < depth; ++i) objects += "{\"k\": ";
  objects += "1" + std::string(depth, '}');
  ASSERT_TRUE(parse_module(objects + "\n", "p.rego"));
  // Heads that are not comprehensions after all (`|` then a comma, an infix operator).
  std::string mixed = "package a\np := ";
  for (int i = 0; i < depth; ++i) mixed += "[x[[1 | 2]] - ";
  mixed += "1" + std::string(depth, ']');
  auto q = parse_module(mixed + "\n", "p.rego");
  ASSERT_TRUE(q) << q.error().to_string();
  // Comprehensions and unions still read as before.
  ASSERT_TRUE(parse_module(
      "package a\np := [x | some x in [1, 2]]\nq := [{1} | {2}, 3]\n"
      "r := {k: v | some k, v in {\"a\": 1}}\ns := x[a | b] if { a := {1}; b := {2}; x := {} }\n",
      "p.rego"));
}

// Found by fuzz_rego_parser (stack overflow on ~250 nested parentheses): nesting is bounded
// with a clear parse error.
TEST(RegoParser, NestingDepthIsBounded) {
  auto deep = parse_module(
      "package a\np := " + std::string(500, '(') + "1" + std::string(500, ')') + "\n", "p.rego");
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kRegoParse);
  EXPECT_NE(deep.error().message().find("nested too deeply"), std::string::npos);
  EXPECT_TRUE(parse_module(
      "package a\np := " + std::string(100, '(') + "1" + std::string(100, ')') + "\n", "p.rego"));
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
  // In v0, `import future.keywords.in` makes `in` a keyword.
  const char* v0_in = "package a\nimport future.keywords.in\nq { 1 in [1] }\n";
  auto f = parse_module(v0_in, "q.rego", {.v0_compatible = true});
  ASSERT_TRUE(f) << f.error().to_string();
  EXPECT_FALSE((*f)->v1);
}

// OPA 1.x: a v1 module may import future.keywords (a no-op) and stays v1, so v0 rule syntax
// is still an error. custos used to read any module whose text mentioned `future.keywords`
// (even in a comment) as v0, which broke valid v1 modules.
TEST(RegoParser, FutureKeywordsImportsAreNoOpsInV1) {
  auto v0_rule = parse_module("package a\nimport future.keywords.in\nq { 1 in [1] }\n", "q.rego");
  ASSERT_FALSE(v0_rule);
  EXPECT_NE(v0_rule.error().message().find("`if` keyword is required"), std::string::npos)
      << v0_rule.error().to_string();
  auto v1 = parse_module(
      "package a\nimport future.keywords\nimport future.keywords.in\n"
      "s contains x if some x in [1]\n",
      "s.rego");
  ASSERT_TRUE(v1) << v1.error().to_string();
  EXPECT_TRUE((*v1)->v1);
  auto comment =
      parse_module("package a\n# no future.keywords import needed\nq if 1 == 1\n", "c.rego");
  ASSERT_TRUE(comment) << comment.error().to_string();
  EXPECT_TRUE((*comment)->v1);
  for (const char* bad : {"import future.keywords.foo", "import future.keywords.in.x",
                          "import future.other", "import future.keywords.in as k"}) {
    auto m = parse_module(std::string("package a\n") + bad + "\n", "b.rego");
    ASSERT_FALSE(m) << bad;
    EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse) << bad;
  }
}

// OPA's parser allows `else` only on rules with one value and a ground head. Found by
// fuzz_rego_compiler: a v0 partial set with an else chain was accepted and its evaluation
// read a null rule value (a segfault in Release).
TEST(RegoParser, ElseOnlyOnSingleValueRulesWithGroundHeads) {
  struct Bad {
    const char* src;
    bool v0;
    const char* message;
  };
  for (const Bad& b : {
           Bad{"p[x] { x := 1 }\nelse = 0 { true }", true, "multi-value rules"},
           Bad{"p contains x if { x := 1 } else := 0", false, "multi-value rules"},
           Bad{"p[x] = 1 { x := 1 }\nelse = 0 { true }", true, "rules with variables in head"},
           Bad{"p[x] := 1 if { x := 1 } else := 0", false, "rules with variables in head"},
           Bad{"p.q[[x]].r := 1 if { x := 1 } else := 0", false, "rules with variables in head"},
       }) {
    auto m =
        parse_module(std::string("package a\n") + b.src + "\n", "p.rego", {.v0_compatible = b.v0});
    ASSERT_FALSE(m) << b.src;
    EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse) << b.src;
    EXPECT_NE(m.error().message().find(std::string("else keyword cannot be used on ") + b.message),
              std::string::npos)
        << b.src << ": " << m.error().to_string();
  }
  for (const char* ok :
       {"p.a.b := 1 if { false } else := 2", "p[\"a\"][[1]] := 1 if false else := 2",
        "f(x) := 1 if { x > 1 } else := 2", "p := 1 if false else := 2"}) {
    auto m = parse_module(std::string("package a\n") + ok + "\n", "p.rego");
    EXPECT_TRUE(m) << ok << ": " << m.error().to_string();
  }
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

// Errors inside a template part point at the part in the file, on any line of the string.
TEST(RegoParser, TemplatePartErrorsPointIntoTheFile) {
  auto m = parse_module("package a\nx := $\"abc {1 wit}\"\n", "p.rego");
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code(), ErrorCode::kRegoParse);
  ASSERT_TRUE(m.error().span());
  EXPECT_EQ(m.error().span()->line, 2u);
  EXPECT_EQ(m.error().span()->column, 15u);
  m = parse_module("package a\nx := $`a\nbc {1 +\n 2 wit}`\n", "p.rego");
  ASSERT_FALSE(m);
  ASSERT_TRUE(m.error().span());
  EXPECT_EQ(m.error().span()->line, 4u);
  EXPECT_EQ(m.error().span()->column, 4u);
}

// Term::clone copies every field: else chains and multi-value rules are built from clones, and a
// lost operator or bracket flag would change how the copy evaluates or prints.
TEST(RegoParser, CloneKeepsEveryAnnotation) {
  Term call;
  call.kind = TermKind::kCall;
  call.name = "internal.member_2";
  call.op = CallOp::kMember;
  call.bracket = true;
  call.wildcard = true;
  call.slot = 7;
  call.folded_next = 3;
  Value base(1);
  call.base_value = &base;
  call.call_path = {"a", "b.c"};
  auto copy = call.clone();
  EXPECT_EQ(copy->op, CallOp::kMember);
  EXPECT_TRUE(copy->bracket);
  EXPECT_TRUE(copy->wildcard);
  EXPECT_EQ(copy->slot, 7);
  EXPECT_EQ(copy->folded_next, 3u);
  EXPECT_EQ(copy->base_value, &base);
  EXPECT_EQ(copy->call_path, call.call_path);
}

}  // namespace
}  // namespace custos::rego
