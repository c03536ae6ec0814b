#pragma once
// Internal helpers shared by jwt.cc (io.jwt.decode / verify_* / decode_verify) and jwt_sign.cc
// (io.jwt.encode_sign / encode_sign_raw). Not part of the public API.

#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/value.h"

namespace custos::rego::jwt {

// OPA's base64url.decode: unpadded input is padded first (RFC 7515 Appendix C), then decoded as
// Go's base64.URLEncoding (CR/LF ignored, non-zero trailing bits tolerated). Errors carry Go's
// wording: "illegal base64 data at input byte N", "illegal base64url string: …".
Result<std::string> base64url_decode_go(std::string_view text);

// Base64url without padding (RFC 7515 §2).
std::string base64url_encode_raw(std::string_view bytes);

// JSON text → Value as Go's json.Unmarshal reads it (duplicate keys: the last one wins).
Result<Value> parse_json_go(std::string_view text);

// A Go-like description of why `text` is not JSON: "unexpected end of JSON input" or
// "invalid character 'c' …" (the wording OPA's messages end with).
std::string go_json_error(std::string_view text, const Error& error);

}  // namespace custos::rego::jwt
