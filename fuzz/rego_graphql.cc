// Fuzzes the GraphQL builtins on untrusted text: the input is split at the first NUL byte into
// a query and a schema; both parsers run on each part, then schema validation and query
// validation (graphql.parse / is_valid) and the AST-object path (parse_query output fed back
// into is_valid). Checks: no crash, no sanitizer report, bounded recursion.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "rego_call.h"

namespace {

using custos::rego::Value;
using custos::rego::fuzz::call;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nul = in.find('\0');
  std::string_view query = in.substr(0, nul);
  std::string_view schema = nul == std::string_view::npos
                                ? std::string_view("type Query { a: Int }")
                                : in.substr(nul + 1);
  auto q = call("graphql.parse_query", {Value(query)});
  auto s = call("graphql.parse_schema", {Value(schema)});
  (void)call("graphql.parse_schema", {Value(query)});
  (void)call("graphql.schema_is_valid", {Value(schema)});
  (void)call("graphql.parse", {Value(query), Value(schema)});
  (void)call("graphql.parse_and_verify", {Value(query), Value(schema)});
  if (q && s) (void)call("graphql.is_valid", {*q, *s});
  return 0;
}
