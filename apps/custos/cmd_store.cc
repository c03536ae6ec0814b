// `custos store sign`: signs a data store document (entity or policy) with an admin key.
// `custos decide`: verifies the stores and an evaluation request and prints the decision.

#include <filesystem>
#include <iostream>

#include "base/clock.h"
#include "base/rng.h"
#include "cli.h"
#include "engine/engine.h"
#include "engine/http_fetcher.h"
#include "jose/jwk.h"
#include "json/json.h"
#include "store/store.h"

namespace custos::cli {
namespace {

Result<json::Value> read_json(const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  auto value = json::parse(text);
  if (!value) return fail(Error(value.error()).with_context(path));
  return value;
}

Result<jose::Jwk> read_key(const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  auto key = jose::Jwk::parse_text(std::string_view(text));
  if (!key) return fail(Error(key.error()).with_context(path));
  return key;
}

int sign_store(const std::string& key_path, const std::string& kind_name,
               const std::string& data_path, std::int64_t iat) {
  store::StoreKind kind =
      kind_name == "entity" ? store::StoreKind::kEntity : store::StoreKind::kPolicy;
  auto key = read_key(key_path);
  auto document = read_json(data_path);
  if (!key || !document) {
    print_error(!key ? key.error() : document.error());
    return kExitFailure;
  }
  // Accept the data file ({"<kind>": {"data": …}}) or the bare data.
  json::Value data = *document;
  if (const json::Value* wrapper =
          document->is_object() ? document->find(store::kind_name(kind)) : nullptr) {
    if (const json::Value* inner = wrapper->is_object() ? wrapper->find("data") : nullptr)
      data = *inner;
  }
  auto signature =
      store::sign_document(kind, data, *key, iat ? iat : SystemClock::instance().unix_seconds());
  if (!signature) {
    print_error(signature.error());
    return kExitFailure;
  }
  std::cout << *signature << "\n";
  return kExitOk;
}

struct DecideArgs {
  std::string entity_store, policy_store, request, ca_file;
  std::vector<std::string> feed_keys;
  std::int64_t now = 0;  // unix seconds; 0: the system clock
};

Result<void> load_store(engine::Engine& engine, store::StoreKind kind,
                        const std::string& config_path, const net::ClientOptions& http) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(config_path));
  auto config = store::parse_store_config_text(text);
  if (!config) return fail(Error(config.error()).with_context(config_path));
  std::string base = std::filesystem::path(config_path).parent_path().string();
  engine::SourceFetcher fetcher(store::FileFetcher(base), http);
  auto loaded = engine.update(kind, *config, fetcher);
  if (!loaded)
    return fail(Error(loaded.error()).with_context(std::string(store::kind_name(kind)) + " store"));
  return {};
}

int decide(const DecideArgs& args) {
  engine::EngineOptions options;
  ManualClock fixed_clock(args.now * 1'000'000'000);
  if (args.now) options.clock = &fixed_clock;
  for (const auto& path : args.feed_keys) {
    auto key = read_key(path);
    if (!key) {
      print_error(key.error());
      return kExitFailure;
    }
    options.feed_keys.push_back(key->public_only());
  }
  net::ClientOptions http;
  if (!args.ca_file.empty()) {
    auto pem = read_file(args.ca_file);
    if (!pem) {
      print_error(pem.error());
      return kExitFailure;
    }
    http.ca_pem = *pem;
  }
  engine::Engine engine(options);
  for (auto [kind, path] : {std::pair{store::StoreKind::kEntity, &args.entity_store},
                            std::pair{store::StoreKind::kPolicy, &args.policy_store}}) {
    auto loaded = load_store(engine, kind, *path, http);
    if (!loaded) {
      print_error(loaded.error());
      return kExitFailure;
    }
  }
  auto request = read_json(args.request);
  if (!request) {
    print_error(request.error());
    return kExitFailure;
  }
  auto decision = engine.evaluate(*request, OsRng::instance());
  if (!decision) {
    print_error(decision.error());
    return kExitFailure;
  }
  json::SerializeOptions pretty;
  pretty.pretty = true;
  std::cout << json::serialize(decision->response, pretty) << "\n";
  return kExitOk;
}

}  // namespace

void add_store_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("store", "Signed entity and policy data stores");
  cmd->require_subcommand(1);
  auto* sign = cmd->add_subcommand("sign", "Sign a store data file; prints the signature file");
  struct SignArgs {
    std::string key, kind, data;
    std::int64_t iat = 0;
  };
  auto args = std::make_shared<SignArgs>();
  sign->add_option("--key", args->key, "Private JWK of a store admin")->required();
  sign->add_option("--kind", args->kind, "entity or policy")
      ->required()
      ->check(CLI::IsMember({"entity", "policy"}));
  sign->add_option("--iat", args->iat, "Issued-at (seconds; default now): orders store versions");
  sign->add_option("data", args->data, "Data file ({\"<kind>\": {\"data\": …}}) or bare data")
      ->required();
  sign->callback(
      [&cli, args] { cli.exit_code = sign_store(args->key, args->kind, args->data, args->iat); });
}

void add_decide_command(Cli& cli) {
  auto args = std::make_shared<DecideArgs>();
  auto* cmd = cli.app.add_subcommand(
      "decide", "Evaluate a signed evaluation request against verified stores");
  cmd->add_option("--entity-store", args->entity_store, "Entity store configuration (JSON)")
      ->required();
  cmd->add_option("--policy-store", args->policy_store, "Policy store configuration (JSON)")
      ->required();
  cmd->add_option("--feed-key", args->feed_keys, "Public JWK of a feed signer (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option("--ca-file", args->ca_file, "Trusted CA certificates (PEM) for HTTPS stores");
  cmd->add_option("--now", args->now,
                  "Evaluate at this time (unix seconds; default now): time windows, feed age, "
                  "token iat/exp");
  cmd->add_option("request", args->request, "Signed evaluation request (JSON)")->required();
  cmd->callback([&cli, args] { cli.exit_code = decide(*args); });
}

}  // namespace custos::cli
