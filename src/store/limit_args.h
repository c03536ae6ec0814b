#pragma once
// Checks the arguments of the limit and amount criteria (checkSpendingLimit, checkRateLimit,
// checkIntentAmount, checkGasFeeAmount) when a policy store is loaded, so that a malformed limit
// is refused with the store instead of silently never applying at evaluation time. Thread-safe (a
// function of its arguments).

#include <string_view>

#include "base/result.h"
#include "json/value.h"

namespace custos::store {

// `args` of criterion `criterion` (already known to be an object for the limit criteria; other
// criteria are accepted unchecked). The reference's shapes (Narval armory policy criteria):
//   checkSpendingLimit {limit: decimal string | number, operator?: eq|ne|gt|gte|lt|lte,
//                       currency?: "*" | "fiat:…", timeWindow?, filters?}
//   checkRateLimit     {limit | maxTransfers: non-negative integer (number or digit string),
//                       timeWindow?, filters?}
//   checkIntentAmount, checkGasFeeAmount
//                      {operator: eq|ne|gt|gte|lt|lte, value: decimal string | number,
//                       currency?: "*" | "fiat:…"}
//   timeWindow {type?: rolling|fixed, value?: seconds > 0 (required for rolling),
//               period?: 1d|1m|1y (required for fixed), startDate?, endDate?: unix seconds}
//   filters {tokens?, users?, resources?, destinations?, chains?, userGroups?, accountGroups?:
//            arrays of strings or numbers; perPrincipal?: bool}
// Absent, null and "*" members mean "any" (the reference's wildcard). Unknown members are
// refused (a misspelt filter would otherwise widen the limit's scope).
// Errors: kStoreInvalid with a message naming the member.
Result<void> check_limit_args(std::string_view criterion, const json::Value& args);

}  // namespace custos::store
