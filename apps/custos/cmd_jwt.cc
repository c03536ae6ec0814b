// `custos jwt sign|verify|decode|hash|sign-request|verify-request`: JWS/JWT and detached request
// signatures from the command line (also what the interop tests drive).

#include <iostream>
#include <optional>

#include "base/clock.h"
#include "base/secret.h"
#include "cli.h"
#include "jose/jose.h"
#include "json/json.h"

namespace custos::cli {
namespace {

Result<jose::Jwk> load_key(const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  auto jwk = jose::Jwk::parse_text(text);
  secure_wipe(text.data(), text.size());
  if (!jwk) return fail(Error(jwk.error()).with_context("key '" + path + "'"));
  return jwk;
}

Result<json::Value> load_json(const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  auto value = json::parse(text);
  if (!value) return fail(Error(value.error()).with_context("'" + path + "'"));
  return value;
}

// A token given on the command line, or read from stdin for "-".
Result<std::string> token_arg(const std::string& arg) {
  if (arg != "-") return arg;
  CUSTOS_TRY_ASSIGN(std::string text, read_file("-"));
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) {
    text.pop_back();
  }
  return text;
}

// The algorithm to sign with: --alg (keeping its spelling), else the key's own alg member, else
// the natural one for the key type.
Result<std::pair<jose::Algorithm, std::string>> signing_alg(const jose::Jwk& key,
                                                            const std::string& flag) {
  std::string name = !flag.empty() ? flag : key.alg();
  if (name.empty()) {
    switch (key.kind()) {
      case jose::Jwk::Kind::kEd25519: name = "EdDSA"; break;
      case jose::Jwk::Kind::kSecp256k1:
      case jose::Jwk::Kind::kSecp256k1Address: name = "ES256K"; break;
      case jose::Jwk::Kind::kP256: name = "ES256"; break;
      case jose::Jwk::Kind::kRsa: name = "RS256"; break;
    }
  }
  auto alg = jose::parse_algorithm(name);
  if (!alg) return fail(ErrorCode::kInvalidArgument, "unknown algorithm '" + name + "'");
  return std::make_pair(*alg, name);
}

// The verification allow-list: --alg values, else every algorithm that fits the key.
Result<std::vector<jose::Algorithm>> allow_list(const jose::Jwk& key,
                                                const std::vector<std::string>& flags) {
  std::vector<jose::Algorithm> out;
  for (const auto& name : flags) {
    auto alg = jose::parse_algorithm(name);
    if (!alg) return fail(ErrorCode::kInvalidArgument, "unknown algorithm '" + name + "'");
    out.push_back(*alg);
  }
  if (out.empty()) {
    for (auto alg : {jose::Algorithm::kEdDSA, jose::Algorithm::kES256K, jose::Algorithm::kES256,
                     jose::Algorithm::kRS256, jose::Algorithm::kEIP191}) {
      if (key.fits(alg)) out.push_back(alg);
    }
  }
  return out;
}

int report(const Error& error) {
  print_error(error);
  return kExitFailure;
}

struct SignArgs {
  std::string key, alg, claims, kid, typ;
  bool kid_set = false;
  bool iat = false;
  std::int64_t exp_in = 0;
};

int sign(const SignArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error());
  auto alg = signing_alg(*key, a.alg);
  if (!alg) return report(alg.error());
  auto claims = load_json(a.claims);
  if (!claims) return report(claims.error());
  if (!claims->is_object())
    return report(Error(ErrorCode::kInvalidArgument, "claims must be an object"));
  std::int64_t now = SystemClock::instance().unix_seconds();
  if (a.iat) claims->set("iat", now);
  if (a.exp_in > 0) claims->set("exp", now + a.exp_in);
  jose::SignOptions options;
  options.alg_name = alg->second;
  if (a.kid_set) options.kid = a.kid;
  options.typ = a.typ;
  auto token = jose::sign_jwt(*claims, *key, alg->first, options);
  if (!token) return report(token.error());
  std::cout << *token << "\n";
  return kExitOk;
}

struct VerifyArgs {
  std::string token, key;
  std::vector<std::string> algs, issuers, audiences, wildcards, crit;
  std::string subject, jti, request, request_hash, data, bound_key;
  std::int64_t max_age = -1, skew = 0, now = -1;
  bool require_exp = false;
};

