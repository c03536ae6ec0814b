#include "store/limit_args.h"

#include <initializer_list>
#include <string>

namespace custos::store {
namespace {

bool wildcard(const json::Value* value) {
  return !value || value->is_null() || (value->is_string() && value->as_string() == "*");
}

bool digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// A non-negative decimal: "20000", "0.5", or such a JSON number.
bool decimal(const json::Value& value) {
  std::string_view text;
  if (value.is_string()) {
    text = value.as_string();
  } else if (value.is_number()) {
    text = value.as_number().text();
  } else {
    return false;
  }
  std::size_t dot = text.find('.');
  if (dot == std::string_view::npos) return digits(text);
  return digits(text.substr(0, dot)) && digits(text.substr(dot + 1));
}

bool non_negative_integer(const json::Value& value) {
  auto v = value.is_number() ? value.as_number().to_int64() : std::nullopt;
  return v && *v >= 0;
}

Result<void> invalid(std::string_view criterion, const std::string& message) {
  return fail(ErrorCode::kStoreInvalid, std::string(criterion) + ": " + message);
}

Result<void> only_members(std::string_view criterion, std::string_view what,
                          const json::Value& object,
                          std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object.as_object()) {
    bool known = false;
    for (auto name : allowed) known |= key == name;
    if (!known) return invalid(criterion, std::string(what) + "unknown member '" + key + "'");
  }
  return {};
}

Result<void> check_time_window(std::string_view criterion, const json::Value* window) {
  if (!window || window->is_null()) return {};
  if (!window->is_object()) return invalid(criterion, "timeWindow must be an object");
  CUSTOS_TRY(only_members(criterion, "timeWindow: ", *window,
                          {"type", "value", "period", "startDate", "endDate"}));
  const json::Value* type = window->find("type");
  const json::Value* value = window->find("value");
  const json::Value* period = window->find("period");
  std::string kind = wildcard(type) ? "" : type->is_string() ? type->as_string() : "?";
  if (!kind.empty() && kind != "rolling" && kind != "fixed")
    return invalid(criterion, "timeWindow.type must be \"rolling\" or \"fixed\"");
  if (!wildcard(value)) {
    auto seconds = value->is_number() ? value->as_number().to_int64() : std::nullopt;
    if (!seconds || *seconds <= 0)
      return invalid(criterion, "timeWindow.value must be a positive number of seconds");
  } else if (kind == "rolling") {
    return invalid(criterion, "a rolling timeWindow needs value (seconds)");
  }
  if (!wildcard(period)) {
    if (!period->is_string() ||
        (period->as_string() != "1d" && period->as_string() != "1m" && period->as_string() != "1y"))
      return invalid(criterion, "timeWindow.period must be \"1d\", \"1m\" or \"1y\"");
  } else if (kind == "fixed") {
    return invalid(criterion, "a fixed timeWindow needs period (1d, 1m or 1y)");
  }
  const json::Value* start = window->find("startDate");
  const json::Value* end = window->find("endDate");
  for (auto [name, date] : {std::pair{"startDate", start}, std::pair{"endDate", end}}) {
    if (!wildcard(date) && !non_negative_integer(*date))
      return invalid(criterion, std::string("timeWindow.") + name + " must be unix seconds");
  }
  if (!wildcard(start) && !wildcard(end) &&
      *start->as_number().to_int64() > *end->as_number().to_int64())
    return invalid(criterion, "timeWindow.startDate is after endDate");
  return {};
}

Result<void> check_filters(std::string_view criterion, const json::Value* filters) {
  if (!filters || filters->is_null()) return {};
  if (!filters->is_object()) return invalid(criterion, "filters must be an object");
  CUSTOS_TRY(only_members(criterion, "filters: ", *filters,
                          {"tokens", "users", "resources", "destinations", "chains", "userGroups",
                           "accountGroups", "perPrincipal"}));
  for (const auto& [key, value] : filters->as_object()) {
    if (key == "perPrincipal") {
      if (!value.is_bool() && !value.is_null())
        return invalid(criterion, "filters.perPrincipal must be a boolean");
      continue;
    }
    if (wildcard(&value)) continue;
    bool ok = value.is_array();
    if (ok) {
      for (const auto& item : value.as_array()) ok &= item.is_string() || item.is_number();
    }
    if (!ok) return invalid(criterion, "filters." + key + " must be an array of strings");
  }
  return {};
}

bool value_operator(const json::Value* op) {
  if (!op || !op->is_string()) return false;
  const std::string& o = op->as_string();
  return o == "eq" || o == "ne" || o == "gt" || o == "gte" || o == "lt" || o == "lte";
}

// {operator, value, currency?} of checkIntentAmount / checkGasFeeAmount.
Result<void> check_amount_condition(std::string_view criterion, const json::Value& args) {
  if (!args.is_object()) return invalid(criterion, "takes an object");
  CUSTOS_TRY(only_members(criterion, "", args, {"operator", "value", "currency"}));
  if (!value_operator(args.find("operator")))
    return invalid(criterion, "operator must be one of eq, ne, gt, gte, lt, lte");
  const json::Value* value = args.find("value");
  if (!value || !decimal(*value))
    return invalid(criterion, "value must be a non-negative decimal (string or number)");
  const json::Value* currency = args.find("currency");
  if (currency && !currency->is_null() && !currency->is_string())
    return invalid(criterion, "currency must be a string (\"*\" or \"fiat:…\")");
  return {};
}

}  // namespace

Result<void> check_limit_args(std::string_view criterion, const json::Value& args) {
  if (criterion == "checkIntentAmount" || criterion == "checkGasFeeAmount")
    return check_amount_condition(criterion, args);
  bool spending = criterion == "checkSpendingLimit";
  if (!spending && criterion != "checkRateLimit") return {};
  if (!args.is_object()) return invalid(criterion, "takes an object");
  if (spending) {
    CUSTOS_TRY(only_members(criterion, "", args,
                            {"limit", "operator", "currency", "timeWindow", "filters"}));
    const json::Value* limit = args.find("limit");
    if (!limit || !decimal(*limit))
      return invalid(criterion, "limit must be a non-negative decimal (string or number)");
    const json::Value* op = args.find("operator");
    if (!wildcard(op) && !value_operator(op))
      return invalid(criterion, "operator must be one of eq, ne, gt, gte, lt, lte");
    const json::Value* currency = args.find("currency");
    if (currency && !currency->is_null() && !currency->is_string())
      return invalid(criterion, "currency must be a string (\"*\" or \"fiat:…\")");
  } else {
    CUSTOS_TRY(
        only_members(criterion, "", args, {"limit", "maxTransfers", "timeWindow", "filters"}));
    const json::Value* limit = args.find("limit");
    const json::Value* max = args.find("maxTransfers");
    if ((limit != nullptr) == (max != nullptr))
      return invalid(criterion, "needs exactly one of limit and maxTransfers");
    const json::Value& count = limit ? *limit : *max;
    bool ok = non_negative_integer(count) || (count.is_string() && digits(count.as_string()));
    if (!ok) return invalid(criterion, "limit must be a non-negative integer");
  }
  CUSTOS_TRY(check_time_window(criterion, args.find("timeWindow")));
  return check_filters(criterion, args.find("filters"));
}

}  // namespace custos::store
