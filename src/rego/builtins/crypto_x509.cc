// X.509 and private keys (OPA category "crypto") with OpenSSL 3:
// crypto.x509.parse_certificates, crypto.x509.parse_and_verify_certificates,
// crypto.x509.parse_certificate_request, crypto.x509.parse_keypair,
// crypto.x509.parse_rsa_private_key, crypto.parse_private_keys.
// Certificates are returned with the field names of Go's x509.Certificate JSON (a documented
// subset: Raw, Version, SerialNumber, Issuer, Subject, NotBefore, NotAfter, KeyUsage, IsCA,
// BasicConstraintsValid, MaxPathLen, DNSNames, EmailAddresses, IPAddresses, URIs,
// PublicKeyAlgorithm, and OPA's URIStrings); keys as JWKs (RFC 7517/7518). Verification time is the
// evaluation's injected "now", not the system clock.

#include <arpa/inet.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cctype>
#include <memory>

#include "base/bytes.h"
#include "rego/builtins/go_time.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

struct Free {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_REQ* p) const { X509_REQ_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(STACK_OF(X509) * p) const { sk_X509_free(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
};
template <typename T>
using Ptr = std::unique_ptr<T, Free>;

// Where Go's base64.StdEncoding would stop on `s`: the first byte outside the alphabet (or
// misplaced padding), else the start of the incomplete last quantum.
std::size_t go_base64_error_offset(std::string_view s) {
  auto in_alphabet = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (in_alphabet(s[i])) continue;
    if (s[i] == '=' && i % 4 >= 2) {
      // Padding ends its quantum; anything after that quantum is the corrupt byte.
      std::size_t quantum_end = i - i % 4 + 4;
      return quantum_end < s.size() ? quantum_end : i;
    }
    return i;
  }
  return s.size() - s.size() % 4;
}

// PEM text, or base64 of PEM or DER: the forms OPA accepts. Input that is neither PEM nor
// base64 fails with Go's message ("illegal base64 data at input byte N"), as in OPA.
Result<std::string> pem_or_der_bytes(std::string_view s, bool& is_pem) {
  is_pem = s.find("-----BEGIN") != std::string_view::npos;
  if (is_pem) return std::string(s);
  auto raw = base64_decode(s);
  if (!raw) {
    return fail(ErrorCode::kEvalBuiltin,
                "illegal base64 data at input byte " + std::to_string(go_base64_error_offset(s)));
  }
  std::string bytes(raw->begin(), raw->end());
  is_pem = bytes.find("-----BEGIN") != std::string::npos;
  return bytes;
}

Result<std::vector<Ptr<X509>>> load_certs(std::string_view s) {
  bool pem = false;
  CUSTOS_TRY_ASSIGN(std::string bytes, pem_or_der_bytes(s, pem));
  std::vector<Ptr<X509>> out;
  if (pem) {
    Ptr<BIO> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
    while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) out.emplace_back(c);
  } else {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = p + bytes.size();
    while (p < end) {
      X509* c = d2i_X509(nullptr, &p, end - p);
      if (c == nullptr) return fail(ErrorCode::kEvalBuiltin, "x509: malformed certificate");
      out.emplace_back(c);
    }
  }
  if (out.empty()) return fail(ErrorCode::kEvalBuiltin, "failed to parse a PEM certificate");
  return out;
}

Value str_list(const std::vector<std::string>& items) {
  if (items.empty()) return Value();  // Go marshals nil slices as null
  std::vector<Value> v(items.begin(), items.end());
  return Value::array(std::move(v));
}

