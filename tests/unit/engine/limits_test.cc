// checkSpendingLimit and checkRateLimit over the signed historical-transfer feed: transfers inside
// and outside rolling and fixed windows, startDate / endDate, every filter, currencies and rates,
// unknown history, and the refusal of bad transfer feeds. The organisation is examples/org's; the
// policies are written per test. Time is the engine's injected clock (kNow, 2026-01-01T00:10Z).

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "base/rng.h"
#include "evm/abi.h"
#include "evm/address.h"
#include "evm/hex.h"
#include "example_org.h"
#include "jose/hash.h"
#include "jose/jwt.h"
#include "json/serialize.h"

namespace custos::engine {
namespace {

using namespace testing;

constexpr std::string_view kOps = "0x0b0b000000000000000000000000000000000002";
constexpr std::string_view kPayroll = "0x0ca1000000000000000000000000000000000003";
constexpr std::string_view kTrading = "0x0dad000000000000000000000000000000000004";
constexpr std::string_view kVendor = "0x7e4d000000000000000000000000000000000006";
constexpr std::string_view kExchange = "0x3c4a000000000000000000000000000000000007";
constexpr std::string_view kUsdcAddress = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
const std::string kUsdc = "eip155:1/erc20:" + std::string(kUsdcAddress);
const std::string kEth = "eip155:1/slip44:60";
constexpr std::int64_t kHourMs = 3600 * 1000;
constexpr std::int64_t kNowMs = kNow * 1000;
constexpr std::int64_t kUsdcUnit = 1'000'000;

std::string account(std::string_view address) { return "eip155:eoa:" + std::string(address); }
std::string caip10(std::string_view address) { return "eip155:1:" + std::string(address); }

// A past transfer in the reference's HistoricalTransfer format.
struct Transfer {
  std::string user = "member-bob";
  std::string_view from = kOps;
  std::string_view to = kVendor;
  std::string token = kUsdc;
  std::string amount = std::to_string(9000 * kUsdcUnit);
  std::int64_t timestamp = kNowMs - 3 * kHourMs;
  std::int64_t chain = 1;
  std::string usd_rate = "1";
  bool with_resource = true;

  json::Value to_json() const {
    json::Value rates = json::Value::object();
    if (!usd_rate.empty()) rates.set("fiat:usd", json::Value(usd_rate));
    json::Value out = json::Value::object({{"amount", json::Value(amount)},
                                           {"from", json::Value(caip10(from))},
                                           {"to", json::Value(caip10(to))},
                                           {"token", json::Value(token)},
                                           {"chainId", json::Value(chain)},
                                           {"initiatedBy", json::Value(user)},
                                           {"timestamp", json::Value(timestamp)},
                                           {"rates", std::move(rates)}});
    if (with_resource) out.set("resourceId", json::Value(account(from)));
    return out;
  }
};

class Limits : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = load_org(engine_);
    ASSERT_TRUE(loaded) << loaded.error().render();
  }

  // Replaces the policy store with `policies` (a newer version, signed by the store admin).
  void use_policies(const std::string& policies) {
    auto data = json::parse(policies);
    ASSERT_TRUE(data) << data.error().render();
    jose::Jwk admin = org_key("store-admin");
    auto sig = store::sign_document(store::StoreKind::kPolicy, *data, admin,
                                    1767225600 + ++policy_version_);
    ASSERT_TRUE(sig);
    auto doc = store::verify_document(store::StoreKind::kPolicy,
                                      store::data_file_text(store::StoreKind::kPolicy, *data), *sig,
                                      {admin.public_only()});
    ASSERT_TRUE(doc) << doc.error().render();
    auto loaded = engine_.load_policies(*doc);
    ASSERT_TRUE(loaded) << loaded.error().render();
  }

