// UUIDs (OPA category "uuid"): uuid.rfc4122 (version 4, memoised per evaluation and key, from
// the evaluation's injected Rng) and uuid.parse (RFC 4122 / RFC 9562 fields as Go's
// google/uuid reports them: version, variant, and for v1/v2/v6/v7 the time; v1/v2 clock sequence,
// node id, MAC variables; v2 domain and id).

#include <array>
#include <cstdio>

#include "base/rng.h"
#include "rego/builtins/per_evaluation.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;
using util::memoised;
using util::rng_of;

std::optional<std::array<unsigned char, 16>> parse_uuid(std::string_view s) {
  if (s.size() == 45 && s.substr(0, 9) == "urn:uuid:") s.remove_prefix(9);
  if (s.size() == 38 && s.front() == '{' && s.back() == '}') s = s.substr(1, 36);
  std::string hex;
  if (s.size() == 36) {
    for (std::size_t i = 0; i < 36; ++i) {
      bool dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash != (s[i] == '-')) return std::nullopt;
      if (!dash) hex.push_back(s[i]);
    }
  } else if (s.size() == 32) {
    hex = std::string(s);
  } else {
    return std::nullopt;
  }
  std::array<unsigned char, 16> out{};
  for (std::size_t i = 0; i < 16; ++i) {
    auto v = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    int hi = v(hex[2 * i]), lo = v(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

// A UUID's 100 ns ticks since 1582-10-15 (at most 60 bits) as nanoseconds since the Unix
// epoch, exactly (t × 100 does not fit int64 for late timestamps).
Number ticks_to_unix_ns(std::uint64_t ticks) {
  constexpr std::int64_t kGregorianToUnixTicks = 122192928000000000;
  return Number(static_cast<std::int64_t>(ticks) - kGregorianToUnixTicks).mul(Number(100));
}

}  // namespace

void register_uuid(Registry& r) {
  r.add({.name = "uuid.rfc4122",
         .args = {Type::string()},
         .result = Type::string(),
         .description = "Returns a new UUIDv4. The same key returns the same UUID within one "
                        "evaluation.",
         .category = "uuid",
         .nondeterministic = true,
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto k, arg_string(ctx, args, 1));
           return memoised(ctx, "uuid.rfc4122:" + std::string(k), [&] {
             std::array<std::uint8_t, 16> b{};
             rng_of(ctx).fill(b);
             b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
             b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
             char buf[40];
             std::snprintf(buf, sizeof buf,
                           "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                           b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
                           b[12], b[13], b[14], b[15]);
             return Value(std::string(buf));
           });
         }});
  r.add({.name = "uuid.parse",
         .args = {Type::string()},
         .result = Type::object_of(Type::string(), Type::any()),
         .description = "Parses the string value as an UUID and returns an object with the "
                        "well-defined fields of the UUID if valid.",
         .category = "uuid",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 1));
           auto u = parse_uuid(s);
           if (!u) return undefined();
           const auto& b = *u;
           std::vector<ObjectEntry> out;
           int version = b[6] >> 4;
           std::string variant = (b[8] & 0xc0) == 0x80   ? "RFC4122"
                                 : (b[8] & 0xe0) == 0xc0 ? "Microsoft"
                                 : (b[8] & 0xe0) == 0xe0 ? "Future"
                                                         : "Reserved";
           out.emplace_back(Value("version"), Value(version));
           out.emplace_back(Value("variant"), Value(variant));
           if (version == 6 || version == 7) {
             // Exact: a 60-bit tick count or 48-bit millisecond count in nanoseconds exceeds
             // int64 (Go's int64 arithmetic wraps there; found by fuzz_rego_compiler).
             Number ns(0);
             if (version == 6) {
               std::uint64_t high = (std::uint64_t{b[0]} << 24) | (std::uint64_t{b[1]} << 16) |
                                    (std::uint64_t{b[2]} << 8) | b[3];
               std::uint64_t t = (high << 28) |
                                 (static_cast<std::uint64_t>((b[4] << 8) | b[5]) << 12) |
                                 (static_cast<std::uint64_t>((b[6] << 8) | b[7]) & 0x0fff);
               ns = ticks_to_unix_ns(t);
             } else {
               std::int64_t ms = 0;
               for (int i = 0; i < 6; ++i) ms = (ms << 8) | b[static_cast<std::size_t>(i)];
               ns = Number(ms).mul(Number(1000000));
             }
             out.emplace_back(Value("time"), Value(ns));
           }
           if (version == 1 || version == 2) {
             std::uint64_t t = (static_cast<std::uint64_t>((b[4] << 8) | b[5]) << 32) |
                               (static_cast<std::uint64_t>(((b[6] << 8) | b[7]) & 0x0fff) << 48);
             std::uint32_t low = (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) |
                                 (std::uint32_t{b[2]} << 8) | b[3];
             t |= low;  // Go includes time_low for v2 too
             out.emplace_back(Value("time"), Value(ticks_to_unix_ns(t)));
             out.emplace_back(Value("clocksequence"), Value(((b[8] & 0x3f) << 8) | b[9]));
             char node[24];
             std::snprintf(node, sizeof node, "%02x-%02x-%02x-%02x-%02x-%02x", b[10], b[11], b[12],
                           b[13], b[14], b[15]);
             out.emplace_back(Value("nodeid"), Value(std::string(node)));
             std::string mac = std::string((b[10] & 0x02) != 0 ? "local" : "global") + ":" +
                               ((b[10] & 0x01) != 0 ? "multicast" : "unicast");
             out.emplace_back(Value("macvariables"), Value(mac));
             if (version == 2) {
               static constexpr const char* kDomains[] = {"Person", "Group", "Org"};
               std::string domain =
                   b[9] < 3 ? kDomains[b[9]] : "Domain" + std::to_string(static_cast<int>(b[9]));
               out.emplace_back(Value("domain"), Value(domain));
               out.emplace_back(Value("id"), Value(static_cast<std::int64_t>(low)));
             }
           }
           return Value::object(std::move(out));
         }});
}

}  // namespace custos::rego
