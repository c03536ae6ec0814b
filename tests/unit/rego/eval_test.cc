// Compiler and evaluator: results, undefined vs false, errors with OPA codes, with, indexing,
// limits, concurrency.

#include <gtest/gtest.h>

#include <thread>

#include "rego/rego.h"

namespace custos::rego {
namespace {

Result<std::vector<QueryResult>> run(const std::string& module, const std::string& query,
                                     const Value* input = nullptr, const Value& data = Value()) {
  CUSTOS_TRY_ASSIGN(auto p, compile({{"t.rego", module}}, data));
  CUSTOS_TRY_ASSIGN(auto q, p->prepare(query));
  EvalOptions o;
  o.input = input;
  return q.eval(o);
}

Value first(const Result<std::vector<QueryResult>>& r) {
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || r->empty()) return Value("<undefined>");
  return (*r)[0].expressions[0];
}

// The first value of `query` on `policy`, or "<undefined>".
Value first_of(const Policy& policy, const std::string& query) {
  auto q = policy.prepare(query);
  EXPECT_TRUE(q) << query;
  if (!q) return Value("<error>");
  return first(q->eval(EvalOptions{}));
}

TEST(RegoEval, CompleteRulesDefaultsAndUndefined) {
  std::string m =
      "package t\ndefault allow := false\nallow if input.user == \"alice\"\nq if false\n";
  Value alice = Value::object({{Value("user"), Value("alice")}});
  Value bob = Value::object({{Value("user"), Value("bob")}});
  EXPECT_EQ(first(run(m, "data.t.allow", &alice)), Value(true));
  EXPECT_EQ(first(run(m, "data.t.allow", &bob)), Value(false));
  auto undefined = run(m, "data.t.q");
  ASSERT_TRUE(undefined);
  EXPECT_TRUE(undefined->empty());
}

// A package without rules is an empty (virtual) document, however it is reached (OPA: empty
// packages evaluate to {}, opa#246 and opa#1863); base data under the same path is kept.
TEST(RegoEval, EmptyPackagesAreEmptyObjects) {
  auto p = compile({{"a.rego", "package x.y.z\nimport input\n"},
                    {"b.rego", "package u\nz := data.x.y.z\nk := \"y\"\nw := data.x[k].z\n"}},
                   *Value::parse_json(R"({"x": {"base": 1}})"));
  ASSERT_TRUE(p) << p.error().to_string();
  auto eval = [&](const std::string& query) { return first_of(**p, query); };
  EXPECT_EQ(eval("data.x.y.z"), Value::object({}));
  EXPECT_EQ(eval("data.u.z"), Value::object({}));
  EXPECT_EQ(eval("data.u.w"), Value::object({}));
  EXPECT_EQ(eval("data.x").to_string(), R"({"base": 1, "y": {"z": {}}})");
}

// Where a rule and base data share a path, a ref to that path evaluates the rule, while the
// document that contains both is the base document with the virtual one merged in: objects
// member by member, and the base value wins any other disagreement (OPA topdown
// evalTree.extent; OPA's test baseandvirtualdocs-0704).
TEST(RegoEval, BaseDocumentsWinConflictsInTheEnclosingDocument) {
  auto p =
      compile({{"a.rego", "package t\nk := \"bar\"\no := {\"y\": 2, \"z\": {\"w\": 1}}\nn := 7\n"},
               {"b.rego", "package t.sub\nq := 1\n"},
               {"c.rego", "package s.deep\nr := 2\n"}},
              *Value::parse_json(R"({"t": {"k": "foo", "o": {"x": 1, "z": {"w": 0}},
                                               "n": {"m": 1}, "sub": {"b": true}},
                                         "s": 5})"));
  ASSERT_TRUE(p) << p.error().to_string();
  auto eval = [&](const std::string& query) { return first_of(**p, query); };
  EXPECT_EQ(eval("data.t.k"), Value("bar"));
  EXPECT_EQ(eval("data.t.o").to_string(), R"({"y": 2, "z": {"w": 1}})");
  EXPECT_EQ(eval("data.t").to_string(),
            R"({"k": "foo", "n": {"m": 1}, "o": {"x": 1, "y": 2, "z": {"w": 0}}, )"
            R"("sub": {"b": true, "q": 1}})");
  EXPECT_EQ(eval("data.s").to_string(), "5");
  EXPECT_EQ(eval("data.s.deep.r"), Value(2));
}