  // Anything is permitted except what the spending limit `args` (operator gt) forbids.
  void forbid_when_spending_exceeds(const std::string& args) {
    use_policies(
        R"([{"id":"allow","then":"permit","when":[{"criterion":"checkAction","args":["signTransaction"]}]},
                     {"id":"limit","then":"forbid","when":[{"criterion":"checkSpendingLimit","args":)" +
        args + "}]}]");
  }

  static json::Value signed_feed(std::string_view source, const json::Value& data,
                                 const std::string& key_name, std::int64_t iat) {
    json::Value claims = json::Value::object(
        {{"data", json::Value(*jose::canonical_hash(data))}, {"iat", json::Value(iat)}});
    jose::SignOptions options;
    options.kid = key_name;
    return json::Value::object(
        {{"source", json::Value(source)},
         {"sig", json::Value(
                     *jose::sign_jwt(claims, org_key(key_name), jose::Algorithm::kEdDSA, options))},
         {"data", data}});
  }

  static json::Value transfers_json(const std::vector<Transfer>& transfers) {
    json::Value out = json::Value::array();
    for (const auto& t : transfers) out.push_back(t.to_json());
    return out;
  }

  // Signed one minute before the engine's clock unless `iat` is given.
  json::Value transfer_feed(const std::vector<Transfer>& transfers, std::int64_t iat = 0) const {
    return signed_feed("armory/historical-transfer-feed", transfers_json(transfers),
                       "feed-transfers", iat ? iat : clock_.unix_seconds() - 60);
  }

  static json::Value price_feed() {
    return signed_feed("armory/price-feed", read_json("feeds/prices.json"), "feed-prices", kNow);
  }

  // ERC-20 transfer(to, units) calldata.
  static std::string erc20_transfer(std::string_view to, std::int64_t units) {
    char buffer[65];
    std::snprintf(buffer, sizeof buffer, "%064llx", static_cast<unsigned long long>(units));
    return "0xa9059cbb" + std::string(24, '0') + std::string(to.substr(2)) + buffer;
  }

  // Bob's smart account (ops) runs executeBatch(address[],bytes[]) (an ERC-4337 v0.6 account):
  // one USDC transfer to the vendor per entry of `units` (whole USDC).
  json::Value batch_request(const std::vector<std::int64_t>& units, json::Value feeds) {
    std::vector<evm::abi::Value> targets, calls;
    for (std::int64_t n : units) {
      targets.push_back(evm::abi::Value::addr(*evm::Address::parse(kUsdcAddress)));
      calls.push_back(
          evm::abi::Value::dyn_bytes(*evm::parse_hex_data(erc20_transfer(kVendor, n * kUsdcUnit))));
    }
    auto list = [](std::vector<evm::abi::Value> items) {
      evm::abi::Value out;
      out.kind = evm::abi::Type::Kind::kArray;
      out.items = std::move(items);
      return out;
    };
    auto types = evm::abi::Type::parse_list("(address[],bytes[])");
    auto body = evm::abi::encode(*types, {list(targets), list(calls)});
    EXPECT_TRUE(body);
    std::string data = "0x18dfb3c7" + evm::to_hex_data(*body).substr(2);
    json::Value tx = json::Value::object({{"chainId", json::Value(1)},
                                          {"from", json::Value(kOps)},
                                          {"to", json::Value(kOps)},
                                          {"value", json::Value("0x0")},
                                          {"data", json::Value(data)}});
    return signed_request(std::move(tx), std::move(feeds), kOps, "member-bob");
  }

  // member-bob (or `signer`) sends `units` of USDC from `from` to `to`, signed, with the feeds.
  json::Value usdc_request(std::int64_t units, json::Value feeds, std::string_view from = kOps,
                           std::string_view to = kVendor,
                           const std::string& signer = "member-bob") {
    json::Value tx = json::Value::object({{"chainId", json::Value(1)},
                                          {"from", json::Value(from)},
                                          {"to", json::Value(kUsdcAddress)},
                                          {"value", json::Value("0x0")},
                                          {"data", json::Value(erc20_transfer(to, units))}});
    return signed_request(std::move(tx), std::move(feeds), from, signer);
  }

  // `tx` as a signTransaction request from account `from`, signed by `signer`, with `feeds`.
  json::Value signed_request(json::Value tx, json::Value feeds, std::string_view from,
                             const std::string& signer) {
    json::Value request =
        json::Value::object({{"action", json::Value("signTransaction")},
                             {"nonce", json::Value("limits-" + std::to_string(++nonce_))},
                             {"resourceId", json::Value(account(from))},
                             {"transactionRequest", std::move(tx)}});
    json::Value claims = json::Value::object(
        {{"requestHash", json::Value(*jose::canonical_hash(request))}, {"iat", json::Value(kNow)}});
    jose::SignOptions options;
    options.kid = "cred-" + signer;
    std::string jwt =
        *jose::sign_jwt(claims, org_key("cred-" + signer), jose::Algorithm::kEdDSA, options);
    json::Value evaluation = json::Value::object(
        {{"authentication", json::Value(jwt)}, {"request", std::move(request)}});
    if (!feeds.is_null()) evaluation.set("feeds", std::move(feeds));
    return evaluation;
  }

  // 2,000 USDC by bob with the price feed and a transfer feed of `past`.
  json::Value request_after(const std::vector<Transfer>& past, std::int64_t units = 2000) {
    return usdc_request(units * kUsdcUnit, json::Value::array({price_feed(), transfer_feed(past)}));
  }

  std::string decide(const json::Value& evaluation) {
    auto decision = engine_.evaluate(evaluation, rng_);
    EXPECT_TRUE(decision) << decision.error().render();
    if (!decision) return "error";
    return std::string(decision_name(decision->kind));
  }

  ErrorCode refusal(const json::Value& evaluation) {
    auto decision = engine_.evaluate(evaluation, rng_);
    EXPECT_FALSE(decision) << "decided " << (decision ? decision_name(decision->kind) : "");
    return decision ? ErrorCode::kInternal : decision.error().code();
  }

  ManualClock clock_{kNow * 1'000'000'000};
  Engine engine_{org_options(&clock_)};
  DeterministicRng rng_{11};
  int policy_version_ = 0;
  int nonce_ = 0;
};

const std::string kDailyUsd =
    R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"rolling","value":86400}})";

