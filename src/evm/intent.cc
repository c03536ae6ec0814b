// Intent classification: request dispatch, messages, raw payloads, typed data (permit, permit2)
// and the optional registries. Transaction calldata lives in intent_calls.cc.

#include "evm/intent.h"

#include <algorithm>
#include <cctype>

#include "evm/hex.h"
#include "evm/json_fields.h"
#include "evm/message.h"

namespace custos::evm {
namespace {

constexpr ErrorCode kCode = ErrorCode::kEvmIntent;
// Uniswap's Permit2 contract (same address on every chain).
constexpr std::string_view kPermit2Address = "0x000000000022d473030f116ddee9f6b43ac78ba3";

Error intent_error(const std::string& message) { return Error(kCode, "intent: " + message); }

Result<const json::Value*> member(const json::Value& object, std::string_view key) {
  const json::Value* value = object.find(key);
  if (value == nullptr || value->is_null())
    return fail(intent_error("missing " + std::string(key)));
  return value;
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

json::Value sign_message_intent(const json::Value& message) {
  // The reference keeps the message text; a raw message is shown as its hex.
  if (message.is_string())
    return json::Value::object({{"type", "signMessage"}, {"message", message}});
  return json::Value::object({{"type", "signMessage"}, {"message", *message.find("raw")}});
}

// The signer's address from an armory resourceId ("eip155:eoa:0x…", "eip155:1:0x…"), if any.
std::optional<Address> signer_from_resource(const json::Value& request) {
  const json::Value* resource = request.find("resourceId");
  if (resource == nullptr || !resource->is_string()) return std::nullopt;
  const std::string& text = resource->as_string();
  auto colon = text.rfind(':');
  if (colon == std::string::npos) return std::nullopt;
  auto address = Address::parse(std::string_view(text).substr(colon + 1));
  if (!address) return std::nullopt;
  return *address;
}

Result<json::Value> classify_raw(const json::Value& payload, const json::Value* algorithm) {
  if (!payload.is_string() || !parse_hex_data(payload.as_string())) {
    return fail(intent_error("raw payload must be 0x hex"));
  }
  json::Value alg =
      algorithm != nullptr && algorithm->is_string() ? *algorithm : json::Value("ES256K");
  return json::Value::object({{"type", "signRaw"}, {"algorithm", alg}, {"payload", payload}});
}

Result<json::Value> classify_message(const json::Value& message) {
  CUSTOS_TRY(message_from_json(message));
  return sign_message_intent(message);
}

Result<json::Value> classify_typed_data_document(const json::Value& document,
                                                 std::optional<Address> signer) {
  CUSTOS_TRY_ASSIGN(auto data, parse_typed_data(document));
  return classify_typed_data(data, signer);
}

// U256 from a typed-data member (any quantity form) as a decimal string.
Result<U256> typed_quantity(const json::Value& object, std::string_view key) {
  CUSTOS_TRY_ASSIGN(auto value, member(object, key));
  return quantity_from_json(*value, key, kCode);
}

Result<Address> typed_address(const json::Value& object, std::string_view key) {
  CUSTOS_TRY_ASSIGN(auto value, member(object, key));
  return address_from_json(*value, key, kCode);
}

}  // namespace

Result<json::Value> classify_typed_data(const TypedData& data, std::optional<Address> signer) {
  const json::Value& domain = data.domain;
  const json::Value& message = data.message;
  auto generic = [&] {
    return json::Value::object({{"type", "signTypedData"}, {"domain", domain}});
  };
  const json::Value* chain_value = domain.find("chainId");
  const json::Value* contract_value = domain.find("verifyingContract");
  if (chain_value == nullptr || contract_value == nullptr) return generic();
  CUSTOS_TRY_ASSIGN(auto chain, quantity_from_json(*chain_value, "domain.chainId", kCode));
  CUSTOS_TRY_ASSIGN(auto contract,
                    address_from_json(*contract_value, "domain.verifyingContract", kCode));
  const json::Value* name = domain.find("name");
  bool permit2_domain = name != nullptr && name->is_string() && name->as_string() == "Permit2" &&
                        contract.to_lower() == kPermit2Address;
  if (data.primary_type == "Permit" && !permit2_domain) {
    // EIP-2612: Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline).
    for (std::string_view key : {"owner", "spender", "value", "nonce", "deadline"}) {
      if (!message.contains(key)) return generic();
    }
    CUSTOS_TRY_ASSIGN(auto owner, typed_address(message, "owner"));
    CUSTOS_TRY_ASSIGN(auto spender, typed_address(message, "spender"));
    CUSTOS_TRY_ASSIGN(auto value, typed_quantity(message, "value"));
    CUSTOS_TRY_ASSIGN(auto deadline, typed_quantity(message, "deadline"));
    return json::Value::object({{"type", "permit"},
                                {"owner", account_id(chain, owner)},
                                {"spender", account_id(chain, spender)},
                                {"amount", value.to_decimal()},
                                {"token", account_id(chain, contract)},
                                {"deadline", json_integer(deadline)}});
  }
  if (permit2_domain && (data.primary_type == "Permit2" || data.primary_type == "PermitSingle")) {
    // The reference's Permit2 shape carries details.owner; Uniswap's PermitSingle is signed by
    // the owner, so the owner is the signer.
    CUSTOS_TRY_ASSIGN(auto details, member(message, "details"));
    if (!details->is_object()) return fail(intent_error("permit2 details must be an object"));
    Address owner;
    if (details->contains("owner")) {
      CUSTOS_TRY_ASSIGN(owner, typed_address(*details, "owner"));
    } else if (signer) {
      owner = *signer;
    } else {
      return fail(intent_error("permit2 " + data.primary_type + ": the owner (signer) is unknown"));
    }
    CUSTOS_TRY_ASSIGN(auto spender, typed_address(message, "spender"));
    CUSTOS_TRY_ASSIGN(auto token, typed_address(*details, "token"));
    CUSTOS_TRY_ASSIGN(auto amount, typed_quantity(*details, "amount"));
    CUSTOS_TRY_ASSIGN(auto expiration, typed_quantity(*details, "expiration"));
    return json::Value::object({{"type", "permit2"},
                                {"owner", account_id(chain, owner)},
                                {"spender", account_id(chain, spender)},
                                {"amount", amount.to_decimal()},
                                {"token", account_id(chain, token)},
                                {"deadline", json_integer(expiration)}});
  }
  return generic();
}

Result<json::Value> classify(const json::Value& request, const IntentConfig& config) {
  if (!request.is_object()) return fail(intent_error("request must be a JSON object"));
  const json::Value* action = request.find("action");
  const json::Value* type = request.find("type");
  std::string kind;
  if (action != nullptr && action->is_string()) {
    kind = action->as_string();
  } else if (type != nullptr && type->is_string()) {
    kind = type->as_string();
  } else {
    return fail(intent_error("request needs an action (or a decoder input type)"));
  }
  if (kind == "signTransaction" || kind == "transactionRequest") {
    CUSTOS_TRY_ASSIGN(
        auto document,
        member(request, kind == "signTransaction" ? "transactionRequest" : "txRequest"));
    CUSTOS_TRY_ASSIGN(auto tx, parse_transaction(*document));
    return classify_transaction(tx, config);
  }
  if (kind == "signMessage") {
    CUSTOS_TRY_ASSIGN(auto message, member(request, "message"));
    return classify_message(*message);
  }
  if (kind == "message") {
    CUSTOS_TRY_ASSIGN(auto payload, member(request, "payload"));
    return classify_message(*payload);
  }
  if (kind == "signTypedData" || kind == "typedData") {
    CUSTOS_TRY_ASSIGN(auto document, member(request, "typedData"));
    return classify_typed_data_document(*document, signer_from_resource(request));
  }
  if (kind == "signRaw") {
    CUSTOS_TRY_ASSIGN(auto payload, member(request, "rawMessage"));
    return classify_raw(*payload, request.find("alg"));
  }
  if (kind == "raw") {
    CUSTOS_TRY_ASSIGN(auto raw, member(request, "raw"));
    if (!raw->is_object()) return fail(intent_error("raw must be an object"));
    CUSTOS_TRY_ASSIGN(auto payload, member(*raw, "rawData"));
    return classify_raw(*payload, raw->find("algorithm"));
  }
  if (kind == "signUserOperation") {
    CUSTOS_TRY_ASSIGN(auto document, member(request, "userOperation"));
    CUSTOS_TRY_ASSIGN(auto op, parse_user_operation(*document));
    return classify_user_operation(op, config);
  }
  return fail(intent_error("unsupported request kind '" + kind + "'"));
}

Result<IntentConfig> IntentConfig::from_json(const json::Value& document) {
  if (!document.is_object()) return fail(intent_error("config must be an object"));
  IntentConfig config;
  for (const auto& [key, value] : document.as_object()) {
    if (key != "contractRegistry" && key != "transactionRegistry" && key != "chainRegistry") {
      return fail(intent_error("unknown config member '" + key + "'"));
    }
  }
  if (const json::Value* contracts = document.find("contractRegistry"); contracts != nullptr) {
    if (!contracts->is_array()) return fail(intent_error("contractRegistry must be an array"));
    for (const json::Value& entry : contracts->as_array()) {
      if (!entry.is_object()) return fail(intent_error("contractRegistry entries must be objects"));
      CUSTOS_TRY_ASSIGN(auto contract, member(entry, "contract"));
      std::string key;
      if (contract->is_string()) {
        key = lower(contract->as_string());
        auto colon = key.rfind(':');
        if (!key.starts_with("eip155:") || colon == std::string::npos ||
            !Address::parse(std::string_view(key).substr(colon + 1))) {
          return fail(
              intent_error("contract id '" + contract->as_string() + "' is not eip155 CAIP-10"));
        }
      } else if (contract->is_object()) {
        CUSTOS_TRY_ASSIGN(auto address, typed_address(*contract, "address"));
        CUSTOS_TRY_ASSIGN(auto chain, typed_quantity(*contract, "chainId"));
        key = account_id(chain, address);
      } else {
        return fail(intent_error("contract must be a CAIP-10 id or {address, chainId}"));
      }
      ContractInfo info;
      for (auto [field, target] : {std::pair{"assetType", &info.asset_type},
                                   std::pair{"factoryType", &info.factory_type}}) {
        const json::Value* value = entry.find(field);
        if (value == nullptr || value->is_null()) continue;
        if (!value->is_string())
          return fail(intent_error(std::string(field) + " must be a string"));
        *target = value->as_string() == "unknown" ? "" : value->as_string();
      }
      config.contracts[key] = info;
    }
  }
  if (const json::Value* txs = document.find("transactionRegistry"); txs != nullptr) {
    if (!txs->is_array()) return fail(intent_error("transactionRegistry must be an array"));
    for (const json::Value& entry : txs->as_array()) {
      if (!entry.is_object())
        return fail(intent_error("transactionRegistry entries must be objects"));
      CUSTOS_TRY_ASSIGN(auto request, member(entry, "txRequest"));
      CUSTOS_TRY_ASSIGN(auto status, member(entry, "status"));
      if (!status->is_string() ||
          (status->as_string() != "pending" && status->as_string() != "success" &&
           status->as_string() != "failed")) {
        return fail(intent_error("status must be pending, success or failed"));
      }
      CUSTOS_TRY_ASSIGN(auto tx, parse_transaction(*request));
      if (!tx.chain_id || !tx.from || !tx.has_nonce) {
        return fail(intent_error("transactionRegistry entries need chainId, from and nonce"));
      }
      config.transactions[account_id(*tx.chain_id, *tx.from) + "-" + tx.nonce.to_decimal()] =
          status->as_string();
    }
  }
  if (const json::Value* chains = document.find("chainRegistry"); chains != nullptr) {
    if (!chains->is_object()) return fail(intent_error("chainRegistry must be an object"));
    for (const auto& [chain_text, data] : chains->as_object()) {
      auto chain = U256::from_decimal(chain_text);
      if (!chain || !chain->fits_u64())
        return fail(intent_error("bad chain id '" + chain_text + "'"));
      if (!data.is_object()) return fail(intent_error("chainRegistry values must be objects"));
      CUSTOS_TRY_ASSIGN(auto slip44, typed_quantity(data, "nativeSlip44"));
      if (!slip44.fits_u64()) return fail(intent_error("nativeSlip44 too large"));
      config.native_slip44[chain->low_u64()] = slip44.low_u64();
    }
  }
  return config;
}

}  // namespace custos::evm
