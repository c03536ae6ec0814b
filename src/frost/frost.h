#pragma once
// Façade of the frost library: RFC 9591 FROST threshold Schnorr signatures, Pedersen DKG, share
// refresh and repair, nonce preprocessing, binary encodings. Namespace custos::frost; protocol
// steps keep the RFC / ZF FROST names (round1::commit, round2::sign, aggregate, dkg::part1..3).
//
// Everything is generic over a ciphersuite (ciphersuite.h); custos uses FROST(Ed25519, SHA-512),
// for which custos::frost::ed25519 below names every type.
//
// Typical 3-of-3 signing (in one process; over the network each step runs at its owner):
//   auto [nonces, commitments] = round1::commit<Suite>(key.signing_share, rng);   // each signer
//   SigningPackage<Suite> package({{id1, c1}, {id2, c2}, {id3, c3}}, message);     // coordinator
//   auto share = round2::sign<Suite>(package, std::move(nonces), key);             // each signer
//   auto signature = aggregate<Suite>(package, shares, public_key_package);        // coordinator

#include "frost/aggregate.h"    // IWYU pragma: export
#include "frost/ciphersuite.h"  // IWYU pragma: export
#include "frost/dkg.h"          // IWYU pragma: export
#include "frost/ed25519.h"      // IWYU pragma: export
#include "frost/encoding.h"     // IWYU pragma: export
#include "frost/error.h"        // IWYU pragma: export
#include "frost/identifier.h"   // IWYU pragma: export
#include "frost/keys.h"         // IWYU pragma: export
#include "frost/nonce_pool.h"   // IWYU pragma: export
#include "frost/refresh.h"      // IWYU pragma: export
#include "frost/round1.h"       // IWYU pragma: export
#include "frost/round2.h"       // IWYU pragma: export
#include "frost/signing.h"      // IWYU pragma: export

namespace custos::frost::ed25519 {

using Suite = Ed25519Sha512;
using Scalar = Suite::Scalar;
using Element = Suite::Element;
using Identifier = frost::Identifier<Suite>;
using FrostError = frost::FrostError<Suite>;
template <typename T>
using FrostResult = frost::FrostResult<T, Suite>;
using SigningShare = frost::SigningShare<Suite>;
using VerifyingShare = frost::VerifyingShare<Suite>;
using VerifyingKey = frost::VerifyingKey<Suite>;
using KeyPackage = frost::KeyPackage<Suite>;
using PublicKeyPackage = frost::PublicKeyPackage<Suite>;
using SecretShare = frost::SecretShare<Suite>;
using DealerOutput = frost::DealerOutput<Suite>;
using Signature = frost::Signature<Suite>;
using SigningPackage = frost::SigningPackage<Suite>;
using SigningNonces = round1::SigningNonces<Suite>;
using SigningCommitments = round1::SigningCommitments<Suite>;
using SignatureShare = round2::SignatureShare<Suite>;
using NoncePool = frost::NoncePool<Suite>;

}  // namespace custos::frost::ed25519
