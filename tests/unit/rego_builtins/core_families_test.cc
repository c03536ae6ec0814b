// Unit tests of the core builtin families: aggregates, arrays, sets, strings, types, casts, bits.
// Expected values follow OPA's documented behaviour.

#include <gtest/gtest.h>

#include <limits>

#include "call.h"

namespace custos::rego::testing {
namespace {

TEST(Aggregates, CountSumProductMaxMinSort) {
  EXPECT_EQ(run("count", {Value("héllo")}), "5");
  EXPECT_EQ(run("count", {J("[1,2,3]")}), "3");
  EXPECT_EQ(run("count", {Value(1)}),
            "error: count: operand 1 must be one of {array, object, set, string} but got number");
  EXPECT_EQ(run("sum", {J("[1, 2.5, 3]")}), "6.5");
  EXPECT_EQ(run("sum", {J("[1, \"a\"]")}),
            "error: sum: operand 1 must be array of numbers but got array containing string");
  EXPECT_EQ(run("sum", {J("[11579208923731619542357098500868790785326998466564056403945758400791312"
                          "9639935, 1]")}),
            "115792089237316195423570985008687907853269984665640564039457584007913129639936");
  EXPECT_EQ(run("product", {J("[2, 3, 4]")}), "24");
  EXPECT_EQ(run("max", {J("[1, \"a\", null]")}), "\"a\"");
  EXPECT_EQ(run("min", {J("[]")}), "undefined");
  EXPECT_EQ(run("sort", {J("[3, \"b\", 1, null]")}), "[null, 1, 3, \"b\"]");
}

TEST(Arrays, ConcatSliceReverse) {
  EXPECT_EQ(run("array.concat", {J("[1]"), J("[2,3]")}), "[1, 2, 3]");
  EXPECT_EQ(run("array.concat", {J("[1]"), J("{}")}),
            "error: array.concat: operand 2 must be array but got object");
  EXPECT_EQ(run("array.slice", {J("[1,2,3,4]"), Value(-1), Value(2)}), "[1, 2]");
  EXPECT_EQ(run("array.slice", {J("[1,2,3,4]"), Value(3), Value(1)}), "[]");
  EXPECT_EQ(run("array.reverse", {J("[1,2,3]")}), "[3, 2, 1]");
}

TEST(Sets, IntersectionUnion) {
  Value a = Value::set({1, 2, 3}), b = Value::set({2, 3, 4});
  EXPECT_EQ(run("intersection", {Value::set({a, b})}), "{2, 3}");
  EXPECT_EQ(run("union", {Value::set({a, b})}), "{1, 2, 3, 4}");
  EXPECT_EQ(run("union", {Value::set({Value(1)})}),
            "error: union: operand 1 must be set of sets but got set containing number");
}

TEST(Strings, Basics) {
  EXPECT_EQ(run("concat", {Value(","), J("[\"a\",\"b\"]")}), "\"a,b\"");
  EXPECT_EQ(run("upper", {Value("abcé")}), "\"ABCÉ\"");
  EXPECT_EQ(run("lower", {Value("ÀBC")}), "\"àbc\"");
  EXPECT_EQ(run("split", {Value("a.b.c"), Value(".")}), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(run("split", {Value("åb"), Value("")}), "[\"å\", \"b\"]");
  // strings.split_n: Go SplitN for n > 0, the last -n pieces for n < 0, [] for 0.
  EXPECT_EQ(run("strings.split_n", {Value("a::b::c::d"), Value("::"), Value(3)}),
            "[\"a\", \"b\", \"c::d\"]");
  EXPECT_EQ(run("strings.split_n", {Value("åbc"), Value(""), Value(2)}), "[\"å\", \"bc\"]");
  EXPECT_EQ(run("strings.split_n", {Value("a;b;c;d"), Value(";"), Value(-2)}), "[\"c\", \"d\"]");
  EXPECT_EQ(run("strings.split_n", {Value("a.b"), Value("."), Value(-5)}), "[\"a\", \"b\"]");
  EXPECT_EQ(run("strings.split_n",
                {Value("a.b"), Value("."), Value(std::numeric_limits<std::int64_t>::min())}),
            "[\"a\", \"b\"]");
  EXPECT_EQ(run("strings.split_n", {Value("a.b"), Value("."), Value(0)}), "[]");
  EXPECT_EQ(run("strings.split_n", {Value(""), Value("."), Value(2)}), "[\"\"]");
  EXPECT_EQ(run("strings.split_n", {Value("a.b"), Value("."), J("1.5")}).rfind("error: ", 0), 0u);
  EXPECT_EQ(run("trim", {Value("  xhix "), Value(" x")}), "\"hi\"");
  EXPECT_EQ(run("trim_space", {Value("\t hi \n")}), "\"hi\"");
  EXPECT_EQ(run("replace", {Value("aaa"), Value("a"), Value("b")}), "\"bbb\"");
  EXPECT_EQ(run("indexof", {Value("aåäö"), Value("ä")}), "2");
  EXPECT_EQ(run("indexof_n", {Value("dogcatdog"), Value("dog")}), "[0, 6]");
  EXPECT_EQ(run("substring", {Value("abcdefghåäö"), Value(2), Value(10000)}), "\"cdefghåäö\"");
  EXPECT_EQ(run("substring", {Value("aåäö"), Value(2), Value(-1)}), "\"äö\"");
  EXPECT_EQ(run("substring", {Value("abc"), Value(-1), Value(1)}),
            "error: substring: negative offset");
  EXPECT_EQ(run("strings.reverse", {Value("åbc")}), "\"cbå\"");
  EXPECT_EQ(run("strings.count", {Value("cheese"), Value("e")}), "3");
  EXPECT_EQ(run("strings.replace_n", {J("{\"a\":\"1\",\"ab\":\"2\"}"), Value("abab")}), "\"1b1b\"");
  EXPECT_EQ(run("strings.any_prefix_match", {J("[\"a/b\"]"), Value("a/")}), "true");
  EXPECT_EQ(run("strings.any_suffix_match", {Value(1), Value("a")}),
            "error: strings.any_suffix_match: operand 1 must be one of {string, set, array} but "
            "got number");
}

TEST(Strings, SprintfGoVerbs) {
  EXPECT_EQ(run("sprintf", {Value("%d %s %v"), J("[42, \"x\", [1, \"a\"]]")}),
            "\"42 x [1, \\\"a\\\"]\"");
  EXPECT_EQ(run("sprintf", {Value("%.2f|%5d|%-4s|%x|%q"), J("[3.14159, 7, \"ab\", 255, \"q\"]")}),
            "\"3.14|    7|ab  |ff|\\\"q\\\"\"");
  EXPECT_EQ(run("sprintf", {Value("%v %v"), J("[1.5, 123456789.5]")}), "\"1.5 1.234567895e+08\"");
  EXPECT_EQ(run("sprintf", {Value("%d"), J("[\"a\"]")}), "\"%!d(string=a)\"");
  EXPECT_EQ(run("sprintf", {Value("%d %d"), J("[1]")}), "\"1 %!d(MISSING)\"");
  EXPECT_EQ(run("sprintf", {Value("%08.3f|%+d|%e"), J("[-3.5, 5, 1234.5678]")}),
            "\"-003.500|+5|1.234568e+03\"");
}

// Widths and precisions as Go's fmt reads them: `*` takes an integer argument within 1e6
// (negative width: left-justified; negative precision: %!(BADPREC)); a literal past about
// 1e7 ends the directive. Large precisions are padded in one step (fuzz_rego_json found the
// digit-by-digit padding quadratic) and floats are not cut at a fixed buffer size.
TEST(Strings, SprintfWidthAndPrecisionFollowGo) {
  EXPECT_EQ(run("sprintf", {Value("%*d|"), J("[-3, 7]")}), "\"7  |\"");
  EXPECT_EQ(run("sprintf", {Value("%*d"), J("[\"a\", 7]")}), "\"%!(BADWIDTH)7\"");
  EXPECT_EQ(run("sprintf", {Value("%*d"), J("[2000000, 7]")}), "\"%!(BADWIDTH)7\"");
  EXPECT_EQ(run("sprintf", {Value("%.*d"), J("[-1, 7]")}), "\"%!(BADPREC)7\"");
  EXPECT_EQ(run("sprintf", {Value("%.*d"), J("[3, 7]")}), "\"007\"");
  EXPECT_EQ(run("sprintf", {Value("%100000000d x"), J("[1]")}), "\"%!(NOVERB)%!(EXTRA int=1)\"");
  EXPECT_EQ(run("sprintf", {Value("%5."), J("[1]")}), "\"%!.(int=1)\"");
  auto wide = call("sprintf", {Value("%.500000d"), J("[12]")});
  ASSERT_TRUE(wide && *wide);
  const std::string& digits = (*wide)->as_string();
  EXPECT_EQ(digits.size(), 500000u);
  EXPECT_EQ(digits.find_first_not_of('0'), 499998u);
  auto frac = call("sprintf", {Value("%.600f"), J("[1.5]")});
  ASSERT_TRUE(frac && *frac);
  EXPECT_EQ((*frac)->as_string(), "1.5" + std::string(599, '0'));
}

TEST(Strings, FormatIntAndTemplate) {
  EXPECT_EQ(run("format_int", {J("-10.7"), Value(2)}), "\"-1010\"");
  EXPECT_EQ(run("format_int", {Value(255), Value(16)}), "\"ff\"");
  EXPECT_EQ(run("format_int", {Value(1), Value(3)}),
            "error: format_int: operand 2 must be one of {2, 8, 10, 16}");
  EXPECT_EQ(call("format_int", {Value(1), Value(3)}).error().code(), ErrorCode::kEvalType);
  EXPECT_EQ(run("strings.render_template",
                {Value("{{range $i, $name := .hellonames}}{{if $i}},{{end}}hello {{$name}}{{end}}"),
                 J("{\"hellonames\": [\"rohan\", \"john doe\"]}")}),
            "\"hello rohan,hello john doe\"");
  EXPECT_EQ(run("strings.render_template", {Value("test {{.foo}} {{.baz}}"), J("{\"baz\": 1}")}),
            "\"test <undefined> 1\"");
}

TEST(TypesCasts, All) {
  EXPECT_EQ(run("is_string", {Value(false)}), "false");
  EXPECT_EQ(run("is_set", {Value::set({})}), "true");
  EXPECT_EQ(run("type_name", {Value::set({})}), "\"set\"");
  EXPECT_EQ(run("to_number", {Value("-1.5e2")}), "-150");
  EXPECT_EQ(run("to_number", {Value(true)}), "1");
  for (const char* inf : {"inf", "-Infinity", "+-NaN", "iNf"}) {
    auto r = call("to_number", {Value(inf)});
    ASSERT_FALSE(r) << inf;
    EXPECT_EQ(r.error().code(), ErrorCode::kEvalType) << inf;
    EXPECT_NE(r.error().message().find("operand 1 must be valid number string but got string"),
              std::string::npos)
        << r.error().to_string();
  }
  EXPECT_EQ(run("to_number", {Value("broken")}),
            "error: to_number: strconv.ParseFloat: parsing \"broken\": invalid syntax");
  EXPECT_EQ(run("to_number", {Value("123456789012345678901234567890")}),
            "123456789012345678901234567890");
}

TEST(Bits, Ops) {
  EXPECT_EQ(run("bits.and", {Value(12), Value(10)}), "8");
  EXPECT_EQ(run("bits.or", {Value(12), Value(10)}), "14");
  EXPECT_EQ(run("bits.xor", {Value(12), Value(10)}), "6");
  EXPECT_EQ(run("bits.negate", {Value(5)}), "-6");
  EXPECT_EQ(run("bits.lsh", {Value(1), Value(70)}), "1180591620717411303424");
  EXPECT_EQ(run("bits.rsh", {Value(-5), Value(1)}), "-3");
  EXPECT_EQ(run("bits.and", {J("1.5"), Value(1)}),
            "error: bits.and: operand 1 must be integer number but got floating-point number");
  EXPECT_EQ(call("bits.and", {J("1.5"), Value(1)}).error().code(), ErrorCode::kEvalType);
}

}  // namespace
}  // namespace custos::rego::testing
