#pragma once
// Binary encodings of the FROST packages: stable, versioned and canonical (one valid encoding per
// value; anything else is rejected). Documented in docs/frost-encoding.md.
//
//   header  = 'F' (0x46) || version (0x01) || suite id (C::kSuiteId) || type tag
//   Scalar  = C::kScalarSize bytes, canonical (RFC 9591 SerializeScalar)
//   Element = C::kElementSize bytes, canonical, prime-order subgroup, never the identity
//   Id      = Scalar, non-zero;  u16/u32/u64 = big-endian
//   lists keyed by identifier are strictly ascending (sorted, no duplicates)
//
//   tag 0x01 round1::SigningCommitments   hiding:Element binding:Element
//   tag 0x02 SigningPackage               n:u16 (Id Element Element)^n msg_len:u32 msg
//   tag 0x03 round2::SignatureShare       z:Scalar
//   tag 0x04 KeyPackage (SECRET)          Id signing_share:Scalar verifying_share:Element
//                                         verifying_key:Element min_signers:u16
//   tag 0x05 PublicKeyPackage             min_signers:u16 verifying_key:Element n:u16
//                                         (Id Element)^n
//   tag 0x06 dkg::round1::Package         t:u16 Element^t R:Element mu:Scalar
//   tag 0x07 dkg::round2::Package (SECRET) signing_share:Scalar
//   tag 0x08 refresh::round1::Package     k:u16 Element^k
//   tag 0x09 repair::Delta (SECRET)       Scalar
//   tag 0x0a repair::Sigma (SECRET)       Scalar
//   tag 0x0b NoncePool::Offer             nonce_id:u64 hiding:Element binding:Element
//
// Encoders require what the wire can hold: at most 65535 list entries and messages below 4 GiB
// (JWS signing inputs and DKG groups are far below both).
//
// Decoders also check meaning that the bytes alone can carry: a key package's verifying share must
// be its signing share times G; threshold 2 ≤ t ≤ n; commitment counts ≥ 1. Signing nonces have
// no encoding on purpose. Secret encodings are returned in SecretBytes (wiped on destruction).
// All functions are thread-safe (pure). Every decoding error is kMalformed.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/secret.h"
#include "frost/ciphersuite.h"
#include "frost/dkg.h"
#include "frost/error.h"
#include "frost/keys.h"
#include "frost/nonce_pool.h"
#include "frost/refresh.h"
#include "frost/round1.h"
#include "frost/round2.h"
#include "frost/signing.h"

