#include "jose/alg.h"

namespace custos::jose {

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  if (name == "EdDSA" || name == "EDDSA") return Algorithm::kEdDSA;
  if (name == "ES256K") return Algorithm::kES256K;
  if (name == "ES256") return Algorithm::kES256;
  if (name == "RS256") return Algorithm::kRS256;
  if (name == "EIP191") return Algorithm::kEIP191;
  return std::nullopt;
}

std::string_view algorithm_name(Algorithm alg) {
  switch (alg) {
    case Algorithm::kEdDSA: return "EdDSA";
    case Algorithm::kES256K: return "ES256K";
    case Algorithm::kES256: return "ES256";
    case Algorithm::kRS256: return "RS256";
    case Algorithm::kEIP191: return "EIP191";
  }
  return "";
}

}  // namespace custos::jose
