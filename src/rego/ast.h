#pragma once
// The Rego abstract syntax tree (OPA ast package, simplified). Every node carries its source
// location. The parser builds it; the compiler annotates it in place (variable slots, resolved
// refs, rule kinds and paths) and then it is immutable and shared by evaluations.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "rego/value.h"

namespace custos::rego {

struct Module;
struct Rule;
struct DataNode;

// A source location: byte offset, 1-based line and column (file from the module).
struct Loc {
  std::uint32_t offset = 0;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Expr;
using Body = std::vector<std::unique_ptr<Expr>>;

enum class TermKind : std::uint8_t {
  kValue,        // a ground scalar or ground composite (`value`)
  kVar,          // `name`; compiled: `slot`
  kRef,          // items[0] head (var or call or composite), items[1..] operands
  kArray,        // items
  kSet,          // items
  kObject,       // items: k0, v0, k1, v1, ...
  kArrayCompr,   // head, body
  kSetCompr,     // head, body
  kObjectCompr,  // key, head, body
  kCall,         // name (operator), items = args
  kTemplate,     // items: string values and expression terms, concatenated
};

// Calls the evaluator handles itself (set by the parser from the call name).
enum class CallOp : std::uint8_t { kNone, kUnify, kMember, kPrint };

// How a compiled ref is rooted.
enum class RefRoot : std::uint8_t { kNone, kLocal, kData, kInput };

struct Term {
  TermKind kind = TermKind::kValue;
  Loc loc;
  Value value;       // kValue
  std::string name;  // kVar, kCall
  // kCall on a ref with a key containing a dot (`f["a.b"](x)`): the callee's path, since
  // `name` (then written `f["a.b"]`) cannot be split at dots. Empty otherwise.
  std::vector<std::string> call_path;
  std::vector<std::unique_ptr<Term>> items;
  std::unique_ptr<Term> key;   // kObjectCompr
  std::unique_ptr<Term> head;  // comprehensions
  std::shared_ptr<Body> body;  // comprehensions
  // Compiled annotations.
  int slot = -1;                   // kVar: frame slot
  RefRoot root = RefRoot::kNone;   // kRef
  bool wildcard = false;           // kVar named `_` (or generated wildcard)
  CallOp op = CallOp::kNone;       // kCall: special operators
  bool bracket = false;            // a ref operand written as [x] (not .x)
  const void* builtin = nullptr;   // kCall: resolved BuiltinDecl*
  const void* function = nullptr;  // kCall: resolved user function (RuleGroup*)
  bool ground = false;             // contains no variables (kValue-able)
  std::vector<int> captures;       // comprehensions: slots of enclosing scopes used
  // kRef rooted at data, resolved at compile time (optimize.h): the rule-tree node or else the
  // base document its constant leading operands reach, and the index of the first operand not
  // folded into it.
  const DataNode* data_node = nullptr;
  const Value* base_value = nullptr;
  std::uint32_t folded_next = 0;

  std::unique_ptr<Term> clone() const;
};
using TermPtr = std::unique_ptr<Term>;

enum class ExprKind : std::uint8_t {
  kTerm,    // term (a call such as eq/assign/equal, or any term: true when defined and != false)
  kSome,    // `some x, y` declarations only
  kSomeIn,  // `some [key,] val in domain`
  kEvery,   // `every [key,] val in domain { body }`
};

struct With {
  TermPtr target;
  TermPtr value;
  Loc loc;
};

struct Expr {
  ExprKind kind = ExprKind::kTerm;
  bool negated = false;
  Loc loc;
  TermPtr term;                    // kTerm
  std::vector<TermPtr> some_vars;  // kSome
  TermPtr key, val, domain;        // kSomeIn / kEvery (key may be null)
  std::shared_ptr<Body> body;      // kEvery
  std::vector<With> withs;
  std::vector<int> captures;  // kEvery: slots of enclosing scopes used in the body
};

enum class RuleKind : std::uint8_t { kComplete, kPartialSet, kPartialObject, kFunction };

struct Rule {
  Loc loc;
  Module* module = nullptr;
  TermPtr head_ref;           // var or ref term naming the rule (relative to package)
  std::vector<TermPtr> args;  // functions
  bool is_function = false;
  TermPtr value;     // `:= v` / `= v` (null: true, or set member for contains)
  TermPtr contains;  // `contains t`
  bool is_default = false;
  bool assign = false;  // `:=`
  bool has_body = false;
  Body body;
  std::unique_ptr<Rule> else_rule;
  // Compiled annotations.
  RuleKind kind = RuleKind::kComplete;
  std::vector<std::string> path;       // full data path of the rule's document (strings)
  std::vector<const Term*> key_terms;  // head ref operands after `path` (partial objects)
  int num_slots = 0;
  bool value_constant = false;  // head value has no variables → first solution suffices
};

struct Import {
  Loc loc;
  TermPtr path;  // ref term: data.x.y / input.x / future.keywords... / rego.v1
  std::string alias;
};

struct Module {
  std::string file;
  std::string source;
  bool v1 = true;
  // `import future.keywords.not` or `import rego.v2`: OPA 1.17's negation (`not { body }`, and
  // a negated expression's nested calls stay inside the negation; see negation.h).
  bool future_not = false;
  Loc package_loc;
  std::vector<std::string> package_path;  // without "data"
  std::vector<Import> imports;
  std::vector<std::unique_ptr<Rule>> rules;
};

}  // namespace custos::rego
