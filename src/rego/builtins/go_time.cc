// Go-compatible civil time, layouts, RFC 3339 and durations. See go_time.h.

#include "rego/builtins/go_time.h"

#include "rego/builtins/go_layout.h"

#include <array>
#include <cstring>

namespace custos::rego::go {

using layout_detail::Chunk;
using layout_detail::next_chunk;
using layout_detail::Std;

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
std::int64_t floor_mod(std::int64_t a, std::int64_t b) { return a - floor_div(a, b) * b; }

constexpr std::array<const char*, 12> kLongMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

bool starts(std::string_view s, std::size_t i, std::string_view p) {
  return s.substr(i, p.size()) == p;
}
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_digit_at(std::string_view s, std::size_t i) {
  return i < s.size() && s[i] >= '0' && s[i] <= '9';
}

void append_int(std::string& out, std::int64_t v, int width, char pad = '0') {
  bool neg = v < 0;
  std::uint64_t u = neg ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  char buf[24];
  int n = 0;
  do {
    buf[n++] = static_cast<char>('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (neg) out.push_back('-');
  for (int k = n; k < width; ++k) out.push_back(pad);
  while (n > 0) out.push_back(buf[--n]);
}

}  // namespace

Chunk layout_detail::next_chunk(std::string_view layout) {
  for (std::size_t i = 0; i < layout.size(); ++i) {
    auto hit = [&](Std std, std::size_t len) {
      Chunk c;
      c.prefix = layout.substr(0, i);
      c.std = std;
      c.element = layout.substr(i, len);
      c.suffix = layout.substr(i + len);
      return c;
    };
    switch (layout[i]) {
      case 'J':
        if (starts(layout, i, "Jan")) {
          if (starts(layout, i, "January")) return hit(Std::kLongMonth, 7);
          if (!(i + 3 < layout.size() && is_lower(layout[i + 3]))) return hit(Std::kMonth, 3);
        }
        break;
      case 'M':
        if (starts(layout, i, "Mon")) {
          if (starts(layout, i, "Monday")) return hit(Std::kLongWeekDay, 6);
          if (!(i + 3 < layout.size() && is_lower(layout[i + 3]))) return hit(Std::kWeekDay, 3);
        }
        if (starts(layout, i, "MST")) return hit(Std::kTZ, 3);
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          static constexpr Std k0x[] = {Std::kZeroMonth,  Std::kZeroDay,    Std::kZeroHour12,
                                        Std::kZeroMinute, Std::kZeroSecond, Std::kYear};
          return hit(k0x[layout[i + 1] - '1'], 2);
        }
        if (starts(layout, i, "002")) return hit(Std::kZeroYearDay, 3);
        break;
      case '1':
        if (starts(layout, i, "15")) return hit(Std::kHour, 2);
        return hit(Std::kNumMonth, 1);
      case '2':
        if (starts(layout, i, "2006")) return hit(Std::kLongYear, 4);
        return hit(Std::kDay, 1);
      case '_':
        if (starts(layout, i, "_2")) {
          // "_2006" is a literal underscore followed by the year.
          if (starts(layout, i + 1, "2006")) {
            Chunk c;
            c.prefix = layout.substr(0, i + 1);
            c.std = Std::kLongYear;
            c.element = layout.substr(i + 1, 4);
            c.suffix = layout.substr(i + 5);
            return c;
          }
          return hit(Std::kUnderDay, 2);
        }
        if (starts(layout, i, "__2")) return hit(Std::kUnderYearDay, 3);
        break;
      case '3': return hit(Std::kHour12, 1);
      case '4': return hit(Std::kMinute, 1);
      case '5': return hit(Std::kSecond, 1);
      case 'P':
        if (starts(layout, i, "PM")) return hit(Std::kPM, 2);
        break;
      case 'p':
        if (starts(layout, i, "pm")) return hit(Std::kpm, 2);
        break;
      case '-':
        if (starts(layout, i, "-070000")) return hit(Std::kNumSecondsTz, 7);
        if (starts(layout, i, "-07:00:00")) return hit(Std::kNumColonSecondsTZ, 9);
        if (starts(layout, i, "-0700")) return hit(Std::kNumTZ, 5);
        if (starts(layout, i, "-07:00")) return hit(Std::kNumColonTZ, 6);
        if (starts(layout, i, "-07")) return hit(Std::kNumShortTZ, 3);
        break;
      case 'Z':
        if (starts(layout, i, "Z070000")) return hit(Std::kISO8601SecondsTZ, 7);
        if (starts(layout, i, "Z07:00:00")) return hit(Std::kISO8601ColonSecondsTZ, 9);
        if (starts(layout, i, "Z0700")) return hit(Std::kISO8601TZ, 5);
        if (starts(layout, i, "Z07:00")) return hit(Std::kISO8601ColonTZ, 6);
        if (starts(layout, i, "Z07")) return hit(Std::kISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char ch = layout[i + 1];
          std::size_t j = i + 1;
          while (j < layout.size() && layout[j] == ch) ++j;
          if (!is_digit_at(layout, j)) {
            Chunk c = hit(ch == '0' ? Std::kFracSecond0 : Std::kFracSecond9, j - i);
            c.digits = static_cast<int>(j - (i + 1));
            c.separator = layout[i];
            return c;
          }
        }
        break;
      default: break;
    }
  }
  Chunk c;
  c.prefix = layout;
  return c;
}

bool is_leap_year(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(std::int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap_year(year)) return 29;
  return kDays[month - 1];
}

std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  // Normalise the month first (Go: month 13 = January next year).
  std::int64_t m0 = m - 1;
  y += floor_div(m0, 12);
  m = floor_mod(m0, 12) + 1;
  // Era-based conversion (400-year cycles of 146097 days), March-based year.
  y -= m <= 2 ? 1 : 0;
  std::int64_t era = floor_div(y, 400);
  std::int64_t yoe = y - era * 400;
  std::int64_t mp = (m + 9) % 12;
  std::int64_t doy = (153 * mp + 2) / 5;
  std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 + (d - 1);
}

