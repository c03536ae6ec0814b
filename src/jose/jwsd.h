#pragma once
// Detached JWS for HTTP requests (GNAP draft-ietf-gnap-core-protocol-19 §7.3.3, as the reference
// system uses it). The client signs each request:
//   header  {alg, kid, typ: "gnap-binding-jwsd", htm, uri, created, ath?}
//   payload base64url(sha256(RFC 8785 canonical JSON of the body)); no body hashes as {}
//   sent    header_b64 + ".." + signature_b64 in the `detached-jws` HTTP header
//   ath     base64url(sha256(canonical JSON of the access token string)), i.e. the SHA-256 of the
//           token in double quotes, exactly as the reference computes hash(accessToken)
//
// Verification checks the algorithm allow-list, key, signature over the re-inserted body hash,
// method, URI, freshness ("created" within max_age in the past and not beyond skew in the
// future; values above 10^11 are read as milliseconds) and, when a token is presented, ath.
// Replay protection is the caller's: pass a ReplayStore to have the signature remembered.
// Errors: kJose* (see jws.h), kJwsdMethod, kJwsdUri, kJwsdStale, kJwsdTokenBinding, kJwsdReplay,
// kJoseMalformed for a missing / mistyped header member.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/clock.h"
#include "base/result.h"
#include "jose/jwk.h"
#include "jose/jws.h"
#include "json/value.h"

namespace custos::jose {

inline constexpr std::string_view kJwsdTyp = "gnap-binding-jwsd";
inline constexpr std::string_view kDetachedJwsHeader = "detached-jws";

// Remembers seen request signatures until they expire. Implementations must be thread-safe.
class ReplayStore {
 public:
  virtual ~ReplayStore() = default;
  // Records `id` until `expires_at` (unix seconds). Error: kJwsdReplay when `id` is already there
  // and not expired.
  virtual Result<void> check_and_remember(std::string_view id, std::int64_t expires_at,
                                          std::int64_t now) = 0;
};

// An in-process ReplayStore (a map pruned as it grows). Thread-safe.
class InMemoryReplayStore final : public ReplayStore {
 public:
  Result<void> check_and_remember(std::string_view id, std::int64_t expires_at,
                                  std::int64_t now) override;

 private:
  std::mutex mu_;
  std::unordered_map<std::string, std::int64_t> seen_;  // guarded by mu_
};

// base64url(sha256(canonical JSON of body)); std::nullopt body → {}.
Result<std::string> jwsd_payload(const std::optional<json::Value>& body);
// base64url(sha256(canonical JSON of the token as a JSON string)).
std::string access_token_hash(std::string_view access_token);

struct JwsdRequest {
  std::string htm{};                          // HTTP method, e.g. "POST"
  std::string uri{};                          // absolute URI as sent
  std::optional<json::Value> body{};          // parsed JSON body; nullopt when none
  std::optional<std::string> access_token{};  // the GNAP token value, when bound
};

struct JwsdSignOptions {
  std::string alg_name{};                 // spelling override (e.g. "EDDSA"), empty → canonical
  std::optional<std::int64_t> created{};  // unix seconds; default: clock now
  const Clock* clock = nullptr;           // default SystemClock
};

// Signs a request; returns header_b64 + ".." + signature_b64. The key must have a kid.
Result<std::string> sign_jwsd(const Jwk& key, Algorithm alg, const JwsdRequest& request,
                              const JwsdSignOptions& options = {});

struct JwsdVerifyOptions {
  std::vector<Algorithm> allowed_algorithms{};
  const Clock* clock = nullptr;         // default SystemClock
  std::chrono::seconds max_age{60};     // how old "created" may be
  std::chrono::seconds skew{5};         // how far in the future "created" may be
  ReplayStore* replay_store = nullptr;  // optional
};

struct VerifiedJwsd {
  DecodedJws jws;
  std::int64_t created = 0;  // seconds
};

// Verifies a detached JWS against the request it came with. `key` is the client's key (e.g. the
// access token's cnf). A presented access token requires a matching "ath"; without a token, an
// "ath" in the header is ignored.
[[nodiscard]] Result<VerifiedJwsd> verify_jwsd(std::string_view detached, const Jwk& key,
                                               const JwsdRequest& request,
                                               const JwsdVerifyOptions& options);

}  // namespace custos::jose
