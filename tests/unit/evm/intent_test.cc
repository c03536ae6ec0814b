#include "evm/intent.h"

#include <gtest/gtest.h>

#include "evm/abi.h"
#include "evm/hex.h"
#include "json/json.h"
#include "test_util.h"

namespace custos::evm {
namespace {

using testing::parse_json;

constexpr std::string_view kFrom = "0xDDCF208F219A6E6AF072F2CFDC615B2C1805F98E";
constexpr std::string_view kFromId = "eip155:1:0xddcf208f219a6e6af072f2cfdc615b2c1805f98e";
constexpr std::string_view kTo = "0x031d8C0cA142921c459bCB28104c0FF37928F9eD";
constexpr std::string_view kToId = "eip155:1:0x031d8c0ca142921c459bcb28104c0ff37928f9ed";
constexpr std::string_view kToken = "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174";
constexpr std::string_view kTokenLower = "0x2791bca1f2de4661ed88a30c99a7a9449aa84174";

// Builds calldata: selector + abi.encode(values) for a signature like "transfer(address,uint256)".
std::string calldata(std::string_view signature, const std::vector<abi::Value>& values) {
  auto open = signature.find('(');
  auto types = abi::Type::parse_list(signature.substr(open));
  EXPECT_TRUE(types);
  auto selector = keccak256(as_bytes(signature));
  Bytes out(selector.begin(), selector.begin() + 4);
  auto body = abi::encode(*types, values);
  EXPECT_TRUE(body) << (body ? "" : body.error().to_string());
  out.insert(out.end(), body->begin(), body->end());
  return to_hex_data(out);
}

abi::Value addr(std::string_view text) { return abi::Value::addr(*Address::parse(text)); }
abi::Value num(std::uint64_t n) { return abi::Value::uint(U256(n)); }
abi::Value array(abi::Type::Kind kind, std::vector<abi::Value> items) {
  abi::Value out;
  out.kind = kind;
  out.items = std::move(items);
  return out;
}

json::Value tx_request(std::string_view to, std::string data, std::string value = "0x0") {
  json::Value tx =
      json::Value::object({{"chainId", 1}, {"from", std::string(kFrom)}, {"nonce", 10}});
  if (!to.empty()) tx.set("to", std::string(to));
  if (!data.empty()) tx.set("data", std::move(data));
  tx.set("value", std::move(value));
  return json::Value::object(
      {{"action", "signTransaction"}, {"transactionRequest", std::move(tx)}});
}

std::string classify_text(const json::Value& request, const IntentConfig& config = {}) {
  auto intent = classify(request, config);
  if (!intent) return "error: " + intent.error().to_string();
  return json::serialize(*intent);
}

TEST(EvmIntent, TransferNativeAndCancel) {
  EXPECT_EQ(classify_text(tx_request(kTo, "", "0xde0b6b3a7640000")),
            R"({"type":"transferNative","to":")" + std::string(kToId) + R"(","from":")" +
                std::string(kFromId) +
                R"(","token":"eip155:1/slip44:60","amount":"1000000000000000000"})");
  EXPECT_EQ(classify_text(tx_request(kFrom, "0x", "0x0")), R"({"type":"cancelTransaction"})");
  auto polygon = tx_request(kTo, "", "1");
  polygon.find("transactionRequest")->set("chainId", 137);
  EXPECT_NE(classify_text(polygon).find("eip155:137/slip44:966"), std::string::npos);
  auto unknown = tx_request(kTo, "", "1");
  unknown.find("transactionRequest")->set("chainId", 5);
  auto result = classify(unknown);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code(), ErrorCode::kEvmIntent);
  IntentConfig config;
  config.native_slip44[5] = 1;
  EXPECT_NE(classify_text(unknown, config).find("eip155:5/slip44:1"), std::string::npos);
}

TEST(EvmIntent, Erc20TransferAndApprove) {
  auto transfer = tx_request(kToken, calldata("transfer(address,uint256)", {addr(kTo), num(1500)}));
  EXPECT_EQ(classify_text(transfer), R"({"type":"transferErc20","to":")" + std::string(kToId) +
                                         R"(","from":")" + std::string(kFromId) +
                                         R"(","token":"eip155:1/erc20:)" +
                                         std::string(kTokenLower) + R"(","amount":"1500"})");
  auto approve = tx_request(kToken, calldata("approve(address,uint256)", {addr(kTo), num(7)}));
  EXPECT_EQ(classify_text(approve), R"({"type":"approveTokenAllowance","from":")" +
                                        std::string(kFromId) + R"(","token":"eip155:1:)" +
                                        std::string(kTokenLower) + R"(","spender":")" +
                                        std::string(kToId) + R"(","amount":"7"})");
}