TEST_F(Limits, RollingWindowCountsOnlyTransfersInsideIt) {
  forbid_when_spending_exceeds(kDailyUsd);
  Transfer recent;  // 9,000 USD, 3 h ago
  Transfer old = recent;
  old.timestamp = kNowMs - 30 * kHourMs;
  EXPECT_EQ(decide(request_after({})), "Permit");
  EXPECT_EQ(decide(request_after({old})), "Permit");           // 2,000
  EXPECT_EQ(decide(request_after({recent})), "Forbid");        // 11,000
  EXPECT_EQ(decide(request_after({recent}, 1000)), "Permit");  // 10,000 is not > 10,000
  // The window's edge, to the millisecond: 24 h ago is inside, 1 ms earlier is not.
  Transfer edge = recent;
  edge.timestamp = kNowMs - 24 * kHourMs;
  EXPECT_EQ(decide(request_after({edge})), "Forbid");
  edge.timestamp -= 1;
  EXPECT_EQ(decide(request_after({edge})), "Permit");
  // The clock moves: three hours later the 21-hour-old transfer has left the window.
  Transfer t21 = recent;
  t21.timestamp = kNowMs - 21 * kHourMs;
  EXPECT_EQ(decide(request_after({t21})), "Forbid");
  clock_.set_unix_seconds(kNow + 3 * 3600 + 1);
  EXPECT_EQ(decide(request_after({t21})), "Permit");
}

// The decision query binds both sets in one evaluation; a store with no forbid rule (or no
// permit rule) at all must still decide, not fall into the implicit forbid.
TEST_F(Limits, StoresWithOnlyPermitOrOnlyForbidRulesStillDecide) {
  use_policies(
      R"([{"id":"allow","then":"permit","when":[{"criterion":"checkAction","args":["signTransaction"]}]}])");
  EXPECT_EQ(decide(request_after({})), "Permit");
  use_policies(
      R"([{"id":"deny","then":"forbid","when":[{"criterion":"checkAction","args":["signTransaction"]}]}])");
  EXPECT_EQ(decide(request_after({})), "Forbid");
}

