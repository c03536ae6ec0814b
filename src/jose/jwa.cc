// RFC 7518 §3 / RFC 8037 §3.1 algorithms over OpenSSL EVP: see jwa.h.

#include "jose/jwa.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>

#include "json/parse.h"

namespace custos::jose::jwa {
namespace {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(BIGNUM* p) const { BN_clear_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

tl::unexpected<Error> bad_key(std::string why) {
  return fail(ErrorCode::kJoseBadJwk, std::move(why));
}
tl::unexpected<Error> bad_signature() {
  return fail(ErrorCode::kJoseBadSignature, "signature verification failed");
}

constexpr std::array<std::string_view, 13> kNames = {"HS256", "HS384", "HS512", "RS256", "RS384",
                                                     "RS512", "PS256", "PS384", "PS512", "ES256",
                                                     "ES384", "ES512", "EdDSA"};

// HMAC of `input` under `secret` (which may be empty: OpenSSL still needs a non-null key
// pointer). std::nullopt when OpenSSL fails.
std::optional<Bytes> hmac(const EVP_MD* md, ByteView secret, ByteView input) {
  std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  static const std::uint8_t kEmpty = 0;
  if (HMAC(md, secret.empty() ? &kEmpty : secret.data(), static_cast<int>(secret.size()),
           input.data(), input.size(), mac.data(), &len) == nullptr) {
    return std::nullopt;
  }
  return Bytes(mac.begin(), mac.begin() + len);
}

const EVP_MD* digest_of(Alg alg) {
  switch (alg) {
    case Alg::kHS256:
    case Alg::kRS256:
    case Alg::kPS256:
    case Alg::kES256: return EVP_sha256();
    case Alg::kHS384:
    case Alg::kRS384:
    case Alg::kPS384:
    case Alg::kES384: return EVP_sha384();
    case Alg::kHS512:
    case Alg::kRS512:
    case Alg::kPS512:
    case Alg::kES512: return EVP_sha512();
    case Alg::kEdDSA: return nullptr;
  }
  return nullptr;
}

bool is_hmac(Alg a) { return a == Alg::kHS256 || a == Alg::kHS384 || a == Alg::kHS512; }
bool is_pss(Alg a) { return a == Alg::kPS256 || a == Alg::kPS384 || a == Alg::kPS512; }
bool is_rsa(Alg a) { return is_pss(a) || a == Alg::kRS256 || a == Alg::kRS384 || a == Alg::kRS512; }
int ec_bits_for(Alg a) {
  switch (a) {
    case Alg::kES256: return 256;
    case Alg::kES384: return 384;
    case Alg::kES512: return 521;
    default: return 0;
  }
}
std::size_t field_bytes(int bits) { return (static_cast<std::size_t>(bits) + 7) / 8; }

// JWK members are base64url without padding (RFC 7515 §2); padding is tolerated, as most
// libraries do.
Result<Bytes> b64member(const json::Value& jwk, std::string_view name, bool required) {
  const json::Value* v = jwk.find(name);
  if (v == nullptr) {
    if (required) return bad_key("JWK has no \"" + std::string(name) + "\"");
    return Bytes{};
  }
  if (!v->is_string()) return bad_key("JWK \"" + std::string(name) + "\" is not a string");
  std::string_view text = v->as_string();
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  auto bytes = base64url_decode(text);
  if (!bytes) return bad_key("JWK \"" + std::string(name) + "\" is not base64url");
  if (required && bytes->empty()) return bad_key("JWK \"" + std::string(name) + "\" is empty");
  return std::move(*bytes);
}

std::string string_member(const json::Value& jwk, std::string_view name) {
  const json::Value* v = jwk.find(name);
  return v != nullptr && v->is_string() ? v->as_string() : std::string();
}

Result<std::shared_ptr<EVP_PKEY>> from_params(const char* type, OSSL_PARAM_BLD* bld,
                                              bool with_private) {
  Ptr<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, with_private ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
                        params.get()) != 1) {
    return bad_key(std::string("JWK is not a valid ") + type + " key");
  }
  return std::shared_ptr<EVP_PKEY>(raw, Free{});
}

bool push_bn(OSSL_PARAM_BLD* bld, const char* name, ByteView bytes,
             std::vector<Ptr<BIGNUM>>& keep) {
  Ptr<BIGNUM> bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
  if (!bn || OSSL_PARAM_BLD_push_BN(bld, name, bn.get()) != 1) return false;
  keep.push_back(std::move(bn));
  return true;
}

// The public point is valid (on the curve, not infinity, right order).
Result<bool> check_public(EVP_PKEY* key) {
  Ptr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  if (!ctx) return bad_key("cannot check the key");
  if (EVP_PKEY_public_check(ctx.get()) != 1) return bad_key("JWK public key check failed");
  return true;
}

// A private key matches the public key: a signature made with `priv` verifies under `pub`.
Result<bool> check_pair(EVP_PKEY* priv, EVP_PKEY* pub) {
  static constexpr std::string_view kProbe = "custos jwa key-pair check";
  Ptr<EVP_MD_CTX> s(EVP_MD_CTX_new());
  Ptr<EVP_MD_CTX> v(EVP_MD_CTX_new());
  std::array<std::uint8_t, 256> sig{};
  std::size_t len = sig.size();
  const auto* msg = reinterpret_cast<const std::uint8_t*>(kProbe.data());
  if (!s || !v || EVP_DigestSignInit(s.get(), nullptr, EVP_sha256(), nullptr, priv) != 1 ||
      EVP_DigestSign(s.get(), sig.data(), &len, msg, kProbe.size()) != 1 ||
      EVP_DigestVerifyInit(v.get(), nullptr, EVP_sha256(), nullptr, pub) != 1 ||
      EVP_DigestVerify(v.get(), sig.data(), len, msg, kProbe.size()) != 1) {
    return bad_key("JWK \"d\" does not match the public key");
  }
  return true;
}

}  // namespace

