#include "base/rng.h"

#include <sodium.h>

#include <vector>

#include "base/secret.h"

namespace custos {

std::uint64_t Rng::uniform(std::uint64_t bound) {
  if (bound <= 1) return 0;
  // Rejection sampling over the largest multiple of `bound` below 2^64.
  const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound);
  for (;;) {
    std::uint64_t x = 0;
    fill({reinterpret_cast<std::uint8_t*>(&x), sizeof x});
    if (x < limit) return x % bound;
  }
}

void OsRng::fill(std::span<std::uint8_t> out) {
  if (!out.empty()) randombytes_buf(out.data(), out.size());
}

OsRng& OsRng::instance() {
  static OsRng rng;
  return rng;
}

DeterministicRng::DeterministicRng(std::array<std::uint8_t, 32> seed) : key_(seed) {}

DeterministicRng::DeterministicRng(std::uint64_t seed) : key_{} {
  for (int i = 0; i < 8; ++i) key_[i] = static_cast<std::uint8_t>(seed >> (8 * i));
}

DeterministicRng::~DeterministicRng() { secure_wipe(key_.data(), key_.size()); }

void DeterministicRng::fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  // Keystream bytes [offset_, offset_ + n): generate from the containing 64-byte block.
  const std::uint64_t block = offset_ / 64;
  const std::size_t skip = static_cast<std::size_t>(offset_ % 64);
  std::vector<std::uint8_t> buffer(skip + out.size(), 0);
  static const std::uint8_t kNonce[crypto_stream_chacha20_ietf_NONCEBYTES] = {0};
  crypto_stream_chacha20_ietf_xor_ic(buffer.data(), buffer.data(), buffer.size(), kNonce,
                                     static_cast<std::uint32_t>(block), key_.data());
  std::copy(buffer.begin() + static_cast<std::ptrdiff_t>(skip), buffer.end(), out.begin());
  offset_ += out.size();
  secure_wipe(buffer.data(), buffer.size());
}

}  // namespace custos
