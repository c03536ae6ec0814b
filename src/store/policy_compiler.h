#pragma once
// The reference's JSON policies compiled to Rego, safely.
//
// A policy store's data is an array of policies:
//   {id, description?, when: [{criterion, args?}], then: "permit" | "forbid"}
// or, as a custos extension, raw Rego:
//   {id, description?, rego: "<module text in package custos.decision>"}
//
// Each JSON policy becomes one rule of package custos.decision (`permit contains reason if {...}`
// or `forbid contains reason if {...}`) whose body calls the criteria library
// (package custos.criteria, src/store/rego/*.rego) with arguments read from data:
//   criteria.checkAction(data.custos.policies[3].when[0].args)
// The only text ever generated is the rule skeleton, array indices and criterion names from a
// fixed list: ids, descriptions and arguments stay in data.custos.policies, so no policy content
// can inject Rego. Arguments are checked against each criterion's expected shape first.
//
// Each reason is {type, policyId, policyName, approvalsSatisfied, approvalsMissing}; the decision
// follows from the sets data.custos.decision.permit / .forbid (see engine/).
// Thread-safe (functions of their arguments only).

#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "json/value.h"

namespace custos::store {

struct RegoModule {
  std::string
      name;  // a file-like name for diagnostics ("custos/criteria_intent.rego", "policy:<id>")
  std::string text;
};

struct CompiledPolicies {
  // The generated modules (custos/decision.rego: one rule per policy; custos/checks.rego: one
  // rule per distinct criterion call), then raw Rego policies.
  std::vector<RegoModule> modules;
  json::Value policies_data;  // value for data.custos.policies (normalised: args always set)
  json::Value reasons_data;   // data.custos.reasons: each policy's reason, by policy index
                              // (null for a raw Rego policy)
  std::vector<std::string> policy_ids;

  // The value of data.custos the generated modules read: {"policies": …, "reasons": …}.
  json::Value custos_data() const {
    return json::Value::object({{"policies", policies_data}, {"reasons", reasons_data}});
  }
};

// The criteria library (lib + criteria modules), embedded in the binary.
const std::vector<RegoModule>& criteria_library();

// The criterion names the compiler accepts.
const std::vector<std::string_view>& known_criteria();

// Compiles a policy store's data. Errors: kStoreInvalid naming the policy (by index and id) and
// what is wrong: not an array, missing / duplicate id, unknown criterion, arguments of the wrong
// shape, `then` not permit/forbid, a raw module not in package custos.decision.
Result<CompiledPolicies> compile_policies(const json::Value& policies);

}  // namespace custos::store
