#pragma once
// Result<T> = tl::expected<T, Error>, plus the CUSTOS_TRY helpers.

#include <tl/expected.hpp>

#include "base/error.h"

namespace custos {

template <typename T>
using Result = tl::expected<T, Error>;

// Returns an unexpected Error, for `return fail(ErrorCode::kX, "why");` in a Result function.
inline tl::unexpected<Error> fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace custos

#define CUSTOS_CONCAT_INNER(a, b) a##b
#define CUSTOS_CONCAT(a, b) CUSTOS_CONCAT_INNER(a, b)

// CUSTOS_TRY(expr): evaluates a Result<void> (or any Result) and returns its error early.
#define CUSTOS_TRY(expr)                                                               \
  do {                                                                                 \
    auto&& custos_try_result_ = (expr);                                                \
    if (!custos_try_result_) {                                                         \
      return ::tl::unexpected<::custos::Error>(std::move(custos_try_result_).error()); \
    }                                                                                  \
  } while (false)

// CUSTOS_TRY_ASSIGN(lhs, expr): `lhs = *expr` on success, returns the error early otherwise.
// `lhs` may be a declaration: CUSTOS_TRY_ASSIGN(auto value, parse(text));
#define CUSTOS_TRY_ASSIGN(lhs, expr) \
  CUSTOS_TRY_ASSIGN_IMPL(CUSTOS_CONCAT(custos_try_tmp_, __LINE__), lhs, expr)
#define CUSTOS_TRY_ASSIGN_IMPL(tmp, lhs, expr)                                \
  auto tmp = (expr);                                                          \
  if (!tmp) return ::tl::unexpected<::custos::Error>(std::move(tmp).error()); \
  lhs = std::move(*tmp)