// General ref heads: a partial object and the rules below one of its keys build one document.
// Intermediate objects merge, two sets at a leaf merge, equal leaves agree; a rule that
// overlaps a leaf of the other (or injects into its value) is a conflict (OPA's
// refheads/general cases).
TEST(RegoEval, RulesBelowAPartialObjectMergeDownToItsLeaves) {
  EXPECT_EQ(first(run("package t\np[q] contains r if { x := [\"a\", \"b\"]; q := x[_]; r := x[_]; "
                      "q != r }\n"
                      "p.b contains \"foo\"\n",
                      "data.t.p"))
                .to_string(),
            R"({"a": {"b"}, "b": {"a", "foo"}})");
  EXPECT_EQ(first(run("package t\np[q].r := i if q := [\"a\", \"b\"][i]\np.a.r := 0\np.a.z := 5\n",
                      "data.t.p"))
                .to_string(),
            R"({"a": {"r": 0, "z": 5}, "b": {"r": 1}})");
  for (const char* m :
       {"package t\np[q].r.s := i if q := [\"a\", \"b\"][i]\np.a.r := 42\n",
        "package t\np[q].r := v if { q := \"q\"; v := {\"s\": 1} }\np.q.r.t := 42\n",
        "package t\np[q].r := i if q := [\"a\", \"b\"][i]\np.a.r := 7\n"}) {
    auto r = run(m, "data.t.p");
    ASSERT_FALSE(r) << m;
    EXPECT_EQ(r.error().code(), ErrorCode::kEvalConflict) << m;
  }
}

// An exception escaping a library during evaluation fails the query with
// eval_internal_error instead of terminating the process (here thrown by the print hook).
TEST(RegoEval, ExceptionsDuringEvaluationFailClosed) {
  auto p = compile({{"t.rego", "package t\nallow if { print(\"x\"); true }\n"}});
  ASSERT_TRUE(p) << p.error().to_string();
  auto q = (*p)->prepare("data.t.allow");
  ASSERT_TRUE(q);
  EvalOptions o;
  o.print = [](std::string_view) { throw std::runtime_error("hook failed"); };
  auto r = q->eval(o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kEvalInternal);
  EXPECT_NE(r.error().message().find("hook failed"), std::string::npos);
  o.print = nullptr;
  auto ok = q->eval(o);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->size(), 1u);
}

// Template strings: \{ is a literal brace in $"…" and $`…`, \} in $"…" only; a multi-line
// $`…` drops the line break right after its opening quote (OPA's string-interpolation cases).
// A call or template string in a function argument is computed after the body (OPA's
// rewriteExprTermsInHead), so its vars may be bound there.
TEST(RegoEval, TemplateEscapesAndComputedFunctionArguments) {
  Value in = Value::object({{Value("y"), Value("bar")}});
  std::string m =
      "package t\n"
      "a := $\"\\{{42}\\}\"\n"
      "b := $`\\{{42}\\}`\n"
      "c := $`\nfoo\n{1}\n`\n"
      "f($\"{x} {input.y}\") := 42 if { x = \"foo\" }\n"
      "g(sprintf(\"%d\", [x]), [x + 1]) := x if { x = 1 }\n"
      "g(upper(x), _) := x if { x = \"a\" }\n"
      "d := [f(\"foo bar\"), g(\"A\", 1)]\n"
      "e := g(\"1\", [2])\n";
  EXPECT_EQ(first(run(m, "data.t.a")), Value("{42}"));
  EXPECT_EQ(first(run(m, "data.t.b")), Value("{42\\}"));
  EXPECT_EQ(first(run(m, "data.t.c")), Value("foo\n1\n"));
  EXPECT_EQ(first(run(m, "data.t.d", &in)).to_string(), R"([42, "a"])");
  EXPECT_EQ(first(run(m, "data.t.e", &in)).to_string(), "1");
}