TEST_F(Limits, FixedWindowStartsAtTheCalendarPeriod) {
  // kNow is 2026-01-01T00:10:00Z: the day, month and year began ten minutes ago.
  Transfer today;
  today.timestamp = kNowMs - 5 * 60 * 1000;
  Transfer yesterday = today;
  yesterday.timestamp = kNowMs - 11 * 60 * 1000;
  for (const char* period : {"1d", "1m", "1y"}) {
    forbid_when_spending_exceeds(
        std::string(
            R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"fixed","period":")") +
        period + R"("}})");
    EXPECT_EQ(decide(request_after({today})), "Forbid") << period;
    EXPECT_EQ(decide(request_after({yesterday})), "Permit") << period;
  }
  // A rolling hour counts the same transfer.
  forbid_when_spending_exceeds(
      R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"rolling","value":3600}})");
  EXPECT_EQ(decide(request_after({yesterday})), "Forbid");
  // On 2026-01-15 a transfer of 2026-01-10 is outside the day, inside the month and the year.
  clock_.set_unix_seconds(kNow + 14 * 86400);
  Transfer jan10 = today;
  jan10.timestamp = kNowMs + 9 * 86400 * 1000LL;
  for (auto [period, want] :
       {std::pair{"1d", "Permit"}, std::pair{"1m", "Forbid"}, std::pair{"1y", "Forbid"}}) {
    forbid_when_spending_exceeds(
        std::string(
            R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"fixed","period":")") +
        period + R"("}})");
    EXPECT_EQ(decide(request_after({jan10})), want) << period;
  }
}

TEST_F(Limits, StartDateAndEndDateBoundTheWindowInclusively) {
  std::int64_t start = kNow - 3600, end = kNow + 3600;
  forbid_when_spending_exceeds(
      R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"startDate":)" +
      std::to_string(start) + R"(,"endDate":)" + std::to_string(end) + "}}");
  Transfer at_start;
  at_start.timestamp = start * 1000;
  Transfer before = at_start;
  before.timestamp -= 1;
  EXPECT_EQ(decide(request_after({at_start})), "Forbid");
  EXPECT_EQ(decide(request_after({before})), "Permit");
  Transfer at_end = at_start;
  at_end.timestamp = end * 1000;  // dated in the future, still inside [start, end]
  EXPECT_EQ(decide(request_after({at_end})), "Forbid");
  at_end.timestamp += 1;
  EXPECT_EQ(decide(request_after({at_end})), "Permit");

  // With a type too, both bound the window: the year began at 2026-01-01T00:00Z, after `start`.
  forbid_when_spending_exceeds(
      R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"fixed","period":"1y","startDate":)" +
      std::to_string(start) + R"(,"endDate":)" + std::to_string(end) + "}}");
  EXPECT_EQ(decide(request_after({at_start})), "Permit");
  Transfer this_year = at_start;
  this_year.timestamp = (kNow - 60) * 1000;
  EXPECT_EQ(decide(request_after({this_year})), "Forbid");

  // A window that ended before now does not apply to the request at all.
  forbid_when_spending_exceeds(
      R"({"limit":"10","currency":"fiat:usd","operator":"gt","timeWindow":{"startDate":)" +
      std::to_string(kNow - 7200) + R"(,"endDate":)" + std::to_string(kNow - 60) + "}}");
  Transfer inside;
  inside.timestamp = (kNow - 3600) * 1000;
  EXPECT_EQ(decide(request_after({inside})), "Permit");
  // Nor does one that starts later.
  forbid_when_spending_exceeds(
      R"({"limit":"10","currency":"fiat:usd","operator":"gt","timeWindow":{"startDate":)" +
      std::to_string(kNow + 60) + "}}");
  EXPECT_EQ(decide(request_after({})), "Permit");
  // With no time window every transfer counts.
  forbid_when_spending_exceeds(R"({"limit":"10000","currency":"fiat:usd","operator":"gt"})");
  Transfer ancient;
  ancient.timestamp = 0;
  EXPECT_EQ(decide(request_after({ancient})), "Forbid");
}

