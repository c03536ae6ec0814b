// X25519 through libsodium: see x25519.h.

#include "crypto/x25519.h"

#include <sodium.h>

#include <cstring>

#include "base/secret.h"

namespace custos::crypto::x25519 {

SharedSecret::SharedSecret(SharedSecret&& other) noexcept : bytes_(other.bytes_) {
  secure_wipe(other.bytes_.data(), other.bytes_.size());
}
SharedSecret& SharedSecret::operator=(SharedSecret&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    secure_wipe(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}
SharedSecret::~SharedSecret() { secure_wipe(bytes_.data(), bytes_.size()); }

Result<PrivateKey> PrivateKey::from_bytes(ByteView bytes) {
  if (bytes.size() != kKeySize) return fail(ErrorCode::kCryptoBadKey, "X25519 key is 32 bytes");
  PrivateKey key;
  std::memcpy(key.scalar_.data(), bytes.data(), kKeySize);
  return key;
}

PrivateKey PrivateKey::generate(Rng& rng) {
  PrivateKey key;
  rng.fill(key.scalar_);
  return key;
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept : scalar_(other.scalar_) {
  secure_wipe(other.scalar_.data(), other.scalar_.size());
}
PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    scalar_ = other.scalar_;
    secure_wipe(other.scalar_.data(), other.scalar_.size());
  }
  return *this;
}
PrivateKey::~PrivateKey() { secure_wipe(scalar_.data(), scalar_.size()); }

PublicKey PrivateKey::public_key() const {
  PublicKey pub{};
  crypto_scalarmult_base(pub.data(), scalar_.data());
  return pub;
}

Result<SharedSecret> PrivateKey::agree(const PublicKey& peer) const {
  SharedSecret out;
  // libsodium returns -1 when the result is the all-zero point (small-order input).
  if (crypto_scalarmult(out.bytes_.data(), scalar_.data(), peer.data()) != 0) {
    return fail(ErrorCode::kCryptoBadKey, "X25519 peer key has small order");
  }
  return out;
}

}  // namespace custos::crypto::x25519
