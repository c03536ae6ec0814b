#pragma once
// Key material (RFC 9591 §4, §5 and Appendix C): signing/verifying shares, key packages, the
// public key package, polynomials and Feldman VSS commitments, Lagrange coefficients, the trusted
// dealer, and group signatures.

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/rng.h"
#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/identifier.h"

namespace custos::frost {

// A participant's secret share s_i of the group signing key. Move-only (use clone() when a copy
// is really needed); the scalar is wiped on destruction. Never printed or logged.
template <Ciphersuite C>
class SigningShare {
 public:
  using Scalar = typename C::Scalar;
  explicit SigningShare(Scalar value) : value_(std::move(value)) {}
  SigningShare(SigningShare&&) noexcept = default;
  SigningShare& operator=(SigningShare&&) noexcept = default;
  SigningShare(const SigningShare&) = delete;
  SigningShare& operator=(const SigningShare&) = delete;
  ~SigningShare() { value_ = C::scalar_zero(); }

  SigningShare clone() const { return SigningShare(value_); }
  const Scalar& scalar() const { return value_; }

 private:
  Scalar value_;
};

// The public image s_i·G of a signing share (RFC 9591 PK_i). Public, copyable.
template <Ciphersuite C>
struct VerifyingShare {
  typename C::Element element;
  friend bool operator==(const VerifyingShare&, const VerifyingShare&) = default;
};

// The group public key (RFC 9591 PK). For Ed25519 it is a plain Ed25519 public key.
template <Ciphersuite C>
struct VerifyingKey {
  typename C::Element element;
  friend bool operator==(const VerifyingKey&, const VerifyingKey&) = default;
};

// A Feldman VSS commitment: φ_k = a_k·G for the coefficients a_0..a_{t-1} of a polynomial.
template <Ciphersuite C>
using VssCommitment = std::vector<typename C::Element>;

// Everything a participant needs to sign: its identifier, secret share, verifying share, the group
// key and the threshold. Move-only because it holds the secret share.
template <Ciphersuite C>
struct KeyPackage {
  Identifier<C> identifier;
  SigningShare<C> signing_share;
  VerifyingShare<C> verifying_share;
  VerifyingKey<C> verifying_key;
  std::uint16_t min_signers = 0;

  KeyPackage clone() const {
    return KeyPackage{identifier, signing_share.clone(), verifying_share, verifying_key,
                      min_signers};
  }
};

// The public view of the group: every participant's verifying share, the group key, the
// threshold. Needed by the aggregator to verify shares and name culprits.
template <Ciphersuite C>
struct PublicKeyPackage {
  std::map<Identifier<C>, VerifyingShare<C>> verifying_shares;
  VerifyingKey<C> verifying_key;
  std::uint16_t min_signers = 0;
  friend bool operator==(const PublicKeyPackage&, const PublicKeyPackage&) = default;
};

// A dealer's output for one participant: the share f(i) and the VSS commitment to check it.
template <Ciphersuite C>
struct SecretShare {
  Identifier<C> identifier;
  SigningShare<C> signing_share;
  VssCommitment<C> commitment;
  std::uint16_t min_signers = 0;
};

// A group signature (R, z). For Ed25519 its serialization R || z is an RFC 8032 signature.
template <Ciphersuite C>
struct Signature {
  typename C::Element R;
  typename C::Scalar z;

