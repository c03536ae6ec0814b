// JWT claim checks: see jwt.h.

#include "jose/jwt.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "jose/hash.h"
#include "json/parse.h"
#include "json/serialize.h"

namespace custos::jose {
namespace {

tl::unexpected<Error> claim_error(ErrorCode code, std::string why) {
  return fail(code, std::move(why));
}

Result<std::optional<std::string>> string_claim(const json::Value& claims, std::string_view name) {
  const json::Value* v = claims.find(name);
  if (v == nullptr) return std::optional<std::string>{};
  if (!v->is_string()) {
    return claim_error(ErrorCode::kJwtBadClaim,
                       "claim \"" + std::string(name) + "\" is not a string");
  }
  return std::optional<std::string>(v->as_string());
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

Result<void> check_access(const json::Value& claims, const std::vector<Access>& wanted) {
  if (wanted.empty()) return {};
  const json::Value* access = claims.find("access");
  if (access == nullptr || !access->is_array()) {
    return claim_error(ErrorCode::kJwtBadClaim, "missing \"access\" claim");
  }
  for (const Access& want : wanted) {
    const json::Value* grant = nullptr;
    for (const json::Value& entry : access->as_array()) {
      const json::Value* resource = entry.is_object() ? entry.find("resource") : nullptr;
      if (resource && resource->is_string() &&
          lower(resource->as_string()) == lower(want.resource)) {
        grant = &entry;
        break;
      }
    }
    const json::Value* permissions = grant ? grant->find("permissions") : nullptr;
    for (const std::string& p : want.permissions) {
      bool found = false;
      if (permissions && permissions->is_array()) {
        for (const json::Value& have : permissions->as_array()) {
          if (have.is_string() && have.as_string() == p) found = true;
        }
      }
      if (!found) {
        return claim_error(ErrorCode::kJwtBadClaim,
                           "access claim lacks permission \"" + p + "\" on " + want.resource);
      }
    }
  }
  return {};
}

}  // namespace

Result<std::int64_t> claim_seconds(const json::Value& value, std::string_view name,
                                   bool allow_millis) {
  if (!value.is_number()) {
    return claim_error(ErrorCode::kJwtBadClaim,
                       "claim \"" + std::string(name) + "\" is not a number");
  }
  double d = value.as_number().to_double();
  if (!std::isfinite(d) || d < 0 || d > 1e16) {
    return claim_error(ErrorCode::kJwtBadClaim, "claim \"" + std::string(name) + "\" out of range");
  }
  if (allow_millis && d > 1e11) d /= 1000.0;
  return static_cast<std::int64_t>(std::floor(d));
}

Result<void> check_claims(const json::Value& claims, const ClaimChecks& checks) {
  if (!claims.is_object()) return claim_error(ErrorCode::kJwtBadClaim, "claims are not an object");
  const Clock& clock = checks.clock ? *checks.clock : SystemClock::instance();
  const std::int64_t now = clock.unix_seconds();
  const std::int64_t skew = checks.skew.count();

  if (const json::Value* exp = claims.find("exp")) {
    CUSTOS_TRY_ASSIGN(std::int64_t t, claim_seconds(*exp, "exp", false));
    if (now - skew >= t) return claim_error(ErrorCode::kJwtExpired, "token has expired");
  } else if (checks.require_exp) {
    return claim_error(ErrorCode::kJwtBadClaim, "missing \"exp\" claim");
  }
  if (const json::Value* nbf = claims.find("nbf")) {
    CUSTOS_TRY_ASSIGN(std::int64_t t, claim_seconds(*nbf, "nbf", false));
    if (now + skew < t) return claim_error(ErrorCode::kJwtNotYetValid, "token is not yet valid");
  }
  if (checks.max_age) {
    const json::Value* iat = claims.find("iat");
    if (iat == nullptr) return claim_error(ErrorCode::kJwtBadClaim, "missing \"iat\" claim");
    CUSTOS_TRY_ASSIGN(std::int64_t t, claim_seconds(*iat, "iat", true));
    if (t > now + skew) return claim_error(ErrorCode::kJwtNotYetValid, "\"iat\" is in the future");
    if (now - t > checks.max_age->count() + skew) {
      return claim_error(ErrorCode::kJwtTooOld, "token is older than the maximum age");
    }
  }

  if (!checks.issuers.empty()) {
    CUSTOS_TRY_ASSIGN(auto iss, string_claim(claims, "iss"));
    if (!iss || !contains(checks.issuers, *iss)) {
      return claim_error(ErrorCode::kJwtIssuer, "issuer not accepted");
    }
  }
  if (!checks.audiences.empty()) {
    const json::Value* aud = claims.find("aud");
    bool match = false;
    if (aud && aud->is_string()) {
      match = contains(checks.audiences, aud->as_string());
    } else if (aud && aud->is_array()) {
      for (const json::Value& a : aud->as_array()) {
        if (a.is_string() && contains(checks.audiences, a.as_string())) match = true;
      }
    }
    if (!match) return claim_error(ErrorCode::kJwtAudience, "audience not accepted");
  }
  if (checks.subject) {
    CUSTOS_TRY_ASSIGN(auto sub, string_claim(claims, "sub"));
    if (!sub || *sub != *checks.subject) {
      return claim_error(ErrorCode::kJwtSubject, "subject does not match");
    }
  }
  if (checks.require_jti || checks.jti) {
    CUSTOS_TRY_ASSIGN(auto jti, string_claim(claims, "jti"));
    if (!jti || jti->empty()) return claim_error(ErrorCode::kJwtBadClaim, "missing \"jti\" claim");
    if (checks.jti && *jti != *checks.jti) {
      return claim_error(ErrorCode::kJwtBadClaim, "\"jti\" does not match");
    }
  }
  if (checks.bound_key) {
    const json::Value* cnf = claims.find("cnf");
    if (cnf == nullptr) return claim_error(ErrorCode::kJwtBinding, "token is not key-bound");
    auto bound = Jwk::parse(*cnf);
    if (!bound) return claim_error(ErrorCode::kJwtBinding, "\"cnf\" is not a valid JWK");
    if (!bound->same_public_key(*checks.bound_key)) {
      return claim_error(ErrorCode::kJwtBinding, "token is bound to another key");
    }
  }
  if (checks.request || checks.request_hash) {
    CUSTOS_TRY_ASSIGN(auto have, string_claim(claims, "requestHash"));
    if (!have) return claim_error(ErrorCode::kJwtRequestHash, "missing \"requestHash\" claim");
    std::string want;
    if (checks.request) {
      std::vector<std::string> wildcards;
      if (const json::Value* hw = claims.find("hashWildcard")) {
        if (!hw->is_array()) return claim_error(ErrorCode::kJwtBadClaim, "bad \"hashWildcard\"");
        for (const json::Value& p : hw->as_array()) {
          if (!p.is_string()) return claim_error(ErrorCode::kJwtBadClaim, "bad \"hashWildcard\"");
          wildcards.push_back(p.as_string());
        }
      }
      auto stripped = without_wildcard_fields(*checks.request, wildcards, checks.allowed_wildcards);
      CUSTOS_TRY_ASSIGN(want, canonical_hash(stripped));
    } else {
      want = *checks.request_hash;
    }
    if (lower(*have) != lower(want)) {
      return claim_error(ErrorCode::kJwtRequestHash, "request hash does not match");
    }
  }
  if (checks.data || checks.data_hash) {
    CUSTOS_TRY_ASSIGN(auto have, string_claim(claims, "data"));
    std::string want;
    if (checks.data) {
      CUSTOS_TRY_ASSIGN(want, canonical_hash(*checks.data));
    } else {
      want = *checks.data_hash;
    }
    if (!have || lower(*have) != lower(want)) {
      return claim_error(ErrorCode::kJwtBadClaim, "\"data\" hash does not match");
    }
  }
  CUSTOS_TRY(check_access(claims, checks.access));
  return {};
}

namespace {
Result<json::Value> parse_claims(const DecodedJws& jws) {
  auto claims = json::parse(as_string_view(jws.payload), {.max_depth = 64});
  if (!claims) return fail(ErrorCode::kJoseMalformed, "JWT payload is not JSON");
  if (!claims->is_object()) return fail(ErrorCode::kJoseMalformed, "JWT payload is not an object");
  return std::move(*claims);
}
}  // namespace

Result<VerifiedJwt> verify_jwt(std::string_view token, const Jwk& key, const VerifyOptions& options,
                               const ClaimChecks& checks) {
  CUSTOS_TRY_ASSIGN(DecodedJws jws, verify_compact(token, key, options));
  CUSTOS_TRY_ASSIGN(json::Value claims, parse_claims(jws));
  CUSTOS_TRY(check_claims(claims, checks));
  return VerifiedJwt{std::move(jws), std::move(claims)};
}

Result<VerifiedJwt> decode_jwt_unverified(std::string_view token) {
  CUSTOS_TRY_ASSIGN(DecodedJws jws, decode_compact(token));
  CUSTOS_TRY_ASSIGN(json::Value claims, parse_claims(jws));
  return VerifiedJwt{std::move(jws), std::move(claims)};
}

Result<std::string> sign_jwt(const json::Value& claims, const Jwk& key, Algorithm alg,
                             SignOptions options) {
  if (!claims.is_object()) return fail(ErrorCode::kInvalidArgument, "JWT claims must be an object");
  if (options.typ.empty()) options.typ = "JWT";
  std::string payload = json::serialize(claims);
  return sign_compact(as_bytes(payload), key, alg, options);
}

}  // namespace custos::jose
