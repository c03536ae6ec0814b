// libFuzzer target: the strict JSON parser on untrusted bytes. Checks, besides "no crash":
// accepted documents re-serialize to text that parses to the same tree, and canonicalization is
// idempotent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "json/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace custos::json;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto value = parse(text, {.max_depth = 64, .max_bytes = 1 << 20});
  if (!value) {
    if (!value.error().code_name().starts_with("json_")) std::abort();
    return 0;
  }
  auto again = parse(serialize(*value), {.max_depth = 64, .max_bytes = 1 << 22});
  if (!again || !(*again == *value)) std::abort();
  auto canonical = canonicalize(*value);
  if (canonical) {
    auto twice =
        canonicalize(std::string_view(*canonical), {.max_depth = 64, .max_bytes = 1 << 22});
    if (!twice || *twice != *canonical) std::abort();
  }
  return 0;
}
