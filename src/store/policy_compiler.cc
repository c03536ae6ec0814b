#include "store/policy_compiler.h"

#include <unordered_map>
#include <unordered_set>

#include "json/serialize.h"
#include "store/limit_args.h"

namespace custos::store {
namespace {

// The argument shapes criteria take.
enum class Shape {
  kValues,        // array of strings / numbers
  kNone,          // no arguments (null or absent)
  kObject,        // an object
  kObjectArray,   // array of objects
  kArrayOfArrays  // array of arrays of objects
};

const std::unordered_map<std::string_view, Shape>& criteria_shapes() {
  static const auto* shapes = new std::unordered_map<std::string_view, Shape>{
      {"checkAction", Shape::kValues},
      {"checkResource", Shape::kValues},
      {"checkPermission", Shape::kValues},
      {"checkPrincipalId", Shape::kValues},
      {"checkPrincipalRole", Shape::kValues},
      {"checkPrincipalGroup", Shape::kValues},
      {"checkAccountId", Shape::kValues},
      {"checkAccountAddress", Shape::kValues},
      {"checkAccountType", Shape::kValues},
      {"checkAccountChainId", Shape::kValues},
      {"checkAccountGroup", Shape::kValues},
      {"checkAccountAssigned", Shape::kNone},
      {"checkSourceId", Shape::kValues},
      {"checkSourceAddress", Shape::kValues},
      {"checkSourceAccountType", Shape::kValues},
      {"checkSourceClassification", Shape::kValues},
      {"checkDestinationId", Shape::kValues},
      {"checkDestinationAddress", Shape::kValues},
      {"checkDestinationAccountType", Shape::kValues},
      {"checkDestinationClassification", Shape::kValues},
      {"checkIntentType", Shape::kValues},
      {"checkIntentChainId", Shape::kValues},
      {"checkIntentContract", Shape::kValues},
      {"checkIntentToken", Shape::kValues},
      {"checkIntentSpender", Shape::kValues},
      {"checkIntentHexSignature", Shape::kValues},
      {"checkIntentAlgorithm", Shape::kValues},
      {"checkIntentAmount", Shape::kObject},
      {"checkIntentMessage", Shape::kObject},
      {"checkIntentPayload", Shape::kObject},
      {"checkIntentDomain", Shape::kObject},
      {"checkIntentTypedDataMessage", Shape::kArrayOfArrays},
      {"checkErc1155TokenId", Shape::kValues},
      {"checkErc1155Transfers", Shape::kObjectArray},
      {"checkPermitDeadline", Shape::kObject},
      {"checkEntryPointId", Shape::kValues},
      {"checkEntryPointAddress", Shape::kValues},
      {"checkEntryPointChainId", Shape::kValues},
      {"checkEntryPointClassification", Shape::kValues},
      {"checkUserOperationIntents", Shape::kObjectArray},
      {"checkGasFeeAmount", Shape::kObject},
      {"checkNonceExists", Shape::kNone},
      {"checkNonceNotExists", Shape::kNone},
      {"checkApprovals", Shape::kObjectArray},
      {"checkSpendingLimit", Shape::kObject},
      {"checkRateLimit", Shape::kObject},
  };
  return *shapes;
}

bool shape_ok(Shape shape, const json::Value* args) {
  auto all = [&](auto pred) {
    for (const auto& item : args->as_array()) {
      if (!pred(item)) return false;
    }
    return true;
  };
  switch (shape) {
    case Shape::kNone: return !args || args->is_null();
    case Shape::kObject: return args && args->is_object();
    case Shape::kValues:
      return args && args->is_array() &&
             all([](const json::Value& v) { return v.is_string() || v.is_number(); });
    case Shape::kObjectArray:
      return args && args->is_array() && all([](const json::Value& v) { return v.is_object(); });
    case Shape::kArrayOfArrays:
      return args && args->is_array() && all([](const json::Value& v) {
               if (!v.is_array()) return false;
               for (const auto& inner : v.as_array()) {
                 if (!inner.is_object()) return false;
               }
               return true;
             });
  }
  return false;
}

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::kNone: return "no arguments";
    case Shape::kObject: return "an object";
    case Shape::kValues: return "an array of strings";
    case Shape::kObjectArray: return "an array of objects";
    case Shape::kArrayOfArrays: return "an array of arrays of objects";
  }
  return "?";
}

