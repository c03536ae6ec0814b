#include "evm/user_operation.h"

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::evm {
namespace {

using testing::parse_json;

// Expected hash computed with viem 2.57 getUserOperationHash({entryPointVersion: '0.6', …}).
TEST(EvmUserOperation, V06HashMatchesTheEntryPointFormula) {
  auto op = parse_user_operation(parse_json(R"({
    "sender": "0x1111111111111111111111111111111111111111", "nonce": "5", "initCode": "0x",
    "callData": "0xdeadbeef", "callGasLimit": "100000", "verificationGasLimit": "0x30d40",
    "preVerificationGas": 50000, "maxFeePerGas": "3000000000", "maxPriorityFeePerGas": "1000000000",
    "paymasterAndData": "0x", "signature": "0x",
    "entryPoint": "0x5FF137D4b0FDCD49DcA30c7CF57E578a026d2789", "chainId": 1})"));
  ASSERT_TRUE(op) << op.error().to_string();
  EXPECT_EQ(hex_encode(user_operation_hash(*op)),
            "3eb95f16b1f04f8551e8b130a7981adf18b36a3535be0dab1f0cafa16aa82108");
}

TEST(EvmUserOperation, RefusesIncompleteOrUnknownMembers) {
  auto missing = parse_user_operation(
      parse_json(R"({"sender": "0x1111111111111111111111111111111111111111"})"));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kEvmTransaction);
  auto unknown = parse_user_operation(parse_json(R"({"bogus": 1})"));
  EXPECT_FALSE(unknown);
}

}  // namespace
}  // namespace custos::evm
