#pragma once
// Private: the top-down evaluator (OPA topdown semantics). One Evaluator per evaluation; it owns
// all scratch state (bindings, memo tables, `with` overlays) and reads the compiled policy,
// which stays immutable.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "rego/compiler.h"

namespace custos::rego {

// A non-owning callable reference (like llvm::function_ref): continuations of the evaluator.
template <typename Sig>
class FnRef;
template <typename R, typename... A>
class FnRef<R(A...)> {
 public:
  template <typename F, typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FnRef>>>
  FnRef(F&& f)  // NOLINT(google-explicit-constructor)
      : obj_(const_cast<void*>(static_cast<const void*>(&f))), cb_([](void* o, A... a) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<A>(a)...);
        }) {}
  R operator()(A... a) const { return cb_(obj_, std::forward<A>(a)...); }

 private:
  void* obj_;
  R (*cb_)(void*, A...);
};

using Cont = FnRef<bool()>;
using VCont = FnRef<bool(const Value&)>;

// Memo key of a function call: the function and its (ground) argument values, with the hash
// computed once per call (call_hash: it reads at most a few levels and elements of each
// argument, so a call with a large document argument stays cheap). Equality is Value::compare
// (pointer-equal composites compare in O(1)).
struct CallKey {
  const void* group = nullptr;
  std::span<const Value> args;
  std::size_t hash = 0;
};
struct CallKeyOwned {
  const void* group = nullptr;
  std::vector<Value> args;
  std::size_t hash = 0;
};
std::size_t call_hash(const void* group, std::span<const Value> args);
struct CallKeyHash {
  using is_transparent = void;
  std::size_t operator()(const CallKey& k) const { return k.hash; }
  std::size_t operator()(const CallKeyOwned& k) const { return k.hash; }
};
struct CallKeyEq {
  using is_transparent = void;
  static bool same(const void* ga, std::span<const Value> a, const void* gb,
                   std::span<const Value> b);
  bool operator()(const CallKeyOwned& a, const CallKeyOwned& b) const {
    return same(a.group, a.args, b.group, b.args);
  }
  bool operator()(const CallKey& a, const CallKeyOwned& b) const {
    return same(a.group, a.args, b.group, b.args);
  }
  bool operator()(const CallKeyOwned& a, const CallKey& b) const {
    return same(a.group, a.args, b.group, b.args);
  }
};

// Per-evaluation memo tables: rule documents by node/group, and function results by call.
// Both are valid for one (input, data, mocks) state; `with` swaps the whole Memo.
struct Memo {
  // Documents by a dense id (RuleGroup::id, DataNode::id): the id's position in `values`, -1
  // when not computed yet. Empty until the first store (no allocation for evaluations that
  // read no rules).
  struct Docs {
    std::vector<std::int32_t> position;
    std::vector<std::optional<Value>> values;
    // The memoised document of `id` (std::nullopt inside: computed, undefined), or nullptr.
    const std::optional<Value>* find(int id) const {
      auto i = static_cast<std::size_t>(id);
      if (i >= position.size() || position[i] < 0) return nullptr;
      return &values[static_cast<std::size_t>(position[i])];
    }
    // Stores the document of `id`; `ids` bounds all ids of its kind.
    void put(int id, std::size_t ids, const std::optional<Value>& value) {
      if (position.empty()) {
        position.assign(ids, -1);
        values.reserve(16);
      }
      position[static_cast<std::size_t>(id)] = static_cast<std::int32_t>(values.size());
      values.push_back(value);
    }
  };
  Docs groups;  // by RuleGroup::id
  Docs nodes;   // materialised data subtrees, by DataNode::id
  std::unordered_map<CallKeyOwned, std::optional<Value>, CallKeyHash, CallKeyEq> calls;
};

class Evaluator {
 public:
  Evaluator(const PolicyImpl& policy, const EvalOptions& options);

  // Evaluates a compiled query; returns its solutions.
  Result<std::vector<QueryResult>> run(const PreparedQueryImpl& query);

 private:
  struct Replacement {
    std::optional<Value> value;
    const RuleGroup* function = nullptr;
    const BuiltinDecl* builtin = nullptr;
  };

  // Bindings: slot `s` of the current frame.
  Value& slot(int s) { return frame_[s]; }
  bool bound(int s) const { return frame_bound_[s] != 0; }
  bool bind_then(int s, const Value& v, Cont k);

  // Bodies and expressions.
  bool eval_body(const Body& body, std::size_t i, Cont k);
  bool eval_expr(const Expr& e, Cont k, Value* out = nullptr);
  bool eval_expr_plain(const Expr& e, Cont k, Value* out);
  bool eval_with(const Expr& e, Cont k, Value* out);
  bool eval_every(const Expr& e, Cont k);
  bool eval_some_in(const Expr& e, Cont k);

