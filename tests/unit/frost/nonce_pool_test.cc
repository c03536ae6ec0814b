// NoncePool: preprocessing, single use, thread safety, one-round signing.

#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "test_util.h"

namespace custos::frost_test {
namespace {

TEST(FrostNoncePool, OneRoundSigningWithPublishedCommitments) {
  DeterministicRng rng(41);
  auto g = dkg_group(3, 3, rng);
  std::map<Identifier, std::unique_ptr<NoncePool>> pools;
  std::map<Identifier, std::vector<NoncePool::Offer>> offers;
  for (const auto& [i, key] : g.keys) {
    pools.emplace(i, std::make_unique<NoncePool>());
    offers.emplace(i, pools.at(i)->generate(key.signing_share, 4, rng));
    EXPECT_EQ(pools.at(i)->available(), 4u);
  }
  // The coordinator picks one offer per node for each request; nodes sign in one round.
  for (std::size_t request = 0; request < 4; ++request) {
    SigningPackage::CommitmentMap commitments;
    for (const auto& [i, list] : offers) commitments.emplace(i, list[request].commitments);
    Bytes message = to_bytes("request " + std::to_string(request));
    SigningPackage package(commitments, message);
    std::map<Identifier, SignatureShare> shares;
    for (const auto& [i, key] : g.keys) {
      auto share = pools.at(i)->sign(offers.at(i)[request].id, package, key);
      ASSERT_TRUE(share.has_value()) << share.error().message();
      shares.emplace(i, *share);
    }
    auto sig = frost::aggregate<Suite>(package, shares, g.public_key_package);
    ASSERT_TRUE(sig.has_value());
    EXPECT_TRUE(sodium_verifies(message, *sig, g.public_key_package.verifying_key));
  }
  for (const auto& [i, pool] : pools) EXPECT_EQ(pool->available(), 0u);
}

TEST(FrostNoncePool, SecondUseIsAnError) {
  DeterministicRng rng(42);
  auto g = dealer_group(3, 3, rng);
  NoncePool pool;
  auto offers = pool.generate(g.keys.at(id(1)).signing_share, 2, rng);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_NE(offers[0].id, offers[1].id);
  auto first = pool.take(offers[0].id);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->commitments(), offers[0].commitments);
  auto second = pool.take(offers[0].id);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().kind(), frost::ErrorKind::kNonceReused);
  EXPECT_EQ(second.error().to_error().code(), ErrorCode::kFrostNonceReused);
  auto never = pool.take(offers[1].id + 100);
  ASSERT_FALSE(never.has_value());
  EXPECT_EQ(never.error().kind(), frost::ErrorKind::kInvalidParameters);
  // A sign through the pool with an already-used id fails the same way.
  SigningPackage package({{id(1), offers[0].commitments}}, to_bytes("m"));
  auto share = pool.sign(offers[0].id, package, g.keys.at(id(1)));
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().kind(), frost::ErrorKind::kNonceReused);
  // clear() drops the rest; their ids count as used.
  pool.clear();
  EXPECT_EQ(pool.available(), 0u);
  EXPECT_EQ(pool.take(offers[1].id).error().kind(), frost::ErrorKind::kNonceReused);
}

TEST(FrostNoncePool, FailedSignConsumesTheNonce) {
  DeterministicRng rng(43);
  auto g = dealer_group(3, 3, rng);
  NoncePool pool;
  auto offers = pool.generate(g.keys.at(id(1)).signing_share, 2, rng);
  // The package carries offer 1's commitment under offer 0's id: refused, and offer 0 is gone.
  SigningPackage package({{id(1), offers[1].commitments},
                          {id(2), offers[1].commitments},
                          {id(3), offers[1].commitments}},
                         to_bytes("m"));
  auto share = pool.sign(offers[0].id, package, g.keys.at(id(1)));
  ASSERT_FALSE(share.has_value());
  EXPECT_EQ(share.error().kind(), frost::ErrorKind::kIncorrectCommitment);
  EXPECT_EQ(pool.take(offers[0].id).error().kind(), frost::ErrorKind::kNonceReused);
}

TEST(FrostNoncePool, ConcurrentTakesHandOutEachNonceOnce) {
  DeterministicRng rng(44);
  auto g = dealer_group(3, 3, rng);
  NoncePool pool;
  auto offers = pool.generate(g.keys.at(id(1)).signing_share, 64, rng);
  std::atomic<int> successes{0};
  std::atomic<int> reuses{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (const auto& offer : offers) {
        auto nonces = pool.take(offer.id);
        if (nonces) {
          ++successes;
        } else if (nonces.error().kind() == frost::ErrorKind::kNonceReused) {
          ++reuses;
        }
      }
    });
  }
  // Generation concurrently with taking, from another thread with its own rng.
  threads.emplace_back([&] {
    DeterministicRng local(45);
    pool.generate(g.keys.at(id(1)).signing_share, 16, local);
  });
  for (auto& t : threads) t.join();
  EXPECT_EQ(successes.load(), 64);
  EXPECT_EQ(reuses.load(), 3 * 64);
  EXPECT_EQ(pool.available(), 16u);
}

}  // namespace
}  // namespace custos::frost_test
