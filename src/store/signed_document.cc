#include "store/signed_document.h"

#include "jose/hash.h"
#include "jose/jws.h"
#include "jose/jwt.h"
#include "json/parse.h"
#include "json/serialize.h"

namespace custos::store {
namespace {

Error invalid(std::string message) { return Error(ErrorCode::kStoreInvalid, std::move(message)); }
Error bad_signature(std::string message) {
  return Error(ErrorCode::kStoreSignature, std::move(message));
}

// The member <kind>.<field> of a store file, parsed.
Result<json::Value> member(std::string_view text, StoreKind kind, std::string_view field,
                           std::string_view file) {
  auto doc = json::parse(text);
  if (!doc) return fail(invalid(std::string(file) + " is not valid JSON").with_detail(doc.error()));
  const json::Value* wrapper = doc->is_object() ? doc->find(kind_name(kind)) : nullptr;
  const json::Value* value = wrapper && wrapper->is_object() ? wrapper->find(field) : nullptr;
  if (!value) {
    return fail(invalid(std::string(file) + " lacks " + std::string(kind_name(kind)) + "." +
                        std::string(field)));
  }
  return *value;
}

jose::Algorithm natural_algorithm(const jose::Jwk& key) {
  switch (key.kind()) {
    case jose::Jwk::Kind::kEd25519: return jose::Algorithm::kEdDSA;
    case jose::Jwk::Kind::kSecp256k1:
    case jose::Jwk::Kind::kSecp256k1Address: return jose::Algorithm::kES256K;
    case jose::Jwk::Kind::kP256: return jose::Algorithm::kES256;
    case jose::Jwk::Kind::kRsa: return jose::Algorithm::kRS256;
  }
  return jose::Algorithm::kEdDSA;
}

}  // namespace

std::string_view kind_name(StoreKind kind) {
  return kind == StoreKind::kEntity ? "entity" : "policy";
}

Result<VerifiedDocument> verify_document(StoreKind kind, std::string_view data_file,
                                         std::string_view signature_file,
                                         const std::vector<jose::Jwk>& keys) {
  CUSTOS_TRY_ASSIGN(json::Value data, member(data_file, kind, "data", "data file"));
  CUSTOS_TRY_ASSIGN(json::Value signature,
                    member(signature_file, kind, "signature", "signature file"));
  if (!signature.is_string())
    return fail(invalid("signature file: signature must be a string (a JWT)"));
  const std::string& token = signature.as_string();

  auto decoded = jose::decode_compact(token);
  if (!decoded)
    return fail(bad_signature("store signature is not a JWS").with_detail(decoded.error()));
  if (decoded->kid.empty()) return fail(bad_signature("store signature has no kid"));
  const jose::Jwk* key = nullptr;
  for (const auto& candidate : keys) {
    if (candidate.kid() == decoded->kid) key = &candidate;
  }
  if (!key)
    return fail(bad_signature("store signature kid " + decoded->kid + " is not a configured key"));

  auto hash = jose::canonical_hash(data);
  if (!hash) return fail(invalid("store data cannot be hashed").with_detail(hash.error()));

  jose::VerifyOptions options;
  options.allowed_algorithms = {jose::Algorithm::kEdDSA, jose::Algorithm::kES256K,
                                jose::Algorithm::kES256, jose::Algorithm::kRS256,
                                jose::Algorithm::kEIP191};
  jose::ClaimChecks checks;
  checks.data_hash = *hash;
  auto verified = jose::verify_jwt(token, *key, options, checks);
  if (!verified)
    return fail(bad_signature("store signature does not verify").with_detail(verified.error()));
  const json::Value* iat = verified->claims.find("iat");
  if (!iat) return fail(bad_signature("store signature has no iat"));
  auto seconds = jose::claim_seconds(*iat, "iat", /*allow_millis=*/true);
  if (!seconds)
    return fail(bad_signature("store signature iat is not a time").with_detail(seconds.error()));
  return VerifiedDocument{std::move(data), std::move(*hash), *seconds, key->kid()};
}

Result<std::string> sign_document(StoreKind kind, const json::Value& data, const jose::Jwk& key,
                                  std::int64_t issued_at) {
  CUSTOS_TRY_ASSIGN(std::string hash, jose::canonical_hash(data));
  json::Value claims =
      json::Value::object({{"data", json::Value(hash)}, {"iat", json::Value(issued_at)}});
  jose::SignOptions options;
  options.typ = "JWT";
  CUSTOS_TRY_ASSIGN(std::string token,
                    jose::sign_jwt(claims, key, natural_algorithm(key), options));
  json::Value file = json::Value::object(
      {{std::string(kind_name(kind)), json::Value::object({{"signature", json::Value(token)}})}});
  json::SerializeOptions pretty;
  pretty.pretty = true;
  return json::serialize(file, pretty);
}

std::string data_file_text(StoreKind kind, const json::Value& data) {
  json::Value file =
      json::Value::object({{std::string(kind_name(kind)), json::Value::object({{"data", data}})}});
  json::SerializeOptions pretty;
  pretty.pretty = true;
  return json::serialize(file, pretty);
}

}  // namespace custos::store
