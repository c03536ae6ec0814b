#pragma once
// Hash functions with fixed-size digests: SHA-256, SHA-384, SHA-512 (FIPS 180-4) and Keccak-256
// (the original Keccak padding used by Ethereum, NOT FIPS 202 SHA3-256).
//
// One-shot functions never fail. The streaming hashers are not thread-safe (one per thread) and
// are single-use: finish() may be called once.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "base/bytes.h"

namespace custos::crypto {

inline constexpr std::size_t kSha256Size = 32;
inline constexpr std::size_t kSha384Size = 48;
inline constexpr std::size_t kSha512Size = 64;
inline constexpr std::size_t kKeccak256Size = 32;

using Sha256Digest = std::array<std::uint8_t, kSha256Size>;
using Sha384Digest = std::array<std::uint8_t, kSha384Size>;
using Sha512Digest = std::array<std::uint8_t, kSha512Size>;
using Keccak256Digest = std::array<std::uint8_t, kKeccak256Size>;

// One-shot digests of `data`.
Sha256Digest sha256(ByteView data);
Sha384Digest sha384(ByteView data);
Sha512Digest sha512(ByteView data);
// Keccak-256 as Ethereum uses it: Keccak[r=1088, c=512] with pad10*1 and domain byte 0x01.
Keccak256Digest keccak256(ByteView data);

// Convenience overloads for text (hashes the UTF-8 bytes as given).
inline Sha256Digest sha256(std::string_view text) { return sha256(as_bytes(text)); }
inline Sha512Digest sha512(std::string_view text) { return sha512(as_bytes(text)); }
inline Sha384Digest sha384(std::string_view text) { return sha384(as_bytes(text)); }
inline Keccak256Digest keccak256(std::string_view text) { return keccak256(as_bytes(text)); }

// Streaming SHA-256 (libsodium).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(ByteView data);
  void update(std::string_view text) { update(as_bytes(text)); }
  Sha256Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Streaming SHA-512 (libsodium).
class Sha512 {
 public:
  Sha512();
  ~Sha512();
  Sha512(const Sha512&) = delete;
  Sha512& operator=(const Sha512&) = delete;
  void update(ByteView data);
  void update(std::string_view text) { update(as_bytes(text)); }
  Sha512Digest finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Streaming Keccak-256 (our own keccak-f[1600], written from the FIPS 202 §3 description).
class Keccak256 {
 public:
  Keccak256() = default;
  ~Keccak256();
  Keccak256(const Keccak256&) = default;
  Keccak256& operator=(const Keccak256&) = default;
  void update(ByteView data);
  void update(std::string_view text) { update(as_bytes(text)); }
  Keccak256Digest finish();

  static constexpr std::size_t kRateBytes = 136;  // (1600 - 2*256) / 8

 private:
  std::array<std::uint64_t, 25> lanes_{};  // lane (x, y) at index x + 5*y
  std::size_t absorbed_ = 0;               // bytes absorbed into the current block
};

// The Keccak-f[1600] permutation (24 rounds) on a 25-lane state, lane (x, y) at x + 5*y.
// Exposed for tests against the FIPS 202 intermediate values.
void keccak_f1600(std::array<std::uint64_t, 25>& lanes);

}  // namespace custos::crypto
