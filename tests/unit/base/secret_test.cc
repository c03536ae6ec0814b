#include "base/secret.h"

#include <gtest/gtest.h>

#include <type_traits>

namespace custos {
namespace {

static_assert(!std::is_copy_constructible_v<SecretBytes>);
static_assert(!std::is_copy_assignable_v<SecretBytes>);
static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);

TEST(ConstantTimeEqual, ComparesContentAndLength) {
  Bytes a = {1, 2, 3}, b = {1, 2, 3}, c = {1, 2, 4}, d = {1, 2};
  EXPECT_TRUE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, c));
  EXPECT_FALSE(constant_time_equal(a, d));
  EXPECT_TRUE(constant_time_equal({}, {}));
}

TEST(SecretBytes, HoldsAndComparesBytes) {
  Bytes key = {9, 8, 7, 6};
  SecretBytes secret(key);
  EXPECT_EQ(secret.size(), 4u);
  EXPECT_TRUE(secret.equals(key));
  EXPECT_FALSE(secret.equals(Bytes{9, 8, 7, 5}));
  SecretBytes copy = secret.clone();
  EXPECT_TRUE(copy.equals(key));
}

TEST(SecretBytes, MoveLeavesSourceEmpty) {
  SecretBytes a(Bytes{1, 2, 3});
  SecretBytes b(std::move(a));
  EXPECT_EQ(b.size(), 3u);
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): documented moved-from state
  EXPECT_EQ(a.data(), nullptr);
  SecretBytes c(2);
  c = std::move(b);
  EXPECT_TRUE(c.equals(Bytes{1, 2, 3}));
}

static_assert(!std::is_copy_constructible_v<SecretArray<32>>);
static_assert(std::is_nothrow_move_constructible_v<SecretArray<32>>);

TEST(SecretArray, MoveWipesTheSourceAndCloneCopies) {
  SecretArray<4> a;
  for (std::size_t i = 0; i < a.size(); ++i) a.data()[i] = static_cast<std::uint8_t>(i + 1);
  SecretArray<4> copy = a.clone();
  SecretArray<4> b(std::move(a));
  EXPECT_TRUE(constant_time_equal(b.view(), Bytes{1, 2, 3, 4}));
  EXPECT_TRUE(constant_time_equal(copy.view(), Bytes{1, 2, 3, 4}));
  // The moved-from array is wiped, not merely left behind.
  EXPECT_TRUE(constant_time_equal(a.view(), Bytes{0, 0, 0, 0}));  // NOLINT(bugprone-use-after-move)
  SecretArray<4> c;
  c = std::move(b);
  EXPECT_TRUE(constant_time_equal(c.view(), Bytes{1, 2, 3, 4}));
  EXPECT_TRUE(constant_time_equal(b.view(), Bytes{0, 0, 0, 0}));  // NOLINT(bugprone-use-after-move)
}

TEST(SecureWipe, ZeroesMemory) {
  std::uint8_t buffer[16];
  for (auto& x : buffer) x = 0xAA;
  secure_wipe(buffer, sizeof buffer);
  for (auto x : buffer) EXPECT_EQ(x, 0);
}

}  // namespace
}  // namespace custos
