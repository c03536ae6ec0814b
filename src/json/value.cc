#include "json/value.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "json/parse.h"

namespace custos::json {

std::string_view type_name(Type type) {
  switch (type) {
    case Type::kNull: return "null";
    case Type::kBool: return "boolean";
    case Type::kNumber: return "number";
    case Type::kString: return "string";
    case Type::kArray: return "array";
    case Type::kObject: return "object";
  }
  return "unknown";
}

Result<Number> Number::parse(std::string_view text) {
  if (!is_number_literal(text)) {
    return fail(ErrorCode::kJsonSyntax, "invalid JSON number: '" + std::string(text) + "'");
  }
  return Number(std::string(text));
}

Number Number::from_int(std::int64_t value) { return Number(std::to_string(value)); }
Number Number::from_uint(std::uint64_t value) { return Number(std::to_string(value)); }

Result<Number> Number::from_double(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  if (!std::isfinite(value) || ec != std::errc()) {
    return fail(ErrorCode::kInvalidArgument, "non-finite number is not JSON");
  }
  std::string text(buffer, end);
  // to_chars may print "1e+21"; that is valid JSON. It never prints "inf"/"nan" for finite input.
  return Number(std::move(text));
}

bool Number::is_integer_literal() const { return text_.find_first_of(".eE") == std::string::npos; }

std::optional<std::int64_t> Number::to_int64() const {
  if (!is_integer_literal()) return std::nullopt;
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), v);
  if (ec != std::errc() || ptr != text_.data() + text_.size()) return std::nullopt;
  return v;
}

std::optional<std::uint64_t> Number::to_uint64() const {
  if (!is_integer_literal() || text_.starts_with('-')) return std::nullopt;
  std::uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text_.data(), text_.data() + text_.size(), v);
  if (ec != std::errc() || ptr != text_.data() + text_.size()) return std::nullopt;
  return v;
}

double Number::to_double() const { return std::strtod(text_.c_str(), nullptr); }

Value Value::object(std::initializer_list<Member> members) {
  Value v{Object{}};
  for (const auto& m : members) v.set(m.first, m.second);
  return v;
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  for (const auto& [k, v] : as_object()) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) {
  return const_cast<Value*>(static_cast<const Value&>(*this).find(key));
}

void Value::set(std::string key, Value value) {
  if (Value* existing = find(key)) {
    *existing = std::move(value);
    return;
  }
  as_object().emplace_back(std::move(key), std::move(value));
}

bool Value::erase(std::string_view key) {
  auto& members = as_object();
  for (auto it = members.begin(); it != members.end(); ++it) {
    if (it->first == key) {
      members.erase(it);
      return true;
    }
  }
  return false;
}

Result<const Value*> Value::get(std::string_view key, Type type) const {
  if (!is_object()) return fail(ErrorCode::kJsonType, "expected an object");
  const Value* v = find(key);
  if (v == nullptr) {
    return fail(ErrorCode::kJsonType, "missing member '" + std::string(key) + "'");
  }
  if (v->type() != type) {
    return fail(ErrorCode::kJsonType, "member '" + std::string(key) + "' must be " +
                                          std::string(type_name(type)) + ", got " +
                                          std::string(type_name(v->type())));
  }
  return v;
}

Result<std::string> Value::get_string(std::string_view key) const {
  CUSTOS_TRY_ASSIGN(const Value* v, get(key, Type::kString));
  return v->as_string();
}

bool operator==(const Value& a, const Value& b) { return a.data_ == b.data_; }

}  // namespace custos::json
