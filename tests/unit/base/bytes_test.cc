#include "base/bytes.h"

#include <gtest/gtest.h>

namespace custos {
namespace {

TEST(Hex, RoundTrip) {
  Bytes data = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(hex_encode(data), "0001abff");
  auto decoded = hex_decode("0001ABff");
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, data);
  EXPECT_EQ(hex_encode({}), "");
  EXPECT_TRUE(hex_decode("")->empty());
}

TEST(Hex, RejectsMalformed) {
  for (const char* bad : {"abc", "zz", "0x00", " 00", "00 ", "0g"}) {
    auto r = hex_decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kBadHex) << bad;
  }
}

TEST(Hex, Prefixed) {
  EXPECT_EQ(*hex_decode_prefixed("0xff"), Bytes{0xff});
  EXPECT_EQ(*hex_decode_prefixed("0X"), Bytes{});
  EXPECT_FALSE(hex_decode_prefixed("ff"));
  EXPECT_FALSE(hex_decode_prefixed("0x0"));
}

// RFC 4648 §10 test vectors.
TEST(Base64, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (auto [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(as_bytes(plain)), encoded);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(as_string_view(*decoded), plain);
  }
}

TEST(Base64, StrictDecoding) {
  for (const char* bad : {"Zg", "Zg=", "Zm9v\n", "Zm 9v", "Zh==", "Z===", "Zm9v====", "Zm-v",
                          "Zm_v", "====", "Zg==Zg=="}) {
    auto r = base64_decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kBadBase64) << bad;
  }
}

TEST(Base64Url, EdgeCases) {
  // 0xfb 0xff encodes to characters that differ between the alphabets.
  Bytes data = {0xfb, 0xff, 0xbf};
  EXPECT_EQ(base64url_encode(data), "-_-_");
  EXPECT_EQ(base64_encode(data), "+/+/");
  EXPECT_EQ(*base64url_decode("-_-_"), data);
  EXPECT_EQ(base64url_encode(as_bytes("f")), "Zg");
  EXPECT_EQ(as_string_view(*base64url_decode("Zm9vYmE")), "fooba");
  EXPECT_TRUE(base64url_decode("")->empty());
}

TEST(Base64Url, StrictDecoding) {
  // Padding, standard alphabet, whitespace, impossible lengths, non-zero trailing bits.
  for (const char* bad : {"Zg==", "+/+/", "Zm9v ", "Z", "Zh", "Zm9vYmF", "Zm9=vYg", "AAAAA"}) {
    auto r = base64url_decode(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kBadBase64) << bad;
  }
}

}  // namespace
}  // namespace custos
