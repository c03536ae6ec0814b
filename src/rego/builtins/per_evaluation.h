#pragma once
// Helpers for builtins whose results must be stable within one evaluation and reproducible from
// the evaluation's injected randomness (rand.intn, uuid.rfc4122).

#include <any>
#include <string>

#include "base/rng.h"
#include "rego/builtins/registry.h"

namespace custos::rego::util {

// The evaluation's injected Rng, or the OS generator when none was injected.
inline Rng& rng_of(BuiltinContext& ctx) {
  return ctx.rng != nullptr ? *ctx.rng : OsRng::instance();
}

// The value cached under `key` in this evaluation's cache, or make()'s value, cached. Without a
// cache (a context outside an evaluation), make() runs every time.
template <typename F>
BuiltinResult memoised(BuiltinContext& ctx, const std::string& key, F make) {
  if (ctx.cache != nullptr) {
    if (auto it = ctx.cache->find(key); it != ctx.cache->end()) {
      return std::any_cast<Value>(it->second);
    }
  }
  Value v = make();
  if (ctx.cache != nullptr) (*ctx.cache)[key] = v;
  return v;
}

}  // namespace custos::rego::util
