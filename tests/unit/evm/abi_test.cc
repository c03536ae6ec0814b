#include "evm/abi.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::evm::abi {
namespace {

using testing::hex;

std::vector<Type> types(std::string_view list) {
  auto parsed = Type::parse_list(list);
  EXPECT_TRUE(parsed) << list;
  return parsed.value_or(std::vector<Type>{});
}

TEST(EvmAbi, ParsesTypes) {
  EXPECT_EQ(Type::parse("uint")->to_string(), "uint256");
  EXPECT_EQ(Type::parse("(address,uint256[])[2]")->to_string(), "(address,uint256[])[2]");
  EXPECT_TRUE(Type::parse("(address,uint256[])[2]")->is_dynamic());
  EXPECT_EQ(Type::parse("(address,bytes32)[3]")->head_size(), 192u);
  for (std::string_view bad : {"uint7", "uint264", "bytes0", "bytes33", "int", "foo", "uint256[0]",
                               "uint256[01]", "(address", "address)", "", "uint256[", "[]"}) {
    if (bad == "int") continue;  // "int" is int256
    EXPECT_FALSE(Type::parse(bad)) << bad;
  }
  EXPECT_FALSE(Type::parse("uint8[65536][65536]"));  // static type too large
}

// Solidity ABI spec example: f(uint256,uint32[],bytes10,bytes) with
// (0x123, [0x456, 0x789], "1234567890", "Hello, world!").
TEST(EvmAbi, DecodesTheSpecExample) {
  auto data =
      hex("0000000000000000000000000000000000000000000000000000000000000123"
          "0000000000000000000000000000000000000000000000000000000000000080"
          "3132333435363738393000000000000000000000000000000000000000000000"
          "00000000000000000000000000000000000000000000000000000000000000e0"
          "0000000000000000000000000000000000000000000000000000000000000002"
          "0000000000000000000000000000000000000000000000000000000000000456"
          "0000000000000000000000000000000000000000000000000000000000000789"
          "000000000000000000000000000000000000000000000000000000000000000d"
          "48656c6c6f2c20776f726c642100000000000000000000000000000000000000");
  auto t = types("uint256,uint32[],bytes10,bytes");
  auto values = decode(t, data);
  ASSERT_TRUE(values) << values.error().to_string();
  EXPECT_EQ((*values)[0].number, U256(0x123));
  ASSERT_EQ((*values)[1].items.size(), 2u);
  EXPECT_EQ((*values)[1].items[1].number, U256(0x789));
  EXPECT_EQ(as_string_view((*values)[2].bytes), "1234567890");
  EXPECT_EQ(as_string_view((*values)[3].bytes), "Hello, world!");
  auto encoded = encode(t, *values);
  ASSERT_TRUE(encoded);
  EXPECT_EQ(*encoded, data);
}

TEST(EvmAbi, RefusesMalformedData) {
  auto t = types("address,uint8,bool,bytes");
  Value addr = Value::addr(*Address::parse("0x1111111111111111111111111111111111111111"));
  Value small;
  small.kind = Type::Kind::kUint;
  small.number = U256(7);
  Value flag;
  flag.kind = Type::Kind::kBool;
  flag.boolean = true;
  auto good = *encode(t, {addr, small, flag, Value::dyn_bytes(hex("abcd"))});
  ASSERT_TRUE(decode(t, good));
  auto refused = [&](Bytes data, std::string_view why) {
    auto result = decode(t, data);
    ASSERT_FALSE(result) << why;
    EXPECT_EQ(result.error().code(), ErrorCode::kEvmAbi) << why;
  };
  auto mutate = [&](std::size_t index, std::uint8_t value) {
    Bytes copy = good;
    copy[index] = value;
    return copy;
  };
  refused(mutate(0, 1), "address padding");
  refused(mutate(32 + 30, 1), "uint8 overflow");
  refused(mutate(64 + 31, 2), "bool 2");
  refused(mutate(96 + 31, 0xff), "offset out of range");
  refused(mutate(128 + 31, 0x40), "length beyond data");
  refused(mutate(160 + 5, 1), "bytes padding");
  refused(Bytes(good.begin(), good.end() - 1), "truncated");
  // Huge array lengths are refused before allocation.
  auto arrays = types("uint256[]");
  Bytes lying =
      hex("0000000000000000000000000000000000000000000000000000000000000020"
          "00000000000000000000000000000000000000000000000000000000ffffffff");
  EXPECT_FALSE(decode(arrays, lying));
}

TEST(EvmAbi, SignedIntegersMustBeSignExtended) {
  auto t = types("int8");
  Bytes minus_one(32, 0xff);
  auto value = decode(t, minus_one);
  ASSERT_TRUE(value);
  EXPECT_TRUE((*value)[0].negative);
  Bytes bad(32, 0xff);
  bad[31] = 0x7f;  // low byte positive, upper bytes negative
  EXPECT_FALSE(decode(t, bad));
}

}  // namespace
}  // namespace custos::evm::abi