namespace custos::frost {

inline constexpr std::uint8_t kEncodingMagic = 0x46;  // 'F'
inline constexpr std::uint8_t kEncodingVersion = 0x01;

enum class PackageTag : std::uint8_t {
  kSigningCommitments = 0x01,
  kSigningPackage = 0x02,
  kSignatureShare = 0x03,
  kKeyPackage = 0x04,
  kPublicKeyPackage = 0x05,
  kDkgRound1Package = 0x06,
  kDkgRound2Package = 0x07,
  kRefreshRound1Package = 0x08,
  kRepairDelta = 0x09,
  kRepairSigma = 0x0a,
  kNonceOffer = 0x0b,
};

namespace encoding_detail {

template <Ciphersuite C>
class Writer {
 public:
  explicit Writer(PackageTag tag) {
    out_ = {kEncodingMagic, kEncodingVersion, C::kSuiteId, static_cast<std::uint8_t>(tag)};
  }
  ~Writer() { secure_wipe(out_.data(), out_.size()); }
  void scalar(const typename C::Scalar& s) { append(C::serialize_scalar(s)); }
  void element(const typename C::Element& e) { append(C::serialize_element(e)); }
  void id(const Identifier<C>& i) { append(i.serialize()); }
  void u16(std::uint16_t v) { out_.insert(out_.end(), {std::uint8_t(v >> 8), std::uint8_t(v)}); }
  void u32(std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
  }
  void bytes(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  Bytes take() { return std::move(out_); }
  SecretBytes take_secret() {
    SecretBytes s{ByteView(out_)};
    secure_wipe(out_.data(), out_.size());
    return s;
  }

 private:
  template <typename A>
  void append(A a) {
    out_.insert(out_.end(), a.begin(), a.end());
    secure_wipe(a.data(), a.size());
  }
  Bytes out_;
};

template <Ciphersuite C>
class Reader {
 public:
  Reader(ByteView data, PackageTag tag) : data_(data) {
    if (data.size() < 4 || data[0] != kEncodingMagic || data[1] != kEncodingVersion ||
        data[2] != C::kSuiteId || data[3] != static_cast<std::uint8_t>(tag)) {
      fail("bad header (magic, version, ciphersuite or package type)");
    } else {
      pos_ = 4;
    }
  }
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  ByteView take(std::size_t n, const char* what) {
    if (!ok()) return {};
    if (data_.size() - pos_ < n) {
      fail(std::string("truncated ") + what);
      return {};
    }
    auto v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
  }
  typename C::Scalar scalar(const char* what) {
    auto b = take(C::kScalarSize, what);
    if (!ok()) return C::scalar_zero();
    auto s = C::deserialize_scalar(b);
    if (!s) {
      fail(std::string("non-canonical scalar in ") + what);
      return C::scalar_zero();
    }
    return *s;
  }
  typename C::Element element(const char* what) {
    auto b = take(C::kElementSize, what);
    if (!ok()) return C::identity();
    auto e = C::deserialize_element(b);
    if (!e) {
      fail(std::string("invalid, non-canonical or identity element in ") + what);
      return C::identity();
    }
    return *e;
  }
  std::optional<Identifier<C>> id(const char* what) {
    auto b = take(C::kScalarSize, what);
    if (!ok()) return std::nullopt;
    auto i = Identifier<C>::deserialize(b);
    if (!i) fail(std::string("invalid identifier in ") + what);
    return i;
  }
  std::uint64_t uint(int bytes, const char* what) {
    auto b = take(static_cast<std::size_t>(bytes), what);
    std::uint64_t v = 0;
    for (auto x : b) v = v << 8 | x;
    return v;
  }
  // Identifiers of a list must be strictly ascending.
  void ascending(const std::optional<Identifier<C>>& prev, const std::optional<Identifier<C>>& id) {
    if (ok() && prev && id && !(*prev < *id)) fail("identifiers not strictly ascending");
  }
  void finish() {
    if (ok() && pos_ != data_.size()) fail("trailing bytes");
  }
  void fail(std::string why) {
    if (error_.empty()) error_ = std::move(why);
  }
  template <typename T>
  FrostResult<T, C> result(T&& value) {
    finish();
    if (!ok()) return frost_fail<C>(ErrorKind::kMalformed, error_);
    return std::forward<T>(value);
  }

 private:
  ByteView data_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace encoding_detail

// --- public packages ------------------------------------------------------------------------

template <Ciphersuite C>
Bytes encode(const round1::SigningCommitments<C>& c) {
  encoding_detail::Writer<C> w(PackageTag::kSigningCommitments);
  w.element(c.hiding);
  w.element(c.binding);
  return w.take();
}

template <Ciphersuite C>
FrostResult<round1::SigningCommitments<C>, C> decode_signing_commitments(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kSigningCommitments);
  round1::SigningCommitments<C> c{r.element("hiding commitment"), r.element("binding commitment")};
  return r.result(std::move(c));
}

template <Ciphersuite C>
Bytes encode(const SigningPackage<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kSigningPackage);
  w.u16(static_cast<std::uint16_t>(p.commitments().size()));
  for (const auto& [id, c] : p.commitments()) {
    w.id(id);
    w.element(c.hiding);
    w.element(c.binding);
  }
  w.u32(static_cast<std::uint32_t>(p.message().size()));
  w.bytes(p.message());
  return w.take();
}

template <Ciphersuite C>
FrostResult<SigningPackage<C>, C> decode_signing_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kSigningPackage);
  const auto n = r.uint(2, "commitment count");
  if (r.ok() && n == 0) r.fail("empty commitment list");
  typename SigningPackage<C>::CommitmentMap map;
  std::optional<Identifier<C>> prev;
  for (std::uint64_t k = 0; k < n && r.ok(); ++k) {
    auto id = r.id("commitment list");
    auto d = r.element("hiding commitment");
    auto e = r.element("binding commitment");
    r.ascending(prev, id);
    if (r.ok()) map.emplace(*id, round1::SigningCommitments<C>{d, e});
    prev = id;
  }
  const auto len = r.uint(4, "message length");
  auto msg = r.take(static_cast<std::size_t>(len), "message");
  if (!r.ok()) return frost_fail<C>(ErrorKind::kMalformed, r.error());
  return r.result(SigningPackage<C>(std::move(map), Bytes(msg.begin(), msg.end())));
}