  Bytes serialize() const {
    auto r = C::serialize_element(R);
    auto s = C::serialize_scalar(z);
    Bytes out(r.begin(), r.end());
    out.insert(out.end(), s.begin(), s.end());
    return out;
  }
  // Strict: canonical R (not the identity) and canonical z. Error: kMalformed.
  static FrostResult<Signature, C> deserialize(ByteView bytes) {
    if (bytes.size() != C::kElementSize + C::kScalarSize) {
      return frost_fail<C>(ErrorKind::kMalformed, "signature has the wrong length");
    }
    auto r = C::deserialize_element(bytes.first(C::kElementSize));
    auto z = C::deserialize_scalar(bytes.subspan(C::kElementSize));
    if (!r || !z) return frost_fail<C>(ErrorKind::kMalformed, "signature is not canonical");
    return Signature{*r, *z};
  }
};

// f(x) = Σ a_k x^k by Horner's rule (RFC 9591 §4.2.1 polynomial_evaluate).
template <Ciphersuite C>
typename C::Scalar polynomial_evaluate(const typename C::Scalar& x,
                                       const std::vector<typename C::Scalar>& coefficients) {
  auto value = C::scalar_zero();
  for (auto it = coefficients.rbegin(); it != coefficients.rend(); ++it) value = value * x + *it;
  return value;
}

// φ_k = a_k·G (RFC 9591 Appendix C.2 vss_commit).
template <Ciphersuite C>
VssCommitment<C> vss_commit(const std::vector<typename C::Scalar>& coefficients) {
  VssCommitment<C> out;
  out.reserve(coefficients.size());
  for (const auto& a : coefficients) out.push_back(C::generator_mult(a));
  return out;
}

// Σ φ_k·i^k: the public image of f(i) implied by a VSS commitment.
template <Ciphersuite C>
typename C::Element vss_evaluate(const VssCommitment<C>& commitment, const Identifier<C>& id) {
  auto result = C::identity();
  auto power = C::scalar_one();
  for (const auto& phi : commitment) {
    result = result + phi * power;
    power = power * id.scalar();
  }
  return result;
}

// Lagrange coefficient of x_i for interpolation at `x` over the set `ids` (x = 0 gives RFC 9591
// §4.2 derive_interpolating_value). Errors: kInvalidParameters when x_i is not in `ids` or `ids`
// has duplicates.
template <Ciphersuite C>
FrostResult<typename C::Scalar, C> lagrange_coefficient(const std::vector<Identifier<C>>& ids,
                                                        const Identifier<C>& x_i,
                                                        const typename C::Scalar& x) {
  bool found = false;
  auto numerator = C::scalar_one();
  auto denominator = C::scalar_one();
  for (std::size_t j = 0; j < ids.size(); ++j) {
    for (std::size_t k = j + 1; k < ids.size(); ++k) {
      if (ids[j] == ids[k]) {
        return frost_fail<C>(ErrorKind::kInvalidParameters, "duplicate identifier", ids[j]);
      }
    }
    if (ids[j] == x_i) {
      found = true;
      continue;
    }
    numerator = numerator * (x - ids[j].scalar());
    denominator = denominator * (x_i.scalar() - ids[j].scalar());
  }
  if (!found) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "identifier not in the list", x_i);
  }
  auto inverse = C::scalar_invert(denominator);
  if (!inverse) return frost_fail<C>(ErrorKind::kInvalidParameters, "degenerate identifier set");
  return numerator * *inverse;
}

// RFC 9591 §4.2 derive_interpolating_value(L, x_i): λ_i at 0.
template <Ciphersuite C>
FrostResult<typename C::Scalar, C> derive_interpolating_value(const std::vector<Identifier<C>>& ids,
                                                              const Identifier<C>& x_i) {
  return lagrange_coefficient<C>(ids, x_i, C::scalar_zero());
}

// Checks 2 ≤ min_signers ≤ max_signers (1-of-n is refused: it is not a threshold scheme).
template <Ciphersuite C>
FrostResult<void, C> validate_counts(std::uint16_t max_signers, std::uint16_t min_signers) {
  if (min_signers < 2 || min_signers > max_signers) {
    return frost_fail<C>(ErrorKind::kInvalidParameters,
                         "need 2 <= min_signers <= max_signers, got " +
                             std::to_string(min_signers) + " of " + std::to_string(max_signers));
  }
  return {};
}

// Output of the trusted dealer: one secret share per participant and the public key package.
template <Ciphersuite C>
struct DealerOutput {
  std::map<Identifier<C>, SecretShare<C>> shares;
  PublicKeyPackage<C> public_key_package;
};

