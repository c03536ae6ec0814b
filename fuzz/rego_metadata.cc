// Fuzzes METADATA annotation parsing (comment-block scanning, YAML, field validation) and the
// rego.metadata.chain() rewrite: the input becomes the YAML of a package block and of a rule
// block. Whatever compiles must evaluate to a chain whose first entry is the rule's path.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "rego/rego.h"

namespace {

std::string commented(std::string_view in) {
  std::string out = "# METADATA\n#";
  for (char c : in) {
    if (c == '\n') {
      out += "\n#";
    } else if (c != '\r' && c != '\0') {
      out.push_back(c);
    }
  }
  out.push_back('\n');
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 4096) return 0;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t split = in.find('\f');
  std::string_view pkg = split == std::string_view::npos ? in : in.substr(0, split);
  std::string_view rule = split == std::string_view::npos ? in : in.substr(split + 1);
  std::string module =
      commented(pkg) + "package t\n\n" + commented(rule) + "p := rego.metadata.chain()\n";
  auto policy = custos::rego::compile({{"f.rego", module}});
  if (!policy) return 0;
  auto query = (*policy)->prepare("data.t.p");
  if (!query) std::abort();
  auto r = query->eval();
  if (!r || r->size() != 1) std::abort();
  const custos::rego::Value& chain = (*r)[0].expressions[0];
  if (!chain.is_array() || chain.size() == 0) std::abort();
  const custos::rego::Value* path = chain.as_array()[0].find("path");
  if (path == nullptr || *path != custos::rego::Value::array({"t", "p"})) std::abort();
  return 0;
}
