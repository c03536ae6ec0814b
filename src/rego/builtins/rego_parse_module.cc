// rego.parse_module (OPA category "rego"): parses a Rego v1 module and returns its AST as OPA's
// JSON shape (see src/rego/ast_json.h for what is and is not reproduced). Parse errors become
// eval_builtin_error "rego.parse_module: 1 error occurred: <file>:<line>: rego_parse_error:
// <message>", as OPA words them.

#include "rego/ast_json.h"
#include "rego/builtins/util.h"
#include "rego/parser.h"

namespace custos::rego {

void register_rego_parse_module(Registry& r) {
  r.add({.name = "rego.parse_module",
         .args = {Type::string(), Type::string()},
         .result = Type::object_of(Type::string(), Type::any()),
         .description = "Parses the input Rego string and returns an object representation of "
                        "the AST.",
         .category = "rego",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto file, arg_string(ctx, args, 1));
           CUSTOS_TRY_ASSIGN(auto source, arg_string(ctx, args, 2));
           auto module = parse_module(source, std::string(file));
           if (!module) {
             const Error& e = module.error();
             std::string where;
             if (e.span()) where = e.span()->file + ":" + std::to_string(e.span()->line) + ": ";
             return util::builtin_err(ctx, "1 error occurred: " + where +
                                               std::string(e.code_name()) + ": " + e.message());
           }
           return module_to_ast_value(**module);
         }});
}

}  // namespace custos::rego