TEST(EvmIntent, MalformedCalldataOfAKnownFunctionIsAnError) {
  std::string data = calldata("transfer(address,uint256)", {addr(kTo), num(1)});
  auto truncated = classify(tx_request(kToken, data.substr(0, data.size() - 2)));
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code(), ErrorCode::kEvmAbi);
  std::string dirty = data;
  dirty[10 + 2] = '1';  // non-zero address padding
  auto padded = classify(tx_request(kToken, dirty));
  ASSERT_FALSE(padded);
  EXPECT_EQ(padded.error().code(), ErrorCode::kEvmAbi);
  auto short_data = classify(tx_request(kToken, "0xa9059c"));
  ASSERT_FALSE(short_data);
  EXPECT_EQ(short_data.error().code(), ErrorCode::kEvmIntent);
}

TEST(EvmIntent, UnknownSelectorIsCallContract) {
  EXPECT_EQ(classify_text(tx_request(kToken, "0x12345678ff")),
            R"({"type":"callContract","from":")" + std::string(kFromId) +
                R"(","contract":"eip155:1:)" + std::string(kTokenLower) +
                R"(","hexSignature":"0x12345678"})");
}

TEST(EvmIntent, Erc721Transfers) {
  auto plain = tx_request(kToken, calldata("safeTransferFrom(address,address,uint256)",
                                           {addr(kFrom), addr(kTo), num(42)}));
  std::string expected = R"({"type":"transferErc721","to":")" + std::string(kToId) +
                         R"(","from":")" + std::string(kFromId) + R"(","contract":"eip155:1:)" +
                         std::string(kTokenLower) + R"(","token":"eip155:1/erc721:)" +
                         std::string(kTokenLower) + R"(/42"})";
  EXPECT_EQ(classify_text(plain), expected);
  auto with_data = tx_request(
      kToken, calldata("safeTransferFrom(address,address,uint256,bytes)",
                       {addr(kFrom), addr(kTo), num(42), abi::Value::dyn_bytes(Bytes{1, 2})}));
  EXPECT_EQ(classify_text(with_data), expected);
  // transferFrom depends on the contract registry.
  auto transfer_from = tx_request(
      kToken, calldata("transferFrom(address,address,uint256)", {addr(kFrom), addr(kTo), num(42)}));
  EXPECT_NE(classify_text(transfer_from).find("callContract"), std::string::npos);
  IntentConfig config;
  config.contracts["eip155:1:" + std::string(kTokenLower)] = ContractInfo{"erc721", ""};
  EXPECT_EQ(classify_text(transfer_from, config), expected);
  config.contracts["eip155:1:" + std::string(kTokenLower)] = ContractInfo{"erc20", ""};
  EXPECT_NE(classify_text(transfer_from, config).find(R"("type":"transferErc20")"),
            std::string::npos);
}

TEST(EvmIntent, Erc1155SingleAndBatch) {
  auto single = tx_request(
      kToken, calldata("safeTransferFrom(address,address,uint256,uint256,bytes)",
                       {addr(kFrom), addr(kTo), num(3), num(9), abi::Value::dyn_bytes({})}));
  EXPECT_EQ(classify_text(single), R"({"type":"transferErc1155","to":")" + std::string(kToId) +
                                       R"(","from":")" + std::string(kFromId) +
                                       R"(","contract":"eip155:1:)" + std::string(kTokenLower) +
                                       R"(","transfers":[{"token":"eip155:1/erc1155:)" +
                                       std::string(kTokenLower) + R"(/3","amount":"9"}]})");
  auto ids = array(abi::Type::Kind::kArray, {num(1), num(2)});
  auto amounts = array(abi::Type::Kind::kArray, {num(10), num(20)});
  auto batch = tx_request(
      kToken, calldata("safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
                       {addr(kFrom), addr(kTo), ids, amounts, abi::Value::dyn_bytes({})}));
  auto text = classify_text(batch);
  EXPECT_NE(text.find(R"("transfers":[{"token":"eip155:1/erc1155:)" + std::string(kTokenLower) +
                      R"(/1","amount":"10"},{"token":"eip155:1/erc1155:)" +
                      std::string(kTokenLower) + R"(/2","amount":"20"}])"),
            std::string::npos)
      << text;
  auto mismatched = tx_request(
      kToken, calldata("safeBatchTransferFrom(address,address,uint256[],uint256[],bytes)",
                       {addr(kFrom), addr(kTo), ids, array(abi::Type::Kind::kArray, {num(1)}),
                        abi::Value::dyn_bytes({})}));
  auto refused = classify(mismatched);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kEvmAbi);
}

