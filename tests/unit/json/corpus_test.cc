// Runs the checked-in corpora: every file in tests/data/json/malformed must be refused with a
// json_* error code and a byte offset; every file in tests/data/json/valid must parse, and its
// serialization must parse back to the same tree (and canonicalize deterministically).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "json/json.h"

namespace custos::json {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const fs::path kData = fs::path(CUSTOS_SOURCE_DIR) / "tests/data/json";

TEST(Corpus, MalformedFilesAreRefusedWithJsonCodes) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kData / "malformed")) {
    ++count;
    std::string text = slurp(entry.path());
    auto r = parse(text);
    ASSERT_FALSE(r) << entry.path();
    std::string_view code = r.error().code_name();
    EXPECT_TRUE(code.starts_with("json_")) << entry.path() << ": " << code;
    ASSERT_TRUE(r.error().span()) << entry.path();
    EXPECT_LE(r.error().span()->offset, text.size()) << entry.path();
  }
  EXPECT_GE(count, 50);
}

TEST(Corpus, ValidFilesRoundTrip) {
  int count = 0;
  for (const auto& entry : fs::directory_iterator(kData / "valid")) {
    ++count;
    auto r = parse(slurp(entry.path()));
    ASSERT_TRUE(r) << entry.path() << ": " << r.error().to_string();
    auto again = parse(serialize(*r));
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, *r) << entry.path();
    auto pretty_again = parse(serialize(*r, {.pretty = true}));
    ASSERT_TRUE(pretty_again);
    EXPECT_EQ(*pretty_again, *r) << entry.path();
    auto c1 = canonicalize(*r);
    ASSERT_TRUE(c1);
    EXPECT_EQ(*canonicalize(std::string_view(*c1)), *c1) << entry.path();
  }
  EXPECT_GE(count, 5);
}

}  // namespace
}  // namespace custos::json
