#include "evm/uint256.h"

#include <gtest/gtest.h>

namespace custos::evm {
namespace {

TEST(EvmUint256, DecimalRoundTripsAtTheLimits) {
  const std::string max =
      "115792089237316195423570985008687907853269984665640564039457584007913129639935";
  auto value = U256::from_decimal(max);
  ASSERT_TRUE(value);
  EXPECT_EQ(value->to_decimal(), max);
  EXPECT_EQ(*value, u256_max());
  EXPECT_EQ(value->to_hex(), "0x" + std::string(64, 'f'));
  EXPECT_EQ(U256::from_decimal("0")->to_decimal(), "0");
  EXPECT_EQ(U256(1000000000000000000ull).to_decimal(), "1000000000000000000");
}

TEST(EvmUint256, RefusesOverflowAndMalformedText) {
  auto over = U256::from_decimal(
      "115792089237316195423570985008687907853269984665640564039457584007913129639936");
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().code(), ErrorCode::kOutOfRange);
  EXPECT_FALSE(U256::from_decimal(""));
  EXPECT_FALSE(U256::from_decimal("01"));
  EXPECT_FALSE(U256::from_decimal("-1"));
  EXPECT_FALSE(U256::from_decimal("1.5"));
  EXPECT_FALSE(U256::from_hex("0x"));
  EXPECT_FALSE(U256::from_hex("0xg"));
  EXPECT_FALSE(U256::from_hex("12"));
  EXPECT_FALSE(U256::from_hex("0x1" + std::string(64, '0')));
}

TEST(EvmUint256, HexParsingAndFormatting) {
  EXPECT_EQ(U256::parse("0x0")->to_hex(), "0x0");
  EXPECT_EQ(U256::parse("0x00ff")->to_decimal(), "255");
  EXPECT_EQ(U256::parse("0xDE0B6B3A7640000")->to_decimal(), "1000000000000000000");
  EXPECT_EQ(U256::parse("255")->to_hex(), "0xff");
  EXPECT_EQ(U256(0x1234).to_minimal_be(), (Bytes{0x12, 0x34}));
  EXPECT_TRUE(U256().to_minimal_be().empty());
  auto word = U256(1).to_word();
  EXPECT_EQ(word[31], 1);
  EXPECT_EQ(word[0], 0);
}

TEST(EvmUint256, CheckedArithmetic) {
  EXPECT_EQ(*U256(2).checked_add(U256(3)), U256(5));
  EXPECT_FALSE(u256_max().checked_add(U256(1)));
  EXPECT_FALSE(U256(1).checked_sub(U256(2)));
  EXPECT_EQ(*U256(5).checked_sub(U256(2)), U256(3));
  auto big = *U256::parse("0x100000000000000000000000000000000");  // 2^128
  EXPECT_FALSE(big.checked_mul(big));
  EXPECT_EQ(big.checked_mul(U256(2))->to_hex(), "0x200000000000000000000000000000000");
  EXPECT_EQ(big.bit_length(), 129);
  EXPECT_LT(U256(1), big);
}

}  // namespace
}  // namespace custos::evm
