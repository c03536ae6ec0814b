#pragma once
// The closed set of FROST failures, each optionally naming the participant at fault (the
// "culprit"), and their mapping to custos::Error codes (kFrost* in base/error_codes.def).

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <tl/expected.hpp>

#include "base/error.h"
#include "base/result.h"
#include "frost/ciphersuite.h"
#include "frost/identifier.h"

namespace custos::frost {

enum class ErrorKind : std::uint8_t {
  kMalformed,                     // bad encoding: length, tag, version, non-canonical scalar,
                                  // invalid or identity element, unsorted/duplicate entries
  kInvalidParameters,             // threshold/participant counts, identifier sets
  kUnknownParticipant,            // culprit is not a member of the group / participant list
  kMissingCommitment,             // culprit's commitment is absent from the signing package
  kIncorrectCommitment,           // culprit's commitment differs from the one it made
  kIncorrectNumberOfCommitments,  // too few signers, or a VSS commitment of the wrong degree
  kMissingSignatureShare,         // culprit committed but sent no share
  kUnexpectedSignatureShare,      // culprit sent a share without a commitment in the package
  kInvalidSignatureShare,         // culprit's share fails verification (RFC 9591 §5.4)
  kInvalidSignature,              // the aggregate signature does not verify
  kNonceReused,                   // a secret nonce was already consumed
  kMissingPackage,                // DKG/refresh: culprit's package is absent
  kUnexpectedPackage,             // DKG/refresh: a package from culprit was not expected
  kInvalidProofOfKnowledge,       // DKG: culprit's proof of knowledge of a_i0 fails
  kInvalidSecretShare,            // culprit's secret share is inconsistent with its commitment
};

// Stable short name of a kind, e.g. "invalid_signature_share".
constexpr std::string_view kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return "malformed";
    case ErrorKind::kInvalidParameters: return "invalid_parameters";
    case ErrorKind::kUnknownParticipant: return "unknown_participant";
    case ErrorKind::kMissingCommitment: return "missing_commitment";
    case ErrorKind::kIncorrectCommitment: return "incorrect_commitment";
    case ErrorKind::kIncorrectNumberOfCommitments: return "incorrect_number_of_commitments";
    case ErrorKind::kMissingSignatureShare: return "missing_signature_share";
    case ErrorKind::kUnexpectedSignatureShare: return "unexpected_signature_share";
    case ErrorKind::kInvalidSignatureShare: return "invalid_signature_share";
    case ErrorKind::kInvalidSignature: return "invalid_signature";
    case ErrorKind::kNonceReused: return "nonce_reused";
    case ErrorKind::kMissingPackage: return "missing_package";
    case ErrorKind::kUnexpectedPackage: return "unexpected_package";
    case ErrorKind::kInvalidProofOfKnowledge: return "invalid_proof_of_knowledge";
    case ErrorKind::kInvalidSecretShare: return "invalid_secret_share";
  }
  return "unknown";
}

// The custos::ErrorCode a kind maps to.
constexpr ErrorCode error_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kMalformed: return ErrorCode::kFrostMalformed;
    case ErrorKind::kInvalidParameters:
    case ErrorKind::kUnknownParticipant:
    case ErrorKind::kMissingPackage:
    case ErrorKind::kUnexpectedPackage: return ErrorCode::kFrostParameters;
    case ErrorKind::kMissingCommitment:
    case ErrorKind::kIncorrectCommitment:
    case ErrorKind::kIncorrectNumberOfCommitments:
    case ErrorKind::kMissingSignatureShare:
    case ErrorKind::kUnexpectedSignatureShare: return ErrorCode::kFrostCommitments;
    case ErrorKind::kInvalidSignatureShare: return ErrorCode::kFrostInvalidSignatureShare;
    case ErrorKind::kInvalidSignature: return ErrorCode::kFrostInvalidSignature;
    case ErrorKind::kNonceReused: return ErrorCode::kFrostNonceReused;
    case ErrorKind::kInvalidProofOfKnowledge: return ErrorCode::kFrostInvalidProofOfKnowledge;
    case ErrorKind::kInvalidSecretShare: return ErrorCode::kFrostInvalidSecretShare;
  }
  return ErrorCode::kInternal;
}

// A FROST failure: its kind, a human detail, and the participant at fault when one is known.
template <Ciphersuite C>
class FrostError {
 public:
  FrostError(ErrorKind kind, std::string detail, std::optional<Identifier<C>> culprit = {})
      : kind_(kind), detail_(std::move(detail)), culprit_(std::move(culprit)) {}

  ErrorKind kind() const { return kind_; }
  const std::string& detail() const { return detail_; }
  const std::optional<Identifier<C>>& culprit() const { return culprit_; }

  // "<detail> (participant 3)"; the culprit is always named when known.
  std::string message() const {
    if (!culprit_) return detail_;
    return detail_ + " (participant " + culprit_->to_string() + ")";
  }
  // As a custos::Error with the stable kFrost* code of the kind.
  Error to_error() const { return Error(error_code(kind_), message()); }

 private:
  ErrorKind kind_;
  std::string detail_;
  std::optional<Identifier<C>> culprit_;
};

// The result type of every fallible FROST operation.
template <typename T, Ciphersuite C>
using FrostResult = tl::expected<T, FrostError<C>>;

// `return frost_fail<C>(ErrorKind::kX, "why", culprit);`
template <Ciphersuite C>
tl::unexpected<FrostError<C>> frost_fail(ErrorKind kind, std::string detail,
                                         std::optional<Identifier<C>> culprit = {}) {
  return tl::unexpected<FrostError<C>>(FrostError<C>(kind, std::move(detail), std::move(culprit)));
}

// Converts a FrostResult into a custos::Result (for code at the custos::Error boundary).
template <typename T, Ciphersuite C>
Result<T> to_result(FrostResult<T, C>&& r) {
  if (!r) return tl::unexpected<Error>(r.error().to_error());
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*r);
  }
}

}  // namespace custos::frost

// FROST_TRY_ASSIGN(lhs, expr): like CUSTOS_TRY_ASSIGN, for FrostResult.
#define FROST_TRY_ASSIGN(lhs, expr) \
  FROST_TRY_ASSIGN_IMPL(CUSTOS_CONCAT(frost_try_tmp_, __LINE__), lhs, expr)
#define FROST_TRY_ASSIGN_IMPL(tmp, lhs, expr)                     \
  auto tmp = (expr);                                              \
  if (!tmp) return ::tl::make_unexpected(std::move(tmp).error()); \
  lhs = std::move(*tmp)
#define FROST_TRY(expr)                                                   \
  do {                                                                    \
    auto&& frost_try_result_ = (expr);                                    \
    if (!frost_try_result_) {                                             \
      return ::tl::make_unexpected(std::move(frost_try_result_).error()); \
    }                                                                     \
  } while (false)
