// Transaction and calldata classification (the transactionRequest half of the intent decoder).

#include <string>

#include "evm/abi.h"
#include "evm/hex.h"
#include "evm/intent.h"
#include "evm/json_fields.h"
#include "evm/selectors.h"

namespace custos::evm {
namespace {

constexpr std::size_t kMaxCallDepth = 4;  // userOperation → execute → … nesting

Error intent_error(const std::string& message) {
  return Error(ErrorCode::kEvmIntent, "intent: " + message);
}

// One call as the decoders see it: who sends, to which contract, with what.
struct Call {
  U256 chain_id;
  Address from;
  std::optional<Address> to;
  U256 value;
  Bytes data;
};

Result<std::vector<abi::Value>> decode_args(const selectors::Known& function, ByteView data) {
  std::string_view signature = function.signature;
  auto open = signature.find('(');
  auto types = abi::Type::parse_list(signature.substr(open));
  if (!types) return tl::unexpected(types.error());
  auto values = abi::decode(*types, data.subspan(4));
  if (!values) {
    return fail(Error(ErrorCode::kEvmAbi, "malformed calldata for " + std::string(signature) +
                                              ": " + values.error().message()));
  }
  return values;
}

std::string asset_id(const U256& chain_id, std::string_view namespace_name,
                     const Address& contract) {
  return "eip155:" + chain_id.to_decimal() + "/" + std::string(namespace_name) + ":" +
         contract.to_lower();
}

const ContractInfo* lookup(const IntentConfig& config, const U256& chain_id,
                           const Address& address) {
  auto it = config.contracts.find(account_id(chain_id, address));
  return it == config.contracts.end() ? nullptr : &it->second;
}

Result<json::Value> classify_call(const Call& call, const IntentConfig& config, std::size_t depth);

json::Value erc721_intent(const Call& call, const Address& to, const U256& token_id) {
  return json::Value::object(
      {{"type", "transferErc721"},
       {"to", account_id(call.chain_id, to)},
       {"from", account_id(call.chain_id, call.from)},
       {"contract", account_id(call.chain_id, *call.to)},
       {"token", asset_id(call.chain_id, "erc721", *call.to) + "/" + token_id.to_decimal()}});
}

json::Value erc1155_transfer(const Call& call, const U256& id, const U256& amount) {
  return json::Value::object(
      {{"token", asset_id(call.chain_id, "erc1155", *call.to) + "/" + id.to_decimal()},
       {"amount", amount.to_decimal()}});
}

json::Value call_contract(const Call& call, std::uint32_t selector) {
  Bytes sig{static_cast<std::uint8_t>(selector >> 24), static_cast<std::uint8_t>(selector >> 16),
            static_cast<std::uint8_t>(selector >> 8), static_cast<std::uint8_t>(selector)};
  return json::Value::object({{"type", "callContract"},
                              {"from", account_id(call.chain_id, call.from)},
                              {"contract", account_id(call.chain_id, *call.to)},
                              {"hexSignature", to_hex_data(sig)}});
}

// execute / executeAndRevert / executeBatch (v0.6, v0.7) on a smart account: the inner calls,
// each classified as a transaction from the same sender.
Result<json::Value> user_operation_calls(const Call& call, std::uint32_t selector,
                                         const IntentConfig& config, std::size_t depth,
                                         json::Value& intents) {
  std::vector<Call> inner;
  auto make = [&](const Address& dest, const U256& value, const Bytes& data) {
    inner.push_back(Call{call.chain_id, call.from, dest, value, data});
  };
  if (selector == selectors::kExecute.selector ||
      selector == selectors::kExecuteAndRevert.selector) {
    const auto& function = selector == selectors::kExecute.selector ? selectors::kExecute
                                                                    : selectors::kExecuteAndRevert;
    CUSTOS_TRY_ASSIGN(auto args, decode_args(function, call.data));
    make(args[0].address, args[1].number, args[2].bytes);
  } else if (selector == selectors::kExecuteBatchV6.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kExecuteBatchV6, call.data));
    if (args[0].items.size() != args[1].items.size()) {
      return fail(Error(ErrorCode::kEvmAbi, "executeBatch: dest and func lengths differ"));
    }
    for (std::size_t i = 0; i < args[0].items.size(); ++i) {
      make(args[0].items[i].address, U256(), args[1].items[i].bytes);
    }
  } else {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kExecuteBatchV7, call.data));
    if (args[0].items.size() != args[1].items.size() ||
        args[0].items.size() != args[2].items.size()) {
      return fail(Error(ErrorCode::kEvmAbi, "executeBatch: dest, value and func lengths differ"));
    }
    for (std::size_t i = 0; i < args[0].items.size(); ++i) {
      make(args[0].items[i].address, args[1].items[i].number, args[2].items[i].bytes);
    }
  }
  for (const Call& each : inner) {
    CUSTOS_TRY_ASSIGN(auto intent, classify_call(each, config, depth + 1));
    intents.push_back(std::move(intent));
  }
  return intents;
}

