// Networks (OPA category "net"): net.cidr_contains, net.cidr_intersects, net.cidr_overlap
// (deprecated alias of cidr_contains), net.cidr_expand, net.cidr_is_valid, net.cidr_merge,
// net.cidr_contains_matches (net.lookup_ip_addr lives in net_lookup.cc). Addresses are
// parsed with inet_pton (no leading zeros in IPv4, like Go ≥ 1.17) and kept as 128-bit integers;
// IPv4-mapped IPv6 addresses count as IPv4, as in Go's net package.

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;
__extension__ typedef unsigned __int128 u128;

struct Net {
  bool v4 = true;
  u128 addr = 0;  // network address (host bits cleared) or the IP
  int prefix = 32;
  int bits() const { return v4 ? 32 : 128; }
  u128 mask() const {
    if (prefix == 0) return 0;
    u128 all = v4 ? u128(0xFFFFFFFFu) : ~u128(0);
    return (all << (bits() - prefix)) & all;
  }
  u128 last() const { return addr | (~mask() & (v4 ? u128(0xFFFFFFFFu) : ~u128(0))); }
  bool contains(u128 ip, bool ip_v4) const { return ip_v4 == v4 && (ip & mask()) == addr; }
};

std::optional<std::pair<u128, bool>> parse_ip(std::string_view s) {
  std::string str(s);
  unsigned char buf[16];
  if (inet_pton(AF_INET, str.c_str(), buf) == 1) {
    u128 v = (u128(buf[0]) << 24) | (u128(buf[1]) << 16) | (u128(buf[2]) << 8) | buf[3];
    return std::make_pair(v, true);
  }
  if (str.find(':') != std::string::npos && inet_pton(AF_INET6, str.c_str(), buf) == 1) {
    static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::memcmp(buf, kMapped, 12) == 0) {
      u128 v = (u128(buf[12]) << 24) | (u128(buf[13]) << 16) | (u128(buf[14]) << 8) | buf[15];
      return std::make_pair(v, true);
    }
    u128 v = 0;
    for (unsigned char b : buf) v = (v << 8) | b;
    return std::make_pair(v, false);
  }
  return std::nullopt;
}

std::optional<Net> parse_cidr(std::string_view s) {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = parse_ip(s.substr(0, slash));
  std::string_view p = s.substr(slash + 1);
  if (!ip || p.empty() || p.size() > 3 || (p.size() > 1 && p[0] == '0')) return std::nullopt;
  int prefix = 0;
  for (char c : p) {
    if (c < '0' || c > '9') return std::nullopt;
    prefix = prefix * 10 + (c - '0');
  }
  // An IPv4-mapped address with a v6 prefix keeps Go's behaviour of a v6 network.
  bool v4 = ip->second && s.substr(0, slash).find(':') == std::string_view::npos;
  Net n;
  n.v4 = v4;
  n.prefix = prefix;
  if (prefix > n.bits()) return std::nullopt;
  n.addr = ip->first;
  if (!v4 && ip->second) n.addr |= u128(0xFFFF) << 32;
  n.addr &= n.mask();
  return n;
}

std::string ip_string(u128 v, bool v4) {
  char out[INET6_ADDRSTRLEN];
  if (v4) {
    unsigned char b[4] = {static_cast<unsigned char>(v >> 24), static_cast<unsigned char>(v >> 16),
                          static_cast<unsigned char>(v >> 8), static_cast<unsigned char>(v)};
    inet_ntop(AF_INET, b, out, sizeof out);
    return out;
  }
  unsigned char b[16];
  for (int i = 15; i >= 0; --i) {
    b[i] = static_cast<unsigned char>(v);
    v >>= 8;
  }
  inet_ntop(AF_INET6, b, out, sizeof out);
  return out;
}

std::string net_string(const Net& n) {
  return ip_string(n.addr, n.v4) + "/" + std::to_string(n.prefix);
}

Result<Net> cidr_arg(BuiltinContext& ctx, std::span<const Value> args, int i) {
  CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, i));
  auto n = parse_cidr(s);
  if (!n) return util::builtin_err(ctx, "invalid CIDR address: " + std::string(s));
  return *n;
}

