#include "test_tls.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace custos::net::testing {
namespace {

void check(int ok, const char* what) {
  if (ok <= 0) throw std::runtime_error(std::string("openssl: ") + what);
}

std::string cert_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  check(PEM_write_bio_X509(bio, cert), "PEM_write_bio_X509");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

std::string key_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  check(PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr), "PEM key");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  std::string out(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  return out;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  check(X509_add_ext(cert, ext, -1), "X509_add_ext");
  X509_EXTENSION_free(ext);
}

X509* make_cert(EVP_PKEY* key, const char* cn, long serial) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  check(X509_set_pubkey(cert, key), "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn),
                             -1, -1, 0);
  return cert;
}

}  // namespace

TestPki make_test_pki(const std::string& dns_name, const std::string& ip) {
  EVP_PKEY* ca_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  EVP_PKEY* leaf_key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  check(ca_key && leaf_key ? 1 : 0, "keygen");

  X509* ca = make_cert(ca_key, "custos test CA", 1);
  X509_set_issuer_name(ca, X509_get_subject_name(ca));
  add_ext(ca, ca, NID_basic_constraints, "critical,CA:TRUE");
  add_ext(ca, ca, NID_key_usage, "critical,keyCertSign,cRLSign");
  add_ext(ca, ca, NID_subject_key_identifier, "hash");
  check(X509_sign(ca, ca_key, EVP_sha256()), "sign CA");

  X509* leaf = make_cert(leaf_key, dns_name.c_str(), 2);
  X509_set_issuer_name(leaf, X509_get_subject_name(ca));
  add_ext(leaf, ca, NID_basic_constraints, "critical,CA:FALSE");
  add_ext(leaf, ca, NID_ext_key_usage, "serverAuth");
  std::string san = "DNS:" + dns_name + ",IP:" + ip;
  add_ext(leaf, ca, NID_subject_alt_name, san.c_str());
  check(X509_sign(leaf, ca_key, EVP_sha256()), "sign leaf");

  TestPki pki{cert_pem(ca), cert_pem(leaf), key_pem(leaf_key)};
  X509_free(ca);
  X509_free(leaf);
  EVP_PKEY_free(ca_key);
  EVP_PKEY_free(leaf_key);
  return pki;
}

}  // namespace custos::net::testing
