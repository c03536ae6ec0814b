// IANA zones for the Go-compatible time helpers: TZif (RFC 8536) reader, POSIX TZ footer rules,
// a process-wide cache. See go_time.h for the contract.

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "rego/builtins/go_time.h"

namespace custos::rego::go {

// A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"): standard and daylight offsets and the two dates.
struct Zone::Rule {
  ZoneOffset std_offset;
  bool has_dst = false;
  ZoneOffset dst_offset;
  struct Date {
    char kind = 'M';  // 'J' (1..365, no Feb 29), 'N' (0..365), 'M' (month.week.day)
    int a = 0, b = 0, c = 0;
    int time = 7200;  // seconds after local midnight
  };
  Date start, end;
};

namespace {

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) |
         (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::int64_t be64(std::string_view b, std::size_t at) {
  return static_cast<std::int64_t>((std::uint64_t(be32(b, at)) << 32) | be32(b, at + 4));
}

Error tz_error(std::string_view name) {
  return Error(ErrorCode::kEvalBuiltin, "unknown time zone " + std::string(name));
}

// --- POSIX TZ string parsing ---------------------------------------------------------------

struct TzCursor {
  std::string_view s;
  std::size_t i = 0;
  bool done() const { return i >= s.size(); }
  char peek() const { return done() ? '\0' : s[i]; }
};

bool parse_tz_name(TzCursor& c, std::string& out) {
  if (c.peek() == '<') {
    std::size_t end = c.s.find('>', c.i);
    if (end == std::string_view::npos) return false;
    out = std::string(c.s.substr(c.i + 1, end - c.i - 1));
    c.i = end + 1;
    return !out.empty();
  }
  std::size_t start = c.i;
  while (!c.done() &&
         ((c.peek() >= 'A' && c.peek() <= 'Z') || (c.peek() >= 'a' && c.peek() <= 'z')))
    ++c.i;
  out = std::string(c.s.substr(start, c.i - start));
  return out.size() >= 3;
}

bool parse_tz_num(TzCursor& c, int& out, int max) {
  if (c.done() || c.peek() < '0' || c.peek() > '9') return false;
  int v = 0;
  while (!c.done() && c.peek() >= '0' && c.peek() <= '9') {
    v = v * 10 + (c.peek() - '0');
    if (v > max) return false;
    ++c.i;
  }
  out = v;
  return true;
}

// [+-]hh[:mm[:ss]] in seconds.
bool parse_tz_offset(TzCursor& c, int& out) {
  int sign = 1;
  if (c.peek() == '+' || c.peek() == '-') {
    if (c.peek() == '-') sign = -1;
    ++c.i;
  }
  int h = 0, m = 0, s = 0;
  if (!parse_tz_num(c, h, 167)) return false;
  if (c.peek() == ':') {
    ++c.i;
    if (!parse_tz_num(c, m, 59)) return false;
    if (c.peek() == ':') {
      ++c.i;
      if (!parse_tz_num(c, s, 59)) return false;
    }
  }
  out = sign * (h * 3600 + m * 60 + s);
  return true;
}

bool parse_tz_date(TzCursor& c, Zone::Rule::Date& d) {
  if (c.peek() == 'J') {
    ++c.i;
    d.kind = 'J';
    if (!parse_tz_num(c, d.a, 365) || d.a < 1) return false;
  } else if (c.peek() == 'M') {
    ++c.i;
    d.kind = 'M';
    if (!parse_tz_num(c, d.a, 12) || d.a < 1 || c.peek() != '.') return false;
    ++c.i;
    if (!parse_tz_num(c, d.b, 5) || d.b < 1 || c.peek() != '.') return false;
    ++c.i;
    if (!parse_tz_num(c, d.c, 6)) return false;
  } else {
    d.kind = 'N';
    if (!parse_tz_num(c, d.a, 365)) return false;
  }
  d.time = 7200;
  if (c.peek() == '/') {
    ++c.i;
    if (!parse_tz_offset(c, d.time)) return false;
  }
  return true;
}

std::shared_ptr<const Zone::Rule> parse_posix_tz(std::string_view text) {
  if (text.empty()) return nullptr;
  TzCursor c{text};
  auto rule = std::make_shared<Zone::Rule>();
  int off = 0;
  if (!parse_tz_name(c, rule->std_offset.abbreviation) || !parse_tz_offset(c, off)) return nullptr;
  rule->std_offset.offset_seconds = -off;
  if (c.done()) return rule;
  if (!parse_tz_name(c, rule->dst_offset.abbreviation)) return nullptr;
  rule->has_dst = true;
  rule->dst_offset.is_dst = true;
  rule->dst_offset.offset_seconds = rule->std_offset.offset_seconds + 3600;
  if (c.peek() != ',' && !c.done()) {
    if (!parse_tz_offset(c, off)) return nullptr;
    rule->dst_offset.offset_seconds = -off;
  }
  if (c.done()) {
    // No rule: POSIX default (US rules since 2007).
    rule->start = {'M', 3, 2, 0, 7200};
    rule->end = {'M', 11, 1, 0, 7200};
    return rule;
  }
  if (c.peek() != ',') return nullptr;
  ++c.i;
  if (!parse_tz_date(c, rule->start) || c.peek() != ',') return nullptr;
  ++c.i;
  if (!parse_tz_date(c, rule->end) || !c.done()) return nullptr;
  return rule;
}

// Local-time seconds since the epoch at which the rule date `d` occurs in `year`.
std::int64_t rule_date_local(std::int64_t year, const Zone::Rule::Date& d) {
  std::int64_t day;
  switch (d.kind) {
    case 'J': {
      int n = d.a;  // 1..365, Feb 29 never counted
      day = days_from_civil(year, 1, 1) + n - 1;
      if (is_leap_year(year) && n >= 60) ++day;
      break;
    }
    case 'N': day = days_from_civil(year, 1, 1) + d.a; break;
    default: {
      std::int64_t first = days_from_civil(year, d.a, 1);
      int wd0 = weekday_from_days(first);
      int dom = 1 + (d.c - wd0 + 7) % 7 + (d.b - 1) * 7;
      while (dom > days_in_month(year, d.a)) dom -= 7;
      day = first + dom - 1;
    }
  }
  return day * 86400 + d.time;
}

ZoneOffset rule_lookup(const Zone::Rule& rule, std::int64_t t) {
  if (!rule.has_dst) return rule.std_offset;
  std::int64_t local = t + rule.std_offset.offset_seconds;
  std::int64_t days = local / 86400 - (local % 86400 < 0 ? 1 : 0);
  std::int64_t year = civil_from_days(days).year;
  std::int64_t start = rule_date_local(year, rule.start) - rule.std_offset.offset_seconds;
  std::int64_t end = rule_date_local(year, rule.end) - rule.dst_offset.offset_seconds;
  bool dst = start < end ? (t >= start && t < end) : !(t >= end && t < start);
  return dst ? rule.dst_offset : rule.std_offset;
}

std::string zoneinfo_dir() {
  if (const char* env = std::getenv("ZONEINFO"); env != nullptr && *env != '\0') return env;
  return "/usr/share/zoneinfo";
}

bool read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return out.size() <= (1u << 20);
}

bool valid_zone_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name[0] == '/' || name[0] == '.') return false;
  if (name.find("..") != std::string_view::npos) return false;
  for (char ch : name) {
    if (ch == '\\' || ch == '\0') return false;
  }
  return true;
}

}  // namespace

