#include "evm/typed_data.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"
#include "test_util.h"

namespace custos::evm {
namespace {

using testing::key;
using testing::parse_json;

// ethereum/EIPs assets/eip-712/Example.js (current revision, no httpOrigin).
constexpr std::string_view kMail = R"({
  "types": {
    "EIP712Domain": [{"name": "name", "type": "string"}, {"name": "version", "type": "string"},
                     {"name": "chainId", "type": "uint256"}, {"name": "verifyingContract", "type": "address"}],
    "Person": [{"name": "name", "type": "string"}, {"name": "wallet", "type": "address"}],
    "Mail": [{"name": "from", "type": "Person"}, {"name": "to", "type": "Person"},
             {"name": "contents", "type": "string"}]
  },
  "primaryType": "Mail",
  "domain": {"name": "Ether Mail", "version": "1", "chainId": 1,
             "verifyingContract": "0xCcCCccccCCCCcCCCCCCcCcCccCcCCCcCcccccccC"},
  "message": {"from": {"name": "Cow", "wallet": "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826"},
              "to": {"name": "Bob", "wallet": "0xbBbBBBBbbBBBbbbBbbBbbbbBBbBbbbbBbBbbBBbB"},
              "contents": "Hello, Bob!"}
})";

TEST(EvmTypedData, MailExample) {
  auto data = parse_typed_data(parse_json(kMail));
  ASSERT_TRUE(data) << data.error().to_string();
  EXPECT_EQ(*encode_type(*data, "Mail"),
            "Mail(Person from,Person to,string contents)Person(string name,address wallet)");
  EXPECT_EQ(hex_encode(*type_hash(*data, "Mail")),
            "a0cedeb2dc280ba39b857546d74f5549c3a1d7bdc2dd96bf881f76108e23dac2");
  EXPECT_EQ(hex_encode(*type_hash(*data, "Person")),
            "b9d8c78acf9b987311de6c7b45bb6a9c8e1bf361fa7fd3467a2163f994c79500");
  EXPECT_EQ(hex_encode(*type_hash(*data, "EIP712Domain")),
            "8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f");
  EXPECT_EQ(hex_encode(*domain_separator(*data)),
            "f2cee375fa42b42143804025fc449deafd50cc031ca257e0b194a650a912090f");
  EXPECT_EQ(hex_encode(*hash_struct(*data, "Mail", data->message)),
            "c52c0ee5d84264471806290a3f2c4cecfc5490626bf912d01f240d7a274b371e");
  EXPECT_EQ(hex_encode(*typed_data_hash(*data)),
            "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
  auto cow = crypto::keccak256(std::string_view("cow"));
  auto signature = sign_typed_data(*data, SecretBytes(ByteView(cow)));
  ASSERT_TRUE(signature);
  EXPECT_EQ(hex_encode(*signature),
            "4355c47d63924e8a72e509b65029052eb6c299d53a04e167c5775fd466751c9d"
            "07299936d304c153f6443dfa05f40ff007d72911b6f72307f996231605b91562"
            "1c");
}

TEST(EvmTypedData, InfersTheDomainTypeAndAcceptsAStringDocument) {
  auto document = parse_json(kMail);
  document.find("types")->erase("EIP712Domain");
  auto data = parse_typed_data(json::Value(json::serialize(document)));
  ASSERT_TRUE(data) << data.error().to_string();
  EXPECT_EQ(hex_encode(*typed_data_hash(*data)),
            "be609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2");
}

TEST(EvmTypedData, ArraysFixedArraysBytesNAndInts) {
  auto data = parse_typed_data(parse_json(R"({
    "types": {"Group": [{"name": "members", "type": "Member[]"}, {"name": "tags", "type": "bytes4[2]"},
                        {"name": "delta", "type": "int8"}, {"name": "blob", "type": "bytes"},
                        {"name": "flags", "type": "bool[][]"}],
              "Member": [{"name": "id", "type": "uint32"}]},
    "primaryType": "Group", "domain": {"name": "x", "salt": "0x0000000000000000000000000000000000000000000000000000000000000001"},
    "message": {"members": [{"id": 1}, {"id": "0x2"}], "tags": ["0x01020304", "0xa0b0c0d0"],
                "delta": -128, "blob": "0xff", "flags": [[true], []]}})"));
  ASSERT_TRUE(data) << data.error().to_string();
  EXPECT_EQ(*encode_type(*data, "Group"),
            "Group(Member[] members,bytes4[2] tags,int8 delta,bytes blob,bool[][] "
            "flags)Member(uint32 id)");
  auto hash = typed_data_hash(*data);
  ASSERT_TRUE(hash) << hash.error().to_string();
  // Out-of-range values are refused, not truncated.
  auto copy = *data;
  copy.message.set("delta", -129);
  EXPECT_FALSE(typed_data_hash(copy));
  copy = *data;
  copy.message.set("tags", json::Value::array({"0x01020304"}));
  EXPECT_FALSE(typed_data_hash(copy));
  copy = *data;
  copy.message.set("members", json::Value::array({json::Value::object({{"id", "4294967296"}})}));
  EXPECT_FALSE(typed_data_hash(copy));
}

TEST(EvmTypedData, RefusesMalformedDocuments) {
  auto refused_parse = [](std::string_view text) {
    auto data = parse_typed_data(parse_json(text));
    EXPECT_FALSE(data) << text;
    if (!data) {
      EXPECT_EQ(data.error().code(), ErrorCode::kEvmTypedData);
    }
  };
  refused_parse(
      R"({"types": {"A": [{"name": "x", "type": "B"}]}, "primaryType": "A", "domain": {}, "message": {}})");
  refused_parse(R"({"types": {"A": []}, "primaryType": "C", "domain": {}, "message": {}})");
  refused_parse(
      R"({"types": {"A": [{"name": "x", "type": "uint7"}]}, "primaryType": "A", "domain": {}, "message": {}})");
  refused_parse(
      R"({"types": {"A": [{"name": "x", "type": "uint256"}, {"name": "x", "type": "bool"}]}, "primaryType": "A", "domain": {}, "message": {}})");
  refused_parse(
      R"({"types": {"A": []}, "primaryType": "A", "domain": {"bogus": 1}, "message": {}})");
  refused_parse(
      R"({"types": {"uint256": []}, "primaryType": "uint256", "domain": {}, "message": {}})");
  refused_parse(
      R"({"types": {"A": [{"name": "x", "type": "bool[01]"}]}, "primaryType": "A", "domain": {}, "message": {}})");
  auto data = parse_typed_data(parse_json(
      R"({"types": {"A": [{"name": "x", "type": "uint8"}]}, "primaryType": "A", "domain": {}, "message": {"x": 1, "y": 2}})"));
  ASSERT_TRUE(data);
  auto hash = typed_data_hash(*data);
  ASSERT_FALSE(hash);  // y is not signed: refused
  EXPECT_EQ(hash.error().code(), ErrorCode::kEvmTypedData);
}

TEST(EvmTypedData, RecursiveTypesTerminate) {
  auto data = parse_typed_data(parse_json(R"({
    "types": {"Node": [{"name": "children", "type": "Node[]"}, {"name": "v", "type": "uint8"}]},
    "primaryType": "Node", "domain": {},
    "message": {"v": 1, "children": [{"v": 2, "children": []}]}})"));
  ASSERT_TRUE(data) << data.error().to_string();
  EXPECT_EQ(*encode_type(*data, "Node"), "Node(Node[] children,uint8 v)");
  EXPECT_TRUE(typed_data_hash(*data));
}

}  // namespace
}  // namespace custos::evm
