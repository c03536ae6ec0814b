// Proactive share refresh (same group key, old shares useless) and share repair.

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::frost_test {
namespace {

namespace refresh = frost::refresh;
namespace repair = frost::repair;

// Runs a refresh among every member of `g`; returns the refreshed group.
Group refresh_group(const Group& g, Rng& rng) {
  const auto n = static_cast<std::uint16_t>(g.keys.size());
  std::map<Identifier, frost::dkg::round1::SecretPackage<Suite>> secrets1;
  std::map<Identifier, refresh::round1::Package<Suite>> broadcast;
  for (const auto& [i, key] : g.keys) {
    auto r1 = refresh::part1<Suite>(key, n, rng);
    EXPECT_TRUE(r1.has_value());
    secrets1.emplace(i, std::move(r1->first));
    broadcast.emplace(i, r1->second);
  }
  std::map<Identifier, frost::dkg::round2::SecretPackage<Suite>> secrets2;
  std::map<Identifier, std::map<Identifier, refresh::round2::Package<Suite>>> inbox;
  for (auto& [me, secret] : secrets1) {
    auto received = broadcast;
    received.erase(me);
    auto r2 = refresh::part2<Suite>(std::move(secret), received);
    EXPECT_TRUE(r2.has_value());
    for (auto& [to, p] : r2->second) inbox[to].emplace(me, std::move(p));
    secrets2.emplace(me, std::move(r2->first));
  }
  Group fresh;
  for (auto& [me, secret] : secrets2) {
    auto r3 = refresh::part3<Suite>(secret, inbox[me], g.keys.at(me), g.public_key_package);
    EXPECT_TRUE(r3.has_value()) << r3.error().message();
    fresh.public_key_package = r3->second;
    fresh.keys.emplace(me, std::move(r3->first));
  }
  return fresh;
}

TEST(FrostRefresh, SameGroupKeyNewShares) {
  DeterministicRng rng(31);
  auto g = dkg_group(3, 3, rng);
  auto fresh = refresh_group(g, rng);
  EXPECT_EQ(fresh.public_key_package.verifying_key, g.public_key_package.verifying_key);
  for (const auto& [i, key] : g.keys) {
    EXPECT_FALSE(key.signing_share.scalar() == fresh.keys.at(i).signing_share.scalar());
    EXPECT_FALSE(g.public_key_package.verifying_shares.at(i) ==
                 fresh.public_key_package.verifying_shares.at(i));
  }
  auto sig = sign_all(fresh, {id(1), id(2), id(3)}, to_bytes("after refresh"), rng);
  ASSERT_TRUE(sig.has_value()) << sig.error().message();
  EXPECT_TRUE(
      sodium_verifies(to_bytes("after refresh"), *sig, fresh.public_key_package.verifying_key));
}

TEST(FrostRefresh, OldSharesBecomeUseless) {
  DeterministicRng rng(32);
  auto g = dealer_group(3, 3, rng);
  auto fresh = refresh_group(g, rng);
  // A mixed group: participant 2 still holds its old share.
  Group mixed;
  mixed.public_key_package = fresh.public_key_package;
  mixed.keys.emplace(id(1), fresh.keys.at(id(1)).clone());
  mixed.keys.emplace(id(2), g.keys.at(id(2)).clone());
  mixed.keys.emplace(id(3), fresh.keys.at(id(3)).clone());
  auto sig = sign_all(mixed, {id(1), id(2), id(3)}, to_bytes("m"), rng);
  ASSERT_FALSE(sig.has_value());
  EXPECT_EQ(sig.error().kind(), frost::ErrorKind::kInvalidSignatureShare);
  EXPECT_EQ(*sig.error().culprit(), id(2));
  // And the old shares interpolate to something else than the key under the new commitments:
  // the old and new shares of the same participant differ.
  EXPECT_FALSE(g.keys.at(id(2)).signing_share.scalar() ==
               fresh.keys.at(id(2)).signing_share.scalar());
}

TEST(FrostRefresh, TamperedRefreshShareNamesTheSender) {
  DeterministicRng rng(33);
  auto g = dealer_group(3, 3, rng);
  std::map<Identifier, frost::dkg::round1::SecretPackage<Suite>> secrets1;
  std::map<Identifier, refresh::round1::Package<Suite>> broadcast;
  for (const auto& [i, key] : g.keys) {
    auto r1 = refresh::part1<Suite>(key, 3, rng);
    secrets1.emplace(i, std::move(r1->first));
    broadcast.emplace(i, r1->second);
  }
  // Participant 3's broadcast is dropped to the wrong degree.
  auto bad = broadcast;
  bad.erase(id(1));
  bad.at(id(3)).commitment.pop_back();
  auto spare = refresh::part1<Suite>(g.keys.at(id(1)), 3, rng);
  auto r2 = refresh::part2<Suite>(std::move(spare->first), bad);
  ASSERT_FALSE(r2.has_value());
  EXPECT_EQ(r2.error().kind(), frost::ErrorKind::kIncorrectNumberOfCommitments);
  EXPECT_EQ(*r2.error().culprit(), id(3));

  // Participant 2 sends participant 3 an inconsistent share.
  auto received = broadcast;
  received.erase(id(3));
  auto mine = refresh::part2<Suite>(std::move(secrets1.at(id(3))), received);
  ASSERT_TRUE(mine.has_value());
  std::map<Identifier, refresh::round2::Package<Suite>> inbox;
  for (std::uint64_t from : {1, 2}) {
    auto recv = broadcast;
    recv.erase(id(from));
    auto out = refresh::part2<Suite>(std::move(secrets1.at(id(from))), recv);
    ASSERT_TRUE(out.has_value());
    inbox.emplace(id(from), std::move(out->second.at(id(3))));
  }
  inbox.at(id(2)) = refresh::round2::Package<Suite>{
      SigningShare(inbox.at(id(2)).signing_share.scalar() + Suite::scalar_one())};
  auto r3 = refresh::part3<Suite>(mine->first, inbox, g.keys.at(id(3)), g.public_key_package);
  ASSERT_FALSE(r3.has_value());
  EXPECT_EQ(r3.error().kind(), frost::ErrorKind::kInvalidSecretShare);
  EXPECT_EQ(*r3.error().culprit(), id(2));
}

TEST(FrostRepair, HelpersRebuildALostShare) {
  DeterministicRng rng(34);
  auto g = dkg_group(3, 2, rng);
  const auto lost = id(2);
  const std::vector<Identifier> helpers{id(1), id(3)};
  // Step 1 at each helper; deltas[to] collects what each helper receives.
  std::map<Identifier, std::vector<repair::Delta<Suite>>> deltas;
  for (const auto& h : helpers) {
    auto out = repair::step1<Suite>(helpers, g.keys.at(h), lost, rng);
    ASSERT_TRUE(out.has_value()) << out.error().message();
    for (auto& [to, d] : *out) deltas[to].push_back(std::move(d));
  }
  std::vector<repair::Sigma<Suite>> sigmas;
  for (const auto& h : helpers) sigmas.push_back(repair::step2<Suite>(deltas[h]));
  auto repaired = repair::step3<Suite>(sigmas, lost, g.public_key_package);
  ASSERT_TRUE(repaired.has_value()) << repaired.error().message();
  EXPECT_EQ(repaired->signing_share.scalar(), g.keys.at(lost).signing_share.scalar());

  // The repaired participant signs with one helper.
  Group g2;
  g2.public_key_package = g.public_key_package;
  g2.keys.emplace(lost, std::move(*repaired));
  g2.keys.emplace(id(3), g.keys.at(id(3)).clone());
  auto sig = sign_all(g2, {lost, id(3)}, to_bytes("repaired"), rng);
  ASSERT_TRUE(sig.has_value()) << sig.error().message();
  EXPECT_TRUE(sodium_verifies(to_bytes("repaired"), *sig, g.public_key_package.verifying_key));
}

TEST(FrostRepair, WrongSigmaIsDetected) {
  DeterministicRng rng(35);
  auto g = dealer_group(3, 2, rng);
  const std::vector<Identifier> helpers{id(2), id(3)};
  std::map<Identifier, std::vector<repair::Delta<Suite>>> deltas;
  for (const auto& h : helpers) {
    auto out = repair::step1<Suite>(helpers, g.keys.at(h), id(1), rng);
    ASSERT_TRUE(out.has_value());
    for (auto& [to, d] : *out) deltas[to].push_back(std::move(d));
  }
  std::vector<repair::Sigma<Suite>> sigmas;
  for (const auto& h : helpers) sigmas.push_back(repair::step2<Suite>(deltas[h]));
  sigmas[0] = repair::Sigma<Suite>{SigningShare(sigmas[0].value.scalar() + Suite::scalar_one())};
  auto repaired = repair::step3<Suite>(sigmas, id(1), g.public_key_package);
  ASSERT_FALSE(repaired.has_value());
  EXPECT_EQ(repaired.error().kind(), frost::ErrorKind::kInvalidSecretShare);
  // Too few helpers, or the lost participant among them.
  EXPECT_FALSE(repair::step1<Suite>({id(2)}, g.keys.at(id(2)), id(1), rng).has_value());
  EXPECT_FALSE(repair::step1<Suite>({id(1), id(2)}, g.keys.at(id(2)), id(1), rng).has_value());
}

}  // namespace
}  // namespace custos::frost_test
