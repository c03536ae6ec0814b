// Fuzz target: detached-JWS request verification. Input: "<detached jws>\n<JSON body>".
// The seeds are signed with the fixed key (RFC 6979 vector key 0x46…46) so mutations reach the
// checks after the signature.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/clock.h"
#include "jose/jose.h"
#include "json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace custos;
  using namespace custos::jose;
  static const Jwk key = *Jwk::parse_text(
      R"({"kty":"EC","crv":"secp256k1","kid":"0x9d4a3857a59196cff3f7956779206f4c9858b0a85e52d1876b9f7992533732c3","x":"S8KjEmUVPwfnDgurCHJOa4XiF_jNYozrYpdCR7tJM4I","y":"zijKt5rXEZ7hrT6825ihaAUhFTDsxs_vobiObf-ZIyo"})");
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  std::string_view jwsd = input.substr(0, newline);
  JwsdRequest request{.htm = "POST", .uri = "https://vault.example/sign"};
  if (newline != std::string_view::npos) {
    auto body = json::parse(input.substr(newline + 1));
    if (body) request.body = std::move(*body);
  }
  request.access_token = "token";
  ManualClock clock(1'700'000'000'000'000'000);
  InMemoryReplayStore store;
  JwsdVerifyOptions options{.allowed_algorithms = {Algorithm::kEIP191, Algorithm::kES256K},
                            .clock = &clock,
                            .replay_store = &store};
  auto verified = verify_jwsd(jwsd, key, request, options);
  if (verified) {
    // Only the seed corpus (signed with this key) gets here: what verified must be what was
    // asked, and the same signature must not be accepted twice.
    if (verified->jws.header.find("htm")->as_string() != "POST") std::abort();
    auto replay = verify_jwsd(jwsd, key, request, options);
    if (replay || replay.error().code() != ErrorCode::kJwsdReplay) std::abort();
  }
  (void)jwsd_payload(request.body);
  return 0;
}
