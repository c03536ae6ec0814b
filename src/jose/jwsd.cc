// Detached JWS for HTTP requests: see jwsd.h.

#include "jose/jwsd.h"

#include "base/secret.h"
#include "jose/hash.h"
#include "jose/jwt.h"
#include "json/serialize.h"

namespace custos::jose {

Result<void> InMemoryReplayStore::check_and_remember(std::string_view id, std::int64_t expires_at,
                                                     std::int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (seen_.size() > 4096) {
    std::erase_if(seen_, [now](const auto& entry) { return entry.second < now; });
  }
  auto it = seen_.find(std::string(id));
  if (it != seen_.end() && it->second >= now) {
    return fail(ErrorCode::kJwsdReplay, "request signature was already used");
  }
  seen_[std::string(id)] = expires_at;
  return {};
}

Result<std::string> jwsd_payload(const std::optional<json::Value>& body) {
  CUSTOS_TRY_ASSIGN(auto digest, canonical_sha256(body ? *body : json::Value::object()));
  return base64url_encode(digest);
}

std::string access_token_hash(std::string_view access_token) {
  std::string quoted;
  json::append_quoted(quoted, access_token);
  return base64url_encode(crypto::sha256(quoted));
}

Result<std::string> sign_jwsd(const Jwk& key, Algorithm alg, const JwsdRequest& request,
                              const JwsdSignOptions& options) {
  if (key.kid().empty()) return fail(ErrorCode::kInvalidArgument, "JWSD signing key needs a kid");
  const Clock& clock = options.clock ? *options.clock : SystemClock::instance();
  SignOptions sign;
  sign.alg_name = options.alg_name;
  sign.typ = std::string(kJwsdTyp);
  sign.extra_header.emplace_back("htm", request.htm);
  sign.extra_header.emplace_back("uri", request.uri);
  sign.extra_header.emplace_back("created", options.created.value_or(clock.unix_seconds()));
  if (request.access_token) {
    sign.extra_header.emplace_back("ath", access_token_hash(*request.access_token));
  }
  CUSTOS_TRY_ASSIGN(std::string payload_b64, jwsd_payload(request.body));
  auto payload = base64url_decode(payload_b64);
  CUSTOS_TRY_ASSIGN(std::string jws, sign_compact(*payload, key, alg, sign));
  // Drop the payload part: header..signature.
  auto first = jws.find('.');
  auto second = jws.find('.', first + 1);
  return jws.substr(0, first + 1) + jws.substr(second);
}

Result<VerifiedJwsd> verify_jwsd(std::string_view detached, const Jwk& key,
                                 const JwsdRequest& request, const JwsdVerifyOptions& options) {
  CUSTOS_TRY_ASSIGN(std::string payload_b64, jwsd_payload(request.body));
  VerifyOptions jws_options;
  jws_options.allowed_algorithms = options.allowed_algorithms;
  jws_options.expected_typ = std::string(kJwsdTyp);
  CUSTOS_TRY_ASSIGN(DecodedJws jws, verify_compact(detached, key, jws_options, payload_b64));
  if (jws.kid.empty()) return fail(ErrorCode::kJoseMalformed, "JWSD header needs \"kid\"");

  const json::Value& h = jws.header;
  const json::Value* htm = h.find("htm");
  const json::Value* uri = h.find("uri");
  const json::Value* created = h.find("created");
  if (!htm || !htm->is_string() || !uri || !uri->is_string() || !created) {
    return fail(ErrorCode::kJoseMalformed, "JWSD header needs htm, uri and created");
  }
  if (htm->as_string() != request.htm) {
    return fail(ErrorCode::kJwsdMethod, "signed method does not match the request");
  }
  if (uri->as_string() != request.uri) {
    return fail(ErrorCode::kJwsdUri, "signed URI does not match the request");
  }
  auto created_s = claim_seconds(*created, "created", /*allow_millis=*/true);
  if (!created_s) return fail(ErrorCode::kJoseMalformed, "JWSD \"created\" is not a timestamp");
  const Clock& clock = options.clock ? *options.clock : SystemClock::instance();
  const std::int64_t now = clock.unix_seconds();
  if (*created_s > now + options.skew.count() || now - *created_s > options.max_age.count()) {
    return fail(ErrorCode::kJwsdStale, "request signature is outside the freshness window");
  }
  if (request.access_token) {
    const json::Value* ath = h.find("ath");
    if (!ath || !ath->is_string()) {
      return fail(ErrorCode::kJwsdTokenBinding, "JWSD is not bound to the access token");
    }
    std::string want = access_token_hash(*request.access_token);
    if (!constant_time_equal(as_bytes(ath->as_string()), as_bytes(want))) {
      return fail(ErrorCode::kJwsdTokenBinding, "JWSD \"ath\" does not match the access token");
    }
  }
  if (options.replay_store) {
    // The id is the hash of the signing input (the signature itself can be malleable).
    std::string id = hex_encode(crypto::sha256(jws.signing_input()));
    CUSTOS_TRY(options.replay_store->check_and_remember(
        id, *created_s + options.max_age.count() + options.skew.count(), now));
  }
  return VerifiedJwsd{std::move(jws), *created_s};
}

}  // namespace custos::jose
