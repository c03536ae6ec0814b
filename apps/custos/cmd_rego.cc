// `custos eval`, `custos test` and `custos conformance`: the Rego engine on the command line,
// shaped like `opa eval` / `opa test` and OPA's YAML conformance runner.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>

#include "cli.h"
#include "rego/conformance.h"
#include "rego/rego.h"
#include "rego_http_transport.h"

namespace custos::cli {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

rego::Value merge(const rego::Value& a, const rego::Value& b) {
  if (!a.is_object() || !b.is_object()) return b;
  std::vector<rego::ObjectEntry> es(a.as_object().begin(), a.as_object().end());
  for (const auto& [k, v] : b.as_object()) {
    const rego::Value* old = a.find(k);
    es.emplace_back(k, old ? merge(*old, v) : v);
  }
  return rego::Value::object(std::move(es));
}

}  // namespace

// Loads .rego modules and .json/.yaml data documents from files and directories (recursively).
// Data files are merged at the root of `data`.
Result<void> load_rego_paths(const std::vector<std::string>& paths,
                             std::vector<rego::ModuleSource>& modules, rego::Value& data) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) files.push_back(e.path().string());
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    if (ends_with(f, ".rego")) {
      CUSTOS_TRY_ASSIGN(auto text, read_file(f));
      modules.push_back({f, std::move(text)});
    } else if (ends_with(f, ".json")) {
      CUSTOS_TRY_ASSIGN(auto text, read_file(f));
      auto v = rego::Value::parse_json(text);
      if (!v) return fail(Error(v.error()).with_context(f + ": "));
      data = merge(data, *v);
    } else if (ends_with(f, ".yaml") || ends_with(f, ".yml")) {
      CUSTOS_TRY_ASSIGN(auto text, read_file(f));
      auto v = rego::parse_yaml(text);
      if (!v) return fail(Error(v.error()).with_context(f + ": "));
      data = merge(data, *v);
    }
  }
  return {};
}

