#pragma once
// Small helpers shared by the evm unit tests.

#include <gtest/gtest.h>

#include <string>

#include "base/bytes.h"
#include "base/secret.h"
#include "json/json.h"

namespace custos::evm::testing {

inline Bytes hex(std::string_view text) {
  auto bytes = hex_decode(text);
  EXPECT_TRUE(bytes.has_value()) << text;
  return bytes.value_or(Bytes{});
}

inline SecretBytes key(std::string_view hex_text) { return SecretBytes(hex(hex_text)); }

inline json::Value parse_json(std::string_view text) {
  auto value = json::parse(text);
  EXPECT_TRUE(value.has_value()) << (value ? "" : value.error().to_string());
  return value.value_or(json::Value());
}

}  // namespace custos::evm::testing
