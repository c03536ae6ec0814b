// Arrays (OPA category "array"): array.concat, array.slice, array.reverse.

#include <algorithm>

#include "rego/builtins/util.h"

namespace custos::rego {

void register_arrays(Registry& r) {
  r.add({.name = "array.concat",
         .args = {Type::array_of(), Type::array_of()},
         .result = Type::array_of(),
         .description = "Concatenates two arrays.",
         .category = "array",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kArray));
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kArray));
           std::vector<Value> out(args[0].as_array().begin(), args[0].as_array().end());
           out.insert(out.end(), args[1].as_array().begin(), args[1].as_array().end());
           return Value::array(std::move(out));
         }});
  r.add({.name = "array.slice",
         .args = {Type::array_of(), Type::number(), Type::number()},
         .result = Type::array_of(),
         .description = "Returns a slice of a given array. If `start` is greater or equal than "
                        "`stop`, `slice` is `[]`.",
         .category = "array",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kArray));
           CUSTOS_TRY_ASSIGN(auto start, arg_int(ctx, args, 2));
           CUSTOS_TRY_ASSIGN(auto stop, arg_int(ctx, args, 3));
           auto items = args[0].as_array();
           auto len = static_cast<std::int64_t>(items.size());
           start = std::max<std::int64_t>(start, 0);
           stop = std::min(stop, len);
           if (start >= stop) return Value::array({});
           return Value::array({items.begin() + start, items.begin() + stop});
         }});
  r.add({.name = "array.flatten",
         .args = {Type::array_of()},
         .result = Type::array_of(),
         .description = "Flattens one level of nested arrays: array elements of `arr` are "
                        "replaced by their elements.",
         .category = "array",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kArray));
           std::vector<Value> out;
           for (const auto& e : args[0].as_array()) {
             if (e.is_array()) {
               out.insert(out.end(), e.as_array().begin(), e.as_array().end());
             } else {
               out.push_back(e);
             }
           }
           return Value::array(std::move(out));
         }});
  r.add({.name = "array.reverse",
         .args = {Type::array_of()},
         .result = Type::array_of(),
         .description = "Returns the reverse of a given array.",
         .category = "array",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kArray));
           std::vector<Value> out(args[0].as_array().rbegin(), args[0].as_array().rend());
           return Value::array(std::move(out));
         }});
}

}  // namespace custos::rego
