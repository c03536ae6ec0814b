#pragma once
// The hash and signature primitives custos::evm uses, as thin forwards to custos::crypto
// (keccak256, secp256k1 recoverable ECDSA). Kept in one place so evm code reads in Ethereum terms.

#include <array>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"
#include "evm/address.h"

namespace custos::evm {

using Hash32 = std::array<std::uint8_t, 32>;

// Keccak-256 (the pre-standard SHA-3 padding Ethereum uses). Thread-safe.
Hash32 keccak256(ByteView data);

// A secp256k1 ECDSA signature with its recovery id (0 or 1), always low-s.
struct RecoverableSignature {
  std::array<std::uint8_t, 32> r{};
  std::array<std::uint8_t, 32> s{};
  int recovery_id = 0;

  friend bool operator==(const RecoverableSignature&, const RecoverableSignature&) = default;
};

// Signs a 32-byte digest with a 32-byte private key (RFC 6979 deterministic nonce, low-s).
// Error: kCryptoBadKey for a key that is not a valid scalar.
Result<RecoverableSignature> sign_digest(const Hash32& digest, const SecretBytes& private_key);

// Recovers the signer's address from a digest and signature. Error: kCryptoBadSignature.
Result<Address> recover_address(const Hash32& digest, const RecoverableSignature& signature);

// The address of a private key: last 20 bytes of keccak256(uncompressed public key without 0x04).
// Error: kCryptoBadKey.
Result<Address> address_of_key(const SecretBytes& private_key);

// Parses a 65-byte r||s||v signature (v ∈ {0,1,27,28}). Error: kCryptoBadSignature.
Result<RecoverableSignature> parse_rsv(ByteView signature);
// r||s||v with v = 27 + recovery id (the personal_sign / eth_signTypedData form).
Bytes to_rsv(const RecoverableSignature& signature);

}  // namespace custos::evm
