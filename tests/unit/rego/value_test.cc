// Values and exact numbers: OPA ordering/equality, big integers, JSON conversion.

#include <gtest/gtest.h>

#include <cmath>

#include "rego/rego.h"
#include "rego/value.h"

namespace custos::rego {
namespace {

TEST(RegoNumber, BigIntegersAreExact) {
  auto a = Number::parse(
      "115792089237316195423570985008687907853269984665640564039457584007913129639935");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->repr(), Number::Repr::kBig);
  auto sum = a->add(Number(1));
  EXPECT_EQ(sum.to_string(),
            "115792089237316195423570985008687907853269984665640564039457584007913129639936");
  EXPECT_EQ(Number(std::numeric_limits<std::int64_t>::max()).add(Number(1)).to_string(),
            "9223372036854775808");
  EXPECT_EQ(Number::parse("1e30")->add(Number(1)).to_string(), "1000000000000000000000000000001");
}

TEST(RegoNumber, DivisionAndRemainder) {
  EXPECT_EQ(Number(6).div(Number(3))->to_string(), "2");
  EXPECT_EQ(Number(1).div(Number(4))->to_string(), "0.25");
  EXPECT_FALSE(Number(1).div(Number(0)));
  EXPECT_EQ(Number(-7).rem(Number(3))->to_string(), "-1");
  EXPECT_FALSE(Number(1).rem(Number(0)));
}

TEST(RegoNumber, IntegralFloatsNormalise) {
  EXPECT_EQ(Number::parse("10.00")->to_string(), "10");
  EXPECT_EQ(*Number::parse("2.0"), Number(2));
  EXPECT_EQ(Number::parse("2.5")->round().to_string(), "3");
  EXPECT_EQ(Number::parse("-2.5")->round().to_string(), "-3");
}

Number num(const char* text) { return *Number::parse(text); }

TEST(RegoNumber, DecimalArithmeticIsExact) {
  EXPECT_EQ(num("0.1").add(num("0.2")), num("0.3"));
  EXPECT_EQ(num("0.1").add(num("0.2")).to_string(), "0.3");
  EXPECT_EQ(num("0.3").sub(num("0.2")).to_string(), "0.1");
  EXPECT_EQ(num("3.0").mul(num("1.1")).to_string(), "3.3");
  EXPECT_EQ(num("0.1").mul(num("0.2")).to_string(), "0.02");
  EXPECT_EQ(num("0.3").div(num("0.1"))->to_string(), "3");
  EXPECT_EQ(num("15.3").div(Number(3))->to_string(), "5.1");
  EXPECT_EQ(Number(13).div(Number(4))->to_string(), "3.25");
  // Literals keep every digit: a wei amount with a fraction, a USD price.
  EXPECT_EQ(num("12345678901234567890.5").add(Number(1)).to_string(), "12345678901234567891.5");
  EXPECT_EQ(num("1850.23").mul(num("2.5")).to_string(), "4625.575");
  EXPECT_EQ(num("-0.5").to_string(), "-0.5");
  EXPECT_EQ(num("1.5e-10").to_string(), "1.5e-10");
  EXPECT_EQ(num("0.00012").to_string(), "0.00012");
}

TEST(RegoNumber, NonTerminatingQuotientsRoundTo34Digits) {
  EXPECT_EQ(Number(1).div(Number(3))->to_string(), "0.3333333333333333333333333333333333");
  EXPECT_EQ(Number(2).div(Number(3))->to_string(), "0.6666666666666666666666666666666667");
  EXPECT_EQ(Number(-2).div(Number(3))->to_string(), "-0.6666666666666666666666666666666667");
  EXPECT_NE(*Number(1).div(Number(3)), num("0.33333333333333333333333333333333333333333"));
}

TEST(RegoNumber, DecimalsCompareAndHashExactly) {
  EXPECT_LT(Number::compare(num("0.1"), num("0.10000000000000000001")), 0);
  EXPECT_GT(Number::compare(num("-0.1"), num("-0.10000000000000000001")), 0);
  EXPECT_LT(Number::compare(num("1e-400"), num("1e-399")), 0);
  EXPECT_LT(Number::compare(num("2.5"), Number(3)), 0);
  EXPECT_GT(Number::compare(num("1e30"), num("99999999999999999999.5")), 0);
  EXPECT_EQ(num("0.50").hash(), num("0.5").hash());
  EXPECT_EQ(Value(num("0.1").add(num("0.2"))), Value(num("0.3")));
}

// Integers past double's range (1e400, from a literal or from JSON input) convert to
// +-infinity instead of throwing from Boost (found by OPA's comparisonexpr-decimals case: the
// function-call memo hashed 1e400 and the process terminated).
TEST(RegoNumber, IntegersBeyondDoubleRangeHashAndConvert) {
  EXPECT_EQ(num("1e400").to_double(), HUGE_VAL);
  EXPECT_EQ(num("-1e400").to_double(), -HUGE_VAL);
  EXPECT_EQ(num("1e308").to_double(), 1e308);
  // 2^1024 - 2^970 rounds to infinity; the largest double is exact.
  EXPECT_EQ(num("1797693134862315708145274237317043567980705675258449965989174768031572607800285387"
                "6058955863276687817154045895351438246423432132688946418276846754670353751698604991"
                "0576551282076245490090389328944075868508455133942304583236903222948165808559332123"
                "348274797826204144723168738177180919299881250404026184124858368")
                .to_double(),
            1.7976931348623157e308);
  EXPECT_NO_THROW((void)num("1e400").hash());
  EXPECT_NE(num("1e400").hash(), 0u);
  auto p = compile(
      {{"t.rego", "package t\nf(x) := x\np := [f(1e400), f(1e399)]\nq := {1e400, 1e399}\n"}});
  ASSERT_TRUE(p) << p.error().to_string();
  auto q = (*p)->prepare("count(data.t.p) + count(data.t.q)");
  ASSERT_TRUE(q);
  auto r = q->eval(EvalOptions{});
  ASSERT_TRUE(r) << r.error().to_string();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].expressions[0].to_string(), "4");
}