// Negation as OPA does it. By default the calls nested in a negated expression run before the
// `not` (OPA's rewriteExprTermsInBody): an undefined nested call fails the rule, and iteration
// inside it moves outside. `import future.keywords.not` (or `rego.v2`, OPA 1.17) keeps the whole
// expression inside the negation and allows `not { body }`.
TEST(RegoEval, NegationOfCompositeExpressionsFollowsOpa) {
  Value empty = Value::object({});
  Value in = *Value::parse_json(R"({"a": ["x", "y"], "role": "banned"})");
  std::string rules =
      "p if not startswith(lower(input.user), \"b\")\n"
      "q if not startswith(input.user, \"b\")\n"
      "r if not input.a[lower(input.k)]\n"
      "s if not lower(input.a[_]) == \"x\"\n"
      "t if not count([1 | input.a[_]]) > 5\n";
  std::string plain = "package t\n" + rules;
  std::string future = "package t\nimport future.keywords.not\n" + rules +
                       "u if not { x := input.role; x == \"banned\" }\n";
  auto all = [&](const std::string& m, const Value* input) {
    return first(run(m, "data.t", input)).to_string();
  };
  EXPECT_EQ(all(plain, &empty), R"({"q": true, "t": true})");
  EXPECT_EQ(all(plain, &in), R"({"q": true, "s": true, "t": true})");
  EXPECT_EQ(all(future, &empty), R"({"p": true, "q": true, "r": true, "s": true, "t": true, )"
                                 R"("u": true})");
  EXPECT_EQ(all(future, &in), R"({"p": true, "q": true, "r": true, "t": true})");
  std::string v2 = "package t\nimport rego.v2\np if not { input.a; input.b }\n";
  Value ab = *Value::parse_json(R"({"a": true, "b": false})");
  Value both = *Value::parse_json(R"({"a": true, "b": true})");
  EXPECT_EQ(all(v2, &ab), R"({"p": true})");
  EXPECT_EQ(all(v2, &both), "{}");
  // Without the import `not {` is not a body.
  EXPECT_FALSE(compile({{"t.rego", "package t\np if not { input.a; input.b }\n"}}));
}

// eq/assign called with other than two operands is OPA's arity type error; it used to read
// past the operands and crash (found by fuzz_rego_compiler: `s= assign("",)`).
TEST(RegoEval, UnificationCallsNeedTwoOperands) {
  for (const char* rule : {"s = assign(\"\",)", "s = eq(1)", "s = eq(1, 2, 3)", "p if eq(1)"}) {
    auto r = compile({{"t.rego", std::string("package t\n") + rule + "\n"}});
    ASSERT_FALSE(r) << rule;
    EXPECT_EQ(r.error().code(), ErrorCode::kRegoType) << r.error().to_string();
    EXPECT_NE(r.error().message().find("arguments"), std::string::npos) << r.error().to_string();
  }
  EXPECT_EQ(first(run("package t\np if { x := eq(1, 1); x }\n", "data.t.p")), Value(true));
}

// A rule head is evaluated after its body: comprehensions in it close over every body var,
// including `:=` ones; a template part may carry `with` modifiers that apply to it alone.
TEST(RegoEval, HeadClosuresAndTemplateWith) {
  Value in = Value::object({{Value("name"), Value("bob")}});
  std::string m =
      "package t\n"
      "a := [y | y = x] if { x := 1 }\n"
      "b[k] := {y | y = x} if { x := 2; k := \"k\" }\n"
      "c := $\"hi {input.name with input as {\"name\": \"world\"}}, {input.name}\"\n"
      "d := $\"<{input.none with input.q as 1}>\"\n";
  EXPECT_EQ(first(run(m, "data.t.a")).to_string(), "[1]");
  EXPECT_EQ(first(run(m, "data.t.b")).to_string(), R"({"k": {2}})");
  EXPECT_EQ(first(run(m, "data.t.c", &in)), Value("hi world, bob"));
  EXPECT_EQ(first(run(m, "data.t.d", &in)), Value("<<undefined>>"));
}

TEST(RegoEval, PartialSetsObjectsAndFunctions) {
  std::string m = R"(package t
s contains x if some x in [3, 1, 2]
o[k] := v if some k, v in {"a": 1, "b": 2}
f(x) := x * 2
g := f(21)
)";
  EXPECT_EQ(first(run(m, "data.t.s")), Value::set({Value(1), Value(2), Value(3)}));
  EXPECT_EQ(first(run(m, "data.t.o.b")), Value(2));
  EXPECT_EQ(first(run(m, "data.t.g")), Value(42));
}

