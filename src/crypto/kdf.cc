// HMAC, HKDF and Argon2id: see kdf.h.

#include "crypto/kdf.h"

#include <sodium.h>

#include <cstring>

namespace custos::crypto {

HmacSha256Tag hmac_sha256(ByteView key, ByteView message) {
  crypto_auth_hmacsha256_state st;
  HmacSha256Tag out{};
  crypto_auth_hmacsha256_init(&st, key.data(), key.size());
  crypto_auth_hmacsha256_update(&st, message.data(), message.size());
  crypto_auth_hmacsha256_final(&st, out.data());
  secure_wipe(&st, sizeof(st));
  return out;
}

HmacSha512Tag hmac_sha512(ByteView key, ByteView message) {
  crypto_auth_hmacsha512_state st;
  HmacSha512Tag out{};
  crypto_auth_hmacsha512_init(&st, key.data(), key.size());
  crypto_auth_hmacsha512_update(&st, message.data(), message.size());
  crypto_auth_hmacsha512_final(&st, out.data());
  secure_wipe(&st, sizeof(st));
  return out;
}

Result<void> hmac_sha256_verify(ByteView key, ByteView message, ByteView tag) {
  auto expected = hmac_sha256(key, message);
  if (!constant_time_equal(expected, tag)) {
    return fail(ErrorCode::kCryptoVerifyFailed, "MAC verification failed");
  }
  return {};
}

Result<SecretBytes> hkdf_sha256(ByteView ikm, ByteView salt, ByteView info, std::size_t length) {
  if (length == 0 || length > 255 * 32) {
    return fail(ErrorCode::kInvalidArgument, "HKDF-SHA-256 output is 1..8160 bytes");
  }
  std::array<std::uint8_t, 32> zero_salt{};
  auto prk = hmac_sha256(salt.empty() ? ByteView(zero_salt) : salt, ikm);
  SecretBytes out(length);
  Bytes block;  // T(i-1) || info || i
  HmacSha256Tag t{};
  std::size_t produced = 0;
  for (std::uint8_t i = 1; produced < length; ++i) {
    block.clear();
    if (i > 1) block.insert(block.end(), t.begin(), t.end());
    block.insert(block.end(), info.begin(), info.end());
    block.push_back(i);
    t = hmac_sha256(prk, block);
    std::size_t take = std::min(t.size(), length - produced);
    std::memcpy(out.data() + produced, t.data(), take);
    produced += take;
  }
  secure_wipe(prk.data(), prk.size());
  secure_wipe(t.data(), t.size());
  secure_wipe(block.data(), block.size());
  return out;
}

Result<SecretBytes> argon2id(ByteView password, ByteView salt, std::size_t length,
                             const Argon2idParams& params) {
  if (salt.size() != crypto_pwhash_SALTBYTES || length < 16 || length > 1024 ||
      params.ops_limit < crypto_pwhash_OPSLIMIT_MIN ||
      params.mem_limit_bytes < crypto_pwhash_MEMLIMIT_MIN) {
    return fail(ErrorCode::kInvalidArgument, "bad Argon2id parameters");
  }
  if (sodium_init() < 0) return fail(ErrorCode::kCryptoFailure, "libsodium unavailable");
  SecretBytes out(length);
  if (crypto_pwhash(out.data(), length, reinterpret_cast<const char*>(password.data()),
                    password.size(), salt.data(), params.ops_limit, params.mem_limit_bytes,
                    crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return fail(ErrorCode::kResourceExhausted, "Argon2id: out of memory");
  }
  return out;
}

}  // namespace custos::crypto