TEST(EvmIntent, Deployments) {
  auto deploy = tx_request("", "0x6080604052");
  EXPECT_EQ(classify_text(deploy),
            R"({"type":"deployContract","from":")" + std::string(kFromId) + R"(","chainId":1})");
  IntentConfig config;
  config.contracts[std::string(kFromId)] = ContractInfo{"", "erc4337"};
  EXPECT_EQ(classify_text(deploy, config), R"({"type":"deployErc4337Wallet","from":")" +
                                               std::string(kFromId) +
                                               R"(","bytecode":"0x6080604052","chainId":1})");
  config.contracts[std::string(kFromId)] = ContractInfo{"", "safe"};
  EXPECT_EQ(classify_text(deploy, config),
            R"({"type":"deploySafeWallet","from":")" + std::string(kFromId) + R"(","chainId":1})");
  // createAccount on a registered ERC-4337 factory.
  auto create =
      tx_request(kToken, calldata("createAccount(address,uint256)", {addr(kFrom), num(0)}));
  EXPECT_NE(classify_text(create).find("callContract"), std::string::npos);
  IntentConfig factory;
  factory.contracts["eip155:1:" + std::string(kTokenLower)] = ContractInfo{"", "erc4337"};
  EXPECT_NE(classify_text(create, factory).find("deployErc4337Wallet"), std::string::npos);
}

TEST(EvmIntent, UserOperationCallsAreDecoded) {
  std::string inner = calldata("transfer(address,uint256)", {addr(kTo), num(5)});
  Bytes inner_bytes = *parse_hex_data(inner);
  auto execute =
      tx_request(kTo, calldata("execute(address,uint256,bytes)",
                               {addr(kToken), num(0), abi::Value::dyn_bytes(inner_bytes)}));
  auto text = classify_text(execute);
  EXPECT_EQ(text, R"({"type":"userOperation","from":")" + std::string(kFromId) +
                      R"(","entrypoint":")" + std::string(kToId) +
                      R"(","operationIntents":[{"type":"transferErc20","to":")" +
                      std::string(kToId) + R"(","from":")" + std::string(kFromId) +
                      R"(","token":"eip155:1/erc20:)" + std::string(kTokenLower) +
                      R"(","amount":"5"}]})");
  auto dests = array(abi::Type::Kind::kArray, {addr(kToken), addr(kTo)});
  auto funcs = array(abi::Type::Kind::kArray,
                     {abi::Value::dyn_bytes(inner_bytes), abi::Value::dyn_bytes({})});
  auto v6 = classify(tx_request(kTo, calldata("executeBatch(address[],bytes[])", {dests, funcs})));
  ASSERT_TRUE(v6) << v6.error().to_string();
  const auto& v6_intents = v6->find("operationIntents")->as_array();
  ASSERT_EQ(v6_intents.size(), 2u);
  EXPECT_EQ(*v6_intents[0].get_string("type"), "transferErc20");
  EXPECT_EQ(*v6_intents[1].get_string("type"), "transferNative");
  auto values = array(abi::Type::Kind::kArray, {num(0), num(77)});
  auto v7 = classify(tx_request(
      kTo, calldata("executeBatch(address[],uint256[],bytes[])", {dests, values, funcs})));
  ASSERT_TRUE(v7) << v7.error().to_string();
  EXPECT_EQ(*v7->find("operationIntents")->as_array()[1].get_string("amount"), "77");
  // executeAndRevert(address,uint256,bytes,uint8)
  abi::Value op;
  op.kind = abi::Type::Kind::kUint;
  auto and_revert = classify(
      tx_request(kTo, calldata("executeAndRevert(address,uint256,bytes,uint8)",
                               {addr(kToken), num(0), abi::Value::dyn_bytes(inner_bytes), op})));
  ASSERT_TRUE(and_revert) << and_revert.error().to_string();
  EXPECT_EQ(*and_revert->find("operationIntents")->as_array()[0].get_string("type"),
            "transferErc20");
}

