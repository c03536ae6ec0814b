// Language points found through the rego-cpp and regorus suites: chained rule bodies, the
// comprehension/collection ambiguity, call arity in values, root-document shadowing, numeric
// keys into data, v0 with future keywords; and the per-case entries of unsupported.txt.

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>

#include "rego/conformance.h"
#include "rego/parser.h"
#include "rego/rego.h"

namespace custos::rego {
namespace {

Result<Value> eval_one(const std::string& module, const std::string& query,
                       const CompileOptions& co = {}, const Value& data = Value()) {
  CUSTOS_TRY_ASSIGN(auto p, compile({{"t.rego", module}}, data, co));
  CUSTOS_TRY_ASSIGN(auto q, p->prepare(query));
  CUSTOS_TRY_ASSIGN(auto rs, q.eval());
  if (rs.empty()) return Value("<undefined>");
  return rs[0].expressions[0];
}

TEST(RegoSuites, ChainedRuleBodiesAreSeparateRules) {
  std::string m = "package t\nd := v if { input.a < 5; v := 1 } { input.a >= 5; v := 2 }\n";
  for (int a : {1, 9}) {
    CompileOptions co;
    auto p = compile({{"t.rego", m}}, Value(), co);
    ASSERT_TRUE(p) << p.error().to_string();
    auto q = (*p)->prepare("data.t.d");
    ASSERT_TRUE(q);
    Value input = Value::object({{Value("a"), Value(a)}});
    EvalOptions eo;
    eo.input = &input;
    auto rs = q->eval(eo);
    ASSERT_TRUE(rs && rs->size() == 1);
    EXPECT_EQ((*rs)[0].expressions[0], Value(a < 5 ? 1 : 2));
  }
}

TEST(RegoSuites, BarAfterFirstElementFallsBackToSetUnion) {
  std::string m = R"(package t
a := {1, 2}
b := {3}
g := [a | b]
h := [a | b, 4]
i := {"k": a | b, "l": 1}
k := [a - {1} | b]
m := {1 | 1}
)";
  EXPECT_EQ(*eval_one(m, "data.t.g"), Value::array({Value::set({Value(1), Value(2)})}));
  auto h = eval_one(m, "data.t.h");
  ASSERT_TRUE(h) << h.error().to_string();
  EXPECT_EQ(*h, Value::array({Value::set({Value(1), Value(2), Value(3)}), Value(4)}));
  auto i = eval_one(m, "data.t.i.k");
  ASSERT_TRUE(i) << i.error().to_string();
  EXPECT_EQ(*i, Value::set({Value(1), Value(2), Value(3)}));
  // OPA reads a comprehension only after a single term: here the head has an operator.
  EXPECT_EQ(*eval_one(m, "data.t.k"), Value::array({Value::set({Value(2), Value(3)})}));
  EXPECT_EQ(*eval_one(m, "data.t.m"), Value::set({Value(1)}));
}

TEST(RegoSuites, NestedCallWithExtraOperandIsTooManyArguments) {
  auto bad = eval_one("package t\nx = abs(-9, 10)\n", "data.t.x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kRegoType);
  EXPECT_NE(bad.error().message().find("abs: too many arguments"), std::string::npos);
  // As a whole expression the extra operand is the output, also with a comprehension operand.
  EXPECT_EQ(*eval_one("package t\nx if abs(-9, 9)\n", "data.t.x"), Value(true));
  auto n = eval_one("package t\nn := c if count([y | some y in [1, 2]], c)\n", "data.t.n");
  ASSERT_TRUE(n) << n.error().to_string();
  EXPECT_EQ(*n, Value(2));
}

TEST(RegoSuites, V1ForbidsShadowingRootDocuments) {
  auto var = eval_one("package t\nx if {\n  input := 1\n  input > 0\n}\n", "data.t");
  ASSERT_FALSE(var);
  EXPECT_EQ(var.error().code(), ErrorCode::kRegoCompile);
  EXPECT_NE(var.error().message().find("variables must not shadow input"), std::string::npos);
  auto rule = eval_one("package t\ndata := 1\n", "data.t");
  ASSERT_FALSE(rule);
  EXPECT_NE(rule.error().message().find("rules must not shadow data"), std::string::npos);
  // v0 modules keep OPA 0.x behaviour.
  EXPECT_TRUE(
      eval_one("package t\nx { input := 1; input > 0 }\n", "data.t.x", {.v0_compatible = true}));
}

TEST(RegoSuites, NumberKeysIntoDataUseTheirText) {
  Value data = Value::object({{Value("1.2"), Value("w")}, {Value("2"), Value("z")}});
  auto r = eval_one("package t\na := [data[1.2], data[2]]\n", "data.t.a", {}, data);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, Value::array({Value("w"), Value("z")}));
}

TEST(RegoSuites, V0WithFutureKeywordsWithoutImport) {
  std::string m = "package t\np[x] { x := 1 }\nq contains y if { some y in [2] }\n";
  EXPECT_FALSE(eval_one(m, "data.t", {.v0_compatible = true}));
  auto r = eval_one(m, "data.t.q", {.v0_compatible = true, .future_keywords = true});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, Value::set({Value(2)}));
}

