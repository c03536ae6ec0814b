// io.jwt.* builtins: OPA semantics (policy reference "Token Verification" / "Token Signing")
// checked with RFC 7515 / RFC 8037 vectors and tokens built here.

#include <gtest/gtest.h>

#include <any>
#include <string>
#include <unordered_map>
#include <vector>

#include "keys.h"
#include "rego/builtins/registry.h"
#include "rego/value.h"

namespace custos::rego {
namespace {

Value J(std::string_view json) {
  auto v = Value::parse_json(json);
  EXPECT_TRUE(v.has_value()) << json;
  return v ? *v : Value();
}

// Calls a registered builtin as the evaluator would; "now" is 2020-01-01T00:00:00Z.
BuiltinResult call(std::string_view name, std::vector<Value> args,
                   std::int64_t now_ns = 1577836800000000000) {
  const BuiltinDecl* decl = Registry::defaults().find(name);
  EXPECT_NE(decl, nullptr) << name;
  std::unordered_map<std::string, std::any> cache;
  BuiltinContext ctx;
  ctx.name = decl->name;
  ctx.now_unix_nanos = now_ns;
  ctx.cache = &cache;
  return decl->fn(ctx, args);
}

std::string error_of(const BuiltinResult& r) { return r ? "<no error>" : r.error().message(); }

Value value_of(const BuiltinResult& r) {
  EXPECT_TRUE(r.has_value()) << error_of(r);
  if (!r || !*r) return Value("<undefined>");
  return **r;
}

std::string sign_raw(std::string_view header, std::string_view payload, std::string_view jwk) {
  Value v = value_of(call("io.jwt.encode_sign_raw", {Value(header), Value(payload), Value(jwk)}));
  return v.is_string() ? v.as_string() : "";
}

const char* kSecretJwk = R"({"kty":"oct","k":"c2VjcmV0"})";  // "secret"

TEST(IoJwt, EverySpecifiedBuiltinIsRegistered) {
  for (const char* name :
       {"io.jwt.decode", "io.jwt.decode_verify", "io.jwt.verify_hs256", "io.jwt.verify_hs384",
        "io.jwt.verify_hs512", "io.jwt.verify_rs256", "io.jwt.verify_rs384", "io.jwt.verify_rs512",
        "io.jwt.verify_ps256", "io.jwt.verify_ps384", "io.jwt.verify_ps512", "io.jwt.verify_es256",
        "io.jwt.verify_es384", "io.jwt.verify_es512", "io.jwt.verify_eddsa", "io.jwt.encode_sign",
        "io.jwt.encode_sign_raw"}) {
    EXPECT_NE(Registry::defaults().find(name), nullptr) << name;
  }
}

// RFC 7515 Appendix A.1: the exact HS256 JWS, header and payload bytes kept as given.
TEST(IoJwt, EncodeSignRawRfc7515A1) {
  std::string token = sign_raw("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}",
                               "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n "
                               "\"http://example.com/is_root\":true}",
                               testkeys::kRfc7515HmacJwk);
  EXPECT_EQ(
      token,
      "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9."
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0"
      "cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

// encode_sign marshals objects as Go does (compact, sorted keys).
TEST(IoJwt, EncodeSignMarshalsSortedCompactJson) {
  Value token =
      value_of(call("io.jwt.encode_sign", {J(R"({"typ":"JWT","alg":"HS256"})"),
                                           J(R"({"sub":"a<b","iss":"joe"})"), J(kSecretJwk)}));
  Value decoded = value_of(call("io.jwt.decode", {token}));
  EXPECT_EQ(decoded.as_array()[0], J(R"({"alg":"HS256","typ":"JWT"})"));
  EXPECT_EQ(decoded.as_array()[1], J(R"({"iss":"joe","sub":"a<b"})"));
  // Header segment = base64url of {"alg":"HS256","typ":"JWT"}.
  EXPECT_EQ(token.as_string().substr(0, 36), "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
  EXPECT_EQ(value_of(call("io.jwt.verify_hs256", {token, Value("secret")})), Value(true));
}

TEST(IoJwt, EncodeSignErrorsFollowOpa) {
  EXPECT_NE(error_of(call("io.jwt.encode_sign_raw",
                          {Value(R"({"alg":"dummy"})"), Value("{}"), Value(kSecretJwk)}))
                .find("unknown JWS algorithm: dummy"),
            std::string::npos);
  EXPECT_NE(
      error_of(call("io.jwt.encode_sign_raw", {Value(""), Value("{}"), Value(kSecretJwk)}))
          .find("missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string"),
      std::string::npos);
  EXPECT_NE(error_of(call("io.jwt.encode_sign_raw",
                          {Value(R"({"alg":"HS256"})"), Value("e"), Value(kSecretJwk)}))
                .find("type is JWT but payload is not JSON"),
            std::string::npos);
  // A non-JWT typ allows any payload (OPA: "No Payload but Media Type is Plain").
  EXPECT_FALSE(sign_raw(R"({"alg":"HS256","typ":"text/plain"})", "", kSecretJwk).empty());
  // RS256 with an HMAC key cannot sign.
  EXPECT_FALSE(call("io.jwt.encode_sign_raw",
                    {Value(R"({"alg":"RS256"})"), Value("{}"), Value(kSecretJwk)}));
}

TEST(IoJwt, DecodeReturnsHeaderPayloadAndHexSignature) {
  // From OPA's conformance case jwtbuiltins/simple-non-registered.
  Value r = value_of(call(
      "io.jwt.decode",
      {Value("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJuZXciOiJJIGFtIGEgdXNlciBjcmVhdGVkIGZpZWxkIiwi"
             "aXNzIjoib3BhIn0.6UmjsclVDGD9jcmX_F8RJzVgHtUZuLu2pxkF_UEQCrE")}));
  EXPECT_EQ(r, J(R"([{"alg":"HS256","typ":"JWT"},{"iss":"opa","new":"I am a user created field"},
                    "e949a3b1c9550c60fd8dc997fc5f112735601ed519b8bbb6a71905fd41100ab1"])"));
}

TEST(IoJwt, DecodeErrors) {
  EXPECT_NE(
      error_of(call("io.jwt.decode", {Value("abc")})).find("encoded JWT had no period separators"),
      std::string::npos);
  EXPECT_NE(error_of(call("io.jwt.decode", {Value("a.b")}))
                .find("encoded JWT must have 3 sections, found 2"),
            std::string::npos);
  EXPECT_NE(error_of(call("io.jwt.decode", {Value("eyJhbGciOiJIU^%zI1NiI+sInR5cCI6IkpXVCJ9.e30.")}))
                .find("JWT header had invalid encoding: illegal base64 data at input byte 13"),
            std::string::npos);
  // {"alg":"HS256","enc":"x"} is a JWE header.
  EXPECT_NE(error_of(call("io.jwt.decode", {Value("eyJhbGciOiJIUzI1NiIsImVuYyI6IngifQ.e30.")}))
                .find("JWT is a JWE object, which is not supported"),
            std::string::npos);
  // Payload "[]" is JSON but not an object.
  EXPECT_NE(error_of(call("io.jwt.decode", {Value("eyJhbGciOiJIUzI1NiJ9.W10.")}))
                .find("decoded JSON type was not an Object"),
            std::string::npos);
  EXPECT_EQ(call("io.jwt.decode", {Value(1)}).error().code(), ErrorCode::kEvalType);
}

TEST(IoJwt, DecodeFollowsNestedJwt) {
  std::string inner = sign_raw(R"({"alg":"HS256"})", R"({"sub":"inner"})", kSecretJwk);
  std::string outer = sign_raw(R"({"alg":"HS256","cty":"JWT","typ":"x"})", inner, kSecretJwk);
  Value r = value_of(call("io.jwt.decode", {Value(outer)}));
  EXPECT_EQ(r.as_array()[1], J(R"({"sub":"inner"})"));
  Value v = value_of(call("io.jwt.decode_verify", {Value(outer), J(R"({"secret":"secret"})")}));
  EXPECT_EQ(v.as_array()[0], Value(true));
  EXPECT_EQ(v.as_array()[1], J(R"({"alg":"HS256"})"));
  EXPECT_EQ(v.as_array()[2], J(R"({"sub":"inner"})"));
}

TEST(IoJwt, VerifyFamiliesAcceptJwkPemAndRejectOthers) {
  std::string rs = sign_raw(R"({"alg":"RS256"})", R"({"a":1})", testkeys::kRfc7515RsaPrivateJwk);
  Value pub(testkeys::kRfc7515RsaPublicJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_rs256", {Value(rs), pub})), Value(true));
  EXPECT_EQ(value_of(call("io.jwt.verify_ps256", {Value(rs), pub})), Value(false));
  std::string ps = sign_raw(R"({"alg":"PS512"})", R"({"a":1})", testkeys::kRfc7515RsaPrivateJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_ps512", {Value(ps), pub})), Value(true));
  std::string es = sign_raw(R"({"alg":"ES384"})", R"({"a":1})", testkeys::kP384PrivateJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_es384", {Value(es), Value(testkeys::kP384PublicPem)})),
            Value(true));
  EXPECT_EQ(value_of(call("io.jwt.verify_es256", {Value(es), Value(testkeys::kP384PublicPem)})),
            Value(false));
  std::string es5 = sign_raw(R"({"alg":"ES512"})", R"({"a":1})", testkeys::kP521PrivateJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_es512", {Value(es5), Value(testkeys::kP521PublicPem)})),
            Value(true));
  EXPECT_EQ(value_of(call("io.jwt.verify_es256", {Value(testkeys::kRfc7515EcToken),
                                                  Value(testkeys::kRfc7515EcPublicJwk)})),
            Value(true));
  std::string ed = sign_raw(R"({"alg":"EdDSA"})", R"({"a":1})", testkeys::kRfc8037PrivateJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_eddsa", {Value(ed), Value(testkeys::kRfc8037PublicJwk)})),
            Value(true));
  // Tampered payload.
  std::string tampered = ed;
  tampered[tampered.find('.') + 2] ^= 1;
  EXPECT_EQ(
      value_of(call("io.jwt.verify_eddsa", {Value(tampered), Value(testkeys::kRfc8037PublicJwk)})),
      Value(false));
  EXPECT_NE(error_of(call("io.jwt.verify_rs256", {Value(rs), Value("{bad")}))
                .find("failed to parse a JWK key (set)"),
            std::string::npos);
}

TEST(IoJwt, VerifyHmac) {
  std::string hs = sign_raw(R"({"alg":"HS384"})", R"({"a":1})", kSecretJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_hs384", {Value(hs), Value("secret")})), Value(true));
  EXPECT_EQ(value_of(call("io.jwt.verify_hs384", {Value(hs), Value("Secret")})), Value(false));
  EXPECT_EQ(value_of(call("io.jwt.verify_hs256", {Value(hs), Value("secret")})), Value(false));
  EXPECT_NE(error_of(call("io.jwt.verify_hs384", {Value("a.b"), Value("secret")}))
                .find("encoded JWT must have 3 sections, found 2"),
            std::string::npos);
}

// Key selection with a JWK Set: a matching kid is the only key tried.
TEST(IoJwt, JwkSetKidSelection) {
  std::string set =
      std::string(
          R"({"keys":[{"kty":"EC","kid":"a","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"},)") +
      R"({"kty":"OKP","kid":"b","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}]})";
  std::string ed_b =
      sign_raw(R"({"alg":"EdDSA","kid":"b"})", R"({"a":1})", testkeys::kRfc8037PrivateJwk);
  std::string ed_a =
      sign_raw(R"({"alg":"EdDSA","kid":"a"})", R"({"a":1})", testkeys::kRfc8037PrivateJwk);
  std::string ed_c =
      sign_raw(R"({"alg":"EdDSA","kid":"c"})", R"({"a":1})", testkeys::kRfc8037PrivateJwk);
  EXPECT_EQ(value_of(call("io.jwt.verify_eddsa", {Value(ed_b), Value(set)})), Value(true));
  EXPECT_EQ(value_of(call("io.jwt.verify_eddsa", {Value(ed_a), Value(set)})), Value(false));
  EXPECT_EQ(value_of(call("io.jwt.verify_eddsa", {Value(ed_c), Value(set)})), Value(true));
}

TEST(IoJwt, DecodeVerifyConstraints) {
  // exp 1600000000 (2020-09-13), nbf 1500000000, iss "joe", aud ["bob","saul"].
  std::string t = sign_raw(
      R"({"alg":"HS256","typ":"JWT"})",
      R"({"iss":"joe","aud":["bob","saul"],"exp":1600000000,"nbf":1500000000})", kSecretJwk);
  auto dv = [&](const char* constraints) {
    Value r = value_of(call("io.jwt.decode_verify", {Value(t), J(constraints)}));
    return r.is_array() ? r.as_array()[0] : Value();
  };
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob"})"), Value(true));
  EXPECT_EQ(dv(R"({"secret":"secret"})"), Value(false));  // aud present, no aud constraint
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"saul","iss":"joe","alg":"HS256"})"), Value(true));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"eve"})"), Value(false));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","iss":"eve"})"), Value(false));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","alg":"RS256"})"), Value(false));
  EXPECT_EQ(dv(R"({"secret":"wrong","aud":"bob"})"), Value(false));
  // time in nanoseconds: exactly exp is expired; exactly nbf is valid; before nbf is not.
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","time":1600000000000000000})"), Value(false));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","time":1599999999000000000})"), Value(true));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","time":1500000000000000000})"), Value(true));
  EXPECT_EQ(dv(R"({"secret":"secret","aud":"bob","time":1499999999900000000})"), Value(false));
  Value unverified = value_of(call("io.jwt.decode_verify", {Value(t), J(R"({"secret":"x"})")}));
  EXPECT_EQ(unverified, J(R"([false, {}, {}])"));
  // The evaluation's clock is used without "time": 2030 is after exp.
  Value late =
      value_of(call("io.jwt.decode_verify", {Value(t), J(R"({"secret":"secret","aud":"bob"})")},
                    1900000000000000000));
  EXPECT_EQ(late.as_array()[0], Value(false));
}

