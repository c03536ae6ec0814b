// Crypto digests and MACs (OPA category "crypto"): crypto.md5, crypto.sha1, crypto.sha256,
// crypto.hmac.md5/sha1/sha256/sha512 (lower-case hex) and crypto.hmac.equal (constant-time).
// OpenSSL 3 EVP/HMAC. X.509 and key parsing are in crypto_x509.cc.

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

std::string to_hex(const unsigned char* p, unsigned n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kHex[p[i] >> 4]);
    out.push_back(kHex[p[i] & 15]);
  }
  return out;
}

std::optional<std::string> digest(const EVP_MD* md, std::string_view s) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  if (EVP_Digest(s.data(), s.size(), out, &n, md, nullptr) != 1) return std::nullopt;
  return to_hex(out, n);
}

std::optional<std::string> hmac(const EVP_MD* md, std::string_view s, std::string_view key) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  if (HMAC(md, key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(s.data()), s.size(), out, &n) == nullptr) {
    return std::nullopt;
  }
  return to_hex(out, n);
}

}  // namespace

void register_crypto_x509(Registry& r);

void register_crypto(Registry& r) {
  struct Hash {
    const char* name;
    const EVP_MD* (*md)();
  };
  static constexpr Hash kHashes[] = {
      {"md5", EVP_md5}, {"sha1", EVP_sha1}, {"sha256", EVP_sha256}, {"sha512", EVP_sha512}};
  for (const auto& h : kHashes) {
    auto md = h.md;
    std::string n = h.name;
    if (n != "sha512") {
      r.add({.name = "crypto." + n,
             .args = {Type::string()},
             .result = Type::string(),
             .description = "Returns a string representing the input string hashed with the " + n +
                            " function",
             .category = "crypto",
             .fn = [md](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
               CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
               auto d = digest(md(), s);
               if (!d) return util::builtin_err(ctx, "digest failed");
               return Value(std::move(*d));
             }});
    }
    r.add({.name = "crypto.hmac." + n,
           .args = {Type::string(), Type::string()},
           .result = Type::string(),
           .description = "Returns a string representing the " + n +
                          " HMAC of the input message "
                          "using the input key.",
           .category = "crypto",
           .fn = [md](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
             CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
             CUSTOS_TRY_ASSIGN(auto key, arg_string(ctx, args, 2));
             auto d = hmac(md(), s, key);
             if (!d) return util::builtin_err(ctx, "hmac failed");
             return Value(std::move(*d));
           }});
  }
  r.add({.name = "crypto.hmac.equal",
         .args = {Type::string(), Type::string()},
         .result = Type::boolean(),
         .description = "Returns a boolean representing the result of comparing two MACs for "
                        "equality without leaking timing information.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, arg_string(ctx, args, 2));
           if (a.size() != b.size()) return Value(false);
           return Value(CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
         }});
  register_crypto_x509(r);
}

}  // namespace custos::rego
