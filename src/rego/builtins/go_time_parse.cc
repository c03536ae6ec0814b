// Go-compatible parsing: time.Parse with reference layouts, RFC 3339, time.ParseDuration.
// See go_time.h for the contract; the algorithm follows the behaviour documented for Go's
// `time` package (layout elements, space skipping, range errors, fraction handling).

#include <array>
#include <cstdint>

#include "rego/builtins/go_layout.h"
#include "rego/builtins/go_time.h"

namespace custos::rego::go {

using layout_detail::Chunk;
using layout_detail::next_chunk;
using layout_detail::Std;

namespace {

constexpr std::array<std::string_view, 12> kLongMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kShortMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 7> kShortDays = {"Sun", "Mon", "Tue", "Wed",
                                                        "Thu", "Fri", "Sat"};

std::string quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  out.push_back('"');
  return out;
}

bool digit(std::string_view s, std::size_t i) { return i < s.size() && s[i] >= '0' && s[i] <= '9'; }
bool comma_or_period(char c) { return c == '.' || c == ','; }

bool getnum(std::string_view& s, bool fixed, int& out) {
  if (!digit(s, 0)) return false;
  if (!digit(s, 1)) {
    if (fixed) return false;
    out = s[0] - '0';
    s.remove_prefix(1);
    return true;
  }
  out = (s[0] - '0') * 10 + (s[1] - '0');
  s.remove_prefix(2);
  return true;
}

bool getnum3(std::string_view& s, bool fixed, int& out) {
  int n = 0, i = 0;
  for (; i < 3 && digit(s, static_cast<std::size_t>(i)); ++i) n = n * 10 + (s[i] - '0');
  if (i == 0 || (fixed && i != 3)) return false;
  out = n;
  s.remove_prefix(static_cast<std::size_t>(i));
  return true;
}

bool atoi_digits(std::string_view s, std::int64_t& out) {
  if (s.empty()) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

template <std::size_t N>
bool lookup(const std::array<std::string_view, N>& tab, std::string_view& s, int& out) {
  for (std::size_t i = 0; i < N; ++i) {
    std::string_view v = tab[i];
    if (s.size() < v.size()) continue;
    bool ok = true;
    for (std::size_t k = 0; k < v.size() && ok; ++k) {
      char a = s[k], b = v[k];
      if (a >= 'A' && a <= 'Z') a = static_cast<char>(a + 32);
      if (b >= 'A' && b <= 'Z') b = static_cast<char>(b + 32);
      ok = a == b;
    }
    if (ok) {
      s.remove_prefix(v.size());
      out = static_cast<int>(i);
      return true;
    }
  }
  return false;
}

std::string_view cutspace(std::string_view s) {
  while (!s.empty() && s[0] == ' ') s.remove_prefix(1);
  return s;
}

// Removes `prefix` from `value`, runs of spaces matching runs of spaces.
bool skip(std::string_view& value, std::string_view prefix) {
  while (!prefix.empty()) {
    if (prefix[0] == ' ') {
      if (!value.empty() && value[0] != ' ') return false;
      prefix = cutspace(prefix);
      value = cutspace(value);
      continue;
    }
    if (value.empty() || value[0] != prefix[0]) return false;
    prefix.remove_prefix(1);
    value.remove_prefix(1);
  }
  return true;
}

// "[+-]hh" (0..23) after GMT or alone; returns the consumed length, 0 when not an offset.
std::size_t signed_offset_len(std::string_view v) {
  if (v.empty() || (v[0] != '+' && v[0] != '-')) return 0;
  std::size_t i = 1;
  std::int64_t x = 0;
  while (i < v.size() && v[i] >= '0' && v[i] <= '9') {
    x = x * 10 + (v[i] - '0');
    if (x > 1000) return 0;
    ++i;
  }
  if (i == 1 || x > 23) return 0;
  return i;
}

// Length of a zone abbreviation at the start of `v` (Go's parseTimeZone); 0 when none.
std::size_t time_zone_len(std::string_view v) {
  if (v.size() < 3) return 0;
  if (v.size() >= 4 && (v.substr(0, 4) == "ChST" || v.substr(0, 4) == "MeST")) return 4;
  if (v.substr(0, 3) == "GMT") return 3 + signed_offset_len(v.substr(3));
  if (v[0] == '+' || v[0] == '-') return signed_offset_len(v);
  std::size_t n = 0;
  while (n < 6 && n < v.size() && v[n] >= 'A' && v[n] <= 'Z') ++n;
  switch (n) {
    case 3: return 3;
    case 4: return (v[3] == 'T' || v.substr(0, 4) == "WITA") ? 4 : 0;
    case 5: return v[4] == 'T' ? 5 : 0;
    default: return 0;
  }
}

// ".ddd" → nanoseconds; `n` counts the separator.
bool parse_nanos(std::string_view v, std::size_t n, std::int32_t& out) {
  if (v.empty() || !comma_or_period(v[0])) return false;
  if (n > 10) n = 10;
  std::int64_t ns = 0;
  if (!atoi_digits(v.substr(1, n - 1), ns)) return false;
  for (std::size_t i = n; i < 10; ++i) ns *= 10;
  out = static_cast<std::int32_t>(ns);
  return true;
}

Error parse_error(std::string_view layout, std::string_view value, std::string_view layout_elem,
                  std::string_view value_elem, std::string_view message) {
  if (message.empty()) {
    return Error(ErrorCode::kEvalBuiltin, "parsing time " + quote(value) + " as " + quote(layout) +
                                              ": cannot parse " + quote(value_elem) + " as " +
                                              quote(layout_elem));
  }
  return Error(ErrorCode::kEvalBuiltin, "parsing time " + quote(value) + std::string(message));
}

bool is_iso_tz(Std s) {
  return s == Std::kISO8601TZ || s == Std::kISO8601ShortTZ || s == Std::kISO8601ColonTZ ||
         s == Std::kISO8601SecondsTZ || s == Std::kISO8601ColonSecondsTZ;
}
bool is_num_tz(Std s) {
  return s == Std::kNumTZ || s == Std::kNumShortTZ || s == Std::kNumColonTZ ||
         s == Std::kNumSecondsTz || s == Std::kNumColonSecondsTZ;
}

// Parses a numeric zone offset for `std` from `value`; false on a malformed offset.
bool parse_offset(Std std, std::string_view& value, int& offset, std::string& range_err) {
  std::string_view sign, hh, mm, ss = "00";
  if (std == Std::kISO8601ColonTZ || std == Std::kNumColonTZ) {
    if (value.size() < 6 || value[3] != ':') return false;
    sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2);
    value.remove_prefix(6);
  } else if (std == Std::kNumShortTZ || std == Std::kISO8601ShortTZ) {
    if (value.size() < 3) return false;
    sign = value.substr(0, 1), hh = value.substr(1, 2), mm = "00";
    value.remove_prefix(3);
  } else if (std == Std::kISO8601ColonSecondsTZ || std == Std::kNumColonSecondsTZ) {
    if (value.size() < 9 || value[3] != ':' || value[6] != ':') return false;
    sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(4, 2),
    ss = value.substr(7, 2);
    value.remove_prefix(9);
  } else if (std == Std::kISO8601SecondsTZ || std == Std::kNumSecondsTz) {
    if (value.size() < 7) return false;
    sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2),
    ss = value.substr(5, 2);
    value.remove_prefix(7);
  } else {
    if (value.size() < 5) return false;
    sign = value.substr(0, 1), hh = value.substr(1, 2), mm = value.substr(3, 2);
    value.remove_prefix(5);
  }
  int h = 0, m = 0, s = 0;
  if (!getnum(hh, true, h) || !getnum(mm, true, m) || !getnum(ss, true, s)) return false;
  if (h > 24) range_err = "time zone offset hour";
  if (m > 60) range_err = "time zone offset minute";
  if (s > 60) range_err = "time zone offset second";
  offset = (h * 60 + m) * 60 + s;
  if (sign[0] == '-') {
    offset = -offset;
  } else if (sign[0] != '+') {
    return false;
  }
  return true;
}

}  // namespace

