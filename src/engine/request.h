#pragma once
// Verification of an evaluation request and the Rego input built from it (see engine.h).
// Thread-safe (functions of their arguments only).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
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
  // Past transfers from the signed historical-transfer feed (the reference's HistoricalTransfer
  // objects, checked); nullopt when the request carries no such feed (history unknown).
  std::optional<json::Value> transfers;
  std::optional<json::Value> metadata;
};

// The feed that carries prices ({asset: {currency: price}}).
inline constexpr std::string_view kPriceFeedSource = "armory/price-feed";
// The feed that carries past transfers, an array of the reference's HistoricalTransfer:
//   {id?, amount: "<base units>", from, to (CAIP-10), token (CAIP-19), chainId: <integer>,
//    resourceId?, initiatedBy: <user id>, timestamp: <unix ms>, rates: {currency: "<price>"}}.
inline constexpr std::string_view kTransferFeedSource = "armory/historical-transfer-feed";

// Checks on feeds beyond their signature.
struct FeedChecks {
  // Time source for the freshness check (the system clock when null).
  const Clock* clock = nullptr;
  // When set, the historical-transfer feed's JWT must carry an iat no older than this (an old
  // signed feed, replayed, would hide the transfers made since).
  std::optional<std::chrono::seconds> transfer_feed_max_age{};
};

// Verifies the principal's JWT, each approval JWT and each feed. Errors: kEngineRequestInvalid
// (shape), kEngineSignature (principal: malformed JWT, unknown credential, bad signature),
// kEngineRequestHash (a JWT over another request), kEngineApproval (an approval that fails any
// check), kEngineFeed (unsigned feed, unknown feed kid, bad signature, data ≠ data claim, two
// feeds of one source, a price feed that is not an object, a transfer feed that is not an array
// of well-formed transfers or is older than checks.transfer_feed_max_age, or top-level prices
// that are not those of the signed price feed).
[[nodiscard]] Result<VerifiedRequest> verify_request(const json::Value& evaluation,
                                                     const store::Entities& entities,
                                                     const std::vector<jose::Jwk>& feed_keys,
                                                     const FeedChecks& checks = {});

// Checks one historical-transfer feed's data (see kTransferFeedSource): an array of objects with
// amount (decimal digits), from, to, token, initiatedBy (non-empty strings), chainId (positive
// integer), timestamp (non-negative integer, ms), rates (object of decimal strings or numbers),
// resourceId and id optional strings. Errors: kEngineFeed naming the first bad member.
[[nodiscard]] Result<void> check_transfers(const json::Value& data);

// The Rego input: {action, principal, resource, approvals, intent?, transactionRequest?,
// typedData?, message?, rawMessage?, userOperation?, permissions?, prices, transfers?, gasFee?};
// transfers is present only when the request carried a historical-transfer feed.
// Errors: the intent classifier's (kEvmIntent, kEvmAbi, kEvmTransaction, kEvmTypedData).
Result<json::Value> build_input(const VerifiedRequest& verified, const store::Entities& entities);

// The dotted paths of transactionRequest.{gas, maxFeePerGas, maxPriorityFeePerGas, nonce} that
// a signTransaction request leaves out (the vault may fill them in; the token says so).
json::Array hash_wildcards(const json::Value& request);

}  // namespace custos::engine