int verify(const VerifyArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error());
  auto token = token_arg(a.token);
  if (!token) return report(token.error());
  auto algs = allow_list(*key, a.algs);
  if (!algs) return report(algs.error());
  ManualClock fixed(a.now * 1'000'000'000);
  jose::ClaimChecks checks;
  checks.clock = a.now >= 0 ? static_cast<const Clock*>(&fixed) : &SystemClock::instance();
  checks.skew = std::chrono::seconds(a.skew);
  if (a.max_age >= 0) checks.max_age = std::chrono::seconds(a.max_age);
  checks.require_exp = a.require_exp;
  checks.issuers = a.issuers;
  checks.audiences = a.audiences;
  if (!a.subject.empty()) checks.subject = a.subject;
  if (!a.jti.empty()) checks.jti = a.jti;
  checks.allowed_wildcards = a.wildcards;
  if (!a.request.empty()) {
    auto request = load_json(a.request);
    if (!request) return report(request.error());
    checks.request = std::move(*request);
  }
  if (!a.request_hash.empty()) checks.request_hash = a.request_hash;
  if (!a.data.empty()) {
    auto data = load_json(a.data);
    if (!data) return report(data.error());
    checks.data = std::move(*data);
  }
  if (!a.bound_key.empty()) {
    auto bound = load_key(a.bound_key);
    if (!bound) return report(bound.error());
    checks.bound_key = std::move(*bound);
  }
  jose::VerifyOptions options{.allowed_algorithms = *algs, .understood_crit = a.crit};
  auto verified = jose::verify_jwt(*token, *key, options, checks);
  if (!verified) return report(verified.error());
  json::Value out =
      json::Value::object({{"header", verified->jws.header}, {"claims", verified->claims}});
  std::cout << json::serialize(out) << "\n";
  return kExitOk;
}

int decode(const std::string& arg) {
  auto token = token_arg(arg);
  if (!token) return report(token.error());
  auto decoded = jose::decode_jwt_unverified(*token);
  if (!decoded) return report(decoded.error());
  std::cerr << "custos: warning: decoded only; the signature was NOT verified\n";
  json::Value out = json::Value::object({{"header", decoded->jws.header},
                                         {"claims", decoded->claims},
                                         {"signature", base64url_encode(decoded->jws.signature)}});
  std::cout << json::serialize(out, {.pretty = true}) << "\n";
  return kExitOk;
}

int hash(const std::string& path) {
  auto value = load_json(path);
  if (!value) return report(value.error());
  auto h = jose::canonical_hash(*value);
  if (!h) return report(h.error());
  std::cout << *h << "\n";
  return kExitOk;
}

struct RequestArgs {
  std::string jwsd, key, method, uri, body, access_token;
  std::vector<std::string> algs;
  std::string alg;
  std::int64_t created = -1, max_age = 60, skew = 5, now = -1;
};

Result<jose::JwsdRequest> load_request(const RequestArgs& a) {
  jose::JwsdRequest request;
  request.htm = a.method;
  request.uri = a.uri;
  if (!a.body.empty()) {
    CUSTOS_TRY_ASSIGN(request.body, load_json(a.body));
  }
  if (!a.access_token.empty()) request.access_token = a.access_token;
  return request;
}

int sign_request(const RequestArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error());
  auto alg = signing_alg(*key, a.alg);
  if (!alg) return report(alg.error());
  auto request = load_request(a);
  if (!request) return report(request.error());
  jose::JwsdSignOptions options;
  options.alg_name = alg->second;
  if (a.created >= 0) options.created = a.created;
  auto jwsd = jose::sign_jwsd(*key, alg->first, *request, options);
  if (!jwsd) return report(jwsd.error());
  std::cout << *jwsd << "\n";
  return kExitOk;
}

int verify_request(const RequestArgs& a) {
  auto key = load_key(a.key);
  if (!key) return report(key.error());
  auto jwsd = token_arg(a.jwsd);
  if (!jwsd) return report(jwsd.error());
  auto algs = allow_list(*key, a.algs);
  if (!algs) return report(algs.error());
  auto request = load_request(a);
  if (!request) return report(request.error());
  ManualClock fixed(a.now * 1'000'000'000);
  jose::JwsdVerifyOptions options;
  options.allowed_algorithms = *algs;
  options.clock = a.now >= 0 ? static_cast<const Clock*>(&fixed) : &SystemClock::instance();
  options.max_age = std::chrono::seconds(a.max_age);
  options.skew = std::chrono::seconds(a.skew);
  auto verified = jose::verify_jwsd(*jwsd, *key, *request, options);
  if (!verified) return report(verified.error());
  std::cout << json::serialize(verified->jws.header) << "\n";
  return kExitOk;
}

}  // namespace

