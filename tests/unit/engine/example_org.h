#pragma once
// Test helpers over examples/org (the example organisation, its signed stores and requests).

#include <fstream>
#include <sstream>
#include <string>

#include "base/clock.h"
#include "engine/engine.h"
#include "jose/jwk.h"
#include "json/parse.h"
#include "json/serialize.h"
#include "store/store.h"

namespace custos::engine::testing {

inline std::string org_path(const std::string& relative) {
  return std::string(CUSTOS_SOURCE_DIR) + "/examples/org/" + relative;
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline json::Value read_json(const std::string& relative) {
  auto value = json::parse(read_text(org_path(relative)));
  return value ? *value : json::Value();
}

inline jose::Jwk org_key(const std::string& name) {
  return *jose::Jwk::parse_text(std::string_view(read_text(org_path("keys/" + name + ".jwk"))));
}

inline store::StoreConfig org_config(store::StoreKind kind) {
  std::string file = kind == store::StoreKind::kEntity ? "entity-store.json" : "policy-store.json";
  return *store::parse_store_config_text(read_text(org_path(file)));
}

// 2026-01-01T00:10:00Z: ten minutes after the example stores and requests were signed.
inline constexpr std::int64_t kNow = 1767225600 + 600;

inline EngineOptions org_options(const Clock* clock) {
  EngineOptions options;
  options.feed_keys.push_back(org_key("feed-prices").public_only());
  options.feed_keys.push_back(org_key("feed-transfers").public_only());
  options.clock = clock;
  return options;
}

// Loads both example stores into `engine`; returns the first error.
inline Result<void> load_org(Engine& engine) {
  store::FileFetcher fetcher(org_path(""));
  CUSTOS_TRY(
      engine.update(store::StoreKind::kEntity, org_config(store::StoreKind::kEntity), fetcher));
  CUSTOS_TRY(
      engine.update(store::StoreKind::kPolicy, org_config(store::StoreKind::kPolicy), fetcher));
  return {};
}

}  // namespace custos::engine::testing