Zone::Zone(std::string name, std::vector<ZoneOffset> types, std::vector<Transition> transitions,
           std::shared_ptr<const Rule> rule)
    : name_(std::move(name)),
      types_(std::move(types)),
      transitions_(std::move(transitions)),
      rule_(std::move(rule)) {}

ZoneOffset Zone::lookup(std::int64_t unix_seconds) const {
  if (transitions_.empty()) {
    if (rule_) return rule_lookup(*rule_, unix_seconds);
    return types_.empty() ? ZoneOffset{0, "UTC", false} : types_[0];
  }
  if (unix_seconds < transitions_.front().at) {
    // RFC 8536: time type 0 applies before the first transition.
    return types_[0];
  }
  if (unix_seconds >= transitions_.back().at && rule_) return rule_lookup(*rule_, unix_seconds);
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), unix_seconds,
                             [](std::int64_t t, const Transition& tr) { return t < tr.at; });
  return types_[std::prev(it)->type];
}

std::shared_ptr<const Zone> Zone::utc() {
  static const std::shared_ptr<const Zone> zone = fixed("UTC", 0);
  return zone;
}

std::shared_ptr<const Zone> Zone::fixed(std::string name, int offset_seconds) {
  ZoneOffset off{offset_seconds, name, false};
  return std::make_shared<const Zone>(std::move(name), std::vector<ZoneOffset>{off},
                                      std::vector<Transition>{}, nullptr);
}

