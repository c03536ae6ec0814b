// secp256k1 ECDSA through libsecp256k1 (0.2): see secp256k1.h for the contracts.

#include "crypto/secp256k1.h"

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <sodium.h>

#include <cstdlib>
#include <cstring>

#include "base/secret.h"
#include "crypto/hash.h"

namespace custos::crypto::secp256k1 {
namespace {

// One context for the process: created and randomised (side-channel blinding) once, then only
// used read-only, which libsecp256k1 documents as thread-safe.
const secp256k1_context* context() {
  static const secp256k1_context* ctx = [] {
    if (sodium_init() < 0) std::abort();
    secp256k1_context* c = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
    std::array<std::uint8_t, 32> seed{};
    randombytes_buf(seed.data(), seed.size());
    if (secp256k1_context_randomize(c, seed.data()) != 1) std::abort();
    secure_wipe(seed.data(), seed.size());
    return c;
  }();
  return ctx;
}

Error verify_failed() {
  return Error(ErrorCode::kCryptoVerifyFailed, "signature verification failed");
}

bool load_point(const PublicKey& key, secp256k1_pubkey* out) {
  const auto& u = key.uncompressed();
  return secp256k1_ec_pubkey_parse(context(), out, u.data(), u.size()) == 1;
}

UncompressedPublicKey serialize_uncompressed(const secp256k1_pubkey& point) {
  UncompressedPublicKey out{};
  std::size_t len = out.size();
  (void)secp256k1_ec_pubkey_serialize(context(), out.data(), &len, &point,
                                      SECP256K1_EC_UNCOMPRESSED);
  return out;
}

}  // namespace

Result<PublicKey> PublicKey::parse(ByteView encoded) {
  bool shape_ok =
      (encoded.size() == kCompressedPublicKeySize && (encoded[0] == 0x02 || encoded[0] == 0x03)) ||
      (encoded.size() == kUncompressedPublicKeySize && encoded[0] == 0x04);
  secp256k1_pubkey point;
  if (!shape_ok ||
      secp256k1_ec_pubkey_parse(context(), &point, encoded.data(), encoded.size()) != 1) {
    return fail(ErrorCode::kCryptoBadKey, "invalid secp256k1 public key");
  }
  return PublicKey(serialize_uncompressed(point));
}

CompressedPublicKey PublicKey::compressed() const {
  CompressedPublicKey out{};
  std::copy(uncompressed_.begin() + 1, uncompressed_.begin() + 33, out.begin() + 1);
  out[0] = (uncompressed_[64] & 1) ? 0x03 : 0x02;
  return out;
}

std::array<std::uint8_t, 32> PublicKey::x() const {
  std::array<std::uint8_t, 32> out{};
  std::copy(uncompressed_.begin() + 1, uncompressed_.begin() + 33, out.begin());
  return out;
}

std::array<std::uint8_t, 32> PublicKey::y() const {
  std::array<std::uint8_t, 32> out{};
  std::copy(uncompressed_.begin() + 33, uncompressed_.end(), out.begin());
  return out;
}

Address PublicKey::address() const {
  auto digest = keccak256(ByteView(uncompressed_.data() + 1, 64));
  Address out{};
  std::copy(digest.begin() + 12, digest.end(), out.begin());
  return out;
}

Result<PrivateKey> PrivateKey::from_bytes(ByteView bytes) {
  if (bytes.size() != kPrivateKeySize || secp256k1_ec_seckey_verify(context(), bytes.data()) != 1) {
    return fail(ErrorCode::kCryptoBadKey, "invalid secp256k1 private key");
  }
  std::array<std::uint8_t, 32> scalar{};
  std::memcpy(scalar.data(), bytes.data(), scalar.size());
  PrivateKey key(scalar);
  secure_wipe(scalar.data(), scalar.size());
  return key;
}

PrivateKey PrivateKey::generate(Rng& rng) {
  std::array<std::uint8_t, 32> scalar{};
  do {
    rng.fill(scalar);
  } while (secp256k1_ec_seckey_verify(context(), scalar.data()) != 1);
  PrivateKey key(scalar);
  secure_wipe(scalar.data(), scalar.size());
  return key;
}

PrivateKey::PrivateKey(PrivateKey&& other) noexcept : scalar_(other.scalar_) {
  secure_wipe(other.scalar_.data(), other.scalar_.size());
}

PrivateKey& PrivateKey::operator=(PrivateKey&& other) noexcept {
  if (this != &other) {
    scalar_ = other.scalar_;
    secure_wipe(other.scalar_.data(), other.scalar_.size());
  }
  return *this;
}

PrivateKey::~PrivateKey() { secure_wipe(scalar_.data(), scalar_.size()); }

PublicKey PrivateKey::public_key() const {
  secp256k1_pubkey point;
  // Cannot fail: the scalar was validated when the key was made.
  if (secp256k1_ec_pubkey_create(context(), &point, scalar_.data()) != 1) std::abort();
  return PublicKey(serialize_uncompressed(point));
}

Result<Signature> sign(const PrivateKey& key, const Digest& digest) {
  secp256k1_ecdsa_signature sig;
  if (secp256k1_ecdsa_sign(context(), &sig, digest.data(), key.secret_bytes().data(), nullptr,
                           nullptr) != 1) {
    return fail(ErrorCode::kCryptoFailure, "secp256k1 signing failed");
  }
  Signature out{};
  (void)secp256k1_ecdsa_signature_serialize_compact(context(), out.data(), &sig);
  return out;
}

Result<RecoverableSignature> sign_recoverable(const PrivateKey& key, const Digest& digest) {
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_sign_recoverable(context(), &sig, digest.data(), key.secret_bytes().data(),
                                       nullptr, nullptr) != 1) {
    return fail(ErrorCode::kCryptoFailure, "secp256k1 signing failed");
  }
  RecoverableSignature out{};
  int recid = 0;
  (void)secp256k1_ecdsa_recoverable_signature_serialize_compact(context(), out.data(), &recid,
                                                                &sig);
  out[64] = static_cast<std::uint8_t>(recid);
  return out;
}

