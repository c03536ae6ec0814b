// P-256 / P-384 ECDSA through OpenSSL 3: see ecdsa.h.

#include "crypto/ecdsa.h"

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/obj_mac.h>

#include <cstring>

#include "base/secret.h"
#include "crypto/hash.h"
#include "crypto/ossl_util.h"

namespace custos::crypto::ecdsa {
namespace {

using ossl::Free;
using ossl::Ptr;

struct GroupFree {
  void operator()(EC_GROUP* g) const { EC_GROUP_free(g); }
  void operator()(EC_POINT* p) const { EC_POINT_free(p); }
  void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

int nid(Curve c) { return c == Curve::kP256 ? NID_X9_62_prime256v1 : NID_secp384r1; }
const char* group_name(Curve c) { return c == Curve::kP256 ? "P-256" : "P-384"; }

Error bad_key() { return Error(ErrorCode::kCryptoBadKey, "invalid EC key"); }
Error verify_failed() {
  return Error(ErrorCode::kCryptoVerifyFailed, "signature verification failed");
}

// Builds an EVP_PKEY from an uncompressed point and (optionally) a private scalar.
Result<std::shared_ptr<evp_pkey_st>> build(Curve curve, ByteView point, const BIGNUM* priv) {
  Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name(curve),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                       point.size()) != 1 ||
      (priv && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv) != 1)) {
    return tl::unexpected(bad_key());
  }
  Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld.get()));
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return tl::unexpected(bad_key());
  }
  return ossl::share(pkey);
}

}  // namespace

namespace detail {

void wipe(void* p, std::size_t n) { secure_wipe(p, n); }

Bytes hash(Curve curve, ByteView message) {
  if (curve == Curve::kP256) {
    auto d = sha256(message);
    return Bytes(d.begin(), d.end());
  }
  auto d = sha384(message);
  return Bytes(d.begin(), d.end());
}

Result<std::shared_ptr<evp_pkey_st>> load_public(Curve curve, ByteView sec1, std::uint8_t* out) {
  const std::size_t n = field_size(curve);
  bool shape_ok = (sec1.size() == 1 + 2 * n && sec1[0] == 0x04) ||
                  (sec1.size() == 1 + n && (sec1[0] == 0x02 || sec1[0] == 0x03));
  if (!shape_ok) return tl::unexpected(bad_key());
  std::unique_ptr<EC_GROUP, GroupFree> group(EC_GROUP_new_by_curve_name(nid(curve)));
  std::unique_ptr<EC_POINT, GroupFree> point(group ? EC_POINT_new(group.get()) : nullptr);
  // oct2point checks that the point is on the curve.
  if (!point ||
      EC_POINT_oct2point(group.get(), point.get(), sec1.data(), sec1.size(), nullptr) != 1 ||
      EC_POINT_is_at_infinity(group.get(), point.get()) ||
      EC_POINT_is_on_curve(group.get(), point.get(), nullptr) != 1) {
    return tl::unexpected(bad_key());
  }
  Bytes encoded(1 + 2 * n);
  if (EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), nullptr) != encoded.size()) {
    return tl::unexpected(bad_key());
  }
  if (out) std::memcpy(out, encoded.data(), encoded.size());
  return build(curve, encoded, nullptr);
}

Result<std::shared_ptr<evp_pkey_st>> load_private(Curve curve, ByteView scalar,
                                                  std::uint8_t* public_out) {
  const std::size_t n = field_size(curve);
  std::unique_ptr<EC_GROUP, GroupFree> group(EC_GROUP_new_by_curve_name(nid(curve)));
  Ptr<BIGNUM> d = ossl::bn_from(scalar);
  if (!group || !d || BN_is_zero(d.get()) ||
      BN_cmp(d.get(), EC_GROUP_get0_order(group.get())) >= 0) {
    return tl::unexpected(bad_key());
  }
  std::unique_ptr<EC_POINT, GroupFree> point(EC_POINT_new(group.get()));
  Bytes encoded(1 + 2 * n);
  if (!point || EC_POINT_mul(group.get(), point.get(), d.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, encoded.data(),
                         encoded.size(), nullptr) != encoded.size()) {
    return tl::unexpected(bad_key());
  }
  std::memcpy(public_out, encoded.data(), encoded.size());
  return build(curve, encoded, d.get());
}

Result<Bytes> sign_digest(Curve curve, evp_pkey_st* key, ByteView digest) {
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new(key, nullptr));
  std::size_t der_len = 0;
  if (!ctx || EVP_PKEY_sign_init(ctx.get()) != 1 ||
      EVP_PKEY_sign(ctx.get(), nullptr, &der_len, digest.data(), digest.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "ECDSA signing failed");
  }
  Bytes der(der_len);
  if (EVP_PKEY_sign(ctx.get(), der.data(), &der_len, digest.data(), digest.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "ECDSA signing failed");
  }
  der.resize(der_len);
  return der_to_raw(der, field_size(curve));
}

Result<void> verify_digest(Curve curve, evp_pkey_st* key, ByteView digest, ByteView signature) {
  if (key == nullptr || signature.size() != 2 * field_size(curve)) {
    return tl::unexpected(verify_failed());
  }
  auto der = raw_to_der(signature);
  if (!der) return tl::unexpected(verify_failed());
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new(key, nullptr));
  if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1 ||
      EVP_PKEY_verify(ctx.get(), der->data(), der->size(), digest.data(), digest.size()) != 1) {
    return tl::unexpected(verify_failed());
  }
  return {};
}

}  // namespace detail

Result<Bytes> raw_to_der(ByteView raw) {
  if (raw.empty() || raw.size() % 2 != 0) {
    return fail(ErrorCode::kCryptoBadSignature, "raw ECDSA signature has odd length");
  }
  const std::size_t n = raw.size() / 2;
  std::unique_ptr<ECDSA_SIG, GroupFree> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(raw.data(), static_cast<int>(n), nullptr);
  BIGNUM* s = BN_bin2bn(raw.data() + n, static_cast<int>(n), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return fail(ErrorCode::kCryptoBadSignature, "bad ECDSA signature");
  }
  int len = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (len <= 0) return fail(ErrorCode::kCryptoBadSignature, "bad ECDSA signature");
  Bytes der(static_cast<std::size_t>(len));
  std::uint8_t* p = der.data();
  i2d_ECDSA_SIG(sig.get(), &p);
  return der;
}

Result<Bytes> der_to_raw(ByteView der, std::size_t n) {
  const std::uint8_t* p = der.data();
  std::unique_ptr<ECDSA_SIG, GroupFree> sig(
      d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig || p != der.data() + der.size()) {
    return fail(ErrorCode::kCryptoBadSignature, "malformed DER ECDSA signature");
  }
  const BIGNUM* r = ECDSA_SIG_get0_r(sig.get());
  const BIGNUM* s = ECDSA_SIG_get0_s(sig.get());
  Bytes raw(2 * n);
  if (BN_bn2binpad(r, raw.data(), static_cast<int>(n)) < 0 ||
      BN_bn2binpad(s, raw.data() + n, static_cast<int>(n)) < 0) {
    return fail(ErrorCode::kCryptoBadSignature, "ECDSA integer too wide");
  }
  return raw;
}

}  // namespace custos::crypto::ecdsa
