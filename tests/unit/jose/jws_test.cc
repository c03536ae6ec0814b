// JWS compact: RFC 7515 Appendix A, RFC 8037 A.4, the shared ES256K vector, EIP-191 and every
// refusal with its stable code.

#include "jose/jws.h"

#include <gtest/gtest.h>

#include "crypto/kdf.h"
#include "jose/jwt.h"
#include "test_keys.h"

namespace custos::jose {
namespace {

using namespace testing;

const std::vector<Algorithm> kAll = {Algorithm::kEdDSA, Algorithm::kES256K, Algorithm::kES256,
                                     Algorithm::kRS256, Algorithm::kEIP191};

VerifyOptions allow_all() { return VerifyOptions{.allowed_algorithms = kAll}; }

ErrorCode verify_error(std::string_view jws, const Jwk& key, const VerifyOptions& options) {
  auto r = verify_compact(jws, key, options);
  EXPECT_FALSE(r) << jws;
  return r ? ErrorCode::kInternal : r.error().code();
}

constexpr const char* kRfc7515Payload =
    "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
    "fQ";

// RFC 8037 A.4: exact signature (Ed25519 is deterministic).
TEST(JoseJws, Rfc8037EdDsa) {
  Jwk key = parse_jwk(kEd25519PrivateJwk);
  auto jws = sign_compact(as_bytes("Example of Ed25519 signing"), key, Algorithm::kEdDSA);
  ASSERT_TRUE(jws);
  EXPECT_EQ(
      *jws,
      "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
      "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg");
  auto verified = verify_compact(*jws, key.public_only(), allow_all());
  ASSERT_TRUE(verified);
  EXPECT_EQ(as_string_view(verified->payload), "Example of Ed25519 signing");
  // The reference's "EDDSA" spelling verifies too (same signature algorithm).
  auto upper = sign_compact(as_bytes("x"), key, Algorithm::kEdDSA, {.alg_name = "EDDSA"});
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->substr(0, 20), "eyJhbGciOiJFRERTQSJ9");
  EXPECT_TRUE(verify_compact(*upper, key, allow_all()));
}

// RFC 7515 A.3 (ES256) and A.2 (RS256): verify-only (ECDSA is randomized; A.2 private key
// components are not needed to verify).
TEST(JoseJws, Rfc7515Es256AndRs256) {
  Jwk p256 = parse_jwk(kP256PublicJwk);
  std::string es256 =
      std::string("eyJhbGciOiJFUzI1NiJ9.") + kRfc7515Payload +
      ".DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";
  auto v = verify_compact(es256, p256, allow_all());
  ASSERT_TRUE(v) << v.error().to_string();
  EXPECT_NE(as_string_view(v->payload).find("\"iss\":\"joe\""), std::string_view::npos);

  Jwk rsa = rsa_public_jwk();
  std::string rs256 = std::string("eyJhbGciOiJSUzI1NiJ9.") + kRfc7515Payload +
                      ".cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-"
                      "0Qc_lF5YKt_O8W2Fp5j"
                      "ujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_"
                      "nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L0"
                      "7Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-"
                      "eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUip"
                      "UTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
  auto r = verify_compact(rs256, rsa, allow_all());
  ASSERT_TRUE(r) << r.error().to_string();
  auto d = decode_compact(rs256);
  Bytes tampered = d->signature;
  tampered[100] ^= 0x01;
  EXPECT_EQ(verify_error(d->signing_input() + "." + base64url_encode(tampered), rsa, allow_all()),
            ErrorCode::kJoseBadSignature);
}

// RFC 7515 A.1 (HS256): the HMAC itself is right, but custos never accepts HS256 — a JWS layer
// that did would let anyone holding a *public* key forge tokens (alg confusion).
TEST(JoseJws, Rfc7515Hs256IsRefused) {
  std::string a1 = std::string("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.") + kRfc7515Payload +
                   ".dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  auto k = base64url_decode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  auto dot = a1.rfind('.');
  auto mac = crypto::hmac_sha256(*k, as_bytes(std::string_view(a1).substr(0, dot)));
  EXPECT_EQ(base64url_encode(mac), "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
  EXPECT_EQ(verify_error(a1, rsa_public_jwk(), allow_all()), ErrorCode::kJoseAlgNotAllowed);

  // The classic attack: HS256 keyed with the verifier's public key bytes.
  Jwk ed = parse_jwk(kEd25519PrivateJwk).public_only();
  std::string input = base64url_encode(as_bytes(R"({"alg":"HS256"})")) + "." +
                      base64url_encode(as_bytes(R"({"sub":"admin"})"));
  auto forged = crypto::hmac_sha256(ed.ed25519()->bytes(), as_bytes(input));
  EXPECT_EQ(verify_error(input + "." + base64url_encode(forged), ed, allow_all()),
            ErrorCode::kJoseAlgNotAllowed);
}

TEST(JoseJws, NoneIsRefused) {
  Jwk ed = parse_jwk(kEd25519PrivateJwk);
  for (const char* header : {R"({"alg":"none"})", R"({"alg":"None"})", R"({"alg":""})"}) {
    std::string jws = base64url_encode(as_bytes(header)) + "." +
                      base64url_encode(as_bytes(R"({"sub":"x"})")) + ".";
    EXPECT_EQ(verify_error(jws, ed, allow_all()), ErrorCode::kJoseAlgNotAllowed) << header;
  }
}

// Shared ES256K vector: RFC 6979 + low-S gives these exact bytes.
TEST(JoseJws, Es256kVector) {
  Jwk key = parse_jwk(kEs256kPrivateJwk);
  auto jws = sign_compact(as_bytes(R"({"sub":"test","iat":1700000000})"), key, Algorithm::kES256K,
                          {.kid = "", .typ = "JWT"});
  ASSERT_TRUE(jws);
  EXPECT_EQ(
      *jws,
      "eyJhbGciOiJFUzI1NksiLCJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ0ZXN0IiwiaWF0IjoxNzAwMDAwMDAwfQ."
      "Aw_c5mx03rXwy76nGPON8pZtoo2aWXu7O3zvxJ8ZuehPAI03Qck67CZSFd2-PYSuzSaIdEqObIAhnZhl9MSvxA");
  EXPECT_TRUE(verify_compact(*jws, key.public_only(), allow_all()));
  // The reference's 65-byte r||s||v form verifies, with the full key and by address (v from
  // the recoverable signature over the same digest: same r, s).
  auto decoded = decode_compact(*jws);
  auto rec = crypto::secp256k1::sign_recoverable(*key.secp256k1_private(),
                                                 crypto::sha256(decoded->signing_input()));
  ASSERT_TRUE(rec);
  ASSERT_EQ(Bytes(rec->begin(), rec->begin() + 64), decoded->signature);
  Bytes sig65 = decoded->signature;
  sig65.push_back(static_cast<std::uint8_t>((*rec)[64] + 27));
  std::string ref = decoded->signing_input() + "." + base64url_encode(sig65);
  EXPECT_TRUE(verify_compact(ref, key.public_only(), allow_all()));
  Jwk addr = Jwk::from_address(*key.address(), "");
  EXPECT_TRUE(verify_compact(ref, addr, allow_all()));
  EXPECT_TRUE(verify_compact(*jws, addr, allow_all()));
  // The wrong v recovers another key: refused by address, ignored (as by the reference) with x/y.
  sig65[64] ^= 1;
  std::string wrong_v = decoded->signing_input() + "." + base64url_encode(sig65);
  EXPECT_EQ(verify_error(wrong_v, addr, allow_all()), ErrorCode::kJoseBadSignature);
  sig65[64] = 5;  // not a recovery id
  EXPECT_EQ(
      verify_error(decoded->signing_input() + "." + base64url_encode(sig65), key, allow_all()),
      ErrorCode::kJoseBadSignature);
}

// EIP-191 over the signing input: v = 27/28, checked by key and by address recovery.
TEST(JoseJws, Eip191) {
  Jwk key = web3_key();
  auto jws = sign_compact(as_bytes(R"({"requestHash":"0x00"})"), key, Algorithm::kEIP191);
  ASSERT_TRUE(jws);
  auto decoded = decode_compact(*jws);
  ASSERT_EQ(decoded->signature.size(), 65u);
  EXPECT_TRUE(decoded->signature[64] == 27 || decoded->signature[64] == 28);
  // Same as personal_sign of the signing input with the raw crypto layer.
  auto digest = eip191_hash(as_bytes(decoded->signing_input()));
  auto raw = crypto::secp256k1::sign_recoverable(*key.secp256k1_private(), digest);
  raw->at(64) += 27;
  EXPECT_EQ(Bytes(raw->begin(), raw->end()), decoded->signature);
  // web3.js 'Some data' vector through eip191_hash.
  EXPECT_EQ(hex_encode(eip191_hash(as_bytes("Some data"))),
            "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");

  EXPECT_TRUE(verify_compact(*jws, key.public_only(), allow_all()));
  Jwk addr = parse_jwk(
      R"({"kty":"EC","crv":"secp256k1","alg":"ES256K","addr":"0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"})");
  EXPECT_TRUE(verify_compact(*jws, addr, allow_all()));
  Jwk other_addr = parse_jwk(
      R"({"kty":"EC","crv":"secp256k1","addr":"0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f"})");
  EXPECT_EQ(verify_error(*jws, other_addr, allow_all()), ErrorCode::kJoseBadSignature);
  // A 64-byte signature is not EIP-191.
  std::string cut =
      decoded->signing_input() + "." + base64url_encode(ByteView(decoded->signature.data(), 64));
  EXPECT_EQ(verify_error(cut, key, allow_all()), ErrorCode::kJoseBadSignature);
}

TEST(JoseJws, TamperingAndKeyChecks) {
  Jwk key = parse_jwk(kEd25519PrivateJwk);
  Jwk named = Jwk::from_ed25519(*key.ed25519(), "key-1");
  auto jws = sign_compact(as_bytes(R"({"sub":"alice"})"), parse_jwk(kEd25519PrivateJwk),
                          Algorithm::kEdDSA, {.kid = "key-1"});
  ASSERT_TRUE(jws);
  EXPECT_TRUE(verify_compact(*jws, named, allow_all()));
  auto d = decode_compact(*jws);
  // Tampered header (same alg, other kid member value), payload, signature.
  std::string h2 = base64url_encode(as_bytes(R"({"alg":"EdDSA","kid":"key-1","x":1})"));
  EXPECT_EQ(verify_error(h2 + "." + d->payload_b64 + "." + base64url_encode(d->signature), named,
                         allow_all()),
            ErrorCode::kJoseBadSignature);
  std::string p2 = base64url_encode(as_bytes(R"({"sub":"mallory"})"));
  EXPECT_EQ(verify_error(d->header_b64 + "." + p2 + "." + base64url_encode(d->signature), named,
                         allow_all()),
            ErrorCode::kJoseBadSignature);
  Bytes s2 = d->signature;
  s2[0] ^= 1;
  EXPECT_EQ(verify_error(d->signing_input() + "." + base64url_encode(s2), named, allow_all()),
            ErrorCode::kJoseBadSignature);
  // Wrong kid: the key says key-2.
  Jwk other_kid = Jwk::from_ed25519(*key.ed25519(), "key-2");
  EXPECT_EQ(verify_error(*jws, other_kid, allow_all()), ErrorCode::kJoseKidMismatch);
  // Right kid, wrong key.
  DeterministicRng rng(5);
  Jwk stranger = Jwk::from_ed25519(crypto::ed25519::PrivateKey::generate(rng), "key-1");
  EXPECT_EQ(verify_error(*jws, stranger, allow_all()), ErrorCode::kJoseBadSignature);
  // Alg not in the allow-list; alg that does not fit the key.
  EXPECT_EQ(verify_error(*jws, named, {.allowed_algorithms = {Algorithm::kES256K}}),
            ErrorCode::kJoseAlgNotAllowed);
  Jwk k1 = parse_jwk(kEs256kPrivateJwk);
  EXPECT_EQ(verify_error(*jws, k1, allow_all()), ErrorCode::kJoseAlgKeyMismatch);
  // A key with "alg":"ES256" cannot verify an ES256K... nor a P-256 key an Ed25519 token.
  EXPECT_EQ(verify_error(*jws, parse_jwk(kP256PublicJwk), allow_all()),
            ErrorCode::kJoseAlgKeyMismatch);
  // Signing also refuses a mismatched algorithm and a public-only key.
  auto bad_sign = sign_compact(as_bytes("x"), key, Algorithm::kES256);
  ASSERT_FALSE(bad_sign);
  EXPECT_EQ(bad_sign.error().code(), ErrorCode::kJoseAlgKeyMismatch);
  EXPECT_FALSE(sign_compact(as_bytes("x"), key.public_only(), Algorithm::kEdDSA));
}

TEST(JoseJws, Malformed) {
  Jwk key = parse_jwk(kEd25519PrivateJwk);
  auto jws = *sign_compact(as_bytes("{}"), key, Algorithm::kEdDSA);
  for (std::string bad :
       {std::string("a.b"), jws + ".x", std::string(".."),
        "eyJhbGciOiJFZERTQSJ9=.e30." + jws.substr(jws.rfind('.') + 1),
        base64url_encode(as_bytes("[1]")) + ".e30.AA",
        base64url_encode(as_bytes(R"({"alg":1})")) + ".e30.AA",
        base64url_encode(as_bytes(R"({"alg":"EdDSA","alg":"ES256K"})")) + ".e30.AA"}) {
    EXPECT_EQ(verify_error(bad, key, allow_all()), ErrorCode::kJoseMalformed) << bad;
  }
}

TEST(JoseJws, Crit) {
  Jwk key = parse_jwk(kEd25519PrivateJwk);
  json::Object crit_ext = {{"crit", json::Value::array({"exp"})}, {"exp", 5}};
  auto jws = sign_compact(as_bytes("{}"), key, Algorithm::kEdDSA, {.extra_header = crit_ext});
  ASSERT_TRUE(jws);
  EXPECT_EQ(verify_error(*jws, key, allow_all()), ErrorCode::kJoseCritUnsupported);
  VerifyOptions understood = allow_all();
  understood.understood_crit = {"exp"};
  EXPECT_TRUE(verify_compact(*jws, key, understood));
  // crit naming an absent member, or a registered one, or empty.
  auto absent = sign_compact(as_bytes("{}"), key, Algorithm::kEdDSA,
                             {.extra_header = {{"crit", json::Value::array({"exp"})}}});
  EXPECT_EQ(verify_error(*absent, key, understood), ErrorCode::kJoseCritUnsupported);
  auto registered = sign_compact(as_bytes("{}"), key, Algorithm::kEdDSA,
                                 {.extra_header = {{"crit", json::Value::array({"kid"})}}});
  EXPECT_EQ(verify_error(*registered, key, understood), ErrorCode::kJoseMalformed);
  // b64:false (RFC 7797) is not supported.
  auto b64 =
      sign_compact(as_bytes("{}"), key, Algorithm::kEdDSA,
                   {.extra_header = {{"b64", false}, {"crit", json::Value::array({"b64"})}}});
  EXPECT_EQ(verify_error(*b64, key, allow_all()), ErrorCode::kJoseCritUnsupported);
}

TEST(JoseJws, AllAlgorithmsRoundTrip) {
  DeterministicRng rng(9);
  for (Algorithm alg : kAll) {
    auto key = Jwk::generate(alg, rng);
    ASSERT_TRUE(key);
    auto jws = sign_compact(as_bytes("payload"), *key, alg);
    ASSERT_TRUE(jws) << algorithm_name(alg);
    EXPECT_TRUE(verify_compact(*jws, key->public_only(), allow_all())) << algorithm_name(alg);
    EXPECT_EQ(verify_error(*jws, key->public_only(), {.allowed_algorithms = {}}),
              ErrorCode::kJoseAlgNotAllowed);
  }
}

}  // namespace
}  // namespace custos::jose
