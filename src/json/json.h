#pragma once
// Façade of the json library: strict parsing of untrusted JSON with exact numbers, serialization,
// and RFC 8785 canonicalization. Namespace custos::json.

#include "json/parse.h"      // IWYU pragma: export
#include "json/serialize.h"  // IWYU pragma: export
#include "json/value.h"      // IWYU pragma: export
