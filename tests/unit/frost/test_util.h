#pragma once
// Shared helpers for the frost unit tests: in-process key generation and signing.

#include <gtest/gtest.h>

#include <map>
#include <utility>
#include <vector>

#include "frost/frost.h"

namespace custos::frost_test {

using namespace custos::frost::ed25519;
namespace frost = custos::frost;

inline Identifier id(std::uint64_t v) { return *Identifier::from_u64(v); }

struct Group {
  std::map<Identifier, KeyPackage> keys;
  PublicKeyPackage public_key_package;
};

// Trusted-dealer t-of-n group.
inline Group dealer_group(std::uint16_t n, std::uint16_t t, Rng& rng) {
  auto dealt = frost::generate_with_dealer<Suite>(n, t, rng);
  EXPECT_TRUE(dealt.has_value());
  Group g;
  g.public_key_package = dealt->public_key_package;
  for (const auto& [i, share] : dealt->shares) {
    auto key = frost::key_package_from_secret_share<Suite>(share);
    EXPECT_TRUE(key.has_value());
    g.keys.emplace(i, std::move(*key));
  }
  return g;
}

// A DKG run among participants 1..n, all honest.
inline Group dkg_group(std::uint16_t n, std::uint16_t t, Rng& rng) {
  std::map<Identifier, frost::dkg::round1::SecretPackage<Suite>> secrets1;
  std::map<Identifier, frost::dkg::round1::Package<Suite>> broadcast;
  for (std::uint16_t i = 1; i <= n; ++i) {
    auto r1 = frost::dkg::part1<Suite>(id(i), n, t, rng);
    EXPECT_TRUE(r1.has_value());
    secrets1.emplace(id(i), std::move(r1->first));
    broadcast.emplace(id(i), r1->second);
  }
  std::map<Identifier, frost::dkg::round2::SecretPackage<Suite>> secrets2;
  std::map<Identifier, std::map<Identifier, frost::dkg::round2::Package<Suite>>> inbox;
  for (auto& [me, secret] : secrets1) {
    auto received = broadcast;
    received.erase(me);
    auto r2 = frost::dkg::part2<Suite>(std::move(secret), received);
    EXPECT_TRUE(r2.has_value()) << r2.error().message();
    for (auto& [to, package] : r2->second) inbox[to].emplace(me, std::move(package));
    secrets2.emplace(me, std::move(r2->first));
  }
  Group g;
  for (auto& [me, secret] : secrets2) {
    auto r3 = frost::dkg::part3<Suite>(secret, inbox[me]);
    EXPECT_TRUE(r3.has_value()) << r3.error().message();
    if (g.keys.empty()) {
      g.public_key_package = r3->second;
    } else {
      EXPECT_EQ(g.public_key_package, r3->second);  // everyone agrees on the public view
    }
    g.keys.emplace(me, std::move(r3->first));
  }
  return g;
}

struct Session {
  std::map<Identifier, SigningNonces> nonces;
  SigningPackage::CommitmentMap commitments;
};

// Round one for `signers`.
inline Session round_one(const Group& g, const std::vector<Identifier>& signers, Rng& rng) {
  Session s;
  for (const auto& i : signers) {
    auto [n, c] = frost::round1::commit<Suite>(g.keys.at(i).signing_share, rng);
    s.nonces.emplace(i, std::move(n));
    s.commitments.emplace(i, c);
  }
  return s;
}

// Full signature by `signers` over `message`; returns the aggregate result.
inline FrostResult<Signature> sign_all(const Group& g, const std::vector<Identifier>& signers,
                                       ByteView message, Rng& rng) {
  auto session = round_one(g, signers, rng);
  SigningPackage package(session.commitments, Bytes(message.begin(), message.end()));
  std::map<Identifier, SignatureShare> shares;
  for (const auto& i : signers) {
    auto share = frost::round2::sign<Suite>(package, std::move(session.nonces.at(i)), g.keys.at(i));
    if (!share) return tl::make_unexpected(share.error());
    shares.emplace(i, *share);
  }
  return frost::aggregate<Suite>(package, shares, g.public_key_package);
}

// libsodium's verdict on a group signature.
bool sodium_verifies(ByteView message, const Signature& signature, const VerifyingKey& key);

}  // namespace custos::frost_test
