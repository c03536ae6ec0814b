#pragma once
// A policy-engine node's single-node evaluation pipeline (no sockets):
//
//   1. the stores: verified entity and policy documents, rollback-protected, last good version kept
//      (store::VersionedStore), compiled once per version into a Snapshot;
//   2. evaluate(request), the reference's evaluation request
//        {authentication: JWT, request: {action, nonce, resourceId, …}, approvals?: JWT[],
//         prices?, feeds?: [{source, sig: JWT, data}], metadata?}
//      - the principal's JWT: kid → credential of the entity store, signature, requestHash =
//        hash(request); each approval the same way;
//      - every feed must carry a JWT from a configured feed key whose data claim is hash(data)
//        (the reference does not check feeds); prices come only from the signed price feed,
//        past transfers (input.transfers, for checkSpendingLimit / checkRateLimit) only from the
//        signed, fresh historical-transfer feed;
//      - the intent is decoded (evm::classify), Rego input and data are built, the permit and
//        forbid sets evaluated, and the decision made as the reference does: any forbid wins, no
//        permit is an implicit forbid, missing approvals give Confirm;
//   3. on Permit, the unsigned access-token claims (signing comes with the threshold cluster).
//
// Errors (a refused request never yields a decision): kEngineNotReady (no verified stores),
// kEngineRequestInvalid, kEngineSignature (unknown credential, bad signature),
// kEngineRequestHash, kEngineApproval, kEngineFeed, and evm / rego errors for undecodable
// transactions or evaluation failures.
// Thread-safe: evaluate() runs concurrently with itself and with store updates.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "base/rng.h"
#include "engine/snapshot.h"
#include "jose/jwk.h"
#include "json/value.h"
#include "store/loader.h"

namespace custos::engine {

struct EngineOptions {
  // Keys that sign price / history feeds, chosen by kid.
  std::vector<jose::Jwk> feed_keys;
  // The historical-transfer feed's JWT must be at most this old (by its iat, on `clock`): a
  // replayed older feed would hide later transfers from the limits. nullopt: no age check.
  std::optional<std::chrono::seconds> transfer_feed_max_age{std::chrono::seconds(300)};
  // Access-token claims.
  std::string issuer = "custos";
  std::string audience = "custos-vault";
  std::chrono::seconds token_lifetime{600};
  const Clock* clock = nullptr;  // null: system clock
};

enum class DecisionKind { kPermit, kForbid, kConfirm };
std::string_view decision_name(DecisionKind kind);  // "Permit", "Forbid", "Confirm"

struct Decision {
  DecisionKind kind;
  // The reference's evaluation response: {decision, request, approvals?, principal?, reasons,
  // accessTokenClaims? (Permit only), transactionRequestIntent?, metadata?}.
  json::Value response;
  std::optional<json::Value> access_token_claims;
};

class Engine {
 public:
  explicit Engine(EngineOptions options);

  // Offers a verified document to the store; recompiles on change. Errors: kStoreRollback,
  // kStoreInvalid, rego compile errors. On error the previous version stays in force.
  Result<bool> load_entities(const store::VerifiedDocument& doc);
  Result<bool> load_policies(const store::VerifiedDocument& doc);

  // Fetches and verifies both documents of a store, then loads them.
  Result<bool> update(store::StoreKind kind, const store::StoreConfig& config,
                      const store::Fetcher& fetcher);

  // Evaluates an evaluation request. `rng` makes the token's jti.
  Result<Decision> evaluate(const json::Value& request, Rng& rng) const;

  std::shared_ptr<const Snapshot> snapshot() const;

 private:
  Result<void> rebuild();

  EngineOptions options_;
  store::VersionedStore<store::Entities> entities_;
  store::VersionedStore<store::CompiledPolicies> policies_;
  std::mutex rebuild_mu_;
  mutable std::mutex mu_;
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace custos::engine