TEST(EvmIntent, SignUserOperation) {
  std::string inner = calldata("approve(address,uint256)", {addr(kTo), num(5)});
  std::string call =
      calldata("execute(address,uint256,bytes)",
               {addr(kToken), num(0), abi::Value::dyn_bytes(*parse_hex_data(inner))});
  auto request = parse_json(R"({"action": "signUserOperation", "userOperation": {
      "sender": "0xDDCF208F219A6E6AF072F2CFDC615B2C1805F98E", "nonce": "0", "initCode": "0x",
      "callData": ")" + call +
                            R"(", "callGasLimit": "1", "verificationGasLimit": "1",
      "preVerificationGas": "1", "maxFeePerGas": "1", "maxPriorityFeePerGas": "1",
      "paymasterAndData": "0x", "entryPoint": "0x5FF137D4b0FDCD49DcA30c7CF57E578a026d2789",
      "chainId": 1}})");
  auto intent = classify(request);
  ASSERT_TRUE(intent) << intent.error().to_string();
  EXPECT_EQ(*intent->get_string("entrypoint"),
            "eip155:1:0x5ff137d4b0fdcd49dca30c7cf57e578a026d2789");
  EXPECT_EQ(*intent->find("operationIntents")->as_array()[0].get_string("type"),
            "approveTokenAllowance");
}

TEST(EvmIntent, TransactionRegistry) {
  auto config = IntentConfig::from_json(parse_json(R"({"transactionRegistry": [
      {"txRequest": {"chainId": 1, "from": "0xddcf208f219a6e6af072f2cfdc615b2c1805f98e", "nonce": 10,
                     "maxFeePerGas": "1"}, "status": "pending"}]})"));
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(classify_text(tx_request(kTo, "", "1"), *config), R"({"type":"retryTransaction"})");
  auto done = IntentConfig::from_json(parse_json(R"({"transactionRegistry": [
      {"txRequest": {"chainId": 1, "from": "0xddcf208f219a6e6af072f2cfdc615b2c1805f98e", "nonce": 10,
                     "maxFeePerGas": "1"}, "status": "success"}]})"));
  ASSERT_TRUE(done);
  auto refused = classify(tx_request(kTo, "", "1"), *done);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kEvmIntent);
  // Cancellation is never rewritten.
  EXPECT_EQ(classify_text(tx_request(kFrom, "", "0"), *done), R"({"type":"cancelTransaction"})");
}

TEST(EvmIntent, ContractRegistryFromJson) {
  auto config = IntentConfig::from_json(parse_json(R"({"contractRegistry": [
      {"contract": {"address": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "chainId": 1}, "assetType": "erc721"},
      {"contract": "eip155:1:0xDDCF208F219A6E6AF072F2CFDC615B2C1805F98E", "factoryType": "safe"}],
      "chainRegistry": {"10": {"nativeSlip44": 60}}})"));
  ASSERT_TRUE(config) << config.error().to_string();
  EXPECT_EQ(config->contracts.at("eip155:1:" + std::string(kTokenLower)).asset_type, "erc721");
  EXPECT_EQ(config->contracts.at(std::string(kFromId)).factory_type, "safe");
  EXPECT_EQ(config->native_slip44.at(10), 60u);
  EXPECT_FALSE(
      IntentConfig::from_json(parse_json(R"({"contractRegistry": [{"contract": "0x12"}]})")));
}

