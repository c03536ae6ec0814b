#pragma once
// custos::rego::Value — the immutable Rego value (OPA "term" values): null, boolean, number,
// string, array, object, set. Copies are cheap (scalars inline, composites share one
// reference-counted immutable representation), so values can be passed around freely and shared
// across threads without locks.
//
// Ordering and equality follow OPA (ast.Compare): null < boolean < number < string < array <
// object < set; numbers compare numerically (1 == 1.0), strings bytewise, arrays
// lexicographically, objects by their sorted (key, value) pairs, sets by their sorted elements.
//
// Numbers are exact: int64 fast path, arbitrary-precision integers beyond that (uint256 wei and
// larger), and binary64 floats for non-integers (OPA's behaviour for floating point arithmetic).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace custos::json {
class Value;
}

namespace custos::rego {

// An exact Rego number. Canonical forms (so equal numbers have one representation):
// an integer that fits int64 is kInt; a larger integer is kBig; anything else is kFloat: an
// exact decimal (mantissa x 10^exponent, never integral) that also caches its nearest double.
// Decimal arithmetic is exact (0.1 + 0.2 == 0.3); a quotient that does not terminate within 35
// significant digits is rounded half to even to 34 (IEEE 754 decimal128 precision); results
// keep at most 100 significant digits. Literals may not exceed 10^1000 through an exponent.
class Number {
 public:
  enum class Repr : std::uint8_t { kInt, kBig, kFloat };

  Number() = default;
  Number(std::int64_t value) : int_(value) {}  // NOLINT(google-explicit-constructor)
  Number(int value) : int_(value) {}           // NOLINT(google-explicit-constructor)
  static Number from_uint64(std::uint64_t value);
  // A finite double; integral values become integers. Non-finite → std::nullopt.
  static std::optional<Number> from_double(double value);
  // Parses a JSON/Rego number literal ("12", "-3.5e2", 80-digit integers). Error: kInvalidArgument.
  static Result<Number> parse(std::string_view literal);

  Repr repr() const { return repr_; }
  bool is_integer() const { return repr_ != Repr::kFloat; }
  // The value as int64 when it is an integer that fits.
  std::optional<std::int64_t> to_int64() const {
    if (repr_ == Repr::kInt) return int_;
    return std::nullopt;
  }
  // Nearest double (may be ±inf for enormous integers).
  double to_double() const;
  // Canonical decimal text: integers in full, floats in the shortest round-trip form (JSON
  // syntax, exponent for very large/small magnitudes).
  std::string to_string() const;

  // Three-way numeric comparison.
  static int compare(const Number& a, const Number& b);
  friend bool operator==(const Number& a, const Number& b) { return compare(a, b) == 0; }
  std::size_t hash() const;

  // Arithmetic (OPA semantics). Integer +,-,* are exact at any size. div: exact when the
  // quotient is an integer, float otherwise; std::nullopt for division by zero. rem: integers
  // only (std::nullopt for zero divisor or non-integers); sign follows the dividend (Go %).
  Number add(const Number& other) const;
  Number sub(const Number& other) const;
  Number mul(const Number& other) const;
  std::optional<Number> div(const Number& other) const;
  std::optional<Number> rem(const Number& other) const;
  Number neg() const;
  Number abs() const;
  Number round() const;  // half away from zero
  Number ceil() const;
  Number floor() const;

 private:
  friend struct NumberAccess;
  Repr repr_ = Repr::kInt;
  union {
    std::int64_t int_ = 0;
    double float_;
  };
  std::shared_ptr<const void> big_;  // kBig: the arbitrary-precision integer (pimpl)
};

class Value;
// One object member. Objects keep members sorted by key (OPA's canonical order).
using ObjectEntry = std::pair<Value, Value>;

class Value {
 public:
  // Order matters: it is OPA's sort order of kinds.
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject, kSet };