TEST(RegoEval, ConflictsAreErrors) {
  auto r = run("package t\np := 1\np := 2\n", "data.t.p");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kEvalConflict);
}

TEST(RegoEval, UnsafeAndRecursiveAreCompileErrors) {
  auto u = compile({{"t.rego", "package t\np if { x > 1 }\n"}});
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().code(), ErrorCode::kRegoUnsafeVar);
  auto rec = compile({{"t.rego", "package t\np if q\nq if p\n"}});
  ASSERT_FALSE(rec);
  EXPECT_EQ(rec.error().code(), ErrorCode::kRegoRecursion);
  auto arity = compile({{"t.rego", "package t\np := count(1, 2, 3)\n"}});
  ASSERT_FALSE(arity);
  EXPECT_EQ(arity.error().code(), ErrorCode::kRegoType);
}

TEST(RegoEval, WithReplacesInputAndData) {
  std::string m = "package t\np := input.x + data.y\n";
  EXPECT_EQ(first(run(m, "data.t.p with input.x as 1 with data.y as 2")), Value(3));
}

// Refs into data with constant operands are resolved at compile time (optimize.h); the folded
// value or rule must be the one the data tree walk gives, and `with` must still override it.
TEST(RegoEval, FoldedDataRefsMatchTheWalkAndYieldToWith) {
  auto data = Value::parse_json(
      R"({"cfg": {"list": [{"id": "a", "n": 1}, {"id": "b", "n": 2}], "by": {"1": "one"}}})");
  ASSERT_TRUE(data);
  std::string m =
      "package t\n"
      "second := data.cfg.list[1].id\n"
      "whole := data.cfg.list\n"
      "numkey := data.cfg.by[1]\n"        // a number operand reads the member "1"
      "missing := data.cfg.list[7].id\n"  // undefined: not folded
      "f(x) := data.cfg.list[x].n\n"      // folded prefix, then a variable operand
      "viaf := f(0)\n"
      "viarule := data.t.second\n"  // folded to the rule's node
      "pkg := data.t.numkey\n";
  EXPECT_EQ(first(run(m, "data.t.second", nullptr, *data)), Value("b"));
  EXPECT_EQ(first(run(m, "data.t.whole[0].n", nullptr, *data)), Value(1));
  EXPECT_EQ(first(run(m, "data.t.numkey", nullptr, *data)), Value("one"));
  auto missing = run(m, "data.t.missing", nullptr, *data);
  ASSERT_TRUE(missing);
  EXPECT_TRUE(missing->empty());
  EXPECT_EQ(first(run(m, "data.t.viaf", nullptr, *data)), Value(1));
  EXPECT_EQ(first(run(m, "data.cfg.list[0].id", nullptr, *data)), Value("a"));
  EXPECT_EQ(first(run(m, "data.t.viarule", nullptr, *data)), Value("b"));
  EXPECT_EQ(first(run(m, "data.t.pkg", nullptr, *data)), Value("one"));
  EXPECT_EQ(first(run(m, "data.t.viarule with data.t.second as \"w\"", nullptr, *data)),
            Value("w"));
  // `with data.…` replaces what a folded ref reads, in rules and in the query.
  EXPECT_EQ(first(run(m, "data.t.second with data.cfg.list as [{\"id\": \"x\"}, {\"id\": \"y\"}]",
                      nullptr, *data)),
            Value("y"));
  EXPECT_EQ(first(run(m, "data.cfg.list[1].id with data.cfg.list as [0, {\"id\": \"z\"}]", nullptr,
                      *data)),
            Value("z"));
}

TEST(RegoEval, ReorderingBindsBeforeUse) {
  EXPECT_EQ(first(run("package t\np := y if { y > 1; y = 2 }\n", "data.t.p")), Value(2));
}

