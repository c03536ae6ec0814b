#pragma once
// FROST round one (RFC 9591 §5.1): nonce generation and commitment.

#include <utility>

#include "base/bytes.h"
#include "base/rng.h"
#include "base/secret.h"
#include "frost/ciphersuite.h"
#include "frost/keys.h"

namespace custos::frost::round1 {

// RFC 9591 §4.1 nonce_generate(secret): H3(random_bytes(32) || SerializeScalar(secret)). The
// secret share is mixed in so that a weak `rng` alone does not reveal the nonce.
template <Ciphersuite C>
typename C::Scalar nonce_generate(const SigningShare<C>& secret, Rng& rng) {
  std::array<std::uint8_t, 32> random{};
  rng.fill(random);
  auto secret_enc = C::serialize_scalar(secret.scalar());
  Bytes input(random.begin(), random.end());
  input.insert(input.end(), secret_enc.begin(), secret_enc.end());
  auto nonce = C::H3(input);
  secure_wipe(input.data(), input.size());
  secure_wipe(secret_enc.data(), secret_enc.size());
  secure_wipe(random.data(), random.size());
  return nonce;
}

// The public commitments (D_i, E_i) = (d_i·G, e_i·G) to one pair of nonces. Copyable.
template <Ciphersuite C>
struct SigningCommitments {
  typename C::Element hiding;
  typename C::Element binding;
  friend bool operator==(const SigningCommitments&, const SigningCommitments&) = default;
};

// The secret nonces (d_i, e_i) of one signing session, with their commitments. Move-only, wiped
// on destruction and when moved from; single use: round2::sign consumes them (a moved-from or
// consumed object is "used", and signing with it fails with kNonceReused). Never serialised.
// Not thread-safe.
template <Ciphersuite C>
class SigningNonces {
 public:
  using Scalar = typename C::Scalar;

  // Fresh nonces bound to `secret` (RFC 9591 §5.1 commit).
  static SigningNonces generate(const SigningShare<C>& secret, Rng& rng) {
    auto hiding = nonce_generate<C>(secret, rng);
    auto binding = nonce_generate<C>(secret, rng);
    return SigningNonces(std::move(hiding), std::move(binding));
  }

  SigningNonces(SigningNonces&& other) noexcept
      : hiding_(other.hiding_),
        binding_(other.binding_),
        commitments_(other.commitments_),
        used_(other.used_) {
    other.consume();
  }
  SigningNonces& operator=(SigningNonces&& other) noexcept {
    if (this != &other) {
      hiding_ = other.hiding_;
      binding_ = other.binding_;
      commitments_ = other.commitments_;
      used_ = other.used_;
      other.consume();
    }
    return *this;
  }
  SigningNonces(const SigningNonces&) = delete;
  SigningNonces& operator=(const SigningNonces&) = delete;
  ~SigningNonces() { consume(); }

  const Scalar& hiding() const { return hiding_; }
  const Scalar& binding() const { return binding_; }
  const SigningCommitments<C>& commitments() const { return commitments_; }
  // True once consumed (or moved from): the scalars are zero and must not be used.
  bool used() const { return used_; }
  // Wipes the scalars and marks the nonces used.
  void consume() {
    hiding_ = C::scalar_zero();
    binding_ = C::scalar_zero();
    used_ = true;
  }

 private:
  SigningNonces(Scalar hiding, Scalar binding)
      : hiding_(std::move(hiding)),
        binding_(std::move(binding)),
        commitments_{C::generator_mult(hiding_), C::generator_mult(binding_)} {}

  Scalar hiding_;
  Scalar binding_;
  SigningCommitments<C> commitments_;
  bool used_ = false;
};

// RFC 9591 §5.1 commit(sk_i): new nonces and their public commitments. Send the commitments to the
// coordinator; keep the nonces secret, in memory only, for exactly one round2::sign.
template <Ciphersuite C>
std::pair<SigningNonces<C>, SigningCommitments<C>> commit(const SigningShare<C>& secret, Rng& rng) {
  auto nonces = SigningNonces<C>::generate(secret, rng);
  auto commitments = nonces.commitments();
  return {std::move(nonces), commitments};
}

}  // namespace custos::frost::round1