std::optional<Alg> parse_alg(std::string_view name) {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Alg>(i);
  }
  return std::nullopt;
}

std::string_view alg_name(Alg alg) { return kNames[static_cast<std::size_t>(alg)]; }

Key Key::from_secret(ByteView secret) {
  Key key;
  key.type_ = Type::kOct;
  key.has_private_ = true;
  key.secret_ = std::make_shared<const SecretBytes>(secret);
  return key;
}

ByteView Key::secret() const { return secret_ ? secret_->view() : ByteView{}; }

bool Key::fits(Alg alg) const {
  switch (type_) {
    case Type::kOct: return is_hmac(alg);
    case Type::kRsa: return is_rsa(alg);
    case Type::kEd25519: return alg == Alg::kEdDSA;
    case Type::kEc: return ec_bits_ != 0 && ec_bits_ == ec_bits_for(alg);
  }
  return false;
}

Result<Key> Key::from_pem(std::string_view pem) {
  auto begin = pem.find("-----BEGIN ");
  auto type_end = begin == std::string_view::npos ? begin : pem.find("-----", begin + 11);
  if (type_end == std::string_view::npos) return bad_key("no PEM block");
  std::string type(pem.substr(begin + 11, type_end - begin - 11));
  std::string end_marker = "-----END " + type + "-----";
  auto end = pem.find(end_marker, type_end);
  if (end == std::string_view::npos) return bad_key("failed to parse a PEM certificate");
  std::string_view rest = pem.substr(end + end_marker.size());
  if (!rest.empty() && rest.front() == '\r') rest.remove_prefix(1);
  if (!rest.empty() && rest.front() == '\n') rest.remove_prefix(1);
  if (!rest.empty()) return bad_key("extra data after a PEM certificate block");
  std::string_view block = pem.substr(begin, end + end_marker.size() - begin);
  Ptr<BIO> bio(BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
  if (!bio) return fail(ErrorCode::kCryptoFailure, "out of memory");
  EVP_PKEY* raw = nullptr;
  if (type == "CERTIFICATE") {
    Ptr<X509> cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (cert) raw = X509_get_pubkey(cert.get());
    if (raw == nullptr) return bad_key("failed to parse a PEM certificate");
  } else if (type == "PUBLIC KEY") {
    raw = PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr);
    if (raw == nullptr) return bad_key("failed to parse a PEM public key");
  } else {
    return bad_key("failed to extract a Key from the PEM certificate");
  }
  Key key;
  key.pkey_ = std::shared_ptr<EVP_PKEY>(raw, Free{});
  switch (EVP_PKEY_get_base_id(raw)) {
    case EVP_PKEY_RSA: key.type_ = Type::kRsa; break;
    case EVP_PKEY_ED25519: key.type_ = Type::kEd25519; break;
    case EVP_PKEY_EC: {
      char group[32] = {};
      std::size_t len = 0;
      if (EVP_PKEY_get_utf8_string_param(raw, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                         &len) != 1) {
        return bad_key("unsupported EC key");
      }
      std::string_view g(group, len);
      key.type_ = Type::kEc;
      key.ec_bits_ = g == "prime256v1" ? 256 : g == "secp384r1" ? 384 : g == "secp521r1" ? 521 : 0;
      if (key.ec_bits_ == 0) return bad_key("unsupported EC curve " + std::string(g));
      break;
    }
    default: return bad_key("unsupported public key type");
  }
  return key;
}

