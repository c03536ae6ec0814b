#pragma once
// Compiled Rego policies and prepared queries: the embedding API of the engine.
//
//   auto policy = compile({{"policy.rego", text}}, data);          // parse + compile once
//   auto query = (*policy)->prepare("data.authz.allow");            // compile the query once
//   auto results = query->eval({.input = &input});                  // evaluate many times
//
// A Policy and a PreparedQuery are immutable after construction and may be shared by any number
// of threads evaluating concurrently (no locks; each evaluation owns its scratch state).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/rng.h"
#include "rego/builtins/registry.h"
#include "rego/value.h"

namespace custos::rego {

struct ModuleSource {
  std::string file;  // name used in error messages
  std::string text;
};

struct CompileOptions {
  bool v0_compatible = false;          // parse modules as Rego v0 (see ParseOptions)
  bool future_keywords = false;        // v0: future keywords without import (see ParseOptions)
  const Registry* registry = nullptr;  // null: Registry::defaults()
};

struct EvalOptions {
  const Value* input = nullptr;  // null: input undefined
  bool strict_builtin_errors = false;
  std::optional<std::int64_t> now_unix_nanos;  // default: clock->unix_nanos() at start
  const Clock* clock = nullptr;                // null: system clock
  Rng* rng = nullptr;                          // null: OS randomness
  const std::atomic<bool>* cancel = nullptr;   // set to true to stop the evaluation
  std::uint64_t max_steps = 50'000'000;        // expression steps; exceeding → eval_cancel_error
  std::uint32_t max_depth = 1'000;             // rule/function call depth
  std::optional<std::chrono::nanoseconds> timeout;
  std::function<void(std::string_view)> print;  // print() output; null → discarded
  const Capabilities* capabilities = nullptr;   // net / http builtins; null → all disabled
};

// One solution of a query: the value of each query expression and the bindings of the query's
// named variables (wildcards and generated variables excluded), in order of appearance.
struct QueryResult {
  std::vector<Value> expressions;
  std::vector<std::pair<std::string, Value>> bindings;
};

class Policy;
struct PreparedQueryImpl;

class PreparedQuery {
 public:
  // Evaluates the query. Undefined → empty vector. Errors: eval_* codes (conflicts, strict
  // builtin errors, limits, cancellation), with the span of the failing expression.
  Result<std::vector<QueryResult>> eval(const EvalOptions& options = {}) const;
  // The query expressions' source texts (for `opa eval`-style output).
  const std::vector<std::string>& expression_texts() const;

  PreparedQuery(std::shared_ptr<const PreparedQueryImpl> impl) : impl_(std::move(impl)) {}

 private:
  std::shared_ptr<const PreparedQueryImpl> impl_;
};

struct PolicyImpl;

class Policy {
 public:
  // Compiles `query` against this policy. Errors: rego_parse_error, rego_compile_error,
  // rego_unsafe_var_error, rego_type_error.
  Result<PreparedQuery> prepare(std::string_view query) const;
  // Source text of a module by file name (for rendering errors); empty when unknown.
  std::string_view source(std::string_view file) const;

  // Full names ("data.pkg.rule") of every rule document that is not a function, sorted.
  std::vector<std::string> rule_names() const;

  explicit Policy(std::shared_ptr<PolicyImpl> impl);
  ~Policy();
  const PolicyImpl& impl() const { return *impl_; }

 private:
  std::shared_ptr<PolicyImpl> impl_;
};

// Parses and compiles modules with base `data` (an object; null = empty). Errors carry OPA's
// codes and spans into the module sources.
Result<std::shared_ptr<const Policy>> compile(std::vector<ModuleSource> modules,
                                              const Value& data = Value(),
                                              const CompileOptions& options = {});

}  // namespace custos::rego