Value name_value(X509_NAME* name) {
  std::vector<std::string> country, org, ou, locality, province, street, postal;
  std::string cn, serial;
  std::vector<Value> names;
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    X509_NAME_ENTRY* e = X509_NAME_get_entry(name, i);
    ASN1_OBJECT* obj = X509_NAME_ENTRY_get_object(e);
    unsigned char* utf8 = nullptr;
    int len = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(e));
    std::string val =
        len >= 0 ? std::string(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len)) : "";
    OPENSSL_free(utf8);
    switch (OBJ_obj2nid(obj)) {
      case NID_commonName: cn = val; break;
      case NID_countryName: country.push_back(val); break;
      case NID_organizationName: org.push_back(val); break;
      case NID_organizationalUnitName: ou.push_back(val); break;
      case NID_localityName: locality.push_back(val); break;
      case NID_stateOrProvinceName: province.push_back(val); break;
      case NID_streetAddress: street.push_back(val); break;
      case NID_postalCode: postal.push_back(val); break;
      case NID_serialNumber: serial = val; break;
      default: break;
    }
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, obj, 1);
    std::vector<Value> arcs;
    std::string_view o(oid);
    std::size_t start = 0;
    while (start <= o.size()) {
      std::size_t dot = o.find('.', start);
      auto n = Number::parse(o.substr(start, dot == o.npos ? o.npos : dot - start));
      if (n) arcs.emplace_back(*n);
      if (dot == o.npos) break;
      start = dot + 1;
    }
    names.push_back(Value::object(
        {{Value("Type"), Value::array(std::move(arcs))}, {Value("Value"), Value(val)}}));
  }
  return Value::object({
      {Value("CommonName"), Value(cn)},
      {Value("Country"), str_list(country)},
      {Value("Organization"), str_list(org)},
      {Value("OrganizationalUnit"), str_list(ou)},
      {Value("Locality"), str_list(locality)},
      {Value("Province"), str_list(province)},
      {Value("StreetAddress"), str_list(street)},
      {Value("PostalCode"), str_list(postal)},
      {Value("SerialNumber"), Value(serial)},
      {Value("Names"), names.empty() ? Value() : Value::array(std::move(names))},
      {Value("ExtraNames"), Value()},
  });
}

std::string asn1_time_rfc3339(const ASN1_TIME* t) {
  struct tm tm {};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return "";
  go::Time gt = go::from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                               tm.tm_sec, 0, go::Zone::utc());
  return go::format(gt, "2006-01-02T15:04:05Z07:00");
}

void alt_names(GENERAL_NAMES* gens, std::vector<std::string>& dns, std::vector<std::string>& email,
               std::vector<std::string>& ips, std::vector<std::string>& uris) {
  for (int i = 0; gens != nullptr && i < sk_GENERAL_NAME_num(gens); ++i) {
    GENERAL_NAME* g = sk_GENERAL_NAME_value(gens, i);
    auto text = [](ASN1_STRING* s) {
      return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                         static_cast<std::size_t>(ASN1_STRING_length(s)));
    };
    if (g->type == GEN_DNS) dns.push_back(text(g->d.dNSName));
    if (g->type == GEN_EMAIL) email.push_back(text(g->d.rfc822Name));
    if (g->type == GEN_URI) uris.push_back(text(g->d.uniformResourceIdentifier));
    if (g->type == GEN_IPADD) {
      const unsigned char* d = ASN1_STRING_get0_data(g->d.iPAddress);
      int len = ASN1_STRING_length(g->d.iPAddress);
      char buf[INET6_ADDRSTRLEN];
      if ((len == 4 || len == 16) &&
          inet_ntop(len == 4 ? AF_INET : AF_INET6, d, buf, sizeof buf) != nullptr) {
        ips.emplace_back(buf);
      }
    }
  }
}

int go_key_algorithm(EVP_PKEY* k) {
  switch (k == nullptr ? 0 : EVP_PKEY_get_base_id(k)) {
    case EVP_PKEY_RSA: return 1;
    case EVP_PKEY_DSA: return 2;
    case EVP_PKEY_EC: return 3;
    case EVP_PKEY_ED25519: return 4;
    default: return 0;
  }
}

std::string der_base64(X509* c) {
  unsigned char* der = nullptr;
  int n = i2d_X509(c, &der);
  std::string out = n > 0 ? base64_encode(ByteView(der, static_cast<std::size_t>(n))) : "";
  OPENSSL_free(der);
  return out;
}