// OPA's local-var rules (its compiler's rewriteDeclaredVar): `:=` and `some` declare a var,
// which must not be a function argument or a var already assigned, declared or referenced
// earlier in the same body. Nested bodies are new scopes.
// Compiling `rule` in package t fails with rego_compile_error carrying `message` (and, when
// `line` is not 0, pointing at that line).
void expect_compile_error(const std::string& rule, const std::string& message, int line = 0) {
  auto r = compile({{"t.rego", "package t\n" + rule + "\n"}});
  ASSERT_FALSE(r) << rule;
  EXPECT_EQ(r.error().code(), ErrorCode::kRegoCompile) << rule;
  EXPECT_NE(r.error().message().find(message), std::string::npos)
      << rule << ": " << r.error().to_string();
  if (line != 0) {
    EXPECT_NE(r.error().to_string().find(":" + std::to_string(line) + ":"), std::string::npos)
        << rule << ": " << r.error().to_string();
  }
}

// OPA's type checker (checkExprWith): a function may be replaced only by a function of the
// same arity. Found by fuzz_rego_compiler: replacing f(x) by a zero-argument g read past g's
// argument list (UBSan), and a two-argument g silently left one argument unbound.
TEST(RegoEval, WithFunctionReplacementMustMatchArity) {
  for (const char* g : {"g() := 124", "g(a, b) := 124"}) {
    std::string m = std::string("package t\nf(x) := count(x)\n") + g +
                    "\nr if f([1]) == 124\nq if r with f as g\n";
    auto bad = compile({{"t.rego", m}});
    ASSERT_FALSE(bad) << g;
    EXPECT_EQ(bad.error().code(), ErrorCode::kRegoType) << g;
    EXPECT_NE(bad.error().message().find("data.t.f: arity mismatch"), std::string::npos)
        << bad.error().to_string();
  }
  auto builtin =
      compile({{"t.rego", "package t\ng(a, b) := 1\nq if count([]) == 1 with count as g\n"}});
  ASSERT_FALSE(builtin);
  EXPECT_NE(builtin.error().message().find("count: arity mismatch"), std::string::npos)
      << builtin.error().to_string();
  // Same arity, and replacement by a value, stay allowed.
  const char* ok =
      "package t\nf(x) := count(x)\ng(_) := 124\nr if f([1]) == 124\n"
      "q if r with f as g\nv if count([]) == 7 with count as 7\n";
  EXPECT_EQ(first(run(ok, "data.t.q")), Value(true));
  EXPECT_EQ(first(run(ok, "data.t.v")), Value(true));
}

TEST(RegoEval, RedeclaredVarsAreCompileErrors) {
  struct Case {
    const char* rule;
    const char* message;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"f(x) := y if { x := 1; y := x }", "arg x redeclared"},
           {"f([a, b]) := a if { a := 3 }", "arg a redeclared"},
           {"f(x) := 1 if { some x in [1] }", "arg x redeclared"},
           {"p if { y > 1; y := 2 }", "var y referenced above"},
           {"p if { x = 1; some x in [1, 2] }", "var x referenced above"},
           {"p if { y := x; some x in [1] }", "var x referenced above"},
           {"p if { x := 1; some x in [1, 2] }", "var x assigned above"},
           {"p if { x := 1; x := 2 }", "var x assigned above"},
           {"p if { x := 1; some x }", "var x assigned above"},
           {"p if { some x; x := 1 }", "var x declared above"},
           {"p if { some x; some x }", "var x declared above"},
           {"p if { some x in [1]; some x in [2] }", "var x declared above"},
       }) {
    expect_compile_error(c.rule, c.message);
  }
  // Allowed: uses after the declaration, shadowing in nested bodies, unification of args.
  const char* ok =
      "package t\n"
      "f(x) := y if { y := x + 1 }\n"
      "g(x) := y if { x = 1; y := 2 }\n"
      "p := [x | some x in [1, 2]] if { x := 5; x > 1 }\n"
      "q if { some x in [1]; x == 1; every x in [1] { x > 0 } }\n"
      "r := [c | c := [1][_]] if { c := [2 | true] }\n";
  auto m = compile({{"t.rego", ok}});
  ASSERT_TRUE(m) << m.error().to_string();
}

