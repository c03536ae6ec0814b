// Objects (OPA category "object"): object.get, object.union, object.union_n, object.remove,
// object.filter, object.keys, object.subset. json.filter / json.remove / json.patch are in
// json_ops.cc.

#include <algorithm>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

Value merge(const Value& a, const Value& b) {
  if (!a.is_object() || !b.is_object()) return b;
  std::vector<ObjectEntry> out;
  auto x = a.as_object(), y = b.as_object();
  std::size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    if (j == y.size() || (i < x.size() && x[i].first < y[j].first)) {
      out.push_back(x[i++]);
    } else if (i == x.size() || y[j].first < x[i].first) {
      out.push_back(y[j++]);
    } else {
      out.emplace_back(x[i].first, merge(x[i].second, y[j].second));
      ++i, ++j;
    }
  }
  return Value::object_sorted(std::move(out));
}

// Keys named by an array, set or object (its keys) operand.
Result<std::vector<Value>> key_operand(const BuiltinContext& ctx, std::span<const Value> args,
                                       int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  std::vector<Value> keys;
  if (v.is_array() || v.is_set()) {
    auto e = util::elements(v);
    keys.assign(e.begin(), e.end());
  } else if (v.is_object()) {
    for (const auto& [k, _] : v.as_object()) keys.push_back(k);
  } else {
    return err(util::type_error(ctx, n, {"object", "set", "array"}, v));
  }
  return keys;
}

BuiltinResult select(BuiltinContext& ctx, std::span<const Value> args, bool keep) {
  if (!args[0].is_object()) return err(operand_type_error(ctx, 1, "object", args[0]));
  CUSTOS_TRY_ASSIGN(auto keys, key_operand(ctx, args, 2));
  std::sort(keys.begin(), keys.end());
  std::vector<ObjectEntry> out;
  for (const auto& e : args[0].as_object()) {
    bool listed = std::binary_search(keys.begin(), keys.end(), e.first);
    if (listed == keep) out.push_back(e);
  }
  return Value::object_sorted(std::move(out));
}

bool subset(const Value& super, const Value& sub);

bool value_subset(const Value& super, const Value& sub) {
  if (super.is_object() && sub.is_object()) return subset(super, sub);
  if (super.is_set() && sub.is_set()) return subset(super, sub);
  if (super.is_array() && (sub.is_array() || sub.is_set())) return subset(super, sub);
  return super == sub;
}

bool subset(const Value& super, const Value& sub) {
  if (super.is_object()) {
    for (const auto& [k, v] : sub.as_object()) {
      const Value* s = super.find(k);
      if (s == nullptr || !value_subset(*s, v)) return false;
    }
    return true;
  }
  if (super.is_set()) {
    for (const auto& v : sub.as_set()) {
      if (!super.contains(v)) return false;
    }
    return true;
  }
  // Arrays: `sub` must occur as a contiguous slice of `super`; a set `sub` needs every element
  // somewhere in `super`.
  auto a = super.as_array();
  if (sub.is_set()) {
    for (const auto& v : sub.as_set()) {
      if (std::find(a.begin(), a.end(), v) == a.end()) return false;
    }
    return true;
  }
  auto b = sub.as_array();
  if (b.empty()) return true;
  return std::search(a.begin(), a.end(), b.begin(), b.end()) != a.end();
}

}  // namespace

void register_objects(Registry& r) {
  const Type kObj = Type::object_of();
  r.add({.name = "object.get",
         .args = {kObj, Type::any(), Type::any()},
         .result = Type::any(),
         .description = "Returns value of an object's key if present, otherwise a default. If "
                        "the supplied `key` is an `array`, then `object.get` will search "
                        "through a nested object or array using each key in turn.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           if (!args[1].is_array()) {
             const Value* v = args[0].find(args[1]);
             return v != nullptr ? *v : args[2];
           }
           const Value* cur = &args[0];
           for (const auto& seg : args[1].as_array()) {
             const Value* next = nullptr;
             if (cur->is_object()) {
               next = cur->find(seg);
             } else if (cur->is_array() && seg.is_number()) {
               if (auto i = seg.as_number().to_int64(); i && *i >= 0) {
                 next = cur->at(static_cast<std::size_t>(*i));
               }
             } else if (cur->is_set() && cur->contains(seg)) {
               next = &seg;
             }
             if (next == nullptr) return args[2];
             cur = next;
           }
           return *cur;
         }});
  r.add({.name = "object.union",
         .args = {kObj, kObj},
         .result = Type::any(),
         .description = "Creates a new object of the asymmetric union of two objects.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kObject));
           return merge(args[0], args[1]);
         }});
  r.add({.name = "object.union_n",
         .args = {Type::array_of(kObj)},
         .result = Type::any(),
         .description = "Creates a new object that is the asymmetric union of all objects "
                        "merged from left to right.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kArray));
           Value acc = Value::object({});
           for (const auto& v : args[0].as_array()) {
             if (!v.is_object()) return err(util::element_error(ctx, 1, args[0], "object", v));
             acc = merge(acc, v);
           }
           return acc;
         }});
  const Type kKeys = Type::any_of({Type::array_of(), Type::set_of(), kObj});
  r.add({.name = "object.remove",
         .args = {kObj, kKeys},
         .result = Type::any(),
         .description = "Removes specified keys from an object.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return select(ctx, args, false);
         }});
  r.add({.name = "object.filter",
         .args = {kObj, kKeys},
         .result = Type::any(),
         .description = "Filters the object by keeping only specified keys.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           return select(ctx, args, true);
         }});
  r.add({.name = "object.keys",
         .args = {kObj},
         .result = Type::set_of(),
         .description = "Returns a set of an object's keys.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           std::vector<Value> keys;
           for (const auto& [k, _] : args[0].as_object()) keys.push_back(k);
           return Value::set_sorted(std::move(keys));
         }});
  const Type kSub = Type::any_of({kObj, Type::array_of(), Type::set_of()});
  r.add({.name = "object.subset",
         .args = {kSub, kSub},
         .result = Type::boolean(),
         .description = "Determines if an object `sub` is a subset of another object `super`.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           const Value& super = args[0];
           const Value& sub = args[1];
           for (int n = 1; n <= 2; ++n) {
             const Value& v = args[static_cast<std::size_t>(n - 1)];
             if (!v.is_object() && !v.is_array() && !v.is_set()) {
               return err(util::type_error(ctx, n, {"object", "set", "array"}, v));
             }
           }
           bool same = super.kind() == sub.kind();
           if (!same && !(super.is_array() && sub.is_set())) {
             return util::builtin_err(ctx,
                                      "both arguments to object.subset must be of the same type "
                                      "or array and set");
           }
           return Value(subset(super, sub));
         }});
}

}  // namespace custos::rego
