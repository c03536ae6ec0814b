// AEAD: XChaCha20-Poly1305 (libsodium) and AES-256-GCM (OpenSSL EVP). See aead.h.

#include "crypto/aead.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <climits>
#include <memory>

namespace custos::crypto::aead {
namespace {

Error decrypt_failed() { return Error(ErrorCode::kCryptoDecryptFailed, "decryption failed"); }

struct CipherCtxDeleter {
  void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxDeleter>;

bool fits_int(std::size_t n) { return n <= static_cast<std::size_t>(INT_MAX); }

Result<Bytes> gcm_seal(const Key& key, ByteView nonce, ByteView plaintext, ByteView aad) {
  if (!fits_int(plaintext.size()) || !fits_int(aad.size())) {
    return fail(ErrorCode::kInvalidArgument, "AES-GCM input too large");
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes out(plaintext.size() + kTagSize);
  int len = 0;
  if (!ctx ||
      EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), nonce.data()) !=
          1 ||
      (!aad.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_EncryptUpdate(ctx.get(), out.data(), &len, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1 ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + len, &len) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                          out.data() + plaintext.size()) != 1) {
    return fail(ErrorCode::kCryptoFailure, "AES-256-GCM encryption failed");
  }
  return out;
}

Result<SecretBytes> gcm_open(const Key& key, ByteView nonce, ByteView sealed, ByteView aad) {
  if (sealed.size() < kTagSize || !fits_int(sealed.size()) || !fits_int(aad.size())) {
    return tl::unexpected(decrypt_failed());
  }
  std::size_t n = sealed.size() - kTagSize;
  SecretBytes out(n);
  CipherCtx ctx(EVP_CIPHER_CTX_new());
  Bytes tag(sealed.begin() + static_cast<std::ptrdiff_t>(n), sealed.end());
  int len = 0;
  std::uint8_t scratch[16];
  std::uint8_t* dst = n ? out.data() : scratch;
  if (!ctx ||
      EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.bytes().data(), nonce.data()) !=
          1 ||
      (!aad.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(),
                                         static_cast<int>(aad.size())) != 1) ||
      EVP_DecryptUpdate(ctx.get(), dst, &len, sealed.data(), static_cast<int>(n)) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize),
                          tag.data()) != 1 ||
      EVP_DecryptFinal_ex(ctx.get(), dst + len, &len) != 1) {
    return tl::unexpected(decrypt_failed());  // `out` is wiped by its destructor
  }
  return out;
}

}  // namespace

std::size_t nonce_size(Algorithm algorithm) {
  return algorithm == Algorithm::kXChaCha20Poly1305 ? kXChaChaNonceSize : kGcmNonceSize;
}

Result<Key> Key::from_bytes(ByteView bytes) {
  if (bytes.size() != kKeySize) return fail(ErrorCode::kCryptoBadKey, "AEAD key is 32 bytes");
  Key key;
  std::copy(bytes.begin(), bytes.end(), key.secret_.data());
  return key;
}

Key Key::generate(Rng& rng) {
  Key key;
  rng.fill(key.secret_.span());
  return key;
}

Result<Bytes> seal(Algorithm algorithm, const Key& key, ByteView nonce, ByteView plaintext,
                   ByteView associated_data) {
  if (nonce.size() != nonce_size(algorithm)) {
    return fail(ErrorCode::kInvalidArgument, "wrong AEAD nonce length");
  }
  if (algorithm == Algorithm::kAes256Gcm) return gcm_seal(key, nonce, plaintext, associated_data);
  if (sodium_init() < 0) return fail(ErrorCode::kCryptoFailure, "libsodium unavailable");
  Bytes out(plaintext.size() + kTagSize);
  unsigned long long out_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      out.data(), &out_len, plaintext.data(), plaintext.size(), associated_data.data(),
      associated_data.size(), nullptr, nonce.data(), key.bytes().data());
  out.resize(out_len);
  return out;
}

Result<SecretBytes> open(Algorithm algorithm, const Key& key, ByteView nonce, ByteView sealed,
                         ByteView associated_data) {
  if (nonce.size() != nonce_size(algorithm) || sealed.size() < kTagSize) {
    return tl::unexpected(decrypt_failed());
  }
  if (algorithm == Algorithm::kAes256Gcm) return gcm_open(key, nonce, sealed, associated_data);
  SecretBytes out(sealed.size() - kTagSize);
  std::uint8_t scratch[16];
  unsigned long long out_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          out.size() ? out.data() : scratch, &out_len, nullptr, sealed.data(), sealed.size(),
          associated_data.data(), associated_data.size(), nonce.data(), key.bytes().data()) != 0) {
    return tl::unexpected(decrypt_failed());
  }
  return out;
}

Result<Bytes> seal_random(Algorithm algorithm, const Key& key, Rng& rng, ByteView plaintext,
                          ByteView associated_data) {
  Bytes nonce(nonce_size(algorithm));
  rng.fill(nonce);
  CUSTOS_TRY_ASSIGN(Bytes sealed, seal(algorithm, key, nonce, plaintext, associated_data));
  nonce.insert(nonce.end(), sealed.begin(), sealed.end());
  return nonce;
}

Result<SecretBytes> open_random(Algorithm algorithm, const Key& key, ByteView nonce_and_sealed,
                                ByteView associated_data) {
  std::size_t n = nonce_size(algorithm);
  if (nonce_and_sealed.size() < n + kTagSize) return tl::unexpected(decrypt_failed());
  return open(algorithm, key, nonce_and_sealed.first(n), nonce_and_sealed.subspan(n),
              associated_data);
}

}  // namespace custos::crypto::aead