// Each filter: the past 9,000 USD transfer is counted when it matches, ignored when not.
TEST_F(Limits, EveryFilterSelectsTheTransfersCounted) {
  struct Case {
    std::string filters;
    Transfer matching, other;
  };
  Transfer base;
  auto with = [&](auto change) {
    Transfer t = base;
    change(t);
    return t;
  };
  std::vector<Case> cases = {
      {R"({"perPrincipal":true})", base, with([](Transfer& t) { t.user = "member-carol"; })},
      {R"({"users":["MEMBER-BOB","member-carol"]})",
       with([](Transfer& t) { t.user = "member-carol"; }),
       with([](Transfer& t) { t.user = "admin-alice"; })},
      {R"({"userGroups":["ops-team"]})", with([](Transfer& t) { t.user = "member-carol"; }),
       with([](Transfer& t) { t.user = "admin-alice"; })},
      {R"({"tokens":[")" + kUsdc + R"("]})", base, with([](Transfer& t) {
         t.token = kEth;
         t.amount = "3000000000000000000";
         t.usd_rate = "3000";
       })},
      {R"({"resources":[")" + account(kOps) + R"("]})", base,
       with([](Transfer& t) { t.from = kTrading; })},
      {R"({"accountGroups":["hot-wallets"]})", with([](Transfer& t) { t.from = kTrading; }),
       with([](Transfer& t) { t.from = kPayroll; })},
      // Without resourceId, the account is found by the address of `from`.
      {R"({"accountGroups":["hot-wallets"]})", with([](Transfer& t) { t.with_resource = false; }),
       with([](Transfer& t) {
         t.with_resource = false;
         t.from = kPayroll;
       })},
      {R"({"destinations":[")" + caip10(kVendor) + R"("]})", base,
       with([](Transfer& t) { t.to = kExchange; })},
      {R"({"destinations":[")" + std::string(kVendor) + R"("]})", base,
       with([](Transfer& t) { t.to = kExchange; })},
      {R"({"chains":["1"]})", base, with([](Transfer& t) { t.chain = 137; })},
      {R"({"chains":[1]})", base, with([](Transfer& t) { t.chain = 10; })},
  };
  for (const auto& c : cases) {
    forbid_when_spending_exceeds(
        R"({"limit":"10000","currency":"fiat:usd","operator":"gt","timeWindow":{"type":"rolling","value":86400},"filters":)" +
        c.filters + "}");
    EXPECT_EQ(decide(request_after({c.matching})), "Forbid") << c.filters;
    EXPECT_EQ(decide(request_after({c.other})), "Permit") << c.filters;
  }
  // "*" is the reference's wildcard: no restriction.
  forbid_when_spending_exceeds(
      R"({"limit":"10000","currency":"fiat:usd","operator":"gt","filters":{"tokens":"*","users":"*"}})");
  EXPECT_EQ(decide(request_after({base})), "Forbid");
}

TEST_F(Limits, ALimitAppliesOnlyToRequestsInItsScope) {
  // ETH only: bob's USDC request is out of scope however much ETH he sent.
  Transfer eth;
  eth.token = kEth;
  eth.amount = "100000000000000000000";
  eth.usd_rate = "3000";
  forbid_when_spending_exceeds(
      R"({"limit":"10","currency":"fiat:usd","operator":"gt","filters":{"tokens":[")" + kEth +
      R"("]}})");
  EXPECT_EQ(decide(request_after({eth})), "Permit");
  // Carol's limit does not apply to bob.
  forbid_when_spending_exceeds(
      R"({"limit":"10","currency":"fiat:usd","operator":"gt","filters":{"users":["member-carol"]}})");
  EXPECT_EQ(decide(request_after({})), "Permit");
  // The payroll account's limit does not apply to a request from ops.
  forbid_when_spending_exceeds(
      R"({"limit":"10","currency":"fiat:usd","operator":"gt","filters":{"resources":[")" +
      account(kPayroll) + R"("]}})");
  EXPECT_EQ(decide(request_after({})), "Permit");
}

TEST_F(Limits, CurrencyUsesEachTransfersRatesAndTheTokensDecimals) {
  forbid_when_spending_exceeds(R"({"limit":"10000","currency":"fiat:usd","operator":"gt"})");
  Transfer eth;  // 2 ETH (18 decimals) at 3,000 USD: 6,000 USD
  eth.token = kEth;
  eth.amount = "2000000000000000000";
  eth.usd_rate = "3000";
  EXPECT_EQ(decide(request_after({eth})), "Permit");  // 8,000 USD
  eth.usd_rate = "4500";                              // the rate at the time of that transfer
  EXPECT_EQ(decide(request_after({eth})), "Forbid");  // 11,000 USD
  // Without a currency the limit is in base units: 9,000 USDC + 2,000 USDC = 11e9 units.
  Transfer usdc;
  forbid_when_spending_exceeds(R"({"limit":"11000000000","operator":"gt"})");
  EXPECT_EQ(decide(request_after({usdc})), "Permit");
  forbid_when_spending_exceeds(R"({"limit":"10999999999","operator":"gte","currency":"*"})");
  EXPECT_EQ(decide(request_after({usdc})), "Forbid");
}

