// Rego engine benchmarks: (a) the ACI policy (regorus tests/aci) parse+compile and prepared
// evaluation of data.framework.mount_overlay, (b) an RBAC policy with 1,000 role rules and
// 10,000 user bindings (generated here; rule indexing keeps evaluation independent of the rule
// count), (c) the whole conformance run. Shared data: $CUSTOS_SHARED_DIR or the compile-time
// default (../shared beside the repository).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "rego/conformance.h"
#include "rego/rego.h"

namespace {

using custos::rego::Value;

std::string shared_dir() {
  if (const char* env = std::getenv("CUSTOS_SHARED_DIR")) return env;
  return CUSTOS_SHARED_DIR;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Aci {
  std::vector<custos::rego::ModuleSource> modules;
  Value data;
  Value input;
  bool ok = false;
};

const Aci& aci() {
  static const Aci* a = [] {
    auto* x = new Aci();
    std::string dir = shared_dir() + "/rego-suites/regorus/aci/";
    for (const char* f : {"api.rego", "framework.rego", "policy.rego"}) {
      x->modules.push_back({f, slurp(dir + f)});
    }
    auto d = Value::parse_json(slurp(dir + "data.json"));
    auto i = Value::parse_json(slurp(dir + "input.json"));
    x->ok = d && i && !x->modules[0].text.empty();
    if (x->ok) {
      x->data = *d;
      x->input = *i;
    }
    return x;
  }();
  return *a;
}

void BM_AciCompile(benchmark::State& state) {
  const Aci& a = aci();
  if (!a.ok) {
    state.SkipWithError("ACI files not found (set CUSTOS_SHARED_DIR)");
    return;
  }
  for (auto _ : state) {
    auto p = custos::rego::compile(a.modules, a.data);
    if (!p) {
      state.SkipWithError(p.error().to_string().c_str());
      return;
    }
    auto q = (*p)->prepare("data.framework.mount_overlay");
    benchmark::DoNotOptimize(q);
  }
}
BENCHMARK(BM_AciCompile)->Unit(benchmark::kMicrosecond);

void BM_AciEval(benchmark::State& state) {
  const Aci& a = aci();
  if (!a.ok) {
    state.SkipWithError("ACI files not found (set CUSTOS_SHARED_DIR)");
    return;
  }
  auto p = custos::rego::compile(a.modules, a.data);
  if (!p) {
    state.SkipWithError(p.error().to_string().c_str());
    return;
  }
  auto q = (*p)->prepare("data.framework.mount_overlay");
  if (!q) {
    state.SkipWithError(q.error().to_string().c_str());
    return;
  }
  custos::rego::EvalOptions eo;
  eo.input = &a.input;
  eo.now_unix_nanos = 0;
  for (auto _ : state) {
    auto r = q->eval(eo);
    if (!r || r->empty()) {
      state.SkipWithError("evaluation failed");
      return;
    }
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_AciEval)->Unit(benchmark::kMicrosecond);

// RBAC: role_i rules (indexed on input.role), bindings user_j → roles.
struct Rbac {
  std::shared_ptr<const custos::rego::Policy> policy;
  std::optional<custos::rego::PreparedQuery> query;
  Value input;
};

const Rbac& rbac() {
  static const Rbac* r = [] {
    constexpr int kRoles = 1000;
    constexpr int kBindings = 10000;
    std::string src = "package rbac\n\nimport rego.v1\n\ndefault allow := false\n\n";
    for (int i = 0; i < kRoles; ++i) {
      std::string role = "role_" + std::to_string(i);
      src += "allow if {\n  input.role == \"" + role + "\"\n  \"" + role +
             "\" in data.bindings[input.user]\n  input.action in data.roles." + role +
             ".actions\n}\n\n";
    }
    std::vector<custos::rego::ObjectEntry> roles, bindings;
    for (int i = 0; i < kRoles; ++i) {
      roles.emplace_back(
          Value("role_" + std::to_string(i)),
          Value::object({{Value("actions"),
                          Value::array({Value("read"), Value(i % 2 ? "write" : "list")})}}));
    }
    for (int j = 0; j < kBindings; ++j) {
      bindings.emplace_back(Value("user_" + std::to_string(j)),
                            Value::array({Value("role_" + std::to_string(j % kRoles)),
                                          Value("role_" + std::to_string((j * 7) % kRoles))}));
    }
    Value data = Value::object({{Value("roles"), Value::object(std::move(roles))},
                                {Value("bindings"), Value::object(std::move(bindings))}});
    auto* x = new Rbac();
    auto p = custos::rego::compile({{"rbac.rego", src}}, data);
    if (!p) return x;
    x->policy = *p;
    auto q = x->policy->prepare("data.rbac.allow");
    if (q) x->query = *q;
    x->input = Value::object({{Value("user"), Value("user_4321")},
                              {Value("role"), Value("role_321")},
                              {Value("action"), Value("write")}});
    return x;
  }();
  return *r;
}

void BM_RbacEval(benchmark::State& state) {
  const Rbac& r = rbac();
  if (!r.query) {
    state.SkipWithError("RBAC policy failed to compile");
    return;
  }
  custos::rego::EvalOptions eo;
  eo.input = &r.input;
  eo.now_unix_nanos = 0;
  for (auto _ : state) {
    auto res = r.query->eval(eo);
    if (!res || res->empty() || (*res)[0].expressions[0] != Value(true)) {
      state.SkipWithError("unexpected RBAC result");
      return;
    }
    benchmark::DoNotOptimize(res);
  }
}
BENCHMARK(BM_RbacEval)->Unit(benchmark::kMicrosecond);

void BM_ConformanceRun(benchmark::State& state) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const char* suite :
       {"/opa-conformance/v1", "/rego-suites/rego-cpp", "/rego-suites/regorus/interpreter"}) {
    std::error_code ec;
    fs::path root = shared_dir() + suite;
    if (!fs::is_directory(root, ec)) continue;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
      if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  if (files.empty()) {
    state.SkipWithError("conformance suites not found (set CUSTOS_SHARED_DIR)");
    return;
  }
  custos::rego::ConformanceOptions opts;
  std::size_t cases = 0;
  for (auto _ : state) {
    cases = 0;
    for (const auto& f : files) {
      auto r = custos::rego::run_conformance_file(f, f, opts);
      if (r) cases += r->size();
    }
  }
  state.counters["cases"] = static_cast<double>(cases);
}
BENCHMARK(BM_ConformanceRun)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