Result<Time> parse(std::string_view layout_in, std::string_view value_in) {
  std::string_view layout = layout_in, value = value_in;
  std::string range_err;
  bool am = false, pm = false, utc = false;
  std::int64_t year = 0;
  int month = -1, day = -1, yday = -1, hour = 0, minute = 0, second = 0;
  std::int32_t nanos = 0;
  int zone_offset = 0;
  bool has_offset = false;
  std::string zone_name;
  for (;;) {
    Chunk ch = next_chunk(layout);
    if (!skip(value, ch.prefix))
      return fail(parse_error(layout_in, value_in, ch.prefix, value, ""));
    if (ch.std == Std::kNone) {
      if (!value.empty()) {
        return fail(parse_error(layout_in, value_in, "", value, ": extra text: " + quote(value)));
      }
      break;
    }
    layout = ch.suffix;
    std::string_view hold = value;
    bool ok = true;
    int ignored = 0;
    switch (ch.std) {
      case Std::kYear: {
        std::int64_t y = 0;
        if (value.size() < 2 || !atoi_digits(value.substr(0, 2), y)) {
          ok = false;
          break;
        }
        value.remove_prefix(2);
        year = y >= 69 ? y + 1900 : y + 2000;
        break;
      }
      case Std::kLongYear:
        if (value.size() < 4 || !digit(value, 0) || !atoi_digits(value.substr(0, 4), year)) {
          ok = false;
          break;
        }
        value.remove_prefix(4);
        break;
      case Std::kMonth:
        ok = lookup(kShortMonths, value, month);
        ++month;
        break;
      case Std::kLongMonth:
        ok = lookup(kLongMonths, value, month);
        ++month;
        break;
      case Std::kNumMonth:
      case Std::kZeroMonth:
        ok = getnum(value, ch.std == Std::kZeroMonth, month);
        if (ok && (month <= 0 || month > 12)) range_err = "month";
        break;
      case Std::kWeekDay: ok = lookup(kShortDays, value, ignored); break;
      case Std::kLongWeekDay: ok = lookup(kLongDays, value, ignored); break;
      case Std::kDay:
      case Std::kUnderDay:
      case Std::kZeroDay:
        if (ch.std == Std::kUnderDay && !value.empty() && value[0] == ' ') value.remove_prefix(1);
        ok = getnum(value, ch.std == Std::kZeroDay, day);
        break;
      case Std::kUnderYearDay:
      case Std::kZeroYearDay:
        for (int i = 0; i < 2; ++i) {
          if (ch.std == Std::kUnderYearDay && !value.empty() && value[0] == ' ') {
            value.remove_prefix(1);
          }
        }
        ok = getnum3(value, ch.std == Std::kZeroYearDay, yday);
        break;
      case Std::kHour:
        ok = getnum(value, false, hour);
        if (hour < 0 || hour >= 24) range_err = "hour";
        break;
      case Std::kHour12:
      case Std::kZeroHour12:
        ok = getnum(value, ch.std == Std::kZeroHour12, hour);
        if (hour < 0 || hour > 12) range_err = "hour";
        break;
      case Std::kMinute:
      case Std::kZeroMinute:
        ok = getnum(value, ch.std == Std::kZeroMinute, minute);
        if (minute < 0 || minute >= 60) range_err = "minute";
        break;
      case Std::kSecond:
      case Std::kZeroSecond: {
        ok = getnum(value, ch.std == Std::kZeroSecond, second);
        if (!ok) break;
        if (second < 0 || second >= 60) {
          range_err = "second";
          break;
        }
        // A fraction in the value without one in the layout is accepted.
        if (value.size() >= 2 && comma_or_period(value[0]) && digit(value, 1)) {
          Std next = next_chunk(layout).std;
          if (next == Std::kFracSecond0 || next == Std::kFracSecond9) break;
          std::size_t n = 2;
          while (n < value.size() && digit(value, n)) ++n;
          ok = parse_nanos(value, n, nanos);
          value.remove_prefix(n);
        }
        break;
      }
      case Std::kPM:
      case Std::kpm: {
        if (value.size() < 2) {
          ok = false;
          break;
        }
        std::string_view p = value.substr(0, 2);
        value.remove_prefix(2);
        bool upper = ch.std == Std::kPM;
        if (p == (upper ? "PM" : "pm")) {
          pm = true;
        } else if (p == (upper ? "AM" : "am")) {
          am = true;
        } else {
          ok = false;
        }
        break;
      }
      case Std::kTZ:
        if (value.size() >= 3 && value.substr(0, 3) == "UTC") {
          utc = true;
          value.remove_prefix(3);
          break;
        }
        if (std::size_t n = time_zone_len(value); n > 0) {
          zone_name = std::string(value.substr(0, n));
          value.remove_prefix(n);
        } else {
          ok = false;
        }
        break;
      case Std::kFracSecond0: {
        std::size_t n = 1 + static_cast<std::size_t>(ch.digits);
        if (value.size() < n) {
          ok = false;
          break;
        }
        ok = parse_nanos(value, n, nanos);
        value.remove_prefix(n);
        break;
      }
      case Std::kFracSecond9: {
        if (value.size() < 2 || !comma_or_period(value[0]) || !digit(value, 1)) break;
        std::size_t i = 0;
        while (i + 1 < value.size() && digit(value, i + 1)) ++i;
        ok = parse_nanos(value, 1 + i, nanos);
        value.remove_prefix(1 + i);
        break;
      }
      default:
        if (is_iso_tz(ch.std) && !value.empty() && value[0] == 'Z') {
          value.remove_prefix(1);
          utc = true;
          break;
        }
        if (is_iso_tz(ch.std) || is_num_tz(ch.std)) {
          ok = parse_offset(ch.std, value, zone_offset, range_err);
          has_offset = ok;
        }
        break;
    }
    if (!range_err.empty()) {
      return fail(
          parse_error(layout_in, value_in, ch.element, value, ": " + range_err + " out of range"));
    }
    if (!ok) return fail(parse_error(layout_in, value_in, ch.element, hold, ""));
  }
  if (pm && hour < 12) {
    hour += 12;
  } else if (am && hour == 12) {
    hour = 0;
  }
  if (yday >= 0) {
    int m = 0, d = 0;
    if (is_leap_year(year)) {
      if (yday == 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) {
        --yday;
      }
    }
    if (yday < 1 || yday > 365) {
      return fail(parse_error(layout_in, value_in, "", value, ": day-of-year out of range"));
    }
    if (m == 0) {
      static constexpr int kBefore[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
      m = (yday - 1) / 31 + 1;
      if (kBefore[m] < yday) ++m;
      d = yday - kBefore[m - 1];
    }
    if (month >= 0 && month != m) {
      return fail(
          parse_error(layout_in, value_in, "", value, ": day-of-year does not match month"));
    }
    month = m;
    if (day >= 0 && day != d) {
      return fail(parse_error(layout_in, value_in, "", value, ": day-of-year does not match day"));
    }
    day = d;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }
  if (day < 1 || day > days_in_month(year, month)) {
    return fail(parse_error(layout_in, value_in, "", value, ": day out of range"));
  }
  Time t = from_civil(year, month, day, hour, minute, second, nanos, Zone::utc());
  if (utc) return t;
  if (has_offset) {
    t.unix_seconds -= zone_offset;
    t.zone = zone_offset == 0 ? Zone::utc() : Zone::fixed("", zone_offset);
    return t;
  }
  if (!zone_name.empty()) {
    int offset = 0;
    if (zone_name.size() > 3 && zone_name.substr(0, 3) == "GMT") {
      std::int64_t h = 0;
      std::string_view rest = std::string_view(zone_name).substr(4);
      atoi_digits(rest, h);
      offset = static_cast<int>((zone_name[3] == '-' ? -h : h) * 3600);
    }
    // Go records an unknown abbreviation with the civil time read as UTC.
    t.zone = Zone::fixed(zone_name, offset);
    return t;
  }
  return t;
}

Result<std::int64_t> parse_rfc3339_ns(std::string_view value) {
  CUSTOS_TRY_ASSIGN(Time t, parse("2006-01-02T15:04:05Z07:00", value));
  return t.unix_nanos();
}

Result<std::int64_t> parse_duration_ns(std::string_view s) {
  const std::string orig(s);
  auto invalid = [&] {
    return fail(ErrorCode::kEvalBuiltin, "time: invalid duration " + quote(orig));
  };
  bool neg = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return 0;
  if (s.empty()) return invalid();
  constexpr std::uint64_t kMax = std::uint64_t(1) << 63;
  std::uint64_t d = 0;
  while (!s.empty()) {
    if (!(s[0] == '.' || (s[0] >= '0' && s[0] <= '9'))) return invalid();
    std::uint64_t v = 0, f = 0;
    double scale = 1.0;
    std::size_t i = 0;
    for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
      if (v > kMax / 10) return invalid();
      v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (v > kMax) return invalid();
    }
    bool pre = i > 0;
    s.remove_prefix(i);
    bool post = false;
    if (!s.empty() && s[0] == '.') {
      s.remove_prefix(1);
      std::size_t j = 0;
      bool overflow = false;
      for (; j < s.size() && s[j] >= '0' && s[j] <= '9'; ++j) {
        if (overflow) continue;
        if (f > (kMax - 1) / 10) {
          overflow = true;
          continue;
        }
        std::uint64_t y = f * 10 + static_cast<std::uint64_t>(s[j] - '0');
        if (y > kMax) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j > 0;
      s.remove_prefix(j);
    }
    if (!pre && !post) return invalid();
    std::size_t u = 0;
    while (u < s.size() && s[u] != '.' && !(s[u] >= '0' && s[u] <= '9')) ++u;
    if (u == 0) {
      return fail(ErrorCode::kEvalBuiltin, "time: missing unit in duration " + quote(orig));
    }
    std::string_view unit_name = s.substr(0, u);
    s.remove_prefix(u);
    std::uint64_t unit = 0;
    if (unit_name == "ns") {
      unit = 1;
    } else if (unit_name == "us" || unit_name == "\xC2\xB5s" || unit_name == "\xCE\xBCs") {
      unit = 1000;
    } else if (unit_name == "ms") {
      unit = 1'000'000;
    } else if (unit_name == "s") {
      unit = 1'000'000'000;
    } else if (unit_name == "m") {
      unit = 60'000'000'000;
    } else if (unit_name == "h") {
      unit = 3'600'000'000'000;
    } else {
      return fail(ErrorCode::kEvalBuiltin,
                  "time: unknown unit " + quote(unit_name) + " in duration " + quote(orig));
    }
    if (v > kMax / unit) return invalid();
    v *= unit;
    if (f > 0) {
      v += static_cast<std::uint64_t>(static_cast<double>(f) * (static_cast<double>(unit) / scale));
      if (v > kMax) return invalid();
    }
    d += v;
    if (d > kMax) return invalid();
  }
  if (neg) return static_cast<std::int64_t>(0 - d);
  if (d > kMax - 1) return invalid();
  return static_cast<std::int64_t>(d);
}

}  // namespace custos::rego::go