namespace {

void print_rego_error(const Error& e, const rego::Policy* policy,
                      const std::vector<rego::ModuleSource>& modules, std::string_view query) {
  std::string_view src;
  if (e.span()) {
    if (e.span()->file == "query") {
      src = query;
    } else if (policy) {
      src = policy->source(e.span()->file);
    } else {
      for (const auto& m : modules) {
        if (m.file == e.span()->file) src = m.text;
      }
    }
  }
  print_error(e, src);
}

struct EvalArgs {
  std::vector<std::string> data;
  std::string input;
  std::string format = "json";
  bool v0 = false;
  bool strict = false;
  std::string query;
  // Capabilities (all off by default: evaluation is hermetic).
  bool allow_net_lookup = false;
  std::vector<std::string> http_allow;
  int http_timeout_ms = 5'000;
};

// A query compiled and prepared against policy and data files, with its input (eval, bench).
struct LoadedQuery {
  std::vector<rego::ModuleSource> modules;
  std::shared_ptr<const rego::Policy> policy;
  std::optional<rego::PreparedQuery> query;
  std::optional<rego::Value> input;
};

// Loads `paths`, compiles, prepares `query` and reads `input_path` (JSON, or YAML by extension;
// none when empty). Prints the error (with the source line for Rego errors) and returns
// std::nullopt on failure.
std::optional<LoadedQuery> load_query(const std::vector<std::string>& paths, bool v0,
                                      const std::string& query, const std::string& input_path) {
  LoadedQuery out;
  rego::Value data = rego::Value::object({});
  if (auto r = load_rego_paths(paths, out.modules, data); !r) {
    print_error(r.error());
    return std::nullopt;
  }
  auto policy = rego::compile(out.modules, data, {.v0_compatible = v0});
  if (!policy) {
    print_rego_error(policy.error(), nullptr, out.modules, query);
    return std::nullopt;
  }
  out.policy = *policy;
  auto prepared = out.policy->prepare(query);
  if (!prepared) {
    print_rego_error(prepared.error(), out.policy.get(), out.modules, query);
    return std::nullopt;
  }
  out.query.emplace(std::move(*prepared));
  if (!input_path.empty()) {
    auto text = read_file(input_path);
    if (!text) {
      print_error(text.error());
      return std::nullopt;
    }
    auto v = ends_with(input_path, ".json") || input_path == "-" ? rego::Value::parse_json(*text)
                                                                 : rego::parse_yaml(*text);
    if (!v) {
      print_error(v.error());
      return std::nullopt;
    }
    out.input = *v;
  }
  return out;
}

int run_eval(const EvalArgs& a) {
  auto loaded = load_query(a.data, a.v0, a.query, a.input);
  if (!loaded) return kExitFailure;
  const auto& query = loaded->query;
  const auto& policy = loaded->policy;
  const auto& modules = loaded->modules;
  rego::EvalOptions eo;
  if (loaded->input) eo.input = &*loaded->input;
  eo.strict_builtin_errors = a.strict;
  eo.print = [](std::string_view line) { std::cerr << line << "\n"; };
  NetHttpTransport transport;
  rego::Capabilities caps;
  caps.net_lookup = a.allow_net_lookup;
  if (!a.http_allow.empty()) {
    caps.http = &transport;
    caps.http_allowed_hosts = a.http_allow;
    caps.http_max_timeout = std::chrono::milliseconds(a.http_timeout_ms);
  }
  eo.capabilities = &caps;
  auto results = query->eval(eo);
  if (!results) {
    print_rego_error(results.error(), policy.get(), modules, a.query);
    return kExitFailure;
  }
  const auto& texts = query->expression_texts();
  std::vector<rego::Value> out;
  for (const auto& r : *results) {
    std::vector<rego::Value> exprs;
    for (std::size_t i = 0; i < r.expressions.size(); ++i) {
      // Column of the expression in the query (1-based, single-line queries).
      std::size_t col = a.query.find(texts[i]);
      exprs.push_back(rego::Value::object(
          {{rego::Value("value"), r.expressions[i]},
           {rego::Value("text"), rego::Value(texts[i])},
           {rego::Value("location"),
            rego::Value::object(
                {{rego::Value("row"), rego::Value(1)},
                 {rego::Value("col"), rego::Value(static_cast<std::int64_t>(
                                          col == std::string::npos ? 1 : col + 1))}})}}));
    }
    std::vector<rego::ObjectEntry> entries = {
        {rego::Value("expressions"), rego::Value::array(exprs)}};
    if (!r.bindings.empty()) {
      std::vector<rego::ObjectEntry> bs;
      for (const auto& [n, v] : r.bindings) bs.emplace_back(rego::Value(n), v);
      entries.emplace_back(rego::Value("bindings"), rego::Value::object(std::move(bs)));
    }
    out.push_back(rego::Value::object(std::move(entries)));
  }
  rego::Value doc = out.empty()
                        ? rego::Value::object({})
                        : rego::Value::object({{rego::Value("result"), rego::Value::array(out)}});
  if (a.format == "pretty") {
    if (results->size() == 1 && (*results)[0].bindings.empty() &&
        (*results)[0].expressions.size() == 1) {
      std::cout << (*results)[0].expressions[0].to_json(true) << "\n";
    } else if (results->empty()) {
      std::cout << "undefined\n";
    } else {
      std::cout << doc.to_json(true) << "\n";
    }
  } else {
    std::cout << doc.to_json(true) << "\n";
  }
  return kExitOk;
}

struct BenchArgs {
  std::vector<std::string> data;
  std::string input;
  std::string query;
  std::string format = "pretty";
  bool v0 = false;
  int count = 0;            // evaluations; 0: as many as fit in `duration_ms`
  int duration_ms = 1'000;  // used when count is 0
};

// Times prepared evaluations of one query (like `opa bench`): compiles and prepares once, then
// evaluates repeatedly with the same input. Prints the count and the mean / p50 / p99 / best time
// of one evaluation (compile+prepare includes reading the files). Exit 1 when loading, compiling
// or any evaluation fails.
int run_bench(const BenchArgs& a) {
  using Clock = std::chrono::steady_clock;
  auto start_compile = Clock::now();
  auto loaded = load_query(a.data, a.v0, a.query, a.input);
  if (!loaded) return kExitFailure;
  double compile_us =
      std::chrono::duration<double, std::micro>(Clock::now() - start_compile).count();
  rego::EvalOptions eo;
  if (loaded->input) eo.input = &*loaded->input;
  std::vector<double> micros;
  std::size_t solutions = 0;
  auto deadline = Clock::now() + std::chrono::milliseconds(a.duration_ms);
  for (int i = 0; a.count > 0 ? i < a.count : Clock::now() < deadline; ++i) {
    auto t0 = Clock::now();
    auto results = loaded->query->eval(eo);
    auto t1 = Clock::now();
    if (!results) {
      print_rego_error(results.error(), loaded->policy.get(), loaded->modules, a.query);
      return kExitFailure;
    }
    solutions = results->size();
    micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  if (micros.empty()) {
    print_error(Error(ErrorCode::kInvalidArgument, "no evaluation ran"));
    return kExitFailure;
  }
  double total = 0;
  for (double m : micros) total += m;
  std::sort(micros.begin(), micros.end());
  auto at = [&](std::size_t permille) {
    return micros[std::min(micros.size() - 1, micros.size() * permille / 1000)];
  };
  double mean = total / static_cast<double>(micros.size());
  if (a.format == "json") {
    std::printf(
        "{\n  \"evaluations\": %zu,\n  \"results\": %zu,\n  \"compile_us\": %.3f,\n"
        "  \"mean_us\": %.3f,\n  \"p50_us\": %.3f,\n  \"p99_us\": %.3f,\n  \"min_us\": %.3f\n}\n",
        micros.size(), solutions, compile_us, mean, at(500), at(990), micros.front());
  } else {
    std::printf("%zu evaluations, %zu result(s); compile+prepare %.1f us\n", micros.size(),
                solutions, compile_us);
    std::printf("per evaluation: mean %.2f us, p50 %.2f us, p99 %.2f us, best %.2f us\n", mean,
                at(500), at(990), micros.front());
  }
  return kExitOk;
}

int run_test(const std::vector<std::string>& paths, bool v0, bool verbose) {
  std::vector<rego::ModuleSource> modules;
  rego::Value data = rego::Value::object({});
  if (auto r = load_rego_paths(paths, modules, data); !r) {
    print_error(r.error());
    return kExitFailure;
  }
  auto policy = rego::compile(modules, data, {.v0_compatible = v0});
  if (!policy) {
    print_rego_error(policy.error(), nullptr, modules, "");
    return kExitFailure;
  }
  // Test rules: every rule whose last path element starts with "test_".
  std::set<std::string> tests;
  for (const auto& name : (*policy)->rule_names()) {
    auto dot = name.rfind('.');
    if (name.compare(dot + 1, 5, "test_") == 0) tests.insert(name);
  }
  int passed = 0, failed = 0, errors = 0;
  for (const auto& t : tests) {
    auto start = std::chrono::steady_clock::now();
    auto q = (*policy)->prepare(t);
    std::string status;
    std::string detail;
    if (!q) {
      status = "ERROR";
      detail = q.error().to_string();
    } else {
      rego::EvalOptions eo;
      std::vector<std::string> printed;
      eo.print = [&](std::string_view line) { printed.emplace_back(line); };
      auto rs = q->eval(eo);
      if (!rs) {
        status = "ERROR";
        detail = rs.error().to_string();
      } else if (rs->size() == 1 && (*rs)[0].expressions[0] == rego::Value(true)) {
        status = "PASS";
      } else {
        status = "FAIL";
      }
      if (status != "PASS") {
        for (const auto& l : printed) detail += "\n  " + l;
      }
    }
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                  std::chrono::steady_clock::now() - start)
                  .count();
    if (status == "PASS") ++passed;
    if (status == "FAIL") ++failed;
    if (status == "ERROR") ++errors;
    if (verbose || status != "PASS") {
      std::cout << t << ": " << status << " (" << us << "µs)";
      if (!detail.empty()) std::cout << " " << detail;
      std::cout << "\n";
    }
  }
  std::size_t total = tests.size();
  std::cout << std::string(80, '-') << "\n";
  if (passed) std::cout << "PASS: " << passed << "/" << total << "\n";
  if (failed) std::cout << "FAIL: " << failed << "/" << total << "\n";
  if (errors) std::cout << "ERROR: " << errors << "/" << total << "\n";
  if (total == 0) {
    std::cout << "no tests found\n";
    return kExitFailure;
  }
  return failed || errors ? kExitFailure : kExitOk;
}

std::string display_name(const std::string& path) {
  for (const char* marker : {"opa-conformance/", "rego-suites/"}) {
    auto pos = path.find(marker);
    if (pos != std::string::npos) return path.substr(pos);
  }
  return path;
}

struct ConformanceArgs {
  std::vector<std::string> paths;
  bool v0 = false;
  std::string unsupported;
  std::string ledger;
  std::string write_ledger;
  bool verbose = false;
};

int run_conformance(const ConformanceArgs& a) {
  rego::ConformanceOptions opts;
  opts.v0_compatible = a.v0;
  if (!a.unsupported.empty()) {
    auto u = rego::load_unsupported(a.unsupported);
    if (!u) {
      print_error(u.error());
      return kExitFailure;
    }
    opts.unsupported = *u;
  }
  std::map<std::string, std::string> known;  // "<file>: <note>" -> why it is expected to fail
  if (!a.unsupported.empty()) {
    auto k = rego::load_known_failures(a.unsupported);
    if (!k) {
      print_error(k.error());
      return kExitFailure;
    }
    known = std::move(*k);
  }
  std::vector<std::string> files;
  for (const auto& p : a.paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      for (const auto& e : fs::recursive_directory_iterator(p)) {
        if (e.is_regular_file() &&
            (ends_with(e.path().string(), ".yaml") || ends_with(e.path().string(), ".yml"))) {
          files.push_back(e.path().string());
        }
      }
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  std::size_t passed = 0, failed = 0, skipped = 0, listed_failed = 0, wording_only = 0;
  std::set<std::string> passing;
  for (const auto& f : files) {
    auto outcomes = rego::run_conformance_file(f, display_name(f), opts);
    if (!outcomes) {
      std::cout << "FAIL " << display_name(f) << ": <file>: " << outcomes.error().message() << "\n";
      ++failed;
      continue;
    }
    for (const auto& o : *outcomes) {
      switch (o.status) {
        case rego::CaseOutcome::Status::kPass:
          ++passed;
          passing.insert(o.file + ": " + o.note);
          if (known.count(o.file + ": " + o.note)) {
            std::cout << "PASS (listed in unsupported, remove it) " << o.file << ": " << o.note
                      << "\n";
          }
          break;
        case rego::CaseOutcome::Status::kSkip:
          ++skipped;
          if (a.verbose) std::cout << "SKIP " << o.file << ": " << o.note << ": " << o.why << "\n";
          break;
        case rego::CaseOutcome::Status::kFail: {
          ++failed;
          if (o.error_wording_only) ++wording_only;
          auto k = known.find(o.file + ": " + o.note);
          if (k != known.end()) {
            // Still a failure; the list says why it is expected.
            ++listed_failed;
            std::cout << "FAIL (listed: " << k->second << ") " << o.file << ": " << o.note;
            if (a.verbose) std::cout << ": " << o.why;
            std::cout << "\n";
          } else {
            std::cout << "FAIL " << o.file << ": " << o.note << ": " << o.why << "\n";
          }
          break;
        }
      }
    }
  }
  int rc = kExitOk;
  if (!a.ledger.empty()) {
    std::ifstream in(a.ledger);
    if (!in) {
      print_error(Error(ErrorCode::kIo, "cannot read ledger " + a.ledger));
      return kExitFailure;
    }
    std::string line;
    std::size_t regressions = 0;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      if (!passing.count(line)) {
        std::cout << "REGRESSION " << line << "\n";
        ++regressions;
      }
    }
    if (regressions) rc = kExitFailure;
  }
  if (!a.write_ledger.empty()) {
    std::ofstream out(a.write_ledger);
    for (const auto& p : passing) out << p << "\n";
  }
  if (listed_failed) {
    std::cout << "(" << listed_failed << " of the " << failed
              << " failures are listed with a reason in " << a.unsupported << ")\n";
  }
  if (failed) {
    std::cout << "(" << wording_only << " of the " << failed
              << " failures raised an error where one was expected; only the wording differs)\n";
  }
  // Last line, relied on by scripts: keep its form.
  std::cout << passed << " passed, " << failed << " failed, " << skipped << " skipped\n";
  return rc;
}

}  // namespace

