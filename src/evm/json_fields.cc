#include "evm/json_fields.h"

#include "evm/hex.h"

namespace custos::evm {
namespace {

Error field_error(ErrorCode code, std::string_view what, const std::string& problem) {
  return Error(code, std::string(what) + ": " + problem);
}

}  // namespace

Result<U256> quantity_from_json(const json::Value& value, std::string_view what, ErrorCode code) {
  if (value.is_number()) {
    const auto& number = value.as_number();
    if (!number.is_integer_literal() || number.text().starts_with("-")) {
      return fail(field_error(code, what, "must be a non-negative integer"));
    }
    auto parsed = U256::from_decimal(number.text());
    if (!parsed) return fail(field_error(code, what, parsed.error().message()));
    return parsed;
  }
  if (value.is_string()) {
    auto parsed = U256::parse(value.as_string());
    if (!parsed) return fail(field_error(code, what, parsed.error().message()));
    return parsed;
  }
  return fail(field_error(code, what, "must be an integer, a decimal string or a 0x hex string"));
}

Result<Address> address_from_json(const json::Value& value, std::string_view what, ErrorCode code) {
  if (!value.is_string()) return fail(field_error(code, what, "must be an address string"));
  auto parsed = Address::parse(value.as_string());
  if (!parsed) return fail(field_error(code, what, parsed.error().message()));
  return parsed;
}

Result<Bytes> data_from_json(const json::Value& value, std::string_view what, ErrorCode code) {
  if (!value.is_string()) return fail(field_error(code, what, "must be a 0x hex string"));
  auto parsed = parse_hex_data(value.as_string());
  if (!parsed) return fail(field_error(code, what, parsed.error().message()));
  return parsed;
}

Result<std::optional<U256>> optional_quantity(const json::Value& object, std::string_view key,
                                              ErrorCode code) {
  const json::Value* member = object.find(key);
  if (member == nullptr || member->is_null()) return std::optional<U256>();
  CUSTOS_TRY_ASSIGN(auto value, quantity_from_json(*member, key, code));
  return std::optional<U256>(value);
}

Result<std::optional<Address>> optional_address(const json::Value& object, std::string_view key,
                                                ErrorCode code) {
  const json::Value* member = object.find(key);
  if (member == nullptr || member->is_null()) return std::optional<Address>();
  CUSTOS_TRY_ASSIGN(auto value, address_from_json(*member, key, code));
  return std::optional<Address>(value);
}

json::Value json_integer(const U256& value) {
  return json::Value(*json::Number::parse(value.to_decimal()));
}

}  // namespace custos::evm
