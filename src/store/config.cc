#include "store/config.h"

#include "json/parse.h"

namespace custos::store {
namespace {

Error invalid(std::string message) { return Error(ErrorCode::kStoreInvalid, std::move(message)); }

Result<Source> parse_source(const json::Value& value, std::string_view name) {
  std::string where = "store config: " + std::string(name);
  if (!value.is_object()) return fail(invalid(where + " must be an object"));
  Source source;
  const json::Value* type = value.find("type");
  const json::Value* url = value.find("url");
  if (!type || !type->is_string()) return fail(invalid(where + ".type must be a string"));
  if (!url || !url->is_string() || url->as_string().empty())
    return fail(invalid(where + ".url must be a non-empty string"));
  source.url = url->as_string();
  const std::string& t = type->as_string();
  auto starts = [&](std::string_view prefix) { return source.url.rfind(prefix, 0) == 0; };
  if (t == "FILE") {
    source.type = SourceType::kFile;
    if (starts("http://") || starts("https://"))
      return fail(invalid(where + ": a FILE source needs a path or file:// URL"));
  } else if (t == "HTTP") {
    source.type = SourceType::kHttp;
    if (!starts("http://")) return fail(invalid(where + ": an HTTP source needs an http:// URL"));
  } else if (t == "HTTPS") {
    source.type = SourceType::kHttps;
    if (!starts("https://"))
      return fail(invalid(where + ": an HTTPS source needs an https:// URL"));
  } else {
    return fail(invalid(where + ".type must be FILE, HTTP or HTTPS, not '" + t + "'"));
  }
  if (const json::Value* headers = value.find("headers"); headers && !headers->is_null()) {
    if (!headers->is_object()) return fail(invalid(where + ".headers must be an object"));
    for (const auto& [header, header_value] : headers->as_object()) {
      if (!header_value.is_string())
        return fail(invalid(where + ".headers." + header + " must be a string"));
      for (char c : header + header_value.as_string()) {
        if (c == '\r' || c == '\n' || c == '\0')
          return fail(invalid(where + ".headers: control character"));
      }
      source.headers.emplace_back(header, header_value.as_string());
    }
  }
  return source;
}

}  // namespace

Result<StoreConfig> parse_store_config(const json::Value& config) {
  if (!config.is_object()) return fail(invalid("store config must be a JSON object"));
  StoreConfig out;
  const json::Value* data = config.find("data");
  const json::Value* signature = config.find("signature");
  const json::Value* keys = config.find("keys");
  if (!data || !signature || !keys)
    return fail(invalid("store config needs data, signature and keys"));
  CUSTOS_TRY_ASSIGN(out.data, parse_source(*data, "data"));
  CUSTOS_TRY_ASSIGN(out.signature, parse_source(*signature, "signature"));
  if (!keys->is_array() || keys->as_array().empty())
    return fail(invalid("store config: keys must be a non-empty array of JWKs"));
  for (std::size_t i = 0; i < keys->as_array().size(); ++i) {
    auto key = jose::Jwk::parse(keys->as_array()[i]);
    if (!key) {
      return fail(invalid("store config: keys[" + std::to_string(i) + "] is not a valid JWK")
                      .with_detail(key.error()));
    }
    if (key->kid().empty())
      return fail(invalid("store config: keys[" + std::to_string(i) + "] has no kid"));
    for (const auto& other : out.keys) {
      if (other.kid() == key->kid())
        return fail(invalid("store config: duplicate kid " + key->kid()));
    }
    out.keys.push_back(key->public_only());
  }
  return out;
}

Result<StoreConfig> parse_store_config_text(std::string_view json_text) {
  auto value = json::parse(json_text);
  if (!value) return fail(invalid("store config is not valid JSON").with_detail(value.error()));
  return parse_store_config(*value);
}

std::string file_path(const Source& source) {
  if (source.url.rfind("file://", 0) == 0) return source.url.substr(7);
  return source.url;
}

}  // namespace custos::store