Result<std::shared_ptr<const Zone>> Zone::from_tzif(std::string name, std::string_view b) {
  auto bad = [&] { return fail(tz_error(name)); };
  if (b.size() < 44 || b.substr(0, 4) != "TZif") return bad();
  char version = b[4];
  std::size_t pos = 0;
  auto counts = [&](std::size_t at, std::uint32_t(&c)[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(b, at + 20 + 4 * i);
  };
  std::uint32_t c[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  counts(0, c);
  int time_size = 4;
  pos = 44;
  auto block_size = [&](int ts) -> std::uint64_t {
    return std::uint64_t(c[3]) * ts + c[3] + std::uint64_t(c[4]) * 6 + c[5] +
           std::uint64_t(c[2]) * (ts + 4) + c[1] + c[0];
  };
  if (version >= '2') {
    std::uint64_t skip = block_size(4);
    if (pos + skip + 44 > b.size()) return bad();
    pos += skip;
    if (b.substr(pos, 4) != "TZif") return bad();
    counts(pos, c);
    pos += 44;
    time_size = 8;
  }
  if (c[4] == 0 || c[4] > 256 || c[3] > 100000 || pos + block_size(time_size) > b.size()) {
    return bad();
  }
  std::vector<Transition> transitions(c[3]);
  for (std::uint32_t i = 0; i < c[3]; ++i) {
    transitions[i].at =
        time_size == 8 ? be64(b, pos + 8 * i) : static_cast<std::int32_t>(be32(b, pos + 4 * i));
  }
  pos += std::size_t(c[3]) * time_size;
  for (std::uint32_t i = 0; i < c[3]; ++i) {
    transitions[i].type = std::uint8_t(b[pos + i]);
    if (transitions[i].type >= static_cast<int>(c[4])) return bad();
  }
  pos += c[3];
  std::string_view chars = b.substr(pos + std::size_t(c[4]) * 6, c[5]);
  std::vector<ZoneOffset> types(c[4]);
  for (std::uint32_t i = 0; i < c[4]; ++i) {
    std::size_t at = pos + 6 * i;
    types[i].offset_seconds = static_cast<std::int32_t>(be32(b, at));
    types[i].is_dst = b[at + 4] != 0;
    std::size_t idx = std::uint8_t(b[at + 5]);
    if (idx >= chars.size()) return bad();
    std::size_t end = chars.find('\0', idx);
    types[i].abbreviation =
        std::string(chars.substr(idx, end == std::string_view::npos ? end : end - idx));
  }
  pos += block_size(time_size) - std::size_t(c[3]) * (time_size + 1);
  std::shared_ptr<const Rule> rule;
  if (time_size == 8 && pos < b.size() && b[pos] == '\n') {
    std::size_t end = b.find('\n', pos + 1);
    if (end != std::string_view::npos) rule = parse_posix_tz(b.substr(pos + 1, end - pos - 1));
  }
  for (std::size_t i = 1; i < transitions.size(); ++i) {
    if (transitions[i].at <= transitions[i - 1].at) return bad();
  }
  return std::make_shared<const Zone>(std::move(name), std::move(types), std::move(transitions),
                                      std::move(rule));
}

Result<std::shared_ptr<const Zone>> Zone::load(std::string_view name) {
  if (name.empty() || name == "UTC") return utc();
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const Zone>, std::less<>> cache;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = cache.find(name); it != cache.end()) return it->second;
  }
  std::string path;
  if (name == "Local") {
    const char* tz = std::getenv("TZ");
    if (tz != nullptr && *tz != '\0') {
      std::string_view tzv(tz);
      if (tzv[0] == ':') tzv.remove_prefix(1);
      if (tzv == "UTC" || !valid_zone_name(tzv)) return fixed("Local", 0);
      path = zoneinfo_dir() + "/" + std::string(tzv);
    } else {
      path = "/etc/localtime";
    }
  } else {
    if (!valid_zone_name(name)) return fail(tz_error(name));
    path = zoneinfo_dir() + "/" + std::string(name);
  }
  std::string bytes;
  if (!read_file(path, bytes)) {
    if (name == "Local") return fixed("Local", 0);
    return fail(tz_error(name));
  }
  CUSTOS_TRY_ASSIGN(auto zone, from_tzif(std::string(name), bytes));
  std::lock_guard<std::mutex> lock(mu);
  if (cache.size() < 1024) cache.emplace(std::string(name), zone);
  return zone;
}

}  // namespace custos::rego::go
