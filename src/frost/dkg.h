#pragma once
// Distributed key generation: Pedersen's DKG with proofs of knowledge (the FROST paper, Figure 1;
// the API shape of ZF FROST `keys::dkg`). Every participant runs part1, broadcasts its
// round1::Package, runs part2 on the others' round-1 packages, sends each peer its own
// round2::Package confidentially, and runs part3 on what it received. Any t-of-n; custos uses
// 3-of-3.
//
// Proof of knowledge of a_i0 (ZF FROST, RFC 9591 ciphersuite extension HDKG):
//   k random, R = k·G, c = HDKG(id_i || φ_i0 || R), μ = k + a_i0·c; verify R == μ·G − c·φ_i0.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/rng.h"
#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/identifier.h"
#include "frost/keys.h"

namespace custos::frost::dkg {

namespace round1 {

// Broadcast by participant i: its VSS commitment (φ_i0..φ_i,t-1) and its proof of knowledge
// (R, μ) of a_i0. Public, copyable.
template <Ciphersuite C>
struct Package {
  VssCommitment<C> commitment;
  Signature<C> proof_of_knowledge;
  friend bool operator==(const Package& a, const Package& b) {
    return a.commitment == b.commitment && a.proof_of_knowledge.R == b.proof_of_knowledge.R &&
           a.proof_of_knowledge.z == b.proof_of_knowledge.z;
  }
};

// Kept by participant i between part1 and part2: its polynomial. Move-only; wiped on destruction.
template <Ciphersuite C>
struct SecretPackage {
  Identifier<C> identifier;
  std::vector<typename C::Scalar> coefficients;  // a_i0..a_i,t-1 (secret)
  VssCommitment<C> commitment;
  std::uint16_t min_signers = 0;
  std::uint16_t max_signers = 0;

