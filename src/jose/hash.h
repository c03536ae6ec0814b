#pragma once
// The canonical JSON hash shared by custos and the reference system:
//   hash(value) = "0x" + hex(sha256(RFC 8785 canonical JSON of value))
// used for request hashes, store signatures ("data" claim), detached-JWS payloads and "ath".

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "crypto/hash.h"
#include "json/value.h"

namespace custos::jose {

// sha256 of the canonical form. Error: kJsonType for numbers outside the double range.
Result<crypto::Sha256Digest> canonical_sha256(const json::Value& value);

// "0x" + lower-case hex of canonical_sha256(value).
Result<std::string> canonical_hash(const json::Value& value);

// A copy of `request` without the members named by the dotted paths that appear in both
// `wildcard_paths` (from the token's hashWildcard claim) and `allowed_paths` (the verifier's
// choice). Paths that do not exist are ignored. E.g. "transactionRequest.gas".
json::Value without_wildcard_fields(const json::Value& request,
                                    const std::vector<std::string>& wildcard_paths,
                                    const std::vector<std::string>& allowed_paths);

}  // namespace custos::jose
