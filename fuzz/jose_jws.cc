// Fuzz target: JWS/JWT compact parsing, verification against fixed keys of every type, and the
// JWT claim checks on whatever payload decodes. Random input must never verify.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "jose/jose.h"
#include "json/parse.h"

namespace {

using namespace custos;
using namespace custos::jose;

const std::vector<Jwk>& keys() {
  static const std::vector<Jwk> k = [] {
    std::vector<Jwk> out;
    out.push_back(*Jwk::parse_text(
        R"({"kty":"OKP","crv":"Ed25519","kid":"ed","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})"));
    out.push_back(*Jwk::parse_text(
        R"({"kty":"EC","crv":"secp256k1","x":"S8KjEmUVPwfnDgurCHJOa4XiF_jNYozrYpdCR7tJM4I","y":"zijKt5rXEZ7hrT6825ihaAUhFTDsxs_vobiObf-ZIyo"})"));
    out.push_back(*Jwk::parse_text(
        R"({"kty":"EC","crv":"secp256k1","addr":"0x2c7536e3605d9c16a7a3d7b1898e529396a65c23"})"));
    out.push_back(*Jwk::parse_text(
        R"({"kty":"EC","crv":"P-256","x":"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU","y":"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"})"));
    return out;
  }();
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view token(reinterpret_cast<const char*>(data), size);
  VerifyOptions options{
      .allowed_algorithms = {Algorithm::kEdDSA, Algorithm::kES256K, Algorithm::kES256,
                             Algorithm::kRS256, Algorithm::kEIP191},
      .understood_crit = {"exp"}};
  ManualClock clock(1'700'000'000'000'000'000);
  ClaimChecks checks{.clock = &clock,
                     .skew = std::chrono::seconds(5),
                     .max_age = std::chrono::seconds(60),
                     .issuers = {"armory"},
                     .audiences = {"vault"},
                     .request = json::Value::object({{"a", 1}}),
                     .allowed_wildcards = {"a"},
                     .access = {{"vault", {"read"}}}};
  for (const Jwk& key : keys()) {
    auto verified = verify_jwt(token, key, options, checks);
    if (verified) std::abort();  // nobody can sign for these keys
  }
  auto decoded = decode_jwt_unverified(token);
  if (decoded) {
    (void)check_claims(decoded->claims, checks);
    if (decoded->jws.signing_input().empty()) std::abort();
  }
  // Detached form too, with the input as the payload.
  (void)decode_compact(token, std::string_view("e30"));
  return 0;
}
