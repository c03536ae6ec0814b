#include "evm/message.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::evm {
namespace {

using testing::hex;
using testing::key;
using testing::parse_json;

// web3.js docs example: web3.eth.accounts.sign('Some data', key).
TEST(EvmMessage, PersonalSignVector) {
  auto message = as_bytes("Some data");
  EXPECT_EQ(hex_encode(personal_message_hash(message)),
            "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
  auto signature = sign_personal_message(
      message, key("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));
  ASSERT_TRUE(signature) << signature.error().to_string();
  EXPECT_EQ(
      hex_encode(*signature),
      "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b800186422fc2"
      "da167c747ef045e5d18a5f5d4300f8e1a0291c");
  auto signer = recover_personal_message(message, *signature);
  ASSERT_TRUE(signer);
  EXPECT_EQ(signer->to_lower(), "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
  // A different message recovers to a different address.
  auto other = recover_personal_message(as_bytes("Some datA"), *signature);
  ASSERT_TRUE(other);
  EXPECT_NE(*other, *signer);
}

TEST(EvmMessage, MessageShapes) {
  EXPECT_EQ(*message_from_json(parse_json(R"("hi")")), to_bytes("hi"));
  EXPECT_EQ(*message_from_json(parse_json(R"({"raw": "0x6869"})")), to_bytes("hi"));
  EXPECT_FALSE(message_from_json(parse_json(R"({"raw": "6869"})")));
  EXPECT_FALSE(message_from_json(parse_json(R"({"raw": "0x6869", "x": 1})")));
  EXPECT_FALSE(message_from_json(parse_json("42")));
  // The length prefix counts bytes, not characters.
  EXPECT_NE(personal_message_hash(as_bytes("\xc3\xa9")), personal_message_hash(as_bytes("e")));
}

TEST(EvmMessage, RecoverRefusesBadSignatures) {
  EXPECT_FALSE(recover_personal_message(as_bytes("x"), hex("00")));
  Bytes bad(65, 0);
  bad[64] = 29;
  EXPECT_FALSE(recover_personal_message(as_bytes("x"), bad));
}

}  // namespace
}  // namespace custos::evm
