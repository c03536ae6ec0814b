// The builtin registry, declared types and operand helpers.

#include "rego/builtins/registry.h"

namespace custos::rego {

// Factories build the private representation directly.
#define CUSTOS_TYPE_SIMPLE(fn, k) \
  Type Type::fn() {               \
    Type t;                       \
    t.kind_ = Kind::k;            \
    return t;                     \
  }
CUSTOS_TYPE_SIMPLE(any, kAny)
CUSTOS_TYPE_SIMPLE(null, kNull)
CUSTOS_TYPE_SIMPLE(boolean, kBoolean)
CUSTOS_TYPE_SIMPLE(number, kNumber)
CUSTOS_TYPE_SIMPLE(string, kString)
#undef CUSTOS_TYPE_SIMPLE

Type Type::array_of(Type element) {
  Type t;
  t.kind_ = Kind::kArray;
  t.parts_ = std::make_shared<const std::vector<Type>>(std::vector<Type>{std::move(element)});
  return t;
}

Type Type::set_of(Type element) {
  Type t;
  t.kind_ = Kind::kSet;
  t.parts_ = std::make_shared<const std::vector<Type>>(std::vector<Type>{std::move(element)});
  return t;
}

Type Type::object_of(Type key, Type value) {
  Type t;
  t.kind_ = Kind::kObject;
  t.parts_ = std::make_shared<const std::vector<Type>>(
      std::vector<Type>{std::move(key), std::move(value)});
  return t;
}

Type Type::any_of(std::vector<Type> alternatives) {
  Type t;
  t.kind_ = Kind::kAnyOf;
  t.parts_ = std::make_shared<const std::vector<Type>>(std::move(alternatives));
  return t;
}

const Type& Type::element() const {
  static const Type* any_type = new Type();
  return parts_ && !parts_->empty() ? (*parts_)[0] : *any_type;
}

const Type& Type::value() const {
  static const Type* any_type = new Type();
  return parts_ && parts_->size() > 1 ? (*parts_)[1] : *any_type;
}

const std::vector<Type>& Type::alternatives() const {
  static const std::vector<Type>* none = new std::vector<Type>();
  return parts_ ? *parts_ : *none;
}

bool Type::admits(Value::Kind k) const {
  switch (kind_) {
    case Kind::kAny: return true;
    case Kind::kNull: return k == Value::Kind::kNull;
    case Kind::kBoolean: return k == Value::Kind::kBool;
    case Kind::kNumber: return k == Value::Kind::kNumber;
    case Kind::kString: return k == Value::Kind::kString;
    case Kind::kArray: return k == Value::Kind::kArray;
    case Kind::kObject: return k == Value::Kind::kObject;
    case Kind::kSet: return k == Value::Kind::kSet;
    case Kind::kAnyOf:
      for (const auto& t : alternatives()) {
        if (t.admits(k)) return true;
      }
      return false;
  }
  return true;
}

std::string Type::to_string() const {
  switch (kind_) {
    case Kind::kAny: return "any";
    case Kind::kNull: return "null";
    case Kind::kBoolean: return "boolean";
    case Kind::kNumber: return "number";
    case Kind::kString: return "string";
    case Kind::kArray: return "array[" + element().to_string() + "]";
    case Kind::kSet: return "set[" + element().to_string() + "]";
    case Kind::kObject: return "object[" + element().to_string() + ": " + value().to_string() + "]";
    case Kind::kAnyOf: {
      std::string s = "any<";
      bool first = true;
      for (const auto& t : alternatives()) {
        if (!first) s += ", ";
        first = false;
        s += t.to_string();
      }
      return s + ">";
    }
  }
  return "any";
}

void Registry::add(BuiltinDecl decl) {
  std::string name = decl.name;
  decls_[name] = std::make_unique<BuiltinDecl>(std::move(decl));
}

const BuiltinDecl* Registry::find(std::string_view name) const {
  auto it = decls_.find(name);
  return it == decls_.end() ? nullptr : it->second.get();
}

std::vector<const BuiltinDecl*> Registry::all() const {
  std::vector<const BuiltinDecl*> out;
  out.reserve(decls_.size());
  for (const auto& [name, decl] : decls_) out.push_back(decl.get());
  return out;
}

const Registry& Registry::defaults() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    register_all(*r);
    return r;
  }();
  return *registry;
}

std::string_view type_name(const Value& value) { return value.type_name(); }

Error operand_type_error(const BuiltinContext& ctx, int n, std::string_view want,
                         const Value& got) {
  return Error(ErrorCode::kEvalType, std::string(ctx.name) + ": operand " + std::to_string(n) +
                                         " must be " + std::string(want) + " but got " +
                                         std::string(got.type_name()));
}

Error builtin_error(const BuiltinContext& ctx, std::string_view message) {
  return Error(ErrorCode::kEvalBuiltin, std::string(ctx.name) + ": " + std::string(message));
}

Result<std::string_view> arg_string(const BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (!v.is_string()) return tl::unexpected(operand_type_error(ctx, n, "string", v));
  return std::string_view(v.as_string());
}

Result<Number> arg_number(const BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (!v.is_number()) return tl::unexpected(operand_type_error(ctx, n, "number", v));
  return v.as_number();
}

Result<std::int64_t> arg_int(const BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (!v.is_number()) return tl::unexpected(operand_type_error(ctx, n, "number", v));
  auto i = v.as_number().to_int64();
  if (!i) {
    return tl::unexpected(
        Error(ErrorCode::kEvalType, std::string(ctx.name) + ": operand " + std::to_string(n) +
                                        " must be integer number but got floating-point number"));
  }
  return *i;
}

Result<bool> arg_bool(const BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (!v.is_bool()) return tl::unexpected(operand_type_error(ctx, n, "boolean", v));
  return v.as_bool();
}

Result<const Value*> arg_kind(const BuiltinContext& ctx, std::span<const Value> args, int n,
                              Value::Kind kind) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (v.kind() != kind) {
    return tl::unexpected(operand_type_error(ctx, n, Value::kind_name(kind), v));
  }
  return &v;
}

}  // namespace custos::rego
