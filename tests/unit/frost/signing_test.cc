// Signing: 3-of-3 and 2-of-3 round trips, and every way a signing session can go wrong.

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::frost_test {
namespace {

const Bytes kMessage = to_bytes("eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ0ZXN0In0");

TEST(FrostSigning, ThreeOfThreeDealerSignatureVerifiesWithLibsodium) {
  DeterministicRng rng(7);
  auto g = dealer_group(3, 3, rng);
  auto sig = sign_all(g, {id(1), id(2), id(3)}, kMessage, rng);
  ASSERT_TRUE(sig.has_value()) << sig.error().message();
  EXPECT_TRUE(sodium_verifies(kMessage, *sig, g.public_key_package.verifying_key));
  EXPECT_TRUE(frost::verify_signature<Suite>(kMessage, *sig, g.public_key_package.verifying_key));
  EXPECT_FALSE(sodium_verifies(to_bytes("other"), *sig, g.public_key_package.verifying_key));
}

TEST(FrostSigning, ThreeOfThreeFromTheRfcGroupSecret) {
  // RFC 9591 E.1's group secret and first coefficient, plus a second coefficient: a 3-of-3
  // sharing of the same group key. λ1 = 3, λ2 = −3, λ3 = 1 recombine the secret.
  auto secret = *Suite::deserialize_scalar(
      *hex_decode("7b1c33d3f5291d85de664833beb1ad469f7fb6025a0ec78b3a790c6e13a98304"));
  auto a1 = *Suite::deserialize_scalar(
      *hex_decode("178199860edd8c62f5212ee91eff1295d0d670ab4ed4506866bae57e7030b204"));
  auto a2 = Suite::scalar_from_u64(42);
  auto dealt = frost::split_secret<Suite>(secret, {a1, a2}, {id(1), id(2), id(3)});
  ASSERT_TRUE(dealt.has_value());
  EXPECT_EQ(hex_encode(Suite::serialize_element(dealt->public_key_package.verifying_key.element)),
            "15d21ccd7ee42959562fc8aa63224c8851fb3ec85a3faf66040d380fb9738673");
  const auto& s = dealt->shares;
  auto recombined = Suite::scalar_from_u64(3) * s.at(id(1)).signing_share.scalar() -
                    Suite::scalar_from_u64(3) * s.at(id(2)).signing_share.scalar() +
                    s.at(id(3)).signing_share.scalar();
  EXPECT_EQ(recombined, secret);

  Group g;
  g.public_key_package = dealt->public_key_package;
  for (const auto& [i, share] : s) {
    g.keys.emplace(i, *frost::key_package_from_secret_share<Suite>(share));
  }
  DeterministicRng rng(3);
  auto sig = sign_all(g, {id(1), id(2), id(3)}, to_bytes("test"), rng);
  ASSERT_TRUE(sig.has_value()) << sig.error().message();
  EXPECT_TRUE(sodium_verifies(to_bytes("test"), *sig, g.public_key_package.verifying_key));
  // Two signers are not enough for a 3-of-3 key.
  auto short_sig = sign_all(g, {id(1), id(3)}, to_bytes("test"), rng);
  ASSERT_FALSE(short_sig.has_value());
  EXPECT_EQ(short_sig.error().kind(), frost::ErrorKind::kIncorrectNumberOfCommitments);
}

TEST(FrostSigning, TwoOfThreeAnySubset) {
  DeterministicRng rng(8);
  auto g = dealer_group(3, 2, rng);
  for (auto pair : {std::vector{id(1), id(2)}, std::vector{id(1), id(3)}, std::vector{id(2), id(3)},
                    std::vector{id(1), id(2), id(3)}}) {
    auto sig = sign_all(g, pair, kMessage, rng);
    ASSERT_TRUE(sig.has_value()) << sig.error().message();
    EXPECT_TRUE(sodium_verifies(kMessage, *sig, g.public_key_package.verifying_key));
  }
}

// Runs round 1 and round 2 for 1..3 and returns everything, for tampering.
struct Signed {
  SigningPackage package;
  std::map<Identifier, SignatureShare> shares;
};

Signed honest_session(const Group& g, Rng& rng) {
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  SigningPackage package(session.commitments, kMessage);
  std::map<Identifier, SignatureShare> shares;
  for (auto& [i, nonces] : session.nonces) {
    shares.emplace(i, *frost::round2::sign<Suite>(package, std::move(nonces), g.keys.at(i)));
  }
  return {package, shares};
}

TEST(FrostSigning, WrongShareNamesItsSigner) {
  DeterministicRng rng(9);
  auto g = dealer_group(3, 3, rng);
  for (std::uint64_t bad : {1, 2, 3}) {
    auto s = honest_session(g, rng);
    s.shares.at(id(bad)).share = s.shares.at(id(bad)).share + Suite::scalar_one();
    auto sig = frost::aggregate<Suite>(s.package, s.shares, g.public_key_package);
    ASSERT_FALSE(sig.has_value());
    EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kInvalidSignatureShare);
    ASSERT_TRUE(sig.error().culprit().has_value());
    EXPECT_EQ(*sig.error().culprit(), id(bad));
    EXPECT_EQ(sig.error().to_error().code(), ErrorCode::kFrostInvalidSignatureShare);
    EXPECT_NE(sig.error().to_error().message().find("participant " + std::to_string(bad)),
              std::string::npos);
    // verify_signature_share agrees.
    auto v = frost::round2::verify_signature_share<Suite>(
        id(bad), g.public_key_package.verifying_shares.at(id(bad)), s.shares.at(id(bad)), s.package,
        g.public_key_package.verifying_key);
    ASSERT_FALSE(v.has_value());
    EXPECT_EQ(*v.error().culprit(), id(bad));
  }
}

TEST(FrostSigning, ShareSwappedBetweenSignersIsCaught) {
  DeterministicRng rng(10);
  auto g = dealer_group(3, 3, rng);
  auto s = honest_session(g, rng);
  std::swap(s.shares.at(id(1)), s.shares.at(id(2)));
  auto sig = frost::aggregate<Suite>(s.package, s.shares, g.public_key_package);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(*sig.error().culprit(), id(1));
}

TEST(FrostSigning, MissingAndUnexpectedShares) {
  DeterministicRng rng(11);
  auto g = dealer_group(3, 3, rng);
  auto s = honest_session(g, rng);
  auto missing = s.shares;
  missing.erase(id(2));
  auto sig = frost::aggregate<Suite>(s.package, missing, g.public_key_package);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kMissingSignatureShare);
  EXPECT_EQ(*sig.error().culprit(), id(2));
  EXPECT_EQ(sig.error().to_error().code(), ErrorCode::kFrostCommitments);

  auto extra = s.shares;
  extra.emplace(id(4), s.shares.at(id(1)));
  sig = frost::aggregate<Suite>(s.package, extra, g.public_key_package);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kUnexpectedSignatureShare);
  EXPECT_EQ(*sig.error().culprit(), id(4));
}

