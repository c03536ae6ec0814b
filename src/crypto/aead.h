#pragma once
// Authenticated encryption with associated data: XChaCha20-Poly1305 (libsodium,
// draft-irtf-cfrg-xchacha) and AES-256-GCM (OpenSSL 3, NIST SP 800-38D). 32-byte keys, 16-byte
// tags appended to the ciphertext. Thread-safe.
//
// Nonces: XChaCha20-Poly1305 takes 24 random bytes (safe to pick at random); AES-256-GCM takes
// 12 bytes and must never repeat under one key (seal_random uses a random nonce: stay well below
// 2^32 messages per key).

#include <array>
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "base/rng.h"
#include "base/secret.h"

namespace custos::crypto::aead {

enum class Algorithm { kXChaCha20Poly1305, kAes256Gcm };

inline constexpr std::size_t kKeySize = 32;
inline constexpr std::size_t kTagSize = 16;
inline constexpr std::size_t kXChaChaNonceSize = 24;
inline constexpr std::size_t kGcmNonceSize = 12;

// The nonce length of `algorithm` (24 or 12).
std::size_t nonce_size(Algorithm algorithm);

// A 32-byte symmetric key; move-only, wiped on destruction.
class Key {
 public:
  // Error: kCryptoBadKey unless 32 bytes.
  static Result<Key> from_bytes(ByteView bytes);
  static Key generate(Rng& rng);
  Key(Key&&) noexcept = default;
  Key& operator=(Key&&) noexcept = default;
  ByteView bytes() const { return secret_.view(); }

 private:
  Key() : secret_(kKeySize) {}
  SecretBytes secret_;
};

// Encrypts `plaintext`; returns ciphertext || tag. Error: kInvalidArgument for a wrong nonce
// length, kCryptoFailure if the library fails.
Result<Bytes> seal(Algorithm algorithm, const Key& key, ByteView nonce, ByteView plaintext,
                   ByteView associated_data);

// Decrypts ciphertext || tag. Any authentication failure (or a wrong length) is the one opaque
// error kCryptoDecryptFailed; no plaintext is released then.
[[nodiscard]] Result<SecretBytes> open(Algorithm algorithm, const Key& key, ByteView nonce,
                                       ByteView sealed, ByteView associated_data);

// seal with a fresh random nonce from `rng`; returns nonce || ciphertext || tag.
Result<Bytes> seal_random(Algorithm algorithm, const Key& key, Rng& rng, ByteView plaintext,
                          ByteView associated_data);
// Opens the output of seal_random.
[[nodiscard]] Result<SecretBytes> open_random(Algorithm algorithm, const Key& key,
                                              ByteView nonce_and_sealed, ByteView associated_data);

}  // namespace custos::crypto::aead
