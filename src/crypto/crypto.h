#pragma once
// Façade of the crypto library: thin, typed wrappers over libsodium, OpenSSL 3 and libsecp256k1,
// plus our own Keccak. Namespace custos::crypto. Fixed-size types for keys, digests and
// signatures; verification is [[nodiscard]] and fails with one opaque error
// (kCryptoVerifyFailed / kCryptoDecryptFailed); secret keys are move-only and wiped.

#include "crypto/aead.h"       // IWYU pragma: export
#include "crypto/ecdsa.h"      // IWYU pragma: export
#include "crypto/ed25519.h"    // IWYU pragma: export
#include "crypto/hash.h"       // IWYU pragma: export
#include "crypto/kdf.h"        // IWYU pragma: export
#include "crypto/rsa.h"        // IWYU pragma: export
#include "crypto/secp256k1.h"  // IWYU pragma: export
#include "crypto/x25519.h"     // IWYU pragma: export
