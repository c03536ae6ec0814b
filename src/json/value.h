#pragma once
// custos::json::Value — an immutable-by-convention JSON document tree that keeps numbers exact
// (as their validated literal text) and objects in insertion order with unique keys.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "base/result.h"

namespace custos::json {

enum class Type : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };

// Returns "null", "boolean", "number", "string", "array" or "object".
std::string_view type_name(Type type);

class Value;
namespace detail {
struct NumberAccess;
}

// A JSON number kept as its literal text (RFC 8259 §6 grammar), so that a 78-digit integer
// round-trips unchanged. Construct through Number::parse or the factories.
class Number {
 public:
  // Validates `text` against the RFC 8259 number grammar. Error: kJsonSyntax.
  static Result<Number> parse(std::string_view text);
  static Number from_int(std::int64_t value);
  static Number from_uint(std::uint64_t value);
  // Shortest text that round-trips the double; non-finite values are not JSON (kInvalidArgument).
  static Result<Number> from_double(double value);

  const std::string& text() const { return text_; }
  // True when the literal has no fraction and no exponent.
  bool is_integer_literal() const;
  // The value as int64 / uint64 when the literal is an integer that fits; std::nullopt otherwise.
  std::optional<std::int64_t> to_int64() const;
  std::optional<std::uint64_t> to_uint64() const;
  // The nearest double (may be ±inf for huge exponents).
  double to_double() const;

  friend bool operator==(const Number& a, const Number& b) { return a.text_ == b.text_; }

 private:
  friend struct detail::NumberAccess;  // the parser, which has validated the literal already
  explicit Number(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

using Array = std::vector<Value>;
// Members in insertion order; keys are unique (enforced by the parser and by Value::set).
using Member = std::pair<std::string, Value>;
using Object = std::vector<Member>;

class Value {
 public:
  Value() : data_(nullptr) {}
  Value(std::nullptr_t) : data_(nullptr) {}
  Value(bool b) : data_(b) {}
  Value(Number n) : data_(std::move(n)) {}
  Value(std::int64_t i) : data_(Number::from_int(i)) {}
  Value(int i) : data_(Number::from_int(i)) {}
  Value(std::uint64_t u) : data_(Number::from_uint(u)) {}
  Value(std::string s) : data_(std::move(s)) {}
  Value(std::string_view s) : data_(std::string(s)) {}
  Value(const char* s) : data_(std::string(s)) {}
  Value(Array a) : data_(std::move(a)) {}
  Value(Object o) : data_(std::move(o)) {}

  static Value array(std::initializer_list<Value> items = {}) { return Value(Array(items)); }
  // Builds an object; later duplicates of a key replace earlier ones.
  static Value object(std::initializer_list<Member> members = {});

  Type type() const { return static_cast<Type>(data_.index()); }
  bool is_null() const { return type() == Type::kNull; }
  bool is_bool() const { return type() == Type::kBool; }
  bool is_number() const { return type() == Type::kNumber; }
  bool is_string() const { return type() == Type::kString; }
  bool is_array() const { return type() == Type::kArray; }
  bool is_object() const { return type() == Type::kObject; }

  // Unchecked accessors: the type must match (checked with assert in debug builds).
  bool as_bool() const { return std::get<bool>(data_); }
  const Number& as_number() const { return std::get<Number>(data_); }
  const std::string& as_string() const { return std::get<std::string>(data_); }
  const Array& as_array() const { return std::get<Array>(data_); }
  Array& as_array() { return std::get<Array>(data_); }
  const Object& as_object() const { return std::get<Object>(data_); }
  Object& as_object() { return std::get<Object>(data_); }

  // Object member lookup (linear; objects are small in practice). nullptr when absent or when
  // this is not an object.
  const Value* find(std::string_view key) const;
  Value* find(std::string_view key);
  bool contains(std::string_view key) const { return find(key) != nullptr; }

  // Sets (or replaces) an object member. This must be an object.
  void set(std::string key, Value value);
  // Removes an object member; returns whether it was there.
  bool erase(std::string_view key);
  // Appends to an array. This must be an array.
  void push_back(Value value) { as_array().push_back(std::move(value)); }

  // Typed getters for reading documents: a clear kJsonType error naming the key when the member
  // is missing or has the wrong type.
  Result<std::string> get_string(std::string_view key) const;
  Result<const Value*> get(std::string_view key, Type type) const;

  // Structural equality. Numbers compare by literal text (1.0 != 1); use canonical forms when
  // numeric equality matters.
  friend bool operator==(const Value& a, const Value& b);

 private:
  std::variant<std::nullptr_t, bool, Number, std::string, Array, Object> data_;
};

}  // namespace custos::json
