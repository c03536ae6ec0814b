#pragma once
// Façade of the jose library: JWK (RFC 7517/7638/8037), JWS compact (RFC 7515), JWT (RFC 7519)
// with custos/reference claim checks, detached JWS for HTTP requests (GNAP), and the canonical
// JSON hash. Namespace custos::jose.

#include "jose/alg.h"   // IWYU pragma: export
#include "jose/hash.h"  // IWYU pragma: export
#include "jose/jwk.h"   // IWYU pragma: export
#include "jose/jws.h"   // IWYU pragma: export
#include "jose/jwsd.h"  // IWYU pragma: export
#include "jose/jwt.h"   // IWYU pragma: export