TEST(IoJwt, DecodeVerifyConstraintErrors) {
  std::string t = sign_raw(R"({"alg":"HS256"})", R"({"a":1})", kSecretJwk);
  auto err = [&](const char* constraints) {
    return error_of(call("io.jwt.decode_verify", {Value(t), J(constraints)}));
  };
  EXPECT_NE(err(R"({})").find("no key constraint"), std::string::npos);
  EXPECT_NE(err(R"({"secret":"s","cert":"{\"kty\":\"oct\",\"k\":\"AA\"}"})")
                .find("duplicate key constraints"),
            std::string::npos);
  EXPECT_NE(err(R"({"secret":"s","foo":1})").find("unknown token validation constraint: foo"),
            std::string::npos);
  EXPECT_NE(err(R"({"secret":1})").find("secret constraint: must be a string"), std::string::npos);
  EXPECT_NE(err(R"({"secret":"s","time":"now"})").find("token time constraint: must be a number"),
            std::string::npos);
  EXPECT_NE(err(R"({"secret":"s","time":-1})").find("token time constraint: must not be negative"),
            std::string::npos);
  EXPECT_EQ(call("io.jwt.decode_verify", {Value(t), Value("x")}).error().code(),
            ErrorCode::kEvalType);
  std::string bad_exp = sign_raw(R"({"alg":"HS256"})", R"({"exp":"soon"})", kSecretJwk);
  EXPECT_NE(error_of(call("io.jwt.decode_verify", {Value(bad_exp), J(R"({"secret":"secret"})")}))
                .find("exp value must be a number"),
            std::string::npos);
}

// RFC 7515 §4.1.11: a critical header parameter that is not understood makes the token invalid.
TEST(IoJwt, DecodeVerifyRefusesUnknownCriticalHeaders) {
  std::string t = sign_raw(R"({"alg":"HS256","crit":["junk"],"junk":1})", R"({"a":1})", kSecretJwk);
  Value r = value_of(call("io.jwt.decode_verify", {Value(t), J(R"({"secret":"secret"})")}));
  EXPECT_EQ(r.as_array()[0], Value(false));
  std::string none = "eyJhbGciOiJub25lIn0.eyJhIjoxfQ.";  // {"alg":"none"}
  Value n = value_of(call("io.jwt.decode_verify", {Value(none), J(R"({"secret":"secret"})")}));
  EXPECT_EQ(n.as_array()[0], Value(false));
}

}  // namespace
}  // namespace custos::rego
