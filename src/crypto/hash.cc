// SHA-2 through libsodium (SHA-256, SHA-512) and OpenSSL 3 (SHA-384).

#include <openssl/sha.h>
#include <sodium.h>

#include "base/secret.h"
#include "crypto/hash.h"

namespace custos::crypto {

Sha256Digest sha256(ByteView data) {
  Sha256Digest out{};
  crypto_hash_sha256(out.data(), data.data(), data.size());
  return out;
}

Sha512Digest sha512(ByteView data) {
  Sha512Digest out{};
  crypto_hash_sha512(out.data(), data.data(), data.size());
  return out;
}

Sha384Digest sha384(ByteView data) {
  Sha384Digest out{};
  SHA384(data.data(), data.size(), out.data());
  return out;
}

struct Sha256::State {
  crypto_hash_sha256_state st;
};
Sha256::Sha256() : state_(std::make_unique<State>()) { crypto_hash_sha256_init(&state_->st); }
Sha256::~Sha256() { secure_wipe(state_.get(), sizeof(State)); }
void Sha256::update(ByteView data) {
  crypto_hash_sha256_update(&state_->st, data.data(), data.size());
}
Sha256Digest Sha256::finish() {
  Sha256Digest out{};
  crypto_hash_sha256_final(&state_->st, out.data());
  return out;
}

struct Sha512::State {
  crypto_hash_sha512_state st;
};
Sha512::Sha512() : state_(std::make_unique<State>()) { crypto_hash_sha512_init(&state_->st); }
Sha512::~Sha512() { secure_wipe(state_.get(), sizeof(State)); }
void Sha512::update(ByteView data) {
  crypto_hash_sha512_update(&state_->st, data.data(), data.size());
}
Sha512Digest Sha512::finish() {
  Sha512Digest out{};
  crypto_hash_sha512_final(&state_->st, out.data());
  return out;
}

}  // namespace custos::crypto
