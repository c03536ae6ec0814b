#include "evm/transaction.h"

#include <algorithm>
#include <string>

#include "evm/hex.h"
#include "evm/json_fields.h"
#include "evm/rlp.h"

namespace custos::evm {
namespace {

constexpr ErrorCode kCode = ErrorCode::kEvmTransaction;

Error tx_error(const std::string& message) { return Error(kCode, "transaction: " + message); }

// secp256k1 group order n and n/2 (big-endian), for the low-s rule on decoded signatures.
constexpr std::array<std::uint8_t, 32> kHalfOrder = {
    0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0x5d, 0x57, 0x6e, 0x73, 0x57, 0xa4, 0x50, 0x1d, 0xdf, 0xe9, 0x2f, 0x46, 0x68, 0x1b, 0x20, 0xa0};

Result<TxType> parse_type(const json::Value& value) {
  std::string text;
  if (value.is_number()) {
    text = value.as_number().text();
  } else if (value.is_string()) {
    text = value.as_string();
  } else {
    return fail(tx_error("type must be a number or a string"));
  }
  if (text == "0" || text == "0x0" || text == "0x00" || text == "legacy") return TxType::kLegacy;
  if (text == "1" || text == "0x1" || text == "0x01" || text == "eip2930") return TxType::kEip2930;
  if (text == "2" || text == "0x2" || text == "0x02" || text == "eip1559") return TxType::kEip1559;
  return fail(tx_error("unsupported type '" + text + "'"));
}

Result<std::vector<AccessListEntry>> parse_access_list(const json::Value& value) {
  if (!value.is_array()) return fail(tx_error("accessList must be an array"));
  std::vector<AccessListEntry> out;
  for (const json::Value& entry : value.as_array()) {
    if (!entry.is_object()) return fail(tx_error("accessList entries must be objects"));
    for (const auto& [key, member] : entry.as_object()) {
      if (key != "address" && key != "storageKeys") {
        return fail(tx_error("unknown accessList member '" + key + "'"));
      }
    }
    const json::Value* address = entry.find("address");
    const json::Value* keys = entry.find("storageKeys");
    if (address == nullptr || keys == nullptr || !keys->is_array()) {
      return fail(tx_error("accessList entries need address and storageKeys[]"));
    }
    AccessListEntry item;
    CUSTOS_TRY_ASSIGN(item.address, address_from_json(*address, "accessList.address", kCode));
    for (const json::Value& key : keys->as_array()) {
      CUSTOS_TRY_ASSIGN(auto bytes, data_from_json(key, "accessList.storageKeys", kCode));
      if (bytes.size() != 32) return fail(tx_error("storage keys must be 32 bytes"));
      Hash32 hash;
      std::copy(bytes.begin(), bytes.end(), hash.begin());
      item.storage_keys.push_back(hash);
    }
    out.push_back(std::move(item));
  }
  return out;
}

rlp::Item access_list_item(const std::vector<AccessListEntry>& list) {
  std::vector<rlp::Item> entries;
  for (const AccessListEntry& entry : list) {
    std::vector<rlp::Item> keys;
    for (const Hash32& key : entry.storage_keys) keys.push_back(rlp::Item::string(key));
    entries.push_back(rlp::Item::list(
        {rlp::Item::string(entry.address.bytes), rlp::Item::list(std::move(keys))}));
  }
  return rlp::Item::list(std::move(entries));
}

rlp::Item to_item(const std::optional<Address>& to) {
  return to ? rlp::Item::string(to->bytes) : rlp::Item::string({});
}

// The unsigned fields of the transaction, in the order of its type's encoding.
Result<std::vector<rlp::Item>> unsigned_fields(const Transaction& tx) {
  std::vector<rlp::Item> fields;
  if (tx.type == TxType::kLegacy) {
    fields = {rlp::Item::integer(tx.nonce), rlp::Item::integer(tx.gas_price),
              rlp::Item::integer(tx.gas),   to_item(tx.to),
              rlp::Item::integer(tx.value), rlp::Item::string(tx.data)};
    return fields;
  }
  if (!tx.chain_id) return fail(tx_error("typed transactions need a chainId"));
  fields.push_back(rlp::Item::integer(*tx.chain_id));
  fields.push_back(rlp::Item::integer(tx.nonce));
  if (tx.type == TxType::kEip1559) {
    fields.push_back(rlp::Item::integer(tx.max_priority_fee_per_gas));
    fields.push_back(rlp::Item::integer(tx.max_fee_per_gas));
  } else {
    fields.push_back(rlp::Item::integer(tx.gas_price));
  }
  fields.push_back(rlp::Item::integer(tx.gas));
  fields.push_back(to_item(tx.to));
  fields.push_back(rlp::Item::integer(tx.value));
  fields.push_back(rlp::Item::string(tx.data));
  fields.push_back(access_list_item(tx.access_list));
  return fields;
}

Bytes with_type_prefix(TxType type, const rlp::Item& item) {
  Bytes out;
  if (type != TxType::kLegacy) out.push_back(static_cast<std::uint8_t>(type));
  rlp::encode_to(item, out);
  return out;
}

bool is_low_s(const std::array<std::uint8_t, 32>& s) {
  return !std::lexicographical_compare(kHalfOrder.begin(), kHalfOrder.end(), s.begin(), s.end());
}

Result<std::array<std::uint8_t, 32>> scalar_from_item(const rlp::Item& item, const char* what) {
  auto value = rlp::decode_integer(item);
  if (!value) return fail(tx_error(std::string(what) + ": " + value.error().message()));
  if (value->is_zero()) return fail(tx_error(std::string(what) + " is zero"));
  return value->to_word();
}

Result<std::optional<Address>> to_from_item(const rlp::Item& item) {
  if (item.is_list) return fail(tx_error("to must be a string"));
  if (item.bytes.empty()) return std::optional<Address>();
  auto address = Address::from_bytes(item.bytes);
  if (!address) return fail(tx_error("to must be 20 bytes"));
  return std::optional<Address>(*address);
}

Result<std::vector<AccessListEntry>> access_list_from_item(const rlp::Item& item) {
  if (!item.is_list) return fail(tx_error("accessList must be a list"));
  std::vector<AccessListEntry> out;
  for (const rlp::Item& entry : item.items) {
    if (!entry.is_list || entry.items.size() != 2 || entry.items[0].is_list ||
        !entry.items[1].is_list) {
      return fail(tx_error("malformed accessList entry"));
    }
    AccessListEntry decoded;
    auto address = Address::from_bytes(entry.items[0].bytes);
    if (!address) return fail(tx_error("accessList address must be 20 bytes"));
    decoded.address = *address;
    for (const rlp::Item& key : entry.items[1].items) {
      if (key.is_list || key.bytes.size() != 32)
        return fail(tx_error("storage keys must be 32 bytes"));
      Hash32 hash;
      std::copy(key.bytes.begin(), key.bytes.end(), hash.begin());
      decoded.storage_keys.push_back(hash);
    }
    out.push_back(std::move(decoded));
  }
  return out;
}

Result<U256> integer_field(const rlp::Item& item, const char* what) {
  auto value = rlp::decode_integer(item);
  if (!value) return fail(tx_error(std::string(what) + ": " + value.error().message()));
  return value;
}

}  // namespace

Result<Transaction> parse_transaction(const json::Value& request) {
  if (!request.is_object()) return fail(tx_error("request must be a JSON object"));
  static constexpr std::string_view kKnown[] = {"chainId",
                                                "from",
                                                "nonce",
                                                "to",
                                                "value",
                                                "data",
                                                "gas",
                                                "gasLimit",
                                                "gasPrice",
                                                "maxFeePerGas",
                                                "maxPriorityFeePerGas",
                                                "accessList",
                                                "type"};
  for (const auto& [key, value] : request.as_object()) {
    if (std::find(std::begin(kKnown), std::end(kKnown), key) == std::end(kKnown)) {
      return fail(tx_error("unknown member '" + key + "'"));
    }
  }
  Transaction tx;
  CUSTOS_TRY_ASSIGN(tx.chain_id, optional_quantity(request, "chainId", kCode));
  CUSTOS_TRY_ASSIGN(tx.from, optional_address(request, "from", kCode));
  CUSTOS_TRY_ASSIGN(tx.to, optional_address(request, "to", kCode));
  CUSTOS_TRY_ASSIGN(auto nonce, optional_quantity(request, "nonce", kCode));
  tx.has_nonce = nonce.has_value();
  tx.nonce = nonce.value_or(U256());
  CUSTOS_TRY_ASSIGN(auto value, optional_quantity(request, "value", kCode));
  tx.value = value.value_or(U256());
  if (request.contains("gas") && request.contains("gasLimit")) {
    return fail(tx_error("both gas and gasLimit given"));
  }
  CUSTOS_TRY_ASSIGN(
      auto gas,
      optional_quantity(request, request.contains("gasLimit") ? "gasLimit" : "gas", kCode));
  tx.gas = gas.value_or(U256());
  CUSTOS_TRY_ASSIGN(auto gas_price, optional_quantity(request, "gasPrice", kCode));
  CUSTOS_TRY_ASSIGN(auto max_fee, optional_quantity(request, "maxFeePerGas", kCode));
  CUSTOS_TRY_ASSIGN(auto max_priority, optional_quantity(request, "maxPriorityFeePerGas", kCode));
  if (const json::Value* data = request.find("data"); data != nullptr && !data->is_null()) {
    CUSTOS_TRY_ASSIGN(tx.data, data_from_json(*data, "data", kCode));
    tx.has_data = true;
  }
  const json::Value* access_list = request.find("accessList");
  bool has_access_list = access_list != nullptr && !access_list->is_null();
  if (has_access_list) {
    CUSTOS_TRY_ASSIGN(tx.access_list, parse_access_list(*access_list));
  }
  if (const json::Value* type = request.find("type"); type != nullptr && !type->is_null()) {
    CUSTOS_TRY_ASSIGN(tx.type, parse_type(*type));
  } else if (max_fee || max_priority) {
    tx.type = TxType::kEip1559;
  } else if (gas_price && has_access_list) {
    tx.type = TxType::kEip2930;
  } else if (gas_price) {
    tx.type = TxType::kLegacy;
  } else {
    tx.type = TxType::kEip1559;
  }
  if (tx.type == TxType::kEip1559) {
    if (gas_price) return fail(tx_error("gasPrice is not a field of EIP-1559 transactions"));
    tx.max_fee_per_gas = max_fee.value_or(U256());
    tx.max_priority_fee_per_gas = max_priority.value_or(U256());
    if (tx.max_priority_fee_per_gas > tx.max_fee_per_gas) {
      return fail(tx_error("maxPriorityFeePerGas exceeds maxFeePerGas"));
    }
  } else {
    if (max_fee || max_priority) {
      return fail(tx_error("maxFeePerGas/maxPriorityFeePerGas need an EIP-1559 transaction"));
    }
    tx.gas_price = gas_price.value_or(U256());
  }
  if (tx.type == TxType::kLegacy && has_access_list) {
    return fail(tx_error("legacy transactions have no accessList"));
  }
  if (tx.type != TxType::kLegacy && !tx.chain_id) return fail(tx_error("chainId is required"));
  return tx;
}

json::Value transaction_to_json(const Transaction& tx) {
  json::Value out = json::Value::object();
  out.set("type", json::Value("0x" + std::to_string(static_cast<int>(tx.type))));
  if (tx.chain_id) out.set("chainId", json_integer(*tx.chain_id));
  if (tx.from) out.set("from", tx.from->to_lower());
  out.set("nonce", tx.nonce.to_hex());
  out.set("to", tx.to ? json::Value(tx.to->to_lower()) : json::Value(nullptr));
  out.set("value", tx.value.to_hex());
  out.set("data", to_hex_data(tx.data));
  out.set("gas", tx.gas.to_hex());
  if (tx.type == TxType::kEip1559) {
    out.set("maxFeePerGas", tx.max_fee_per_gas.to_hex());
    out.set("maxPriorityFeePerGas", tx.max_priority_fee_per_gas.to_hex());
  } else {
    out.set("gasPrice", tx.gas_price.to_hex());
  }
  if (tx.type != TxType::kLegacy) {
    json::Value list = json::Value::array();
    for (const AccessListEntry& entry : tx.access_list) {
      json::Value keys = json::Value::array();
      for (const Hash32& key : entry.storage_keys) keys.push_back(to_hex_data(key));
      list.push_back(json::Value::object(
          {{"address", entry.address.to_lower()}, {"storageKeys", std::move(keys)}}));
    }
    out.set("accessList", std::move(list));
  }
  return out;
}

Result<Bytes> signing_payload(const Transaction& tx) {
  CUSTOS_TRY_ASSIGN(auto fields, unsigned_fields(tx));
  if (tx.type == TxType::kLegacy && tx.chain_id) {
    fields.push_back(rlp::Item::integer(*tx.chain_id));
    fields.push_back(rlp::Item::integer(U256()));
    fields.push_back(rlp::Item::integer(U256()));
  }
  return with_type_prefix(tx.type, rlp::Item::list(std::move(fields)));
}

Result<Hash32> signing_hash(const Transaction& tx) {
  CUSTOS_TRY_ASSIGN(auto payload, signing_payload(tx));
  return keccak256(payload);
}

Result<Bytes> serialize_signed(const Transaction& tx, const RecoverableSignature& signature) {
  if (signature.recovery_id != 0 && signature.recovery_id != 1) {
    return fail(tx_error("recovery id must be 0 or 1"));
  }
  CUSTOS_TRY_ASSIGN(auto fields, unsigned_fields(tx));
  U256 v(static_cast<std::uint64_t>(signature.recovery_id));
  if (tx.type == TxType::kLegacy) {
    if (tx.chain_id) {
      CUSTOS_TRY_ASSIGN(auto doubled, tx.chain_id->checked_mul(U256(2)));
      CUSTOS_TRY_ASSIGN(
          v, doubled.checked_add(U256(35 + static_cast<std::uint64_t>(signature.recovery_id))));
    } else {
      v = U256(27 + static_cast<std::uint64_t>(signature.recovery_id));
    }
  }
  fields.push_back(rlp::Item::integer(v));
  fields.push_back(rlp::Item::integer(*U256::from_be_bytes(signature.r)));
  fields.push_back(rlp::Item::integer(*U256::from_be_bytes(signature.s)));
  return with_type_prefix(tx.type, rlp::Item::list(std::move(fields)));
}

Result<SignedTransaction> sign_transaction(const Transaction& tx, const SecretBytes& private_key) {
  if (tx.from) {
    CUSTOS_TRY_ASSIGN(auto address, address_of_key(private_key));
    if (address != *tx.from) {
      return fail(tx_error("from " + tx.from->to_lower() + " is not the signing key's address " +
                           address.to_lower()));
    }
  }
  CUSTOS_TRY_ASSIGN(auto digest, signing_hash(tx));
  CUSTOS_TRY_ASSIGN(auto signature, sign_digest(digest, private_key));
  CUSTOS_TRY_ASSIGN(auto raw, serialize_signed(tx, signature));
  SignedTransaction out{tx, signature, std::move(raw), {}};
  out.hash = keccak256(out.raw);
  return out;
}

Result<SignedTransaction> decode_signed(ByteView raw) {
  if (raw.empty()) return fail(tx_error("empty raw transaction"));
  SignedTransaction out;
  out.raw.assign(raw.begin(), raw.end());
  out.hash = keccak256(raw);
  Transaction& tx = out.tx;
  ByteView body = raw;
  if (raw[0] < 0x7f) {
    if (raw[0] != 1 && raw[0] != 2)
      return fail(tx_error("unsupported transaction type " + std::to_string(raw[0])));
    tx.type = static_cast<TxType>(raw[0]);
    body = raw.subspan(1);
  } else if (raw[0] < 0xc0) {
    return fail(tx_error("raw transaction is neither typed nor an RLP list"));
  } else {
    tx.type = TxType::kLegacy;
  }
  CUSTOS_TRY_ASSIGN(auto item, rlp::decode(body));
  if (!item.is_list) return fail(tx_error("transaction body must be an RLP list"));
  const auto& f = item.items;
  std::size_t expected = tx.type == TxType::kLegacy ? 9 : (tx.type == TxType::kEip2930 ? 11 : 12);
  if (f.size() != expected) {
    return fail(tx_error("expected " + std::to_string(expected) + " fields, found " +
                         std::to_string(f.size())));
  }
  std::size_t i = 0;
  if (tx.type != TxType::kLegacy) {
    CUSTOS_TRY_ASSIGN(auto chain_id, integer_field(f[i++], "chainId"));
    tx.chain_id = chain_id;
  }
  CUSTOS_TRY_ASSIGN(tx.nonce, integer_field(f[i++], "nonce"));
  if (tx.type == TxType::kEip1559) {
    CUSTOS_TRY_ASSIGN(tx.max_priority_fee_per_gas, integer_field(f[i++], "maxPriorityFeePerGas"));
    CUSTOS_TRY_ASSIGN(tx.max_fee_per_gas, integer_field(f[i++], "maxFeePerGas"));
  } else {
    CUSTOS_TRY_ASSIGN(tx.gas_price, integer_field(f[i++], "gasPrice"));
  }
  CUSTOS_TRY_ASSIGN(tx.gas, integer_field(f[i++], "gas"));
  CUSTOS_TRY_ASSIGN(tx.to, to_from_item(f[i++]));
  CUSTOS_TRY_ASSIGN(tx.value, integer_field(f[i++], "value"));
  if (f[i].is_list) return fail(tx_error("data must be a string"));
  tx.data = f[i++].bytes;
  tx.has_data = true;
  tx.has_nonce = true;
  if (tx.type != TxType::kLegacy) {
    CUSTOS_TRY_ASSIGN(tx.access_list, access_list_from_item(f[i++]));
  }
  CUSTOS_TRY_ASSIGN(auto v, integer_field(f[i++], "v"));
  CUSTOS_TRY_ASSIGN(out.signature.r, scalar_from_item(f[i++], "r"));
  CUSTOS_TRY_ASSIGN(out.signature.s, scalar_from_item(f[i++], "s"));
  if (!is_low_s(out.signature.s))
    return fail(tx_error("signature s is not in the lower half order"));
  if (tx.type != TxType::kLegacy) {
    if (v > U256(1)) return fail(tx_error("yParity must be 0 or 1"));
    out.signature.recovery_id = static_cast<int>(v.low_u64());
  } else if (v == U256(27) || v == U256(28)) {
    out.signature.recovery_id = static_cast<int>(v.low_u64() - 27);
  } else {
    if (v < U256(37)) return fail(tx_error("legacy v is neither 27/28 nor EIP-155"));
    CUSTOS_TRY_ASSIGN(auto rest, v.checked_sub(U256(35)));
    std::uint32_t parity = 0;
    tx.chain_id = rest.div_small(2, &parity);
    out.signature.recovery_id = static_cast<int>(parity);
  }
  return out;
}

Result<Address> recover_sender(const SignedTransaction& signed_tx) {
  CUSTOS_TRY_ASSIGN(auto digest, signing_hash(signed_tx.tx));
  return recover_address(digest, signed_tx.signature);
}

}  // namespace custos::evm
