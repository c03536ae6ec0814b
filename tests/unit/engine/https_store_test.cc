// Stores fetched over HTTPS from a real Beast server on 127.0.0.1 (port 0) with a CA made in the
// test: the SourceFetcher verifies the certificate, and the engine loads the example stores.

#include <gtest/gtest.h>

#include "../net/test_server.h"
#include "base/rng.h"
#include "engine/http_fetcher.h"
#include "example_org.h"

namespace custos::engine {
namespace {

using namespace testing;

store::StoreConfig https_config(store::StoreKind kind, const net::testing::TestServer& server) {
  auto config = org_config(kind);
  std::string name = kind == store::StoreKind::kEntity ? "entities" : "policies";
  config.data = store::Source{
      store::SourceType::kHttps, server.url("https", "127.0.0.1", "/" + name + ".json"), {}};
  config.signature = store::Source{store::SourceType::kHttps,
                                   server.url("https", "127.0.0.1", "/" + name + ".signature.json"),
                                   {}};
  return config;
}

TEST(EngineHttpsStore, LoadsStoresOverVerifiedTls) {
  auto pki = net::testing::make_test_pki("localhost", "127.0.0.1");
  net::testing::TestServer server(&pki, [](const std::string& target, std::string& body) {
    for (std::string name : {"entities", "policies"}) {
      if (target == "/" + name + ".json") body = read_text(org_path("stores/" + name + ".json"));
      if (target == "/" + name + ".signature.json")
        body = read_text(org_path("stores/" + name + ".signature.json"));
    }
    return !body.empty();
  });
  ManualClock clock(kNow * 1'000'000'000);
  Engine engine(org_options(&clock));
  net::ClientOptions trusting;
  trusting.ca_pem = pki.ca_cert_pem;
  SourceFetcher fetcher(store::FileFetcher(), trusting);
  for (auto kind : {store::StoreKind::kEntity, store::StoreKind::kPolicy}) {
    auto loaded = engine.update(kind, https_config(kind, server), fetcher);
    ASSERT_TRUE(loaded) << loaded.error().render();
  }
  DeterministicRng rng(1);
  auto decision = engine.evaluate(read_json("requests/01-member-small-eth.json"), rng);
  ASSERT_TRUE(decision) << decision.error().render();
  EXPECT_EQ(decision->kind, DecisionKind::kPermit);

  // A fetcher that does not trust the server's CA refuses the store.
  auto other = net::testing::make_test_pki("localhost", "127.0.0.1");
  net::ClientOptions distrusting;
  distrusting.ca_pem = other.ca_cert_pem;
  SourceFetcher untrusted(store::FileFetcher(), distrusting);
  Engine fresh(org_options(&clock));
  auto refused = fresh.update(store::StoreKind::kEntity,
                              https_config(store::StoreKind::kEntity, server), untrusted);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), ErrorCode::kStoreFetch);
}

}  // namespace
}  // namespace custos::engine