TEST(RegoNumber, RoundingOfDecimals) {
  EXPECT_EQ(num("2.4").round().to_string(), "2");
  EXPECT_EQ(num("-2.6").round().to_string(), "-3");
  EXPECT_EQ(num("-2.5").ceil().to_string(), "-2");
  EXPECT_EQ(num("-2.5").floor().to_string(), "-3");
  EXPECT_EQ(num("12345678901234567890123.7").floor().to_string(), "12345678901234567890123");
}

TEST(RegoNumber, LiteralsOutOfRangeAreRefused) {
  EXPECT_EQ(num("1e400").to_string(), "1" + std::string(400, '0'));
  EXPECT_FALSE(Number::parse("1e999999999"));
  EXPECT_FALSE(Number::parse("1e-999999999"));
  EXPECT_FALSE(Number::parse("1.2.3"));
  EXPECT_FALSE(Number::parse("."));
  EXPECT_FALSE(Number::parse("1e"));
  // Leading zeros are decimal, never cpp_int's octal prefix (found by fuzz_rego_json).
  EXPECT_EQ(num("00000000000009305165037557514254").to_string(), "9305165037557514254");
  EXPECT_EQ(num("0000000000000000000000777777777777777777777").to_string(),
            "777777777777777777777");
  EXPECT_EQ(num("-000000000000000000000000000000000").to_string(), "0");
  EXPECT_EQ(Number::from_double(0.1)->to_string(), "0.1");
  EXPECT_EQ(Number::from_double(1e300)->to_string(), "1" + std::string(300, '0'));
}

TEST(RegoValue, OrderingFollowsOpa) {
  std::vector<Value> v = {Value::set({}), Value::object({}), Value::array({}), Value("a"),
                          Value(1),       Value(true),       Value()};
  std::sort(v.begin(), v.end());
  EXPECT_TRUE(v[0].is_null());
  EXPECT_TRUE(v[1].is_bool());
  EXPECT_TRUE(v[2].is_number());
  EXPECT_TRUE(v[3].is_string());
  EXPECT_TRUE(v[4].is_array());
  EXPECT_TRUE(v[5].is_object());
  EXPECT_TRUE(v[6].is_set());
}

TEST(RegoValue, SetsAndObjectsAreCanonical) {
  auto s = Value::set({Value(3), Value(1), Value(3)});
  EXPECT_EQ(s.size(), 2u);
  EXPECT_TRUE(s.contains(Value(1)));
  EXPECT_EQ(s.to_string(), "{1, 3}");
  auto o = Value::object({{Value("b"), Value(1)}, {Value("a"), Value(2)}, {Value("b"), Value(3)}});
  EXPECT_EQ(o.to_json(), R"({"a":2,"b":3})");
  ASSERT_NE(o.find("b"), nullptr);
  EXPECT_EQ(*o.find("b"), Value(3));
  EXPECT_EQ(Value(1), Value(*Number::parse("1.0")));
  EXPECT_EQ(Value(1).hash(), Value(*Number::parse("1.0")).hash());
}

// Small objects (insertion sort) and large ones (stable_sort) sort keys and keep the last of
// duplicate keys.
TEST(RegoValue, ObjectsSortAndKeepTheLastDuplicate) {
  for (int n : {3, 40}) {
    std::vector<ObjectEntry> entries;
    for (int i = n - 1; i >= 0; --i) entries.emplace_back(Value(i), Value(i * 10));
    entries.emplace_back(Value(1), Value("last"));
    Value o = Value::object(entries);
    ASSERT_EQ(o.size(), static_cast<std::size_t>(n));
    auto members = o.as_object();
    for (int i = 0; i < n; ++i) EXPECT_EQ(members[static_cast<std::size_t>(i)].first, Value(i));
    EXPECT_EQ(*o.find(Value(1)), Value("last"));
    EXPECT_EQ(*o.find(Value(2)), Value(20));
  }
}

TEST(RegoValue, JsonRoundTripKeepsBigNumbers) {
  auto v =
      Value::parse_json(R"({"wei": 340282366920938463463374607431768211456, "x": [1.5, null]})");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->to_json(), R"({"wei":340282366920938463463374607431768211456,"x":[1.5,null]})");
  EXPECT_EQ(Value::set({Value(2), Value(1)}).to_json(), "[1,2]");
}

}  // namespace
}  // namespace custos::rego