BuiltinResult contains(BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(auto net, cidr_arg(ctx, args, 1));
  CUSTOS_TRY_ASSIGN(auto s, arg_string(ctx, args, 2));
  if (auto other = parse_cidr(s)) {
    return Value(other->v4 == net.v4 && net.contains(other->addr, other->v4) &&
                 net.contains(other->last(), other->v4));
  }
  auto ip = parse_ip(s);
  if (!ip) return util::builtin_err(ctx, "invalid CIDR address: " + std::string(s));
  return Value(net.contains(ip->first, ip->second));
}

// Minimal CIDR cover of the inclusive range [lo, hi].
void range_to_cidrs(u128 lo, u128 hi, bool v4, std::vector<Net>& out) {
  int bits = v4 ? 32 : 128;
  while (lo <= hi) {
    int size = 0;  // host bits
    while (size < bits) {
      u128 block = u128(1) << (size + 1);
      if ((lo & (block - 1)) != 0) break;
      if (lo + (block - 1) > hi || lo + (block - 1) < lo) break;
      ++size;
    }
    Net n;
    n.v4 = v4;
    n.addr = lo;
    n.prefix = bits - size;
    out.push_back(n);
    u128 next = lo + (size == 128 ? 0 : (u128(1) << size));
    if (size == 128 || next <= lo) break;  // wrapped: covered everything
    lo = next;
  }
}

// The key of an element of a cidr_contains_matches operand and its address text.
Result<std::vector<std::pair<Value, std::string>>> match_operand(BuiltinContext& ctx,
                                                                 const Value& v, int n) {
  std::vector<std::pair<Value, std::string>> out;
  auto element = [&](const Value& key, const Value& e) -> Result<void> {
    if (e.is_string()) {
      out.emplace_back(key, e.as_string());
    } else if (e.is_array() && e.size() > 0 && e.as_array()[0].is_string()) {
      out.emplace_back(key, e.as_array()[0].as_string());
    } else {
      return fail(builtin_error(
          ctx, "operand " + std::to_string(n) + ": element must be string or non-empty array"));
    }
    return {};
  };
  if (v.is_string()) {
    out.emplace_back(v, v.as_string());
  } else if (v.is_array()) {
    std::int64_t i = 0;
    for (const auto& e : v.as_array()) CUSTOS_TRY(element(Value(i++), e));
  } else if (v.is_set()) {
    for (const auto& e : v.as_set()) CUSTOS_TRY(element(e, e));
  } else if (v.is_object()) {
    for (const auto& [k, e] : v.as_object()) CUSTOS_TRY(element(k, e));
  } else {
    return err(util::type_error(ctx, n, {"string", "array", "set", "object"}, v));
  }
  return out;
}

}  // namespace

