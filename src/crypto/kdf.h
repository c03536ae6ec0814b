#pragma once
// Message authentication and key derivation: HMAC-SHA-256/512 (RFC 2104, libsodium), HKDF-SHA-256
// (RFC 5869) and Argon2id (RFC 9106, libsodium crypto_pwhash). Thread-safe.

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/secret.h"

namespace custos::crypto {

using HmacSha256Tag = std::array<std::uint8_t, 32>;
using HmacSha512Tag = std::array<std::uint8_t, 64>;

// HMAC with a key of any length.
HmacSha256Tag hmac_sha256(ByteView key, ByteView message);
HmacSha512Tag hmac_sha512(ByteView key, ByteView message);

// Recomputes HMAC-SHA-256 and compares in constant time; wrong length fails.
// Error: kCryptoVerifyFailed.
[[nodiscard]] Result<void> hmac_sha256_verify(ByteView key, ByteView message, ByteView tag);

// HKDF-SHA-256 extract-and-expand. An empty salt means 32 zero bytes (RFC 5869 §2.2).
// Error: kInvalidArgument when length is 0 or > 255 * 32.
Result<SecretBytes> hkdf_sha256(ByteView input_key_material, ByteView salt, ByteView info,
                                std::size_t length);

// Argon2id cost parameters. Defaults: libsodium's "moderate" (3 passes, 256 MiB).
struct Argon2idParams {
  std::uint64_t ops_limit = 3;
  std::size_t mem_limit_bytes = 256u * 1024u * 1024u;
};
inline constexpr std::size_t kArgon2SaltSize = 16;

// Derives `length` (16..1024) bytes from a password and a 16-byte salt. Error: kInvalidArgument for
// bad sizes or parameters out of libsodium's range, kResourceExhausted if memory is unavailable.
Result<SecretBytes> argon2id(ByteView password, ByteView salt, std::size_t length,
                             const Argon2idParams& params = {});

}  // namespace custos::crypto
