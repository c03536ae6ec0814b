#include "base/error.h"

#include <gtest/gtest.h>

#include "base/result.h"

namespace custos {
namespace {

TEST(ErrorCode, WireNamesAreStableAndUnique) {
  EXPECT_EQ(to_string(ErrorCode::kRegoParse), "rego_parse_error");
  EXPECT_EQ(to_string(ErrorCode::kEvalConflict), "eval_conflict_error");
  EXPECT_EQ(to_string(ErrorCode::kJsonDuplicateKey), "json_duplicate_key");
  EXPECT_EQ(error_code_from_string("rego_unsafe_var_error"), ErrorCode::kRegoUnsafeVar);
  EXPECT_FALSE(error_code_from_string("no_such_code"));
  // Every code round-trips through its wire name (so names are unique).
  for (std::uint16_t i = 0; i <= static_cast<std::uint16_t>(ErrorCode::kEngineFeed); ++i) {
    auto code = static_cast<ErrorCode>(i);
    EXPECT_EQ(error_code_from_string(to_string(code)), code) << to_string(code);
  }
}

TEST(Error, ToStringWithAndWithoutSpan) {
  Error plain(ErrorCode::kNotFound, "no such key");
  EXPECT_EQ(plain.to_string(), "not_found: no such key");

  Error located(ErrorCode::kRegoParse, "unexpected token");
  located.with_span(SourceSpan{"policy.rego", 12, 7, 0, 1});
  EXPECT_EQ(located.to_string(), "policy.rego:12:7: rego_parse_error: unexpected token");
}

TEST(Error, RenderShowsSourceLineAndCaret) {
  std::string source = "package p\n\nallow if {\n  x := \n}\n";
  Error e(ErrorCode::kRegoParse, "expected term");
  e.with_span(span_at(source, source.find(":=") + 3, "p.rego"));
  EXPECT_EQ(e.render(source),
            "p.rego:4:8: rego_parse_error: expected term\n"
            "    x := \n"
            "         ^");  // 2 spaces of indent + 7 columns
}

TEST(Error, DetailsAndContext) {
  Error outer(ErrorCode::kStoreInvalid, "entity store refused");
  outer.with_detail(Error(ErrorCode::kJsonDuplicateKey, "duplicate key 'id'"))
      .with_context("loading entities");
  EXPECT_EQ(outer.message(), "loading entities: entity store refused");
  ASSERT_EQ(outer.details().size(), 1u);
  EXPECT_EQ(outer.render(),
            "store_invalid: loading entities: entity store refused\n"
            "  json_duplicate_key: duplicate key 'id'");
}

TEST(SpanAt, LineAndColumn) {
  std::string_view text = "ab\ncd\n\nef";
  auto s = span_at(text, 4);
  EXPECT_EQ(s.line, 2u);
  EXPECT_EQ(s.column, 2u);
  EXPECT_EQ(span_at(text, 7).line, 4u);
  EXPECT_EQ(span_at(text, 0).column, 1u);
  EXPECT_EQ(span_at(text, 999).offset, text.size());  // clamped
}

Result<int> parse_positive(int x) {
  if (x <= 0) return fail(ErrorCode::kInvalidArgument, "not positive");
  return x;
}

Result<int> doubled(int x) {
  CUSTOS_TRY_ASSIGN(int v, parse_positive(x));
  return v * 2;
}

Result<void> check(int x) {
  CUSTOS_TRY(parse_positive(x));
  return {};
}

TEST(Result, TryMacrosPropagate) {
  EXPECT_EQ(*doubled(21), 42);
  auto bad = doubled(-1);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(check(1));
  EXPECT_FALSE(check(0));
}

}  // namespace
}  // namespace custos
