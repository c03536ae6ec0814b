// Known-answer tests for SHA-2 and Keccak-256.

#include "crypto/hash.h"

#include <gtest/gtest.h>

#include <string>

namespace custos::crypto {
namespace {

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& d) {
  return hex_encode(d);
}

// Ethereum keccak256 values from /shared/vectors/ethereum-and-jose.md.
TEST(CryptoKeccak, EmptyAbcCow) {
  EXPECT_EQ(hex(keccak256("")), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(hex(keccak256("abc")),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(hex(keccak256("cow")),
            "c85ef7d79691fe79573b1a7064c19c1a9819ebdbd1faaab1a8ec92344438aaf4");
}

// EIP-1559 vector (ethereumjs eip1559.json): keccak256 of the unsigned payload is the sighash.
TEST(CryptoKeccak, Eip1559SigningHash) {
  auto payload = hex_decode(
      "02ed821e8e8203338301284d8301d97c828ae094000000000000000000000000000000000000aaaa8402933bc9"
      "80c0");
  ASSERT_TRUE(payload);
  EXPECT_EQ(hex(keccak256(*payload)),
            "5dac58bc5ee23609037e7d8523aa255f9797ce47113f67f6753284c3b02907dd");
}

// Multi-block inputs around the 136-byte rate; values computed with viem's keccak256
// (@noble/hashes), an independent implementation.
TEST(CryptoKeccak, BlockBoundaries) {
  struct Case {
    std::size_t n;
    const char* digest;
  };
  for (const Case& c :
       {Case{135, "34367dc248bbd832f4e3e69dfaac2f92638bd0bbd18f2912ba4ef454919cf446"},
        Case{136, "a6c4d403279fe3e0af03729caada8374b5ca54d8065329a3ebcaeb4b60aa386e"},
        Case{137, "d869f639c7046b4929fc92a4d988a8b22c55fbadb802c0c66ebcd484f1915f39"},
        Case{272, "cf7fcd4f705ee749930d19ca84561a9bf62516bd90a471545fa2f49fdc7e63c8"},
        Case{1000, "b6a4ac1f51884d71f30fa397a5e155de3099e11fc0edef5d08b646e621e19de9"}}) {
    std::string input(c.n, 'a');
    EXPECT_EQ(hex(keccak256(input)), c.digest) << c.n;
    // Streaming in odd-sized chunks gives the same digest.
    Keccak256 hasher;
    for (std::size_t i = 0; i < input.size(); i += 7) {
      hasher.update(std::string_view(input).substr(i, 7));
    }
    EXPECT_EQ(hex(hasher.finish()), c.digest) << c.n;
  }
}

// FIPS 180-2 examples ("abc").
TEST(CryptoSha2, Abc) {
  EXPECT_EQ(hex(sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex(sha384("abc")),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(hex(sha512("abc")),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(CryptoSha2, StreamingMatchesOneShot) {
  std::string input(1000, 'x');
  Sha256 h256;
  Sha512 h512;
  for (std::size_t i = 0; i < input.size(); i += 33) {
    h256.update(std::string_view(input).substr(i, 33));
    h512.update(std::string_view(input).substr(i, 33));
  }
  EXPECT_EQ(h256.finish(), sha256(input));
  EXPECT_EQ(h512.finish(), sha512(input));
  EXPECT_NE(sha256(input), sha256(input.substr(1)));
}

}  // namespace
}  // namespace custos::crypto
