#pragma once
// The ciphersuite interface of RFC 9591 §6: a prime-order group, its scalar field and the hash
// functions H1..H5 (plus the ZF FROST extensions HDKG and HID used by the DKG and by derived
// identifiers). Every protocol type in custos::frost is a template over one suite `C` satisfying
// the `Ciphersuite` concept below; adding FROST(secp256k1, SHA-256) means writing one file with a
// struct like `Ed25519Sha512` (ed25519.h) and nothing else.

#include <array>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "base/bytes.h"
#include "base/rng.h"

namespace custos::frost {

// Requirements on a ciphersuite `C`:
//  - C::Scalar: a value type for elements of the scalar field (canonical, wiped on destruction),
//    with +, -, * , unary -, ==; C::Element: a group element with +, -, ==, and Element * Scalar.
//  - serialization of both to fixed-size arrays (RFC 9591 SerializeScalar / SerializeElement) and
//    strict deserialization that returns std::nullopt for any non-canonical encoding; element
//    deserialization also refuses the identity and elements outside the prime-order subgroup.
//  - scalar_less: the integer order of canonical scalars (identifiers are sorted by it, RFC 9591
//    §4.3); scalar_to_u64: the integer value when it fits (for messages naming a participant).
//  - verify_signature(message, R || z, key): the suite's own verification of the serialized group
//    signature (for Ed25519, libsodium's RFC 8032 verification).
//  - H1 (rho), H2 (challenge), H3 (nonce), H4 (msg), H5 (com) as in RFC 9591 §6.
template <typename C>
concept Ciphersuite = requires(const typename C::Scalar& s, const typename C::Element& e,
                               ByteView bytes, Rng& rng, std::uint64_t small) {
  { C::kContextString } -> std::convertible_to<std::string_view>;
  { C::kSuiteId } -> std::convertible_to<std::uint8_t>;
  { C::kScalarSize } -> std::convertible_to<std::size_t>;
  { C::kElementSize } -> std::convertible_to<std::size_t>;
  { C::scalar_zero() } -> std::same_as<typename C::Scalar>;
  { C::scalar_one() } -> std::same_as<typename C::Scalar>;
  { C::scalar_from_u64(small) } -> std::same_as<typename C::Scalar>;
  { C::scalar_random(rng) } -> std::same_as<typename C::Scalar>;
  { C::scalar_invert(s) } -> std::same_as<std::optional<typename C::Scalar>>;
  { C::scalar_is_zero(s) } -> std::same_as<bool>;
  { C::scalar_less(s, s) } -> std::same_as<bool>;
  { C::scalar_to_u64(s) } -> std::same_as<std::optional<std::uint64_t>>;
  { C::serialize_scalar(s) } -> std::same_as<std::array<std::uint8_t, C::kScalarSize>>;
  { C::deserialize_scalar(bytes) } -> std::same_as<std::optional<typename C::Scalar>>;
  { C::identity() } -> std::same_as<typename C::Element>;
  { C::generator_mult(s) } -> std::same_as<typename C::Element>;
  { C::is_identity(e) } -> std::same_as<bool>;
  { C::serialize_element(e) } -> std::same_as<std::array<std::uint8_t, C::kElementSize>>;
  { C::deserialize_element(bytes) } -> std::same_as<std::optional<typename C::Element>>;
  { C::H1(bytes) } -> std::same_as<typename C::Scalar>;
  { C::H2(bytes) } -> std::same_as<typename C::Scalar>;
  { C::H3(bytes) } -> std::same_as<typename C::Scalar>;
  { C::H4(bytes) } -> std::convertible_to<Bytes>;
  { C::H5(bytes) } -> std::convertible_to<Bytes>;
  { C::HDKG(bytes) } -> std::same_as<typename C::Scalar>;
  { C::HID(bytes) } -> std::same_as<typename C::Scalar>;
  { C::verify_signature(bytes, bytes, e) } -> std::same_as<bool>;
  { s + s } -> std::same_as<typename C::Scalar>;
  { s - s } -> std::same_as<typename C::Scalar>;
  { s* s } -> std::same_as<typename C::Scalar>;
  { -s } -> std::same_as<typename C::Scalar>;
  { e + e } -> std::same_as<typename C::Element>;
  { e - e } -> std::same_as<typename C::Element>;
  { e* s } -> std::same_as<typename C::Element>;
  { s == s } -> std::same_as<bool>;
  { e == e } -> std::same_as<bool>;
};

}  // namespace custos::frost
