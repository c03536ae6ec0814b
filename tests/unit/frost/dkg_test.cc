// Distributed key generation: honest runs for several t-of-n, and every check naming the sender.

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::frost_test {
namespace {

namespace dkg = frost::dkg;

TEST(FrostDkg, ThreeOfThreeSignsAndVerifies) {
  DeterministicRng rng(21);
  auto g = dkg_group(3, 3, rng);
  ASSERT_EQ(g.keys.size(), 3u);
  auto sig = sign_all(g, {id(1), id(2), id(3)}, to_bytes("hello"), rng);
  ASSERT_TRUE(sig.has_value()) << sig.error().message();
  EXPECT_TRUE(sodium_verifies(to_bytes("hello"), *sig, g.public_key_package.verifying_key));
  // The shares interpolate to the key: Σ λ_i s_i · G == group key.
  auto sum = Suite::scalar_from_u64(3) * g.keys.at(id(1)).signing_share.scalar() -
             Suite::scalar_from_u64(3) * g.keys.at(id(2)).signing_share.scalar() +
             g.keys.at(id(3)).signing_share.scalar();
  EXPECT_EQ(Suite::generator_mult(sum), g.public_key_package.verifying_key.element);
}

TEST(FrostDkg, OtherThresholds) {
  DeterministicRng rng(22);
  for (auto [n, t] : {std::pair<std::uint16_t, std::uint16_t>{3, 2}, {5, 3}, {4, 4}}) {
    auto g = dkg_group(n, t, rng);
    std::vector<Identifier> signers;
    for (std::uint16_t i = n; signers.size() < t; --i) signers.push_back(id(i));
    auto sig = sign_all(g, signers, to_bytes("m"), rng);
    ASSERT_TRUE(sig.has_value()) << sig.error().message();
    EXPECT_TRUE(sodium_verifies(to_bytes("m"), *sig, g.public_key_package.verifying_key));
  }
}

TEST(FrostDkg, BadParameters) {
  DeterministicRng rng(23);
  EXPECT_EQ(dkg::part1<Suite>(id(1), 3, 1, rng).error().kind(),
            frost::ErrorKind::kInvalidParameters);
  EXPECT_EQ(dkg::part1<Suite>(id(1), 2, 3, rng).error().kind(),
            frost::ErrorKind::kInvalidParameters);
}

// The round-1 state of a 3-party DKG, for tampering.
struct Round1 {
  std::map<Identifier, dkg::round1::SecretPackage<Suite>> secrets;
  std::map<Identifier, dkg::round1::Package<Suite>> packages;
};

Round1 round1(Rng& rng, std::uint16_t n = 3, std::uint16_t t = 3) {
  Round1 r;
  for (std::uint16_t i = 1; i <= n; ++i) {
    auto p = dkg::part1<Suite>(id(i), n, t, rng);
    r.secrets.emplace(id(i), std::move(p->first));
    r.packages.emplace(id(i), p->second);
  }
  return r;
}

std::map<Identifier, dkg::round1::Package<Suite>> others(const Round1& r, const Identifier& me) {
  auto out = r.packages;
  out.erase(me);
  return out;
}

TEST(FrostDkg, InvalidProofOfKnowledgeNamesTheSender) {
  DeterministicRng rng(24);
  auto r = round1(rng);
  auto received = others(r, id(1));
  received.at(id(3)).proof_of_knowledge.z =
      received.at(id(3)).proof_of_knowledge.z + Suite::scalar_one();
  auto out = dkg::part2<Suite>(std::move(r.secrets.at(id(1))), received);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind(), frost::ErrorKind::kInvalidProofOfKnowledge);
  EXPECT_EQ(*out.error().culprit(), id(3));
  EXPECT_EQ(out.error().to_error().code(), ErrorCode::kFrostInvalidProofOfKnowledge);
}

TEST(FrostDkg, ProofReplayedUnderAnotherIdentifierFails) {
  // Participant 3 copies participant 2's round-1 package: the challenge binds the identifier.
  DeterministicRng rng(25);
  auto r = round1(rng);
  auto received = others(r, id(1));
  received.at(id(3)) = received.at(id(2));
  auto out = dkg::part2<Suite>(std::move(r.secrets.at(id(1))), received);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind(), frost::ErrorKind::kInvalidProofOfKnowledge);
  EXPECT_EQ(*out.error().culprit(), id(3));
}