Result<Key> Key::from_jwk(const json::Value& jwk) {
  if (!jwk.is_object()) return bad_key("JWK is not a JSON object");
  const json::Value* kty_v = jwk.find("kty");
  if (kty_v == nullptr || !kty_v->is_string()) return bad_key("JWK has no string \"kty\"");
  const std::string& kty = kty_v->as_string();
  Key key;
  key.kid_ = string_member(jwk, "kid");
  key.alg_ = string_member(jwk, "alg");
  Ptr<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bld) return fail(ErrorCode::kCryptoFailure, "out of memory");
  std::vector<Ptr<BIGNUM>> keep;
  if (kty == "oct") {
    CUSTOS_TRY_ASSIGN(Bytes k, b64member(jwk, "k", true));
    Key out = from_secret(k);
    secure_wipe(k.data(), k.size());
    out.kid_ = key.kid_;
    out.alg_ = key.alg_;
    return out;
  }
  if (kty == "RSA") {
    CUSTOS_TRY_ASSIGN(Bytes n, b64member(jwk, "n", true));
    CUSTOS_TRY_ASSIGN(Bytes e, b64member(jwk, "e", true));
    CUSTOS_TRY_ASSIGN(Bytes d, b64member(jwk, "d", false));
    bool ok = push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_N, n, keep) &&
              push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_E, e, keep);
    key.has_private_ = !d.empty();
    if (key.has_private_) {
      ok = ok && push_bn(bld.get(), OSSL_PKEY_PARAM_RSA_D, d, keep);
      secure_wipe(d.data(), d.size());
      static constexpr std::array<std::pair<std::string_view, const char*>, 5> kCrt = {{
          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
          {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
          {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
          {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
          {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
      }};
      bool all_crt = true;
      std::vector<Bytes> crt;
      for (const auto& [name, param] : kCrt) {
        CUSTOS_TRY_ASSIGN(Bytes v, b64member(jwk, name, false));
        all_crt = all_crt && !v.empty();
        crt.push_back(std::move(v));
      }
      for (std::size_t i = 0; all_crt && i < crt.size(); ++i) {
        ok = ok && push_bn(bld.get(), kCrt[i].second, crt[i], keep);
      }
      for (Bytes& v : crt) secure_wipe(v.data(), v.size());
    }
    if (!ok) return fail(ErrorCode::kCryptoFailure, "cannot build the RSA key");
    CUSTOS_TRY_ASSIGN(key.pkey_, from_params("RSA", bld.get(), key.has_private_));
    key.type_ = Type::kRsa;
    return key;
  }
  if (kty == "EC") {
    std::string crv = string_member(jwk, "crv");
    const char* group = crv == "P-256"   ? "P-256"
                        : crv == "P-384" ? "P-384"
                        : crv == "P-521" ? "P-521"
                                         : nullptr;
    if (group == nullptr) return bad_key("unsupported EC curve \"" + crv + "\"");
    key.ec_bits_ = crv == "P-256" ? 256 : crv == "P-384" ? 384 : 521;
    const std::size_t size = field_bytes(key.ec_bits_);
    CUSTOS_TRY_ASSIGN(Bytes x, b64member(jwk, "x", true));
    CUSTOS_TRY_ASSIGN(Bytes y, b64member(jwk, "y", true));
    CUSTOS_TRY_ASSIGN(Bytes d, b64member(jwk, "d", false));
    if (x.size() != size || y.size() != size) return bad_key("EC coordinate has the wrong length");
    Bytes point{0x04};
    point.insert(point.end(), x.begin(), x.end());
    point.insert(point.end(), y.begin(), y.end());
    key.has_private_ = !d.empty();
    if (key.has_private_ && d.size() != size) return bad_key("EC \"d\" has the wrong length");
    // OSSL_PARAM_BLD_to_param empties the builder: build the parameters afresh for each key.
    auto build = [&](bool with_private) -> Result<std::shared_ptr<EVP_PKEY>> {
      Ptr<OSSL_PARAM_BLD> b(OSSL_PARAM_BLD_new());
      std::vector<Ptr<BIGNUM>> bns;
      bool ok =
          b &&
          OSSL_PARAM_BLD_push_utf8_string(b.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) == 1 &&
          OSSL_PARAM_BLD_push_octet_string(b.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                           point.size()) == 1;
      if (with_private) ok = ok && push_bn(b.get(), OSSL_PKEY_PARAM_PRIV_KEY, d, bns);
      if (!ok) return fail(ErrorCode::kCryptoFailure, "cannot build the EC key");
      return from_params("EC", b.get(), with_private);
    };
    CUSTOS_TRY_ASSIGN(auto pub, build(false));
    CUSTOS_TRY(check_public(pub.get()));
    key.pkey_ = pub;
    if (key.has_private_) {
      auto priv = build(true);
      secure_wipe(d.data(), d.size());
      if (!priv) return tl::unexpected(priv.error());
      key.pkey_ = *priv;
      CUSTOS_TRY(check_pair(key.pkey_.get(), pub.get()));
    }
    key.type_ = Type::kEc;
    return key;
  }
  if (kty == "OKP") {
    if (string_member(jwk, "crv") != "Ed25519") return bad_key("unsupported OKP curve");
    CUSTOS_TRY_ASSIGN(Bytes x, b64member(jwk, "x", true));
    CUSTOS_TRY_ASSIGN(Bytes d, b64member(jwk, "d", false));
    if (x.size() != 32 || (!d.empty() && d.size() != 32)) {
      return bad_key("Ed25519 key has the wrong length");
    }
    key.type_ = Type::kEd25519;
    key.has_private_ = !d.empty();
    EVP_PKEY* raw =
        key.has_private_
            ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, d.data(), d.size())
            : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, x.data(), x.size());
    secure_wipe(d.data(), d.size());
    if (raw == nullptr) return bad_key("JWK is not a valid Ed25519 key");
    key.pkey_ = std::shared_ptr<EVP_PKEY>(raw, Free{});
    if (key.has_private_) {
      std::array<std::uint8_t, 32> pub{};
      std::size_t len = pub.size();
      if (EVP_PKEY_get_raw_public_key(raw, pub.data(), &len) != 1 ||
          !constant_time_equal(ByteView(pub.data(), len), x)) {
        return bad_key("Ed25519 \"d\" does not match \"x\"");
      }
    }
    return key;
  }
  return bad_key("unsupported JWK kty \"" + kty + "\"");
}

