#pragma once
// Injectable randomness. Production code takes an `Rng&`; vectors and tests pass a
// DeterministicRng. Only the OS generator is suitable for keys and nonces in production.

#include <array>
#include <cstdint>
#include <span>

namespace custos {

class Rng {
 public:
  virtual ~Rng() = default;
  // Fills `out` with random bytes. Never fails.
  virtual void fill(std::span<std::uint8_t> out) = 0;

  // A uniformly distributed integer in [0, bound), bound > 0 (no modulo bias).
  std::uint64_t uniform(std::uint64_t bound);
};

// The operating system's CSPRNG (libsodium randombytes_buf). Thread-safe.
class OsRng final : public Rng {
 public:
  void fill(std::span<std::uint8_t> out) override;
  // A process-wide instance.
  static OsRng& instance();
};

// A reproducible stream: ChaCha20 keyed by a 32-byte seed. For tests and vectors only.
// Not thread-safe.
class DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(std::array<std::uint8_t, 32> seed);
  // Convenience: the seed is the 64-bit value, little-endian, zero-padded.
  explicit DeterministicRng(std::uint64_t seed);
  ~DeterministicRng() override;
  void fill(std::span<std::uint8_t> out) override;

 private:
  std::array<std::uint8_t, 32> key_;
  std::uint64_t offset_ = 0;  // bytes produced so far
};

}  // namespace custos
