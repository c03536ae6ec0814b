#pragma once
// JOSE signature algorithms supported by custos (RFC 7518 §3, RFC 8037 §3.1, RFC 8812 §3.2) and the
// reference's EIP191 (secp256k1 personal_sign over the JWS signing input).

#include <optional>
#include <string_view>

namespace custos::jose {

enum class Algorithm { kEdDSA, kES256K, kES256, kRS256, kEIP191 };

// Parses a JWS "alg" value. "EdDSA" (RFC 8037) and the reference's "EDDSA" both map to kEdDSA.
// Everything else ("none", "HS256", "ES384", …) is std::nullopt: never accepted.
std::optional<Algorithm> parse_algorithm(std::string_view name);

// The canonical spelling: "EdDSA", "ES256K", "ES256", "RS256", "EIP191".
std::string_view algorithm_name(Algorithm alg);

}  // namespace custos::jose
