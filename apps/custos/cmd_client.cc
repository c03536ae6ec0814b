// `custos client keygen | sign-request | sign-feed`: what a client (or a feed operator) does
// before it sends an evaluation request.

#include <iostream>

#include "base/clock.h"
#include "base/rng.h"
#include "cli.h"
#include "jose/hash.h"
#include "jose/jwk.h"
#include "jose/jwt.h"
#include "json/json.h"

namespace custos::cli {
namespace {

jose::Algorithm natural_algorithm(const jose::Jwk& key) {
  switch (key.kind()) {
    case jose::Jwk::Kind::kEd25519: return jose::Algorithm::kEdDSA;
    case jose::Jwk::Kind::kP256: return jose::Algorithm::kES256;
    case jose::Jwk::Kind::kRsa: return jose::Algorithm::kRS256;
    default: return jose::Algorithm::kES256K;
  }
}

void print_json(const json::Value& value) {
  json::SerializeOptions pretty;
  pretty.pretty = true;
  std::cout << json::serialize(value, pretty) << "\n";
}

Result<std::pair<jose::Jwk, json::Value>> read_key_and_json(const std::string& key_path,
                                                            const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string key_text, read_file(key_path));
  CUSTOS_TRY_ASSIGN(jose::Jwk key, jose::Jwk::parse_text(std::string_view(key_text)));
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  CUSTOS_TRY_ASSIGN(json::Value value, json::parse(text));
  return std::pair{std::move(key), std::move(value)};
}

Result<json::Value> sign_request(const std::string& key_path, const std::string& path,
                                 bool approval, std::int64_t iat) {
  CUSTOS_TRY_ASSIGN(auto loaded, read_key_and_json(key_path, path));
  auto& [key, evaluation] = loaded;
  if (!evaluation.is_object())
    return fail(ErrorCode::kInvalidArgument, "the request file must hold a JSON object");
  // A bare request becomes {request}; an evaluation request keeps its other members.
  if (!evaluation.contains("request")) evaluation = json::Value::object({{"request", evaluation}});
  CUSTOS_TRY_ASSIGN(std::string hash, jose::canonical_hash(*evaluation.find("request")));
  json::Value claims = json::Value::object(
      {{"requestHash", json::Value(hash)},
       {"iat", json::Value(iat ? iat : SystemClock::instance().unix_seconds())}});
  CUSTOS_TRY_ASSIGN(std::string jwt, jose::sign_jwt(claims, key, natural_algorithm(key)));
  if (approval) {
    json::Value* approvals = evaluation.find("approvals");
    if (!approvals || !approvals->is_array()) {
      evaluation.set("approvals", json::Value::array());
      approvals = evaluation.find("approvals");
    }
    approvals->push_back(json::Value(jwt));
  } else {
    evaluation.set("authentication", json::Value(jwt));
  }
  return evaluation;
}

Result<json::Value> sign_feed(const std::string& key_path, const std::string& source,
                              const std::string& path, std::int64_t iat) {
  CUSTOS_TRY_ASSIGN(auto loaded, read_key_and_json(key_path, path));
  auto& [key, data] = loaded;
  CUSTOS_TRY_ASSIGN(std::string hash, jose::canonical_hash(data));
  json::Value claims = json::Value::object(
      {{"data", json::Value(hash)},
       {"iat", json::Value(iat ? iat : SystemClock::instance().unix_seconds())}});
  CUSTOS_TRY_ASSIGN(std::string jwt, jose::sign_jwt(claims, key, natural_algorithm(key)));
  return json::Value::object(
      {{"source", json::Value(source)}, {"sig", json::Value(jwt)}, {"data", data}});
}

int report(const Result<json::Value>& result) {
  if (!result) {
    print_error(result.error());
    return kExitFailure;
  }
  print_json(*result);
  return kExitOk;
}

}  // namespace

void add_client_command(Cli& cli) {
  auto* cmd =
      cli.app.add_subcommand("client", "Client-side tools: keys, signed requests, signed feeds");
  cmd->require_subcommand(1);

  struct KeygenArgs {
    std::string kid, alg = "EdDSA";
  };
  auto keygen_args = std::make_shared<KeygenArgs>();
  auto* keygen = cmd->add_subcommand("keygen", "Print a new private JWK");
  keygen->add_option("--kid", keygen_args->kid,
                     "Key id (default: the reference's kid for the key)");
  keygen->add_option("--alg", keygen_args->alg, "EdDSA, ES256K, ES256 or RS256")
      ->check(CLI::IsMember({"EdDSA", "ES256K", "ES256", "RS256"}));
  keygen->callback([&cli, keygen_args] {
    auto alg = jose::parse_algorithm(keygen_args->alg);
    auto key = jose::Jwk::generate(*alg, OsRng::instance(), keygen_args->kid);
    cli.exit_code = report(key ? Result<json::Value>(key->to_json(true))
                               : Result<json::Value>(fail(key.error())));
  });

  struct SignArgs {
    std::string key, file, source = "armory/price-feed";
    bool approval = false;
    std::int64_t iat = 0;
  };
  auto sign_args = std::make_shared<SignArgs>();
  auto* sign =
      cmd->add_subcommand("sign-request", "Sign an evaluation request (sets authentication)");
  sign->add_option("--key", sign_args->key, "The client's private JWK")->required();
  sign->add_flag("--approval", sign_args->approval,
                 "Append an approval instead of setting authentication");
  sign->add_option("--iat", sign_args->iat, "Issued-at (seconds; default now)");
  sign->add_option("request", sign_args->file, "Request or evaluation request (JSON)")->required();
  sign->callback([&cli, sign_args] {
    cli.exit_code =
        report(sign_request(sign_args->key, sign_args->file, sign_args->approval, sign_args->iat));
  });

  auto feed_args = std::make_shared<SignArgs>();
  auto* feed = cmd->add_subcommand("sign-feed", "Sign feed data; prints {source, sig, data}");
  feed->add_option("--key", feed_args->key, "The feed operator's private JWK")->required();
  feed->add_option("--source", feed_args->source, "Feed source (default armory/price-feed)");
  feed->add_option("--iat", feed_args->iat, "Issued-at (seconds; default now)");
  feed->add_option("data", feed_args->file, "Feed data (JSON)")->required();
  feed->callback([&cli, feed_args] {
    cli.exit_code =
        report(sign_feed(feed_args->key, feed_args->source, feed_args->file, feed_args->iat));
  });
}

}  // namespace custos::cli
