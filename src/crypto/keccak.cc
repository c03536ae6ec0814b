// Keccak-f[1600] and the Keccak-256 sponge, written from the FIPS 202 description (§3.2 step
// mappings θ, ρ, π, χ, ι; §3.3 rounds; §4 sponge; §5.1 pad10*1). The round constants and the ρ
// offsets are derived at compile time by the algorithms of FIPS 202 (Algorithms 2 and 5) rather
// than typed in as tables.

#include <cstring>

#include "base/secret.h"
#include "crypto/hash.h"

namespace custos::crypto {
namespace {

constexpr std::uint64_t rotl(std::uint64_t v, unsigned n) {
  n &= 63;
  return n == 0 ? v : (v << n) | (v >> (64 - n));
}

// FIPS 202 Algorithm 5: rc(t), one output bit of the LFSR x^8 + x^6 + x^5 + x^4 + 1.
constexpr bool round_constant_bit(unsigned t) {
  t %= 255;
  if (t == 0) return true;
  unsigned r = 0x01;  // R = 10000000 with R[0] as bit 0
  for (unsigned i = 1; i <= t; ++i) {
    r <<= 1;                     // R = 0 || R
    unsigned r8 = (r >> 8) & 1;  // R[8]
    r ^= r8 | (r8 << 4) | (r8 << 5) | (r8 << 6);
    r &= 0xff;  // Trunc8
  }
  return (r & 1) != 0;
}

// FIPS 202 Algorithm 6 (ι): RC for round ir has bit 2^j - 1 = rc(j + 7 ir), j = 0..6.
constexpr std::array<std::uint64_t, 24> make_round_constants() {
  std::array<std::uint64_t, 24> rc{};
  for (unsigned ir = 0; ir < 24; ++ir) {
    std::uint64_t v = 0;
    for (unsigned j = 0; j <= 6; ++j) {
      if (round_constant_bit(j + 7 * ir)) v |= std::uint64_t{1} << ((1u << j) - 1);
    }
    rc[ir] = v;
  }
  return rc;
}

// FIPS 202 Algorithm 2 (ρ): offsets (t+1)(t+2)/2 along the walk (x, y) -> (y, 2x + 3y).
constexpr std::array<unsigned, 25> make_rho_offsets() {
  std::array<unsigned, 25> offsets{};
  unsigned x = 1, y = 0;
  for (unsigned t = 0; t < 24; ++t) {
    offsets[x + 5 * y] = ((t + 1) * (t + 2) / 2) % 64;
    unsigned nx = y, ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  return offsets;
}

constexpr auto kRoundConstants = make_round_constants();
constexpr auto kRhoOffsets = make_rho_offsets();
static_assert(kRoundConstants[0] == 1, "RC[0] is 1 (FIPS 202 Table)");
static_assert(kRhoOffsets[0] == 0, "lane (0,0) is not rotated");

std::uint64_t load_le64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace

void keccak_f1600(std::array<std::uint64_t, 25>& a) {
  std::array<std::uint64_t, 25> b{};
  std::array<std::uint64_t, 5> c{};
  for (unsigned round = 0; round < 24; ++round) {
    // θ: xor each lane with the parities of two neighbouring columns.
    for (unsigned x = 0; x < 5; ++x) c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
    for (unsigned x = 0; x < 5; ++x) {
      std::uint64_t d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1);
      for (unsigned y = 0; y < 5; ++y) a[x + 5 * y] ^= d;
    }
    // ρ and π: rotate each lane, then move lane (x, y) to (y, 2x + 3y).
    for (unsigned x = 0; x < 5; ++x) {
      for (unsigned y = 0; y < 5; ++y) {
        b[y + 5 * ((2 * x + 3 * y) % 5)] = rotl(a[x + 5 * y], kRhoOffsets[x + 5 * y]);
      }
    }
    // χ: non-linear mixing along rows.
    for (unsigned y = 0; y < 5; ++y) {
      for (unsigned x = 0; x < 5; ++x) {
        a[x + 5 * y] = b[x + 5 * y] ^ (~b[(x + 1) % 5 + 5 * y] & b[(x + 2) % 5 + 5 * y]);
      }
    }
    // ι
    a[0] ^= kRoundConstants[round];
  }
}

Keccak256::~Keccak256() { secure_wipe(lanes_.data(), sizeof(lanes_)); }

void Keccak256::update(ByteView data) {
  std::size_t i = 0;
  // Byte-wise until lane-aligned, then whole lanes, then byte-wise again.
  while (i < data.size()) {
    if (absorbed_ % 8 == 0 && data.size() - i >= 8 && absorbed_ + 8 <= kRateBytes) {
      lanes_[absorbed_ / 8] ^= load_le64(data.data() + i);
      absorbed_ += 8;
      i += 8;
    } else {
      lanes_[absorbed_ / 8] ^= std::uint64_t{data[i]} << (8 * (absorbed_ % 8));
      ++absorbed_;
      ++i;
    }
    if (absorbed_ == kRateBytes) {
      keccak_f1600(lanes_);
      absorbed_ = 0;
    }
  }
}

Keccak256Digest Keccak256::finish() {
  // pad10*1 with Keccak's (pre-FIPS 202) domain bits: first pad byte 0x01, last byte |= 0x80.
  lanes_[absorbed_ / 8] ^= std::uint64_t{0x01} << (8 * (absorbed_ % 8));
  lanes_[(kRateBytes - 1) / 8] ^= std::uint64_t{0x80} << (8 * ((kRateBytes - 1) % 8));
  keccak_f1600(lanes_);
  Keccak256Digest out{};
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<std::uint8_t>(lanes_[i / 8] >> (8 * (i % 8)));
  }
  absorbed_ = 0;
  return out;
}

Keccak256Digest keccak256(ByteView data) {
  Keccak256 hasher;
  hasher.update(data);
  return hasher.finish();
}

}  // namespace custos::crypto
