// Fuzzes YAML decoding (yaml.unmarshal / yaml.is_valid: yaml-cpp, scalar resolution, alias
// budget) and re-encoding of whatever decodes (yaml.marshal), checking the round trip.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rego/builtins/yaml.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto v = custos::rego::yaml_to_value(in);
  if (!v) return 0;
  auto text = custos::rego::value_to_yaml(*v);
  if (!text) return 0;
  auto again = custos::rego::yaml_to_value(*text);
  // What we emit must read back as the same value.
  if (!again || !(*again == *v)) std::abort();
  return 0;
}