Value cert_value(X509* c) {
  std::vector<ObjectEntry> e;
  e.emplace_back(Value("Raw"), Value(der_base64(c)));
  e.emplace_back(Value("Version"), Value(static_cast<std::int64_t>(X509_get_version(c) + 1)));
  Ptr<BIGNUM> bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(c), nullptr));
  char* dec = bn ? BN_bn2dec(bn.get()) : nullptr;
  auto serial = dec != nullptr ? Number::parse(dec) : Result<Number>(Number(0));
  OPENSSL_free(dec);
  e.emplace_back(Value("SerialNumber"), serial ? Value(*serial) : Value(0));
  e.emplace_back(Value("Issuer"), name_value(X509_get_issuer_name(c)));
  e.emplace_back(Value("Subject"), name_value(X509_get_subject_name(c)));
  e.emplace_back(Value("NotBefore"), Value(asn1_time_rfc3339(X509_get0_notBefore(c))));
  e.emplace_back(Value("NotAfter"), Value(asn1_time_rfc3339(X509_get0_notAfter(c))));
  // Go's KeyUsage bits: DigitalSignature = 1 << 0 … DecipherOnly = 1 << 8.
  std::uint32_t ku = X509_get_key_usage(c);
  static constexpr std::uint32_t kBits[] = {
      KU_DIGITAL_SIGNATURE, KU_NON_REPUDIATION, KU_KEY_ENCIPHERMENT,
      KU_DATA_ENCIPHERMENT, KU_KEY_AGREEMENT,   KU_KEY_CERT_SIGN,
      KU_CRL_SIGN,          KU_ENCIPHER_ONLY,   KU_DECIPHER_ONLY};
  std::int64_t go_ku = 0;
  if (ku != UINT32_MAX) {
    for (int i = 0; i < 9; ++i) {
      if ((ku & kBits[i]) != 0) go_ku |= std::int64_t{1} << i;
    }
  }
  e.emplace_back(Value("KeyUsage"), Value(go_ku));
  std::uint32_t flags = X509_get_extension_flags(c);
  e.emplace_back(Value("BasicConstraintsValid"), Value((flags & EXFLAG_BCONS) != 0));
  e.emplace_back(Value("IsCA"), Value((flags & EXFLAG_CA) != 0));
  long pathlen = X509_get_pathlen(c);
  e.emplace_back(Value("MaxPathLen"), Value(static_cast<std::int64_t>(pathlen < 0 ? -1 : pathlen)));
  std::vector<std::string> dns, email, ips, uris;
  Ptr<GENERAL_NAMES> gens(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(c, NID_subject_alt_name, nullptr, nullptr)));
  alt_names(gens.get(), dns, email, ips, uris);
  e.emplace_back(Value("DNSNames"), str_list(dns));
  e.emplace_back(Value("EmailAddresses"), str_list(email));
  e.emplace_back(Value("IPAddresses"), str_list(ips));
  e.emplace_back(Value("URIs"), str_list(uris));
  // OPA adds the URIs as plain strings (null when there are none).
  e.emplace_back(Value("URIStrings"), str_list(uris));
  e.emplace_back(Value("PublicKeyAlgorithm"), Value(go_key_algorithm(X509_get0_pubkey(c))));
  return Value::object(std::move(e));
}

std::string b64url_bn(const EVP_PKEY* k, const char* param, std::size_t pad = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(k, param, &raw) != 1) return "";
  Ptr<BIGNUM> bn(raw);
  std::size_t n = std::max<std::size_t>(static_cast<std::size_t>(BN_num_bytes(bn.get())), pad);
  Bytes out(n);
  BN_bn2binpad(bn.get(), out.data(), static_cast<int>(n));
  return base64url_encode(out);
}