TEST_F(Limits, UnknownValuesNeverPassALimit) {
  // A counted transfer without a fiat:usd rate: the total is unknown, so "gt" holds...
  forbid_when_spending_exceeds(kDailyUsd);
  Transfer unpriced;
  unpriced.usd_rate = "";
  unpriced.amount = "1";
  EXPECT_EQ(decide(request_after({unpriced})), "Forbid");
  // ...and "lte" does not: the permit does not apply.
  use_policies(
      R"([{"id":"within","then":"permit","when":[{"criterion":"checkSpendingLimit","args":{"limit":"10000","currency":"fiat:usd"}}]}])");
  EXPECT_EQ(decide(request_after({unpriced})), "Forbid");
  EXPECT_EQ(decide(request_after({Transfer{}})), "Forbid");  // 11,000 > 10,000
  EXPECT_EQ(decide(request_after({}, 5000)), "Permit");
  // No historical-transfer feed: the history is unknown, not empty.
  json::Value no_history = usdc_request(2000 * kUsdcUnit, json::Value::array({price_feed()}));
  EXPECT_EQ(decide(no_history), "Forbid");
  forbid_when_spending_exceeds(kDailyUsd);
  EXPECT_EQ(decide(usdc_request(2000 * kUsdcUnit, json::Value::array({price_feed()}))), "Forbid");
  // No price for the request's token.
  EXPECT_EQ(decide(usdc_request(2000 * kUsdcUnit, json::Value::array({transfer_feed({})}))),
            "Forbid");
}

TEST_F(Limits, RateLimitCountsTheRequestAndTheTransfersInScope) {
  use_policies(
      R"([{"id":"rate","then":"permit","when":[{"criterion":"checkRateLimit","args":{"limit":3,"timeWindow":{"type":"rolling","value":3600},"filters":{"perPrincipal":true}}}]}])");
  Transfer recent;
  recent.timestamp = kNowMs - 10 * 60 * 1000;
  Transfer old = recent;
  old.timestamp = kNowMs - 2 * kHourMs;
  Transfer carols = recent;
  carols.user = "member-carol";
  EXPECT_EQ(decide(request_after({recent, recent, old, carols})), "Permit");  // 2 + this one
  EXPECT_EQ(decide(request_after({recent, recent, recent})), "Forbid");       // 3 + this one
  // Without the feed the count is unknown: the permit does not apply.
  EXPECT_EQ(decide(usdc_request(2000 * kUsdcUnit, json::Value::array({price_feed()}))), "Forbid");
  // maxTransfers, custos's earlier name, means the same.
  use_policies(
      R"([{"id":"rate","then":"permit","when":[{"criterion":"checkRateLimit","args":{"maxTransfers":3,"timeWindow":{"type":"fixed","period":"1d"}}}]}])");
  EXPECT_EQ(decide(request_after({recent, carols})), "Permit");
  EXPECT_EQ(decide(request_after({recent, carols, recent})), "Forbid");
}

TEST_F(Limits, EachOperationOfAUserOperationIsOneTransfer) {
  forbid_when_spending_exceeds(kDailyUsd);
  Transfer recent;  // 6,000 USD
  recent.amount = std::to_string(6000 * kUsdcUnit);
  auto feeds = [&](const std::vector<Transfer>& past) {
    return json::Value::array({price_feed(), transfer_feed(past)});
  };
  EXPECT_EQ(decide(batch_request({1500, 1500}, feeds({recent}))), "Permit");  // 9,000 USD
  EXPECT_EQ(decide(batch_request({1500, 2501}, feeds({recent}))), "Forbid");  // 10,001 USD
  EXPECT_EQ(decide(batch_request({1500, 2500, 1}, feeds({}))), "Permit");     // 4,001
  // Out of an ETH-only limit's scope.
  forbid_when_spending_exceeds(
      R"({"limit":"1","currency":"fiat:usd","operator":"gt","filters":{"tokens":[")" + kEth +
      R"("]}})");
  EXPECT_EQ(decide(batch_request({1500, 2500}, feeds({recent}))), "Permit");
  // A rate limit counts each operation.
  use_policies(
      R"([{"id":"rate","then":"permit","when":[{"criterion":"checkRateLimit","args":{"limit":3}}]}])");
  EXPECT_EQ(decide(batch_request({1, 1}, feeds({recent}))), "Permit");          // 1 + 2
  EXPECT_EQ(decide(batch_request({1, 1}, feeds({recent, recent}))), "Forbid");  // 2 + 2
  EXPECT_EQ(decide(batch_request({1, 1, 1, 1}, feeds({}))), "Forbid");          // 0 + 4
}

