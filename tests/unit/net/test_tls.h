#pragma once
// Test-only: a throw-away CA and a server certificate signed by it, made with OpenSSL at run time.

#include <string>

namespace custos::net::testing {

struct TestPki {
  std::string ca_cert_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
};

// A CA (P-256, self-signed) and a leaf for `dns_name` and the IP `ip` signed by it.
TestPki make_test_pki(const std::string& dns_name, const std::string& ip);

}  // namespace custos::net::testing