Result<Value> key_to_jwk(EVP_PKEY* k) {
  std::vector<ObjectEntry> e;
  int id = EVP_PKEY_get_base_id(k);
  if (id == EVP_PKEY_RSA) {
    e.emplace_back(Value("kty"), Value("RSA"));
    static constexpr std::pair<const char*, const char*> kParams[] = {
        {"n", OSSL_PKEY_PARAM_RSA_N},          {"e", OSSL_PKEY_PARAM_RSA_E},
        {"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}};
    for (const auto& [name, param] : kParams) {
      std::string v = b64url_bn(k, param);
      if (!v.empty()) e.emplace_back(Value(name), Value(v));
    }
  } else if (id == EVP_PKEY_EC) {
    char group[64] = {0};
    std::size_t len = 0;
    EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len);
    std::string g(group);
    std::string crv = g == "prime256v1"  ? "P-256"
                      : g == "secp384r1" ? "P-384"
                      : g == "secp521r1" ? "P-521"
                      : g == "secp256k1" ? "secp256k1"
                                         : g;
    std::size_t size = static_cast<std::size_t>((EVP_PKEY_get_bits(k) + 7) / 8);
    e.emplace_back(Value("kty"), Value("EC"));
    e.emplace_back(Value("crv"), Value(crv));
    e.emplace_back(Value("x"), Value(b64url_bn(k, OSSL_PKEY_PARAM_EC_PUB_X, size)));
    e.emplace_back(Value("y"), Value(b64url_bn(k, OSSL_PKEY_PARAM_EC_PUB_Y, size)));
    std::string d = b64url_bn(k, OSSL_PKEY_PARAM_PRIV_KEY, size);
    if (!d.empty()) e.emplace_back(Value("d"), Value(d));
  } else if (id == EVP_PKEY_ED25519) {
    unsigned char pub[32], priv[32];
    std::size_t pl = sizeof pub, sl = sizeof priv;
    EVP_PKEY_get_raw_public_key(k, pub, &pl);
    e.emplace_back(Value("kty"), Value("OKP"));
    e.emplace_back(Value("crv"), Value("Ed25519"));
    e.emplace_back(Value("x"), Value(base64url_encode(ByteView(pub, pl))));
    if (EVP_PKEY_get_raw_private_key(k, priv, &sl) == 1) {
      e.emplace_back(Value("d"), Value(base64url_encode(ByteView(priv, sl))));
      OPENSSL_cleanse(priv, sizeof priv);
    }
  } else {
    return fail(ErrorCode::kEvalBuiltin, "unsupported private key type");
  }
  return Value::object(std::move(e));
}

Result<std::vector<Ptr<EVP_PKEY>>> load_private_keys(std::string_view s) {
  bool pem = false;
  CUSTOS_TRY_ASSIGN(std::string bytes, pem_or_der_bytes(s, pem));
  std::vector<Ptr<EVP_PKEY>> out;
  if (!pem) return fail(ErrorCode::kEvalBuiltin, "failed to parse PEM block containing the key");
  Ptr<BIO> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
  while (EVP_PKEY* k = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)) {
    out.emplace_back(k);
  }
  OPENSSL_cleanse(bytes.data(), bytes.size());
  return out;
}

struct VerifyOptions {
  std::int64_t unix_seconds = 0;
  std::string dns_name;
  std::vector<std::string> key_usages;  // Go names: KeyUsageServerAuth, …; empty = ServerAuth
};

// Go's x509 extended-key-usage check on the leaf: no EKU extension or anyExtendedKeyUsage
// accepts everything; otherwise one requested usage must be present.
bool eku_ok(X509* leaf, const std::vector<std::string>& wanted_in) {
  std::vector<std::string> wanted = wanted_in;
  if (wanted.empty()) wanted.push_back("KeyUsageServerAuth");
  if ((X509_get_extension_flags(leaf) & EXFLAG_XKUSAGE) == 0) return true;
  std::uint32_t xku = X509_get_extended_key_usage(leaf);
  if ((xku & XKU_ANYEKU) != 0) return true;
  static constexpr std::pair<const char*, std::uint32_t> kMap[] = {
      {"KeyUsageServerAuth", XKU_SSL_SERVER},  {"KeyUsageClientAuth", XKU_SSL_CLIENT},
      {"KeyUsageCodeSigning", XKU_CODE_SIGN},  {"KeyUsageEmailProtection", XKU_SMIME},
      {"KeyUsageTimeStamping", XKU_TIMESTAMP}, {"KeyUsageOCSPSigning", XKU_OCSP_SIGN}};
  for (const auto& w : wanted) {
    if (w == "KeyUsageAny") return true;
    for (const auto& [name, bit] : kMap) {
      if (w == name && (xku & bit) != 0) return true;
    }
  }
  return false;
}

// [valid, certs]: certs[0] is the trusted root, the last one the leaf, others intermediates.
Value verify_chain(std::string_view s, const VerifyOptions& opts) {
  auto certs = load_certs(s);
  Value invalid = Value::array({Value(false), Value::array({})});
  if (!certs || certs->size() < 2) return invalid;
  Ptr<X509_STORE> store(X509_STORE_new());
  X509_STORE_add_cert(store.get(), (*certs)[0].get());
  Ptr<STACK_OF(X509)> chain(sk_X509_new_null());
  for (std::size_t i = 1; i + 1 < certs->size(); ++i) sk_X509_push(chain.get(), (*certs)[i].get());
  Ptr<X509_STORE_CTX> vctx(X509_STORE_CTX_new());
  if (X509_STORE_CTX_init(vctx.get(), store.get(), certs->back().get(), chain.get()) != 1) {
    return invalid;
  }
  X509_STORE_CTX_set_time(vctx.get(), 0, static_cast<time_t>(opts.unix_seconds));
  if (!opts.dns_name.empty()) {
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(vctx.get());
    X509_VERIFY_PARAM_set1_host(param, opts.dns_name.c_str(), opts.dns_name.size());
  }
  if (X509_verify_cert(vctx.get()) != 1) return invalid;
  if (!eku_ok(certs->back().get(), opts.key_usages)) return invalid;
  // The verified chain as Go's Verify returns it (and OPA reports it): leaf first, root last.
  std::vector<Value> out;
  STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(vctx.get());
  for (int i = 0; verified != nullptr && i < sk_X509_num(verified); ++i) {
    out.push_back(cert_value(sk_X509_value(verified, i)));
  }
  return Value::array({Value(true), Value::array(std::move(out))});
}