bool is_user_operation_selector(std::uint32_t selector) {
  return selector == selectors::kExecute.selector ||
         selector == selectors::kExecuteAndRevert.selector ||
         selector == selectors::kExecuteBatchV6.selector ||
         selector == selectors::kExecuteBatchV7.selector;
}

Result<json::Value> classify_contract_call(const Call& call, const IntentConfig& config,
                                           std::size_t depth) {
  if (call.data.size() < 4)
    return fail(intent_error("calldata is shorter than a function selector"));
  std::uint32_t selector = (std::uint32_t{call.data[0]} << 24) |
                           (std::uint32_t{call.data[1]} << 16) |
                           (std::uint32_t{call.data[2]} << 8) | std::uint32_t{call.data[3]};
  const U256& chain = call.chain_id;
  const Address& contract = *call.to;
  if (selector == selectors::kTransfer.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kTransfer, call.data));
    return json::Value::object({{"type", "transferErc20"},
                                {"to", account_id(chain, args[0].address)},
                                {"from", account_id(chain, call.from)},
                                {"token", asset_id(chain, "erc20", contract)},
                                {"amount", args[1].number.to_decimal()}});
  }
  if (selector == selectors::kTransferFrom.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kTransferFrom, call.data));
    const ContractInfo* info = lookup(config, chain, contract);
    if (info != nullptr && info->asset_type == "erc20") {
      return json::Value::object({{"type", "transferErc20"},
                                  {"to", account_id(chain, args[1].address)},
                                  {"from", account_id(chain, call.from)},
                                  {"token", asset_id(chain, "erc20", contract)},
                                  {"amount", args[2].number.to_decimal()}});
    }
    if (info != nullptr && info->asset_type == "erc721") {
      return erc721_intent(call, args[1].address, args[2].number);
    }
    return call_contract(call, selector);
  }
  if (selector == selectors::kApprove.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kApprove, call.data));
    return json::Value::object({{"type", "approveTokenAllowance"},
                                {"from", account_id(chain, call.from)},
                                {"token", account_id(chain, contract)},
                                {"spender", account_id(chain, args[0].address)},
                                {"amount", args[1].number.to_decimal()}});
  }
  if (selector == selectors::kSafeTransferFrom721.selector ||
      selector == selectors::kSafeTransferFrom721Data.selector) {
    const auto& function = selector == selectors::kSafeTransferFrom721.selector
                               ? selectors::kSafeTransferFrom721
                               : selectors::kSafeTransferFrom721Data;
    CUSTOS_TRY_ASSIGN(auto args, decode_args(function, call.data));
    return erc721_intent(call, args[1].address, args[2].number);
  }
  if (selector == selectors::kSafeTransferFrom1155.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kSafeTransferFrom1155, call.data));
    return json::Value::object({{"type", "transferErc1155"},
                                {"to", account_id(chain, args[1].address)},
                                {"from", account_id(chain, call.from)},
                                {"contract", account_id(chain, contract)},
                                {"transfers", json::Value::array({erc1155_transfer(
                                                  call, args[2].number, args[3].number)})}});
  }
  if (selector == selectors::kSafeBatchTransferFrom1155.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kSafeBatchTransferFrom1155, call.data));
    const auto& ids = args[2].items;
    const auto& amounts = args[3].items;
    if (ids.size() != amounts.size()) {
      return fail(
          Error(ErrorCode::kEvmAbi, "safeBatchTransferFrom: ids and amounts lengths differ"));
    }
    json::Value transfers = json::Value::array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      transfers.push_back(erc1155_transfer(call, ids[i].number, amounts[i].number));
    }
    return json::Value::object({{"type", "transferErc1155"},
                                {"to", account_id(chain, args[1].address)},
                                {"from", account_id(chain, call.from)},
                                {"contract", account_id(chain, contract)},
                                {"transfers", std::move(transfers)}});
  }
  if (selector == selectors::kCreateAccount.selector) {
    CUSTOS_TRY_ASSIGN(auto args, decode_args(selectors::kCreateAccount, call.data));
    const ContractInfo* factory = lookup(config, chain, contract);
    if (factory != nullptr && factory->factory_type == "erc4337") {
      return json::Value::object({{"type", "deployErc4337Wallet"},
                                  {"from", account_id(chain, call.from)},
                                  {"bytecode", to_hex_data(call.data)},
                                  {"chainId", json_integer(chain)}});
    }
    if (factory != nullptr && factory->factory_type == "safe") {
      return json::Value::object({{"type", "deploySafeWallet"},
                                  {"from", account_id(chain, call.from)},
                                  {"chainId", json_integer(chain)}});
    }
    return call_contract(call, selector);
  }
  if (is_user_operation_selector(selector)) {
    if (depth >= kMaxCallDepth) return fail(intent_error("user operation calls nested too deeply"));
    json::Value intents = json::Value::array();
    CUSTOS_TRY(user_operation_calls(call, selector, config, depth, intents));
    return json::Value::object({{"type", "userOperation"},
                                {"from", account_id(chain, call.from)},
                                {"entrypoint", account_id(chain, contract)},
                                {"operationIntents", std::move(intents)}});
  }
  return call_contract(call, selector);
}

