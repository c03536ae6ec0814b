// jose::jwa: RFC 7515 Appendix A and RFC 8037 Appendix A vectors, key parsing, refusals.

#include "jose/jwa.h"

#include <gtest/gtest.h>

#include <string>

#include "base/bytes.h"
#include "json/parse.h"
#include "keys.h"

namespace custos::jose::jwa {
namespace {

Key jwk(const char* text) {
  auto doc = json::parse(text);
  EXPECT_TRUE(doc.has_value());
  auto key = Key::from_jwk(*doc);
  EXPECT_TRUE(key.has_value()) << (key ? "" : key.error().message());
  return *key;
}

Bytes b64(std::string_view text) {
  auto bytes = base64url_decode(text);
  EXPECT_TRUE(bytes.has_value());
  return *bytes;
}

TEST(Jwa, AlgorithmNamesRoundTrip) {
  for (const char* name : {"HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384",
                           "PS512", "ES256", "ES384", "ES512", "EdDSA"}) {
    auto alg = parse_alg(name);
    ASSERT_TRUE(alg.has_value()) << name;
    EXPECT_EQ(alg_name(*alg), name);
  }
  EXPECT_FALSE(parse_alg("none"));
  EXPECT_FALSE(parse_alg("hs256"));
  EXPECT_FALSE(parse_alg("ES256K"));
}

// RFC 8037 Appendix A.4: Ed25519 signatures are deterministic.
TEST(Jwa, Rfc8037Ed25519SignatureMatches) {
  Key key = jwk(testkeys::kRfc8037PrivateJwk);
  auto sig = sign(Alg::kEdDSA, key, as_bytes(testkeys::kRfc8037SigningInput));
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(base64url_encode(*sig), testkeys::kRfc8037Signature);
  Key pub = jwk(testkeys::kRfc8037PublicJwk);
  EXPECT_TRUE(verify(Alg::kEdDSA, pub, as_bytes(testkeys::kRfc8037SigningInput), *sig));
  Bytes bad = *sig;
  bad[5] ^= 1;
  EXPECT_FALSE(verify(Alg::kEdDSA, pub, as_bytes(testkeys::kRfc8037SigningInput), bad));
}

// RFC 7515 Appendix A.2: RSASSA-PKCS1-v1_5 SHA-256 is deterministic.
TEST(Jwa, Rfc7515Rs256SignatureMatches) {
  Key key = jwk(testkeys::kRfc7515RsaPrivateJwk);
  std::string input = std::string("eyJhbGciOiJSUzI1NiJ9.") + testkeys::kRfc7515PayloadB64;
  auto sig = sign(Alg::kRS256, key, as_bytes(input));
  ASSERT_TRUE(sig.has_value());
  EXPECT_EQ(base64url_encode(*sig), testkeys::kRfc7515RsaSignature);
  Key pub = jwk(testkeys::kRfc7515RsaPublicJwk);
  EXPECT_TRUE(verify(Alg::kRS256, pub, as_bytes(input), *sig));
  EXPECT_FALSE(verify(Alg::kRS384, pub, as_bytes(input), *sig));
  EXPECT_FALSE(verify(Alg::kPS256, pub, as_bytes(input), *sig));
}

// RFC 7515 Appendix A.3: ECDSA P-256 (randomized, verify only; r || s, not DER).
TEST(Jwa, Rfc7515Es256Verifies) {
  std::string token = testkeys::kRfc7515EcToken;
  auto dot = token.rfind('.');
  Key pub = jwk(testkeys::kRfc7515EcPublicJwk);
  Bytes sig = b64(token.substr(dot + 1));
  ASSERT_EQ(sig.size(), 64u);
  EXPECT_TRUE(verify(Alg::kES256, pub, as_bytes(token.substr(0, dot)), sig));
  EXPECT_FALSE(verify(Alg::kES256, pub, as_bytes(token.substr(0, dot - 1)), sig));
  // Wrong length (a DER signature or a truncated one) is refused.
  EXPECT_FALSE(verify(Alg::kES256, pub, as_bytes(token.substr(0, dot)), ByteView(sig).first(63)));
  // The curve must match the algorithm.
  EXPECT_EQ(verify(Alg::kES384, pub, as_bytes(token.substr(0, dot)), sig).error().code(),
            ErrorCode::kJoseAlgKeyMismatch);
}

TEST(Jwa, SignVerifyRoundTripsEveryFamily) {
  struct Case {
    const char* jwk;
    Alg alg;
    std::size_t sig_size;  // 0: any
  };
  const Case cases[] = {
      {testkeys::kRfc7515HmacJwk, Alg::kHS256, 32},
      {testkeys::kRfc7515HmacJwk, Alg::kHS384, 48},
      {testkeys::kRfc7515HmacJwk, Alg::kHS512, 64},
      {testkeys::kRfc7515RsaPrivateJwk, Alg::kRS384, 256},
      {testkeys::kRfc7515RsaPrivateJwk, Alg::kRS512, 256},
      {testkeys::kRfc7515RsaPrivateJwk, Alg::kPS256, 256},
      {testkeys::kRfc7515RsaPrivateJwk, Alg::kPS384, 256},
      {testkeys::kRfc7515RsaPrivateJwk, Alg::kPS512, 256},
      {testkeys::kRfc7515EcPrivateJwk, Alg::kES256, 64},
      {testkeys::kP384PrivateJwk, Alg::kES384, 96},
      {testkeys::kP521PrivateJwk, Alg::kES512, 132},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(alg_name(c.alg)));
    Key key = jwk(c.jwk);
    ASSERT_TRUE(key.fits(c.alg));
    auto sig = sign(c.alg, key, as_bytes("header.payload"));
    ASSERT_TRUE(sig.has_value()) << sig.error().message();
    EXPECT_EQ(sig->size(), c.sig_size);
    EXPECT_TRUE(verify(c.alg, key, as_bytes("header.payload"), *sig));
    EXPECT_FALSE(verify(c.alg, key, as_bytes("header.payloaD"), *sig));
  }
}

TEST(Jwa, PemPublicKeysVerify) {
  Key priv = jwk(testkeys::kP384PrivateJwk);
  auto sig = sign(Alg::kES384, priv, as_bytes("x.y"));
  ASSERT_TRUE(sig.has_value());
  auto pem = Key::from_pem(testkeys::kP384PublicPem);
  ASSERT_TRUE(pem.has_value()) << pem.error().message();
  EXPECT_EQ(pem->type(), Key::Type::kEc);
  EXPECT_TRUE(verify(Alg::kES384, *pem, as_bytes("x.y"), *sig));
  EXPECT_FALSE(pem->fits(Alg::kES512));
  auto p521 = Key::from_pem(testkeys::kP521PublicPem);
  ASSERT_TRUE(p521.has_value());
  EXPECT_TRUE(p521->fits(Alg::kES512));
}

TEST(Jwa, PemRefusalsUseOpaWording) {
  EXPECT_EQ(Key::from_pem("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----")
                .error()
                .message(),
            "failed to parse a PEM certificate");
  EXPECT_EQ(
      Key::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----").error().message(),
      "failed to parse a PEM public key");
  EXPECT_EQ(Key::from_pem("-----BEGIN FOO-----\nAAAA\n-----END FOO-----").error().message(),
            "failed to extract a Key from the PEM certificate");
  std::string extra = std::string(testkeys::kP384PublicPem) + "trailing";
  EXPECT_EQ(Key::from_pem(extra).error().message(), "extra data after a PEM certificate block");
}

TEST(Jwa, JwkRefusals) {
  auto parse = [](const char* text) { return Key::from_jwk(*json::parse(text)); };
  // Point not on the curve (y changed).
  EXPECT_FALSE(parse(
      R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1"})"));
  // Private scalar that does not match the public point.
  EXPECT_FALSE(parse(
      R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0","d":"jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LA"})"));
  EXPECT_FALSE(parse(R"({"kty":"EC","crv":"secp256k1","x":"AA","y":"AA"})"));
  EXPECT_FALSE(parse(
      R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2B"})"));
  EXPECT_FALSE(parse(R"({"kty":"RSA","n":"AQAB"})"));
  EXPECT_FALSE(parse(R"({"kty":"oct"})"));
  EXPECT_FALSE(parse(R"({"kty":"none"})"));
  EXPECT_FALSE(parse(R"([])"));
}

TEST(Jwa, SigningNeedsAPrivateFittingKey) {
  Key pub = jwk(testkeys::kRfc7515RsaPublicJwk);
  EXPECT_EQ(sign(Alg::kRS256, pub, as_bytes("a.b")).error().code(), ErrorCode::kJoseBadJwk);
  Key ec = jwk(testkeys::kRfc7515EcPrivateJwk);
  EXPECT_EQ(sign(Alg::kRS256, ec, as_bytes("a.b")).error().code(), ErrorCode::kJoseAlgKeyMismatch);
  Key secret = Key::from_secret(as_bytes("s"));
  EXPECT_FALSE(secret.fits(Alg::kRS256));
  EXPECT_FALSE(verify(Alg::kRS256, secret, as_bytes("a.b"), as_bytes("sig")));
}

TEST(Jwa, VerificationKeySets) {
  std::string set =
      std::string(R"({"keys":[{"kty":"oct","alg":"A128KW","k":"AAAA"},)") +
      R"({"kty":"EC","kid":"k1","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]})";
  auto keys = parse_verification_keys(set);
  ASSERT_TRUE(keys.has_value()) << keys.error().message();
  ASSERT_EQ(keys->size(), 1u);  // the A128KW key is skipped, as OPA does
  EXPECT_EQ((*keys)[0].kid(), "k1");
  auto bad = parse_verification_keys("{not json");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().message().rfind("failed to parse a JWK key (set): ", 0), 0u);
  EXPECT_EQ(parse_signing_jwk(R"({"keys":[]})").error().message(), "no keys found in JWK set");
}

}  // namespace
}  // namespace custos::jose::jwa
