#pragma once
// Private: variable and call resolution shared by compiler*.cc. Not part of the public API.
// compiler.cc drives compilation (rule paths, groups, the data tree, globals);
// compiler_scopes.cc declares locals in scopes and walks bodies; compiler_terms.cc resolves
// terms, calls and `with` targets.

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rego/compiler.h"

namespace custos::rego {

// A compile error of `code` at `loc` in module `m` (null for queries).
Error compile_error(ErrorCode code, const Module* m, Loc loc, std::string msg);

inline bool is_string_value(const Term& t) {
  return t.kind == TermKind::kValue && t.value.is_string();
}

// ---------------------------------------------------------------------------------------------
// Variable scopes.

struct Scope {
  Scope* parent = nullptr;
  std::map<std::string, int, std::less<>> vars;
  // Vars declared by `:=`: the index of the declaring expression. In nested bodies (closures)
  // such a var is visible only when declared before the enclosing expression.
  std::map<std::string, std::size_t, std::less<>> assigned_at;
  std::size_t current = 0;
  int depth = 0;
  // OPA's declared-var occurrences, for its redeclaration errors: function arguments, vars
  // declared by `some`, and vars referenced by earlier expressions of this body.
  std::set<std::string, std::less<>> args;
  std::set<std::string, std::less<>> declared;
  std::set<std::string, std::less<>> seen;
};

struct Globals {
  // name → (root, path)
  struct Target {
    RefRoot root;
    std::vector<std::string> path;
  };
  std::map<std::string, Target, std::less<>> names;
};

// Resolves the vars and calls of one rule (or query pseudo-rule) in place: locals get slots,
// globals become data/input refs, calls get their builtin or user function. Single use, not
// thread-safe; `impl`, `module` and `globals` must outlive it.
class Resolver {
 public:
  Resolver(const PolicyImpl& impl, const Module* module, const Globals& globals, Rule& rule)
      : impl_(impl), module_(module), globals_(globals), rule_(rule) {}

  int new_slot() { return rule_.num_slots++; }

  // Resolves a rule (head + body, and its else chain).
  Result<void> resolve_rule();

  // Resolves a query body; `outputs` receives its named vars (not `$`-generated) by slot.
  Result<void> resolve_query(std::vector<std::pair<std::string, int>>& outputs);

 private:
  // ---- scopes and bodies (compiler_scopes.cc) ----
  // OPA's rewriteExprTermsInHead for function arguments: a call or template string inside an
  // argument (`f(upper(x))`, `f($"{x}")`) becomes a fresh var `$argN`, and `$argN = <term>` is
  // appended to the body, so the term is computed once the body has bound its vars.
  void expand_argument_terms();

  std::optional<int> lookup(std::string_view name, Scope& scope, bool* outer = nullptr);

  bool is_global(std::string_view name) const { return globals_.names.count(name) > 0; }

  void declare(const std::string& name, Scope& scope);

  void declare_pattern(const Term& t, Scope& scope);

  // Vars used in `t` (outside nested bodies) that are not known become locals of `scope`.
  void declare_implicit(const Term& t, Scope& scope);

  Result<void> collect(Body& body, Scope& scope);

  static void pattern_var_terms(const Term& t, std::vector<const Term*>& out);

  // OPA's rule for declaring `v` (by `:=` or `some`) in `scope`: an error when it is a
  // function argument ("arg x redeclared"), or was assigned, declared or referenced by an
  // earlier expression of the same body ("var x assigned|declared|referenced above").
  Result<void> check_declaration(const Term& v, Scope& scope);
  // Records the vars `t` references (outside nested bodies) as seen in `scope`.
  void note_seen(const Term& t, Scope& scope);

  Result<void> resolve_body(Body& body, Scope& scope);

  // OPA's "declared var x unused": a var declared by `some x` in `body`, or by an `every`'s key
  // or value for its body, must be referenced after its declaration (in the body, nested
  // closures, or, for rule and comprehension bodies, the head). Call once the body and the head
  // that goes with it are resolved.
  Result<void> check_some_used(const Body& body);
  Result<void> check_every_used(const Expr& every);
  void note_use(int slot) {
    if (slot < 0) return;
    if (static_cast<std::size_t>(slot) >= uses_.size()) uses_.resize(slot + 1, 0);
    ++uses_[static_cast<std::size_t>(slot)];
  }
  void unnote_use(int slot) {
    if (slot >= 0 && static_cast<std::size_t>(slot) < uses_.size()) --uses_[slot];
  }
  bool used(int slot) const {
    return slot >= 0 && static_cast<std::size_t>(slot) < uses_.size() && uses_[slot] > 0;
  }

  // Captured slots of an inner body that are not locals of `scope` are captures of the enclosing
  // comprehension too.
  void propagate_captures(const std::vector<int>& caps, Scope& scope);

  // ---- terms, calls and with targets (compiler_terms.cc) ----
  Result<void> resolve_with_target(Term& t);

  // `with f as g`: when g names a user function or a builtin (and is not a local variable),
  // the replacement is that function. Returns false when `t` is an ordinary value.
  bool resolve_function_value(Term& t, Scope& scope);
  // The data path a dotted name denotes: "data.a.f" → a.f; a package-global or imported name
  // rooted in data → its target path and the rest; empty when the name is not in data.
  std::vector<std::string> data_path_of(const std::vector<std::string>& parts) const;

  // Turns a global var into a ref: data.pkg.name / input / import target.
  bool globalize(Term& t);

  Result<void> resolve(Term& t, Scope& scope);

  void note_capture(int slot, Scope&) { captures_.back().push_back(slot); }

  // `whole_expression`: the call is an expression of its own. Only then may it pass its output
  // as an extra operand (`abs(-1, x)`); nested in a value (`x = abs(-9, 10)`) an extra operand
  // is too many.
  Result<void> resolve_call(Term& t, bool whole_expression);

  const PolicyImpl& impl_;
  const Module* module_;
  const Globals& globals_;
  Rule& rule_;
  std::vector<std::vector<int>> captures_;
  std::map<Scope*, std::set<std::string>> assigned_;
  const Term* expr_root_ = nullptr;  // the term of the expression being resolved
  std::vector<int> uses_;            // by slot: references that are not declarations
};

}  // namespace custos::rego
