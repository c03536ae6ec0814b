// rand.intn (OPA category "numbers"): a random integer in [0, |n|), the same for the same
// (str, n) within one evaluation (memoised in ctx.cache), drawn from the injected Rng.

#include "base/rng.h"
#include "rego/builtins/per_evaluation.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;
using util::memoised;
using util::rng_of;

}  // namespace

void register_rand(Registry& r) {
  r.add({.name = "rand.intn",
         .args = {Type::string(), Type::number()},
         .result = Type::number(),
         .description = "Returns a random integer between `0` and `n` (`n` exclusive). If `n` "
                        "is `0`, then `y` is always `0`. For any given argument pair (`str`, "
                        "`n`), the output will be consistent throughout a query evaluation.",
         .category = "numbers",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto n, arg_int(ctx, args, 2));
           if (n == 0) return Value(0);
           std::uint64_t bound =
               n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
           return memoised(ctx, "rand.intn:" + std::string(s) + ":" + std::to_string(n), [&] {
             return Value(static_cast<std::int64_t>(rng_of(ctx).uniform(bound)));
           });
         }});
}

}  // namespace custos::rego
