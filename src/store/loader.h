#pragma once
// Loading a store: fetch the data and signature documents concurrently, verify them, then offer
// the result to a VersionedStore, which refuses rollbacks and keeps the last good version in force
// when anything is wrong. Nothing unverified reaches a builder, so nothing unverified is evaluated.

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "base/result.h"
#include "store/config.h"
#include "store/fetcher.h"
#include "store/signed_document.h"

namespace custos::store {

// Fetches config.data and config.signature (in parallel) with `fetcher` and verifies them with
// config.keys. Errors: kStoreFetch (with the source's URL), then those of verify_document.
[[nodiscard]] Result<VerifiedDocument> fetch_document(StoreKind kind, const StoreConfig& config,
                                                      const Fetcher& fetcher);

// The accepted version of one store and the value built from it (Entities, compiled policies).
// Thread-safe: offer() serialises updates; current() may be called concurrently and returns a
// snapshot that stays valid while held.
template <typename T>
class VersionedStore {
 public:
  using Builder = std::function<Result<std::shared_ptr<const T>>(const json::Value& data)>;

  // Accepts `doc` if its iat is not older than the current version's (an equal iat is accepted
  // only for the same data hash, as a no-op), then builds it. Errors: kStoreRollback; the
  // builder's error (kStoreInvalid, kRegoCompile, …). On any error the current version stays.
  // Returns true when a new version was installed.
  Result<bool> offer(const VerifiedDocument& doc, const Builder& build) {
    std::lock_guard<std::mutex> update(update_mu_);
    std::int64_t current_iat;
    std::string current_hash;
    bool has_current;
    {
      std::lock_guard<std::mutex> lock(mu_);
      has_current = value_ != nullptr;
      current_iat = issued_at_;
      current_hash = hash_;
    }
    if (has_current) {
      if (doc.issued_at < current_iat) {
        return fail(ErrorCode::kStoreRollback, "store version issued at " +
                                                   std::to_string(doc.issued_at) +
                                                   " is older than the accepted version (" +
                                                   std::to_string(current_iat) + ")");
      }
      if (doc.issued_at == current_iat) {
        if (doc.hash == current_hash) return false;
        return fail(ErrorCode::kStoreRollback,
                    "store data differs from the accepted version with the same iat " +
                        std::to_string(current_iat));
      }
    }
    CUSTOS_TRY_ASSIGN(std::shared_ptr<const T> built, build(doc.data));
    std::lock_guard<std::mutex> lock(mu_);
    value_ = std::move(built);
    issued_at_ = doc.issued_at;
    hash_ = doc.hash;
    return true;
  }

  // The accepted value, or nullptr before the first good version.
  std::shared_ptr<const T> current() const {
    std::lock_guard<std::mutex> lock(mu_);
    return value_;
  }
  std::int64_t issued_at() const {
    std::lock_guard<std::mutex> lock(mu_);
    return issued_at_;
  }
  std::string hash() const {
    std::lock_guard<std::mutex> lock(mu_);
    return hash_;
  }

 private:
  std::mutex update_mu_;
  mutable std::mutex mu_;
  std::shared_ptr<const T> value_;
  std::int64_t issued_at_ = 0;
  std::string hash_;
};

}  // namespace custos::store
