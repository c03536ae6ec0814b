// UTF-8 encoding of code points, including the replacement of non-scalar values.

#include "base/utf8.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

std::string encode(char32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

TEST(Utf8, EncodesEachLength) {
  EXPECT_EQ(encode(U'A'), "A");
  EXPECT_EQ(encode(0xE9), "\xC3\xA9");
  EXPECT_EQ(encode(0x20AC), "\xE2\x82\xAC");
  EXPECT_EQ(encode(0x1F600), "\xF0\x9F\x98\x80");
  EXPECT_EQ(encode(0x10FFFF), "\xF4\x8F\xBF\xBF");
}

TEST(Utf8, NonScalarValuesBecomeReplacementCharacter) {
  EXPECT_EQ(encode(0xD800), "\xEF\xBF\xBD");
  EXPECT_EQ(encode(0xDFFF), "\xEF\xBF\xBD");
  EXPECT_EQ(encode(0x110000), "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace custos
