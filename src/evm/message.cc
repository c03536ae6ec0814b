#include "evm/message.h"

#include <string>

#include "evm/hex.h"

namespace custos::evm {

Result<Bytes> message_from_json(const json::Value& message) {
  if (message.is_string()) return to_bytes(message.as_string());
  if (message.is_object() && message.as_object().size() == 1) {
    if (const json::Value* raw = message.find("raw"); raw != nullptr && raw->is_string()) {
      auto bytes = parse_hex_data(raw->as_string());
      if (!bytes)
        return fail(ErrorCode::kInvalidArgument, "message.raw: " + bytes.error().message());
      return bytes;
    }
  }
  return fail(ErrorCode::kInvalidArgument, "message must be a string or {\"raw\": \"0x…\"}");
}

Hash32 personal_message_hash(ByteView message) {
  std::string prefixed =
      "\x19"
      "Ethereum Signed Message:\n" +
      std::to_string(message.size());
  prefixed.append(as_string_view(message));
  return keccak256(as_bytes(prefixed));
}

Result<Bytes> sign_personal_message(ByteView message, const SecretBytes& private_key) {
  CUSTOS_TRY_ASSIGN(auto signature, sign_digest(personal_message_hash(message), private_key));
  return to_rsv(signature);
}

Result<Address> recover_personal_message(ByteView message, ByteView signature) {
  CUSTOS_TRY_ASSIGN(auto parsed, parse_rsv(signature));
  return recover_address(personal_message_hash(message), parsed);
}

Result<Bytes> sign_raw_payload(ByteView payload, const SecretBytes& private_key) {
  CUSTOS_TRY_ASSIGN(auto signature, sign_digest(keccak256(payload), private_key));
  return to_rsv(signature);
}

}  // namespace custos::evm
