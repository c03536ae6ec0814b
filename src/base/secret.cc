#include "base/secret.h"

#include <sodium.h>

#include <cstring>

namespace custos {
namespace {
// libsodium picks its optimised implementations in sodium_init(); idempotent and thread-safe.
[[maybe_unused]] const int kSodiumReady = sodium_init();
}  // namespace

bool constant_time_equal(ByteView a, ByteView b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

void secure_wipe(void* data, std::size_t size) {
  if (data != nullptr && size > 0) sodium_memzero(data, size);
}

SecretBytes::SecretBytes(std::size_t size)
    : data_(size ? std::make_unique<std::uint8_t[]>(size) : nullptr), size_(size) {}

SecretBytes::SecretBytes(ByteView bytes) : SecretBytes(bytes.size()) {
  if (size_) std::memcpy(data_.get(), bytes.data(), size_);
}

SecretBytes::~SecretBytes() { wipe(); }

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : data_(std::move(other.data_)), size_(other.size_) {
  other.size_ = 0;
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept {
  if (this != &other) {
    wipe();
    data_ = std::move(other.data_);
    size_ = other.size_;
    other.size_ = 0;
  }
  return *this;
}

SecretBytes SecretBytes::clone() const { return SecretBytes(view()); }

void SecretBytes::wipe() {
  secure_wipe(data_.get(), size_);
  data_.reset();
  size_ = 0;
}

}  // namespace custos