Result<std::vector<Key>> parse_verification_keys(std::string_view text) {
  if (text.find("-----BEGIN ") != std::string_view::npos) {
    CUSTOS_TRY_ASSIGN(Key key, Key::from_pem(text));
    return std::vector<Key>{std::move(key)};
  }
  auto wrap = [](const Error& e) {
    return fail(ErrorCode::kJoseBadJwk, "failed to parse a JWK key (set): " + e.message());
  };
  auto doc = json::parse(text, {.max_depth = 16});
  if (!doc) return wrap(doc.error());
  if (!doc->is_object()) return bad_key("failed to parse a JWK key (set): not a JSON object");
  std::vector<Key> keys;
  if (const json::Value* set = doc->find("keys"); set != nullptr) {
    if (!set->is_array())
      return bad_key("failed to parse a JWK key (set): \"keys\" is not an array");
    for (const json::Value& item : set->as_array()) {
      if (item.is_object()) {
        std::string alg = string_member(item, "alg");
        if (!alg.empty() && !parse_alg(alg)) continue;  // OPA skips unknown algorithms
      }
      auto key = Key::from_jwk(item);
      if (!key) return wrap(key.error());
      keys.push_back(std::move(*key));
    }
    return keys;
  }
  auto key = Key::from_jwk(*doc);
  if (!key) return wrap(key.error());
  keys.push_back(std::move(*key));
  return keys;
}

