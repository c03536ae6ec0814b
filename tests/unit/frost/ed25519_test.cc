// The FROST(Ed25519, SHA-512) ciphersuite: strict decoding, hashes, Lagrange coefficients.

#include <gtest/gtest.h>
#include <sodium.h>

#include "test_util.h"

namespace custos::frost_test {

bool sodium_verifies(ByteView message, const Signature& signature, const VerifyingKey& key) {
  auto sig = signature.serialize();
  auto pk = Suite::serialize_element(key.element);
  return crypto_sign_verify_detached(sig.data(), message.data(), message.size(), pk.data()) == 0;
}

namespace {

Bytes unhex(std::string_view h) { return *hex_decode(h); }

// L (little-endian) and L-1.
const char* kL = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";
const char* kLMinus1 = "ecd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

TEST(FrostEd25519, ScalarsMustBeCanonical) {
  EXPECT_TRUE(Suite::deserialize_scalar(unhex(kLMinus1)).has_value());
  EXPECT_FALSE(Suite::deserialize_scalar(unhex(kL)).has_value());
  EXPECT_FALSE(Suite::deserialize_scalar(Bytes(32, 0xff)).has_value());
  EXPECT_FALSE(Suite::deserialize_scalar(Bytes(31, 0)).has_value());
  EXPECT_FALSE(Suite::deserialize_scalar(Bytes(33, 0)).has_value());
  EXPECT_TRUE(Suite::deserialize_scalar(Bytes(32, 0)).has_value());
  // Identifiers are non-zero scalars.
  EXPECT_FALSE(Identifier::deserialize(Bytes(32, 0)).has_value());
  EXPECT_FALSE(Identifier::from_u64(0).has_value());
}

TEST(FrostEd25519, ElementsMustBeCanonicalPrimeOrderAndNotIdentity) {
  // The base point decodes.
  auto one = Suite::scalar_one();
  auto base = Suite::serialize_element(Suite::generator_mult(one));
  EXPECT_TRUE(Suite::deserialize_element(base).has_value());
  // Identity (0, 1).
  Bytes identity(32, 0);
  identity[0] = 1;
  EXPECT_FALSE(Suite::deserialize_element(identity).has_value());
  // A small-order point: (0, -1), order 2.
  EXPECT_FALSE(Suite::deserialize_element(
                   unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))
                   .has_value());
  // Non-canonical y = p + 1 (encodes the identity again).
  EXPECT_FALSE(Suite::deserialize_element(
                   unhex("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))
                   .has_value());
  // y = 2 is not on the curve.
  Bytes off_curve(32, 0);
  off_curve[0] = 2;
  EXPECT_FALSE(Suite::deserialize_element(off_curve).has_value());
  // A mixed-order point: base + a point of order 2 → not in the prime-order subgroup.
  std::array<std::uint8_t, 32> mixed{};
  auto order2 = unhex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  ASSERT_EQ(crypto_core_ed25519_add(mixed.data(), base.data(), order2.data()), 0);
  EXPECT_FALSE(Suite::deserialize_element(mixed).has_value());
  // Wrong lengths.
  EXPECT_FALSE(Suite::deserialize_element(ByteView(base).first(31)).has_value());
}

TEST(FrostEd25519, GroupArithmetic) {
  DeterministicRng rng(1);
  auto a = Suite::scalar_random(rng);
  auto b = Suite::scalar_random(rng);
  EXPECT_EQ(Suite::generator_mult(a + b), Suite::generator_mult(a) + Suite::generator_mult(b));
  EXPECT_EQ(Suite::generator_mult(a * b), Suite::generator_mult(a) * b);
  EXPECT_EQ(Suite::generator_mult(a - b), Suite::generator_mult(a) - Suite::generator_mult(b));
  EXPECT_TRUE(Suite::is_identity(Suite::generator_mult(Suite::scalar_zero())));
  EXPECT_TRUE(Suite::is_identity(Suite::generator_mult(a) * Suite::scalar_zero()));
  EXPECT_TRUE(Suite::is_identity(Suite::identity() * a));
  EXPECT_EQ(*Suite::scalar_invert(a) * a, Suite::scalar_one());
  EXPECT_FALSE(Suite::scalar_invert(Suite::scalar_zero()).has_value());
  EXPECT_EQ(a + (-a), Suite::scalar_zero());
}

TEST(FrostEd25519, H2IsThePlainEd25519Challenge) {
  // H2 has no domain prefix: SHA-512(m) mod L.
  Bytes m = to_bytes("challenge input");
  std::array<std::uint8_t, 64> digest{};
  crypto_hash_sha512(digest.data(), m.data(), m.size());
  std::array<std::uint8_t, 32> reduced{};
  crypto_core_ed25519_scalar_reduce(reduced.data(), digest.data());
  EXPECT_EQ(Suite::serialize_scalar(Suite::H2(m)), reduced);
  // H1 is domain separated.
  EXPECT_NE(Suite::serialize_scalar(Suite::H1(m)), reduced);
}

TEST(FrostEd25519, LagrangeCoefficientsFor3Of3) {
  std::vector<Identifier> ids{id(1), id(2), id(3)};
  auto l1 = frost::derive_interpolating_value<Suite>(ids, id(1));
  auto l2 = frost::derive_interpolating_value<Suite>(ids, id(2));
  auto l3 = frost::derive_interpolating_value<Suite>(ids, id(3));
  ASSERT_TRUE(l1 && l2 && l3);
  EXPECT_EQ(*l1, Suite::scalar_from_u64(3));
  EXPECT_EQ(*l2, -Suite::scalar_from_u64(3));
  EXPECT_EQ(hex_encode(Suite::serialize_scalar(*l2)),
            "ead3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");  // L − 3
  EXPECT_EQ(*l3, Suite::scalar_one());
  // Errors: not in the list, duplicates.
  EXPECT_EQ(frost::derive_interpolating_value<Suite>(ids, id(4)).error().kind(),
            frost::ErrorKind::kInvalidParameters);
  std::vector<Identifier> dup{id(1), id(1), id(2)};
  EXPECT_FALSE(frost::derive_interpolating_value<Suite>(dup, id(2)).has_value());
}

TEST(FrostEd25519, IdentifiersOrderAsIntegers) {
  EXPECT_TRUE(id(2) < id(256));  // little-endian bytes would order 256 (0x00 0x01) first
  EXPECT_TRUE(id(255) < id(256));
  EXPECT_FALSE(id(257) < id(129));
  EXPECT_EQ(id(257).to_string(), "257");
  auto derived = Identifier::derive(as_bytes("alice"));
  ASSERT_TRUE(derived.has_value());
  EXPECT_EQ(derived->to_string().substr(0, 2), "0x");
}

TEST(FrostEd25519, ErrorsMapToStableCodes) {
  FrostError e(frost::ErrorKind::kInvalidSignatureShare, "signature share is invalid", id(2));
  auto err = e.to_error();
  EXPECT_EQ(err.code(), ErrorCode::kFrostInvalidSignatureShare);
  EXPECT_EQ(err.code_name(), "frost_invalid_signature_share");
  EXPECT_EQ(err.message(), "signature share is invalid (participant 2)");
  EXPECT_EQ(frost::error_code(frost::ErrorKind::kNonceReused), ErrorCode::kFrostNonceReused);
  EXPECT_EQ(frost::error_code(frost::ErrorKind::kMissingCommitment), ErrorCode::kFrostCommitments);
  EXPECT_EQ(frost::error_code(frost::ErrorKind::kInvalidProofOfKnowledge),
            ErrorCode::kFrostInvalidProofOfKnowledge);
  EXPECT_EQ(frost::error_code(frost::ErrorKind::kInvalidSecretShare),
            ErrorCode::kFrostInvalidSecretShare);
  EXPECT_EQ(frost::error_code(frost::ErrorKind::kMalformed), ErrorCode::kFrostMalformed);
}

}  // namespace
}  // namespace custos::frost_test