// True when the first statement of `text` (after comments and blank lines) is exactly
// "package custos.decision".
bool in_decision_package(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.remove_suffix(1);
    if (!line.empty() && line.front() != '#') return line == "package custos.decision";
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return false;
}

// The distinct criterion calls of a policy store. Policies often repeat a criterion with the
// same arguments (checkAction(["signTransaction"]) in most of them); each distinct call becomes
// one complete rule of package custos.checks, which the evaluator computes at most once per
// decision, and the policy rules refer to it.
class Checks {
 public:
  // The rule name for criterion `name` with `args`, read from data at `args_ref`.
  Result<std::string> rule_for(const std::string& name, const json::Value& args,
                               const std::string& args_ref) {
    CUSTOS_TRY_ASSIGN(std::string canonical, json::canonicalize(args));
    auto [it, inserted] = rules_.try_emplace(name + "\n" + canonical, "");
    if (inserted) {
      it->second = "c" + std::to_string(rules_.size() - 1);
      text_ += "\n" + it->second + " if criteria." + name + "(" + args_ref + ")\n";
    }
    return "checks." + it->second;
  }
  std::string module_text() const {
    return "# Generated by custos from the policy store: one rule per distinct criterion call;\n"
           "# every argument is read from data.custos.policies.\n"
           "package custos.checks\n\nimport rego.v1\n\nimport data.custos.criteria\n" +
           text_;
  }

 private:
  std::unordered_map<std::string, std::string> rules_;
  std::string text_;
};

Error invalid(std::size_t index, const std::string& id, const std::string& message) {
  std::string where = "policies[" + std::to_string(index) + "]";
  if (!id.empty()) where += " (" + id + ")";
  return Error(ErrorCode::kStoreInvalid, where + ": " + message);
}

}  // namespace

const std::vector<std::string_view>& known_criteria() {
  static const auto* names = [] {
    auto* out = new std::vector<std::string_view>();
    for (const auto& [name, shape] : criteria_shapes()) out->push_back(name);
    return out;
  }();
  return *names;
}