  Value() = default;                                    // null
  Value(std::nullptr_t) {}                              // NOLINT
  Value(bool b) : kind_(Kind::kBool) { bool_ = b; }     // NOLINT
  Value(Number n);                                      // NOLINT
  Value(std::int64_t i) : Value(Number(i)) {}           // NOLINT
  Value(int i) : Value(Number(i)) {}                    // NOLINT
  Value(std::string s);                                 // NOLINT
  Value(std::string_view s) : Value(std::string(s)) {}  // NOLINT
  Value(const char* s) : Value(std::string(s)) {}       // NOLINT

  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(b); }
  static Value string(std::string s) { return Value(std::move(s)); }
  static Value array(std::vector<Value> items);
  // Sorts by key; for duplicate keys the LAST entry wins.
  static Value object(std::vector<ObjectEntry> entries);
  // Sorts and removes duplicates.
  static Value set(std::vector<Value> items);
  // Fast paths for callers that already have sorted, duplicate-free input (checked in debug).
  static Value object_sorted(std::vector<ObjectEntry> entries);
  static Value set_sorted(std::vector<Value> items);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_number() const { return kind_ == Kind::kNumber; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }
  bool is_set() const { return kind_ == Kind::kSet; }
  bool is_collection() const { return kind_ >= Kind::kArray; }

  // Unchecked accessors: the kind must match (asserted in debug builds).
  bool as_bool() const { return bool_; }
  Number as_number() const;
  const std::string& as_string() const;
  std::span<const Value> as_array() const;
  std::span<const ObjectEntry> as_object() const;  // sorted by key
  std::span<const Value> as_set() const;           // sorted

  // Number of elements (array/object/set), bytes (string), 0 otherwise.
  std::size_t size() const;
  // Object member lookup (binary search); nullptr when absent or not an object.
  const Value* find(const Value& key) const;
  const Value* find(std::string_view key) const;
  const Value* find(const std::string& key) const { return find(std::string_view(key)); }
  const Value* find(const char* key) const { return find(std::string_view(key)); }
  // Set membership; false when not a set.
  bool contains(const Value& item) const;
  // Array element; nullptr when out of range or not an array.
  const Value* at(std::size_t index) const;

  // OPA's type names: "null", "boolean", "number", "string", "array", "object", "set".
  std::string_view type_name() const;
  static std::string_view kind_name(Kind kind);

  static int compare(const Value& a, const Value& b);
  friend bool operator==(const Value& a, const Value& b) { return compare(a, b) == 0; }
  friend bool operator!=(const Value& a, const Value& b) { return compare(a, b) != 0; }
  friend bool operator<(const Value& a, const Value& b) { return compare(a, b) < 0; }
  std::size_t hash() const;

  // Rego literal text: JSON for JSON values, sets as {1, 2} (empty set: set()), object keys of
  // any kind. Used by print, sprintf %v and error messages.
  std::string to_string() const;
  // JSON text as OPA serialises results: sets become arrays, non-string object keys become
  // their JSON text; objects sorted by key. `pretty` indents with two spaces.
  std::string to_json(bool pretty = false) const;
  void append_json(std::string& out, bool pretty = false, int indent = 0) const;

  // Conversion from/to custos::json::Value (numbers exact both ways).
  static Value from_json(const json::Value& json);
  json::Value to_json_value() const;
  // Parses JSON text straight into a Value. Errors: the json library's codes.
  static Result<Value> parse_json(std::string_view text);

 private:
  Kind kind_ = Kind::kNull;
  Number::Repr num_repr_ = Number::Repr::kInt;
  union {
    bool bool_;
    std::int64_t int_ = 0;
    double float_;
  };
  std::shared_ptr<const void> rep_;  // string / vector<Value> / vector<ObjectEntry> / big int
};

struct ValueHash {
  std::size_t operator()(const Value& v) const { return v.hash(); }
};

}  // namespace custos::rego
