#pragma once
// Proactive share refresh and share repair.
//
// Refresh (Herzberg et al. proactive secret sharing, in the DKG's shape): every participant deals
// a random polynomial with constant term 0, commits to its other coefficients, and sends f_i(j) to
// each peer; the new share is s_j + Σ_i f_i(j). The group key is unchanged; old and new shares do
// not combine, so shares stolen before a refresh become useless. All max_signers participants take
// part (refresh::part1/part2/part3).
//
// Repair (Laing–Stinson repairable threshold scheme, as in ZF FROST `repairable`): t helpers
// rebuild the lost share of participant r without learning it: helper i splits λ_i(r)·s_i into
// random additive deltas, one per helper (step1); each helper sums the deltas it received into a
// sigma (step2); r sums the sigmas (step3) and checks the result against its verifying share.

#include <map>
#include <utility>
#include <vector>

#include "base/rng.h"
#include "frost/ciphersuite.h"
#include "frost/dkg.h"
#include "frost/error.h"
#include "frost/keys.h"

namespace custos::frost::refresh {

namespace round1 {
// Broadcast: commitments φ_1..φ_{t−1} to the non-constant coefficients (φ_0 is implicitly the
// identity, which is what keeps the group key). Public, copyable.
template <Ciphersuite C>
struct Package {
  VssCommitment<C> commitment;  // t−1 elements
  friend bool operator==(const Package&, const Package&) = default;
};
}  // namespace round1

namespace round2 {
// Sent confidentially to one peer: f_i(j). Move-only.
template <Ciphersuite C>
using Package = dkg::round2::Package<C>;
}  // namespace round2

// The zero-constant commitment φ_0 = identity followed by the broadcast coefficients.
template <Ciphersuite C>
VssCommitment<C> full_commitment(const round1::Package<C>& package) {
  VssCommitment<C> full{C::identity()};
  full.insert(full.end(), package.commitment.begin(), package.commitment.end());
  return full;
}

// Refresh part 1 for the participant holding `key_package`, in a group of `max_signers`.
// Errors: kInvalidParameters.
template <Ciphersuite C>
FrostResult<std::pair<dkg::round1::SecretPackage<C>, round1::Package<C>>, C> part1(
    const KeyPackage<C>& key_package, std::uint16_t max_signers, Rng& rng) {
  FROST_TRY(validate_counts<C>(max_signers, key_package.min_signers));
  std::vector<typename C::Scalar> coefficients{C::scalar_zero()};
  for (std::uint16_t k = 1; k < key_package.min_signers; ++k) {
    coefficients.push_back(C::scalar_random(rng));
  }
  auto commitment = vss_commit<C>(coefficients);
  commitment.front() = C::identity();
  round1::Package<C> package{VssCommitment<C>(commitment.begin() + 1, commitment.end())};
  return std::pair<dkg::round1::SecretPackage<C>, round1::Package<C>>(
      dkg::round1::SecretPackage<C>(key_package.identifier, std::move(coefficients),
                                    std::move(commitment), key_package.min_signers, max_signers),
      std::move(package));
}

// Refresh part 2: checks each peer's package shape and computes f_i(j) for each peer.
// Errors: kInvalidParameters (count), kUnexpectedPackage, kIncorrectNumberOfCommitments and
// kMalformed naming the sender.
template <Ciphersuite C>
FrostResult<std::pair<dkg::round2::SecretPackage<C>, std::map<Identifier<C>, round2::Package<C>>>,
            C>
part2(dkg::round1::SecretPackage<C>&& secret,
      const std::map<Identifier<C>, round1::Package<C>>& round1_packages) {
  dkg::round1::SecretPackage<C> mine = std::move(secret);
  if (auto ok = dkg::check_part2_inputs<C>(mine, round1_packages, "refresh"); !ok) {
    return tl::unexpected(std::move(ok.error()));
  }
  dkg::round2::SecretPackage<C> next{
      mine.identifier,
      SigningShare<C>(polynomial_evaluate<C>(mine.identifier.scalar(), mine.coefficients)),
      {},
      mine.min_signers,
      mine.max_signers};
  next.commitments.emplace(mine.identifier, mine.commitment);
  std::map<Identifier<C>, round2::Package<C>> outgoing;
  for (const auto& [sender, package] : round1_packages) {
    if (package.commitment.size() + 1 != mine.min_signers) {
      return frost_fail<C>(ErrorKind::kIncorrectNumberOfCommitments,
                           "refresh package has the wrong number of commitments", sender);
    }
    for (const auto& phi : package.commitment) {
      if (C::is_identity(phi)) {
        return frost_fail<C>(ErrorKind::kMalformed, "refresh commitment contains the identity",
                             sender);
      }
    }
    next.commitments.emplace(sender, full_commitment<C>(package));
    outgoing.emplace(sender, round2::Package<C>{SigningShare<C>(
                                 polynomial_evaluate<C>(sender.scalar(), mine.coefficients))});
  }
  return std::make_pair(std::move(next), std::move(outgoing));
}

// Refresh part 3: verifies every received f_j(i) and returns the refreshed key package and public
// key package (same group key). The old packages must describe the same group: the refresh must
// include every participant of `old_public`. Errors: kMissingPackage / kUnexpectedPackage /
// kInvalidSecretShare naming the sender, kInvalidParameters.
template <Ciphersuite C>
FrostResult<std::pair<KeyPackage<C>, PublicKeyPackage<C>>, C> part3(
    const dkg::round2::SecretPackage<C>& secret,
    const std::map<Identifier<C>, round2::Package<C>>& round2_packages,
    const KeyPackage<C>& old_key, const PublicKeyPackage<C>& old_public) {
  if (!(old_key.identifier == secret.identifier) ||
      !(old_key.verifying_key == old_public.verifying_key)) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "key packages do not match the refresh");
  }
  for (const auto& [id, _] : secret.commitments) {
    if (old_public.verifying_shares.count(id) == 0) {
      return frost_fail<C>(ErrorKind::kUnknownParticipant, "refresh from outside the group", id);
    }
  }
  for (const auto& [id, _] : old_public.verifying_shares) {
    if (secret.commitments.count(id) == 0) {
      return frost_fail<C>(ErrorKind::kMissingPackage, "participant missing from the refresh", id);
    }
  }
  FROST_TRY_ASSIGN(auto combined, dkg::combine_round2<C>(secret, round2_packages));
  auto& [delta_share, delta_public] = combined;
  PublicKeyPackage<C> fresh{{}, old_public.verifying_key, old_public.min_signers};
  for (const auto& [id, old_share] : old_public.verifying_shares) {
    fresh.verifying_shares.emplace(
        id, VerifyingShare<C>{old_share.element + delta_public.verifying_shares.at(id).element});
  }
  SigningShare<C> share(old_key.signing_share.scalar() + delta_share.scalar());
  VerifyingShare<C> verifying_share{C::generator_mult(share.scalar())};
  if (!(verifying_share == fresh.verifying_shares.at(old_key.identifier))) {
    return frost_fail<C>(ErrorKind::kInvalidSecretShare,
                         "refreshed share does not match the group commitments",
                         old_key.identifier);
  }
  KeyPackage<C> key{old_key.identifier, std::move(share), verifying_share, old_public.verifying_key,
                    old_key.min_signers};
  return std::make_pair(std::move(key), std::move(fresh));
}

}  // namespace custos::frost::refresh

