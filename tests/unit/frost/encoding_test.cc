// Binary encodings: round trips, and rejection of every bad encoding.

#include <gtest/gtest.h>

#include "test_util.h"

namespace custos::frost_test {
namespace {

using frost::ErrorKind;

const char* kL = "edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010";

TEST(FrostEncoding, PublicPackagesRoundTrip) {
  DeterministicRng rng(51);
  auto g = dkg_group(3, 3, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  SigningPackage package(session.commitments, to_bytes("message"));

  auto c = frost::encode<Suite>(session.commitments.at(id(1)));
  EXPECT_EQ(c.size(), 4u + 64u);
  EXPECT_EQ(c[0], 'F');
  EXPECT_EQ(*frost::decode_signing_commitments<Suite>(c), session.commitments.at(id(1)));

  auto p = frost::encode<Suite>(package);
  EXPECT_EQ(*frost::decode_signing_package<Suite>(p), package);

  auto share =
      frost::round2::sign<Suite>(package, std::move(session.nonces.at(id(1))), g.keys.at(id(1)));
  ASSERT_TRUE(share.has_value());
  auto s = frost::encode<Suite>(*share);
  EXPECT_EQ(*frost::decode_signature_share<Suite>(s), *share);

  auto pub = frost::encode<Suite>(g.public_key_package);
  EXPECT_EQ(*frost::decode_public_key_package<Suite>(pub), g.public_key_package);

  auto r1 = frost::dkg::part1<Suite>(id(1), 3, 3, rng);
  auto d1 = frost::encode<Suite>(r1->second);
  EXPECT_EQ(*frost::decode_dkg_round1_package<Suite>(d1), r1->second);

  NoncePool pool(0x0102030405060708ULL);
  auto offers = pool.generate(g.keys.at(id(1)).signing_share, 1, rng);
  auto o = frost::encode<Suite>(offers[0]);
  EXPECT_EQ(o.size(), 4u + 8u + 64u);
  EXPECT_EQ(o[4], 0x01);
  auto ob = frost::decode_nonce_offer<Suite>(o);
  ASSERT_TRUE(ob.has_value());
  EXPECT_EQ(ob->id, offers[0].id);
  EXPECT_EQ(ob->commitments, offers[0].commitments);

  auto f1 = frost::refresh::part1<Suite>(g.keys.at(id(1)), 3, rng);
  auto e1 = frost::encode<Suite>(f1->second);
  EXPECT_EQ(*frost::decode_refresh_round1_package<Suite>(e1), f1->second);
}

TEST(FrostEncoding, SecretPackagesRoundTrip) {
  DeterministicRng rng(52);
  auto g = dealer_group(3, 3, rng);
  const auto& key = g.keys.at(id(2));
  SecretBytes sealed = frost::encode<Suite>(key);
  auto back = frost::decode_key_package<Suite>(sealed.view());
  ASSERT_TRUE(back.has_value()) << back.error().message();
  EXPECT_EQ(back->identifier, key.identifier);
  EXPECT_EQ(back->signing_share.scalar(), key.signing_share.scalar());
  EXPECT_EQ(back->verifying_share, key.verifying_share);
  EXPECT_EQ(back->verifying_key, key.verifying_key);
  EXPECT_EQ(back->min_signers, key.min_signers);

  frost::dkg::round2::Package<Suite> r2{SigningShare(Suite::scalar_from_u64(99))};
  auto r2b = frost::encode<Suite>(r2);
  EXPECT_EQ(frost::decode_dkg_round2_package<Suite>(r2b.view())->signing_share.scalar(),
            Suite::scalar_from_u64(99));
  frost::repair::Delta<Suite> delta{SigningShare(Suite::scalar_from_u64(5))};
  auto db = frost::encode<Suite>(delta);
  EXPECT_EQ(frost::decode_repair_delta<Suite>(db.view())->value.scalar(),
            Suite::scalar_from_u64(5));
  // A delta is not a sigma: the type tag differs.
  EXPECT_FALSE(frost::decode_repair_sigma<Suite>(db.view()).has_value());
}

TEST(FrostEncoding, BadHeadersTruncationAndTrailingBytes) {
  DeterministicRng rng(53);
  auto g = dealer_group(3, 3, rng);
  Bytes good = frost::encode<Suite>(g.public_key_package);
  ASSERT_TRUE(frost::decode_public_key_package<Suite>(good).has_value());
  for (std::size_t i = 0; i < 4; ++i) {
    Bytes bad = good;
    bad[i] ^= 0x01;
    auto r = frost::decode_public_key_package<Suite>(bad);
    ASSERT_FALSE(r.has_value()) << i;
    EXPECT_EQ(r.error().kind(), ErrorKind::kMalformed);
    EXPECT_EQ(r.error().to_error().code(), ErrorCode::kFrostMalformed);
  }
  for (std::size_t n = 0; n < good.size(); ++n) {
    EXPECT_FALSE(frost::decode_public_key_package<Suite>(ByteView(good).first(n)).has_value());
  }
  Bytes longer = good;
  longer.push_back(0);
  EXPECT_FALSE(frost::decode_public_key_package<Suite>(longer).has_value());
  EXPECT_FALSE(frost::decode_public_key_package<Suite>(Bytes{}).has_value());
}

TEST(FrostEncoding, NonCanonicalScalarsAndBadPointsRejected) {
  DeterministicRng rng(54);
  auto g = dealer_group(3, 3, rng);
  auto session = round_one(g, {id(1), id(2), id(3)}, rng);
  SigningPackage package(session.commitments, to_bytes("m"));
  auto share =
      *frost::round2::sign<Suite>(package, std::move(session.nonces.at(id(1))), g.keys.at(id(1)));
  Bytes s = frost::encode<Suite>(share);
  // Scalar = L (non-canonical).
  auto l = *hex_decode(kL);
  std::copy(l.begin(), l.end(), s.begin() + 4);
  EXPECT_FALSE(frost::decode_signature_share<Suite>(s).has_value());

  Bytes c = frost::encode<Suite>(session.commitments.at(id(1)));
  Bytes identity(32, 0);
  identity[0] = 1;
  Bytes with_identity = c;
  std::copy(identity.begin(), identity.end(), with_identity.begin() + 4);
  auto r = frost::decode_signing_commitments<Suite>(with_identity);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("identity"), std::string::npos);
  // y = p + 1: non-canonical encoding.
  Bytes non_canonical = c;
  auto y = *hex_decode("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
  std::copy(y.begin(), y.end(), non_canonical.begin() + 36);
  EXPECT_FALSE(frost::decode_signing_commitments<Suite>(non_canonical).has_value());

  // Zero identifier in a signing package.
  Bytes p = frost::encode<Suite>(package);
  Bytes zero_id = p;
  std::fill(zero_id.begin() + 6, zero_id.begin() + 38, 0);
  EXPECT_FALSE(frost::decode_signing_package<Suite>(zero_id).has_value());
}

TEST(FrostEncoding, ListsMustBeStrictlyAscending) {
  DeterministicRng rng(55);
  auto g = dealer_group(3, 3, rng);
  Bytes pub = frost::encode<Suite>(g.public_key_package);
  // Layout: header(4) min(2) key(32) n(2) then entries of 64 bytes. Swap entries 0 and 1.
  const std::size_t first = 4 + 2 + 32 + 2;
  Bytes swapped = pub;
  std::swap_ranges(swapped.begin() + first, swapped.begin() + first + 64,
                   swapped.begin() + first + 64);
  auto r = frost::decode_public_key_package<Suite>(swapped);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("ascending"), std::string::npos);
  // Duplicate: entry 1 := entry 0.
  Bytes dup = pub;
  std::copy(pub.begin() + first, pub.begin() + first + 64, dup.begin() + first + 64);
  EXPECT_FALSE(frost::decode_public_key_package<Suite>(dup).has_value());
  // min_signers above n, and below 2.
  Bytes big_t = pub;
  big_t[5] = 4;
  EXPECT_FALSE(frost::decode_public_key_package<Suite>(big_t).has_value());
  Bytes small_t = pub;
  small_t[5] = 1;
  EXPECT_FALSE(frost::decode_public_key_package<Suite>(small_t).has_value());
}

TEST(FrostEncoding, KeyPackageMustBeConsistent) {
  DeterministicRng rng(56);
  auto g = dealer_group(3, 3, rng);
  SecretBytes sealed = frost::encode<Suite>(g.keys.at(id(1)));
  Bytes bad(sealed.view().begin(), sealed.view().end());
  // Replace the verifying share (offset 4 + 32 + 32) with participant 2's.
  auto other = Suite::serialize_element(g.keys.at(id(2)).verifying_share.element);
  std::copy(other.begin(), other.end(), bad.begin() + 68);
  auto r = frost::decode_key_package<Suite>(bad);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kMalformed);
  secure_wipe(bad.data(), bad.size());
}

}  // namespace
}  // namespace custos::frost_test
