#pragma once
// Shared test keys: public vectors (RFC 8037 A.1, RFC 7515 A.2/A.3, the shared ES256K and web3.js
// EIP-191 keys).

#include <gtest/gtest.h>

#include <string>

#include "jose/jwk.h"
#include "json/parse.h"

namespace custos::jose::testing {

inline constexpr const char* kEd25519PrivateJwk =
    R"({"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})";
inline constexpr const char* kEs256kPrivateJwk =
    R"({"kty":"EC","crv":"secp256k1","x":"S8KjEmUVPwfnDgurCHJOa4XiF_jNYozrYpdCR7tJM4I","y":"zijKt5rXEZ7hrT6825ihaAUhFTDsxs_vobiObf-ZIyo","d":"RkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkZGRkY"})";
inline constexpr const char* kP256PublicJwk =
    R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})";
inline constexpr const char* kRsaN =
    "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-"
    "4qPCJrcS2mJPMEzP1Pt0Bm4d4Ql"
    "L-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-"
    "bSf63kpaSHSXndS5z5rexMdbBYUs"
    "LA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-"
    "DWNmoud"
    "F8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";

inline Jwk parse_jwk(std::string_view text) {
  auto jwk = Jwk::parse(text);
  EXPECT_TRUE(jwk) << (jwk ? "" : jwk.error().to_string());
  return *jwk;
}

inline Jwk rsa_public_jwk() {
  return parse_jwk(std::string(R"({"kty":"RSA","e":"AQAB","n":")") + kRsaN + "\"}");
}

// web3.js docs key (EIP-191 example), as a secp256k1 JWK.
inline Jwk web3_key() {
  auto bytes = hex_decode("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
  auto key = crypto::secp256k1::PrivateKey::from_bytes(*bytes);
  return Jwk::from_secp256k1(std::move(*key));
}

inline json::Value parse_json(std::string_view text) {
  auto v = json::parse(text);
  EXPECT_TRUE(v);
  return *v;
}

}  // namespace custos::jose::testing