Result<Key> parse_signing_jwk(std::string_view text) {
  auto doc = json::parse(text, {.max_depth = 16});
  if (!doc) return bad_key("failed to parse the JWK: " + doc.error().message());
  if (const json::Value* set = doc->is_object() ? doc->find("keys") : nullptr; set != nullptr) {
    if (!set->is_array() || set->as_array().empty()) return bad_key("no keys found in JWK set");
    return Key::from_jwk(set->as_array().front());
  }
  return Key::from_jwk(*doc);
}

Result<void> verify(Alg alg, const Key& key, ByteView input, ByteView signature) {
  if (!key.fits(alg)) {
    return fail(ErrorCode::kJoseAlgKeyMismatch, "algorithm does not fit the key");
  }
  const EVP_MD* md = digest_of(alg);
  if (is_hmac(alg)) {
    auto mac = hmac(md, key.secret(), input);
    if (!mac || !constant_time_equal(*mac, signature)) return bad_signature();
    return {};
  }
  Bytes der;
  ByteView sig = signature;
  if (int bits = ec_bits_for(alg); bits != 0) {
    if (signature.size() != 2 * field_bytes(bits)) return bad_signature();
    auto converted = [&]() -> Result<Bytes> {
      const std::size_t n = signature.size() / 2;
      Ptr<ECDSA_SIG> s(ECDSA_SIG_new());
      BIGNUM* r = BN_bin2bn(signature.data(), static_cast<int>(n), nullptr);
      BIGNUM* ss = BN_bin2bn(signature.data() + n, static_cast<int>(n), nullptr);
      if (!s || r == nullptr || ss == nullptr || ECDSA_SIG_set0(s.get(), r, ss) != 1) {
        BN_free(r);
        BN_free(ss);
        return bad_signature();
      }
      int len = i2d_ECDSA_SIG(s.get(), nullptr);
      if (len <= 0) return bad_signature();
      Bytes out(static_cast<std::size_t>(len));
      std::uint8_t* p = out.data();
      i2d_ECDSA_SIG(s.get(), &p);
      return out;
    }();
    if (!converted) return bad_signature();
    der = std::move(*converted);
    sig = der;
  }
  Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key.pkey()) != 1) {
    return bad_signature();
  }
  if (is_pss(alg) && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_AUTO) != 1)) {
    return bad_signature();
  }
  if (EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), input.data(), input.size()) != 1) {
    return bad_signature();
  }
  return {};
}

Result<Bytes> sign(Alg alg, const Key& key, ByteView input) {
  if (!key.fits(alg)) {
    return fail(ErrorCode::kJoseAlgKeyMismatch, "algorithm does not fit the signing key");
  }
  if (!key.has_private()) return fail(ErrorCode::kJoseBadJwk, "signing needs a private key");
  const EVP_MD* md = digest_of(alg);
  if (is_hmac(alg)) {
    auto mac = hmac(md, key.secret(), input);
    if (!mac) return fail(ErrorCode::kCryptoFailure, "HMAC failed");
    return std::move(*mac);
  }
  Ptr<EVP_MD_CTX> ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, md, nullptr, key.pkey()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "cannot start signing");
  }
  if (is_pss(alg) && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                      EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    return fail(ErrorCode::kCryptoFailure, "cannot set PSS parameters");
  }
  std::size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, input.data(), input.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "signing failed");
  }
  Bytes out(len);
  if (EVP_DigestSign(ctx.get(), out.data(), &len, input.data(), input.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "signing failed");
  }
  out.resize(len);
  if (int bits = ec_bits_for(alg); bits != 0) {
    const std::size_t n = field_bytes(bits);
    const std::uint8_t* p = out.data();
    Ptr<ECDSA_SIG> s(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(out.size())));
    if (!s) return fail(ErrorCode::kCryptoFailure, "bad ECDSA signature from OpenSSL");
    Bytes raw(2 * n);
    if (BN_bn2binpad(ECDSA_SIG_get0_r(s.get()), raw.data(), static_cast<int>(n)) < 0 ||
        BN_bn2binpad(ECDSA_SIG_get0_s(s.get()), raw.data() + n, static_cast<int>(n)) < 0) {
      return fail(ErrorCode::kCryptoFailure, "ECDSA integer too wide");
    }
    return raw;
  }
  return out;
}

}  // namespace custos::jose::jwa
