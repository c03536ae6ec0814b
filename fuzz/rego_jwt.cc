// Fuzzes io.jwt.decode and io.jwt.decode_verify on untrusted tokens. The input is split at the
// first newline: the token before it, and after it a key ("cert" constraint text: PEM, JWK or JWK
// Set); the same token is also checked with an HMAC secret and with io.jwt.verify_* calls.
// Invariant checked: a token signed here with the fuzzer's header/payload verifies.

#include <any>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "rego/builtins/registry.h"

namespace {

using custos::rego::Value;

custos::rego::BuiltinResult call(std::string_view name, std::vector<Value> args) {
  const auto* decl = custos::rego::Registry::defaults().find(name);
  std::unordered_map<std::string, std::any> cache;
  custos::rego::BuiltinContext ctx;
  ctx.name = decl->name;
  ctx.now_unix_nanos = 1577836800000000000;
  ctx.cache = &cache;
  return decl->fn(ctx, args);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  std::string_view token = in.substr(0, nl);
  std::string_view key = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);
  Value t(token);
  (void)call("io.jwt.decode", {t});
  (void)call("io.jwt.decode_verify",
             {t, Value::object({{Value("secret"), Value("secret")}, {Value("aud"), Value("x")}})});
  if (!key.empty()) {
    (void)call("io.jwt.decode_verify", {t, Value::object({{Value("cert"), Value(key)}})});
    for (const char* name : {"io.jwt.verify_rs256", "io.jwt.verify_ps384", "io.jwt.verify_es256",
                             "io.jwt.verify_es512", "io.jwt.verify_eddsa", "io.jwt.verify_hs256"}) {
      (void)call(name, {t, Value(key)});
    }
  }
  // Sign the token's first two sections as raw header/payload: whenever signing succeeds, the
  // result must decode and verify with the same secret.
  std::size_t dot = token.find('.');
  if (dot != std::string_view::npos) {
    auto signed_token =
        call("io.jwt.encode_sign_raw", {Value(token.substr(0, dot)), Value(token.substr(dot + 1)),
                                        Value(R"({"kty":"oct","k":"c2VjcmV0"})")});
    if (signed_token && *signed_token) {
      auto header = call("io.jwt.decode", {**signed_token});
      (void)header;
      for (const char* name :
           {"io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512"}) {
        auto ok = call(name, {**signed_token, Value("secret")});
        if (ok && *ok && **ok == Value(true)) return 0;
      }
      // The header named an HS algorithm (otherwise signing with an oct key fails): one of the
      // three must have verified.
      std::abort();
    }
  }
  return 0;
}
