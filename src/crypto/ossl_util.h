#pragma once
// Private helpers for the OpenSSL-backed wrappers (not part of the public API).

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <memory>

#include "base/bytes.h"

namespace custos::crypto::ossl {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
  void operator()(BN_CTX* p) const { BN_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

inline std::shared_ptr<EVP_PKEY> share(EVP_PKEY* p) { return {p, Free{}}; }

inline Ptr<BIGNUM> bn_from(ByteView big_endian) {
  return Ptr<BIGNUM>(BN_bin2bn(big_endian.data(), static_cast<int>(big_endian.size()), nullptr));
}

// Big-endian bytes of a BIGNUM without leading zeros (at least one byte).
inline Bytes bn_bytes(const BIGNUM* bn) {
  Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
  if (out.empty()) return Bytes{0};
  BN_bn2bin(bn, out.data());
  return out;
}

}  // namespace custos::crypto::ossl
