#pragma once
// Façade of the base library: errors, results, bytes and encodings, secrets, clock, randomness.
// Namespace: custos (the root; every other library lives in custos::<lib>).

#include "base/bytes.h"   // IWYU pragma: export
#include "base/clock.h"   // IWYU pragma: export
#include "base/error.h"   // IWYU pragma: export
#include "base/result.h"  // IWYU pragma: export
#include "base/rng.h"     // IWYU pragma: export
#include "base/secret.h"  // IWYU pragma: export
#include "base/utf8.h"    // IWYU pragma: export