  SecretPackage(Identifier<C> id, std::vector<typename C::Scalar> coeffs, VssCommitment<C> comm,
                std::uint16_t min, std::uint16_t max)
      : identifier(id),
        coefficients(std::move(coeffs)),
        commitment(std::move(comm)),
        min_signers(min),
        max_signers(max) {}
  SecretPackage(SecretPackage&&) noexcept = default;
  SecretPackage& operator=(SecretPackage&&) noexcept = default;
  SecretPackage(const SecretPackage&) = delete;
  SecretPackage& operator=(const SecretPackage&) = delete;
  ~SecretPackage() {
    for (auto& a : coefficients) a = C::scalar_zero();
  }
};

}  // namespace round1

namespace round2 {

// Sent by participant i to participant j only (encrypted by the transport): f_i(j). Move-only.
template <Ciphersuite C>
struct Package {
  SigningShare<C> signing_share;
};

// Kept by participant i between part2 and part3: f_i(i) and the verified commitments of every
// participant (its own included), so part3 cannot be fed other commitments. Move-only.
template <Ciphersuite C>
struct SecretPackage {
  Identifier<C> identifier;
  SigningShare<C> own_share;
  std::map<Identifier<C>, VssCommitment<C>> commitments;
  std::uint16_t min_signers = 0;
  std::uint16_t max_signers = 0;
};

}  // namespace round2

// The proof-of-knowledge challenge HDKG(id || φ_0 || R).
template <Ciphersuite C>
typename C::Scalar pok_challenge(const Identifier<C>& id, const typename C::Element& phi0,
                                 const typename C::Element& R) {
  auto i = id.serialize();
  auto p = C::serialize_element(phi0);
  auto r = C::serialize_element(R);
  Bytes input(i.begin(), i.end());
  input.insert(input.end(), p.begin(), p.end());
  input.insert(input.end(), r.begin(), r.end());
  return C::HDKG(input);
}

// Checks the proof of knowledge in `package`, sent by `sender`. Errors (culprit = sender):
// kIncorrectNumberOfCommitments (commitment size != min_signers), kMalformed (identity element),
// kInvalidProofOfKnowledge.
template <Ciphersuite C>
[[nodiscard]] FrostResult<void, C> verify_round1_package(const Identifier<C>& sender,
                                                         const round1::Package<C>& package,
                                                         std::uint16_t min_signers) {
  if (package.commitment.size() != min_signers) {
    return frost_fail<C>(ErrorKind::kIncorrectNumberOfCommitments,
                         "round-1 package has " + std::to_string(package.commitment.size()) +
                             " commitments, expected " + std::to_string(min_signers),
                         sender);
  }
  for (const auto& phi : package.commitment) {
    if (C::is_identity(phi)) {
      return frost_fail<C>(ErrorKind::kMalformed, "VSS commitment contains the identity", sender);
    }
  }
  const auto& pok = package.proof_of_knowledge;
  auto c = pok_challenge<C>(sender, package.commitment.front(), pok.R);
  if (C::is_identity(pok.R) ||
      !(pok.R == C::generator_mult(pok.z) - package.commitment.front() * c)) {
    return frost_fail<C>(ErrorKind::kInvalidProofOfKnowledge, "proof of knowledge is invalid",
                         sender);
  }
  return {};
}

// DKG part 1: a random polynomial of degree min_signers−1, its commitment, and the proof of
// knowledge of its constant term. Errors: kInvalidParameters.
template <Ciphersuite C>
FrostResult<std::pair<round1::SecretPackage<C>, round1::Package<C>>, C> part1(
    const Identifier<C>& identifier, std::uint16_t max_signers, std::uint16_t min_signers,
    Rng& rng) {
  FROST_TRY(validate_counts<C>(max_signers, min_signers));
  std::vector<typename C::Scalar> coefficients;
  for (std::uint16_t k = 0; k < min_signers; ++k) coefficients.push_back(C::scalar_random(rng));
  auto commitment = vss_commit<C>(coefficients);
  auto k = C::scalar_random(rng);
  auto R = C::generator_mult(k);
  auto c = pok_challenge<C>(identifier, commitment.front(), R);
  Signature<C> pok{R, k + coefficients.front() * c};
  k = C::scalar_zero();
  round1::Package<C> package{commitment, pok};
  return std::pair<round1::SecretPackage<C>, round1::Package<C>>(
      round1::SecretPackage<C>(identifier, std::move(coefficients), std::move(commitment),
                               min_signers, max_signers),
      std::move(package));
}

// Shared by DKG and refresh part 2: the round-1 secret is unused, no package claims this
// participant's identifier, and there is exactly one package from each of the max_signers-1
// peers. `what` names the packages in messages ("round-1", "refresh").
template <Ciphersuite C, typename Packages>
FrostResult<void, C> check_part2_inputs(const round1::SecretPackage<C>& mine,
                                        const Packages& packages, const std::string& what) {
  if (mine.coefficients.size() != mine.min_signers || mine.commitment.empty()) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, what + " secret package already used");
  }
  if (packages.count(mine.identifier) != 0) {
    return frost_fail<C>(ErrorKind::kUnexpectedPackage,
                         "received a " + what + " package under this participant's own identifier",
                         mine.identifier);
  }
  if (packages.size() != static_cast<std::size_t>(mine.max_signers - 1)) {
    return frost_fail<C>(ErrorKind::kInvalidParameters,
                         "expected " + std::to_string(mine.max_signers - 1) + " " + what +
                             " packages, got " + std::to_string(packages.size()));
  }
  return {};
}

// DKG part 2: verifies every peer's round-1 package (exactly max_signers−1 of them, keyed by
// sender, not including this participant) and computes the secret share f_i(j) for each peer.
// Consumes the round-1 secret. Errors: kInvalidParameters (wrong count), kUnexpectedPackage
// (culprit: a package from this participant itself), and those of verify_round1_package, each
// naming the sender.
template <Ciphersuite C>
FrostResult<std::pair<round2::SecretPackage<C>, std::map<Identifier<C>, round2::Package<C>>>, C>
part2(round1::SecretPackage<C>&& secret,
      const std::map<Identifier<C>, round1::Package<C>>& round1_packages) {
  round1::SecretPackage<C> mine = std::move(secret);
  if (auto ok = check_part2_inputs<C>(mine, round1_packages, "round-1"); !ok) {
    return tl::unexpected(std::move(ok.error()));
  }
  round2::SecretPackage<C> next{
      mine.identifier,
      SigningShare<C>(polynomial_evaluate<C>(mine.identifier.scalar(), mine.coefficients)),
      {},
      mine.min_signers,
      mine.max_signers};
  next.commitments.emplace(mine.identifier, mine.commitment);
  std::map<Identifier<C>, round2::Package<C>> outgoing;
  for (const auto& [sender, package] : round1_packages) {
    FROST_TRY(verify_round1_package<C>(sender, package, mine.min_signers));
    next.commitments.emplace(sender, package.commitment);
    outgoing.emplace(sender, round2::Package<C>{SigningShare<C>(
                                 polynomial_evaluate<C>(sender.scalar(), mine.coefficients))});
  }
  return std::make_pair(std::move(next), std::move(outgoing));
}