template <Ciphersuite C>
Bytes encode(const round2::SignatureShare<C>& s) {
  encoding_detail::Writer<C> w(PackageTag::kSignatureShare);
  w.scalar(s.share);
  return w.take();
}

template <Ciphersuite C>
FrostResult<round2::SignatureShare<C>, C> decode_signature_share(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kSignatureShare);
  round2::SignatureShare<C> s{r.scalar("signature share")};
  return r.result(std::move(s));
}

template <Ciphersuite C>
Bytes encode(const PublicKeyPackage<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kPublicKeyPackage);
  w.u16(p.min_signers);
  w.element(p.verifying_key.element);
  w.u16(static_cast<std::uint16_t>(p.verifying_shares.size()));
  for (const auto& [id, share] : p.verifying_shares) {
    w.id(id);
    w.element(share.element);
  }
  return w.take();
}

template <Ciphersuite C>
FrostResult<PublicKeyPackage<C>, C> decode_public_key_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kPublicKeyPackage);
  PublicKeyPackage<C> p;
  p.min_signers = static_cast<std::uint16_t>(r.uint(2, "min_signers"));
  p.verifying_key = VerifyingKey<C>{r.element("verifying key")};
  const auto n = r.uint(2, "participant count");
  if (r.ok() && (p.min_signers < 2 || n < p.min_signers)) r.fail("need 2 <= min_signers <= n");
  std::optional<Identifier<C>> prev;
  for (std::uint64_t k = 0; k < n && r.ok(); ++k) {
    auto id = r.id("verifying shares");
    auto e = r.element("verifying share");
    r.ascending(prev, id);
    if (r.ok()) p.verifying_shares.emplace(*id, VerifyingShare<C>{e});
    prev = id;
  }
  return r.result(std::move(p));
}

template <Ciphersuite C>
Bytes encode(const dkg::round1::Package<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kDkgRound1Package);
  w.u16(static_cast<std::uint16_t>(p.commitment.size()));
  for (const auto& e : p.commitment) w.element(e);
  w.element(p.proof_of_knowledge.R);
  w.scalar(p.proof_of_knowledge.z);
  return w.take();
}

template <Ciphersuite C>
FrostResult<dkg::round1::Package<C>, C> decode_dkg_round1_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kDkgRound1Package);
  const auto t = r.uint(2, "commitment count");
  if (r.ok() && t < 2) r.fail("VSS commitment needs at least 2 elements");
  dkg::round1::Package<C> p;
  for (std::uint64_t k = 0; k < t && r.ok(); ++k) p.commitment.push_back(r.element("commitment"));
  p.proof_of_knowledge.R = r.element("proof of knowledge");
  p.proof_of_knowledge.z = r.scalar("proof of knowledge");
  return r.result(std::move(p));
}

template <Ciphersuite C>
Bytes encode(const refresh::round1::Package<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kRefreshRound1Package);
  w.u16(static_cast<std::uint16_t>(p.commitment.size()));
  for (const auto& e : p.commitment) w.element(e);
  return w.take();
}

template <Ciphersuite C>
FrostResult<refresh::round1::Package<C>, C> decode_refresh_round1_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kRefreshRound1Package);
  const auto k = r.uint(2, "commitment count");
  if (r.ok() && k < 1) r.fail("refresh commitment needs at least 1 element");
  refresh::round1::Package<C> p;
  for (std::uint64_t i = 0; i < k && r.ok(); ++i) p.commitment.push_back(r.element("commitment"));
  return r.result(std::move(p));
}