TEST(FrostSigning, TamperedCommitmentListIsRefusedBySigner) {
  DeterministicRng rng(12);
  auto g = dealer_group(3, 3, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  // The coordinator replaces signer 2's commitment with a fresh one.
  auto tampered = session.commitments;
  auto [other_nonces, other] = frost::round1::commit<Suite>(g.keys.at(id(2)).signing_share, rng);
  tampered.at(id(2)) = other;
  SigningPackage package(tampered, kMessage);
  auto share =
      frost::round2::sign<Suite>(package, std::move(session.nonces.at(id(2))), g.keys.at(id(2)));
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().kind(), frost::ErrorKind::kIncorrectCommitment);
  EXPECT_EQ(*share.error().culprit(), id(2));
  EXPECT_EQ(share.error().to_error().code(), ErrorCode::kFrostCommitments);
}

TEST(FrostSigning, TamperedCommitmentOfAnotherSignerMakesItsShareFail) {
  // Signers 1 and 3 sign a package whose entry for 2 was altered; 2 refuses, and if the
  // coordinator forges 2's part anyway the honest shares no longer match 2's real commitment.
  DeterministicRng rng(13);
  auto g = dealer_group(3, 3, rng);
  auto s = honest_session(g, rng);
  auto commitments = s.package.commitments();
  std::swap(commitments.at(id(2)).hiding, commitments.at(id(2)).binding);
  SigningPackage tampered(commitments, kMessage);
  auto sig = frost::aggregate<Suite>(tampered, s.shares, g.public_key_package);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kInvalidSignatureShare);
}

TEST(FrostSigning, SignerMissingFromPackage) {
  DeterministicRng rng(14);
  auto g = dealer_group(3, 2, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  auto commitments = session.commitments;
  commitments.erase(id(3));
  SigningPackage package(commitments, kMessage);
  auto share =
      frost::round2::sign<Suite>(package, std::move(session.nonces.at(id(3))), g.keys.at(id(3)));
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().kind(), frost::ErrorKind::kMissingCommitment);
  EXPECT_EQ(*share.error().culprit(), id(3));
}

TEST(FrostSigning, CommitmentFromOutsideTheGroup) {
  DeterministicRng rng(15);
  auto g = dealer_group(3, 3, rng);
  auto s = honest_session(g, rng);
  auto pub = g.public_key_package;
  pub.verifying_shares.erase(id(3));
  auto sig = frost::aggregate<Suite>(s.package, s.shares, pub);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kUnknownParticipant);
  EXPECT_EQ(*sig.error().culprit(), id(3));
}

TEST(FrostSigning, NoncesAreSingleUse) {
  DeterministicRng rng(16);
  auto g = dealer_group(3, 3, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  SigningPackage package(session.commitments, kMessage);
  auto& nonces = session.nonces.at(id(1));
  EXPECT_FALSE(nonces.used());
  auto first = frost::round2::sign<Suite>(package, std::move(nonces), g.keys.at(id(1)));
  ASSERT_TRUE(first.has_value());
  EXPECT_TRUE(nonces.used());
  EXPECT_TRUE(Suite::scalar_is_zero(nonces.hiding()));  // wiped
  EXPECT_TRUE(Suite::scalar_is_zero(nonces.binding()));
  auto second = frost::round2::sign<Suite>(package, std::move(nonces), g.keys.at(id(1)));
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind(), frost::ErrorKind::kNonceReused);
  EXPECT_EQ(second.error().to_error().code(), ErrorCode::kFrostNonceReused);
}

TEST(FrostSigning, FailedSignStillConsumesNonces) {
  DeterministicRng rng(17);
  auto g = dealer_group(3, 3, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  auto commitments = session.commitments;
  commitments.erase(id(1));
  SigningPackage bad(commitments, kMessage);
  auto& nonces = session.nonces.at(id(1));
  EXPECT_FALSE(frost::round2::sign<Suite>(bad, std::move(nonces), g.keys.at(id(1))).has_value());
  SigningPackage good(session.commitments, kMessage);
  auto again = frost::round2::sign<Suite>(good, std::move(nonces), g.keys.at(id(1)));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind(), frost::ErrorKind::kNonceReused);
}

}  // namespace
}  // namespace custos::frost_test