TEST(EvmIntent, MessagesRawAndTypedData) {
  EXPECT_EQ(classify_text(parse_json(R"({"action": "signMessage", "message": "hello"})")),
            R"({"type":"signMessage","message":"hello"})");
  EXPECT_EQ(classify_text(parse_json(R"({"action": "signMessage", "message": {"raw": "0x6869"}})")),
            R"({"type":"signMessage","message":"0x6869"})");
  EXPECT_EQ(classify_text(parse_json(R"({"action": "signRaw", "rawMessage": "0xabcd"})")),
            R"({"type":"signRaw","algorithm":"ES256K","payload":"0xabcd"})");
  EXPECT_FALSE(classify(parse_json(R"({"action": "signRaw", "rawMessage": "abcd"})")));
  auto generic = classify_text(parse_json(R"({"action": "signTypedData", "typedData": {
      "types": {"A": [{"name": "x", "type": "uint8"}]}, "primaryType": "A",
      "domain": {"name": "App", "chainId": 1}, "message": {"x": 1}}})"));
  EXPECT_EQ(generic, R"({"type":"signTypedData","domain":{"name":"App","chainId":1}})");
}

TEST(EvmIntent, PermitAndPermit2) {
  auto permit = classify_text(parse_json(R"({"action": "signTypedData", "typedData": {
      "types": {"Permit": [{"name": "owner", "type": "address"}, {"name": "spender", "type": "address"},
                           {"name": "value", "type": "uint256"}, {"name": "nonce", "type": "uint256"},
                           {"name": "deadline", "type": "uint256"}]},
      "primaryType": "Permit",
      "domain": {"name": "USD Coin", "version": "2", "chainId": 137, "verifyingContract": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174"},
      "message": {"owner": "0xDDCF208F219A6E6AF072F2CFDC615B2C1805F98E", "spender": "0x031d8C0cA142921c459bCB28104c0FF37928F9eD",
                  "value": "0x8ac7230489e80000", "nonce": 0, "deadline": 1700000000}}})"));
  EXPECT_EQ(
      permit,
      R"({"type":"permit","owner":"eip155:137:0xddcf208f219a6e6af072f2cfdc615b2c1805f98e",)"
      R"("spender":"eip155:137:0x031d8c0ca142921c459bcb28104c0ff37928f9ed","amount":"10000000000000000000",)"
      R"("token":"eip155:137:0x2791bca1f2de4661ed88a30c99a7a9449aa84174","deadline":1700000000})");
  std::string single =
      R"({"action": "signTypedData", "resourceId": "eip155:eoa:0xddcf208f219a6e6af072f2cfdc615b2c1805f98e",
      "typedData": {
      "types": {"PermitSingle": [{"name": "details", "type": "PermitDetails"}, {"name": "spender", "type": "address"},
                                 {"name": "sigDeadline", "type": "uint256"}],
                "PermitDetails": [{"name": "token", "type": "address"}, {"name": "amount", "type": "uint160"},
                                  {"name": "expiration", "type": "uint48"}, {"name": "nonce", "type": "uint48"}]},
      "primaryType": "PermitSingle",
      "domain": {"name": "Permit2", "chainId": 1, "verifyingContract": "0x000000000022D473030F116dDEE9F6B43aC78BA3"},
      "message": {"details": {"token": "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174", "amount": "1000",
                              "expiration": 1800000000, "nonce": 0},
                  "spender": "0x031d8C0cA142921c459bCB28104c0FF37928F9eD", "sigDeadline": 1700000000}}})";
  EXPECT_EQ(
      classify_text(parse_json(single)),
      R"({"type":"permit2","owner":"eip155:1:0xddcf208f219a6e6af072f2cfdc615b2c1805f98e",)"
      R"("spender":"eip155:1:0x031d8c0ca142921c459bcb28104c0ff37928f9ed","amount":"1000",)"
      R"("token":"eip155:1:0x2791bca1f2de4661ed88a30c99a7a9449aa84174","deadline":1800000000})");
  // Without a known signer a PermitSingle cannot name its owner: an error, not a guess.
  auto anonymous = parse_json(single);
  anonymous.erase("resourceId");
  auto refused = classify(anonymous);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kEvmIntent);
}

TEST(EvmIntent, RefusesUnclassifiableRequests) {
  EXPECT_FALSE(classify(parse_json(R"({"action": "grantPermission"})")));
  EXPECT_FALSE(classify(parse_json(R"({"nothing": 1})")));
  auto no_from = classify(parse_json(
      R"({"action": "signTransaction", "transactionRequest": {"chainId": 1, "maxFeePerGas": "1"}})"));
  ASSERT_FALSE(no_from);
  EXPECT_EQ(no_from.error().code(), ErrorCode::kEvmIntent);
}

}  // namespace
}  // namespace custos::evm