TEST(RegoSuites, V0DotHeadWithoutIfIsAPartialSet) {
  // OPA v0: `p.a { ... }` (no `if`) defines p["a"] as a partial set member.
  auto r = eval_one("package t\np.a { true }\n", "data.t.p", {.v0_compatible = true});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, Value::set({Value("a")}));
}

TEST(RegoSuites, V1RuleWithoutBodyOrValueIsAParseError) {
  for (const char* head : {"p", "p.a.b"}) {
    auto r = parse_module(std::string("package t\n") + head + "\n", "t.rego");
    ASSERT_FALSE(r) << head;
    EXPECT_NE(r.error().message().find("rule must have a body or a value"), std::string::npos);
  }
  auto set = parse_module("package t\np[x]\n", "t.rego");
  ASSERT_FALSE(set);
  EXPECT_NE(set.error().message().find("`contains` keyword is required"), std::string::npos);
  EXPECT_TRUE(parse_module("package t\np contains 1\nq := 2\n", "t.rego"));
}

TEST(RegoSuites, RegoV1AndFutureKeywordsImportsAreExclusive) {
  auto r = parse_module("package t\nimport rego.v1\nimport future.keywords.in\n", "t.rego",
                        {.v0_compatible = true});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("mutually exclusive"), std::string::npos);
  EXPECT_TRUE(parse_module("package t\nimport future.keywords\nimport future.keywords\n", "t.rego",
                           {.v0_compatible = true}));
}

// OPA checks duplicate imports in Rego v1 modules (and v0 modules importing rego.v1): two
// imports binding one name are a compile error.
TEST(RegoSuites, RegoV1ModulesMustNotImportOneNameTwice) {
  auto twice = compile({{"t.rego", "package t\nimport rego.v1\nimport rego.v1\n"}}, Value(),
                       {.v0_compatible = true});
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code(), ErrorCode::kRegoCompile);
  EXPECT_EQ(twice.error().message(), "import must not shadow import rego.v1");
  auto alias = compile({{"t.rego", "package t\nimport data.a.foo\nimport data.b as foo\n"}});
  ASSERT_FALSE(alias);
  EXPECT_EQ(alias.error().message(), "import must not shadow import data.a.foo");
  EXPECT_TRUE(compile({{"t.rego", "package t\nimport data.a.foo\nimport data.b as bar\n"}}));
  // A v0 module without rego.v1 is not checked (OPA checks it only in strict mode).
  EXPECT_TRUE(compile({{"t.rego", "package t\nimport data.foo\nimport data.foo\n"}}, Value(),
                      {.v0_compatible = true}));
}

// v0: OPA's scanner skips newlines, so a rule body may open on the line after the head; v1
// still requires `if`.
TEST(RegoSuites, V0BodyMayStartOnTheLineAfterTheHead) {
  auto r = eval_one("package t\np[x]\n{\n  x := 1\n}\n", "data.t.p", {.v0_compatible = true});
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, Value::set({Value(1)}));
  auto v1 = parse_module("package t\np contains x\n{\n  x := 1\n}\n", "t.rego");
  ASSERT_FALSE(v1);
  EXPECT_EQ(v1.error().code(), ErrorCode::kRegoParse);
}

