// RSA PKCS #1 v1.5 / SHA-256 through OpenSSL 3: see rsa.h.

#include "crypto/rsa.h"

#include <openssl/core_names.h>
#include <openssl/rsa.h>

#include "crypto/ossl_util.h"

namespace custos::crypto::rsa {
namespace {

using ossl::Ptr;

Error bad_key(const char* why) { return Error(ErrorCode::kCryptoBadKey, why); }

Bytes strip_zeros(ByteView v) {
  std::size_t i = 0;
  while (i + 1 < v.size() && v[i] == 0) ++i;
  return Bytes(v.begin() + static_cast<std::ptrdiff_t>(i), v.end());
}

Result<void> check_public(ByteView n, ByteView e) {
  Bytes nn = strip_zeros(n), ee = strip_zeros(e);
  if (nn.empty() || ee.empty()) return tl::unexpected(bad_key("empty RSA component"));
  Ptr<BIGNUM> bn = ossl::bn_from(nn);
  Ptr<BIGNUM> be = ossl::bn_from(ee);
  if (!bn || !be || static_cast<std::size_t>(BN_num_bits(bn.get())) < kMinModulusBits) {
    return tl::unexpected(bad_key("RSA modulus must be at least 2048 bits"));
  }
  if (!BN_is_odd(bn.get()) || !BN_is_odd(be.get()) || BN_num_bits(be.get()) < 2 ||
      BN_num_bits(be.get()) > 64) {
    return tl::unexpected(bad_key("bad RSA modulus or exponent"));
  }
  return {};
}

Result<std::shared_ptr<evp_pkey_st>> from_params(OSSL_PARAM_BLD* bld, int selection) {
  Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params.get()) != 1) {
    return tl::unexpected(bad_key("invalid RSA key"));
  }
  return ossl::share(pkey);
}

Result<Bytes> get_bn(EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    return fail(ErrorCode::kCryptoFailure, "RSA component missing");
  }
  Ptr<BIGNUM> bn(raw);
  return ossl::bn_bytes(bn.get());
}

}  // namespace

Result<PublicKey> PublicKey::from_components(ByteView n, ByteView e) {
  CUSTOS_TRY(check_public(n, e));
  PublicKey key;
  key.n_ = strip_zeros(n);
  key.e_ = strip_zeros(e);
  Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  Ptr<BIGNUM> bn = ossl::bn_from(key.n_), be = ossl::bn_from(key.e_);
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, be.get()) != 1) {
    return tl::unexpected(bad_key("invalid RSA key"));
  }
  CUSTOS_TRY_ASSIGN(key.pkey_, from_params(bld.get(), EVP_PKEY_PUBLIC_KEY));
  return key;
}

std::size_t PublicKey::modulus_bits() const {
  Ptr<BIGNUM> bn = ossl::bn_from(n_);
  return static_cast<std::size_t>(BN_num_bits(bn.get()));
}

Result<PrivateKey> PrivateKey::generate(std::size_t bits) {
  if (bits < kMinModulusBits || bits > 8192) {
    return fail(ErrorCode::kInvalidArgument, "RSA key size must be 2048..8192 bits");
  }
  EVP_PKEY* raw = EVP_RSA_gen(static_cast<unsigned int>(bits));
  if (!raw) return fail(ErrorCode::kCryptoFailure, "RSA key generation failed");
  PrivateKey key;
  key.pkey_ = ossl::share(raw);
  CUSTOS_TRY_ASSIGN(Bytes n, get_bn(raw, OSSL_PKEY_PARAM_RSA_N));
  CUSTOS_TRY_ASSIGN(Bytes e, get_bn(raw, OSSL_PKEY_PARAM_RSA_E));
  CUSTOS_TRY_ASSIGN(key.public_, PublicKey::from_components(n, e));
  return key;
}

Result<PrivateKey> PrivateKey::from_components(ByteView n, ByteView e,
                                               const PrivateComponents& priv) {
  CUSTOS_TRY_ASSIGN(PublicKey pub, PublicKey::from_components(n, e));
  Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  Ptr<BIGNUM> bn = ossl::bn_from(pub.n()), be = ossl::bn_from(pub.e());
  Ptr<BIGNUM> d = ossl::bn_from(priv.d.view()), p = ossl::bn_from(priv.p.view()),
              q = ossl::bn_from(priv.q.view()), dp = ossl::bn_from(priv.dp.view()),
              dq = ossl::bn_from(priv.dq.view()), qi = ossl::bn_from(priv.qi.view());
  if (!bld || !d || !p || !q || !dp || !dq || !qi ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, be.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, dp.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, dq.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, qi.get()) != 1) {
    return tl::unexpected(bad_key("invalid RSA private key"));
  }
  PrivateKey key;
  CUSTOS_TRY_ASSIGN(key.pkey_, from_params(bld.get(), EVP_PKEY_KEYPAIR));
  // Check the key pair is consistent (p*q = n, d*e = 1 mod lcm, CRT values).
  Ptr<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new(key.pkey_.get(), nullptr));
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
    return tl::unexpected(bad_key("inconsistent RSA private key"));
  }
  key.public_ = std::move(pub);
  return key;
}

Result<PrivateComponents> PrivateKey::components() const {
  PrivateComponents out;
  struct Item {
    const char* name;
    SecretBytes* dst;
  };
  for (const Item& item :
       {Item{OSSL_PKEY_PARAM_RSA_D, &out.d}, Item{OSSL_PKEY_PARAM_RSA_FACTOR1, &out.p},
        Item{OSSL_PKEY_PARAM_RSA_FACTOR2, &out.q}, Item{OSSL_PKEY_PARAM_RSA_EXPONENT1, &out.dp},
        Item{OSSL_PKEY_PARAM_RSA_EXPONENT2, &out.dq},
        Item{OSSL_PKEY_PARAM_RSA_COEFFICIENT1, &out.qi}}) {
    CUSTOS_TRY_ASSIGN(Bytes v, get_bn(pkey_.get(), item.name));
    *item.dst = SecretBytes(v);
    secure_wipe(v.data(), v.size());
  }
  return out;
}

Result<Bytes> sign_pkcs1_sha256(const PrivateKey& key, ByteView message) {
  Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, message.data(), message.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "RSA signing failed");
  }
  Bytes sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, message.data(), message.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "RSA signing failed");
  }
  sig.resize(len);
  return sig;
}

Result<void> verify_pkcs1_sha256(const PublicKey& key, ByteView message, ByteView signature) {
  Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  // RFC 8017 §8.2.2 step 1: the signature is exactly k bytes.
  if (!ctx || signature.size() != (key.modulus_bits() + 7) / 8 ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.native()) != 1 ||
      EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), message.data(),
                       message.size()) != 1) {
    return fail(ErrorCode::kCryptoVerifyFailed, "signature verification failed");
  }
  return {};
}

}  // namespace custos::crypto::rsa
