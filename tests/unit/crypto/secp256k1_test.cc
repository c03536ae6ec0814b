// secp256k1: Ethereum vectors from /shared/vectors/ethereum-and-jose.md and negative cases.

#include "crypto/secp256k1.h"

#include <gtest/gtest.h>

#include "crypto/hash.h"

namespace custos::crypto::secp256k1 {
namespace {

PrivateKey key_from_hex(std::string_view h) {
  auto bytes = hex_decode_prefixed(h);
  EXPECT_TRUE(bytes);
  auto key = PrivateKey::from_bytes(*bytes);
  EXPECT_TRUE(key);
  return std::move(*key);
}

Digest digest_from_hex(std::string_view h) {
  auto bytes = hex_decode(h);
  Digest d{};
  EXPECT_TRUE(bytes && bytes->size() == 32);
  std::copy(bytes->begin(), bytes->end(), d.begin());
  return d;
}

// EIP-191 personal_sign, web3.js docs example: 'Some data'.
TEST(CryptoSecp256k1, PersonalSignWeb3Vector) {
  auto key = key_from_hex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
  EXPECT_EQ(address_hex(key.public_key().address()), "0x2c7536e3605d9c16a7a3d7b1898e529396a65c23");
  auto digest = keccak256(
      "\x19"
      "Ethereum Signed Message:\n9Some data");
  EXPECT_EQ(hex_encode(digest), "1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655");
  auto sig = sign_recoverable(key, digest);
  ASSERT_TRUE(sig);
  auto eth = *sig;
  eth[64] += 27;
  EXPECT_EQ(hex_encode(eth),
            "b91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd6007e74cd82e037b80"
            "0186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c");
  // Recovery with v = 27/28 and v = 0/1 gives the signer.
  auto recovered = recover(digest, eth);
  ASSERT_TRUE(recovered);
  EXPECT_EQ(*recovered, key.public_key());
  auto recovered01 = recover(digest, *sig);
  ASSERT_TRUE(recovered01);
  EXPECT_EQ(recovered01->address(), key.public_key().address());
}

// EIP-155 example transaction: r, s and recovery id 0 (v = 37 = 1*2 + 35 + 0).
TEST(CryptoSecp256k1, Eip155Vector) {
  auto key = key_from_hex("0x4646464646464646464646464646464646464646464646464646464646464646");
  EXPECT_EQ(address_hex(key.public_key().address()), "0x9d8a62f656a8d1615c1294fd71e9cfb3e4855a4f");
  auto sig = sign_recoverable(
      key, digest_from_hex("daf5a779ae972f972197303d7b574746c7ef83eadac0f2791ad23db92e4c8e53"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(hex_encode(*sig),
            "28ef61340bd939bc2195fe537567866003e1a15d3c71ff63e1590620aa636276"
            "67cbe9d8997f761aecb703304b3800ccf555c9f3dc64214b297fb1966a3b6d83"
            "00");
}

// EIP-1559 (ethereumjs eip1559.json, first vector): yParity 0.
TEST(CryptoSecp256k1, Eip1559Vector) {
  auto key = key_from_hex("0x8f2a55949038a9610f50fb23b5883af3b4ecb3c3bb792cbcefbd1542c692be63");
  EXPECT_EQ(address_hex(key.public_key().address()), "0xfe3b557e8fb62b89f4916b721be55ceb828dbd73");
  auto sig = sign_recoverable(
      key, digest_from_hex("5dac58bc5ee23609037e7d8523aa255f9797ce47113f67f6753284c3b02907dd"));
  ASSERT_TRUE(sig);
  EXPECT_EQ(hex_encode(*sig),
            "d067f2167008c59219652f91cbf8788dbca5f771f6e91e2b7657e85b78b472e0"
            "1d305af9fe81fdba43f0dfcd400ed24dcace0a7e30d4e85701dcaaf484cd079e"
            "00");
}

// EIP-712 "cow" key and its address (keccak256("cow") is the private key).
TEST(CryptoSecp256k1, CowAddressAndChecksum) {
  auto priv = keccak256("cow");
  auto key = PrivateKey::from_bytes(priv);
  ASSERT_TRUE(key);
  auto address = key->public_key().address();
  EXPECT_EQ(address_checksummed(address), "0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  auto parsed = parse_address("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD826");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, address);
  EXPECT_FALSE(parse_address("0xCD2a3d9F938E13CD947Ec05AbC7FE734Df8DD8"));
}

TEST(CryptoSecp256k1, SignVerifyAndTamper) {
  DeterministicRng rng(7);
  auto key = PrivateKey::generate(rng);
  auto pub = key.public_key();
  auto digest = sha256("message");
  auto sig = sign(key, digest);
  ASSERT_TRUE(sig);
  EXPECT_TRUE(verify(pub, digest, *sig));
  auto bad_digest = digest;
  bad_digest[0] ^= 1;
  auto r1 = verify(pub, bad_digest, *sig);
  ASSERT_FALSE(r1);
  EXPECT_EQ(r1.error().code(), ErrorCode::kCryptoVerifyFailed);
  auto bad_sig = *sig;
  bad_sig[10] ^= 1;
  EXPECT_FALSE(verify(pub, digest, bad_sig));
  auto other = PrivateKey::generate(rng).public_key();
  EXPECT_FALSE(verify(other, digest, *sig));
}

// s' = n - s is a valid but high-S signature: refused by default, accepted when allowed.
TEST(CryptoSecp256k1, HighSRefusedByDefault) {
  DeterministicRng rng(8);
  auto key = PrivateKey::generate(rng);
  auto digest = sha256("high s");
  auto sig = sign(key, digest);
  ASSERT_TRUE(sig);
  auto n = hex_decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  ASSERT_TRUE(n);
  Signature high = *sig;
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    int v = (*n)[i] - (*sig)[32 + i] - borrow;
    borrow = v < 0;
    high[32 + i] = static_cast<std::uint8_t>(v + (borrow ? 256 : 0));
  }
  EXPECT_FALSE(verify(key.public_key(), digest, high));
  EXPECT_TRUE(verify(key.public_key(), digest, high, /*allow_high_s=*/true));
  // Recovery refuses high-S too (EIP-2).
  RecoverableSignature rs{};
  std::copy(high.begin(), high.end(), rs.begin());
  rs[64] = 0;
  EXPECT_FALSE(recover(digest, rs));
  rs[64] = 1;
  EXPECT_FALSE(recover(digest, rs));
}

TEST(CryptoSecp256k1, KeyAndPointValidation) {
  std::array<std::uint8_t, 32> zero{};
  EXPECT_FALSE(PrivateKey::from_bytes(zero));
  auto n = hex_decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
  EXPECT_FALSE(PrivateKey::from_bytes(*n));
  EXPECT_FALSE(PrivateKey::from_bytes(ByteView(zero.data(), 31)));

  DeterministicRng rng(9);
  auto pub = PrivateKey::generate(rng).public_key();
  auto compressed = pub.compressed();
  auto parsed = PublicKey::parse(compressed);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, pub);
  auto parsed65 = PublicKey::parse(pub.uncompressed());
  ASSERT_TRUE(parsed65);
  EXPECT_EQ(*parsed65, pub);
  // Hybrid encoding (0x06/0x07) refused.
  auto hybrid = pub.uncompressed();
  hybrid[0] = (hybrid[64] & 1) ? 0x07 : 0x06;
  EXPECT_FALSE(PublicKey::parse(hybrid));
  // Off-curve point refused.
  auto off = pub.uncompressed();
  off[64] ^= 1;
  auto r = PublicKey::parse(off);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code(), ErrorCode::kCryptoBadKey);
}

TEST(CryptoSecp256k1, RecoverRejectsBadV) {
  DeterministicRng rng(10);
  auto key = PrivateKey::generate(rng);
  auto digest = keccak256("v");
  auto sig = sign_recoverable(key, digest);
  ASSERT_TRUE(sig);
  auto bad = *sig;
  bad[64] = 2;
  EXPECT_FALSE(recover(digest, bad));
  bad[64] = 29;
  EXPECT_FALSE(recover(digest, bad));
  // The other parity recovers a different key (or none), never the signer.
  bad[64] = (*sig)[64] ^ 1;
  auto other = recover(digest, bad);
  if (other) {
    EXPECT_NE(*other, key.public_key());
  }
}

}  // namespace
}  // namespace custos::crypto::secp256k1