void register_net(Registry& r) {
  const Type kS = Type::string();
  r.add({.name = "net.cidr_contains",
         .args = {kS, kS},
         .result = Type::boolean(),
         .description = "Checks if a CIDR or IP is contained within another CIDR. `output` is "
                        "`true` if `cidr_or_ip` (e.g. `127.0.0.64/26` or `127.0.0.1`) is "
                        "contained within `cidr` (e.g. `127.0.0.1/24`) and `false` otherwise.",
         .category = "net",
         .fn = contains});
  r.add({.name = "net.cidr_overlap",
         .args = {kS, kS},
         .result = Type::boolean(),
         .description = "Deprecated: use `net.cidr_contains` instead.",
         .category = "net",
         .fn = contains});
  r.add({.name = "net.cidr_intersects",
         .args = {kS, kS},
         .result = Type::boolean(),
         .description = "Checks if a CIDR intersects with another CIDR (e.g. `192.168.0.0/16` "
                        "overlaps with `192.168.1.0/24`).",
         .category = "net",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto a, cidr_arg(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto b, cidr_arg(ctx, args, 2));
           return Value(a.contains(b.addr, b.v4) || b.contains(a.addr, a.v4));
         }});
  r.add({.name = "net.cidr_is_valid",
         .args = {kS},
         .result = Type::boolean(),
         .description = "Parses an IPv4/IPv6 CIDR and returns a boolean indicating if the "
                        "provided CIDR is valid.",
         .category = "net",
         .fn = [](BuiltinContext&, std::span<const Value> args) -> BuiltinResult {
           return Value(args[0].is_string() && parse_cidr(args[0].as_string()).has_value());
         }});
  r.add({.name = "net.cidr_expand",
         .args = {kS},
         .result = Type::set_of(kS),
         .description =
             "Expands CIDR to set of hosts  (e.g., `net.cidr_expand(\"192.168.0.0/30\")` "
             "generates 4 hosts: `{\"192.168.0.0\", \"192.168.0.1\", \"192.168.0.2\", "
             "\"192.168.0.3\"}`).",
         .category = "net",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto n, cidr_arg(ctx, args, 1));
           int host_bits = n.bits() - n.prefix;
           if (host_bits > 20) return util::builtin_err(ctx, "CIDR too large to expand");
           std::vector<Value> out;
           for (u128 ip = n.addr;; ++ip) {
             if ((out.size() & 1023) == 0 && ctx.cancelled()) {
               return util::builtin_err(ctx, "cancelled");
             }
             out.emplace_back(ip_string(ip, n.v4));
             if (ip == n.last()) break;
           }
           return Value::set(std::move(out));
         }});
  r.add({.name = "net.cidr_merge",
         .args = {Type::any_of({Type::array_of(kS), Type::set_of(kS)})},
         .result = Type::set_of(kS),
         .description = "Merges IP addresses and subnets into the smallest possible list of "
                        "CIDRs (e.g., `net.cidr_merge([\"192.0.128.0/24\", \"192.0.129.0/24\"])` "
                        "generates `{\"192.0.128.0/23\"}`.",
         .category = "net",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           const Value& v = args[0];
           if (!v.is_array() && !v.is_set()) {
             return err(util::type_error(ctx, 1, {"array", "set"}, v));
           }
           std::vector<std::pair<u128, u128>> ranges[2];  // [0] v4, [1] v6
           for (const auto& e : util::elements(v)) {
             if (!e.is_string()) return err(util::element_error(ctx, 1, v, "string", e));
             const std::string& s = e.as_string();
             Net n;
             if (auto c = parse_cidr(s)) {
               n = *c;
             } else if (auto ip = parse_ip(s)) {
               if (!ip->second) return util::builtin_err(ctx, "IPv6 invalid: needs prefix length");
               n.v4 = true;
               n.addr = ip->first;
               n.prefix = 32;
             } else {
               return util::builtin_err(ctx, "IPv4 invalid: " + s);
             }
             ranges[n.v4 ? 0 : 1].emplace_back(n.addr, n.last());
           }
           std::vector<Net> nets;
           for (int f = 0; f < 2; ++f) {
             auto& rs = ranges[f];
             std::sort(rs.begin(), rs.end());
             std::vector<std::pair<u128, u128>> merged;
             for (const auto& rg : rs) {
               if (!merged.empty() &&
                   (rg.first <= merged.back().second || rg.first == merged.back().second + 1)) {
                 merged.back().second = std::max(merged.back().second, rg.second);
               } else {
                 merged.push_back(rg);
               }
             }
             for (const auto& [lo, hi] : merged) range_to_cidrs(lo, hi, f == 0, nets);
           }
           std::vector<Value> out;
           for (const auto& n : nets) out.emplace_back(net_string(n));
           return Value::set(std::move(out));
         }});
  const Type kMatch = Type::any_of({kS, Type::array_of(), Type::set_of(), Type::object_of()});
  r.add({.name = "net.cidr_contains_matches",
         .args = {kMatch, kMatch},
         .result = Type::set_of(Type::array_of()),
         .description = "Checks if collections of cidrs or ips are contained within another "
                        "collection of cidrs and returns matches.",
         .category = "net",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto cidrs, match_operand(ctx, args[0], 1));
           CUSTOS_TRY_ASSIGN(auto items, match_operand(ctx, args[1], 2));
           std::vector<Value> out;
           for (const auto& [ck, cs] : cidrs) {
             auto net = parse_cidr(cs);
             if (!net) return util::builtin_err(ctx, "invalid CIDR address: " + cs);
             for (const auto& [ik, is] : items) {
               bool hit = false;
               if (auto other = parse_cidr(is)) {
                 hit = net->contains(other->addr, other->v4) &&
                       net->contains(other->last(), other->v4);
               } else if (auto ip = parse_ip(is)) {
                 hit = net->contains(ip->first, ip->second);
               } else {
                 return util::builtin_err(ctx, "invalid CIDR or IP address: " + is);
               }
               if (hit) out.push_back(Value::array({ck, ik}));
             }
           }
           return Value::set(std::move(out));
         }});
}

}  // namespace custos::rego