TEST_F(Limits, BadTransferFeedsAreRefused) {
  forbid_when_spending_exceeds(kDailyUsd);
  std::vector<Transfer> past = {Transfer{}};
  json::Value good = request_after(past);
  ASSERT_EQ(decide(good), "Forbid");

  json::Value unsigned_feed = good;
  unsigned_feed.find("feeds")->as_array()[1].set("sig", json::Value());
  EXPECT_EQ(refusal(unsigned_feed), ErrorCode::kEngineFeed);

  // A transfer removed after signing.
  json::Value altered = good;
  altered.find("feeds")->as_array()[1].set("data", json::Value::array());
  EXPECT_EQ(refusal(altered), ErrorCode::kEngineFeed);

  // Signed by the store admin's key under the transfer feed's kid; by an unknown kid.
  json::Value wrong_key = good;
  json::Value forged =
      signed_feed("armory/historical-transfer-feed", json::Value::array(), "store-admin", kNow);
  {
    json::Value claims =
        json::Value::object({{"data", json::Value(*jose::canonical_hash(json::Value::array()))},
                             {"iat", json::Value(kNow)}});
    jose::SignOptions options;
    options.kid = "feed-transfers";
    forged.set("sig", json::Value(*jose::sign_jwt(claims, org_key("store-admin"),
                                                  jose::Algorithm::kEdDSA, options)));
  }
  wrong_key.find("feeds")->as_array()[1] = forged;
  EXPECT_EQ(refusal(wrong_key), ErrorCode::kEngineFeed);
  json::Value unknown_kid = good;
  unknown_kid.find("feeds")->as_array()[1] =
      signed_feed("armory/historical-transfer-feed", json::Value::array(), "store-admin", kNow);
  EXPECT_EQ(refusal(unknown_kid), ErrorCode::kEngineFeed);

  // Older than five minutes: a replayed feed would hide the transfers made since.
  EXPECT_EQ(
      refusal(usdc_request(2000 * kUsdcUnit,
                           json::Value::array({price_feed(), transfer_feed({}, kNow - 301)}))),
      ErrorCode::kEngineFeed);
  EXPECT_EQ(
      decide(usdc_request(2000 * kUsdcUnit,
                          json::Value::array({price_feed(), transfer_feed(past, kNow - 300)}))),
      "Forbid");

  // Two transfer feeds.
  json::Value twice = good;
  twice.find("feeds")->as_array().push_back(transfer_feed({}));
  EXPECT_EQ(refusal(twice), ErrorCode::kEngineFeed);

  // Malformed transfers, correctly signed.
  auto with_member = [&](std::string_view member, json::Value value) {
    json::Value transfers = transfers_json(past);
    if (value.is_null()) {
      json::Object kept;
      for (auto& [key, v] : transfers.as_array()[0].as_object())
        if (key != member) kept.emplace_back(key, v);
      transfers.as_array()[0] = json::Value(std::move(kept));
    } else {
      transfers.as_array()[0].set(std::string(member), std::move(value));
    }
    return usdc_request(
        2000 * kUsdcUnit,
        json::Value::array({price_feed(), signed_feed("armory/historical-transfer-feed", transfers,
                                                      "feed-transfers", kNow)}));
  };
  EXPECT_EQ(refusal(with_member("amount", json::Value("9000.5"))), ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("amount", json::Value(9000))), ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("initiatedBy", json::Value())), ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("timestamp", json::Value("2026-01-01"))), ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("chainId", json::Value(0))), ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("rates", *json::parse(R"({"fiat:usd":"one"})"))),
            ErrorCode::kEngineFeed);
  EXPECT_EQ(refusal(with_member("resourceId", json::Value(7))), ErrorCode::kEngineFeed);
  json::Value not_array =
      usdc_request(2000 * kUsdcUnit,
                   json::Value::array(
                       {price_feed(), signed_feed("armory/historical-transfer-feed",
                                                  json::Value::object(), "feed-transfers", kNow)}));
  EXPECT_EQ(refusal(not_array), ErrorCode::kEngineFeed);
}

}  // namespace
}  // namespace custos::engine
