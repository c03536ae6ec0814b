#include "evm/address.h"

#include <gtest/gtest.h>

#include "evm/keccak.h"

namespace custos::evm {
namespace {

// EIP-55 test cases (all caps, all lower, normal).
TEST(EvmAddress, Eip55Checksums) {
  for (std::string_view text :
       {"0x52908400098527886E0F7030069857D2E4169EE7", "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        "0xde709f2102306220921060314715629080e2fb77", "0x27b1fdb04752bbc536007a920d24acb045561c26",
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"}) {
    EXPECT_TRUE(is_valid_checksum(text)) << text;
  }
  auto address = Address::parse("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->to_checksum(), "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  EXPECT_EQ(address->to_lower(), "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed");
  EXPECT_FALSE(is_valid_checksum("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
}

TEST(EvmAddress, ParsingIsCaseInsensitiveButStrictOnShape) {
  auto upper = Address::parse("0X52908400098527886E0F7030069857D2E4169EE7");
  auto lower = Address::parse("0x52908400098527886e0f7030069857d2e4169ee7");
  ASSERT_TRUE(upper && lower);
  EXPECT_EQ(*upper, *lower);
  EXPECT_FALSE(Address::parse("52908400098527886e0f7030069857d2e4169ee7"));
  EXPECT_FALSE(Address::parse("0x52908400098527886e0f7030069857d2e4169ee"));
  EXPECT_FALSE(Address::parse("0x52908400098527886e0f7030069857d2e4169ee7a"));
  EXPECT_EQ(Address::parse("0xzz908400098527886e0f7030069857d2e4169ee7").error().code(),
            ErrorCode::kEvmAddress);
  Bytes word(32, 0);
  word[11] = 1;
  EXPECT_FALSE(Address::from_word(word));
}

TEST(EvmKeccak, KnownVectors) {
  EXPECT_EQ(hex_encode(keccak256({})),
            "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(hex_encode(keccak256(as_bytes("abc"))),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

}  // namespace
}  // namespace custos::evm
