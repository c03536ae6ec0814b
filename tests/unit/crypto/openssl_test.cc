// P-256 / P-384 ECDSA and RSA through OpenSSL.

#include <gtest/gtest.h>

#include "crypto/ecdsa.h"
#include "crypto/rsa.h"

namespace custos::crypto {
namespace {

Bytes b64u(std::string_view s) {
  auto b = base64url_decode(s);
  EXPECT_TRUE(b) << s;
  return b ? *b : Bytes{};
}

// RFC 7515 Appendix A.3: the signature verifies under the JWK x / y. (Its printed "d" does not
// derive that x / y: d·G computed by OpenSSL, also through Node's ECDH, is a different point,
// so the example is verify-only here.)
TEST(CryptoEcdsa, P256Rfc7515VerifyOnly) {
  auto pub = ecdsa::P256PublicKey::from_xy(b64u("f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU"),
                                           b64u("x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"));
  ASSERT_TRUE(pub);
  auto key = ecdsa::P256PrivateKey::from_bytes(b64u("jpsQnnGQmL-YBIffH1136cLyG2u3rkLr-RzfDc2oSSE"));
  ASSERT_TRUE(key);
  EXPECT_NE(key->public_key(), *pub);
  // RFC 7515 A.3.1 signature over the example signing input verifies.
  std::string input =
      "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxl"
      "LmNvbS9pc19yb290Ijp0cnVlfQ";
  Bytes sig = b64u(
      "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
  EXPECT_TRUE(ecdsa::verify(*pub, as_bytes(input), sig));
  sig[5] ^= 1;
  auto r = ecdsa::verify(*pub, as_bytes(input), sig);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kCryptoVerifyFailed);
}

template <ecdsa::Curve C>
void round_trip(std::uint64_t seed) {
  DeterministicRng rng(seed);
  auto key = ecdsa::PrivateKey<C>::generate(rng);
  auto sig = ecdsa::sign(key, as_bytes("hello"));
  ASSERT_TRUE(sig);
  EXPECT_TRUE(ecdsa::verify(key.public_key(), as_bytes("hello"), *sig));
  EXPECT_FALSE(ecdsa::verify(key.public_key(), as_bytes("hellp"), *sig));
  EXPECT_FALSE(ecdsa::verify(key.public_key(), as_bytes("hello"), ByteView(sig->data(), 10)));
  // Zero r and s are refused.
  ecdsa::Signature<C> zero{};
  EXPECT_FALSE(ecdsa::verify(key.public_key(), as_bytes("hello"), zero));
  // DER round trip.
  auto der = ecdsa::raw_to_der(*sig);
  ASSERT_TRUE(der);
  auto raw = ecdsa::der_to_raw(*der, ecdsa::field_size(C));
  ASSERT_TRUE(raw);
  EXPECT_EQ(*raw, Bytes(sig->begin(), sig->end()));
  // Public key parse: uncompressed and compressed agree; off-curve refused.
  auto u = key.public_key().uncompressed();
  auto parsed = ecdsa::PublicKey<C>::parse(u);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, key.public_key());
  Bytes compressed(u.begin(), u.begin() + 1 + ecdsa::field_size(C));
  compressed[0] = (u.back() & 1) ? 0x03 : 0x02;
  auto pc = ecdsa::PublicKey<C>::parse(compressed);
  ASSERT_TRUE(pc);
  EXPECT_EQ(*pc, key.public_key());
  u.back() ^= 1;
  EXPECT_FALSE(ecdsa::PublicKey<C>::parse(u));
}

TEST(CryptoEcdsa, P256RoundTrip) { round_trip<ecdsa::Curve::kP256>(11); }
TEST(CryptoEcdsa, P384RoundTrip) { round_trip<ecdsa::Curve::kP384>(12); }

TEST(CryptoEcdsa, BadScalarsRefused) {
  EXPECT_FALSE(ecdsa::P256PrivateKey::from_bytes(Bytes(32, 0)));
  EXPECT_FALSE(ecdsa::P256PrivateKey::from_bytes(Bytes(32, 0xff)));  // >= n
  EXPECT_FALSE(ecdsa::P256PrivateKey::from_bytes(Bytes(31, 1)));
}

TEST(CryptoRsa, GenerateSignVerifyAndReimport) {
  auto key = rsa::PrivateKey::generate(2048);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->public_key().modulus_bits(), 2048u);
  auto sig = rsa::sign_pkcs1_sha256(*key, as_bytes("payload"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->size(), 256u);
  EXPECT_TRUE(rsa::verify_pkcs1_sha256(key->public_key(), as_bytes("payload"), *sig));
  EXPECT_FALSE(rsa::verify_pkcs1_sha256(key->public_key(), as_bytes("payloaD"), *sig));
  Bytes truncated(sig->begin(), sig->end() - 1);
  EXPECT_FALSE(rsa::verify_pkcs1_sha256(key->public_key(), as_bytes("payload"), truncated));

  auto parts = key->components();
  ASSERT_TRUE(parts);
  auto again =
      rsa::PrivateKey::from_components(key->public_key().n(), key->public_key().e(), *parts);
  ASSERT_TRUE(again);
  auto sig2 = rsa::sign_pkcs1_sha256(*again, as_bytes("payload"));
  ASSERT_TRUE(sig2);
  EXPECT_EQ(*sig2, *sig);  // PKCS #1 v1.5 is deterministic
  // A short modulus is refused.
  auto small = rsa::PublicKey::from_components(Bytes(128, 0xff), Bytes{1, 0, 1});
  ASSERT_FALSE(small);
  EXPECT_EQ(small.error().code(), ErrorCode::kCryptoBadKey);
}

}  // namespace
}  // namespace custos::crypto