BuiltinResult wrap(BuiltinContext& ctx, Result<Value> v) {
  if (!v) return util::builtin_err(ctx, v.error().message());
  return *v;
}

}  // namespace

void register_crypto_x509(Registry& r) {
  const Type kS = Type::string();
  const Type kObj = Type::object_of(kS, Type::any());
  r.add({.name = "crypto.x509.parse_certificates",
         .args = {kS},
         .result = Type::array_of(kObj),
         .description = "Returns zero or more certificates from the given encoded string "
                        "containing DER certificate data.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto certs = load_certs(s);
           if (!certs) return util::builtin_err(ctx, certs.error().message());
           std::vector<Value> out;
           for (auto& c : *certs) out.push_back(cert_value(c.get()));
           return Value::array(std::move(out));
         }});
  r.add({.name = "crypto.x509.parse_and_verify_certificates",
         .args = {kS},
         .result = Type::array_of(Type::any()),
         .description = "Returns one or more certificates from the given string containing PEM "
                        "or base64 encoded DER certificates after verifying the supplied "
                        "certificates form a complete certificate chain back to a trusted root. "
                        "The first certificate is treated as the root and the last is treated "
                        "as the leaf, with all others being treated as intermediates.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           VerifyOptions opts;
           opts.unix_seconds = ctx.now_unix_nanos / 1'000'000'000;
           return verify_chain(s, opts);
         }});
  r.add({.name = "crypto.x509.parse_and_verify_certificates_with_options",
         .args = {kS, kObj},
         .result = Type::array_of(Type::any()),
         .description = "Returns one or more certificates from the given string containing PEM "
                        "or base64 encoded DER certificates after verifying the supplied "
                        "certificates form a complete certificate chain back to a trusted root. "
                        "A config option passed as the second argument can be used to configure "
                        "the validation options used (DNSName, CurrentTime, KeyUsages).",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kObject));
           VerifyOptions opts;
           opts.unix_seconds = ctx.now_unix_nanos / 1'000'000'000;
           for (const auto& [k, v] : args[1].as_object()) {
             std::string key = k.is_string() ? k.as_string() : k.to_string();
             if (key == "DNSName" && v.is_string()) {
               opts.dns_name = v.as_string();
             } else if (key == "CurrentTime" && v.is_number() && v.as_number().to_int64()) {
               opts.unix_seconds = *v.as_number().to_int64() / 1'000'000'000;
             } else if (key == "KeyUsages" && (v.is_array() || v.is_set())) {
               for (const auto& u : util::elements(v)) {
                 if (!u.is_string()) return util::builtin_err(ctx, "invalid KeyUsages");
                 opts.key_usages.push_back(u.as_string());
               }
             } else if (key == "MaxConstraintComparisons" && v.is_number()) {
               // Name-constraint comparisons are bounded by OpenSSL itself.
             } else {
               return util::builtin_err(ctx, "invalid option " + key);
             }
           }
           return verify_chain(s, opts);
         }});
  r.add(
      {.name = "crypto.x509.parse_certificate_request",
       .args = {kS},
       .result = kObj,
       .description = "Returns a PKCS #10 certificate signing request from the given "
                      "PEM-encoded PKCS#10 certificate signing request.",
       .category = "crypto",
       .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
         CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
         bool pem = false;
         auto decoded = pem_or_der_bytes(s, pem);
         if (!decoded) return util::builtin_err(ctx, decoded.error().message());
         const std::string& bytes = *decoded;
         Ptr<X509_REQ> req;
         if (pem) {
           Ptr<BIO> bio(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
           req.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
         } else {
           const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
           req.reset(d2i_X509_REQ(nullptr, &p, static_cast<long>(bytes.size())));
         }
         if (!req) return util::builtin_err(ctx, "failed to parse a PEM certificate request");
         std::vector<std::string> dns, email, ips, uris;
         STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(req.get());
         for (int i = 0; exts != nullptr && i < sk_X509_EXTENSION_num(exts); ++i) {
           X509_EXTENSION* ext = sk_X509_EXTENSION_value(exts, i);
           if (OBJ_obj2nid(X509_EXTENSION_get_object(ext)) == NID_subject_alt_name) {
             Ptr<GENERAL_NAMES> gens(static_cast<GENERAL_NAMES*>(X509V3_EXT_d2i(ext)));
             alt_names(gens.get(), dns, email, ips, uris);
           }
         }
         sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
         return Value::object({
             {Value("Version"), Value(static_cast<std::int64_t>(X509_REQ_get_version(req.get())))},
             {Value("Subject"), name_value(X509_REQ_get_subject_name(req.get()))},
             {Value("DNSNames"), str_list(dns)},
             {Value("EmailAddresses"), str_list(email)},
             {Value("IPAddresses"), str_list(ips)},
             {Value("URIs"), str_list(uris)},
             {Value("PublicKeyAlgorithm"),
              Value(go_key_algorithm(X509_REQ_get0_pubkey(req.get())))},
         });
       }});
  r.add({.name = "crypto.x509.parse_keypair",
         .args = {kS, kS},
         .result = kObj,
         .description = "Returns a valid key pair: the certificates (base64 DER) and the private "
                        "key (as a JWK), after checking that the key matches the leaf "
                        "certificate.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto cs, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto ks, arg_string(ctx, args, 2));
           auto certs = load_certs(cs);
           if (!certs) return util::builtin_err(ctx, certs.error().message());
           auto keys = load_private_keys(ks);
           if (!keys || keys->empty()) return util::builtin_err(ctx, "failed to parse private key");
           if (EVP_PKEY_eq(X509_get0_pubkey((*certs)[0].get()), (*keys)[0].get()) != 1) {
             return util::builtin_err(ctx, "private key does not match public key");
           }
           std::vector<Value> ders;
           for (auto& c : *certs) ders.emplace_back(der_base64(c.get()));
           auto jwk = key_to_jwk((*keys)[0].get());
           if (!jwk) return util::builtin_err(ctx, jwk.error().message());
           return Value::object({{Value("Certificate"), Value::array(std::move(ders))},
                                 {Value("PrivateKey"), *jwk},
                                 {Value("Leaf"), cert_value((*certs)[0].get())}});
         }});
  r.add({.name = "crypto.x509.parse_rsa_private_key",
         .args = {kS},
         .result = kObj,
         .description = "Returns a JWK for signing a JWT from the given PEM-encoded RSA private "
                        "key.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto keys = load_private_keys(s);
           if (!keys && keys.error().message().starts_with("illegal base64")) {
             return util::builtin_err(ctx, keys.error().message());
           }
           if (!keys || keys->empty() || EVP_PKEY_get_base_id((*keys)[0].get()) != EVP_PKEY_RSA) {
             return util::builtin_err(ctx, "failed to parse PEM block containing the key");
           }
           return wrap(ctx, key_to_jwk((*keys)[0].get()));
         }});
  r.add({.name = "crypto.parse_private_keys",
         .args = {kS},
         .result = Type::array_of(kObj),
         .description = "Returns zero or more private keys from the given encoded string "
                        "containing DER certificate data.",
         .category = "crypto",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           // As OPA: empty input is null; the input is read as PEM only (no base64), and text
           // without PEM blocks has no keys.
           if (s.empty()) return Value();
           if (s.find("-----BEGIN") == std::string_view::npos) return Value::array({});
           auto keys = load_private_keys(s);
           if (!keys) return util::builtin_err(ctx, keys.error().message());
           std::vector<Value> out;
           for (auto& k : *keys) {
             auto jwk = key_to_jwk(k.get());
             if (!jwk) return util::builtin_err(ctx, jwk.error().message());
             out.push_back(*jwk);
           }
           return Value::array(std::move(out));
         }});
}

}  // namespace custos::rego
