#pragma once
// Façade of the crypto library: thin, typed wrappers over libsodium, OpenSSL 3 and libsecp256k1,
// plus our own Keccak. Namespace custos::crypto. Fixed-size types for keys, digests and
// signatures; verification is [[nodiscard]] and fails with one opaque error
// (kCryptoVerifyFailed); secret keys are move-only and wiped.

#include "crypto/hash.h"       // IWYU pragma: export
#include "crypto/secp256k1.h"  // IWYU pragma: export
