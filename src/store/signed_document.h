#pragma once
// Signed store documents (wire format of the reference):
//   data file      {"entity": {"data": <Entities>}}      or {"policy": {"data": <Policy[]>}}
//   signature file {"entity": {"signature": "<JWT>"}}    or {"policy": {"signature": "<JWT>"}}
// The JWT's "data" claim is hash(data) = "0x" + hex(sha256(RFC 8785 canonical JSON of data)), its
// header "kid" selects the verifying key among the configured keys (and only among them), and its
// "iat" orders versions (see StoreVersionGuard for rollback protection).
// Thread-safe (functions of their arguments only).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "jose/jwk.h"
#include "json/value.h"

namespace custos::store {

enum class StoreKind { kEntity, kPolicy };

// "entity" or "policy": the wrapper member of both files.
std::string_view kind_name(StoreKind kind);

// A document whose signature and data hash were verified.
struct VerifiedDocument {
  json::Value data;        // the contents of <kind>.data
  std::string hash;        // "0x…", equal to the JWT's data claim
  std::int64_t issued_at;  // the JWT's iat, seconds
  std::string kid;         // the configured key that verified it
};

// Verifies a data file against its signature file with the configured `keys`. Errors:
//   kStoreInvalid    a file is not JSON or lacks <kind>.data / <kind>.signature
//   kStoreSignature  no kid, a kid not among `keys`, a bad signature, a missing / non-numeric iat,
//                    or a data claim that differs from hash(data) (detail: the jose error)
[[nodiscard]] Result<VerifiedDocument> verify_document(StoreKind kind, std::string_view data_file,
                                                       std::string_view signature_file,
                                                       const std::vector<jose::Jwk>& keys);

// The signature file text for `data` signed with the private `key` (kid = the key's kid, alg its
// natural algorithm: EdDSA, ES256K, ES256 or RS256) at time `issued_at`. Errors from jose.
Result<std::string> sign_document(StoreKind kind, const json::Value& data, const jose::Jwk& key,
                                  std::int64_t issued_at);

// The data file text {"<kind>": {"data": data}}.
std::string data_file_text(StoreKind kind, const json::Value& data);

}  // namespace custos::store