// Shares `secret` with the polynomial secret + Σ coefficients[k-1]·x^k among `identifiers`
// (RFC 9591 Appendix C.1 secret_share_shard with explicit coefficients, as the vectors need).
// min_signers = coefficients.size() + 1. Errors: kInvalidParameters.
template <Ciphersuite C>
FrostResult<DealerOutput<C>, C> split_secret(const typename C::Scalar& secret,
                                             const std::vector<typename C::Scalar>& coefficients,
                                             const std::vector<Identifier<C>>& identifiers) {
  const auto min_signers = static_cast<std::uint16_t>(coefficients.size() + 1);
  if (identifiers.size() > 0xffff) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "too many participants");
  }
  FROST_TRY(validate_counts<C>(static_cast<std::uint16_t>(identifiers.size()), min_signers));
  std::vector<typename C::Scalar> poly;
  poly.reserve(min_signers);
  poly.push_back(secret);
  poly.insert(poly.end(), coefficients.begin(), coefficients.end());
  DealerOutput<C> out;
  auto commitment = vss_commit<C>(poly);
  out.public_key_package.verifying_key = VerifyingKey<C>{commitment.front()};
  out.public_key_package.min_signers = min_signers;
  for (const auto& id : identifiers) {
    if (out.shares.count(id) != 0) {
      return frost_fail<C>(ErrorKind::kInvalidParameters, "duplicate identifier", id);
    }
    SigningShare<C> share(polynomial_evaluate<C>(id.scalar(), poly));
    out.public_key_package.verifying_shares.emplace(
        id, VerifyingShare<C>{C::generator_mult(share.scalar())});
    out.shares.emplace(id, SecretShare<C>{id, std::move(share), commitment, min_signers});
  }
  for (auto& a : poly) a = C::scalar_zero();
  return out;
}

// Trusted-dealer key generation (RFC 9591 Appendix C) for identifiers 1..max_signers: a random
// secret and polynomial drawn from `rng`. For tests and ceremonies that accept a dealer; custos
// nodes use the DKG (dkg.h). Errors: kInvalidParameters.
template <Ciphersuite C>
FrostResult<DealerOutput<C>, C> generate_with_dealer(std::uint16_t max_signers,
                                                     std::uint16_t min_signers, Rng& rng) {
  FROST_TRY(validate_counts<C>(max_signers, min_signers));
  auto secret = C::scalar_random(rng);
  std::vector<typename C::Scalar> coefficients;
  for (std::uint16_t k = 1; k < min_signers; ++k) coefficients.push_back(C::scalar_random(rng));
  std::vector<Identifier<C>> ids;
  for (std::uint16_t i = 1; i <= max_signers; ++i) ids.push_back(*Identifier<C>::from_u64(i));
  auto out = split_secret<C>(secret, coefficients, ids);
  secret = C::scalar_zero();
  for (auto& a : coefficients) a = C::scalar_zero();
  return out;
}

// Verifies a dealer's share against its VSS commitment (RFC 9591 Appendix C.2 vss_verify) and
// builds the key package. Errors: kInvalidSecretShare (culprit: the share's identifier),
// kIncorrectNumberOfCommitments.
template <Ciphersuite C>
FrostResult<KeyPackage<C>, C> key_package_from_secret_share(const SecretShare<C>& share) {
  if (share.commitment.size() != share.min_signers || share.commitment.empty()) {
    return frost_fail<C>(ErrorKind::kIncorrectNumberOfCommitments,
                         "VSS commitment does not match min_signers");
  }
  auto expected = vss_evaluate<C>(share.commitment, share.identifier);
  auto actual = C::generator_mult(share.signing_share.scalar());
  if (!(expected == actual)) {
    return frost_fail<C>(ErrorKind::kInvalidSecretShare,
                         "secret share does not match the VSS commitment", share.identifier);
  }
  return KeyPackage<C>{share.identifier, share.signing_share.clone(), VerifyingShare<C>{actual},
                       VerifyingKey<C>{share.commitment.front()}, share.min_signers};
}

// Verifies a group signature with the ciphersuite's own verifier (for Ed25519: libsodium
// crypto_sign_verify_detached, RFC 8032), i.e. z·G == R + H2(R || PK || m)·PK.
template <Ciphersuite C>
[[nodiscard]] bool verify_signature(ByteView message, const Signature<C>& signature,
                                    const VerifyingKey<C>& key) {
  return C::verify_signature(message, signature.serialize(), key.element);
}

}  // namespace custos::frost
