// Ed25519, X25519, HMAC, HKDF, Argon2id and XChaCha20-Poly1305: RFC vectors and negative cases.

#include <gtest/gtest.h>

#include "crypto/aead.h"
#include "crypto/ed25519.h"
#include "crypto/kdf.h"
#include "crypto/x25519.h"

namespace custos::crypto {
namespace {

Bytes unhex(std::string_view h) {
  auto b = hex_decode(h);
  EXPECT_TRUE(b) << h;
  return b ? *b : Bytes{};
}

// RFC 8032 §7.1 TEST 1 (empty message).
TEST(CryptoEd25519, Rfc8032Test1) {
  auto key = ed25519::PrivateKey::from_seed(
      unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  ASSERT_TRUE(key);
  EXPECT_EQ(hex_encode(key->public_key().bytes()),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  auto sig = ed25519::sign(*key, {});
  EXPECT_EQ(hex_encode(sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_TRUE(ed25519::verify(key->public_key(), {}, sig));
  auto tampered = sig;
  tampered[63] ^= 0x01;
  auto r = ed25519::verify(key->public_key(), {}, tampered);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kCryptoVerifyFailed);
  EXPECT_FALSE(ed25519::verify(key->public_key(), as_bytes("x"), sig));
  EXPECT_FALSE(ed25519::verify(key->public_key(), {}, ByteView(sig.data(), 63)));
}

TEST(CryptoEd25519, RejectsSmallOrderAndNonCanonicalKeys) {
  // Identity point (y = 1): small order.
  Bytes identity(32, 0);
  identity[0] = 1;
  EXPECT_FALSE(ed25519::PublicKey::parse(identity));
  // y = p = 2^255 - 19: non-canonical encoding.
  Bytes non_canonical(32, 0xff);
  non_canonical[0] = 0xed;
  non_canonical[31] = 0x7f;
  EXPECT_FALSE(ed25519::PublicKey::parse(non_canonical));
  EXPECT_FALSE(ed25519::PublicKey::parse(Bytes(31, 1)));
  DeterministicRng rng(1);
  auto key = ed25519::PrivateKey::generate(rng);
  EXPECT_TRUE(ed25519::PublicKey::parse(key.public_key().bytes()));
}

// RFC 7748 §6.1.
TEST(CryptoX25519, Rfc7748) {
  auto alice = x25519::PrivateKey::from_bytes(
      unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  auto bob = x25519::PrivateKey::from_bytes(
      unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  ASSERT_TRUE(alice && bob);
  EXPECT_EQ(hex_encode(alice->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(hex_encode(bob->public_key()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  auto s1 = alice->agree(bob->public_key());
  auto s2 = bob->agree(alice->public_key());
  ASSERT_TRUE(s1 && s2);
  EXPECT_EQ(hex_encode(s1->bytes()),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(hex_encode(s2->bytes()), hex_encode(s1->bytes()));
  // A small-order peer point (zero) yields the all-zero secret: refused.
  x25519::PublicKey zero{};
  auto bad = alice->agree(zero);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kCryptoBadKey);
}

// RFC 4231 test case 1 and RFC 5869 test case 1.
TEST(CryptoKdf, HmacAndHkdfVectors) {
  Bytes key(20, 0x0b);
  EXPECT_EQ(hex_encode(hmac_sha256(key, as_bytes("Hi There"))),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  EXPECT_EQ(hex_encode(hmac_sha512(key, as_bytes("Hi There"))),
            "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
            "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");
  auto tag = hmac_sha256(key, as_bytes("Hi There"));
  EXPECT_TRUE(hmac_sha256_verify(key, as_bytes("Hi There"), tag));
  tag[0] ^= 1;
  EXPECT_FALSE(hmac_sha256_verify(key, as_bytes("Hi There"), tag));

  auto okm = hkdf_sha256(Bytes(22, 0x0b), unhex("000102030405060708090a0b0c"),
                         unhex("f0f1f2f3f4f5f6f7f8f9"), 42);
  ASSERT_TRUE(okm);
  EXPECT_EQ(hex_encode(okm->view()),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  EXPECT_FALSE(hkdf_sha256(key, {}, {}, 0));
  EXPECT_FALSE(hkdf_sha256(key, {}, {}, 255 * 32 + 1));
}

TEST(CryptoKdf, Argon2idDeterministicAndSalted) {
  Argon2idParams cheap{.ops_limit = 1, .mem_limit_bytes = 8 * 1024};
  Bytes salt(16, 1), salt2(16, 2);
  auto a = argon2id(as_bytes("password"), salt, 32, cheap);
  auto b = argon2id(as_bytes("password"), salt, 32, cheap);
  auto c = argon2id(as_bytes("password"), salt2, 32, cheap);
  auto d = argon2id(as_bytes("passwore"), salt, 32, cheap);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_TRUE(a->equals(b->view()));
  EXPECT_FALSE(a->equals(c->view()));
  EXPECT_FALSE(a->equals(d->view()));
  EXPECT_FALSE(argon2id(as_bytes("p"), Bytes(15, 0), 32, cheap));
}

class AeadTest : public ::testing::TestWithParam<aead::Algorithm> {};

TEST_P(AeadTest, RoundTripAndTamper) {
  DeterministicRng rng(3);
  auto key = aead::Key::generate(rng);
  auto sealed = aead::seal_random(GetParam(), key, rng, as_bytes("secret share"), as_bytes("ad"));
  ASSERT_TRUE(sealed);
  auto opened = aead::open_random(GetParam(), key, *sealed, as_bytes("ad"));
  ASSERT_TRUE(opened);
  EXPECT_EQ(as_string_view(opened->view()), "secret share");
  auto wrong_ad = aead::open_random(GetParam(), key, *sealed, as_bytes("ae"));
  ASSERT_FALSE(wrong_ad);
  EXPECT_EQ(wrong_ad.error().code(), ErrorCode::kCryptoDecryptFailed);
  for (std::size_t i = 0; i < sealed->size(); i += 5) {
    Bytes t = *sealed;
    t[i] ^= 0x80;
    EXPECT_FALSE(aead::open_random(GetParam(), key, t, as_bytes("ad"))) << i;
  }
  auto other = aead::Key::generate(rng);
  EXPECT_FALSE(aead::open_random(GetParam(), other, *sealed, as_bytes("ad")));
  EXPECT_FALSE(aead::open_random(GetParam(), key, ByteView(sealed->data(), 10), as_bytes("ad")));
  // Empty plaintext works too.
  auto empty = aead::seal_random(GetParam(), key, rng, {}, {});
  ASSERT_TRUE(empty);
  auto empty_open = aead::open_random(GetParam(), key, *empty, {});
  ASSERT_TRUE(empty_open);
  EXPECT_EQ(empty_open->size(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Both, AeadTest,
                         ::testing::Values(aead::Algorithm::kXChaCha20Poly1305,
                                           aead::Algorithm::kAes256Gcm));

// McGrew & Viega GCM spec test cases 13 and 14 (256-bit zero key, zero IV).
TEST(CryptoAead, AesGcmVectors) {
  auto key = aead::Key::from_bytes(Bytes(32, 0));
  ASSERT_TRUE(key);
  Bytes iv(12, 0);
  auto t13 = aead::seal(aead::Algorithm::kAes256Gcm, *key, iv, {}, {});
  ASSERT_TRUE(t13);
  EXPECT_EQ(hex_encode(*t13), "530f8afbc74536b9a963b4f1c4cb738b");
  auto t14 = aead::seal(aead::Algorithm::kAes256Gcm, *key, iv, Bytes(16, 0), {});
  ASSERT_TRUE(t14);
  EXPECT_EQ(hex_encode(*t14), "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
  EXPECT_FALSE(aead::seal(aead::Algorithm::kAes256Gcm, *key, Bytes(24, 0), {}, {}));
}

}  // namespace
}  // namespace custos::crypto
