// register_all: the one place that lists every builtin family (explicit registration, no static
// initialisers). Add one declaration and one call per family file.

#include "rego/builtins/registry.h"

namespace custos::rego {

// Families owned by the engine (evaluation-intimate).
void register_comparison(Registry& registry);
void register_arithmetic(Registry& registry);
void register_numbers(Registry& registry);
void register_walk(Registry& registry);
// Other families: add `void register_<family>(Registry&);` here and call it below.
void register_aggregates(Registry& registry);
void register_arrays(Registry& registry);
void register_sets(Registry& registry);
void register_strings(Registry& registry);
void register_types(Registry& registry);
void register_casts(Registry& registry);
void register_bits(Registry& registry);
void register_objects(Registry& registry);
void register_json_ops(Registry& registry);
void register_regex(Registry& registry);
void register_glob(Registry& registry);
void register_encoding(Registry& registry);
void register_units(Registry& registry);
void register_semver(Registry& registry);
void register_time(Registry& registry);
void register_net(Registry& registry);
void register_graph(Registry& registry);
void register_uuid(Registry& registry);
void register_rand(Registry& registry);
void register_crypto(Registry& registry);
void register_runtime(Registry& registry);
void register_net_lookup(Registry& registry);
void register_http_send(Registry& registry);
void register_rego_metadata(Registry& registry);
void register_rego_parse_module(Registry& registry);
void register_json_schema(Registry& registry);
void register_providers_aws(Registry& registry);
void register_jwt(Registry& registry);
void register_jwt_sign(Registry& registry);
void register_graphql(Registry& registry);

void register_all(Registry& registry) {
  register_comparison(registry);
  register_arithmetic(registry);
  register_numbers(registry);
  register_walk(registry);
  register_aggregates(registry);
  register_arrays(registry);
  register_sets(registry);
  register_strings(registry);
  register_types(registry);
  register_casts(registry);
  register_bits(registry);
  register_objects(registry);
  register_json_ops(registry);
  register_regex(registry);
  register_glob(registry);
  register_encoding(registry);
  register_units(registry);
  register_semver(registry);
  register_time(registry);
  register_net(registry);
  register_graph(registry);
  register_uuid(registry);
  register_rand(registry);
  register_crypto(registry);
  register_runtime(registry);
  register_net_lookup(registry);
  register_http_send(registry);
  register_rego_metadata(registry);
  register_rego_parse_module(registry);
  register_json_schema(registry);
  register_providers_aws(registry);
  register_jwt(registry);
  register_jwt_sign(registry);
  register_graphql(registry);
}

}  // namespace custos::rego
