// Fuzz target: JWK parsing and validation (jose::Jwk::parse_text), then every operation on an
// accepted key must succeed and round-trip.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "jose/jwk.h"
#include "json/serialize.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using custos::jose::Jwk;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto jwk = Jwk::parse_text(text);
  if (!jwk) return 0;
  // An accepted key serializes, re-parses to the same public key and has a kid convention.
  for (bool with_private : {false, true}) {
    auto again = Jwk::parse(jwk->to_json(with_private));
    if (!again || !again->same_public_key(*jwk)) std::abort();
    if (with_private && again->has_private() != jwk->has_private()) std::abort();
  }
  auto thumbprint = jwk->thumbprint();
  if (!thumbprint && !jwk->is_address_only()) std::abort();
  (void)jwk->default_kid();
  (void)custos::json::serialize(jwk->public_only().to_json());
  return 0;
}
