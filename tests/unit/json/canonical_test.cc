// RFC 8785 (JSON Canonicalization Scheme) test vectors: the examples of §3.2.2 and §3.2.3 and the
// IEEE-754 → ECMAScript number serialization table of Appendix B.

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>

#include "json/json.h"

namespace custos::json {
namespace {

TEST(Canonicalize, Rfc8785Section3_2_2Example) {
  const char* input = R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })";
  auto out = canonicalize(std::string_view(input));
  ASSERT_TRUE(out) << out.error().to_string();
  EXPECT_EQ(*out,
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(Canonicalize, Rfc8785Section3_2_3SortsByUtf16CodeUnits) {
  const char* input = R"({
    "\u20ac": "Euro Sign",
    "\r": "Carriage Return",
    "\ufb33": "Hebrew Letter Dalet With Dagesh",
    "1": "One",
    "\ud83d\ude00": "Emoji: Grinning Face",
    "\u0080": "Control",
    "\u00f6": "Latin Small Letter O With Diaeresis"
  })";
  auto out = canonicalize(std::string_view(input));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out,
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xC2\x80\":\"Control\","
            "\"\xC3\xB6\":\"Latin Small Letter O With Diaeresis\",\"\xE2\x82\xAC\":\"Euro Sign\","
            "\"\xF0\x9F\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xEF\xAC\xB3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

TEST(Canonicalize, NestedAndArraysKeepOrder) {
  auto out = canonicalize(std::string_view(R"({"b":[3,1,{"z":1,"y":2}],"a":{"d":null,"c":"x"}})"));
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, R"({"a":{"c":"x","d":null},"b":[3,1,{"y":2,"z":1}]})");
}

TEST(Canonicalize, ReferenceHashInput) {
  // The canonical form whose SHA-256 is the reference's known vector 0x7372a426… (crypto tests).
  EXPECT_EQ(*canonicalize(std::string_view(R"({"c":false,"b":1,"a":"a"})")),
            R"({"a":"a","b":1,"c":false})");
}

TEST(Canonicalize, RejectsNumbersOutsideDoubleRange) {
  auto out = canonicalize(std::string_view("[1e400]"));
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().code(), ErrorCode::kJsonType);
}

struct NumberCase {
  std::uint64_t bits;
  const char* expected;
};

TEST(FormatEsNumber, Rfc8785AppendixB) {
  const NumberCase cases[] = {
      {0x0000000000000000, "0"},
      {0x8000000000000000, "0"},
      {0x0000000000000001, "5e-324"},
      {0x8000000000000001, "-5e-324"},
      {0x7fefffffffffffff, "1.7976931348623157e+308"},
      {0xffefffffffffffff, "-1.7976931348623157e+308"},
      {0x4340000000000000, "9007199254740992"},
      {0xc340000000000000, "-9007199254740992"},
      {0x4430000000000000, "295147905179352830000"},
      {0x44b52d02c7e14af5, "9.999999999999997e+22"},
      {0x44b52d02c7e14af6, "1e+23"},
      {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
      {0x444b1ae4d6e2ef4e, "999999999999999700000"},
      {0x444b1ae4d6e2ef4f, "999999999999999900000"},
      {0x444b1ae4d6e2ef50, "1e+21"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
      {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x41b3de4355555553, "333333333.3333332"},
      {0x41b3de4355555554, "333333333.33333325"},
      {0x41b3de4355555555, "333333333.3333333"},
      {0x41b3de4355555556, "333333333.3333334"},
      {0x41b3de4355555557, "333333333.33333343"},
      {0xbecbf647612f3696, "-0.0000033333333333333333"},
      {0x43143ff3c1cb0959, "1424953923781206.2"},
  };
  for (const auto& c : cases) {
    double d = std::bit_cast<double>(c.bits);
    auto out = format_es_number(d);
    ASSERT_TRUE(out) << std::hex << c.bits;
    EXPECT_EQ(*out, c.expected) << std::hex << c.bits;
  }
  EXPECT_FALSE(format_es_number(std::bit_cast<double>(std::uint64_t{0x7fffffffffffffff})));
  EXPECT_FALSE(format_es_number(std::bit_cast<double>(std::uint64_t{0x7ff0000000000000})));
}

TEST(CompareUtf16, SurrogatesSortBelowHighBmp) {
  EXPECT_LT(compare_utf16("\xF0\x9F\x98\x80", "\xEF\xAC\xB3"), 0);  // U+1F600 < U+FB33 in UTF-16
  EXPECT_GT(compare_utf16("\xEF\xAC\xB3", "\xF0\x9F\x98\x80"), 0);
  EXPECT_LT(compare_utf16("a", "ab"), 0);
  EXPECT_EQ(compare_utf16("same", "same"), 0);
}

}  // namespace
}  // namespace custos::json
