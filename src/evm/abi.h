#pragma once
// Solidity ABI types and strict decoding/encoding of ABI data (Solidity ABI specification,
// "Formal Specification of the Encoding"), for the calls policies care about.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "evm/address.h"
#include "evm/uint256.h"

namespace custos::evm::abi {

// An ABI type: elementary (uintN, intN, address, bool, bytesN, bytes, string), T[], T[k] or a
// tuple (T1,...,Tn). Value type.
struct Type {
  enum class Kind : std::uint8_t {
    kUint,
    kInt,
    kAddress,
    kBool,
    kFixedBytes,
    kBytes,
    kString,
    kArray,
    kFixedArray,
    kTuple
  };
  Kind kind = Kind::kUint;
  int size = 256;                // bits for kUint/kInt, bytes for kFixedBytes
  std::size_t length = 0;        // kFixedArray
  std::vector<Type> components;  // element type for arrays (one entry), members for tuples

  // Parses a canonical type string such as "uint256", "address[]", "(address,uint256)[2]".
  // "uint"/"int" mean 256 bits. Error: kEvmAbi.
  static Result<Type> parse(std::string_view text);
  // Parses a parameter list "(t1,t2,...)" or "t1,t2" into its member types. Error: kEvmAbi.
  static Result<std::vector<Type>> parse_list(std::string_view text);

  // Canonical string form, as used in function signatures.
  std::string to_string() const;
  // Dynamic types are encoded in the tail (bytes, string, T[], and anything containing one).
  bool is_dynamic() const;
  // Bytes taken in the head: 32 for dynamic types, the full static size otherwise.
  std::size_t head_size() const;

  friend bool operator==(const Type&, const Type&) = default;
};

// A decoded ABI value. Which members are meaningful depends on `kind`. Value type.
struct Value {
  Type::Kind kind = Type::Kind::kUint;
  U256 number;               // kUint; kInt as two's complement 256-bit
  bool negative = false;     // kInt: the sign
  Address address;           // kAddress
  bool boolean = false;      // kBool
  Bytes bytes;               // kFixedBytes, kBytes, kString (UTF-8 not checked)
  std::vector<Value> items;  // arrays and tuples

  static Value uint(const U256& v) {
    Value out;
    out.kind = Type::Kind::kUint;
    out.number = v;
    return out;
  }
  static Value addr(const Address& a) {
    Value out;
    out.kind = Type::Kind::kAddress;
    out.address = a;
    return out;
  }
  static Value dyn_bytes(ByteView b) {
    Value out;
    out.kind = Type::Kind::kBytes;
    out.bytes.assign(b.begin(), b.end());
    return out;
  }
};

// Limits for decoding untrusted data.
struct DecodeOptions {
  std::size_t max_depth = 16;           // nesting of arrays/tuples
  std::size_t max_elements = 1u << 16;  // total array elements across the whole decode
};

// Decodes `data` (no selector) as the tuple `types`. Strict: every offset and length must lie
// inside the data, addresses and uintN/intN must be properly padded/sign-extended, bool is 0/1,
// bytesN/bytes/string padding must be zero. Bytes after the encoded values are tolerated (as
// Solidity does). Error: kEvmAbi naming the parameter path (e.g. "param 2[3]").
Result<std::vector<Value>> decode(const std::vector<Type>& types, ByteView data,
                                  const DecodeOptions& options = {});

// Encodes `values` as the tuple `types` (standard, non-packed encoding). Values must match the
// types. Error: kEvmAbi on a mismatch.
Result<Bytes> encode(const std::vector<Type>& types, const std::vector<Value>& values);

}  // namespace custos::evm::abi