Result<json::Value> classify_call(const Call& call, const IntentConfig& config, std::size_t depth) {
  const U256& chain = call.chain_id;
  if (!call.to) {
    const ContractInfo* info = lookup(config, chain, call.from);
    std::string factory = info != nullptr ? info->factory_type : "";
    if (factory == "safe") {
      return json::Value::object({{"type", "deploySafeWallet"},
                                  {"from", account_id(chain, call.from)},
                                  {"chainId", json_integer(chain)}});
    }
    if (factory == "erc4337") {
      return json::Value::object({{"type", "deployErc4337Wallet"},
                                  {"from", account_id(chain, call.from)},
                                  {"bytecode", to_hex_data(call.data)},
                                  {"chainId", json_integer(chain)}});
    }
    return json::Value::object({{"type", "deployContract"},
                                {"from", account_id(chain, call.from)},
                                {"chainId", json_integer(chain)}});
  }
  if (call.data.empty()) {
    if (*call.to == call.from && call.value.is_zero()) {
      return json::Value::object({{"type", "cancelTransaction"}});
    }
    if (!chain.fits_u64()) return fail(intent_error("chain id too large"));
    auto slip44 = config.native_slip44.find(chain.low_u64());
    if (slip44 == config.native_slip44.end()) {
      return fail(intent_error("no native asset known for chain " + chain.to_decimal() +
                               " (add it to the chain registry)"));
    }
    return json::Value::object(
        {{"type", "transferNative"},
         {"to", account_id(chain, *call.to)},
         {"from", account_id(chain, call.from)},
         {"token", "eip155:" + chain.to_decimal() + "/slip44:" + std::to_string(slip44->second)},
         {"amount", call.value.to_decimal()}});
  }
  return classify_contract_call(call, config, depth);
}

}  // namespace

Result<json::Value> classify_transaction(const Transaction& tx, const IntentConfig& config) {
  if (!tx.chain_id) return fail(intent_error("transaction request needs a chainId"));
  if (!tx.from) return fail(intent_error("transaction request needs a from address"));
  Call call{*tx.chain_id, *tx.from, tx.to, tx.value, tx.data};
  CUSTOS_TRY_ASSIGN(auto intent, classify_call(call, config, 0));
  // Transaction management (reference: wrapTransactionManagementIntents).
  if (config.transactions.empty() || !tx.has_nonce) return intent;
  if (intent.get_string("type").value_or("") == "cancelTransaction") return intent;
  auto key = account_id(*tx.chain_id, *tx.from) + "-" + tx.nonce.to_decimal();
  auto status = config.transactions.find(key);
  if (status == config.transactions.end()) return intent;
  if (status->second == "pending") return json::Value::object({{"type", "retryTransaction"}});
  return fail(
      intent_error("transaction " + key + " was already executed (" + status->second + ")"));
}

Result<json::Value> classify_user_operation(const UserOperationV6& op, const IntentConfig& config) {
  const U256& chain = op.chain_id;
  json::Value intents = json::Value::array();
  if (!op.call_data.empty()) {
    Call call{chain, op.sender, op.sender, U256(), op.call_data};
    if (op.call_data.size() < 4) return fail(intent_error("callData is shorter than a selector"));
    std::uint32_t selector = (std::uint32_t{op.call_data[0]} << 24) |
                             (std::uint32_t{op.call_data[1]} << 16) |
                             (std::uint32_t{op.call_data[2]} << 8) | std::uint32_t{op.call_data[3]};
    if (is_user_operation_selector(selector)) {
      CUSTOS_TRY(user_operation_calls(call, selector, config, 0, intents));
    } else {
      intents.push_back(call_contract(call, selector));
    }
  }
  return json::Value::object({{"type", "userOperation"},
                              {"from", account_id(chain, op.sender)},
                              {"entrypoint", account_id(chain, op.entry_point)},
                              {"operationIntents", std::move(intents)}});
}

std::string account_id(const U256& chain_id, const Address& address) {
  return "eip155:" + chain_id.to_decimal() + ":" + address.to_lower();
}

}  // namespace custos::evm
