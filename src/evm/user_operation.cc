#include "evm/user_operation.h"

#include <algorithm>
#include <string>

#include "evm/json_fields.h"

namespace custos::evm {
namespace {

constexpr ErrorCode kCode = ErrorCode::kEvmTransaction;

Error op_error(const std::string& message) { return Error(kCode, "user operation: " + message); }

Result<const json::Value*> required(const json::Value& object, std::string_view key) {
  const json::Value* member = object.find(key);
  if (member == nullptr || member->is_null()) {
    return fail(op_error("missing " + std::string(key)));
  }
  return member;
}

Result<U256> quantity(const json::Value& object, std::string_view key) {
  CUSTOS_TRY_ASSIGN(auto member, required(object, key));
  return quantity_from_json(*member, key, kCode);
}

Result<Bytes> data(const json::Value& object, std::string_view key) {
  CUSTOS_TRY_ASSIGN(auto member, required(object, key));
  return data_from_json(*member, key, kCode);
}

void append(Bytes& out, const std::array<std::uint8_t, 32>& word) {
  out.insert(out.end(), word.begin(), word.end());
}

}  // namespace

Result<UserOperationV6> parse_user_operation(const json::Value& document) {
  if (!document.is_object()) return fail(op_error("must be a JSON object"));
  static constexpr std::string_view kKnown[] = {"sender",
                                                "nonce",
                                                "initCode",
                                                "callData",
                                                "callGasLimit",
                                                "verificationGasLimit",
                                                "preVerificationGas",
                                                "maxFeePerGas",
                                                "maxPriorityFeePerGas",
                                                "paymasterAndData",
                                                "signature",
                                                "entryPoint",
                                                "chainId",
                                                "factoryAddress"};
  for (const auto& [key, value] : document.as_object()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return fail(op_error("unknown member '" + key + "'"));
    }
  }
  UserOperationV6 op;
  CUSTOS_TRY_ASSIGN(auto sender, required(document, "sender"));
  CUSTOS_TRY_ASSIGN(op.sender, address_from_json(*sender, "sender", kCode));
  CUSTOS_TRY_ASSIGN(op.nonce, quantity(document, "nonce"));
  CUSTOS_TRY_ASSIGN(op.init_code, data(document, "initCode"));
  CUSTOS_TRY_ASSIGN(op.call_data, data(document, "callData"));
  CUSTOS_TRY_ASSIGN(op.call_gas_limit, quantity(document, "callGasLimit"));
  CUSTOS_TRY_ASSIGN(op.verification_gas_limit, quantity(document, "verificationGasLimit"));
  CUSTOS_TRY_ASSIGN(op.pre_verification_gas, quantity(document, "preVerificationGas"));
  CUSTOS_TRY_ASSIGN(op.max_fee_per_gas, quantity(document, "maxFeePerGas"));
  CUSTOS_TRY_ASSIGN(op.max_priority_fee_per_gas, quantity(document, "maxPriorityFeePerGas"));
  CUSTOS_TRY_ASSIGN(op.paymaster_and_data, data(document, "paymasterAndData"));
  if (const json::Value* sig = document.find("signature"); sig != nullptr && !sig->is_null()) {
    CUSTOS_TRY_ASSIGN(op.signature, data_from_json(*sig, "signature", kCode));
  }
  CUSTOS_TRY_ASSIGN(auto entry_point, required(document, "entryPoint"));
  CUSTOS_TRY_ASSIGN(op.entry_point, address_from_json(*entry_point, "entryPoint", kCode));
  CUSTOS_TRY_ASSIGN(op.chain_id, quantity(document, "chainId"));
  CUSTOS_TRY_ASSIGN(op.factory_address, optional_address(document, "factoryAddress", kCode));
  return op;
}

Hash32 user_operation_hash(const UserOperationV6& op) {
  Bytes packed;
  append(packed, op.sender.to_word());
  append(packed, op.nonce.to_word());
  append(packed, keccak256(op.init_code));
  append(packed, keccak256(op.call_data));
  append(packed, op.call_gas_limit.to_word());
  append(packed, op.verification_gas_limit.to_word());
  append(packed, op.pre_verification_gas.to_word());
  append(packed, op.max_fee_per_gas.to_word());
  append(packed, op.max_priority_fee_per_gas.to_word());
  append(packed, keccak256(op.paymaster_and_data));
  Bytes outer;
  append(outer, keccak256(packed));
  append(outer, op.entry_point.to_word());
  append(outer, op.chain_id.to_word());
  return keccak256(outer);
}

}  // namespace custos::evm
