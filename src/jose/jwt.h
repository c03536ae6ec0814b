#pragma once
// JWT (RFC 7519) over JWS compact, with the claim checks of custos and the reference system:
// exp, nbf, iat max age (injected clock, skew), iss, aud, sub, jti, cnf (the client-bound key),
// requestHash (with the hashWildcard rule), data and access.
//
// Time claims must be numbers (seconds since the epoch). Claim errors have stable codes:
//   kJwtExpired, kJwtNotYetValid, kJwtTooOld, kJwtIssuer, kJwtAudience, kJwtSubject,
//   kJwtRequestHash, kJwtBinding, kJwtBadClaim (missing / mistyped claims, data, access, jti).
// Thread-safe.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "json/value.h"

namespace custos::jose {

// One entry of the "access" claim: permissions granted on a resource.
struct Access {
  std::string resource{};
  std::vector<std::string> permissions{};
};

struct ClaimChecks {
  // Time source (required for exp/nbf/iat checks; SystemClock::instance() when null).
  const Clock* clock = nullptr;
  // Tolerated clock difference for exp, nbf and iat.
  std::chrono::seconds skew{0};
  // When set, iat is required and now - iat must not exceed it (kJwtTooOld); an iat in the future
  // beyond the skew is kJwtNotYetValid.
  std::optional<std::chrono::seconds> max_age{};
  // Require an "exp" claim (by default, exp is checked only when present).
  bool require_exp = false;
  // Accepted issuers / audiences (any one matches; "aud" may be a string or an array).
  std::vector<std::string> issuers{};
  std::vector<std::string> audiences{};
  std::optional<std::string> subject{};
  // Require a non-empty string "jti"; when `jti` is set it must equal it.
  bool require_jti = false;
  std::optional<std::string> jti{};
  // The key the token must be bound to ("cnf" claim, a JWK): compared by public key.
  std::optional<Jwk> bound_key{};
  // The request the token must cover: requestHash must equal canonical_hash(request) after
  // removing the token's hashWildcard paths that also appear in `allowed_wildcards`.
  std::optional<json::Value> request{};
  std::vector<std::string> allowed_wildcards{};
  // Or the expected requestHash itself ("0x…").
  std::optional<std::string> request_hash{};
  // The expected "data" claim: the hash of `data` (or `data_hash` given directly).
  std::optional<json::Value> data{};
  std::optional<std::string> data_hash{};
  // Permissions that the "access" claim must grant (resource compared case-insensitively).
  std::vector<Access> access{};
};

struct VerifiedJwt {
  DecodedJws jws;
  json::Value claims;  // the payload, a JSON object
};

// Verifies the signature (see verify_compact) and then the claims.
[[nodiscard]] Result<VerifiedJwt> verify_jwt(std::string_view token, const Jwk& key,
                                             const VerifyOptions& options,
                                             const ClaimChecks& checks);

// Only the claim checks, on a payload whose signature was verified elsewhere.
[[nodiscard]] Result<void> check_claims(const json::Value& claims, const ClaimChecks& checks);

// Decodes a JWT without verifying anything (for display). Error: kJoseMalformed when the payload
// is not a JSON object.
Result<VerifiedJwt> decode_jwt_unverified(std::string_view token);

// Signs `claims` (a JSON object) as a JWT; typ defaults to "JWT". Errors as sign_compact.
Result<std::string> sign_jwt(const json::Value& claims, const Jwk& key, Algorithm alg,
                             SignOptions options = {});

// Seconds since the epoch from a numeric claim. A value above 10^11 is read as milliseconds (the
// reference clients put Date.getTime() in iat and created). Error: kJwtBadClaim.
Result<std::int64_t> claim_seconds(const json::Value& value, std::string_view name,
                                   bool allow_millis);

}  // namespace custos::jose