Result<void> verify(const PublicKey& key, const Digest& digest, const Signature& signature,
                    bool allow_high_s) {
  secp256k1_pubkey point;
  secp256k1_ecdsa_signature sig;
  if (!load_point(key, &point) ||
      secp256k1_ecdsa_signature_parse_compact(context(), &sig, signature.data()) != 1) {
    return tl::unexpected(verify_failed());
  }
  if (allow_high_s) (void)secp256k1_ecdsa_signature_normalize(context(), &sig, &sig);
  // secp256k1_ecdsa_verify refuses high-S itself and r or s of zero.
  if (secp256k1_ecdsa_verify(context(), &sig, digest.data(), &point) != 1) {
    return tl::unexpected(verify_failed());
  }
  return {};
}

Result<PublicKey> recover(const Digest& digest, const RecoverableSignature& signature) {
  int v = signature[64];
  if (v >= 27) v -= 27;
  if (v != 0 && v != 1) return tl::unexpected(verify_failed());
  secp256k1_ecdsa_recoverable_signature rsig;
  if (secp256k1_ecdsa_recoverable_signature_parse_compact(context(), &rsig, signature.data(), v) !=
      1) {
    return tl::unexpected(verify_failed());
  }
  // EIP-2: refuse high-S (normalize returns 1 when it had to flip s).
  secp256k1_ecdsa_signature plain;
  (void)secp256k1_ecdsa_recoverable_signature_convert(context(), &plain, &rsig);
  if (secp256k1_ecdsa_signature_normalize(context(), nullptr, &plain) == 1) {
    return tl::unexpected(verify_failed());
  }
  secp256k1_pubkey point;
  if (secp256k1_ecdsa_recover(context(), &point, &rsig, digest.data()) != 1) {
    return tl::unexpected(verify_failed());
  }
  return PublicKey::parse(serialize_uncompressed(point));
}

std::string address_hex(const Address& address) { return "0x" + hex_encode(address); }

std::string address_checksummed(const Address& address) {
  // EIP-55: upper-case hex letter i when nibble i of keccak256(lower-case hex) is >= 8.
  std::string lower = hex_encode(address);
  auto digest = keccak256(lower);
  std::string out = "0x";
  for (std::size_t i = 0; i < lower.size(); ++i) {
    char c = lower[i];
    int nibble = (digest[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0x0f;
    if (c >= 'a' && c <= 'f' && nibble >= 8) c = static_cast<char>(c - 'a' + 'A');
    out.push_back(c);
  }
  return out;
}

Result<Address> parse_address(std::string_view text) {
  CUSTOS_TRY_ASSIGN(Bytes bytes, hex_decode_prefixed(text));
  if (bytes.size() != kAddressSize) {
    return fail(ErrorCode::kInvalidArgument, "an address is 20 bytes");
  }
  Address out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

}  // namespace custos::crypto::secp256k1
