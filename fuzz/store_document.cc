// Fuzzes store documents: the input is a data file and a signature file separated by a NUL byte.
// Exercises verification (JSON, JWS, kid selection, hash), and — on the data alone — entity
// validation/indexing and the policy compiler. Nothing may crash, hang or leak.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/rng.h"
#include "json/parse.h"
#include "store/store.h"

namespace {

const std::vector<custos::jose::Jwk>& keys() {
  static const auto* k = [] {
    custos::DeterministicRng rng(1);
    return new std::vector<custos::jose::Jwk>{
        custos::jose::Jwk::generate(custos::jose::Algorithm::kEdDSA, rng, "admin")->public_only()};
  }();
  return *k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto split = text.find('\0');
  std::string_view data_file = text.substr(0, split);
  std::string_view signature_file =
      split == std::string_view::npos ? std::string_view() : text.substr(split + 1);
  for (auto kind : {custos::store::StoreKind::kEntity, custos::store::StoreKind::kPolicy}) {
    (void)custos::store::verify_document(kind, data_file, signature_file, keys());
  }
  custos::json::ParseOptions options;
  options.max_bytes = 1 << 20;
  auto value = custos::json::parse(data_file, options);
  if (!value) return 0;
  (void)custos::store::Entities::load(*value);
  (void)custos::store::compile_policies(*value);
  if (const auto* entity = value->is_object() ? value->find("entity") : nullptr) {
    if (const auto* inner = entity->is_object() ? entity->find("data") : nullptr)
      (void)custos::store::Entities::load(*inner);
  }
  (void)custos::store::parse_store_config(*value);
  return 0;
}