void add_jwt_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("jwt", "Sign, verify and decode JWTs and request signatures");
  cmd->require_subcommand(1);

  auto s = std::make_shared<SignArgs>();
  auto* sign_cmd = cmd->add_subcommand("sign", "Sign a JSON claims object as a JWT");
  sign_cmd->add_option("--key", s->key, "Private JWK file")->required();
  sign_cmd->add_option("--claims", s->claims, "JSON claims file, or - for stdin")->required();
  sign_cmd->add_option("--alg", s->alg, "EdDSA|EDDSA|ES256K|ES256|RS256|EIP191 (default: key's)");
  sign_cmd->add_option("--kid", s->kid, "Header kid (default: the key's; empty omits it)");
  sign_cmd->add_option("--typ", s->typ, "Header typ (default JWT)");
  sign_cmd->add_flag("--iat", s->iat, "Set iat to now");
  sign_cmd->add_option("--exp-in", s->exp_in, "Set exp to now + SECONDS");
  sign_cmd->callback([&cli, s, sign_cmd] {
    s->kid_set = sign_cmd->count("--kid") > 0;
    cli.exit_code = sign(*s);
  });

  auto v = std::make_shared<VerifyArgs>();
  auto* verify_cmd = cmd->add_subcommand("verify", "Verify a JWT; prints header and claims");
  verify_cmd->add_option("token", v->token, "The JWT, or - for stdin")->required();
  verify_cmd->add_option("--key", v->key, "Verifying JWK file")->required();
  verify_cmd->add_option("--alg", v->algs, "Allowed algorithm (repeatable; default: the key's)")
      ->allow_extra_args(false);
  verify_cmd->add_option("--iss", v->issuers, "Accepted issuer (repeatable)")
      ->allow_extra_args(false);
  verify_cmd->add_option("--aud", v->audiences, "Accepted audience (repeatable)")
      ->allow_extra_args(false);
  verify_cmd->add_option("--sub", v->subject, "Required subject");
  verify_cmd->add_option("--jti", v->jti, "Required jti");
  verify_cmd->add_option("--max-age", v->max_age, "Maximum age from iat, seconds");
  verify_cmd->add_option("--skew", v->skew, "Clock skew tolerance, seconds");
  verify_cmd->add_option("--now", v->now, "Check time as this unix time (default: now)");
  verify_cmd->add_flag("--require-exp", v->require_exp, "Require an exp claim");
  verify_cmd->add_option("--request", v->request, "JSON request the requestHash must cover");
  verify_cmd->add_option("--allow-wildcard", v->wildcards, "hashWildcard path the verifier allows")
      ->allow_extra_args(false);
  verify_cmd->add_option("--request-hash", v->request_hash, "Required requestHash value");
  verify_cmd->add_option("--data", v->data, "JSON document the data claim must hash");
  verify_cmd->add_option("--bound-key", v->bound_key, "JWK file the cnf claim must match");
  verify_cmd->add_option("--crit", v->crit, "Critical header the caller understands")
      ->allow_extra_args(false);
  verify_cmd->callback([&cli, v] { cli.exit_code = verify(*v); });

  auto d = std::make_shared<std::string>();
  auto* decode_cmd = cmd->add_subcommand("decode", "Decode a JWT WITHOUT verifying it");
  decode_cmd->add_option("token", *d, "The JWT, or - for stdin")->required();
  decode_cmd->callback([&cli, d] { cli.exit_code = decode(*d); });

  auto h = std::make_shared<std::string>();
  auto* hash_cmd = cmd->add_subcommand("hash", "Print 0x + hex(sha256(RFC 8785 JSON))");
  hash_cmd->add_option("file", *h, "JSON file, or - for stdin")->required();
  hash_cmd->callback([&cli, h] { cli.exit_code = hash(*h); });

  auto r = std::make_shared<RequestArgs>();
  auto* sr = cmd->add_subcommand("sign-request", "Detached JWS (header..signature) for a request");
  sr->add_option("--key", r->key, "Private JWK file (must have a kid)")->required();
  sr->add_option("--alg", r->alg, "Algorithm (default: the key's)");
  sr->add_option("--method", r->method, "HTTP method (htm)")->required();
  sr->add_option("--uri", r->uri, "Absolute request URI")->required();
  sr->add_option("--body", r->body, "JSON body file (none: hashes {})");
  sr->add_option("--access-token", r->access_token, "Bind to this access token (ath)");
  sr->add_option("--created", r->created, "created, unix seconds (default: now)");
  sr->callback([&cli, r] { cli.exit_code = sign_request(*r); });

  auto q = std::make_shared<RequestArgs>();
  auto* vr = cmd->add_subcommand("verify-request", "Verify a detached request signature");
  vr->add_option("jwsd", q->jwsd, "The detached JWS, or - for stdin")->required();
  vr->add_option("--key", q->key, "Client JWK file")->required();
  vr->add_option("--alg", q->algs, "Allowed algorithm (repeatable; default: the key's)")
      ->allow_extra_args(false);
  vr->add_option("--method", q->method, "HTTP method")->required();
  vr->add_option("--uri", q->uri, "Request URI")->required();
  vr->add_option("--body", q->body, "JSON body file");
  vr->add_option("--access-token", q->access_token, "Access token presented with the request");
  vr->add_option("--max-age", q->max_age, "Maximum age of created, seconds (default 60)");
  vr->add_option("--skew", q->skew, "Future tolerance of created, seconds (default 5)");
  vr->add_option("--now", q->now, "Check time as this unix time (default: now)");
  vr->callback([&cli, q] { cli.exit_code = verify_request(*q); });
}

}  // namespace custos::cli