// OPA's "declared var x unused" (ast/compile.go checkUnusedDeclaredVars, opa#4238): a var
// declared by `some`, or an `every`'s key or value, that nothing after the declaration
// references. A reference in a nested closure or in the rule head is a use; a shadowing
// declaration in a closure is not.
TEST(RegoEval, UnusedDeclaredVarsAreCompileErrors) {
  struct Case {
    const char* rule;
    const char* message;
    int line;
  };
  for (const Case& c : std::initializer_list<Case>{
           {"p if {\n  true\n  some x\n}", "declared var x unused", 4},
           {"p if { some x, y; y = 1 }", "declared var x unused", 2},
           {"p if { some x; y := [x | x := 1]; y[0] == 1 }", "declared var x unused", 2},
           {"p := [1 | some z; true]", "declared var z unused", 2},
           {"p if {\n  every x in [1] {\n    true\n  }\n}", "declared var x unused", 4},
           {"p if { every k, v in [1] { v > 0 } }", "declared var k unused", 2},
       }) {
    expect_compile_error(c.rule, c.message, c.line);
  }
  const char* ok =
      "package t\n"
      "p[x] := 1 if { some x; x = \"a\" }\n"
      "q contains x if { some x; x = 1; y := {k | k = x}; y[1] }\n"
      "r if { some _; every _, v in [1] { v > 0 } }\n"
      "t if { some x in [1]; true }\n";
  auto m = compile({{"t.rego", ok}});
  ASSERT_TRUE(m) << m.error().to_string();
  // Referenced only in a closure: used, so the error is the safety check's, which names the
  // capture nothing binds (not the output y).
  for (const char* rule :
       {"p if { some x; [1 | x = 2][0] }", "p if { some x; y := [1 | x = 2]; y[0] }"}) {
    auto unsafe = compile({{"t.rego", std::string("package t\n") + rule + "\n"}});
    ASSERT_FALSE(unsafe) << rule;
    EXPECT_EQ(unsafe.error().code(), ErrorCode::kRegoUnsafeVar) << unsafe.error().to_string();
    EXPECT_NE(unsafe.error().message().find("var x is unsafe"), std::string::npos)
        << unsafe.error().to_string();
  }
  auto q = compile({{"t.rego", "package t\n"}});
  ASSERT_TRUE(q);
  auto prepared = (*q)->prepare("some x; true");
  ASSERT_FALSE(prepared);
  EXPECT_NE(prepared.error().message().find("declared var x unused"), std::string::npos);
}

// A default for one non-string key of a partial object (OPA accepts it; regorus'
// default/basic): it applies when no rule produces that key. Deeper keys after a non-string
// one are refused by name; variables in a default's head ref are OPA's type error.
TEST(RegoEval, DefaultsForNonStringKeysOfPartialObjects) {
  std::string m =
      "package t\n"
      "default c[true] := \"t\"\n"
      "default c[false] := \"f\"\n"
      "c[\"hello\"] := \"world\"\n"
      "c[false] := \"set\" if input.f\n"
      "default only[1] := 2\n";
  Value on = Value::object({{Value("f"), Value(true)}});
  EXPECT_EQ(first(run(m, "data.t.c")).to_string(), R"({false: "f", true: "t", "hello": "world"})");
  EXPECT_EQ(first(run(m, "data.t.c", &on)).to_string(),
            R"({false: "set", true: "t", "hello": "world"})");
  EXPECT_EQ(first(run(m, "data.t.c[true]")), Value("t"));
  EXPECT_EQ(first(run(m, "data.t.only")).to_string(), "{1: 2}");
  expect_compile_error("default r[true].q := 3", "non-string key followed by more keys");
  auto twice = compile({{"t.rego", "package t\ndefault r[1] := 3\ndefault r[1] := 4\n"}});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().message().find("multiple default rules data.t.r[1]"), std::string::npos)
      << twice.error().to_string();
  auto v = compile({{"t.rego", "package t\ndefault r[x] := 3\n"}});
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message().find("must not have variables"), std::string::npos);
  EXPECT_TRUE(compile({{"t.rego", "package t\ndefault r[\"k\"] := 3\n"}}));
}

