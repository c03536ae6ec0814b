#include "engine/engine.h"

#include "engine/request.h"
#include "json/serialize.h"

namespace custos::engine {
namespace {

const Clock& clock_of(const EngineOptions& options) {
  return options.clock ? *options.clock : static_cast<const Clock&>(SystemClock::instance());
}

// The members of a set-valued query result, as JSON (empty when the rule is undefined).
Result<json::Array> reasons_of(const rego::PreparedQuery& query, const rego::EvalOptions& options) {
  CUSTOS_TRY_ASSIGN(auto results, query.eval(options));
  if (results.empty() || results[0].expressions.empty()) return json::Array{};
  json::Value value = results[0].expressions[0].to_json_value();
  if (!value.is_array()) return fail(ErrorCode::kEvalInternal, "decision set is not a set");
  return std::move(value.as_array());
}

void add_unique(json::Array& list, const json::Value& item) {
  for (const auto& existing : list) {
    if (existing == item) return;
  }
  list.push_back(item);
}

std::string make_jti(Rng& rng) {
  std::array<std::uint8_t, 16> b{};
  rng.fill(b);
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
  std::string hex = hex_encode(ByteView(b.data(), b.size()));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace

std::string_view decision_name(DecisionKind kind) {
  switch (kind) {
    case DecisionKind::kPermit: return "Permit";
    case DecisionKind::kForbid: return "Forbid";
    case DecisionKind::kConfirm: return "Confirm";
  }
  return "Forbid";
}

Engine::Engine(EngineOptions options) : options_(std::move(options)) {}

std::shared_ptr<const Snapshot> Engine::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return snapshot_;
}

Result<void> Engine::rebuild() {
  auto entities = entities_.current();
  auto policies = policies_.current();
  if (!entities || !policies) return {};
  CUSTOS_TRY_ASSIGN(auto snapshot, Snapshot::build(std::move(entities), std::move(policies)));
  std::lock_guard<std::mutex> lock(mu_);
  snapshot_ = std::move(snapshot);
  return {};
}

Result<bool> Engine::load_entities(const store::VerifiedDocument& doc) {
  std::lock_guard<std::mutex> guard(rebuild_mu_);
  auto policies = policies_.current();
  // The new entities must compile with the current policies before they are accepted.
  CUSTOS_TRY_ASSIGN(
      bool changed,
      entities_.offer(
          doc, [&](const json::Value& data) -> Result<std::shared_ptr<const store::Entities>> {
            CUSTOS_TRY_ASSIGN(auto entities, store::Entities::load(data));
            if (policies) CUSTOS_TRY(Snapshot::build(entities, policies));
            return entities;
          }));
  if (changed) CUSTOS_TRY(rebuild());
  return changed;
}

Result<bool> Engine::load_policies(const store::VerifiedDocument& doc) {
  std::lock_guard<std::mutex> guard(rebuild_mu_);
  auto entities = entities_.current();
  CUSTOS_TRY_ASSIGN(
      bool changed,
      policies_.offer(
          doc,
          [&](const json::Value& data) -> Result<std::shared_ptr<const store::CompiledPolicies>> {
            CUSTOS_TRY_ASSIGN(store::CompiledPolicies compiled, store::compile_policies(data));
            auto shared = std::make_shared<const store::CompiledPolicies>(std::move(compiled));
            if (entities) CUSTOS_TRY(Snapshot::build(entities, shared));
            return shared;
          }));
  if (changed) CUSTOS_TRY(rebuild());
  return changed;
}

Result<bool> Engine::update(store::StoreKind kind, const store::StoreConfig& config,
                            const store::Fetcher& fetcher) {
  CUSTOS_TRY_ASSIGN(store::VerifiedDocument doc, store::fetch_document(kind, config, fetcher));
  return kind == store::StoreKind::kEntity ? load_entities(doc) : load_policies(doc);
}

Result<Decision> Engine::evaluate(const json::Value& evaluation, Rng& rng) const {
  auto snap = snapshot();
  if (!snap)
    return fail(ErrorCode::kEngineNotReady, "no verified entity and policy stores are loaded");
  const Clock& clock = clock_of(options_);
  FeedChecks feed_checks;
  feed_checks.clock = &clock;
  feed_checks.transfer_feed_max_age = options_.transfer_feed_max_age;
  CUSTOS_TRY_ASSIGN(VerifiedRequest verified,
                    verify_request(evaluation, snap->entities(), options_.feed_keys, feed_checks));
  CUSTOS_TRY_ASSIGN(json::Value input, build_input(verified, snap->entities()));
  rego::Value rego_input = rego::Value::from_json(input);
  rego::EvalOptions eval_options;
  eval_options.input = &rego_input;
  eval_options.clock = &clock;
  CUSTOS_TRY_ASSIGN(json::Array forbids, reasons_of(snap->forbid_query(), eval_options));
  CUSTOS_TRY_ASSIGN(json::Array permits, reasons_of(snap->permit_query(), eval_options));

  Decision decision;
  json::Array reasons;
  json::Array required, missing, satisfied;
  if (!forbids.empty()) {
    decision.kind = DecisionKind::kForbid;
    reasons = std::move(forbids);
  } else if (permits.empty()) {
    // Nothing permits: the reference's implicit forbid.
    decision.kind = DecisionKind::kForbid;
    reasons.push_back(json::Value::object({{"type", "forbid"},
                                           {"policyId", "default-forbid-policy"},
                                           {"policyName", "Default Forbid Policy"},
                                           {"approvalsSatisfied", json::Value::array()},
                                           {"approvalsMissing", json::Value::array()}}));
  } else {
    bool all_approved = true;
    for (const auto& reason : permits) {
      const json::Value* m = reason.find("approvalsMissing");
      const json::Value* s = reason.find("approvalsSatisfied");
      if (m && m->is_array()) {
        for (const auto& item : m->as_array()) {
          add_unique(missing, item);
          add_unique(required, item);
        }
        if (!m->as_array().empty()) all_approved = false;
      }
      if (s && s->is_array()) {
        for (const auto& item : s->as_array()) {
          add_unique(satisfied, item);
          add_unique(required, item);
        }
      }
    }
    decision.kind = all_approved ? DecisionKind::kPermit : DecisionKind::kConfirm;
    reasons = std::move(permits);
  }

  json::Value response = json::Value::object(
      {{"decision", json::Value(decision_name(decision.kind))}, {"request", verified.request}});
  response.set("approvals",
               json::Value::object({{"required", json::Value(std::move(required))},
                                    {"missing", json::Value(std::move(missing))},
                                    {"satisfied", json::Value(std::move(satisfied))}}));
  response.set("principal",
               json::Value::object({{"id", json::Value(verified.principal->id)},
                                    {"userId", json::Value(verified.principal->user_id)},
                                    {"key", verified.principal->key.to_json()}}));
  response.set("reasons", json::Value(std::move(reasons)));
  if (const json::Value* intent = input.find("intent"))
    response.set("transactionRequestIntent", *intent);
  if (verified.metadata) response.set("metadata", *verified.metadata);

  if (decision.kind == DecisionKind::kPermit) {
    std::int64_t now = clock.unix_seconds();
    json::Value claims =
        json::Value::object({{"sub", json::Value(verified.principal->user_id)},
                             {"iat", json::Value(now)},
                             {"exp", json::Value(now + options_.token_lifetime.count())},
                             {"iss", json::Value(options_.issuer)},
                             {"aud", json::Value(options_.audience)},
                             {"jti", json::Value(make_jti(rng))},
                             {"cnf", verified.principal->key.to_json()}});
    const json::Value* action = verified.request.find("action");
    if (action && action->is_string() && action->as_string() == "grantPermission") {
      const json::Value* resource = verified.request.find("resourceId");
      const json::Value* permissions = verified.request.find("permissions");
      claims.set("access",
                 json::Value::array({json::Value::object(
                     {{"resource", resource ? *resource : json::Value("")},
                      {"permissions", permissions ? *permissions : json::Value::array()}})}));
    } else {
      claims.set("requestHash", json::Value(verified.request_hash));
      json::Array wildcards = hash_wildcards(verified.request);
      if (!wildcards.empty()) claims.set("hashWildcard", json::Value(std::move(wildcards)));
    }
    response.set("accessTokenClaims", claims);
    decision.access_token_claims = std::move(claims);
  }
  decision.response = std::move(response);
  return decision;
}

}  // namespace custos::engine
