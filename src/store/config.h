#pragma once
// Data store configuration, wire-compatible with the reference:
//   {"data": Source, "signature": Source, "keys": Jwk[]}
//   Source = {"type": "FILE" | "HTTP" | "HTTPS", "url": string, "headers"?: {name: value}}
// The data, the signature and the verifying keys come from three separate places; the keys are
// the only trust anchor (a JWT's kid selects among them, never adds to them).
// Thread-safe (values only).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "jose/jwk.h"
#include "json/value.h"

namespace custos::store {

enum class SourceType { kFile, kHttp, kHttps };

struct Source {
  SourceType type = SourceType::kFile;
  // FILE: a path or a file:// URL; HTTP(S): an absolute URL of that scheme.
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct StoreConfig {
  Source data;
  Source signature;
  std::vector<jose::Jwk> keys;  // public keys only (private parts are dropped when parsing)
};

// Parses a store configuration. Errors: kStoreInvalid naming the member at fault (unknown source
// type, URL scheme that does not match the type, header values that are not strings, no keys,
// duplicate kid, a key without kid), with a kJoseBadJwk detail for a key that does not parse.
Result<StoreConfig> parse_store_config(const json::Value& config);
// Parses JSON text and then the configuration.
Result<StoreConfig> parse_store_config_text(std::string_view json_text);

// The file-system path of a FILE source ("file://" stripped).
std::string file_path(const Source& source);

}  // namespace custos::store