// OPA: `every` over a scalar domain is undefined (OPA's every/non_iterable_domain cases).
TEST(RegoEval, EveryOverAScalarIsUndefined) {
  const char* m =
      "package t\n"
      "default p := 1\n"
      "p := 2 if { every v in 42 { v > 1 } }\n"
      "default q := 1\n"
      "q := 2 if { every v in \"abc\" { v > 1 } }\n"
      "default r := 1\n"
      "r := 2 if { every v in [] { v > 1 } }\n";
  EXPECT_EQ(first(run(m, "data.t.p")), Value(1));
  EXPECT_EQ(first(run(m, "data.t.q")), Value(1));
  EXPECT_EQ(first(run(m, "data.t.r")), Value(2));
}

TEST(RegoEval, BigNumbersStayExact) {
  EXPECT_EQ(first(run("package t\np := 340282366920938463463374607431768211455 + 1\n", "data.t.p")),
            Value(*Number::parse("340282366920938463463374607431768211456")));
}

TEST(RegoEval, StepLimitStopsEvaluation) {
  auto p =
      compile({{"t.rego", "package t\np := count([x | some x in numbers.range(1, 100000)])\n"}});
  ASSERT_TRUE(p);
  auto q = (*p)->prepare("data.t.p");
  ASSERT_TRUE(q);
  EvalOptions o;
  o.max_steps = 5000;
  auto r = q->eval(o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kEvalCancel);
}

TEST(RegoEval, IndexedRulesSelectCandidates) {
  std::string m = "package t\ndefault role_ok := false\n";
  for (int i = 0; i < 200; ++i) {
    m += "role_ok if { input.role == \"r" + std::to_string(i) +
         "\"; input.n == " + std::to_string(i) + " }\n";
  }
  Value in = Value::object({{Value("role"), Value("r150")}, {Value("n"), Value(150)}});
  Value wrong = Value::object({{Value("role"), Value("r150")}, {Value("n"), Value(3)}});
  EXPECT_EQ(first(run(m, "data.t.role_ok", &in)), Value(true));
  EXPECT_EQ(first(run(m, "data.t.role_ok", &wrong)), Value(false));
}

// Function results are memoised per evaluation: `with` must not see (or leak) cached results,
// constant head arguments select the rule, and print() inside a function still prints per call.
TEST(RegoEval, FunctionMemoRespectsWithConstantArgsAndPrint) {
  std::string m = R"(package t
f(x) := x + input.n
r := [a, b, c] if {
  a := f(1)
  b := f(1) with input as {"n": 10}
  c := f(1)
}
cmp("gt", a, b) if a > b
cmp("lt", a, b) if a < b
big := [x | some x in [1, 5, 7]; cmp("gt", x, 3)]
small := [x | some x in [1, 5, 7]; cmp("lt", x, 3)]
g(x) := y if {
  print("g", x)
  y := x
}
twice := [g(1), g(1)]
)";
  Value in = Value::object({{Value("n"), Value(2)}});
  EXPECT_EQ(first(run(m, "data.t.r", &in)), Value::array({Value(3), Value(11), Value(3)}));
  EXPECT_EQ(first(run(m, "data.t.big")), Value::array({Value(5), Value(7)}));
  EXPECT_EQ(first(run(m, "data.t.small")), Value::array({Value(1)}));

  auto p = compile({{"t.rego", m}});
  ASSERT_TRUE(p);
  auto q = (*p)->prepare("data.t.twice");
  ASSERT_TRUE(q);
  std::vector<std::string> lines;
  EvalOptions o;
  o.print = [&](std::string_view line) { lines.emplace_back(line); };
  auto r = q->eval(o);
  ASSERT_TRUE(r);
  EXPECT_EQ(first(r), Value::array({Value(1), Value(1)}));
  EXPECT_EQ(lines.size(), 2u);
}

TEST(RegoEval, ConcurrentEvaluationsShareOnePolicy) {
  auto p = compile({{"t.rego", "package t\np := sum([x | some x in input.xs])\n"}});
  ASSERT_TRUE(p);
  auto q = (*p)->prepare("data.t.p");
  ASSERT_TRUE(q);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        Value in = Value::object({{Value("xs"), Value::array({Value(t), Value(i)})}});
        EvalOptions o;
        o.input = &in;
        auto r = q->eval(o);
        if (r && !r->empty() && (*r)[0].expressions[0] == Value(t + i)) ++ok;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 800);
}

}  // namespace
}  // namespace custos::rego
