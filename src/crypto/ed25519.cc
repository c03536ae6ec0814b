// Ed25519 through libsodium: see ed25519.h.

#include "crypto/ed25519.h"

#include <sodium.h>

#include <cstring>

#include "base/secret.h"

namespace custos::crypto::ed25519 {
namespace {
Error verify_failed() {
  return Error(ErrorCode::kCryptoVerifyFailed, "signature verification failed");
}
}  // namespace

Result<PublicKey> PublicKey::parse(ByteView encoded) {
  if (sodium_init() < 0) return fail(ErrorCode::kCryptoFailure, "libsodium unavailable");
  if (encoded.size() != kPublicKeySize || crypto_core_ed25519_is_valid_point(encoded.data()) != 1) {
    return fail(ErrorCode::kCryptoBadKey, "invalid Ed25519 public key");
  }
  PublicKeyBytes bytes{};
  std::memcpy(bytes.data(), encoded.data(), bytes.size());
  return PublicKey(bytes);
}

Result<PrivateKey> PrivateKey::from_seed(ByteView seed) {
  if (seed.size() != kSeedSize) return fail(ErrorCode::kCryptoBadKey, "Ed25519 seed is 32 bytes");
  if (sodium_init() < 0) return fail(ErrorCode::kCryptoFailure, "libsodium unavailable");
  PrivateKey key;
  crypto_sign_seed_keypair(key.public_.data(), key.expanded_.data(), seed.data());
  return key;
}

PrivateKey PrivateKey::generate(Rng& rng) {
  std::array<std::uint8_t, kSeedSize> seed{};
  rng.fill(seed);
  auto key = from_seed(seed);
  secure_wipe(seed.data(), seed.size());
  return std::move(*key);
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept
    : expanded_(other.expanded_), public_(other.public_) {
  secure_wipe(other.expanded_.data(), other.expanded_.size());
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    expanded_ = other.expanded_;
    public_ = other.public_;
    secure_wipe(other.expanded_.data(), other.expanded_.size());
  }
  return *this;
}

PrivateKey::~PrivateKey() { secure_wipe(expanded_.data(), expanded_.size()); }

PrivateKey PrivateKey::clone() const {
  PrivateKey copy;
  copy.expanded_ = expanded_;
  copy.public_ = public_;
  return copy;
}

Signature sign(const PrivateKey& key, ByteView message) {
  Signature sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.expanded().data());
  return sig;
}

Result<void> verify(const PublicKey& key, ByteView message, const Signature& signature) {
  if (crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                  key.bytes().data()) != 0) {
    return tl::unexpected(verify_failed());
  }
  return {};
}

Result<void> verify(const PublicKey& key, ByteView message, ByteView signature) {
  if (signature.size() != kSignatureSize) return tl::unexpected(verify_failed());
  Signature sig{};
  std::memcpy(sig.data(), signature.data(), sig.size());
  return verify(key, message, sig);
}

}  // namespace custos::crypto::ed25519
