#include <gtest/gtest.h>

#include <cstring>
#include <set>

#include "base/clock.h"
#include "base/rng.h"

namespace custos {
namespace {

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1'700'000'000'000'000'000);
  EXPECT_EQ(clock.unix_seconds(), 1'700'000'000);
  clock.advance(std::chrono::seconds(5));
  EXPECT_EQ(clock.unix_seconds(), 1'700'000'005);
  clock.set_unix_seconds(42);
  EXPECT_EQ(clock.unix_nanos(), 42'000'000'000);
}

TEST(SystemClock, IsAfter2020) { EXPECT_GT(SystemClock::instance().unix_seconds(), 1'577'836'800); }

TEST(DeterministicRng, SameSeedSameStreamRegardlessOfChunking) {
  DeterministicRng a(7), b(7), c(8);
  std::uint8_t one[100], two[100], other[100];
  a.fill(one);
  // The same stream drawn in uneven pieces.
  b.fill({two, 3});
  b.fill({two + 3, 61});
  b.fill({two + 64, 36});
  c.fill(other);
  EXPECT_EQ(0, std::memcmp(one, two, sizeof one));
  EXPECT_NE(0, std::memcmp(one, other, sizeof one));
}

TEST(OsRng, ProducesDistinctOutputs) {
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 64; ++i) {
    std::uint64_t x = 0;
    OsRng::instance().fill({reinterpret_cast<std::uint8_t*>(&x), sizeof x});
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 64u);
}

TEST(Rng, UniformStaysInBound) {
  DeterministicRng rng(1);
  std::set<std::uint64_t> seen;
  for (int i = 0; i < 1000; ++i) {
    auto x = rng.uniform(6);
    ASSERT_LT(x, 6u);
    seen.insert(x);
  }
  EXPECT_EQ(seen.size(), 6u);
  EXPECT_EQ(rng.uniform(1), 0u);
}

}  // namespace
}  // namespace custos
