// net.lookup_ip_addr and http.send: disabled without capabilities, request validation as OPA
// does it, the host allow-list (also on redirects), timeouts, response shape. http.send runs
// against a fake transport: no sockets.

#include <gtest/gtest.h>

#include <mutex>

#include "rego/rego.h"

namespace custos::rego {
namespace {

Result<std::vector<QueryResult>> run(const std::string& module, const std::string& query,
                                     const Capabilities* caps, bool strict = true) {
  CUSTOS_TRY_ASSIGN(auto p, compile({{"t.rego", module}}));
  CUSTOS_TRY_ASSIGN(auto q, p->prepare(query));
  EvalOptions o;
  o.capabilities = caps;
  o.strict_builtin_errors = strict;
  return q.eval(o);
}

Value first(const Result<std::vector<QueryResult>>& r) {
  EXPECT_TRUE(r) << (r ? "" : r.error().to_string());
  if (!r || r->empty()) return Value("<undefined>");
  return (*r)[0].expressions[0];
}

// Records requests; answers from a script keyed by URL.
class FakeTransport : public HttpTransport {
 public:
  Result<HttpSendResponse> send(const HttpSendRequest& request) const override {
    std::lock_guard lock(mu_);
    seen.push_back(request);
    for (const auto& [url, resp] : script) {
      if (url == request.url) return resp;
    }
    return fail(ErrorCode::kUnavailable, "dial tcp: connection refused");
  }
  std::vector<std::pair<std::string, HttpSendResponse>> script;
  mutable std::vector<HttpSendRequest> seen;

 private:
  mutable std::mutex mu_;
};

Capabilities http_caps(const HttpTransport* t, std::vector<std::string> hosts,
                       std::chrono::milliseconds max_timeout = std::chrono::milliseconds(5000)) {
  Capabilities c;
  c.http = t;
  c.http_allowed_hosts = std::move(hosts);
  c.http_max_timeout = max_timeout;
  return c;
}

TEST(RegoNetLookup, DisabledByDefault) {
  auto r = run("package t\np := net.lookup_ip_addr(\"127.0.0.1\")\n", "data.t.p", nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kEvalBuiltin);
  EXPECT_NE(r.error().message().find("net.lookup_ip_addr: disabled"), std::string::npos);
}

TEST(RegoNetLookup, ResolvesLiteralsAndLocalhostWhenGranted) {
  Capabilities caps;
  caps.net_lookup = true;
  EXPECT_EQ(first(run("package t\np := net.lookup_ip_addr(\"10.0.0.1\")\n", "data.t.p", &caps)),
            Value::set({Value("10.0.0.1")}));
  EXPECT_EQ(first(run("package t\np := net.lookup_ip_addr(\"::1\")\n", "data.t.p", &caps)),
            Value::set({Value("::1")}));
  Value local =
      first(run("package t\np := net.lookup_ip_addr(\"localhost\")\n", "data.t.p", &caps));
  ASSERT_TRUE(local.is_set());
  EXPECT_TRUE(local.contains(Value("127.0.0.1")) || local.contains(Value("::1")));
  auto bad =
      run("package t\np := net.lookup_ip_addr(\"no-such-host.invalid\")\n", "data.t.p", &caps);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), ErrorCode::kEvalBuiltin);
}

TEST(RegoHttpSend, ValidatesRequestsEvenWhenDisabled) {
  auto missing = run("package t\np := http.send({\"method\": \"get\"})\n", "data.t.p", nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), ErrorCode::kEvalType);
  EXPECT_NE(missing.error().message().find(
                "http.send: operand 1 missing required request parameters(s): {\"url\"}"),
            std::string::npos)
      << missing.error().message();
  auto invalid = run(
      "package t\np := http.send({\"method\": \"get\", \"url\": \"http://a\", \"bad_key\": 1})\n",
      "data.t.p", nullptr);
  ASSERT_FALSE(invalid);
  EXPECT_EQ(invalid.error().code(), ErrorCode::kEvalType);
  EXPECT_NE(invalid.error().message().find("invalid request parameters(s): {\"bad_key\"}"),
            std::string::npos);
  auto disabled = run("package t\np := http.send({\"method\": \"get\", \"url\": \"http://a/\"})\n",
                      "data.t.p", nullptr);
  ASSERT_FALSE(disabled);
  EXPECT_EQ(disabled.error().code(), ErrorCode::kEvalBuiltin);
  EXPECT_NE(disabled.error().message().find("http.send: disabled"), std::string::npos);
}

