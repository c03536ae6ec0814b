#include "jose/hash.h"

#include <algorithm>

#include "json/serialize.h"

namespace custos::jose {

Result<crypto::Sha256Digest> canonical_sha256(const json::Value& value) {
  CUSTOS_TRY_ASSIGN(std::string canonical, json::canonicalize(value));
  return crypto::sha256(canonical);
}

Result<std::string> canonical_hash(const json::Value& value) {
  CUSTOS_TRY_ASSIGN(auto digest, canonical_sha256(value));
  return "0x" + hex_encode(digest);
}

namespace {
void erase_path(json::Value& root, std::string_view path) {
  json::Value* node = &root;
  for (;;) {
    auto dot = path.find('.');
    std::string_view head = path.substr(0, dot);
    if (!node->is_object()) return;
    if (dot == std::string_view::npos) {
      node->erase(head);
      return;
    }
    node = node->find(head);
    if (node == nullptr) return;
    path.remove_prefix(dot + 1);
  }
}
}  // namespace

json::Value without_wildcard_fields(const json::Value& request,
                                    const std::vector<std::string>& wildcard_paths,
                                    const std::vector<std::string>& allowed_paths) {
  json::Value copy = request;
  for (const auto& path : wildcard_paths) {
    if (std::find(allowed_paths.begin(), allowed_paths.end(), path) != allowed_paths.end()) {
      erase_path(copy, path);
    }
  }
  return copy;
}

}  // namespace custos::jose
