#include <gtest/gtest.h>

#include "json/json.h"

namespace custos::json {
namespace {

Value must_parse(std::string_view text) {
  auto v = parse(text);
  EXPECT_TRUE(v) << text << ": " << (v ? "" : v.error().to_string());
  return v ? *v : Value();
}

TEST(Parse, Scalars) {
  EXPECT_TRUE(must_parse("null").is_null());
  EXPECT_EQ(must_parse("true").as_bool(), true);
  EXPECT_EQ(must_parse(" false ").as_bool(), false);
  EXPECT_EQ(must_parse("\"hi\"").as_string(), "hi");
  EXPECT_EQ(must_parse("-0.5e+3").as_number().text(), "-0.5e+3");
}

TEST(Parse, StructurePreservesOrder) {
  Value v = must_parse(R"({"z":1,"a":[true,null,{"k":"v"}],"m":{}})");
  ASSERT_TRUE(v.is_object());
  const auto& members = v.as_object();
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "z");
  EXPECT_EQ(members[1].first, "a");
  EXPECT_EQ(members[2].first, "m");
  EXPECT_EQ(v.find("a")->as_array()[2].find("k")->as_string(), "v");
  EXPECT_EQ(v.find("nope"), nullptr);
}

TEST(Parse, NumbersAreExact) {
  const std::string wei78 =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  ASSERT_EQ(wei78.size(), 78u);
  Value v = must_parse("[" + wei78 + ", 1.10, 1E400, -0]");
  EXPECT_EQ(v.as_array()[0].as_number().text(), wei78);
  EXPECT_EQ(v.as_array()[1].as_number().text(), "1.10");
  EXPECT_EQ(v.as_array()[2].as_number().text(), "1E400");
  EXPECT_EQ(v.as_array()[3].as_number().text(), "-0");
  EXPECT_EQ(serialize(v), "[" + wei78 + ",1.10,1E400,-0]");
  EXPECT_FALSE(v.as_array()[0].as_number().to_uint64());
  EXPECT_EQ(must_parse("18446744073709551615").as_number().to_uint64(), UINT64_MAX);
  EXPECT_EQ(must_parse("-9223372036854775808").as_number().to_int64(), INT64_MIN);
  EXPECT_FALSE(must_parse("1.0").as_number().to_int64());
}

TEST(Parse, StringEscapesAndUnicode) {
  Value v = must_parse(R"(["\u20ac\ud83d\ude00\n\t\"\\\/", "caf\u00e9"])");
  EXPECT_EQ(v.as_array()[0].as_string(), "\xE2\x82\xAC\xF0\x9F\x98\x80\n\t\"\\/");
  EXPECT_EQ(v.as_array()[1].as_string(), "caf\xC3\xA9");
}

struct BadCase {
  const char* text;
  ErrorCode code;
  std::uint32_t offset;
};

TEST(Parse, ErrorsCarryCodeAndByteOffset) {
  const BadCase cases[] = {
      {R"({"a":1,"a":2})", ErrorCode::kJsonDuplicateKey, 7},
      {"[1,2,]", ErrorCode::kJsonSyntax, 5},
      {"[\"\xC3\x28\"]", ErrorCode::kJsonInvalidUtf8, 2},
      {"[01]", ErrorCode::kJsonSyntax, 2},
      {"{} x", ErrorCode::kJsonSyntax, 3},
      {"", ErrorCode::kJsonSyntax, 0},
      {R"(["\ud800"])", ErrorCode::kJsonInvalidUtf8, 2},
      {"[\"a\x01\"]", ErrorCode::kJsonSyntax, 3},
  };
  for (const auto& c : cases) {
    auto r = parse(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().code(), c.code) << c.text << " → " << r.error().to_string();
    ASSERT_TRUE(r.error().span()) << c.text;
    EXPECT_EQ(r.error().span()->offset, c.offset) << c.text << " → " << r.error().to_string();
  }
}

TEST(Parse, ErrorSpanHasLineAndColumn) {
  auto r = parse("{\n  \"a\": 1,\n  \"a\": 2\n}");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().span()->line, 3u);
  EXPECT_EQ(r.error().span()->column, 3u);
}

