#include "evm/transaction.h"

#include <gtest/gtest.h>

#include "evm/hex.h"
#include "test_util.h"

namespace custos::evm {
namespace {

using testing::hex;
using testing::key;
using testing::parse_json;

// EIP-155 example (ethereum/EIPs EIPS/eip-155.md).
constexpr std::string_view kEip155Request = R"({
  "chainId": 1, "nonce": 9, "gasPrice": "20000000000", "gas": "21000",
  "to": "0x3535353535353535353535353535353535353535", "value": "1000000000000000000",
  "data": "0x", "type": "0"})";

TEST(EvmTransaction, Eip155SigningDataHashAndSignature) {
  auto tx = parse_transaction(parse_json(kEip155Request));
  ASSERT_TRUE(tx) << tx.error().to_string();
  EXPECT_EQ(tx->type, TxType::kLegacy);
  EXPECT_EQ(
      hex_encode(*signing_payload(*tx)),
      "ec098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080018080");
  EXPECT_EQ(hex_encode(*signing_hash(*tx)),
            "daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53");
  std::string priv;
  for (int i = 0; i < 32; ++i) priv += "46";
  auto result = sign_transaction(*tx, key(priv));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(hex_encode(result->raw),
            "f86c098504a817c800825208943535353535353535353535353535353535353535880de0b6b3a764000080"
            "25a028ef61"
            "340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276a067cbe9d8997f761aecb703304b"
            "3800ccf5"
            "55c9f3dc64214b297fb1966a3b6d83");
  auto decoded = decode_signed(result->raw);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(*decoded->tx.chain_id, U256(1));
  auto sender = recover_sender(*decoded);
  ASSERT_TRUE(sender);
  EXPECT_EQ(sender->to_lower(), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
}

// ethereumjs packages/tx/test/json/eip1559.json, first vector.
TEST(EvmTransaction, Eip1559Vector) {
  auto tx = parse_transaction(parse_json(R"({
    "chainId": "0x1e8e", "nonce": "0x333", "maxPriorityFeePerGas": "75853",
    "maxFeePerGas": 121212, "gas": "35552", "to": "0x000000000000000000000000000000000000aaaa",
    "value": "43203529", "data": "0x", "accessList": []})"));
  ASSERT_TRUE(tx) << tx.error().to_string();
  EXPECT_EQ(tx->type, TxType::kEip1559);
  EXPECT_EQ(hex_encode(*signing_payload(*tx)),
            "02ed821e8e8203338301284d8301d97c828ae094000000000000000000000000000000000000aaaa840293"
            "3bc980c0");
  EXPECT_EQ(hex_encode(*signing_hash(*tx)),
            "5dac58bc5ee23609037e7d8523aa255f9797ce47113f67f6753284c3b02907dd");
  auto result = sign_transaction(
      *tx, key("8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63"));
  ASSERT_TRUE(result) << result.error().to_string();
  EXPECT_EQ(result->signature.recovery_id, 0);
  EXPECT_EQ(
      hex_encode(result->raw),
      "02f870821e8e8203338301284d8301d97c828ae094000000000000000000000000000000000000aaaa8402933bc9"
      "80c080a0d067f2167008c59219652f91cbf8788dbca5f771f6e91e2b7657e85b78b472e0a01d305af9fe81fdba43"
      "f0dfcd400ed24dcace0a7e30d4e85701dcaaf484cd079e");
  EXPECT_EQ(hex_encode(result->hash),
            "a3bf78ff247cad934aa5fb13e05f11e59c93511523ff8a622e59c3a34700e5c8");
  auto decoded = decode_signed(result->raw);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->tx.max_fee_per_gas, U256(121212));
  EXPECT_EQ(recover_sender(*decoded)->to_lower(), "0xfe3b557e8fb62b89f4916b721be55ceb828dbd73");
}

