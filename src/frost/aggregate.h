#pragma once
// Aggregation (RFC 9591 §5.3) with verification of every signature share (§5.4).

#include <map>

#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/keys.h"
#include "frost/round2.h"
#include "frost/signing.h"

namespace custos::frost {

// Verifies every share against its signer's verifying share, then returns (R, Σ z_i), which is
// also checked as a signature under the group key before it is returned.
// Errors (the first failure, signers checked in identifier order):
//  - kIncorrectNumberOfCommitments: fewer commitments than the group's min_signers;
//  - kUnknownParticipant (culprit): a committed signer has no verifying share in the group;
//  - kMissingSignatureShare (culprit): a committed signer sent no share;
//  - kUnexpectedSignatureShare (culprit): a share from a signer without a commitment;
//  - kInvalidSignatureShare (culprit): the share does not verify;
//  - kInvalidSignature: the aggregate does not verify (cannot happen when all shares verify).
// Thread-safe (pure function).
template <Ciphersuite C>
FrostResult<Signature<C>, C> aggregate(
    const SigningPackage<C>& package,
    const std::map<Identifier<C>, round2::SignatureShare<C>>& shares,
    const PublicKeyPackage<C>& public_key_package) {
  const auto& commitments = package.commitments();
  if (commitments.size() < public_key_package.min_signers || commitments.empty()) {
    return frost_fail<C>(ErrorKind::kIncorrectNumberOfCommitments,
                         "signing package has fewer commitments than min_signers");
  }
  for (const auto& [id, _] : shares) {
    if (commitments.count(id) == 0) {
      return frost_fail<C>(ErrorKind::kUnexpectedSignatureShare,
                           "signature share from a signer without a commitment", id);
    }
  }
  for (const auto& [id, _] : commitments) {
    if (public_key_package.verifying_shares.count(id) == 0) {
      return frost_fail<C>(ErrorKind::kUnknownParticipant,
                           "commitment from a participant outside the group", id);
    }
    if (shares.count(id) == 0) {
      return frost_fail<C>(ErrorKind::kMissingSignatureShare, "no signature share from signer", id);
    }
  }
  const auto& key = public_key_package.verifying_key;
  auto binding_factors = compute_binding_factors<C>(key, package);
  auto group = compute_group_commitment<C>(package, binding_factors);
  auto c = compute_challenge<C>(group.R, key, package.message());
  auto signers = package.signers();
  auto z = C::scalar_zero();
  for (const auto& [id, share] : shares) {
    FROST_TRY_ASSIGN(auto lambda, derive_interpolating_value<C>(signers, id));
    if (!round2::share_is_valid<C>(share, group.shares.at(id),
                                   public_key_package.verifying_shares.at(id), c, lambda)) {
      return frost_fail<C>(ErrorKind::kInvalidSignatureShare, "signature share is invalid", id);
    }
    z = z + share.share;
  }
  Signature<C> signature{group.R, z};
  if (!verify_signature<C>(package.message(), signature, key)) {
    return frost_fail<C>(ErrorKind::kInvalidSignature, "aggregate signature does not verify");
  }
  return signature;
}

}  // namespace custos::frost