TEST(FrostDkg, WrongCommitmentDegreeNamesTheSender) {
  DeterministicRng rng(26);
  auto r = round1(rng);
  auto received = others(r, id(1));
  received.at(id(2)).commitment.pop_back();
  auto out = dkg::part2<Suite>(std::move(r.secrets.at(id(1))), received);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind(), frost::ErrorKind::kIncorrectNumberOfCommitments);
  EXPECT_EQ(*out.error().culprit(), id(2));
}

TEST(FrostDkg, WrongNumberOfPackagesOrOwnPackage) {
  DeterministicRng rng(27);
  auto r = round1(rng);
  auto received = others(r, id(1));
  received.erase(id(2));
  auto out = dkg::part2<Suite>(std::move(r.secrets.at(id(1))), received);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind(), frost::ErrorKind::kInvalidParameters);

  auto with_self = r.packages;  // includes participant 2's own package
  auto out2 = dkg::part2<Suite>(std::move(r.secrets.at(id(2))), with_self);
  ASSERT_FALSE(out2.has_value());
  EXPECT_EQ(out2.error().kind(), frost::ErrorKind::kUnexpectedPackage);
}

TEST(FrostDkg, SecretPackageIsSingleUse) {
  DeterministicRng rng(29);
  auto r = round1(rng);
  auto& secret = r.secrets.at(id(1));
  auto first = dkg::part2<Suite>(std::move(secret), others(r, id(1)));
  ASSERT_TRUE(first.has_value());
  auto second = dkg::part2<Suite>(std::move(secret), others(r, id(1)));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind(), frost::ErrorKind::kInvalidParameters);
}

TEST(FrostDkg, InconsistentSecretShareNamesTheSender) {
  DeterministicRng rng(28);
  auto r = round1(rng);
  std::map<Identifier, dkg::round2::SecretPackage<Suite>> secrets;
  std::map<Identifier, std::map<Identifier, dkg::round2::Package<Suite>>> inbox;
  for (std::uint64_t i = 1; i <= 3; ++i) {
    auto out = dkg::part2<Suite>(std::move(r.secrets.at(id(i))), others(r, id(i)));
    ASSERT_TRUE(out.has_value());
    for (auto& [to, p] : out->second) inbox[to].emplace(id(i), std::move(p));
    secrets.emplace(id(i), std::move(out->first));
  }
  // Participant 2 sends participant 1 a wrong share.
  auto& forged = inbox[id(1)].at(id(2));
  forged = dkg::round2::Package<Suite>{
      SigningShare(forged.signing_share.scalar() + Suite::scalar_one())};
  auto out = dkg::part3<Suite>(secrets.at(id(1)), inbox[id(1)]);
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().kind(), frost::ErrorKind::kInvalidSecretShare);
  EXPECT_EQ(*out.error().culprit(), id(2));
  EXPECT_EQ(out.error().to_error().code(), ErrorCode::kFrostInvalidSecretShare);

  // A missing round-2 package names the silent participant.
  inbox[id(3)].erase(id(1));
  auto missing = dkg::part3<Suite>(secrets.at(id(3)), inbox[id(3)]);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind(), frost::ErrorKind::kMissingPackage);
  EXPECT_EQ(*missing.error().culprit(), id(1));

  // A round-2 package from a stranger.
  inbox[id(2)].emplace(id(9), dkg::round2::Package<Suite>{SigningShare(Suite::scalar_one())});
  auto stranger = dkg::part3<Suite>(secrets.at(id(2)), inbox[id(2)]);
  ASSERT_FALSE(stranger.has_value());
  EXPECT_EQ(stranger.error().kind(), frost::ErrorKind::kUnexpectedPackage);
  EXPECT_EQ(*stranger.error().culprit(), id(9));
}

}  // namespace
}  // namespace custos::frost_test
