#pragma once
// Reading Ethereum values out of JSON documents (internal to custos::evm, also used by the CLI):
// quantities as JSON integers, decimal strings or 0x hex strings; addresses; hex data.

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "evm/address.h"
#include "evm/uint256.h"
#include "json/value.h"

namespace custos::evm {

// A uint256 from a JSON integer literal, a decimal string or a 0x hex string. `what` names the
// field in errors. Error: `code` with the field name.
Result<U256> quantity_from_json(const json::Value& value, std::string_view what, ErrorCode code);
// An address string. Error: `code` naming the field.
Result<Address> address_from_json(const json::Value& value, std::string_view what, ErrorCode code);
// 0x hex data. Error: `code` naming the field.
Result<Bytes> data_from_json(const json::Value& value, std::string_view what, ErrorCode code);

// Optional members: absent or null → std::nullopt.
Result<std::optional<U256>> optional_quantity(const json::Value& object, std::string_view key,
                                              ErrorCode code);
Result<std::optional<Address>> optional_address(const json::Value& object, std::string_view key,
                                                ErrorCode code);

// A JSON number holding an exact non-negative integer (used for chain ids and deadlines in
// output). Uses the decimal text, so values beyond 2^53 stay exact.
json::Value json_integer(const U256& value);

}  // namespace custos::evm