void add_rego_commands(Cli& cli) {
  {
    auto* cmd = cli.app.add_subcommand("eval", "Evaluate a Rego query (like opa eval)");
    auto args = std::make_shared<EvalArgs>();
    cmd->add_option("-d,--data", args->data,
                    "Policy (.rego) or data (.json/.yaml) file or directory (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("-i,--input", args->input, "Input document (.json or .yaml)");
    cmd->add_option("-f,--format", args->format, "Output format: json or pretty")
        ->check(CLI::IsMember({"json", "pretty"}));
    cmd->add_flag("--v0-compatible", args->v0, "Parse modules as Rego v0");
    cmd->add_flag("--strict-builtin-errors", args->strict, "Treat builtin errors as fatal");
    cmd->add_flag("--allow-net-lookup", args->allow_net_lookup,
                  "Let net.lookup_ip_addr resolve names (off: the builtin fails)");
    cmd->add_option("--http-allow", args->http_allow,
                    "Let http.send reach this host (repeatable; \"*\" = any host; none: "
                    "http.send fails)")
        ->allow_extra_args(false);
    cmd->add_option("--http-timeout-ms", args->http_timeout_ms,
                    "Upper bound and default of an http.send request's timeout")
        ->check(CLI::Range(1, 600'000));
    cmd->add_option("query", args->query, "Query")->required();
    cmd->callback([&cli, args] { cli.exit_code = run_eval(*args); });
  }
  {
    auto* cmd = cli.app.add_subcommand(
        "bench", "Time prepared evaluations of a Rego query (like opa bench)");
    auto args = std::make_shared<BenchArgs>();
    cmd->add_option("-d,--data", args->data,
                    "Policy (.rego) or data (.json/.yaml) file or directory (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("-i,--input", args->input, "Input document (.json or .yaml)");
    cmd->add_option("-f,--format", args->format, "Output format: pretty or json")
        ->check(CLI::IsMember({"json", "pretty"}));
    cmd->add_flag("--v0-compatible", args->v0, "Parse modules as Rego v0");
    cmd->add_option("-n,--count", args->count, "Number of evaluations (default: time-bound)")
        ->check(CLI::Range(1, 100'000'000));
    cmd->add_option("--duration-ms", args->duration_ms,
                    "How long to evaluate when no --count is given")
        ->check(CLI::Range(1, 600'000))
        ->capture_default_str();
    cmd->add_option("query", args->query, "Query")->required();
    cmd->callback([&cli, args] { cli.exit_code = run_bench(*args); });
  }
  {
    auto* cmd = cli.app.add_subcommand("test", "Run Rego tests (test_* rules, like opa test)");
    auto paths = std::make_shared<std::vector<std::string>>();
    auto v0 = std::make_shared<bool>(false);
    auto verbose = std::make_shared<bool>(false);
    cmd->add_option("paths", *paths, "Policy/data files or directories")->required();
    cmd->add_flag("--v0-compatible", *v0, "Parse modules as Rego v0");
    cmd->add_flag("-v,--verbose", *verbose, "Print every test");
    cmd->callback([&cli, paths, v0, verbose] { cli.exit_code = run_test(*paths, *v0, *verbose); });
  }
  {
    auto* cmd = cli.app.add_subcommand("conformance", "Run Rego YAML test-case suites");
    auto args = std::make_shared<ConformanceArgs>();
    cmd->add_option("paths", args->paths, "YAML files or directories")->required();
    cmd->add_flag("--v0-compatible", args->v0, "Parse modules as Rego v0");
    cmd->add_option("--unsupported", args->unsupported,
                    "List of deliberately unsupported builtins (cases using them are skipped)");
    cmd->add_option("--ledger", args->ledger, "Fail when a case listed in this ledger fails");
    cmd->add_option("--write-ledger", args->write_ledger, "Write the passing cases to this file");
    cmd->add_flag("-v,--verbose", args->verbose,
                  "Print skipped cases and the details of listed failures");
    cmd->callback([&cli, args] { cli.exit_code = run_conformance(*args); });
  }
}

}  // namespace custos::cli
