// Detached JWS for HTTP requests.

#include "jose/jwsd.h"

#include <gtest/gtest.h>

#include "jose/hash.h"
#include "test_keys.h"

namespace custos::jose {
namespace {

using namespace testing;
using std::chrono::seconds;

constexpr std::int64_t kNow = 1'700'000'000;

class JoseJwsd : public ::testing::Test {
 protected:
  JoseJwsd() : key_(web3_key()) {
    clock_.set_unix_seconds(kNow);
    request_.htm = "POST";
    request_.uri = "https://vault.example/sign";
    request_.body = parse_json(R"({"request":{"action":"signMessage","message":"hi"}})");
    request_.access_token = "eyJ.token.value";
  }
  std::string sign(Algorithm alg = Algorithm::kEIP191, std::int64_t created = kNow) {
    auto jwsd = sign_jwsd(key_, alg, request_, {.created = created, .clock = &clock_});
    EXPECT_TRUE(jwsd);
    return *jwsd;
  }
  JwsdVerifyOptions options() {
    return {.allowed_algorithms = {Algorithm::kEIP191, Algorithm::kES256K},
            .clock = &clock_,
            .max_age = seconds(60),
            .skew = seconds(5)};
  }
  ErrorCode error_of(std::string_view jwsd, const JwsdRequest& request) {
    auto r = verify_jwsd(jwsd, key_.public_only(), request, options());
    EXPECT_FALSE(r);
    return r ? ErrorCode::kInternal : r.error().code();
  }

  ManualClock clock_;
  Jwk key_;
  JwsdRequest request_;
};

TEST_F(JoseJwsd, Format) {
  std::string jwsd = sign();
  auto first = jwsd.find('.');
  EXPECT_EQ(jwsd.substr(first, 2), "..");  // detached payload
  auto decoded = decode_compact(jwsd, *jwsd_payload(request_.body));
  ASSERT_TRUE(decoded);
  const auto& h = decoded->header;
  EXPECT_EQ(h.find("alg")->as_string(), "EIP191");
  EXPECT_EQ(h.find("kid")->as_string(), key_.kid());
  EXPECT_EQ(h.find("typ")->as_string(), "gnap-binding-jwsd");
  EXPECT_EQ(h.find("htm")->as_string(), "POST");
  EXPECT_EQ(h.find("uri")->as_string(), "https://vault.example/sign");
  EXPECT_EQ(h.find("created")->as_number().to_int64(), kNow);
  // ath = base64url(sha256("\"" + token + "\"")), i.e. the canonical hash of the token string.
  auto token_hash = canonical_sha256(json::Value("eyJ.token.value"));
  EXPECT_EQ(h.find("ath")->as_string(), base64url_encode(*token_hash));
  // payload = base64url(sha256(canonical body)).
  EXPECT_EQ(decoded->payload_b64, base64url_encode(*canonical_sha256(*request_.body)));
}

TEST_F(JoseJwsd, VerifiesAndRefuses) {
  std::string jwsd = sign();
  auto ok = verify_jwsd(jwsd, key_.public_only(), request_, options());
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(ok->created, kNow);
  // Address-only client key.
  EXPECT_TRUE(verify_jwsd(jwsd, Jwk::from_address(*key_.address()), request_, options()));

  JwsdRequest r = request_;
  r.htm = "PUT";
  EXPECT_EQ(error_of(jwsd, r), ErrorCode::kJwsdMethod);
  r = request_;
  r.uri = "https://vault.example/sign?x=1";
  EXPECT_EQ(error_of(jwsd, r), ErrorCode::kJwsdUri);
  r = request_;
  r.body = parse_json(R"({"request":{"action":"signMessage","message":"ho"}})");
  EXPECT_EQ(error_of(jwsd, r), ErrorCode::kJoseBadSignature);
  r = request_;
  r.access_token = "another.token";
  EXPECT_EQ(error_of(jwsd, r), ErrorCode::kJwsdTokenBinding);

  // Freshness: too old, too far in the future; milliseconds accepted.
  EXPECT_EQ(error_of(sign(Algorithm::kEIP191, kNow - 61), request_), ErrorCode::kJwsdStale);
  EXPECT_EQ(error_of(sign(Algorithm::kEIP191, kNow + 6), request_), ErrorCode::kJwsdStale);
  EXPECT_TRUE(verify_jwsd(sign(Algorithm::kEIP191, (kNow - 3) * 1000), key_, request_, options()));

  // Not in the allow-list; wrong kid.
  auto opts = options();
  opts.allowed_algorithms = {Algorithm::kEdDSA};
  auto r2 = verify_jwsd(jwsd, key_, request_, opts);
  ASSERT_FALSE(r2);
  EXPECT_EQ(r2.error().code(), ErrorCode::kJoseAlgNotAllowed);
  Jwk renamed = Jwk::from_secp256k1(*key_.secp256k1(), "other-kid");
  auto r3 = verify_jwsd(jwsd, renamed, request_, options());
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code(), ErrorCode::kJoseKidMismatch);
  // An attached payload where the detached form is expected is malformed.
  auto full = sign_compact(as_bytes("x"), key_, Algorithm::kEIP191);
  EXPECT_EQ(error_of(*full, request_), ErrorCode::kJoseMalformed);
}

TEST_F(JoseJwsd, TokenlessAndBodiless) {
  JwsdRequest get{
      .htm = "GET", .uri = "https://vault.example/wallets", .body = {}, .access_token = {}};
  auto jwsd = sign_jwsd(key_, Algorithm::kES256K, get, {.clock = &clock_});
  ASSERT_TRUE(jwsd);
  EXPECT_TRUE(verify_jwsd(*jwsd, key_, get, options()));
  // No body hashes like {}.
  EXPECT_EQ(*jwsd_payload(std::nullopt), *jwsd_payload(json::Value::object()));
  // A token presented later must be bound: this JWSD has no ath.
  get.access_token = "t";
  EXPECT_EQ(error_of(*jwsd, get), ErrorCode::kJwsdTokenBinding);
}

TEST_F(JoseJwsd, ReplayStore) {
  InMemoryReplayStore store;
  auto opts = options();
  opts.replay_store = &store;
  std::string jwsd = sign();
  EXPECT_TRUE(verify_jwsd(jwsd, key_, request_, opts));
  auto again = verify_jwsd(jwsd, key_, request_, opts);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kJwsdReplay);
  // A new signature (other created) is a new request.
  EXPECT_TRUE(verify_jwsd(sign(Algorithm::kEIP191, kNow - 1), key_, request_, opts));
}

}  // namespace
}  // namespace custos::jose
