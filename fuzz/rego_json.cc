// Fuzzes the JSON/encoding builtins on untrusted strings: json.unmarshal/is_valid/marshal,
// json.patch/filter/remove with decoded documents, base64/hex/urlquery decoders, units,
// durations, RFC 3339 and Go-layout time parsing, semver, CIDR parsing and merging.

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
  Value s(in);
  if (auto doc = call("json.unmarshal", {s})) {
    auto text = call("json.marshal", {*doc});
    if (doc->is_array()) {
      (void)call("json.patch", {Value::object({}), *doc});
    }
    if (doc->is_object()) {
      (void)call("json.filter", {*doc, Value::array({Value("a/b"), Value("0")})});
      (void)call("json.remove", {*doc, Value::array({Value("a"), Value("b/1")})});
      (void)call("object.union", {*doc, *doc});
    }
    (void)call("json.marshal_with_options",
               {*doc, Value::object({{Value("pretty"), Value(true)}})});
    (void)text;
  }
  for (const char* name :
       {"json.is_valid", "base64.decode", "base64url.decode", "hex.decode", "urlquery.decode",
        "urlquery.decode_object", "units.parse", "units.parse_bytes", "time.parse_duration_ns",
        "time.parse_rfc3339_ns", "semver.is_valid", "net.cidr_is_valid", "uuid.parse", "to_number",
        "strings.reverse", "trim_space", "upper"}) {
    (void)call(name, {s});
  }
  std::size_t nl = in.find('\n');
  std::string_view a = in.substr(0, nl);
  std::string_view b = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  (void)call("time.parse_ns", {Value(a), Value(b)});
  (void)call("sprintf", {Value(a), Value::array({Value(b), Value(1), Value(2.5 > 1 ? 3 : 4)})});
  (void)call("net.cidr_merge", {Value::array({Value(a), Value(b)})});
  (void)call("net.cidr_contains", {Value(a), Value(b)});
  (void)call("semver.compare", {Value(a), Value(b)});
  (void)call("strings.render_template", {Value(a), Value::object({{Value("x"), Value(b)}})});
  return 0;
}