template <Ciphersuite C>
Bytes encode(const typename NoncePool<C>::Offer& offer) {
  encoding_detail::Writer<C> w(PackageTag::kNonceOffer);
  w.u32(static_cast<std::uint32_t>(offer.id >> 32));
  w.u32(static_cast<std::uint32_t>(offer.id));
  w.element(offer.commitments.hiding);
  w.element(offer.commitments.binding);
  return w.take();
}

template <Ciphersuite C>
FrostResult<typename NoncePool<C>::Offer, C> decode_nonce_offer(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kNonceOffer);
  const std::uint64_t id = r.uint(8, "nonce id");
  auto hiding = r.element("hiding commitment");
  auto binding = r.element("binding commitment");
  return r.result(typename NoncePool<C>::Offer{id, {hiding, binding}});
}

// --- secret packages (for sealing / confidential transport) --------------------------------

template <Ciphersuite C>
SecretBytes encode(const KeyPackage<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kKeyPackage);
  w.id(p.identifier);
  w.scalar(p.signing_share.scalar());
  w.element(p.verifying_share.element);
  w.element(p.verifying_key.element);
  w.u16(p.min_signers);
  return w.take_secret();
}

template <Ciphersuite C>
FrostResult<KeyPackage<C>, C> decode_key_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kKeyPackage);
  auto id = r.id("key package");
  auto share = r.scalar("signing share");
  auto verifying_share = r.element("verifying share");
  auto verifying_key = r.element("verifying key");
  auto min_signers = static_cast<std::uint16_t>(r.uint(2, "min_signers"));
  r.finish();
  if (r.ok() && min_signers < 2) r.fail("min_signers below 2");
  if (r.ok() && !(C::generator_mult(share) == verifying_share)) {
    r.fail("verifying share does not match the signing share");
  }
  if (!r.ok()) {
    share = C::scalar_zero();
    return frost_fail<C>(ErrorKind::kMalformed, r.error());
  }
  KeyPackage<C> p{*id, SigningShare<C>(share), VerifyingShare<C>{verifying_share},
                  VerifyingKey<C>{verifying_key}, min_signers};
  share = C::scalar_zero();
  return p;
}

template <Ciphersuite C>
SecretBytes encode(const dkg::round2::Package<C>& p) {
  encoding_detail::Writer<C> w(PackageTag::kDkgRound2Package);
  w.scalar(p.signing_share.scalar());
  return w.take_secret();
}

template <Ciphersuite C>
FrostResult<dkg::round2::Package<C>, C> decode_dkg_round2_package(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kDkgRound2Package);
  auto share = r.scalar("secret share");
  r.finish();
  if (!r.ok()) return frost_fail<C>(ErrorKind::kMalformed, r.error());
  dkg::round2::Package<C> p{SigningShare<C>(share)};
  share = C::scalar_zero();
  return p;
}

template <Ciphersuite C>
SecretBytes encode(const repair::Delta<C>& d) {
  encoding_detail::Writer<C> w(PackageTag::kRepairDelta);
  w.scalar(d.value.scalar());
  return w.take_secret();
}

template <Ciphersuite C>
SecretBytes encode(const repair::Sigma<C>& s) {
  encoding_detail::Writer<C> w(PackageTag::kRepairSigma);
  w.scalar(s.value.scalar());
  return w.take_secret();
}

template <Ciphersuite C>
FrostResult<repair::Delta<C>, C> decode_repair_delta(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kRepairDelta);
  auto v = r.scalar("repair delta");
  r.finish();
  if (!r.ok()) return frost_fail<C>(ErrorKind::kMalformed, r.error());
  return repair::Delta<C>{SigningShare<C>(v)};
}

template <Ciphersuite C>
FrostResult<repair::Sigma<C>, C> decode_repair_sigma(ByteView data) {
  encoding_detail::Reader<C> r(data, PackageTag::kRepairSigma);
  auto v = r.scalar("repair sigma");
  r.finish();
  if (!r.ok()) return frost_fail<C>(ErrorKind::kMalformed, r.error());
  return repair::Sigma<C>{SigningShare<C>(v)};
}

}  // namespace custos::frost
