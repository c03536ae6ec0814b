#include "engine/request.h"

#include "evm/intent.h"
#include "evm/uint256.h"
#include "jose/hash.h"
#include "jose/jws.h"
#include "jose/jwt.h"

namespace custos::engine {
namespace {

jose::VerifyOptions request_verify_options() {
  jose::VerifyOptions options;
  options.allowed_algorithms = {jose::Algorithm::kEdDSA, jose::Algorithm::kES256K,
                                jose::Algorithm::kES256, jose::Algorithm::kRS256,
                                jose::Algorithm::kEIP191};
  return options;
}

// Verifies one JWT over the request whose canonical hash is `request_hash` by a credential of the
// entity store.
Result<const store::Credential*> verify_by_credential(const json::Value& token,
                                                      const std::string& request_hash,
                                                      const store::Entities& entities,
                                                      ErrorCode code, std::string_view what) {
  if (!token.is_string()) return fail(code, std::string(what) + " must be a JWT string");
  auto decoded = jose::decode_compact(token.as_string());
  if (!decoded)
    return fail(Error(code, std::string(what) + " is not a JWS").with_detail(decoded.error()));
  if (decoded->kid.empty()) return fail(code, std::string(what) + " has no kid");
  const store::Credential* credential = entities.credential(decoded->kid);
  if (!credential)
    return fail(code, std::string(what) + " kid " + decoded->kid + " is not a known credential");
  jose::ClaimChecks checks;
  checks.request_hash = request_hash;  // hashed once by the caller, for every signature
  auto verified =
      jose::verify_jwt(token.as_string(), credential->key, request_verify_options(), checks);
  if (!verified) {
    if (verified.error().code() == ErrorCode::kJwtRequestHash) {
      return fail(Error(code == ErrorCode::kEngineApproval ? code : ErrorCode::kEngineRequestHash,
                        std::string(what) + " was signed over another request")
                      .with_detail(verified.error()));
    }
    return fail(Error(code, std::string(what) + " does not verify").with_detail(verified.error()));
  }
  return credential;
}

bool decimal_digits(std::string_view text) {
  if (text.empty() || text.size() > 78) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A non-negative decimal price: digits with an optional fraction ("0.99", "3000").
bool decimal_price(std::string_view text) {
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return decimal_digits(text);
  return decimal_digits(text.substr(0, dot)) && decimal_digits(text.substr(dot + 1));
}

bool non_empty_string(const json::Value* value) {
  return value && value->is_string() && !value->as_string().empty();
}

// Verifies every feed's signature; keeps the data of the price and historical-transfer feeds.
Result<void> verify_feeds(const json::Value& evaluation, const std::vector<jose::Jwk>& feed_keys,
                          const FeedChecks& feed_checks, VerifiedRequest& out) {
  json::Value prices = json::Value::object();
  bool have_price_feed = false;
  bool have_transfer_feed = false;
  if (const json::Value* feeds = evaluation.find("feeds"); feeds && !feeds->is_null()) {
    if (!feeds->is_array()) return fail(ErrorCode::kEngineFeed, "feeds must be an array");
    for (std::size_t i = 0; i < feeds->as_array().size(); ++i) {
      const json::Value& feed = feeds->as_array()[i];
      std::string where = "feeds[" + std::to_string(i) + "]";
      const json::Value* source = feed.is_object() ? feed.find("source") : nullptr;
      const json::Value* sig = feed.is_object() ? feed.find("sig") : nullptr;
      const json::Value* data = feed.is_object() ? feed.find("data") : nullptr;
      if (!source || !source->is_string() || !data)
        return fail(ErrorCode::kEngineFeed, where + " needs source and data");
      if (!sig || !sig->is_string())
        return fail(ErrorCode::kEngineFeed, where + " (" + source->as_string() + ") is not signed");
      auto decoded = jose::decode_compact(sig->as_string());
      if (!decoded)
        return fail(Error(ErrorCode::kEngineFeed, where + ".sig is not a JWS")
                        .with_detail(decoded.error()));
      const jose::Jwk* key = nullptr;
      for (const auto& candidate : feed_keys) {
        if (!decoded->kid.empty() && candidate.kid() == decoded->kid) key = &candidate;
      }
      if (!key)
        return fail(ErrorCode::kEngineFeed,
                    where + " is signed by an unknown feed key '" + decoded->kid + "'");
      bool transfer_feed = source->as_string() == kTransferFeedSource;
      jose::ClaimChecks checks;
      checks.data = *data;
      if (transfer_feed && feed_checks.transfer_feed_max_age) {
        checks.clock = feed_checks.clock;
        checks.max_age = feed_checks.transfer_feed_max_age;
      }
      auto verified = jose::verify_jwt(sig->as_string(), *key, request_verify_options(), checks);
      if (!verified)
        return fail(Error(ErrorCode::kEngineFeed, where + " signature does not verify")
                        .with_detail(verified.error()));
      if (source->as_string() == kPriceFeedSource) {
        if (have_price_feed) return fail(ErrorCode::kEngineFeed, "more than one price feed");
        if (!data->is_object())
          return fail(ErrorCode::kEngineFeed, "price feed data must be an object");
        prices = *data;
        have_price_feed = true;
      } else if (transfer_feed) {
        if (have_transfer_feed)
          return fail(ErrorCode::kEngineFeed, "more than one historical-transfer feed");
        auto checked = check_transfers(*data);
        if (!checked) return fail(Error(checked.error()).with_context(where));
        out.transfers = *data;
        have_transfer_feed = true;
      }
    }
  }
  if (const json::Value* top = evaluation.find("prices"); top && !top->is_null()) {
    if (!have_price_feed || !(*top == prices)) {
      return fail(ErrorCode::kEngineFeed, "prices must come from the signed price feed");
    }
  }
  out.prices = std::move(prices);
  return {};
}

// gas × (maxFeePerGas or gasPrice), in wei, as a decimal string; nullopt when not computable.
std::optional<std::string> gas_fee(const json::Value& tx) {
  const json::Value* gas = tx.find("gas");
  const json::Value* price = tx.find("maxFeePerGas");
  if (!price) price = tx.find("gasPrice");
  if (!gas || !price) return std::nullopt;
  auto number = [](const json::Value& v) -> Result<evm::U256> {
    if (v.is_string()) return evm::U256::parse(v.as_string());
    if (v.is_number()) return evm::U256::from_decimal(v.as_number().text());
    return fail(ErrorCode::kEvmTransaction, "not a quantity");
  };
  auto g = number(*gas);
  auto p = number(*price);
  if (!g || !p) return std::nullopt;
  auto fee = g->checked_mul(*p);
  if (!fee) return std::nullopt;
  return fee->to_decimal();
}

}  // namespace

Result<void> check_transfers(const json::Value& data) {
  if (!data.is_array())
    return fail(ErrorCode::kEngineFeed, "historical-transfer feed data must be an array");
  for (std::size_t i = 0; i < data.as_array().size(); ++i) {
    const json::Value& transfer = data.as_array()[i];
    std::string where = "transfer " + std::to_string(i);
    auto bad = [&](std::string_view what) {
      return fail(ErrorCode::kEngineFeed, where + ": " + std::string(what));
    };
    if (!transfer.is_object()) return bad("must be an object");
    const json::Value* amount = transfer.find("amount");
    if (!amount || !amount->is_string() || !decimal_digits(amount->as_string()))
      return bad("amount must be a string of decimal digits (base units)");
    for (std::string_view member : {"from", "to", "token", "initiatedBy"}) {
      if (!non_empty_string(transfer.find(member)))
        return bad(std::string(member) + " must be a non-empty string");
    }
    for (std::string_view member : {"resourceId", "id"}) {
      const json::Value* value = transfer.find(member);
      if (value && !non_empty_string(value))
        return bad(std::string(member) + " must be a non-empty string");
    }
    const json::Value* chain = transfer.find("chainId");
    auto chain_id = chain && chain->is_number() ? chain->as_number().to_int64() : std::nullopt;
    if (!chain_id || *chain_id < 1) return bad("chainId must be a positive integer");
    const json::Value* timestamp = transfer.find("timestamp");
    auto ms =
        timestamp && timestamp->is_number() ? timestamp->as_number().to_int64() : std::nullopt;
    if (!ms || *ms < 0) return bad("timestamp must be a non-negative integer (unix ms)");
    const json::Value* rates = transfer.find("rates");
    if (!rates || !rates->is_object()) return bad("rates must be an object");
    for (const auto& [currency, rate] : rates->as_object()) {
      bool ok = rate.is_string() ? decimal_price(rate.as_string())
                                 : rate.is_number() && decimal_price(rate.as_number().text());
      if (!ok) return bad("rates." + currency + " must be a non-negative decimal");
    }
  }
  return {};
}

Result<VerifiedRequest> verify_request(const json::Value& evaluation,
                                       const store::Entities& entities,
                                       const std::vector<jose::Jwk>& feed_keys,
                                       const FeedChecks& checks) {
  if (!evaluation.is_object())
    return fail(ErrorCode::kEngineRequestInvalid, "evaluation request must be an object");
  const json::Value* request = evaluation.find("request");
  const json::Value* authentication = evaluation.find("authentication");
  if (!request || !request->is_object())
    return fail(ErrorCode::kEngineRequestInvalid, "request must be an object");
  if (!authentication)
    return fail(ErrorCode::kEngineSignature, "the request is not signed (no authentication)");
  const json::Value* action = request->find("action");
  if (!action || !action->is_string())
    return fail(ErrorCode::kEngineRequestInvalid, "request.action must be a string");
  const json::Value* nonce = request->find("nonce");
  if (!nonce || !nonce->is_string() || nonce->as_string().empty()) {
    return fail(ErrorCode::kEngineRequestInvalid, "request.nonce must be a non-empty string");
  }
  VerifiedRequest out;
  out.request = *request;
  auto hash = jose::canonical_hash(*request);
  if (!hash)
    return fail(Error(ErrorCode::kEngineRequestInvalid, "request cannot be hashed")
                    .with_detail(hash.error()));
  out.request_hash = *hash;
  CUSTOS_TRY_ASSIGN(out.principal,
                    verify_by_credential(*authentication, out.request_hash, entities,
                                         ErrorCode::kEngineSignature, "authentication"));
  if (const json::Value* approvals = evaluation.find("approvals");
      approvals && !approvals->is_null()) {
    if (!approvals->is_array())
      return fail(ErrorCode::kEngineApproval, "approvals must be an array");
    for (std::size_t i = 0; i < approvals->as_array().size(); ++i) {
      CUSTOS_TRY_ASSIGN(
          const store::Credential* credential,
          verify_by_credential(approvals->as_array()[i], out.request_hash, entities,
                               ErrorCode::kEngineApproval, "approvals[" + std::to_string(i) + "]"));
      bool seen = credential == out.principal;
      for (const auto* existing : out.approvals) seen |= existing == credential;
      if (!seen) out.approvals.push_back(credential);
    }
  }
  CUSTOS_TRY(verify_feeds(evaluation, feed_keys, checks, out));
  if (const json::Value* metadata = evaluation.find("metadata")) out.metadata = *metadata;
  return out;
}

Result<json::Value> build_input(const VerifiedRequest& verified, const store::Entities& entities) {
  (void)entities;
  const json::Value& request = verified.request;
  const std::string& action = request.find("action")->as_string();
  auto credential_json = [](const store::Credential& c) {
    return json::Value::object({{"id", json::Value(store::to_lower(c.id))},
                                {"userId", json::Value(store::to_lower(c.user_id))},
                                {"key", c.key.to_json()}});
  };
  json::Value input = json::Value::object(
      {{"action", json::Value(action)}, {"principal", credential_json(*verified.principal)}});
  if (const json::Value* resource = request.find("resourceId"); resource && resource->is_string()) {
    input.set("resource",
              json::Value::object({{"uid", json::Value(store::to_lower(resource->as_string()))}}));
  }
  json::Array approvals{credential_json(*verified.principal)};
  for (const auto* credential : verified.approvals)
    approvals.push_back(credential_json(*credential));
  input.set("approvals", json::Value(std::move(approvals)));
  if (action != "grantPermission") {
    CUSTOS_TRY_ASSIGN(json::Value intent, evm::classify(request));
    input.set("intent", std::move(intent));
  }
  for (std::string_view member : {"transactionRequest", "typedData", "message", "rawMessage",
                                  "userOperation", "permissions"}) {
    if (const json::Value* value = request.find(member)) input.set(std::string(member), *value);
  }
  if (const json::Value* tx = request.find("transactionRequest"); tx && tx->is_object()) {
    if (auto fee = gas_fee(*tx)) {
      const json::Value* chain = tx->find("chainId");
      std::string chain_id = chain && chain->is_number() ? chain->as_number().text() : "1";
      std::string asset = "eip155:" + chain_id + "/slip44:" + (chain_id == "137" ? "966" : "60");
      input.set("gasFee", json::Value::object(
                              {{"amount", json::Value(*fee)}, {"asset", json::Value(asset)}}));
    }
  }
  // Prices keyed by lower-case asset id, as the criteria look them up.
  json::Object prices;
  if (verified.prices.is_object()) {
    for (const auto& [asset, value] : verified.prices.as_object())
      prices.emplace_back(store::to_lower(asset), value);
  }
  input.set("prices", json::Value(std::move(prices)));
  // Past transfers: the checked data of the signed historical-transfer feed. Absent without the
  // feed: the limit criteria then treat the history as unknown, not as empty.
  if (verified.transfers) input.set("transfers", *verified.transfers);
  return input;
}

json::Array hash_wildcards(const json::Value& request) {
  json::Array out;
  const json::Value* action = request.find("action");
  const json::Value* tx = request.find("transactionRequest");
  if (!action || !action->is_string() || action->as_string() != "signTransaction" || !tx ||
      !tx->is_object())
    return out;
  for (std::string_view field : {"gas", "maxFeePerGas", "maxPriorityFeePerGas", "nonce"}) {
    if (!tx->contains(field))
      out.push_back(json::Value("transactionRequest." + std::string(field)));
  }
  return out;
}

}  // namespace custos::engine
