// JSON parse and RFC 8785 canonicalization of a ~1 MB document, custos' parser against the two
// Debian-packaged alternatives (nlohmann-json 3.11, simdjson 3.0 DOM). The alternatives are here
// to justify the choice recorded in docs/architecture.md, not used by custos.
#include <benchmark/benchmark.h>

#include <simdjson.h>
#include <nlohmann/json.hpp>

#include <string>

#include "json/json.h"

namespace {

// An entity-store-like document: users, accounts and address-book entries, about 1 MB.
const std::string& document() {
  static const std::string doc = [] {
    std::string s = "{\"entity\":{\"data\":{\"users\":[";
    for (int i = 0; i < 3000; ++i) {
      if (i) s += ',';
      s += "{\"id\":\"user-" + std::to_string(i) + "\",\"role\":\"member\",\"name\":\"User " +
           std::to_string(i) + " \\u00e9\"}";
    }
    s += "],\"accounts\":[";
    for (int i = 0; i < 3000; ++i) {
      if (i) s += ',';
      s += "{\"id\":\"eip155:eoa:0x" + std::string(40, "0123456789abcdef"[i % 16]) +
           "\",\"address\":\"0x" + std::string(40, 'a') +
           "\",\"accountType\":\"eoa\","
           "\"chainId\":1,\"balance\":\"115792089237316195423570985008687907853269984665640\","
           "\"limits\":[1.5,2e18,300000000000000000000000]}";
    }
    s += "]}}}";
    return s;
  }();
  return doc;
}

void BM_CustosParse(benchmark::State& state) {
  const auto& doc = document();
  for (auto _ : state) {
    auto v = custos::json::parse(doc);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_CustosParse)->Unit(benchmark::kMillisecond);

// The parser alone (validation, unescaping, duplicate-key checks) with a handler that builds
// nothing: separates scanning cost from tree-building cost.
class NullHandler final : public custos::json::Handler {
 public:
  custos::Result<void> on_null() override { return {}; }
  custos::Result<void> on_bool(bool) override { return {}; }
  custos::Result<void> on_number(std::string_view) override { return {}; }
  custos::Result<void> on_string(std::string) override { return {}; }
  custos::Result<void> on_array_begin() override { return {}; }
  custos::Result<void> on_array_end() override { return {}; }
  custos::Result<void> on_object_begin() override { return {}; }
  custos::Result<void> on_key(std::string) override { return {}; }
  custos::Result<void> on_object_end() override { return {}; }
};

void BM_CustosParseEventsOnly(benchmark::State& state) {
  const auto& doc = document();
  NullHandler handler;
  for (auto _ : state) {
    auto r = custos::json::parse_events(doc, handler);
    benchmark::DoNotOptimize(r);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_CustosParseEventsOnly)->Unit(benchmark::kMillisecond);

void BM_CustosParseAndCanonicalize(benchmark::State& state) {
  const auto& doc = document();
  for (auto _ : state) {
    auto v = custos::json::parse(doc);
    auto c = custos::json::canonicalize(*v);
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_CustosParseAndCanonicalize)->Unit(benchmark::kMillisecond);

void BM_CustosSerialize(benchmark::State& state) {
  auto v = custos::json::parse(document());
  for (auto _ : state) {
    auto s = custos::json::serialize(*v);
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * document().size()));
}
BENCHMARK(BM_CustosSerialize)->Unit(benchmark::kMillisecond);

void BM_NlohmannParse(benchmark::State& state) {
  const auto& doc = document();
  for (auto _ : state) {
    auto v = nlohmann::json::parse(doc);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_NlohmannParse)->Unit(benchmark::kMillisecond);

void BM_SimdjsonDomParse(benchmark::State& state) {
  const auto& doc = document();
  simdjson::dom::parser parser;
  simdjson::padded_string padded(doc);
  for (auto _ : state) {
    auto v = parser.parse(padded);
    // simdjson refuses integers beyond 64 bits (BIGINT_ERROR): this document has some, which
    // is one reason custos does not use it. Count only what it does.
    benchmark::DoNotOptimize(v.error());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_SimdjsonDomParse)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
