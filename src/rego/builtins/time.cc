// Time (OPA category "time"): time.now_ns (the evaluation's injected "now"), time.parse_ns,
// time.parse_rfc3339_ns, time.parse_duration_ns, time.date, time.clock, time.weekday,
// time.add_date, time.diff, time.format. Go semantics via go_time.h (layouts, IANA zones read
// from TZif files, no process-global TZ state, so thread-safe).

#include "rego/builtins/go_time.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

const Type kNs = Type::any_of({Type::number(), Type::array_of(Type::any())});

struct TzTime {
  go::Time time;
  std::string layout = "2006-01-02T15:04:05.999999999Z07:00";
};

Result<std::int64_t> ns_operand(BuiltinContext& ctx, const Value& v, int n) {
  if (!v.is_number()) return err(operand_type_error(ctx, n, "number", v));
  auto i = v.as_number().to_int64();
  if (!i) return util::builtin_err(ctx, "timestamp too big");
  return *i;
}

// A number (ns, UTC) or [ns, tz] or [ns, tz, layout].
Result<TzTime> tz_time(BuiltinContext& ctx, const Value& v, int n) {
  TzTime out;
  std::shared_ptr<const go::Zone> zone = go::Zone::utc();
  std::int64_t ns = 0;
  if (v.is_number()) {
    CUSTOS_TRY_ASSIGN(ns, ns_operand(ctx, v, n));
  } else if (v.is_array()) {
    auto items = v.as_array();
    if (items.empty()) {
      return err(util::type_error(ctx, n, {"either number (ns) or [number (ns), string (tz)]"}, v));
    }
    CUSTOS_TRY_ASSIGN(ns, ns_operand(ctx, items[0], n));
    if (items.size() > 1) {
      if (!items[1].is_string()) return err(operand_type_error(ctx, n, "string", items[1]));
      const std::string& tz = items[1].as_string();
      auto z = go::Zone::load(tz);
      if (!z) return util::builtin_err(ctx, z.error().message());
      zone = *z;
    }
    if (items.size() > 2) {
      if (!items[2].is_string()) return err(operand_type_error(ctx, n, "string", items[2]));
      out.layout = std::string(go::named_layout(items[2].as_string()));
    }
  } else {
    return err(util::type_error(ctx, n, {"number", "array"}, v));
  }
  out.time = go::Time::from_unix_nanos(ns, zone);
  return out;
}

BuiltinResult ns_result(BuiltinContext& ctx, const go::Time& t) {
  auto ns = t.unix_nanos();
  if (!ns) return util::builtin_err(ctx, ns.error().message());
  return Value(*ns);
}

}  // namespace