// OPA's type checker rejects unifications whose sides cannot match by shape ("match error");
// shapes that can match, or are unknown (refs, vars), compile.
TEST(RegoSuites, UnificationOfIncompatibleShapesIsAMatchError) {
  for (const char* body :
       {"[x, y] = [1, 2, 3]", "[x] = {\"key\": 1}", "{\"a\": x, \"b\": y} = {\"a\": 1, \"c\": 2}",
        "some [x, y] in [[1, 2, 3]]", "[x, [y]] := [1, [2, 3]]", "[x] = 1",
        "v := [z | z := 1; [a] = [1, 2]]"}) {
    auto r = compile({{"t.rego", std::string("package t\np if {\n  ") + body + "\n}\n"}});
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().code(), ErrorCode::kRegoType) << body;
    EXPECT_EQ(r.error().message(), "match error") << body;
  }
  for (const char* body : {"[x, y] = [1, 2]", "[x, y] = input.pair", "{\"a\": x} = {\"a\": [1]}",
                           "some [x, y] in [[1], [1, 2]]", "x = [1, 2]", "1 = 2"}) {
    EXPECT_TRUE(compile({{"t.rego", std::string("package t\np if {\n  ") + body + "\n}\n"}}))
        << body;
  }
  auto q = compile({{"t.rego", "package t\n"}});
  ASSERT_TRUE(q);
  auto prepared = (*q)->prepare("[x, y] = [1, 2, 3]");
  ASSERT_FALSE(prepared);
  EXPECT_EQ(prepared.error().message(), "match error");
}

// A function whose name has a key with a dot is called through its ref: the key stays one
// path segment (OPA keeps the call's ref).
TEST(RegoSuites, FunctionsCanBeCalledThroughARefWithADottedKey) {
  std::string m = R"(package t
fruit.apple.name = "apple"
fruit["color.name"](f, c) := concat(" ", [c, f.name])
fruit.color.name(f, c) := "wrong"
p := fruit["color.name"](fruit.apple, "red")
)";
  EXPECT_EQ(*eval_one(m, "data.t.p"), Value("red apple"));
  EXPECT_EQ(*eval_one(m, R"(data.t.fruit["color.name"](data.t.fruit.apple, "green"))"),
            Value("green apple"));
  auto missing = eval_one(m, R"(data.t.fruit["color.x"](1, 2))");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message(), R"(undefined function data.t.fruit["color.x"])");
}

TEST(RegoSuites, WithValuesThatAreCallsAreEvaluatedFirst) {
  std::string m = R"(package t
a := 5
b := 3
d := a - b if input.x > 0
r := v if { v := d with input.x as a + 1 with a as -1 with b as 5 }
f(x) := x + 1
g(x) := x * 10
h := y if { y := f(1) with f as g(2) }
k := y if { y := f(1) with f as g }
)";
  EXPECT_EQ(*eval_one(m, "data.t.r"), Value(-6));
  EXPECT_EQ(*eval_one(m, "data.t.h"), Value(20));
  EXPECT_EQ(*eval_one(m, "data.t.k"), Value(10));
}

TEST(RegoSuites, FunctionHeadMayHaveABlankBeforeItsArguments) {
  EXPECT_EQ(*eval_one("package t\nsum (a, b) := a + b\np := sum(5, 6)\n", "data.t.p"), Value(11));
}

TEST(RegoSuites, DefaultValueMustBeConstant) {
  for (const char* v : {"input.a", "y", "1 + 2", "[1, x]"}) {
    auto r = parse_module(std::string("package t\ndefault s := ") + v + "\n", "t.rego");
    ASSERT_FALSE(r) << v;
    EXPECT_NE(r.error().message().find("illegal default rule"), std::string::npos);
  }
  EXPECT_TRUE(parse_module("package t\ndefault s := set()\ndefault c := [x | x := 1]\n", "t.rego"));
}

