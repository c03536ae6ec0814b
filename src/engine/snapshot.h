#pragma once
// One compiled view of a policy-engine node's stores: the criteria library, the compiled policies
// and data {entities, custos: {policies}} compiled into one Rego policy, with the two decision
// queries prepared. Built once per (entity version, policy version) and shared, immutable, by
// every evaluation (thread-safe).

#include <memory>

#include "base/result.h"
#include "rego/policy.h"
#include "store/entities.h"
#include "store/policy_compiler.h"

namespace custos::engine {

class Snapshot {
 public:
  // Compiles. Errors: the rego compile errors (rego_*), e.g. from a raw Rego policy.
  static Result<std::shared_ptr<const Snapshot>> build(
      std::shared_ptr<const store::Entities> entities,
      std::shared_ptr<const store::CompiledPolicies> policies);

  const store::Entities& entities() const { return *entities_; }
  const store::CompiledPolicies& policies() const { return *policies_; }
  // data.custos.decision.permit / .forbid
  const rego::PreparedQuery& permit_query() const { return *permit_; }
  const rego::PreparedQuery& forbid_query() const { return *forbid_; }

 private:
  Snapshot() = default;
  std::shared_ptr<const store::Entities> entities_;
  std::shared_ptr<const store::CompiledPolicies> policies_;
  std::shared_ptr<const rego::Policy> policy_;
  std::optional<rego::PreparedQuery> permit_, forbid_;
};

}  // namespace custos::engine
