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
      {{"entities", entities->rego_data()}, {"custos", policies->custos_data()}});
  CUSTOS_TRY_ASSIGN(auto compiled, rego::compile(std::move(modules), rego::Value::from_json(data)));
  std::shared_ptr<Snapshot> out(new Snapshot());
  out->entities_ = std::move(entities);
  out->policies_ = std::move(policies);
  out->policy_ = compiled;
  CUSTOS_TRY_ASSIGN(auto permit, compiled->prepare("data.custos.decision.permit"));
  CUSTOS_TRY_ASSIGN(auto forbid, compiled->prepare("data.custos.decision.forbid"));
  out->permit_.emplace(std::move(permit));
  out->forbid_.emplace(std::move(forbid));
  return std::shared_ptr<const Snapshot>(std::move(out));
}

}  // namespace custos::engine