// Sums the commitments of all participants and derives every verifying share and the group key.
template <Ciphersuite C>
PublicKeyPackage<C> public_key_package_from_commitments(
    const std::map<Identifier<C>, VssCommitment<C>>& commitments, std::uint16_t min_signers) {
  VssCommitment<C> sum(min_signers, C::identity());
  for (const auto& [_, commitment] : commitments) {
    for (std::size_t k = 0; k < sum.size() && k < commitment.size(); ++k) {
      sum[k] = sum[k] + commitment[k];
    }
  }
  PublicKeyPackage<C> out;
  out.verifying_key = VerifyingKey<C>{sum.front()};
  out.min_signers = min_signers;
  for (const auto& [id, _] : commitments) {
    out.verifying_shares.emplace(id, VerifyingShare<C>{vss_evaluate<C>(sum, id)});
  }
  return out;
}

// Checks every received share f_j(i) against j's commitment (kept in `secret`) and returns the
// sum Σ_j f_j(i) with the public key package of the summed commitments. Shared by DKG part 3 and
// refresh part 3. Errors: kMissingPackage / kUnexpectedPackage / kInvalidSecretShare naming the
// sender.
template <Ciphersuite C>
FrostResult<std::pair<SigningShare<C>, PublicKeyPackage<C>>, C> combine_round2(
    const round2::SecretPackage<C>& secret,
    const std::map<Identifier<C>, round2::Package<C>>& round2_packages) {
  const auto& self = secret.identifier;
  for (const auto& [sender, _] : round2_packages) {
    if (sender == self || secret.commitments.count(sender) == 0) {
      return frost_fail<C>(ErrorKind::kUnexpectedPackage,
                           "round-2 package from a participant without a round-1 package", sender);
    }
  }
  auto share = secret.own_share.scalar();
  for (const auto& [id, commitment] : secret.commitments) {
    if (id == self) continue;
    auto it = round2_packages.find(id);
    if (it == round2_packages.end()) {
      return frost_fail<C>(ErrorKind::kMissingPackage, "no round-2 package from participant", id);
    }
    const auto& f = it->second.signing_share.scalar();
    if (!(C::generator_mult(f) == vss_evaluate<C>(commitment, self))) {
      return frost_fail<C>(ErrorKind::kInvalidSecretShare,
                           "secret share does not match the sender's VSS commitment", id);
    }
    share = share + f;
  }
  auto public_package =
      public_key_package_from_commitments<C>(secret.commitments, secret.min_signers);
  SigningShare<C> signing_share(share);
  share = C::scalar_zero();
  return std::make_pair(std::move(signing_share), std::move(public_package));
}

// DKG part 3: checks every received share f_j(i) against j's commitment and derives this
// participant's key package and the group's public key package. `round2_packages` must come from
// exactly the peers whose round-1 packages part2 accepted. Errors: those of combine_round2;
// kInvalidParameters if the group key is the identity.
template <Ciphersuite C>
FrostResult<std::pair<KeyPackage<C>, PublicKeyPackage<C>>, C> part3(
    const round2::SecretPackage<C>& secret,
    const std::map<Identifier<C>, round2::Package<C>>& round2_packages) {
  FROST_TRY_ASSIGN(auto combined, combine_round2<C>(secret, round2_packages));
  auto& [signing_share, public_package] = combined;
  if (C::is_identity(public_package.verifying_key.element)) {
    return frost_fail<C>(ErrorKind::kInvalidParameters, "group key is the identity");
  }
  VerifyingShare<C> verifying_share{C::generator_mult(signing_share.scalar())};
  if (!(verifying_share == public_package.verifying_shares.at(secret.identifier))) {
    return frost_fail<C>(ErrorKind::kInvalidSecretShare,
                         "derived share does not match the group commitments", secret.identifier);
  }
  KeyPackage<C> key_package{secret.identifier, std::move(signing_share), verifying_share,
                            public_package.verifying_key, secret.min_signers};
  return std::make_pair(std::move(key_package), std::move(public_package));
}

}  // namespace custos::frost::dkg
