#pragma once
// ERC-4337 v0.6 user operations: the reference's JSON shape and the EntryPoint v0.6 hash
// (EntryPoint.getUserOpHash).

#include <optional>

#include "base/bytes.h"
#include "base/result.h"
#include "evm/address.h"
#include "evm/keccak.h"
#include "evm/uint256.h"
#include "json/value.h"

namespace custos::evm {

// A v0.6 UserOperation plus the context needed to hash it (entry point and chain id). Value type.
struct UserOperationV6 {
  Address sender;
  U256 nonce;
  Bytes init_code;
  Bytes call_data;
  U256 call_gas_limit;
  U256 verification_gas_limit;
  U256 pre_verification_gas;
  U256 max_fee_per_gas;
  U256 max_priority_fee_per_gas;
  Bytes paymaster_and_data;
  Bytes signature;
  Address entry_point;
  U256 chain_id;
  std::optional<Address> factory_address;  // informative (the reference carries it)
};

// Parses {sender, nonce, initCode, callData, callGasLimit, verificationGasLimit,
// preVerificationGas, maxFeePerGas, maxPriorityFeePerGas, paymasterAndData, signature?,
// entryPoint, chainId, factoryAddress?}. Numbers as JSON integers, decimal or hex strings.
// Unknown members are refused. Error: kEvmTransaction naming the field.
Result<UserOperationV6> parse_user_operation(const json::Value& document);

// keccak256(abi.encode(keccak256(pack(op)), entryPoint, chainId)) where pack(op) =
// abi.encode(sender, nonce, keccak256(initCode), keccak256(callData), callGasLimit,
// verificationGasLimit, preVerificationGas, maxFeePerGas, maxPriorityFeePerGas,
// keccak256(paymasterAndData)) — EntryPoint v0.6 getUserOpHash.
Hash32 user_operation_hash(const UserOperationV6& op);

}  // namespace custos::evm
