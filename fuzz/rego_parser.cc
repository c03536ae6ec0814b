// libFuzzer target: the Rego lexer and parser on arbitrary bytes, as v1 and as v0 modules and
// as a query. Must never crash, hang or leak; errors are values.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rego/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)custos::rego::parse_module(text, "fuzz.rego");
  (void)custos::rego::parse_module(text, "fuzz.rego", {.v0_compatible = true});
  (void)custos::rego::parse_query(text);
  return 0;
}
