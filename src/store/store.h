#pragma once
// Façade of the store library: signed entity and policy stores (configuration, fetching, signature
// and hash verification, rollback protection, entity validation and indexing, and the compilation
// of the reference's JSON policies to Rego). Namespace custos::store.

#include "store/config.h"           // IWYU pragma: export
#include "store/entities.h"         // IWYU pragma: export
#include "store/fetcher.h"          // IWYU pragma: export
#include "store/loader.h"           // IWYU pragma: export
#include "store/policy_compiler.h"  // IWYU pragma: export
#include "store/signed_document.h"  // IWYU pragma: export