TEST(EvmTransaction, Eip2930RoundTripWithAccessList) {
  auto tx = parse_transaction(parse_json(R"({
    "chainId": 5, "nonce": 1, "gasPrice": "0x3b9aca00", "gas": 50000,
    "to": "0x1111111111111111111111111111111111111111", "value": "0x0", "data": "0xdeadbeef",
    "accessList": [{"address": "0x2222222222222222222222222222222222222222",
                    "storageKeys": ["0x0000000000000000000000000000000000000000000000000000000000000001"]}]})"));
  ASSERT_TRUE(tx) << tx.error().to_string();
  EXPECT_EQ(tx->type, TxType::kEip2930);
  auto result = sign_transaction(*tx, key(std::string(63, '0') + "1"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->raw[0], 0x01);
  auto decoded = decode_signed(result->raw);
  ASSERT_TRUE(decoded) << decoded.error().to_string();
  EXPECT_EQ(decoded->tx.access_list, tx->access_list);
  EXPECT_EQ(decoded->tx.data, hex("deadbeef"));
  // Private key 1 → the generator's address.
  EXPECT_EQ(recover_sender(*decoded)->to_lower(), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
}

TEST(EvmTransaction, RefusesMalformedRequests) {
  auto refused = [](std::string_view text) {
    auto tx = parse_transaction(parse_json(text));
    EXPECT_FALSE(tx) << text;
    if (!tx) {
      EXPECT_EQ(tx.error().code(), ErrorCode::kEvmTransaction) << text;
    }
  };
  refused(R"({"chainId": 1, "gasPrice": "1", "maxFeePerGas": "2"})");
  refused(R"({"chainId": 1, "value": "-1"})");
  refused(R"({"chainId": 1, "value": 1.5})");
  refused(R"({"chainId": 1, "to": "0x1234"})");
  refused(R"({"chainId": 1, "data": "0x123"})");
  refused(R"({"chainId": 1, "type": "3"})");
  refused(R"({"chainId": 1, "surprise": true})");
  refused(R"({"type": "2"})");  // typed transaction without chainId
  refused(R"({"chainId": 1, "maxFeePerGas": "1", "maxPriorityFeePerGas": "2"})");
}

TEST(EvmTransaction, FromMustMatchTheKey) {
  auto tx = parse_transaction(parse_json(
      R"({"chainId": 1, "from": "0x0000000000000000000000000000000000000001", "maxFeePerGas": "1"})"));
  ASSERT_TRUE(tx);
  auto result = sign_transaction(*tx, key(std::string(63, '0') + "1"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kEvmTransaction);
}

TEST(EvmTransaction, DecodeRefusesBadRawTransactions) {
  EXPECT_FALSE(decode_signed({}));
  EXPECT_FALSE(decode_signed(hex("03c0")));  // unsupported type
  EXPECT_FALSE(decode_signed(hex("02c0")));  // wrong field count
  // Valid EIP-1559 vector with a trailing byte.
  auto raw = hex(
      "02f870821e8e8203338301284d8301d97c828ae094000000000000000000000000000000000000aaaa8402933bc9"
      "80c080a0d067f2167008c59219652f91cbf8788dbca5f771f6e91e2b7657e85b78b472e0a01d305af9fe81fdba43"
      "f0dfcd400ed24dcace0a7e30d4e85701dcaaf484cd079e");
  EXPECT_TRUE(decode_signed(raw));
  raw.push_back(0);
  EXPECT_FALSE(decode_signed(raw));
}

TEST(EvmTransaction, ContractCreationHasEmptyTo) {
  auto tx =
      parse_transaction(parse_json(R"({"chainId": 1, "maxFeePerGas": "1", "data": "0x6000"})"));
  ASSERT_TRUE(tx);
  EXPECT_FALSE(tx->to);
  auto json = transaction_to_json(*tx);
  EXPECT_TRUE(json.find("to")->is_null());
}

}  // namespace
}  // namespace custos::evm
