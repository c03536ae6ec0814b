#pragma once
// The builtin declarations table and registry (OPA ast/builtins.go + topdown's builtin
// functions, as data). Each family file src/rego/builtins/<family>.cc defines
// `void register_<family>(Registry&)`; register_all() in all.cc calls every one explicitly.
// See src/rego/builtins/README.md for how to add a builtin.

#include <any>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/rng.h"
#include "rego/builtins/capabilities.h"
#include "rego/value.h"

namespace custos::rego {

// A declared type (OPA's types package, simplified): used by the compiler's type check of
// builtin calls (arity and obvious literal mismatches) and for documentation.
class Type {
 public:
  enum class Kind : std::uint8_t {
    kAny,
    kNull,
    kBoolean,
    kNumber,
    kString,
    kArray,
    kObject,
    kSet,
    kAnyOf
  };
  static Type any();
  static Type null();
  static Type boolean();
  static Type number();
  static Type string();
  static Type array_of(Type element = any());
  static Type set_of(Type element = any());
  static Type object_of(Type key = any(), Type value = any());
  static Type any_of(std::vector<Type> alternatives);

  Kind kind() const { return kind_; }
  // Element type of arrays/sets, key type of objects; value type of objects.
  const Type& element() const;
  const Type& value() const;
  const std::vector<Type>& alternatives() const;

  // True when a value of `value_kind` may have this type (shallow check: kinds only).
  bool admits(Value::Kind value_kind) const;
  // OPA-style name: "any", "string", "number", "array[any]", "object[string: any]", "any<…>".
  std::string to_string() const;

 private:
  Kind kind_ = Kind::kAny;
  std::shared_ptr<const std::vector<Type>> parts_;  // element / key+value / alternatives
};

// Per-evaluation services handed to a builtin. One context per evaluation; a builtin must not
// keep references to it after returning. Not thread-safe (one evaluation = one thread).
struct BuiltinContext {
  // The builtin being called (for messages), set by the evaluator before each call.
  std::string_view name;
  // "now" of this evaluation (time.now_ns is constant within one evaluation), and the clock.
  std::int64_t now_unix_nanos = 0;
  const Clock* clock = &SystemClock::instance();
  // Randomness for rand.intn, uuid.rfc4122 etc. (injected: deterministic in tests).
  Rng* rng = nullptr;
  // strict-builtin-errors mode: errors are raised; otherwise the evaluator turns them into
  // undefined (as OPA does). Builtins just return errors; they need not look at this.
  bool strict = false;
  // Inter-query-free cache for this evaluation: builtins keep compiled regexes, parsed keys,
  // memoised nondeterministic results (rand.intn per (str, n)) under keys of their choice
  // (prefix them with the builtin name).
  std::unordered_map<std::string, std::any>* cache = nullptr;
  // Cancellation flag (may be null): long-running builtins should poll cancelled().
  const std::atomic<bool>* cancel = nullptr;
  // Output of print(): one line per call (nullptr = discarded).
  std::function<void(std::string_view)> print;
  // Non-hermetic services granted by the embedder (null: none; see capabilities.h).
  const Capabilities* capabilities = nullptr;

  bool cancelled() const { return cancel != nullptr && cancel->load(std::memory_order_relaxed); }
};

// What a builtin returns: a value, undefined (std::nullopt), or an Error.
using BuiltinResult = Result<std::optional<Value>>;
// The C++ implementation. `args` has exactly the declared arity (variadic: at least 0).
using BuiltinFn = std::function<BuiltinResult(BuiltinContext& ctx, std::span<const Value> args)>;

// One entry of the declarations table.
struct BuiltinDecl {
  std::string name;               // exact OPA name, e.g. "strings.replace_n"
  std::vector<Type> args;         // declared operand types (arity = args.size())
  Type result = Type::any();      // declared result type
  std::string description;        // one line, as in OPA's docs
  std::string category;           // OPA's category, e.g. "strings", "numbers"
  bool nondeterministic = false;  // e.g. rand.intn, http.send, time.now_ns
  bool variadic = false;          // print: any number of operands
  // Relation builtins (walk) return an array of alternative results; the evaluator iterates
  // over them like a generator.
  bool relation = false;
  BuiltinFn fn;
};

// The registry: name → declaration. Built once, then read-only (safe to share across threads).
class Registry {
 public:
  // Adds (or replaces) a declaration.
  void add(BuiltinDecl decl);
  // nullptr when unknown.
  const BuiltinDecl* find(std::string_view name) const;
  // All declarations, sorted by name.
  std::vector<const BuiltinDecl*> all() const;
  std::size_t size() const { return decls_.size(); }

  // The process-wide registry with every family registered (register_all), built on first use.
  static const Registry& defaults();

 private:
  std::map<std::string, std::unique_ptr<BuiltinDecl>, std::less<>> decls_;
};

// ---- helpers for builtin implementations ----------------------------------------------------

// OPA's type name of a value for messages: "null", "boolean", "number", "string", "array",
// "object", "set".
std::string_view type_name(const Value& value);

// eval_type_error "<name>: operand <n> must be <want> but got <got>" (n is 1-based), e.g.
// operand_type_error(ctx, 1, "string", args[0]).
Error operand_type_error(const BuiltinContext& ctx, int n, std::string_view want, const Value& got);
// eval_builtin_error "<name>: <message>".
Error builtin_error(const BuiltinContext& ctx, std::string_view message);

// Returns the undefined result.
inline BuiltinResult undefined() { return std::optional<Value>(); }

// Operand accessors that produce OPA's type error when the operand has the wrong kind.
Result<std::string_view> arg_string(const BuiltinContext& ctx, std::span<const Value> args, int n);
Result<Number> arg_number(const BuiltinContext& ctx, std::span<const Value> args, int n);
// An integer operand (a number that is an integer and fits int64), else the type error
// "operand n must be integer but got number" / builtin error for non-integral numbers.
Result<std::int64_t> arg_int(const BuiltinContext& ctx, std::span<const Value> args, int n);
Result<bool> arg_bool(const BuiltinContext& ctx, std::span<const Value> args, int n);
// Checks the kind only; returns the operand.
Result<const Value*> arg_kind(const BuiltinContext& ctx, std::span<const Value> args, int n,
                              Value::Kind kind);

// Registers every family (all.cc).
void register_all(Registry& registry);

}  // namespace custos::rego