Result<CompiledPolicies> compile_policies(const json::Value& policies) {
  if (!policies.is_array())
    return fail(ErrorCode::kStoreInvalid, "policy data must be an array of policies");
  CompiledPolicies out;
  json::Array normalised;
  json::Array reasons;
  Checks checks;
  std::unordered_set<std::string> ids;
  std::string text =
      "# Generated by custos from the policy store: rule skeletons only; every id, description\n"
      "# and argument is read from data.custos.policies, every reason from data.custos.reasons.\n"
      "package custos.decision\n\nimport rego.v1\n\nimport data.custos.checks\n\n"
      "import data.custos.criteria\n";
  const auto& shapes = criteria_shapes();
  const auto& items = policies.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json::Value& policy = items[i];
    if (!policy.is_object()) return fail(invalid(i, "", "must be an object"));
    const json::Value* id = policy.find("id");
    if (!id || !id->is_string() || id->as_string().empty())
      return fail(invalid(i, "", "id must be a non-empty string"));
    const std::string& policy_id = id->as_string();
    if (!ids.insert(policy_id).second) return fail(invalid(i, policy_id, "duplicate policy id"));
    const json::Value* description = policy.find("description");
    if (description && !description->is_string())
      return fail(invalid(i, policy_id, "description must be a string"));
    json::Value entry = json::Value::object(
        {{"id", *id}, {"description", description ? *description : json::Value("")}});

    if (const json::Value* rego = policy.find("rego")) {
      if (!rego->is_string()) return fail(invalid(i, policy_id, "rego must be a string"));
      if (policy.contains("when") || policy.contains("then")) {
        return fail(invalid(i, policy_id, "a Rego policy has no when/then"));
      }
      if (!in_decision_package(rego->as_string())) {
        return fail(invalid(i, policy_id, "a Rego policy must be in package custos.decision"));
      }
      out.modules.push_back(RegoModule{"policy:" + policy_id, rego->as_string()});
      entry.set("then", json::Value("rego"));
      entry.set("when", json::Value::array());
      normalised.push_back(std::move(entry));
      reasons.push_back(json::Value());  // a Rego policy states its own reasons
      out.policy_ids.push_back(policy_id);
      continue;
    }

    const json::Value* then = policy.find("then");
    if (!then || !then->is_string() ||
        (then->as_string() != "permit" && then->as_string() != "forbid")) {
      return fail(invalid(i, policy_id, "then must be \"permit\" or \"forbid\""));
    }
    const json::Value* when = policy.find("when");
    if (!when || !when->is_array())
      return fail(invalid(i, policy_id, "when must be an array of criteria"));
    bool permit = then->as_string() == "permit";
    // Every operand of the ref is a constant: the Rego compiler resolves it once per store
    // version (base-data folding), so the skeleton reads each argument without a data walk.
    std::string policy_ref = "data.custos.policies[" + std::to_string(i) + "]";
    std::string body;
    bool has_approvals = false;
    json::Array criteria;
    for (std::size_t c = 0; c < when->as_array().size(); ++c) {
      const json::Value& item = when->as_array()[c];
      const json::Value* name = item.is_object() ? item.find("criterion") : nullptr;
      if (!name || !name->is_string()) {
        return fail(
            invalid(i, policy_id, "when[" + std::to_string(c) + "].criterion must be a string"));
      }
      auto shape = shapes.find(name->as_string());
      if (shape == shapes.end()) {
        return fail(invalid(i, policy_id, "unknown criterion '" + name->as_string() + "'"));
      }
      const json::Value* args = item.find("args");
      if (!shape_ok(shape->second, args)) {
        return fail(
            invalid(i, policy_id, name->as_string() + " takes " + shape_name(shape->second)));
      }
      if (auto checked = check_limit_args(name->as_string(), args ? *args : json::Value());
          !checked)
        return fail(invalid(i, policy_id, checked.error().message()));
      criteria.push_back(
          json::Value::object({{"criterion", *name}, {"args", args ? *args : json::Value()}}));
      std::string args_ref = policy_ref + ".when[" + std::to_string(c) + "].args";
      if (name->as_string() == "checkApprovals") {
        if (has_approvals) return fail(invalid(i, policy_id, "checkApprovals appears twice"));
        if (!permit)
          return fail(invalid(i, policy_id, "checkApprovals only makes sense in a permit policy"));
        has_approvals = true;
        body += "\tapprovals := criteria.checkApprovals(" + args_ref + ")\n";
      } else {
        CUSTOS_TRY_ASSIGN(
            std::string rule,
            checks.rule_for(name->as_string(), args ? *args : json::Value(), args_ref));
        body += "\t" + rule + "\n";
      }
    }
    entry.set("then", *then);
    entry.set("when", json::Value(std::move(criteria)));
    normalised.push_back(std::move(entry));
    out.policy_ids.push_back(policy_id);

    // The reason a policy gives, in data; one with approvals takes them from checkApprovals.
    std::string kind = permit ? "permit" : "forbid";
    reasons.push_back(
        json::Value::object({{"type", json::Value(kind)},
                             {"policyId", *id},
                             {"policyName", description ? *description : json::Value("")},
                             {"approvalsSatisfied", json::Value::array()},
                             {"approvalsMissing", json::Value::array()}}));
    std::string reason_ref = "data.custos.reasons[" + std::to_string(i) + "]";
    if (body.empty()) body = "\ttrue\n";  // a policy without criteria always applies
    if (!has_approvals) {
      text += "\n" + kind + " contains " + reason_ref + " if {\n" + body + "}\n";
      continue;
    }
    text += "\n" + kind + " contains reason if {\n" + body;
    text += "\treason := object.union(" + reason_ref +
            ", {\n\t\t\"approvalsSatisfied\": approvals.approvalsSatisfied,\n"
            "\t\t\"approvalsMissing\": approvals.approvalsMissing,\n\t})\n}\n";
  }
  out.modules.insert(out.modules.begin(), RegoModule{"custos/checks.rego", checks.module_text()});
  out.modules.insert(out.modules.begin(), RegoModule{"custos/decision.rego", std::move(text)});
  out.policies_data = json::Value(std::move(normalised));
  out.reasons_data = json::Value(std::move(reasons));
  return out;
}

}  // namespace custos::store
