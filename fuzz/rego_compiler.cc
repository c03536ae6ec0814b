// libFuzzer target: parse + compile a module and evaluate `data` (every rule) with small
// step/depth limits, so compiler passes and the evaluator see arbitrary programs.

#include <cstddef>
#include <cstdint>
#include <string>

#include "rego/rego.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto policy = custos::rego::compile({{"fuzz.rego", text}},
                                      custos::rego::Value::object({{"x", custos::rego::Value(1)}}));
  if (!policy) return 0;
  auto query = (*policy)->prepare("data");
  if (!query) return 0;
  custos::rego::EvalOptions options;
  options.max_steps = 20'000;
  options.max_depth = 64;
  options.now_unix_nanos = 0;
  (void)query->eval(options);
  return 0;
}