TEST(Parse, DepthLimit) {
  std::string ok = std::string(10, '[') + std::string(10, ']');
  EXPECT_TRUE(parse(ok, {.max_depth = 10}));
  auto r = parse(std::string(11, '[') + std::string(11, ']'), {.max_depth = 10});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kJsonTooDeep);
  // Deep input must not exhaust the stack with the default limit either.
  auto deep = parse(std::string(100000, '['));
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), ErrorCode::kJsonTooDeep);
}

TEST(Parse, SizeLimit) {
  auto r = parse("[1,2,3]", {.max_bytes = 4});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kJsonTooLarge);
}

TEST(Parse, DuplicateKeysWhenAllowedLastWins) {
  auto r = parse(R"({"a":1,"a":2})", {.allow_duplicate_keys = true});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->as_object().size(), 1u);
  EXPECT_EQ(r->find("a")->as_number().text(), "2");
}

TEST(Parse, DuplicateDetectionInLargeObjects) {
  std::string text = "{";
  for (int i = 0; i < 100; ++i) text += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  std::string unique = text;
  unique.back() = '}';
  EXPECT_TRUE(parse(unique));
  text += "\"k57\":0}";
  auto r = parse(text);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kJsonDuplicateKey);
}

class CountingHandler final : public Handler {
 public:
  int events = 0;
  std::string numbers;
  Result<void> on_null() override { return bump(); }
  Result<void> on_bool(bool) override { return bump(); }
  Result<void> on_number(std::string_view literal) override {
    numbers += std::string(literal) + ";";
    return bump();
  }
  Result<void> on_string(std::string) override { return bump(); }
  Result<void> on_array_begin() override { return bump(); }
  Result<void> on_array_end() override { return bump(); }
  Result<void> on_object_begin() override { return bump(); }
  Result<void> on_key(std::string key) override {
    if (key == "stop") return fail(ErrorCode::kInvalidArgument, "stop requested");
    return bump();
  }
  Result<void> on_object_end() override { return bump(); }

 private:
  Result<void> bump() {
    ++events;
    return {};
  }
};

TEST(ParseEvents, DeliversEventsAndHandlerErrorsGetOffsets) {
  CountingHandler h;
  ASSERT_TRUE(parse_events(R"({"a":[1,2.50,null],"b":true})", h));
  EXPECT_EQ(h.events, 10);
  EXPECT_EQ(h.numbers, "1;2.50;");
  CountingHandler h2;
  auto r = parse_events(R"({"a":1, "stop":2})", h2);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().span()->offset, 8u);
}

TEST(Value, BuildersAndTypedGetters) {
  Value v = Value::object({{"name", "alice"}, {"age", 30}, {"tags", Value::array({"x"})}});
  v.set("age", 31);
  EXPECT_EQ(v.find("age")->as_number().text(), "31");
  EXPECT_EQ(*v.get_string("name"), "alice");
  auto missing = v.get_string("email");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kJsonType);
  auto wrong = v.get_string("age");
  ASSERT_FALSE(wrong);
  EXPECT_NE(wrong.error().message().find("must be string, got number"), std::string::npos);
  EXPECT_TRUE(v.erase("tags"));
  EXPECT_FALSE(v.erase("tags"));
  EXPECT_EQ(serialize(v), R"({"name":"alice","age":31})");
}

TEST(Serialize, PrettyAndEscapes) {
  Value v = Value::object({{"a", Value::array({1, "x\n\x01"})}, {"b", Value::object()}});
  EXPECT_EQ(serialize(v, {.pretty = true}),
            "{\n  \"a\": [\n    1,\n    \"x\\n\\u0001\"\n  ],\n  \"b\": {}\n}");
}

TEST(Number, Validation) {
  EXPECT_TRUE(Number::parse("0"));
  EXPECT_TRUE(Number::parse("-1.5e-7"));
  EXPECT_FALSE(Number::parse("01"));
  EXPECT_FALSE(Number::parse("1."));
  EXPECT_FALSE(Number::parse(" 1"));
  EXPECT_FALSE(Number::from_double(std::numeric_limits<double>::infinity()));
  EXPECT_EQ(Number::from_double(0.1)->text(), "0.1");
}

}  // namespace
}  // namespace custos::json