TEST(RegoHttpSend, SendsAllowListedRequestsAndDecodesJson) {
  FakeTransport t;
  t.script.push_back({"https://api.example.com/v1?x=1",
                      {200,
                       {{"Content-Type", "application/json"}, {"X-A", "1"}, {"x-a", "2"}},
                       R"({"roles": ["admin"]})"}});
  Capabilities caps = http_caps(&t, {"API.example.com"});
  std::string m = R"(package t
p := http.send({"method": "post", "url": "https://api.example.com/v1?x=1",
                "headers": {"Authorization": "Bearer t"}, "body": {"a": 1}, "timeout": "2s"})
)";
  Value resp = first(run(m, "data.t.p", &caps));
  ASSERT_TRUE(resp.is_object());
  EXPECT_EQ(*resp.find("status_code"), Value(200));
  EXPECT_EQ(*resp.find("status"), Value("200 OK"));
  EXPECT_EQ(*resp.find("body"), Value::object({{Value("roles"), Value::array({Value("admin")})}}));
  EXPECT_EQ(*resp.find("raw_body"), Value(R"({"roles": ["admin"]})"));
  EXPECT_EQ(*resp.find("headers")->find("x-a"), Value::array({Value("1"), Value("2")}));
  ASSERT_EQ(t.seen.size(), 1u);
  EXPECT_EQ(t.seen[0].method, "POST");
  EXPECT_EQ(t.seen[0].body, R"({"a":1})");
  EXPECT_EQ(t.seen[0].timeout, std::chrono::milliseconds(2000));
  ASSERT_EQ(t.seen[0].headers.size(), 1u);
  EXPECT_EQ(t.seen[0].headers[0].first, "Authorization");
}

TEST(RegoHttpSend, TimeoutIsCappedByTheCapability) {
  FakeTransport t;
  t.script.push_back({"http://h/", {204, {}, ""}});
  Capabilities caps = http_caps(&t, {"h"}, std::chrono::milliseconds(300));
  Value resp = first(
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://h/\", \"timeout\": "
          "\"1h\"})\n",
          "data.t.p", &caps));
  EXPECT_EQ(*resp.find("status"), Value("204 No Content"));
  EXPECT_EQ(*resp.find("body"), Value());
  ASSERT_EQ(t.seen.size(), 1u);
  EXPECT_EQ(t.seen[0].timeout, std::chrono::milliseconds(300));
}

TEST(RegoHttpSend, RefusesHostsOutsideTheAllowList) {
  FakeTransport t;
  Capabilities caps = http_caps(&t, {"good.example"});
  auto r =
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://evil.example/\"})\n",
          "data.t.p", &caps);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("unallowed host: evil.example"), std::string::npos);
  EXPECT_TRUE(t.seen.empty());
  // raise_error false: the error becomes part of the response.
  Value resp = first(
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://evil.example/\", "
          "\"raise_error\": false})\n",
          "data.t.p", &caps));
  EXPECT_EQ(*resp.find("status_code"), Value(0));
  EXPECT_EQ(*resp.find("error")->find("code"), Value("eval_http_send_internal_error"));
  EXPECT_TRUE(t.seen.empty());
}

TEST(RegoHttpSend, RedirectsAreReturnedUnlessEnabledAndThenAllowListed) {
  FakeTransport t;
  t.script.push_back({"http://good.example/a", {302, {{"Location", "/b"}}, ""}});
  t.script.push_back({"http://good.example/b", {302, {{"Location", "http://evil.example/c"}}, ""}});
  Capabilities caps = http_caps(&t, {"good.example"});
  Value plain = first(
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://good.example/a\"})\n",
          "data.t.p", &caps));
  EXPECT_EQ(*plain.find("status_code"), Value(302));
  EXPECT_EQ(t.seen.size(), 1u);
  t.seen.clear();
  auto followed =
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://good.example/a\", "
          "\"enable_redirect\": true})\n",
          "data.t.p", &caps);
  ASSERT_FALSE(followed);
  EXPECT_NE(followed.error().message().find("unallowed host: evil.example"), std::string::npos);
  ASSERT_EQ(t.seen.size(), 2u);
  EXPECT_EQ(t.seen[1].url, "http://good.example/b");
}

TEST(RegoHttpSend, TransportErrorsAndRefusedOptions) {
  FakeTransport t;
  Capabilities caps = http_caps(&t, {"*"});
  Value resp =
      first(run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://down/\", "
                "\"raise_error\": false})\n",
                "data.t.p", &caps));
  EXPECT_EQ(*resp.find("error")->find("code"), Value("eval_http_send_network_error"));
  auto raised = run("package t\np := http.send({\"method\": \"GET\", \"url\": \"http://down/\"})\n",
                    "data.t.p", &caps);
  ASSERT_FALSE(raised);
  EXPECT_EQ(raised.error().code(), ErrorCode::kEvalBuiltin);
  auto insecure =
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"https://x/\", "
          "\"tls_insecure_skip_verify\": true})\n",
          "data.t.p", &caps);
  ASSERT_FALSE(insecure);
  EXPECT_NE(insecure.error().message().find("tls_insecure_skip_verify"), std::string::npos);
  auto file =
      run("package t\np := http.send({\"method\": \"GET\", \"url\": \"https://x/\", "
          "\"tls_client_cert_file\": \"/etc/passwd\"})\n",
          "data.t.p", &caps);
  ASSERT_FALSE(file);
  EXPECT_NE(file.error().message().find("not supported"), std::string::npos);
}

TEST(RegoHttpSend, IdenticalRequestsAreSentOncePerEvaluation) {
  FakeTransport t;
  t.script.push_back({"http://h/", {200, {}, "x"}});
  Capabilities caps = http_caps(&t, {"h"});
  std::string m = R"(package t
a := http.send({"method": "GET", "url": "http://h/"}).raw_body
b := http.send({"method": "GET", "url": "http://h/"}).raw_body
p := [a, b]
)";
  EXPECT_EQ(first(run(m, "data.t.p", &caps)), Value::array({Value("x"), Value("x")}));
  EXPECT_EQ(t.seen.size(), 1u);
}

}  // namespace
}  // namespace custos::rego