void register_time(Registry& r) {
  r.add({.name = "time.now_ns",
         .args = {},
         .result = Type::number(),
         .description = "Returns the current time since epoch in nanoseconds.",
         .category = "time",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value>) -> BuiltinResult {
           return Value(ctx.now_unix_nanos);
         }});
  r.add({.name = "time.parse_ns",
         .args = {Type::string(), Type::string()},
         .result = Type::number(),
         .description = "Returns the time in nanoseconds parsed from the string in the given "
                        "format. `UTC` is the default timezone if not specified.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto layout, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto value, arg_string(ctx, args, 2));
           auto t = go::parse(go::named_layout(layout), value);
           if (!t) return util::builtin_err(ctx, t.error().message());
           return ns_result(ctx, *t);
         }});
  r.add({.name = "time.parse_rfc3339_ns",
         .args = {Type::string()},
         .result = Type::number(),
         .description = "Returns the time in nanoseconds parsed from the string in RFC3339 "
                        "format. `UTC` is the default timezone if not specified.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto value, arg_string(ctx, args, 1));
           auto ns = go::parse_rfc3339_ns(value);
           if (!ns) return util::builtin_err(ctx, ns.error().message());
           return Value(*ns);
         }});
  r.add({.name = "time.parse_duration_ns",
         .args = {Type::string()},
         .result = Type::number(),
         .description = "Returns the duration in nanoseconds represented by a string.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto value, arg_string(ctx, args, 1));
           auto ns = go::parse_duration_ns(value);
           if (!ns) return util::builtin_err(ctx, ns.error().message());
           return Value(*ns);
         }});
  r.add({.name = "time.date",
         .args = {kNs},
         .result = Type::array_of(Type::number()),
         .description = "Returns the `[year, month, day]` for the nanoseconds since epoch.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto t, tz_time(ctx, args[0], 1));
           go::Civil c = go::to_civil(t.time);
           return Value::array({Value(c.year), Value(c.month), Value(c.day)});
         }});
  r.add({.name = "time.clock",
         .args = {kNs},
         .result = Type::array_of(Type::number()),
         .description = "Returns the `[hour, minute, second]` of the day for the nanoseconds "
                        "since epoch.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto t, tz_time(ctx, args[0], 1));
           go::Civil c = go::to_civil(t.time);
           return Value::array({Value(c.hour), Value(c.minute), Value(c.second)});
         }});
  r.add({.name = "time.weekday",
         .args = {kNs},
         .result = Type::string(),
         .description = "Returns the day of the week (Monday, Tuesday, ...) for the nanoseconds "
                        "since epoch.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto t, tz_time(ctx, args[0], 1));
           static constexpr const char* kDays[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                   "Thursday", "Friday", "Saturday"};
           return Value(kDays[go::to_civil(t.time).weekday]);
         }});
  r.add({.name = "time.add_date",
         .args = {Type::number(), Type::number(), Type::number(), Type::number()},
         .result = Type::number(),
         .description = "Returns the nanoseconds since epoch after adding years, months and days "
                        "to nanoseconds. Month & day values outside their usual ranges after the "
                        "operation and will be normalized - for example, October 32 would become "
                        "November 1. `undefined` if the result would be outside the valid time "
                        "range that can fit within an `int64`.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto ns, ns_operand(ctx, args[0], 1));
           CUSTOS_TRY_ASSIGN(auto years, arg_int(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto months, arg_int(ctx, args, 3));
           CUSTOS_TRY_ASSIGN(auto days, arg_int(ctx, args, 4));
           if (std::abs(years) > 1'000'000 || std::abs(months) > 12'000'000 ||
               std::abs(days) > 400'000'000) {
             return util::builtin_err(ctx, "time outside of valid range");
           }
           go::Time t = go::Time::from_unix_nanos(ns, go::Zone::utc());
           go::Civil c = go::to_civil(t);
           go::Time out = go::from_civil(c.year + years, c.month + months, c.day + days, c.hour,
                                         c.minute, c.second, c.nanos, go::Zone::utc());
           return ns_result(ctx, out);
         }});
  r.add({.name = "time.diff",
         .args = {kNs, kNs},
         .result = Type::array_of(Type::number()),
         .description = "Returns the difference between two unix timestamps in nanoseconds "
                        "(with optional timezone strings).",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, tz_time(ctx, args[0], 1));
           CUSTOS_TRY_ASSIGN(auto b, tz_time(ctx, args[1], 2));
           go::Time t1 = a.time, t2 = b.time;
           t2.zone = t1.zone;
           if (t1.unix_seconds > t2.unix_seconds ||
               (t1.unix_seconds == t2.unix_seconds && t1.nanos > t2.nanos)) {
             std::swap(t1, t2);
           }
           go::Civil c1 = go::to_civil(t1), c2 = go::to_civil(t2);
           std::int64_t year = c2.year - c1.year;
           std::int64_t month = c2.month - c1.month, day = c2.day - c1.day;
           std::int64_t hour = c2.hour - c1.hour, min = c2.minute - c1.minute;
           std::int64_t sec = c2.second - c1.second;
           if (sec < 0) sec += 60, --min;
           if (min < 0) min += 60, --hour;
           if (hour < 0) hour += 24, --day;
           if (day < 0) {
             // Days in c1's month: day 32 normalises into the next month.
             go::CivilDate d = go::civil_from_days(go::days_from_civil(c1.year, c1.month, 32));
             day += 32 - d.day;
             --month;
           }
           if (month < 0) month += 12, --year;
           return Value::array(
               {Value(year), Value(month), Value(day), Value(hour), Value(min), Value(sec)});
         }});
  r.add({.name = "time.format",
         .args = {kNs},
         .result = Type::string(),
         .description = "Returns the formatted timestamp for the nanoseconds since epoch.",
         .category = "time",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto t, tz_time(ctx, args[0], 1));
           return Value(go::format(t.time, t.layout));
         }});
}

}  // namespace custos::rego