  // Terms.
  bool eval_term(const Term& t, VCont k);
  // The value of `t` when it has exactly one and needs no evaluation (a constant or a bound
  // var), else nullptr.
  const Value* single_value(const Term& t);
  bool eval_items(const Term& t, std::size_t i, std::vector<Value>& acc, VCont k);
  bool eval_items_rest(const Term& t, std::size_t i, std::vector<Value>& acc, VCont k);
  bool eval_compr(const Term& t, VCont k);
  bool eval_template(const Term& t, std::size_t i, std::string& acc, VCont k);
  bool eval_call(const Term& t, std::size_t nargs, VCont k);
  // Evaluates the operands t.items[i, args.size()) into `args` (one combination per solution).
  bool eval_args(const Term& t, std::size_t i, std::span<Value> args,
                 FnRef<bool(std::span<const Value>)> k);
  bool call_builtin(const Term& t, const BuiltinDecl& decl, std::span<const Value> args, VCont k);
  bool call_print(const Term& t);
  bool member(const Term& t, std::span<const Value> args, Cont k);

  // Unification.
  bool has_unbound(const Term& t);
  bool unify(const Term& pattern, const Value& v, Cont k);
  bool unify_terms(const Term& a, const Term& b, Cont k);
  bool unify_items(std::span<const std::unique_ptr<Term>> ps, std::span<const Value> vs,
                   std::size_t i, Cont k);
  bool unify_object(const Term& t, const Value& v, std::size_t i, Cont k);

  // References and the data tree.
  bool eval_ref(const Term& t, VCont k);
  // `base`: walking a base document, where integer keys also select string members ("2").
  bool walk(const Value& v, const Term& ref, std::size_t i, VCont k, bool base = false);
  bool walk_node(const DataNode& node, const Term& ref, std::size_t i, VCont k);
  std::optional<Value> base_at(const std::vector<std::string>& path);
  std::optional<Value> materialize(const DataNode& node);
  const Value* override_at(const std::vector<std::string>& path);

  // Rules and functions.
  std::optional<Value> eval_group(const RuleGroup& g);
  bool eval_function(const Term& call, const RuleGroup& g, std::span<const Value> args, VCont k);
  bool bind_args(const Rule& r, std::span<const Value> args, std::size_t i, Cont k);
  // The current frame, to restore with leave_frame after enter_frame.
  struct FrameMark {
    Value* slots = nullptr;
    char* bound = nullptr;
    std::size_t chunk = 0;
    std::size_t used = 0;
  };
  FrameMark frame_mark() const {
    return {frame_, frame_bound_, chunk_, chunks_.empty() ? 0 : chunks_[chunk_].used};
  }
  // Pushes a frame of `slots` unbound slots (fails past opt_.max_depth).
  bool enter_frame(int slots);
  void push_frame(std::size_t slots);
  void leave_frame(const FrameMark& saved);
  const std::vector<const Rule*>& candidates(const RuleGroup& g, std::vector<const Rule*>& scratch);
  std::vector<const Rule*> candidates_indexed(const RuleGroup& g);

  // Errors and limits.
  bool fail_with(Error e);
  bool fail_at(const Term& t, ErrorCode code, std::string msg);
  bool step();

  const PolicyImpl& p_;
  const EvalOptions& opt_;
  std::optional<Value> input_;
  // Frame storage: chunks whose capacity is reserved once, so a frame's slots are contiguous
  // and never move while deeper frames are pushed (continuations hold references to them).
  // chunks_[0, chunk_] are in use; each chunk's frames occupy values[0, used).
  struct FrameChunk {
    std::vector<Value> values;
    std::vector<char> bound;
    std::size_t used = 0;
  };
  static constexpr std::size_t kChunkSlots = 128;
  std::vector<FrameChunk> chunks_;
  std::size_t chunk_ = 0;
  Value* frame_ = nullptr;
  char* frame_bound_ = nullptr;
  std::optional<Error> err_;
  Memo memo_;
  std::vector<std::pair<std::vector<std::string>, Value>> data_overrides_;
  std::map<std::string, Replacement, std::less<>> fn_overrides_;
  std::uint32_t depth_ = 0;
  std::uint64_t steps_ = 0;
  std::chrono::steady_clock::time_point deadline_{};
  bool has_deadline_ = false;
  std::unordered_map<std::string, std::any> cache_;
  BuiltinContext bctx_;
  const Module* module_ = nullptr;  // module of the rule being evaluated (for error spans)
};

}  // namespace custos::rego
