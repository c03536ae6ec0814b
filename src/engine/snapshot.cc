#include "engine/snapshot.h"

namespace custos::engine {

Result<std::shared_ptr<const Snapshot>> Snapshot::build(
    std::shared_ptr<const store::Entities> entities,
    std::shared_ptr<const store::CompiledPolicies> policies) {
  std::vector<rego::ModuleSource> modules;
  for (const auto& module : store::criteria_library())
    modules.push_back({module.name, module.text});
  for (const auto& module : policies->modules) modules.push_back({module.name, module.text});
  json::Value data = json::Value::object(
      {{"entities", entities->rego_data()},
       {"custos", json::Value::object({{"policies", policies->policies_data}})}});
  CUSTOS_TRY_ASSIGN(auto compiled, rego::compile(std::move(modules), rego::Value::from_json(data)));
  std::shared_ptr<Snapshot> out(new Snapshot());
  out->entities_ = std::move(entities);
  out->policies_ = std::move(policies);
  out->policy_ = compiled;
  // Through comprehensions so a store without any forbid (or permit) rule still yields an
  // empty set instead of making the whole query undefined.
  CUSTOS_TRY_ASSIGN(auto decision,
                    compiled->prepare("forbid := {r | some r in data.custos.decision.forbid}; "
                                      "permit := {r | some r in data.custos.decision.permit}"));
  out->decision_.emplace(std::move(decision));
  return std::shared_ptr<const Snapshot>(std::move(out));
}

}  // namespace custos::engine
