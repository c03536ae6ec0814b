#pragma once
// The intent classifier: turns a signing request (transaction, message, typed data, raw payload,
// ERC-4337 user operation) into the reference's intent shapes (Narval armory,
// packages/transaction-request-intent), which policies evaluate. Shapes are documented in
// docs/evm.md. All account ids are lower-case CAIP-10 ("eip155:1:0x…"), asset ids CAIP-19
// ("eip155:1/erc20:0x…", "eip155:1/erc721:0x…/42", "eip155:1/slip44:60").

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "base/result.h"
#include "evm/address.h"
#include "evm/transaction.h"
#include "evm/typed_data.h"
#include "evm/user_operation.h"
#include "json/value.h"

namespace custos::evm {

// What the contract registry knows about one contract.
struct ContractInfo {
  std::string asset_type;    // "erc20", "erc721", "erc1155" or "" (unknown)
  std::string factory_type;  // "safe", "erc4337" or "" (unknown)
};

// Optional knowledge the classifier may use, as the reference allows. Immutable once built;
// safe to share between threads.
struct IntentConfig {
  // Keyed by lower-case CAIP-10 account id of the contract.
  std::map<std::string, ContractInfo> contracts;
  // Keyed by "<lower-case CAIP-10 of from>-<nonce>": "pending", "success" or "failed".
  std::map<std::string, std::string> transactions;
  // chain id → SLIP-44 coin type of the native asset; defaults: 1 → 60, 137 → 966.
  std::map<std::uint64_t, std::uint64_t> native_slip44{{1, 60}, {137, 966}};

  // Parses {contractRegistry?: [{contract: {address, chainId} | "eip155:…", assetType?,
  // factoryType?}], transactionRegistry?: [{txRequest, status}], chainRegistry?: {"<chainId>":
  // {nativeSlip44}}}. Error: kEvmIntent.
  static Result<IntentConfig> from_json(const json::Value& document);
};

// Classifies a request. Accepted forms (the armory's request and the reference decoder's input):
//   {action: "signTransaction", transactionRequest}     {type: "transactionRequest", txRequest}
//   {action: "signMessage", message}                     {type: "message", payload}
//   {action: "signTypedData", typedData, resourceId?}    {type: "typedData", typedData}
//   {action: "signRaw", rawMessage, alg?}                {type: "raw", raw: {rawData, algorithm}}
//   {action: "signUserOperation", userOperation}
// Other members of the request (nonce, resourceId, …) are ignored. Errors: kEvmIntent for
// requests that cannot be classified; kEvmAbi for malformed calldata of a known function;
// kEvmTransaction / kEvmTypedData for malformed documents. Never guesses: a known selector
// whose arguments do not decode is an error, not a callContract.
Result<json::Value> classify(const json::Value& request, const IntentConfig& config = {});

// The transaction part of classify (from and chainId are required).
Result<json::Value> classify_transaction(const Transaction& tx, const IntentConfig& config = {});
// The typed-data part; `signer` is the owner for Uniswap Permit2 PermitSingle messages.
Result<json::Value> classify_typed_data(const TypedData& data, std::optional<Address> signer);
// The user-operation part: {type: userOperation, from: sender, entrypoint, operationIntents}.
Result<json::Value> classify_user_operation(const UserOperationV6& op,
                                            const IntentConfig& config = {});

// Lower-case CAIP-10 account id "eip155:<chainId>:0x…".
std::string account_id(const U256& chain_id, const Address& address);

}  // namespace custos::evm
