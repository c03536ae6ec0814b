#pragma once
// Secret material: constant-time comparison, wiping, and a move-only byte buffer.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include "base/bytes.h"

namespace custos {

// Constant-time equality of two byte strings. Lengths are compared first (lengths are public);
// the contents in time independent of where they differ.
[[nodiscard]] bool constant_time_equal(ByteView a, ByteView b);

// Overwrites memory with zeros in a way the compiler cannot elide (libsodium sodium_memzero).
void secure_wipe(void* data, std::size_t size);

// A fixed-size buffer of secret bytes. Move-only; wiped on destruction and on move-from.
// Deliberately has no stream operator, no to_string and no formatter: it cannot be printed.
// Not thread-safe (like any container).
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);
  // Copies `bytes` into a new secret buffer; the caller remains responsible for wiping the source.
  explicit SecretBytes(ByteView bytes);
  ~SecretBytes();

  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // An explicit deep copy, for the rare places that must duplicate a secret.
  SecretBytes clone() const;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint8_t* data() { return data_.get(); }
  const std::uint8_t* data() const { return data_.get(); }
  std::span<std::uint8_t> span() { return {data_.get(), size_}; }
  ByteView view() const { return {data_.get(), size_}; }

  // Constant-time comparison.
  [[nodiscard]] bool equals(ByteView other) const { return constant_time_equal(view(), other); }

 private:
  void wipe();
  std::unique_ptr<std::uint8_t[]> data_;
  std::size_t size_ = 0;
};

// A fixed-size secret (a private scalar, a seed): the std::array analogue of SecretBytes.
// Move-only; the moved-from array and the destroyed one are wiped. Never printable.
template <std::size_t N>
class SecretArray {
 public:
  SecretArray() = default;
  ~SecretArray() { wipe(); }
  SecretArray(SecretArray&& other) noexcept : bytes_(other.bytes_) { other.wipe(); }
  SecretArray& operator=(SecretArray&& other) noexcept {
    if (this != &other) {
      bytes_ = other.bytes_;
      other.wipe();
    }
    return *this;
  }
  SecretArray(const SecretArray&) = delete;
  SecretArray& operator=(const SecretArray&) = delete;

  // An explicit deep copy.
  SecretArray clone() const {
    SecretArray copy;
    copy.bytes_ = bytes_;
    return copy;
  }

  static constexpr std::size_t size() { return N; }
  std::uint8_t* data() { return bytes_.data(); }
  const std::uint8_t* data() const { return bytes_.data(); }
  std::span<std::uint8_t, N> span() { return bytes_; }
  ByteView view() const { return {bytes_.data(), N}; }
  void wipe() { secure_wipe(bytes_.data(), N); }

 private:
  std::array<std::uint8_t, N> bytes_{};
};

}  // namespace custos
