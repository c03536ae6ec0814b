#pragma once
// FROST round two (RFC 9591 §5.2): signature shares, and their verification (§5.4).

#include <utility>

#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/keys.h"
#include "frost/round1.h"
#include "frost/signing.h"

namespace custos::frost::round2 {

// A signer's share z_i of the group signature. Public once sent; copyable.
template <Ciphersuite C>
struct SignatureShare {
  typename C::Scalar share;
  friend bool operator==(const SignatureShare&, const SignatureShare&) = default;
};

// RFC 9591 §5.2 sign: z_i = d_i + e_i·ρ_i + λ_i·s_i·c. Consumes `nonces` whatever the outcome
// (they are wiped before returning), so a nonce pair can never sign twice.
// Errors: kNonceReused (nonces already used), kMissingCommitment (this signer is not in the
// package), kIncorrectCommitment (the package carries other commitments for this signer: the
// coordinator tampered), kIncorrectNumberOfCommitments (fewer than min_signers),
// kInvalidParameters. Thread-safe for distinct nonces.
template <Ciphersuite C>
FrostResult<SignatureShare<C>, C> sign(const SigningPackage<C>& package,
                                       round1::SigningNonces<C>&& nonces,
                                       const KeyPackage<C>& key_package) {
  round1::SigningNonces<C> mine = std::move(nonces);  // `nonces` is now wiped and used
  if (mine.used()) {
    return frost_fail<C>(ErrorKind::kNonceReused, "signing nonces were already used",
                         key_package.identifier);
  }
  const auto& id = key_package.identifier;
  auto it = package.commitments().find(id);
  if (it == package.commitments().end()) {
    return frost_fail<C>(ErrorKind::kMissingCommitment,
                         "signing package has no commitment for this signer", id);
  }
  if (!(it->second == mine.commitments())) {
    return frost_fail<C>(ErrorKind::kIncorrectCommitment,
                         "signing package carries a commitment this signer did not make", id);
  }
  if (package.commitments().size() < key_package.min_signers) {
    return frost_fail<C>(ErrorKind::kIncorrectNumberOfCommitments,
                         "signing package has fewer commitments than min_signers");
  }
  auto binding_factors = compute_binding_factors<C>(key_package.verifying_key, package);
  auto group = compute_group_commitment<C>(package, binding_factors);
  FROST_TRY_ASSIGN(auto lambda, derive_interpolating_value<C>(package.signers(), id));
  auto c = compute_challenge<C>(group.R, key_package.verifying_key, package.message());
  SignatureShare<C> share{mine.hiding() + mine.binding() * binding_factors.at(id) +
                          lambda * key_package.signing_share.scalar() * c};
  mine.consume();
  return share;
}

// The core check of RFC 9591 §5.4: z_i·G == (D_i + ρ_i·E_i) + (c·λ_i)·PK_i.
template <Ciphersuite C>
[[nodiscard]] bool share_is_valid(const SignatureShare<C>& share,
                                  const typename C::Element& commitment_share,
                                  const VerifyingShare<C>& verifying_share,
                                  const typename C::Scalar& challenge,
                                  const typename C::Scalar& lambda) {
  return C::generator_mult(share.share) ==
         commitment_share + verifying_share.element * (challenge * lambda);
}

// RFC 9591 §5.4 verify_signature_share for one signer `id`. Errors (culprit = id):
// kMissingCommitment, kInvalidSignatureShare.
template <Ciphersuite C>
[[nodiscard]] FrostResult<void, C> verify_signature_share(const Identifier<C>& id,
                                                          const VerifyingShare<C>& verifying_share,
                                                          const SignatureShare<C>& share,
                                                          const SigningPackage<C>& package,
                                                          const VerifyingKey<C>& verifying_key) {
  if (package.commitments().count(id) == 0) {
    return frost_fail<C>(ErrorKind::kMissingCommitment,
                         "signing package has no commitment for this signer", id);
  }
  auto binding_factors = compute_binding_factors<C>(verifying_key, package);
  auto group = compute_group_commitment<C>(package, binding_factors);
  auto c = compute_challenge<C>(group.R, verifying_key, package.message());
  FROST_TRY_ASSIGN(auto lambda, derive_interpolating_value<C>(package.signers(), id));
  if (!share_is_valid<C>(share, group.shares.at(id), verifying_share, c, lambda)) {
    return frost_fail<C>(ErrorKind::kInvalidSignatureShare, "signature share is invalid", id);
  }
  return {};
}

}  // namespace custos::frost::round2
