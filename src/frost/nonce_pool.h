#pragma once
// Nonce preprocessing for one-round signing (DESIGN.md §4): a node makes batches of nonce pairs
// ahead of time, publishes their commitments with pool ids, and consumes each secret nonce pair
// exactly once when it signs. Nonces live only in memory and are never serialised; a restarted
// node starts an empty pool and publishes new commitments.

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>
#include <vector>

#include "base/rng.h"
#include "frost/ciphersuite.h"
#include "frost/error.h"
#include "frost/keys.h"
#include "frost/round1.h"
#include "frost/round2.h"
#include "frost/signing.h"

namespace custos::frost {

// Thread-safe: every member function may be called concurrently.
template <Ciphersuite C>
class NoncePool {
 public:
  // A published commitment and the id under which its secret nonces wait in the pool.
  struct Offer {
    std::uint64_t id;
    round1::SigningCommitments<C> commitments;
  };

  // Ids are issued from `first_id` upwards (never reused within one pool).
  explicit NoncePool(std::uint64_t first_id = 1) : next_id_(first_id), first_id_(first_id) {}
  NoncePool(const NoncePool&) = delete;
  NoncePool& operator=(const NoncePool&) = delete;

  // Makes `count` nonce pairs bound to `share` (RFC 9591 §5.1) and returns their commitments.
  // The expensive part runs outside the lock. `rng` must be usable from the calling thread.
  std::vector<Offer> generate(const SigningShare<C>& share, std::size_t count, Rng& rng) {
    std::vector<round1::SigningNonces<C>> batch;
    batch.reserve(count);
    for (std::size_t k = 0; k < count; ++k) {
      batch.push_back(round1::SigningNonces<C>::generate(share, rng));
    }
    std::vector<Offer> offers;
    offers.reserve(count);
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& nonces : batch) {
      const std::uint64_t id = next_id_++;
      offers.push_back(Offer{id, nonces.commitments()});
      nonces_.emplace(id, std::move(nonces));
    }
    return offers;
  }

  // Removes and returns the nonces published under `id`: the only way to get at them, so each
  // pair is handed out at most once. Errors: kNonceReused (issued and already taken),
  // kInvalidParameters (never issued by this pool).
  FrostResult<round1::SigningNonces<C>, C> take(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = nonces_.find(id);
    if (it == nonces_.end()) {
      if (id >= first_id_ && id < next_id_) {
        return frost_fail<C>(ErrorKind::kNonceReused,
                             "nonce " + std::to_string(id) + " was already used");
      }
      return frost_fail<C>(ErrorKind::kInvalidParameters,
                           "nonce " + std::to_string(id) + " was never issued by this pool");
    }
    round1::SigningNonces<C> nonces = std::move(it->second);
    nonces_.erase(it);
    return nonces;
  }

  // Takes nonce `id` and signs `package` with it (round2::sign). The nonce is consumed even when
  // signing fails (e.g. the package carries another commitment for this signer).
  FrostResult<round2::SignatureShare<C>, C> sign(std::uint64_t id, const SigningPackage<C>& package,
                                                 const KeyPackage<C>& key_package) {
    FROST_TRY_ASSIGN(auto nonces, take(id));
    return round2::sign<C>(package, std::move(nonces), key_package);
  }

  // Number of unused nonce pairs.
  std::size_t available() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return nonces_.size();
  }

  // Drops (and wipes) every unused nonce pair, e.g. after a share refresh. Their ids count as used.
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    nonces_.clear();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::uint64_t, round1::SigningNonces<C>> nonces_;  // guarded by mutex_
  std::uint64_t next_id_;                                     // guarded by mutex_
  const std::uint64_t first_id_;
};

}  // namespace custos::frost
