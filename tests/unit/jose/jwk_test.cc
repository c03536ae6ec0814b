// JWK parsing, validation, thumbprints (RFC 7638, RFC 8037) and kid conventions.

#include "jose/jwk.h"

#include <gtest/gtest.h>

#include "test_keys.h"

namespace custos::jose {
namespace {

using namespace testing;

ErrorCode parse_error(std::string_view text) {
  auto jwk = Jwk::parse(text);
  EXPECT_FALSE(jwk) << text;
  return jwk ? ErrorCode::kInternal : jwk.error().code();
}

// RFC 8037 Appendix A.3: thumbprint of the Ed25519 public key.
TEST(JoseJwk, Rfc8037Thumbprint) {
  Jwk jwk = parse_jwk(kEd25519PrivateJwk);
  EXPECT_EQ(jwk.kind(), Jwk::Kind::kEd25519);
  EXPECT_TRUE(jwk.has_private());
  EXPECT_EQ(*jwk.thumbprint(), "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k");
  // The public form drops d and keeps the thumbprint.
  Jwk pub = jwk.public_only();
  EXPECT_FALSE(pub.has_private());
  EXPECT_FALSE(pub.to_json().contains("d"));
  EXPECT_EQ(*pub.thumbprint(), *jwk.thumbprint());
  EXPECT_TRUE(jwk.to_json(true).contains("d"));
}

// RFC 7638 §3.1 example RSA key.
TEST(JoseJwk, Rfc7638RsaThumbprint) {
  Jwk jwk = parse_jwk(
      R"({"kty":"RSA","n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw","e":"AQAB","alg":"RS256","kid":"2011-04-29"})");
  EXPECT_EQ(*jwk.thumbprint(), "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs");
  EXPECT_EQ(jwk.kid(), "2011-04-29");
}

// The reference's kid conventions (values computed with Node's crypto as the reference does).
TEST(JoseJwk, ReferenceKids) {
  Jwk k1 = parse_jwk(kEs256kPrivateJwk);
  EXPECT_EQ(crypto::secp256k1::address_hex(*k1.address()),
            "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
  EXPECT_EQ(k1.default_kid(), "0x9d4a3857a59196cff3f7956779206f4c9858b0a85e52d1876b9f7992533732c3");
  EXPECT_EQ(rsa_public_jwk().default_kid(),
            "0x2ae67acccfa206431b0750d12b95b6df48b443d22ecbb66170bacccefc797928");
  // The address form has the same default kid as the full key.
  Jwk addr = Jwk::from_address(*k1.address());
  EXPECT_EQ(addr.kid(), k1.default_kid());
  EXPECT_TRUE(addr.same_public_key(k1));
  EXPECT_TRUE(k1.same_public_key(addr));
}

TEST(JoseJwk, AddressForm) {
  Jwk jwk = parse_jwk(
      R"({"kty":"EC","crv":"secp256k1","alg":"ES256K","kid":"k","addr":"0x2c7536E3605D9C16a7a3D7b1898e529396a65c23"})");
  EXPECT_TRUE(jwk.is_address_only());
  EXPECT_FALSE(jwk.thumbprint());
  EXPECT_TRUE(jwk.fits(Algorithm::kEIP191));
  EXPECT_TRUE(jwk.fits(Algorithm::kES256K));
  EXPECT_FALSE(jwk.fits(Algorithm::kEdDSA));
  auto out = jwk.to_json();
  EXPECT_EQ(out.find("addr")->as_string(), "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23");
  // addr must match x/y when both are given.
  Jwk full = parse_jwk(kEs256kPrivateJwk);
  json::Value wrong = full.to_json();
  wrong.set("addr", "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
  auto r = Jwk::parse(wrong);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kJoseBadJwk);
  json::Value right = full.to_json();
  right.set("addr", "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
  EXPECT_TRUE(Jwk::parse(right));
}

TEST(JoseJwk, RefusesInvalidKeys) {
  // Small-order Ed25519 point (the identity, y = 1).
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","x":"AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})"),
      ErrorCode::kJoseBadJwk);
  // d that does not derive x.
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2B","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"),
      ErrorCode::kJoseBadJwk);
  // Off-curve secp256k1 point (y altered).
  EXPECT_EQ(
      parse_error(
          R"({"kty":"EC","crv":"secp256k1","x":"S8KjEmUVPwfnDgurCHJOa4XiF_jNYozrYpdCR7tJM4I","y":"zijKt5rXEZ7hrT6825ihaAUhFTDsxs_vobiObf-ZIyk"})"),
      ErrorCode::kJoseBadJwk);
  // Short coordinate, padding, wrong alg for the key, unknown kty/crv, use=enc.
  EXPECT_EQ(
      parse_error(
          R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVE","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})"),
      ErrorCode::kJoseBadJwk);
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="})"),
      ErrorCode::kJoseBadJwk);
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","alg":"ES256K","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"),
      ErrorCode::kJoseBadJwk);
  EXPECT_EQ(parse_error(R"({"kty":"oct","k":"AAAA"})"), ErrorCode::kJoseBadJwk);
  EXPECT_EQ(parse_error(R"({"kty":"EC","crv":"P-384","x":"AA","y":"AA"})"), ErrorCode::kJoseBadJwk);
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","use":"enc","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"),
      ErrorCode::kJoseBadJwk);
  EXPECT_EQ(
      parse_error(
          R"({"kty":"OKP","crv":"Ed25519","kid":5,"x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"),
      ErrorCode::kJoseBadJwk);
  EXPECT_EQ(parse_error(R"(["kty"])"), ErrorCode::kJoseBadJwk);
  // Short RSA modulus (512 bits, odd).
  std::string small_n = base64url_encode(Bytes(64, 0xc3));
  EXPECT_EQ(parse_error(R"({"kty":"RSA","e":"AQAB","n":")" + small_n + "\"}"),
            ErrorCode::kJoseBadJwk);
}

TEST(JoseJwk, GenerateAndRoundTrip) {
  DeterministicRng rng(42);
  for (Algorithm alg : {Algorithm::kEdDSA, Algorithm::kES256K, Algorithm::kES256}) {
    auto jwk = Jwk::generate(alg, rng);
    ASSERT_TRUE(jwk);
    EXPECT_TRUE(jwk->has_private());
    EXPECT_FALSE(jwk->kid().empty());
    EXPECT_EQ(jwk->kid(), jwk->default_kid());
    auto again = Jwk::parse(jwk->to_json(true));
    ASSERT_TRUE(again) << again.error().to_string();
    EXPECT_TRUE(again->has_private());
    EXPECT_TRUE(again->same_public_key(*jwk));
    EXPECT_EQ(again->kid(), jwk->kid());
    EXPECT_EQ(*again->thumbprint(), *jwk->thumbprint());
  }
  auto rsa = Jwk::generate(Algorithm::kRS256, rng);
  ASSERT_TRUE(rsa);
  auto rsa_again = Jwk::parse(rsa->to_json(true));
  ASSERT_TRUE(rsa_again) << rsa_again.error().to_string();
  EXPECT_TRUE(rsa_again->has_private());
  EXPECT_TRUE(rsa_again->same_public_key(*rsa));
}

}  // namespace
}  // namespace custos::jose
