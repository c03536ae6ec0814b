// net.lookup_ip_addr (OPA category "net"): resolves a host name with the system resolver.
// Non-hermetic, so disabled unless the embedder grants Capabilities::net_lookup; when disabled
// it fails with eval_builtin_error "net.lookup_ip_addr: disabled: ...".
//
// OPA (topdown/net.go) calls Go's net.DefaultResolver.LookupIPAddr and returns the set of the
// addresses' String() forms. Here getaddrinfo(AF_UNSPEC) plays that role; IPv4-mapped IPv6
// results print as dotted IPv4 (Go's IP.String() does the same). An IP literal resolves to
// itself without any query.

#include <arpa/inet.h>
#include <netdb.h>
#include <sys/socket.h>

#include <cstring>
#include <memory>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

// Go's IP.String() of one resolved address.
std::string address_string(const sockaddr* sa) {
  char out[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    inet_ntop(AF_INET, &in->sin_addr, out, sizeof out);
    return out;
  }
  const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
  const unsigned char* b = in6->sin6_addr.s6_addr;
  static constexpr unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(b, kMapped, sizeof kMapped) == 0) {
    inet_ntop(AF_INET, b + 12, out, sizeof out);
    return out;
  }
  inet_ntop(AF_INET6, &in6->sin6_addr, out, sizeof out);
  return out;
}

BuiltinResult lookup_ip_addr(BuiltinContext& ctx, std::span<const Value> args) {
  CUSTOS_TRY_ASSIGN(auto name, arg_string(ctx, args, 1));
  if (ctx.capabilities == nullptr || !ctx.capabilities->net_lookup) {
    return util::builtin_err(ctx,
                             "disabled: DNS lookups are not allowed in this evaluation "
                             "(grant the net lookup capability, e.g. custos eval "
                             "--allow-net-lookup)");
  }
  std::string host(name);
  if (host.empty() || host.find('\0') != std::string::npos) {
    return util::builtin_err(ctx, "lookup " + host + ": no such host");
  }
  // Memoised per evaluation: the same name gives the same answer within one evaluation.
  std::string key = "net.lookup_ip_addr:" + host;
  if (ctx.cache != nullptr) {
    if (auto it = ctx.cache->find(key); it != ctx.cache->end()) {
      return std::any_cast<Value>(it->second);
    }
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;  // one entry per address instead of one per socket type
  addrinfo* res = nullptr;
  int rc = getaddrinfo(host.c_str(), nullptr, &hints, &res);
  if (rc != 0) {
    return util::builtin_err(ctx, "lookup " + host + ": " + gai_strerror(rc));
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(res, &freeaddrinfo);
  std::vector<Value> out;
  for (const addrinfo* ai = res; ai != nullptr; ai = ai->ai_next) {
    if (ai->ai_addr == nullptr) continue;
    if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
    out.emplace_back(address_string(ai->ai_addr));
  }
  Value result = Value::set(std::move(out));
  if (ctx.cache != nullptr) (*ctx.cache)[key] = result;
  return result;
}

}  // namespace

void register_net_lookup(Registry& r) {
  r.add({.name = "net.lookup_ip_addr",
         .args = {Type::string()},
         .result = Type::set_of(Type::string()),
         .description = "Returns the set of IP addresses (both v4 and v6) that the passed-in "
                        "`name` resolves to using the standard name resolution mechanisms "
                        "available. custos: disabled unless the evaluation grants the net lookup "
                        "capability.",
         .category = "net",
         .nondeterministic = true,
         .fn = lookup_ip_addr});
}

}  // namespace custos::rego
