#include "evm/keccak.h"

#include <algorithm>

#include "crypto/hash.h"
#include "crypto/secp256k1.h"

namespace custos::evm {
namespace secp = crypto::secp256k1;

Hash32 keccak256(ByteView data) { return crypto::keccak256(data); }

Result<RecoverableSignature> sign_digest(const Hash32& digest, const SecretBytes& private_key) {
  CUSTOS_TRY_ASSIGN(auto key, secp::PrivateKey::from_bytes(private_key.view()));
  CUSTOS_TRY_ASSIGN(auto rsv, secp::sign_recoverable(key, digest));
  RecoverableSignature out;
  std::copy(rsv.begin(), rsv.begin() + 32, out.r.begin());
  std::copy(rsv.begin() + 32, rsv.begin() + 64, out.s.begin());
  out.recovery_id = rsv[64];
  return out;
}

Result<Address> recover_address(const Hash32& digest, const RecoverableSignature& signature) {
  if (signature.recovery_id != 0 && signature.recovery_id != 1) {
    return fail(ErrorCode::kCryptoBadSignature, "recovery id must be 0 or 1");
  }
  secp::RecoverableSignature rsv{};
  std::copy(signature.r.begin(), signature.r.end(), rsv.begin());
  std::copy(signature.s.begin(), signature.s.end(), rsv.begin() + 32);
  rsv[64] = static_cast<std::uint8_t>(signature.recovery_id);
  auto key = secp::recover(digest, rsv);
  if (!key) return fail(ErrorCode::kCryptoBadSignature, "signature does not recover a public key");
  return *Address::from_bytes(key->address());
}

Result<Address> address_of_key(const SecretBytes& private_key) {
  CUSTOS_TRY_ASSIGN(auto key, secp::PrivateKey::from_bytes(private_key.view()));
  return *Address::from_bytes(key.public_key().address());
}

Result<RecoverableSignature> parse_rsv(ByteView signature) {
  if (signature.size() != 65) {
    return fail(ErrorCode::kCryptoBadSignature, "signature must be 65 bytes r||s||v");
  }
  std::uint8_t v = signature[64];
  if (v >= 27) v = static_cast<std::uint8_t>(v - 27);
  if (v > 1) return fail(ErrorCode::kCryptoBadSignature, "signature v must be 0, 1, 27 or 28");
  RecoverableSignature out;
  std::copy(signature.begin(), signature.begin() + 32, out.r.begin());
  std::copy(signature.begin() + 32, signature.begin() + 64, out.s.begin());
  out.recovery_id = v;
  return out;
}

Bytes to_rsv(const RecoverableSignature& signature) {
  Bytes out(signature.r.begin(), signature.r.end());
  out.insert(out.end(), signature.s.begin(), signature.s.end());
  out.push_back(static_cast<std::uint8_t>(27 + signature.recovery_id));
  return out;
}

}  // namespace custos::evm
