#pragma once
// EIP-712 typed structured data: parsing the eth_signTypedData_v4 JSON document, encodeType,
// typeHash, encodeData/hashStruct, the domain separator and the signing hash
// keccak256(0x19 0x01 || domainSeparator || hashStruct(message)).

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "base/secret.h"
#include "evm/keccak.h"
#include "json/value.h"

namespace custos::evm {

// One member of a struct type.
struct TypedField {
  std::string name;
  std::string type;  // e.g. "uint256", "Person", "Person[]", "bytes32[2][]"
};

// A parsed typed-data document. Value type; immutable after parsing by convention.
struct TypedData {
  std::map<std::string, std::vector<TypedField>, std::less<>> types;  // includes EIP712Domain
  std::string primary_type;
  json::Value domain;   // object
  json::Value message;  // object
};

// Limits on untrusted documents.
struct TypedDataOptions {
  std::size_t max_types = 256;
  std::size_t max_fields = 1024;      // members over all types
  std::size_t max_depth = 32;         // struct/array nesting while hashing
  std::size_t max_values = 1u << 16;  // atomic values hashed
};

// Parses {types, primaryType, domain, message} (the document may also be given as a JSON string
// holding that object). Validates type and field names (identifiers), that every referenced
// type exists, no duplicate field names, and that the EIP712Domain type (inferred from the
// domain's members in the order name, version, chainId, verifyingContract, salt when absent)
// only has the EIP-712 domain fields. Error: kEvmTypedData.
Result<TypedData> parse_typed_data(const json::Value& document,
                                   const TypedDataOptions& options = {});

// encodeType(type): "Name(t1 n1,...)" followed by its referenced struct types sorted by name.
Result<std::string> encode_type(const TypedData& data, std::string_view type);
// keccak256(encodeType(type)).
Result<Hash32> type_hash(const TypedData& data, std::string_view type);
// hashStruct(type, value) = keccak256(typeHash || encodeData(value)). Strict: every field of the
// type must be present in `value` and no other member may be (extra members would be shown to a
// user without being signed). Atomic values: uintN/intN as JSON integers, decimal or 0x strings
// (range-checked); address strings; bool; bytesN as 0x hex of exactly N bytes; bytes as 0x hex;
// string as text. Error: kEvmTypedData naming the field path.
Result<Hash32> hash_struct(const TypedData& data, std::string_view type, const json::Value& value,
                           const TypedDataOptions& options = {});
// hashStruct("EIP712Domain", domain).
Result<Hash32> domain_separator(const TypedData& data, const TypedDataOptions& options = {});
// keccak256(0x1901 || domainSeparator || hashStruct(primaryType, message)); when the primary
// type is EIP712Domain the message part is omitted (as eth_signTypedData_v4 implementations do).
Result<Hash32> typed_data_hash(const TypedData& data, const TypedDataOptions& options = {});

// Signs the typed-data hash; returns r||s||v with v = 27/28.
Result<Bytes> sign_typed_data(const TypedData& data, const SecretBytes& private_key);

}  // namespace custos::evm
