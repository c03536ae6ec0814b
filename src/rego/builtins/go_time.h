#pragma once
// Go-compatible time handling for the Rego time.* builtins: civil-date arithmetic, IANA zones
// read from TZif files, Go reference layouts ("2006-01-02T15:04:05Z07:00") for parsing and
// formatting, RFC 3339 and Go duration strings. Independent of the Rego value type.
//
// Semantics follow Go's `time` package as used by OPA's topdown/time.go (facts of the format,
// not Go code): the same layout elements, the same two-digit-year pivot (69), the same rounding
// of fractional seconds (truncation), the same duration units (ns, us, µs, μs, ms, s, m, h).

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace custos::rego::go {

// A civil date in the proleptic Gregorian calendar.
struct CivilDate {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days since 1970-01-01 of a civil date. Month and day may be out of range: they are normalised
// the way Go's time.Date does (month 13 = January of the next year, day 0 = last of previous).
std::int64_t days_from_civil(std::int64_t year, std::int64_t month, std::int64_t day);
// The civil date of a day count since 1970-01-01.
CivilDate civil_from_days(std::int64_t days);
// 0 = Sunday .. 6 = Saturday.
int weekday_from_days(std::int64_t days);
bool is_leap_year(std::int64_t year);
int days_in_month(std::int64_t year, int month);

// The offset in effect at one instant.
struct ZoneOffset {
  int offset_seconds = 0;  // east of UTC
  std::string abbreviation;
  bool is_dst = false;
};

// An IANA time zone: transitions read from a TZif file (RFC 8536), v1 or v2+, with the POSIX TZ
// footer used for instants after the last transition. Immutable once loaded; thread-safe.
class Zone {
 public:
  // "UTC" (also "" ) is built in. Other names are read from the system zoneinfo directory
  // (/usr/share/zoneinfo, or $ZONEINFO when set) and cached process-wide. "Local" is the zone
  // named by $TZ or /etc/localtime, UTC when neither exists. Errors: kEvalBuiltin
  // ("unknown time zone NAME") for names that are not a readable TZif file; names with "..",
  // a leading "/" or "\\" are refused.
  static Result<std::shared_ptr<const Zone>> load(std::string_view name);
  // The built-in UTC zone.
  static std::shared_ptr<const Zone> utc();
  // A zone with one fixed offset and abbreviation.
  static std::shared_ptr<const Zone> fixed(std::string name, int offset_seconds);
  // Parses TZif bytes (exposed for tests and fuzzing). Error: kEvalBuiltin.
  static Result<std::shared_ptr<const Zone>> from_tzif(std::string name, std::string_view bytes);

  const std::string& name() const { return name_; }
  // The offset in effect at `unix_seconds`.
  ZoneOffset lookup(std::int64_t unix_seconds) const;

  struct Transition {
    std::int64_t at;  // unix seconds
    int type;         // index into types_
  };
  struct Rule;  // POSIX TZ footer (opaque)

  Zone(std::string name, std::vector<ZoneOffset> types, std::vector<Transition> transitions,
       std::shared_ptr<const Rule> rule);

 private:
  std::string name_;
  std::vector<ZoneOffset> types_;
  std::vector<Transition> transitions_;
  std::shared_ptr<const Rule> rule_;
};

// A point in time with the zone it is displayed in. `unix_seconds` and `nanos` (0..999999999)
// are absolute; the zone only affects civil fields and formatting.
struct Time {
  std::int64_t unix_seconds = 0;
  std::int32_t nanos = 0;
  std::shared_ptr<const Zone> zone;  // never null once built by the functions below

  // Builds from nanoseconds since the epoch (floor division for negative values).
  static Time from_unix_nanos(std::int64_t ns, std::shared_ptr<const Zone> zone);
  // Nanoseconds since the epoch; std::nullopt-like failure when outside int64.
  Result<std::int64_t> unix_nanos() const;
};

// Civil fields of a Time in its zone.
struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second;
  std::int32_t nanos;
  int weekday;  // 0 = Sunday
  int yday;     // 1..366
  ZoneOffset offset;
};
Civil to_civil(const Time& t);

// Go's time.Date normalisation: builds the instant of the civil fields in `zone` (fields may be
// out of range and are carried). When the civil time is ambiguous or skipped in the zone, the
// offset in effect just before the transition is used, as Go does.
Time from_civil(std::int64_t year, std::int64_t month, std::int64_t day, std::int64_t hour,
                std::int64_t minute, std::int64_t second, std::int64_t nanos,
                std::shared_ptr<const Zone> zone);

// Replaces a Go layout constant name ("RFC3339", "ANSIC", "Kitchen", …) by its layout; any other
// string is returned unchanged.
std::string_view named_layout(std::string_view name);

// Go's time.Format with a reference layout.
std::string format(const Time& t, std::string_view layout);

// Go's time.Parse: values without zone information are UTC; a numeric offset gives a fixed zone;
// a zone abbreviation other than UTC/GMT gives offset 0 (Go's fabricated location). Error
// (kEvalBuiltin) messages follow Go: `parsing time "V" as "L": cannot parse "x" as "y"`,
// `parsing time "V": month out of range`, `parsing time "V": extra text: "x"`.
Result<Time> parse(std::string_view layout, std::string_view value);

// Nanoseconds since the epoch of an RFC 3339 timestamp; "time outside of valid range" when it does
// not fit in int64 nanoseconds.
Result<std::int64_t> parse_rfc3339_ns(std::string_view value);

// Go's time.ParseDuration, in nanoseconds. Errors: `time: invalid duration "x"`,
// `time: missing unit in duration "x"`, `time: unknown unit "u" in duration "x"`.
Result<std::int64_t> parse_duration_ns(std::string_view value);

}  // namespace custos::rego::go