TEST(RegoSuites, KnownFailuresAreKeyedLikeTheLedger) {
  std::string path = std::string(CUSTOS_BINARY_DIR) + "/suites_test_unsupported.txt";
  {
    std::ofstream out(path);
    out << "# comment\nhttp.send: hermetic\n"
        << "case suite/a.yaml: note: with colon => why it fails\n";
  }
  auto builtins = load_unsupported(path);
  ASSERT_TRUE(builtins);
  EXPECT_EQ(builtins->size(), 1u);
  EXPECT_EQ(builtins->at("http.send"), "hermetic");
  auto cases = load_known_failures(path);
  ASSERT_TRUE(cases);
  ASSERT_EQ(cases->size(), 1u);
  EXPECT_EQ(cases->at("suite/a.yaml: note: with colon"), "why it fails");
  {
    std::ofstream out(path);
    out << "case suite/a.yaml: no reason\n";
  }
  EXPECT_FALSE(load_known_failures(path));
  std::remove(path.c_str());
}

// The runner flags failures where an expected error was raised and only its message differs;
// such cases still fail.
TEST(RegoSuites, FailuresWithOnlyDifferentErrorWordingAreFlagged) {
  auto run = [](const std::string& name, const std::string& yaml) {
    std::string path = std::string(CUSTOS_BINARY_DIR) + "/" + name;
    {
      std::ofstream out(path);
      out << yaml;
    }
    auto outcomes = run_conformance_file(path, name, {});
    std::remove(path.c_str());
    return outcomes;
  };
  const std::string module = "package t\np := 1 / 0\nq := 1\n";
  auto opa = run(
      "wording_opa_test.yaml",
      "cases:\n"
      "- note: wording\n  query: data.t.p = x\n  modules: ['" +
          module +
          "']\n"
          "  strict_error: true\n  want_error_code: eval_builtin_error\n  want_error: other words\n"
          "- note: code\n  query: data.t.p = x\n  modules: ['" +
          module +
          "']\n"
          "  strict_error: true\n  want_error_code: eval_type_error\n  want_error: divide by zero\n"
          "- note: success\n  query: data.t.q = x\n  modules: ['" +
          module +
          "']\n"
          "  want_error: other words\n"
          "- note: unexpected\n  query: data.t.p = x\n  modules: ['" +
          module +
          "']\n"
          "  strict_error: true\n  want_result: [{x: 1}]\n"
          "- note: same\n  query: data.t.p = x\n  modules: ['" +
          module +
          "']\n"
          "  strict_error: true\n  want_error_code: eval_builtin_error\n  want_error: divide by "
          "zero\n");
  ASSERT_TRUE(opa) << opa.error().message();
  ASSERT_EQ(opa->size(), 5u);
  std::map<std::string, std::pair<CaseOutcome::Status, bool>> got;
  for (const auto& o : *opa) got[o.note] = {o.status, o.error_wording_only};
  using S = CaseOutcome::Status;
  EXPECT_EQ(got["wording"], std::make_pair(S::kFail, true));
  EXPECT_EQ(got["code"], std::make_pair(S::kFail, false));
  EXPECT_EQ(got["success"], std::make_pair(S::kFail, false));
  EXPECT_EQ(got["unexpected"], std::make_pair(S::kFail, false));
  EXPECT_EQ(got["same"], std::make_pair(S::kPass, false));
  // regorus' format names no error code: any raised error with other words is wording only.
  auto regorus = run("regorus_wording_test.yaml",
                     "cases:\n"
                     "- note: wording\n  query: data.t.p\n  modules: ['" +
                         module +
                         "']\n  strict: true\n"
                         "  error: other words\n"
                         "- note: success\n  query: data.t.q\n  modules: ['" +
                         module +
                         "']\n"
                         "  error: other words\n");
  ASSERT_TRUE(regorus) << regorus.error().message();
  ASSERT_EQ(regorus->size(), 2u);
  EXPECT_EQ((*regorus)[0].status, S::kFail);
  EXPECT_TRUE((*regorus)[0].error_wording_only);
  EXPECT_EQ((*regorus)[1].status, S::kFail);
  EXPECT_FALSE((*regorus)[1].error_wording_only);
}

}  // namespace
}  // namespace custos::rego
