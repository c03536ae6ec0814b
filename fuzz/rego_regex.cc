// Fuzzes the regex builtins' untrusted-string paths: pattern compilation (RE2 via the bounded
// cache), Go-style match iteration, $-expansion in regex.replace, regex.split, template_match
// and the glob-intersection tokenizer/search. Input: pattern, '\n', subject text.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rego/builtins/regex.h"
#include "rego/builtins/registry.h"

namespace {

void call(std::string_view name, std::vector<custos::rego::Value> args) {
  const auto* decl = custos::rego::Registry::defaults().find(name);
  custos::rego::BuiltinContext ctx;
  ctx.name = decl->name;
  (void)decl->fn(ctx, args);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  std::string_view pattern = in.substr(0, nl);
  std::string_view text = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  using custos::rego::Value;
  if (auto re = custos::rego::compile_regex(pattern)) {
    (void)custos::rego::find_all(**re, text, -1);
  }
  call("regex.replace", {Value(text), Value(pattern), Value(text.substr(0, 16))});
  call("regex.split", {Value(pattern), Value(text)});
  call("regex.template_match", {Value(pattern), Value(text), Value("{"), Value("}")});
  call("glob.match", {Value(pattern), Value(), Value(text)});
  (void)custos::rego::globs_intersect(pattern, text.substr(0, 64));
  return 0;
}