namespace custos::frost::repair {

// Helper i's additive piece of λ_i(r)·s_i for helper j (secret, sent confidentially). Move-only.
template <Ciphersuite C>
struct Delta {
  SigningShare<C> value;
};

// Helper j's sum of the deltas it received, sent to the participant being repaired. Move-only.
template <Ciphersuite C>
struct Sigma {
  SigningShare<C> value;
};

// Step 1 at helper `key_package.identifier`: splits λ_i(r)·s_i into one random delta per helper
// (its own included). `helpers` must hold at least min_signers distinct identifiers including
// this helper and not `participant`. Errors: kInvalidParameters.
template <Ciphersuite C>
FrostResult<std::map<Identifier<C>, Delta<C>>, C> step1(const std::vector<Identifier<C>>& helpers,
                                                        const KeyPackage<C>& key_package,
                                                        const Identifier<C>& participant,
                                                        Rng& rng) {
  if (helpers.size() < key_package.min_signers) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "repair needs min_signers helpers");
  }
  for (const auto& h : helpers) {
    if (h == participant) {
      return frost_fail<C>(ErrorKind::kInvalidParameters,
                           "the participant being repaired cannot help", participant);
    }
  }
  FROST_TRY_ASSIGN(auto lambda,
                   lagrange_coefficient<C>(helpers, key_package.identifier, participant.scalar()));
  auto zeta = lambda * key_package.signing_share.scalar();
  std::map<Identifier<C>, Delta<C>> out;
  auto rest = zeta;
  for (std::size_t k = 0; k + 1 < helpers.size(); ++k) {
    auto delta = C::scalar_random(rng);
    rest = rest - delta;
    out.emplace(helpers[k], Delta<C>{SigningShare<C>(delta)});
  }
  out.emplace(helpers.back(), Delta<C>{SigningShare<C>(rest)});
  zeta = C::scalar_zero();
  rest = C::scalar_zero();
  return out;
}

// Step 2 at a helper: the sum of the deltas it received (one from each helper, its own included).
template <Ciphersuite C>
Sigma<C> step2(const std::vector<Delta<C>>& deltas) {
  auto sum = C::scalar_zero();
  for (const auto& d : deltas) sum = sum + d.value.scalar();
  return Sigma<C>{SigningShare<C>(sum)};
}

// Step 3 at the repaired participant: the sum of the sigmas is its share; checked against its
// verifying share in `public_package` before the key package is returned. Errors:
// kUnknownParticipant, kInvalidParameters (too few sigmas), kInvalidSecretShare (a helper lied or
// the helpers disagreed; the protocol cannot tell which).
template <Ciphersuite C>
FrostResult<KeyPackage<C>, C> step3(const std::vector<Sigma<C>>& sigmas,
                                    const Identifier<C>& participant,
                                    const PublicKeyPackage<C>& public_package) {
  auto it = public_package.verifying_shares.find(participant);
  if (it == public_package.verifying_shares.end()) {
    return frost_fail<C>(ErrorKind::kUnknownParticipant, "not a member of the group", participant);
  }
  if (sigmas.size() < public_package.min_signers) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "repair needs min_signers sigmas");
  }
  auto sum = C::scalar_zero();
  for (const auto& s : sigmas) sum = sum + s.value.scalar();
  SigningShare<C> share(sum);
  sum = C::scalar_zero();
  VerifyingShare<C> verifying_share{C::generator_mult(share.scalar())};
  if (!(verifying_share == it->second)) {
    return frost_fail<C>(ErrorKind::kInvalidSecretShare,
                         "repaired share does not match the verifying share", participant);
  }
  return KeyPackage<C>{participant, std::move(share), verifying_share, public_package.verifying_key,
                       public_package.min_signers};
}

}  // namespace custos::frost::repair
