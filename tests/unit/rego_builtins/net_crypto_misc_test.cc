// Unit tests of net, crypto (digests, HMAC, X.509, keys), graph, uuid, rand, json schema,
// providers.aws.sign_req and the runtime builtins. X.509 fixtures in data/ are test-only keys
// and certificates made with the openssl CLI (root: EC P-256 CA; leaf: RSA-2048 with SANs).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "base/rng.h"
#include "call.h"

namespace custos::rego::testing {
namespace {

std::string fixture(const char* name) {
  std::ifstream in(std::string(CUSTOS_SOURCE_DIR) + "/tests/unit/rego_builtins/data/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Net, Cidr) {
  EXPECT_EQ(run("net.cidr_contains", {Value("10.0.0.0/8"), Value("10.1.2.3")}), "true");
  EXPECT_EQ(run("net.cidr_contains", {Value("10.0.0.0/8"), Value("10.1.0.0/16")}), "true");
  EXPECT_EQ(run("net.cidr_contains", {Value("10.0.0.0/16"), Value("10.0.0.0/8")}), "false");
  EXPECT_EQ(run("net.cidr_contains", {Value("2001:db8::/32"), Value("2001:db8:1::1")}), "true");
  EXPECT_EQ(run("net.cidr_intersects", {Value("192.168.0.0/16"), Value("192.168.1.0/24")}), "true");
  EXPECT_EQ(run("net.cidr_is_valid", {Value("192.168.1.1/33")}), "false");
  EXPECT_EQ(run("net.cidr_expand", {Value("192.168.1.1/33")}),
            "error: net.cidr_expand: invalid CIDR address: 192.168.1.1/33");
  EXPECT_EQ(run("net.cidr_expand", {Value("192.168.0.1/30")}),
            R"({"192.168.0.0", "192.168.0.1", "192.168.0.2", "192.168.0.3"})");
  EXPECT_EQ(run("net.cidr_merge", {J(R"(["192.0.128.0/24", "192.0.129.0/24", "10.0.0.1"])")}),
            R"({"10.0.0.1/32", "192.0.128.0/23"})");
  EXPECT_EQ(run("net.cidr_merge", {J(R"(["2601:600:8a80:207e:a57d:7567:e2c9:e7b3/64",
                                         "2601:600:8a80:207e:a57d:7567:e2c9:e7b3/128"])")}),
            R"({"2601:600:8a80:207e::/64"})");
  EXPECT_EQ(run("net.cidr_merge", {J(R"(["2601:600:8a80:207e:a57d:7567:e2c9:e7b3"])")}),
            "error: net.cidr_merge: IPv6 invalid: needs prefix length");
  EXPECT_EQ(
      run("net.cidr_contains_matches", {J(R"({"a": "10.0.0.0/8", "b": ["192.168.0.0/16", "x"]})"),
                                        J(R"(["10.1.1.1", "192.168.3.4", "8.8.8.8"])")}),
      R"({["a", 0], ["b", 1]})");
  EXPECT_EQ(run("net.lookup_ip_addr", {Value("example.com")}).substr(0, 35),
            "error: net.lookup_ip_addr: disabled");
}

TEST(Crypto, DigestsAndHmac) {
  EXPECT_EQ(run("crypto.sha256", {Value("abc")}),
            R"("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")");
  EXPECT_EQ(run("crypto.md5", {Value("")}), R"("d41d8cd98f00b204e9800998ecf8427e")");
  EXPECT_EQ(run("crypto.sha1", {Value("abc")}), R"("a9993e364706816aba3e25717850c26c9cd0d89d")");
  // RFC 4231 test case 2.
  EXPECT_EQ(run("crypto.hmac.sha256", {Value("what do ya want for nothing?"), Value("Jefe")}),
            R"("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")");
  EXPECT_EQ(run("crypto.hmac.equal", {Value("abc"), Value("abc")}), "true");
  EXPECT_EQ(run("crypto.hmac.equal", {Value("abc"), Value("abd")}), "false");
  EXPECT_EQ(run("crypto.hmac.equal", {Value("abc"), Value("ab")}), "false");
}

TEST(Crypto, X509AndKeys) {
  std::string root = fixture("root.pem"), leaf = fixture("leaf.pem");
  auto certs = call("crypto.x509.parse_certificates", {Value(leaf)});
  ASSERT_TRUE(certs && *certs) << show(certs);
  const Value& c = (*certs)->as_array()[0];
  EXPECT_EQ(c.find(std::string_view("Subject"))->find(std::string_view("CommonName"))->as_string(),
            "leaf.example.com");
  EXPECT_EQ(c.find(std::string_view("DNSNames"))->to_string(), R"(["leaf.example.com"])");
  EXPECT_EQ(c.find(std::string_view("IPAddresses"))->to_string(), R"(["10.0.0.1"])");
  EXPECT_EQ(c.find(std::string_view("KeyUsage"))->to_string(), "5");  // DigitalSignature|KeyEnc.
  EXPECT_EQ(c.find(std::string_view("IsCA"))->to_string(), "false");
  EXPECT_EQ(c.find(std::string_view("PublicKeyAlgorithm"))->to_string(), "1");
  EXPECT_EQ(c.find(std::string_view("URIStrings"))->to_string(), "null");
  // Neither PEM nor base64, base64 of garbage: Go's messages, as OPA reports them.
  EXPECT_EQ(run("crypto.x509.parse_certificates", {Value("not a cert")}),
            "error: crypto.x509.parse_certificates: illegal base64 data at input byte 3");
  EXPECT_EQ(run("crypto.x509.parse_certificates", {Value("YmFkc3RyaW5n")}),
            "error: crypto.x509.parse_certificates: x509: malformed certificate");
  EXPECT_EQ(run("crypto.x509.parse_certificate_request", {Value("foobar")}),
            "error: crypto.x509.parse_certificate_request: illegal base64 data at input byte 4");
  EXPECT_EQ(run("crypto.x509.parse_rsa_private_key", {Value("invalid")}),
            "error: crypto.x509.parse_rsa_private_key: illegal base64 data at input byte 4");
  EXPECT_EQ(run("crypto.x509.parse_certificates", {Value("YQ==YQ==")}),
            "error: crypto.x509.parse_certificates: illegal base64 data at input byte 4");
  // Chain: root first, leaf last; verified at the evaluation's time.
  std::int64_t y2027 = 1798761600LL * 1'000'000'000;
  auto ok = call("crypto.x509.parse_and_verify_certificates", {Value(root + leaf)}, y2027);
  ASSERT_TRUE(ok && *ok);
  EXPECT_EQ((*ok)->as_array()[0].to_string(), "true");
  // The verified chain leaf first, as Go's Verify (and OPA) returns it.
  const Value& chain = (*ok)->as_array()[1];
  ASSERT_EQ(chain.size(), 2u);
  auto cn = [](const Value& cert) {
    return cert.find(std::string_view("Subject"))
        ->find(std::string_view("CommonName"))
        ->as_string();
  };
  EXPECT_EQ(cn(chain.as_array()[0]), "leaf.example.com");
  EXPECT_EQ(cn(chain.as_array()[1]), "custos test root");
  auto early = call("crypto.x509.parse_and_verify_certificates", {Value(root + leaf)},
                    946684800LL * 1'000'000'000);  // 2000: not yet valid
  EXPECT_EQ((*early)->as_array()[0].to_string(), "false");
  auto wrong = call("crypto.x509.parse_and_verify_certificates", {Value(leaf + root)}, y2027);
  EXPECT_EQ((*wrong)->as_array()[0].to_string(), "false");
  auto with = [&](const char* opts) {
    auto r = call("crypto.x509.parse_and_verify_certificates_with_options",
                  {Value(root + leaf), J(opts)}, y2027);
    return r && *r ? (*r)->as_array()[0].to_string() : show(r);
  };
  EXPECT_EQ(with(R"({"DNSName": "leaf.example.com"})"), "true");
  EXPECT_EQ(with(R"({"DNSName": "other.example.com"})"), "false");
  EXPECT_EQ(with(R"({"CurrentTime": 946684800000000000})"), "false");
  EXPECT_EQ(with(R"({"KeyUsages": ["KeyUsageClientAuth"]})"), "true");  // leaf has no EKU
  auto csr = call("crypto.x509.parse_certificate_request", {Value(fixture("leaf.csr"))});
  ASSERT_TRUE(csr && *csr) << show(csr);
  EXPECT_EQ((*csr)->find(std::string_view("DNSNames"))->to_string(), R"(["leaf.example.com"])");
  auto rsa = call("crypto.x509.parse_rsa_private_key", {Value(fixture("leaf.key"))});
  ASSERT_TRUE(rsa && *rsa) << show(rsa);
  EXPECT_EQ((*rsa)->find(std::string_view("kty"))->as_string(), "RSA");
  EXPECT_EQ((*rsa)->find(std::string_view("e"))->as_string(), "AQAB");
  auto keys = call("crypto.parse_private_keys", {Value(fixture("root.key") + fixture("leaf.key"))});
  ASSERT_TRUE(keys && *keys);
  ASSERT_EQ((*keys)->size(), 2u);
  EXPECT_EQ((*keys)->as_array()[0].find(std::string_view("crv"))->as_string(), "P-256");
  // OPA: empty input is null, text without PEM blocks has no keys (it is not base64-decoded).
  EXPECT_EQ(run("crypto.parse_private_keys", {Value("")}), "null");
  EXPECT_EQ(run("crypto.parse_private_keys", {Value("nope")}), "[]");
  auto pair = call("crypto.x509.parse_keypair", {Value(leaf), Value(fixture("leaf.key"))});
  ASSERT_TRUE(pair && *pair) << show(pair);
  EXPECT_EQ(run("crypto.x509.parse_keypair", {Value(leaf), Value(fixture("root.key"))}),
            "error: crypto.x509.parse_keypair: private key does not match public key");
}

TEST(Graph, ReachableAndPaths) {
  Value g = J(R"({"a": ["b", "c"], "b": ["c"], "c": [], "e": ["f"], "f": ["e"]})");
  EXPECT_EQ(run("graph.reachable", {g, J(R"(["b", "e"])")}), R"({"b", "c", "e", "f"})");
  EXPECT_EQ(run("graph.reachable_paths", {g, J(R"(["a"])")}), R"({["a", "b", "c"], ["a", "c"]})");
  EXPECT_EQ(run("graph.reachable_paths",
                {J(R"({"a": ["b"], "b": ["nonexistent"]})"), J(R"(["a", "b"])")}),
            R"({["a", "b"], ["b"]})");
  EXPECT_EQ(run("graph.reachable", {g, Value("a")}),
            "error: graph.reachable: operand 2 must be one of {set, array} but got string");
}

TEST(UuidRand, DeterministicPerEvaluation) {
  const BuiltinDecl* uuid = Registry::defaults().find("uuid.rfc4122");
  const BuiltinDecl* intn = Registry::defaults().find("rand.intn");
  std::unordered_map<std::string, std::any> cache;
  DeterministicRng rng(std::uint64_t{7});
  BuiltinContext ctx;
  ctx.cache = &cache;
  ctx.rng = &rng;
  ctx.name = "uuid.rfc4122";
  std::vector<Value> k1{Value("k1")}, k2{Value("k2")};
  std::string a = (*uuid->fn(ctx, k1))->as_string();
  EXPECT_EQ((*uuid->fn(ctx, k1))->as_string(), a);
  EXPECT_NE((*uuid->fn(ctx, k2))->as_string(), a);
  EXPECT_EQ(a.size(), 36u);
  EXPECT_EQ(a[14], '4');
  ctx.name = "rand.intn";
  std::vector<Value> args{Value("x"), Value(1000)};
  auto first = (*intn->fn(ctx, args))->to_string();
  for (int i = 0; i < 10; ++i) EXPECT_EQ((*intn->fn(ctx, args))->to_string(), first);
  EXPECT_EQ(run("uuid.parse", {Value("000003e8-48b9-21ee-b200-325096b39f47")}),
            R"({"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": )"
            R"("local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, )"
            R"("variant": "RFC4122", "version": 2})");
  EXPECT_EQ(run("uuid.parse", {Value("017F22E2-79B0-7CC3-98C4-DC0C0C07398F")}),
            R"({"time": 1645557742000000000, "variant": "RFC4122", "version": 7})");
  EXPECT_EQ(run("uuid.parse", {Value("nope")}), "undefined");
  // The latest timestamps a v7 (48-bit ms) or v6 (60-bit ticks) UUID can hold exceed int64
  // nanoseconds: exact, not overflowed (found by fuzz_rego_compiler under UBSan).
  EXPECT_EQ(run("uuid.parse", {Value("ffffffff-ffff-7fff-bfff-ffffffffffff")}),
            R"({"time": 281474976710655000000, "variant": "RFC4122", "version": 7})");
  EXPECT_EQ(run("uuid.parse", {Value("ffffffff-ffff-6fff-bfff-ffffffffffff")}),
            R"({"time": 103072857660684697500, "variant": "RFC4122", "version": 6})");
}

TEST(JsonSchema, MatchAndVerify) {
  Value schema = J(R"({"properties": {"id": {"type": "integer"}}, "required": ["id"]})");
  EXPECT_EQ(run("json.match_schema", {J(R"({"id": 5})"), schema}), "[true, []]");
  EXPECT_EQ(run("json.match_schema", {J(R"({"id": "foo"})"), schema}),
            R"([false, [{"desc": "Invalid type. Expected: integer, given: string", )"
            R"("error": "id: Invalid type. Expected: integer, given: string", "field": "id", )"
            R"("type": "invalid_type"}]])");
  EXPECT_EQ(run("json.match_schema", {J("{}"), schema}),
            R"x([false, [{"desc": "id is required", "error": "(root): id is required", )x"
            R"x("field": "(root)", "type": "required"}]])x");
  EXPECT_EQ(
      run("json.match_schema", {J(R"({"value": "allow"})"), J(R"({"enum": []})")}).substr(0, 7),
      "[false,");
  Value refs = J(R"({"definitions": {"pos": {"type": "number", "minimum": 0}},
                     "type": "array", "items": {"$ref": "#/definitions/pos"}, "maxItems": 2})");
  EXPECT_EQ(run("json.match_schema", {J("[1, 2]"), refs}), "[true, []]");
  EXPECT_EQ(run("json.match_schema", {J("[1, -2, 3]"), refs}).substr(0, 7), "[false,");
  EXPECT_EQ(run("json.verify_schema", {J(R"({"type": "unknown"})")}),
            R"([false, "has a primitive type that is NOT VALID -- given: /unknown/ Expected )"
            R"(valid values are:[array boolean integer number null object string]"])");
  EXPECT_EQ(run("json.verify_schema", {Value(R"({"type": "string"})")}), "[true, null]");
}

TEST(ProvidersAws, SignReqMatchesOpa) {
  // From OPA's conformance case providers-aws-sign_req/success-simple-no body.
  auto r = call("providers.aws.sign_req", {J(R"({"method": "get", "url": "http://example.com"})"),
                                           J(R"({"aws_access_key": "MYAWSACCESSKEYGOESHERE",
                       "aws_secret_access_key": "MYAWSSECRETACCESSKEYGOESHERE",
                       "aws_service": "s3", "aws_region": "us-east-1"})"),
                                           Value(std::int64_t{1451311705000000000})});
  ASSERT_TRUE(r && *r) << show(r);
  const Value* auth =
      (*r)->find(std::string_view("headers"))->find(std::string_view("Authorization"));
  EXPECT_EQ(auth->as_string(),
            "AWS4-HMAC-SHA256 Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request,"
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
            "Signature=0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3");
}

TEST(Runtime, HermeticBuiltins) {
  EXPECT_EQ(run("opa.runtime", {}), "{}");
  EXPECT_EQ(run("trace", {Value("note")}), "true");
  EXPECT_EQ(run("http.send", {J(R"({"method": "get", "url": "http://x"})")}).substr(0, 26),
            "error: http.send: disabled");
}

}  // namespace
}  // namespace custos::rego::testing
