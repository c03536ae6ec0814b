#include "evm/rlp.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::evm::rlp {
namespace {

using testing::hex;

// Examples from the Ethereum wiki's RLP page (ethereum.org "Recursive-length prefix").
TEST(EvmRlp, EncodesTheSpecExamples) {
  EXPECT_EQ(hex_encode(encode(Item::string(as_bytes("dog")))), "83646f67");
  EXPECT_EQ(hex_encode(
                encode(Item::list({Item::string(as_bytes("cat")), Item::string(as_bytes("dog"))}))),
            "c88363617483646f67");
  EXPECT_EQ(hex_encode(encode(Item::string({}))), "80");
  EXPECT_EQ(hex_encode(encode(Item::list({}))), "c0");
  EXPECT_EQ(hex_encode(encode(Item::integer(U256(0)))), "80");
  EXPECT_EQ(hex_encode(encode(Item::integer(U256(15)))), "0f");
  EXPECT_EQ(hex_encode(encode(Item::integer(U256(1024)))), "820400");
  // [ [], [[]], [ [], [[]] ] ]
  auto set = Item::list({Item::list({}), Item::list({Item::list({})}),
                         Item::list({Item::list({}), Item::list({Item::list({})})})});
  EXPECT_EQ(hex_encode(encode(set)), "c7c0c1c0c3c0c1c0");
  std::string lorem = "Lorem ipsum dolor sit amet, consectetur adipisicing elit";
  EXPECT_EQ(hex_encode(encode(Item::string(as_bytes(lorem)))).substr(0, 4), "b838");
}

TEST(EvmRlp, DecodeRoundTrips) {
  auto item = Item::list({Item::string(as_bytes("cat")), Item::list({Item::integer(U256(1024))}),
                          Item::string(Bytes(60, 0xab))});
  auto decoded = decode(encode(item));
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded, item);
}

TEST(EvmRlp, RefusesNonCanonicalEncodings) {
  auto expect_refused = [](std::string_view text) {
    auto result = decode(hex(text));
    ASSERT_FALSE(result) << text;
    EXPECT_EQ(result.error().code(), ErrorCode::kEvmRlp) << text;
  };
  expect_refused("8100");                       // single byte < 0x80 wrapped
  expect_refused("817f");                       // same
  expect_refused("b80100");                     // long form for a short string
  expect_refused("b90000");                     // length with a leading zero
  expect_refused("83646f");                     // truncated
  expect_refused("83646f6700");                 // trailing byte
  expect_refused("c2836461");                   // list shorter than its child
  expect_refused("f800");                       // long list form for a short length
  expect_refused("");                           // nothing
  expect_refused("bf" + std::string(16, 'f'));  // absurd length
}

TEST(EvmRlp, DecodeIntegerIsStrict) {
  EXPECT_EQ(*decode_integer(Item::string({})), U256(0));
  EXPECT_EQ(*decode_integer(Item::string(Bytes{0x04, 0x00})), U256(1024));
  EXPECT_FALSE(decode_integer(Item::string(Bytes{0x00, 0x01})));
  EXPECT_FALSE(decode_integer(Item::string(Bytes(33, 1))));
  EXPECT_FALSE(decode_integer(Item::list({})));
}

TEST(EvmRlp, LimitsNesting) {
  Bytes deep(100, 0xc0);
  // 100 nested single-element lists would need correct lengths; build them properly.
  Item item = Item::list({});
  for (int i = 0; i < 100; ++i) item = Item::list({item});
  auto result = decode(encode(item));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kEvmRlp);
}

}  // namespace
}  // namespace custos::evm::rlp
