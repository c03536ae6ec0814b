// Unit tests of objects, json.filter/remove/patch, regex and glob builtins (expected values
// from OPA's documentation and conformance cases).

#include <gtest/gtest.h>

#include "call.h"
#include "rego/builtins/regex.h"

namespace custos::rego::testing {
namespace {

TEST(Objects, GetUnionRemoveFilterKeys) {
  Value obj = J(R"({"a": 5, "b": {"c": 8}, "l": [1, {"m": 2}]})");
  EXPECT_EQ(run("object.get", {obj, Value("a"), Value("d")}), "5");
  EXPECT_EQ(run("object.get", {obj, J(R"(["b", "c"])"), Value("d")}), "8");
  EXPECT_EQ(run("object.get", {obj, J(R"(["l", 1, "m"])"), Value("d")}), "2");
  EXPECT_EQ(run("object.get", {obj, J(R"(["a", "b"])"), Value("d")}), "\"d\"");
  EXPECT_EQ(run("object.union", {J(R"({"a": {"b": 1, "c": 2}})"), J(R"({"a": {"b": 3}})")}),
            R"({"a": {"b": 3, "c": 2}})");
  EXPECT_EQ(run("object.union", {J("{}"), J("[]")}),
            "error: object.union: operand 2 must be object but got array");
  EXPECT_EQ(run("object.union_n", {J(R"([{"a": 1}, {"b": 2}, {"a": 3}])")}), R"({"a": 3, "b": 2})");
  EXPECT_EQ(run("object.remove", {J(R"({"a": 1, "b": 2})"), J(R"(["a"])")}), R"({"b": 2})");
  EXPECT_EQ(run("object.remove", {J(R"({"a": 1})"), Value()}),
            "error: object.remove: operand 2 must be one of {object, set, array} but got null");
  EXPECT_EQ(run("object.filter", {J(R"({"a": 1, "b": 2})"), J(R"({"b": 0})")}), R"({"b": 2})");
  EXPECT_EQ(run("object.keys", {J(R"({"a": 1, "b": 2})")}), R"({"a", "b"})");
  EXPECT_EQ(run("object.subset", {J("[1,2,3,4]"), J("[2,3]")}), "true");
  EXPECT_EQ(run("object.subset", {J("[1,2,3,4]"), J("[2,4]")}), "false");
  EXPECT_EQ(run("object.subset", {J(R"({"a": {"b": 1, "c": 2}})"), J(R"({"a": {"c": 2}})")}),
            "true");
}

TEST(JsonOps, FilterRemovePatch) {
  Value doc = J(R"({"a": {"b": {"c": 7, "d": 8}}, "e": 9})");
  EXPECT_EQ(run("json.filter", {doc, J(R"(["a/b/c", "e"])")}), R"({"a": {"b": {"c": 7}}, "e": 9})");
  EXPECT_EQ(run("json.remove", {doc, J(R"(["a/b/c", "e"])")}), R"({"a": {"b": {"d": 8}}})");
  EXPECT_EQ(
      run("json.remove", {J(R"({"a": [{"b": 7, "c": 8}, {"d": 9}]})"), J(R"(["a/0/b", "a/1"])")}),
      R"({"a": [{"c": 8}]})");
  EXPECT_EQ(run("json.remove", {doc, Value(1)}),
            "error: json.remove: operand 2 must be one of {set, array} but got number");
  EXPECT_EQ(run("json.patch",
                {J(R"({"foo": "bar"})"), J(R"([{"op": "add", "path": "/baz", "value": "qux"},
                                     {"op": "move", "from": "/foo", "path": "/x"},
                                     {"op": "test", "path": "/x", "value": "bar"}])")}),
            R"({"baz": "qux", "x": "bar"})");
  EXPECT_EQ(run("json.patch", {J("[1,2,3]"), J(R"([{"op": "add", "path": "/1", "value": 9}])")}),
            "[1, 9, 2, 3]");
  EXPECT_EQ(
      run("json.patch", {J(R"({"q": {}})"), J(R"([{"op": "add", "path": "/a/b", "value": 1}])")})
          .substr(0, 6),
      "error:");
  EXPECT_EQ(run("json.patch", {J("[1,2,3]"), J(R"([{"op": "add", "path": "1.2", "value": 9}])")})
                .substr(0, 6),
            "error:");
}

TEST(Regex, MatchFindSplitReplace) {
  EXPECT_EQ(run("regex.match", {Value("^[a-z]+$"), Value("abc")}), "true");
  EXPECT_EQ(run("regex.match", {Value("(abc"), Value("abc")}),
            "error: regex.match: error parsing regexp: missing closing ): `(abc`");
  EXPECT_EQ(run("regex.is_valid", {Value("[a")}), "false");
  EXPECT_EQ(run("regex.find_n", {Value("a."), Value("aaxabac"), Value(-1)}),
            R"(["aa", "ab", "ac"])");
  EXPECT_EQ(run("regex.find_n", {Value("a*"), Value("baaac"), Value(-1)}), R"(["", "aaa", ""])");
  EXPECT_EQ(run("regex.find_all_string_submatch_n",
                {Value("([a-z]+)(\\d)?"), Value("ab1 cd"), Value(-1)}),
            R"([["ab1", "ab", "1"], ["cd", "cd", ""]])");
  EXPECT_EQ(run("regex.split", {Value("a+"), Value("baaac")}), R"(["b", "c"])");
  EXPECT_EQ(run("regex.split", {Value(","), Value("")}), R"([""])");
  EXPECT_EQ(run("regex.replace", {Value("-ab-axxb-"), Value("a(x*)b"), Value("${1}W")}),
            R"("-W-xxW-")");
  EXPECT_EQ(run("regex.replace", {Value("abc"), Value("(?P<x>b)"), Value("[$x]")}), R"("a[b]c")");
  EXPECT_EQ(run("regex.template_match",
                {Value("urn:foo:{.*}"), Value("urn:foo:bar:baz"), Value("{"), Value("}")}),
            "true");
  EXPECT_EQ(run("regex.template_match", {Value("urn:foo.bar:{[0-9]{2}}"), Value("urn:foo.bar:123"),
                                         Value("{"), Value("}")}),
            "false");
}

// A pattern whose RE2 program is large enough to exhaust the DFA's memory is matched by RE2's
// NFA in time ∝ program size × input (a 36 KB pattern on a 42 KB input took 5 s); such calls are
// refused with an error instead of stalling the evaluation, and ordinary calls are unaffected.
TEST(Regex, MatchCostIsBounded) {
  // Adjacent repeats of different classes (RE2 would merge identical ones).
  const char* classes[] = {"[abx]*", "[aby]*", "[abz]*", "[axy]*", "[axz]*", "[ayz]*"};
  std::string pattern;
  for (int i = 0; i < 6000; ++i) pattern += classes[i % 6];
  pattern += "q";
  const std::string text(42'000, 'a');
  for (const char* fn : {"regex.match", "regex.split"}) {
    std::string r = run(fn, {Value(pattern), Value(text)});
    EXPECT_EQ(r.rfind(std::string("error: ") + fn +
                          ": regular expression too complex for an input "
                          "of 42000 bytes (",
                      0),
              0u)
        << r.substr(0, 200);
  }
  std::string r = run("regex.replace", {Value(text), Value(pattern), Value("x")});
  EXPECT_EQ(r.rfind("error: regex.replace: regular expression too complex", 0), 0u)
      << r.substr(0, 200);
  r = run("regex.find_n", {Value(pattern), Value(text), Value(1)});
  EXPECT_EQ(r.rfind("error: regex.find_n: regular expression too complex", 0), 0u)
      << r.substr(0, 200);
  // The same pattern on a short input, and a simple pattern on a long input, are fine.
  EXPECT_EQ(run("regex.match", {Value(pattern), Value("abq")}), "true");
  EXPECT_EQ(run("regex.match", {Value("^a+$"), Value(std::string(1'000'000, 'a'))}), "true");
  auto re = compile_regex(pattern);
  ASSERT_TRUE(re);
  EXPECT_TRUE(check_match_cost(**re, 10));
  EXPECT_FALSE(check_match_cost(**re, text.size()));
}

TEST(Regex, PatternCacheIsBoundedByMemory) {
  // Small patterns are charged kRegexSmallMaxMem each; the cache never exceeds its budget.
  constexpr int kSmall = static_cast<int>(kRegexCacheBudget / kRegexSmallMaxMem);
  std::shared_ptr<const RE2> first;
  for (int i = 0; i < 2 * kSmall; ++i) {
    auto re = compile_regex("^user" + std::to_string(i) + "@[a-z]+$");
    ASSERT_TRUE(re) << i;
    EXPECT_EQ((*re)->options().max_mem(), kRegexSmallMaxMem);
    if (i == 0) first = *re;
    auto stats = regex_cache_stats();
    EXPECT_LE(stats.charged_bytes, kRegexCacheBudget);
    EXPECT_LE(stats.entries, static_cast<std::size_t>(kSmall));
  }
  EXPECT_EQ(regex_cache_stats().entries, static_cast<std::size_t>(kSmall));
  // An evicted pattern stays usable by whoever holds it, and compiles again on demand.
  EXPECT_TRUE(RE2::FullMatch("user0@example", *first));
  auto again = compile_regex("^user0@[a-z]+$");
  ASSERT_TRUE(again);
  EXPECT_NE(again->get(), first.get());
  // The most recently used pattern survives the insertion of others.
  auto hot = compile_regex("^hot[0-9]+$");
  ASSERT_TRUE(hot);
  for (int i = 0; i < kSmall - 1; ++i) {
    ASSERT_TRUE(compile_regex("^filler" + std::to_string(i) + "$"));
    ASSERT_TRUE(compile_regex("^hot[0-9]+$"));
  }
  auto still = compile_regex("^hot[0-9]+$");
  ASSERT_TRUE(still);
  EXPECT_EQ(still->get(), hot->get());

  // A pattern with a large program gets the large allowance and is charged for it; it
  // still compiles, matches, and keeps the cache within budget.
  std::string large;
  for (int i = 0; i < 3; ++i) large += "[a-z]{400}";
  auto big = compile_regex(large);
  ASSERT_TRUE(big);
  EXPECT_GT((*big)->ProgramSize(), kRegexLargeProgram);
  EXPECT_EQ((*big)->options().max_mem(), kRegexLargeMaxMem);
  EXPECT_TRUE(RE2::FullMatch(std::string(1200, 'q'), **big));
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE(compile_regex(large + std::to_string(i)));
    EXPECT_LE(regex_cache_stats().charged_bytes, kRegexCacheBudget);
  }
  EXPECT_LE(regex_cache_stats().entries,
            static_cast<std::size_t>(kRegexCacheBudget / kRegexLargeMaxMem) + kSmall);
  // Too large even for the large allowance: refused with Go's wording.
  std::string huge;
  for (int i = 0; i < 3000; ++i) huge += "[a-z]{1000}";
  auto refused = compile_regex(huge);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("expression too large"), std::string::npos)
      << refused.error().message();
}

TEST(Regex, GlobsMatch) {
  EXPECT_EQ(run("regex.globs_match", {Value("a.a.[0-9]+z"), Value(".b.b2359825792*594823z")}),
            "true");
  EXPECT_EQ(run("regex.globs_match", {Value("[a-z]+"), Value("[0-9]*")}), "false");
  EXPECT_EQ(run("regex.globs_match", {Value("[a-z]+"), Value("[0-9]+")}), "false");
  EXPECT_EQ(run("regex.globs_match", {Value(R"([a-z]+\[[0-9]+\])"), Value(R"(foo\[1\])")}), "true");
  EXPECT_EQ(run("regex.globs_match", {Value(R"([a-z]+\[[0-9]+\])"), Value("foo[\"bar\"]")}),
            "false");
}

TEST(Glob, Match) {
  auto g = [](const char* p, Value d, const char* s) {
    return run("glob.match", {Value(p), d, Value(s)});
  };
  EXPECT_EQ(g("*:github:com", J(R"([":"])"), "api:github:com"), "true");
  EXPECT_EQ(g("*.github.com", J(R"(["."])"), "api.not-github.com"), "false");
  EXPECT_EQ(g("[!abc]at", J("[]"), "fat"), "true");
  EXPECT_EQ(g("[!a-c]at", J("[]"), "bat"), "false");
  EXPECT_EQ(g("{cat,bat,[fr]at}", J("[]"), "fat"), "true");
  EXPECT_EQ(g("{cat,bat,[fr]at}", J("[]"), "at"), "false");
  EXPECT_EQ(g("*", J("[]"), "foo.bar"), "false");
  EXPECT_EQ(g("a/**/b", Value(), "a/b"), "false");
  EXPECT_EQ(g("a/**/b", Value(), "a//b"), "true");
  EXPECT_EQ(g("{**/,}x", Value(), "x"), "true");
  EXPECT_EQ(g("***", J(R"(["."])"), ""), "true");
  EXPECT_EQ(g("*?*", J(R"([".", "/"])"), "api.github.com"), "false");
  EXPECT_EQ(g("\\*", Value(), "*"), "true");
  // An inverted range is a pattern error (gobwas/glob, which OPA uses, refuses it).
  EXPECT_EQ(g("[z-a]", J("[]"), "m"),
            "error: glob.match: character range z-a is inverted (its end is below its start)");
  EXPECT_EQ(g("[a-a]", J("[]"), "a"), "true");
  EXPECT_EQ(run("glob.quote_meta", {Value("*.github.com")}), R"("\\*.github.com")");
}

// Long untrusted patterns must not overflow the stack: literals are matched iteratively, and
// deep {…} nesting or too many open wildcards/alternatives is an error, not a crash (found by
// feeding fuzz_rego_regex inputs longer than libFuzzer's default max_len).
TEST(Glob, LongPatternsDoNotOverflowTheStack) {
  auto g = [](const std::string& p, const std::string& s) {
    return run("glob.match", {Value(p), Value(), Value(s)});
  };
  std::string lits(300'000, 'a');
  EXPECT_EQ(g(lits, lits), "true");
  EXPECT_EQ(g(lits, lits + "b"), "false");
  EXPECT_EQ(g(std::string(100'000, '{'), "a"), "error: glob.match: glob pattern too complex");
  std::string alts, stars;
  for (int i = 0; i < 100'000; ++i) alts += "{a}";
  for (int i = 0; i < 100'000; ++i) stars += "*a";
  EXPECT_EQ(g(alts, std::string(100'000, 'a')), "error: glob.match: glob pattern too complex");
  EXPECT_EQ(g(stars, std::string(100'000, 'a')), "error: glob.match: glob pattern too complex");
  // Within the bound, nesting and many wildcards still match.
  EXPECT_EQ(g(std::string(100, '{') + "a" + std::string(100, '}'), "a"), "true");
  std::string some_stars;
  for (int i = 0; i < 100; ++i) some_stars += "*a";
  EXPECT_EQ(g(some_stars, std::string(100, 'a')), "true");
}

}  // namespace
}  // namespace custos::rego::testing