CivilDate civil_from_days(std::int64_t z) {
  z += 719468;
  std::int64_t era = floor_div(z, 146097);
  std::int64_t doe = z - era * 146097;
  std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  std::int64_t y = yoe + era * 400;
  std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  std::int64_t mp = (5 * doy + 2) / 153;
  int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{y + (m <= 2 ? 1 : 0), m, d};
}

int weekday_from_days(std::int64_t days) { return static_cast<int>(floor_mod(days + 4, 7)); }

Time Time::from_unix_nanos(std::int64_t ns, std::shared_ptr<const Zone> zone) {
  Time t;
  t.unix_seconds = floor_div(ns, 1'000'000'000);
  t.nanos = static_cast<std::int32_t>(floor_mod(ns, 1'000'000'000));
  t.zone = zone ? std::move(zone) : Zone::utc();
  return t;
}

Result<std::int64_t> Time::unix_nanos() const {
  // Negative instants: combine (seconds + 1) and (nanos - 1e9) so INT64_MIN is reachable.
  std::int64_t secs = unix_seconds, ns = nanos;
  if (secs < 0 && ns > 0) {
    secs += 1;
    ns -= 1'000'000'000;
  }
  std::int64_t v = 0;
  if (__builtin_mul_overflow(secs, std::int64_t{1'000'000'000}, &v) ||
      __builtin_add_overflow(v, ns, &v)) {
    return fail(ErrorCode::kEvalBuiltin, "time outside of valid range");
  }
  return v;
}

Civil to_civil(const Time& t) {
  Civil c{};
  c.offset = (t.zone ? t.zone : Zone::utc())->lookup(t.unix_seconds);
  std::int64_t local = t.unix_seconds + c.offset.offset_seconds;
  std::int64_t days = floor_div(local, 86400);
  std::int64_t secs = floor_mod(local, 86400);
  CivilDate d = civil_from_days(days);
  c.year = d.year;
  c.month = d.month;
  c.day = d.day;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  c.nanos = t.nanos;
  c.weekday = weekday_from_days(days);
  c.yday = static_cast<int>(days - days_from_civil(d.year, 1, 1) + 1);
  return c;
}

Time from_civil(std::int64_t year, std::int64_t month, std::int64_t day, std::int64_t hour,
                std::int64_t minute, std::int64_t second, std::int64_t nanos,
                std::shared_ptr<const Zone> zone) {
  if (!zone) zone = Zone::utc();
  second += floor_div(nanos, 1'000'000'000);
  nanos = floor_mod(nanos, 1'000'000'000);
  std::int64_t local =
      days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  int off = zone->lookup(local).offset_seconds;
  int off2 = zone->lookup(local - off).offset_seconds;
  if (off2 != off) {
    // Near a transition: prefer an offset that reproduces the civil time, else the earlier one.
    if (zone->lookup(local - off2).offset_seconds == off2) off = off2;
  }
  Time t;
  t.unix_seconds = local - off;
  t.nanos = static_cast<std::int32_t>(nanos);
  t.zone = std::move(zone);
  return t;
}

std::string_view named_layout(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"ANSIC", "Mon Jan _2 15:04:05 2006"},
      {"UnixDate", "Mon Jan _2 15:04:05 MST 2006"},
      {"RubyDate", "Mon Jan 02 15:04:05 -0700 2006"},
      {"RFC822", "02 Jan 06 15:04 MST"},
      {"RFC822Z", "02 Jan 06 15:04 -0700"},
      {"RFC850", "Monday, 02-Jan-06 15:04:05 MST"},
      {"RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"},
      {"RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"},
      {"RFC3339", "2006-01-02T15:04:05Z07:00"},
      {"RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"},
      {"Kitchen", "3:04PM"},
      {"Stamp", "Jan _2 15:04:05"},
      {"StampMilli", "Jan _2 15:04:05.000"},
      {"StampMicro", "Jan _2 15:04:05.000000"},
      {"StampNano", "Jan _2 15:04:05.000000000"},
      {"DateTime", "2006-01-02 15:04:05"},
      {"DateOnly", "2006-01-02"},
      {"TimeOnly", "15:04:05"},
  };
  for (const auto& [n, l] : kNamed) {
    if (n == name) return l;
  }
  return name;
}

std::string format(const Time& t, std::string_view layout) {
  Civil c = to_civil(t);
  std::string out;
  while (!layout.empty()) {
    Chunk ch = next_chunk(layout);
    out.append(ch.prefix);
    if (ch.std == Std::kNone) break;
    layout = ch.suffix;
    switch (ch.std) {
      case Std::kYear: append_int(out, (c.year < 0 ? -c.year : c.year) % 100, 2); break;
      case Std::kLongYear: append_int(out, c.year, 4); break;
      case Std::kMonth: out.append(std::string_view(kLongMonths[c.month - 1]).substr(0, 3)); break;
      case Std::kLongMonth: out.append(kLongMonths[c.month - 1]); break;
      case Std::kNumMonth: append_int(out, c.month, 0); break;
      case Std::kZeroMonth: append_int(out, c.month, 2); break;
      case Std::kWeekDay: out.append(std::string_view(kLongDays[c.weekday]).substr(0, 3)); break;
      case Std::kLongWeekDay: out.append(kLongDays[c.weekday]); break;
      case Std::kDay: append_int(out, c.day, 0); break;
      case Std::kUnderDay: append_int(out, c.day, 2, ' '); break;
      case Std::kZeroDay: append_int(out, c.day, 2); break;
      case Std::kUnderYearDay: append_int(out, c.yday, 3, ' '); break;
      case Std::kZeroYearDay: append_int(out, c.yday, 3); break;
      case Std::kHour: append_int(out, c.hour, 2); break;
      case Std::kHour12:
      case Std::kZeroHour12: {
        int hr = c.hour % 12;
        if (hr == 0) hr = 12;
        append_int(out, hr, ch.std == Std::kHour12 ? 0 : 2);
        break;
      }
      case Std::kMinute: append_int(out, c.minute, 0); break;
      case Std::kZeroMinute: append_int(out, c.minute, 2); break;
      case Std::kSecond: append_int(out, c.second, 0); break;
      case Std::kZeroSecond: append_int(out, c.second, 2); break;
      case Std::kPM: out.append(c.hour >= 12 ? "PM" : "AM"); break;
      case Std::kpm: out.append(c.hour >= 12 ? "pm" : "am"); break;
      case Std::kISO8601TZ:
      case Std::kISO8601ColonTZ:
      case Std::kISO8601SecondsTZ:
      case Std::kISO8601ShortTZ:
      case Std::kISO8601ColonSecondsTZ:
      case Std::kNumTZ:
      case Std::kNumColonTZ:
      case Std::kNumSecondsTz:
      case Std::kNumShortTZ:
      case Std::kNumColonSecondsTZ: {
        int off = c.offset.offset_seconds;
        bool iso = ch.std == Std::kISO8601TZ || ch.std == Std::kISO8601ColonTZ ||
                   ch.std == Std::kISO8601SecondsTZ || ch.std == Std::kISO8601ShortTZ ||
                   ch.std == Std::kISO8601ColonSecondsTZ;
        if (iso && off == 0) {
          out.push_back('Z');
          break;
        }
        int zone = off / 60;
        int absoff = off;
        if (zone < 0) {
          out.push_back('-');
          zone = -zone;
          absoff = -absoff;
        } else {
          out.push_back('+');
        }
        append_int(out, zone / 60, 2);
        bool colon = ch.std == Std::kISO8601ColonTZ || ch.std == Std::kNumColonTZ ||
                     ch.std == Std::kISO8601ColonSecondsTZ || ch.std == Std::kNumColonSecondsTZ;
        bool short_tz = ch.std == Std::kISO8601ShortTZ || ch.std == Std::kNumShortTZ;
        if (!short_tz) {
          if (colon) out.push_back(':');
          append_int(out, zone % 60, 2);
        }
        if (ch.std == Std::kISO8601SecondsTZ || ch.std == Std::kNumSecondsTz ||
            ch.std == Std::kISO8601ColonSecondsTZ || ch.std == Std::kNumColonSecondsTZ) {
          if (colon) out.push_back(':');
          append_int(out, absoff % 60, 2);
        }
        break;
      }
      case Std::kTZ:
        if (!c.offset.abbreviation.empty()) {
          out.append(c.offset.abbreviation);
        } else {
          int zone = c.offset.offset_seconds / 60;
          if (zone < 0) {
            out.push_back('-');
            zone = -zone;
          } else {
            out.push_back('+');
          }
          append_int(out, zone / 60, 2);
          append_int(out, zone % 60, 2);
        }
        break;
      case Std::kFracSecond0:
      case Std::kFracSecond9: {
        char buf[10];
        std::int32_t ns = c.nanos;
        for (int k = 8; k >= 0; --k) {
          buf[k] = static_cast<char>('0' + ns % 10);
          ns /= 10;
        }
        int n = ch.digits > 9 ? 9 : ch.digits;
        if (ch.std == Std::kFracSecond9) {
          while (n > 0 && buf[n - 1] == '0') --n;
          if (n == 0) break;
        }
        out.push_back(ch.separator);
        out.append(buf, static_cast<std::size_t>(n));
        break;
      }
      case Std::kNone: break;
    }
  }
  return out;
}

}  // namespace custos::rego::go
