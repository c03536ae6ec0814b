#pragma once
// Verification of an evaluation request and the Rego input built from it (see engine.h).
// Thread-safe (functions of their arguments only).

#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "jose/jwk.h"
#include "json/value.h"
#include "store/entities.h"

namespace custos::engine {

struct VerifiedRequest {
  json::Value request;       // evaluation.request, as signed
  std::string request_hash;  // hash(request)
  const store::Credential* principal = nullptr;
  std::vector<const store::Credential*> approvals;  // distinct, principal excluded
  json::Value prices;                               // from the signed price feed, or {}
  std::optional<json::Value> metadata;
};

// The feed that carries prices ({asset: {currency: price}}).
inline constexpr std::string_view kPriceFeedSource = "armory/price-feed";

// Verifies the principal's JWT, each approval JWT and each feed. Errors: kEngineRequestInvalid
// (shape), kEngineSignature (principal: malformed JWT, unknown credential, bad signature),
// kEngineRequestHash (a JWT over another request), kEngineApproval (an approval that fails any
// check), kEngineFeed (unsigned feed, unknown feed kid, bad signature, data ≠ data claim, or
// top-level prices that are not those of the signed price feed).
[[nodiscard]] Result<VerifiedRequest> verify_request(const json::Value& evaluation,
                                                     const store::Entities& entities,
                                                     const std::vector<jose::Jwk>& feed_keys);

// The Rego input: {action, principal, resource, approvals, intent?, transactionRequest?,
// typedData?, message?, rawMessage?, userOperation?, permissions?, prices, transfers, gasFee?}.
// Errors: the intent classifier's (kEvmIntent, kEvmAbi, kEvmTransaction, kEvmTypedData).
Result<json::Value> build_input(const VerifiedRequest& verified, const store::Entities& entities);

// The dotted paths of transactionRequest.{gas, maxFeePerGas, maxPriorityFeePerGas, nonce} that
// a signTransaction request leaves out (the vault may fill them in; the token says so).
json::Array hash_wildcards(const json::Value& request);

}  // namespace custos::engine
