// GraphQL schema construction and validation (spec October 2021 §3; gqlparser v2's
// ValidateSchemaDocument): the prelude's built-in scalars, directives and introspection types
// are merged with the document, extensions are applied, and every definition is checked
// (types exist and have the right kinds, interfaces are implemented, root types are objects).

#include <set>

#include "rego/builtins/graphql_validate.h"

namespace custos::rego::graphql {

namespace {

// gqlparser's prelude (facts of the GraphQL spec: built-in scalars §3.5, directives §3.13,
// introspection types §4.2).
constexpr std::string_view kPrelude = R"(
scalar Int
scalar Float
scalar String
scalar Boolean
scalar ID
directive @include(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT
directive @deprecated(reason: String = "No longer supported") on FIELD_DEFINITION | ARGUMENT_DEFINITION | INPUT_FIELD_DEFINITION | ENUM_VALUE
directive @specifiedBy(url: String!) on SCALAR
directive @oneOf on INPUT_OBJECT
directive @defer(if: Boolean = true, label: String) on FRAGMENT_SPREAD | INLINE_FRAGMENT
type __Schema {
  description: String
  types: [__Type!]!
  queryType: __Type!
  mutationType: __Type
  subscriptionType: __Type
  directives: [__Directive!]!
}
type __Type {
  kind: __TypeKind!
  name: String
  description: String
  fields(includeDeprecated: Boolean = false): [__Field!]
  interfaces: [__Type!]
  possibleTypes: [__Type!]
  enumValues(includeDeprecated: Boolean = false): [__EnumValue!]
  inputFields: [__InputValue!]
  ofType: __Type
  specifiedByURL: String
}
type __Field {
  name: String!
  description: String
  args: [__InputValue!]!
  type: __Type!
  isDeprecated: Boolean!
  deprecationReason: String
}
type __InputValue {
  name: String!
  description: String
  type: __Type!
  defaultValue: String
}
type __EnumValue {
  name: String!
  description: String
  isDeprecated: Boolean!
  deprecationReason: String
}
enum __TypeKind { SCALAR OBJECT INTERFACE UNION ENUM INPUT_OBJECT LIST NON_NULL }
type __Directive {
  name: String!
  description: String
  locations: [__DirectiveLocation!]!
  args: [__InputValue!]!
  isRepeatable: Boolean!
}
enum __DirectiveLocation {
  QUERY MUTATION SUBSCRIPTION FIELD FRAGMENT_DEFINITION FRAGMENT_SPREAD INLINE_FRAGMENT
  VARIABLE_DEFINITION SCHEMA SCALAR OBJECT FIELD_DEFINITION ARGUMENT_DEFINITION INTERFACE
  UNION ENUM ENUM_VALUE INPUT_OBJECT INPUT_FIELD_DEFINITION
}
)";

const Value& empty_array() {
  static const Value kEmpty = Value::array({});
  return kEmpty;
}

TypeDef to_typedef(const Value& def, bool builtin) {
  TypeDef t;
  t.kind = std::string(get_str(def, "Kind"));
  t.name = std::string(get_str(def, "Name"));
  for (const auto& f : get_list(def, "Fields")) t.fields.push_back(f);
  for (const auto& i : get_list(def, "Interfaces")) {
    if (i.is_string()) t.interfaces.push_back(i.as_string());
  }
  for (const auto& m : get_list(def, "Types")) {
    if (m.is_string()) t.types.push_back(m.as_string());
  }
  for (const auto& e : get_list(def, "EnumValues")) t.enum_values.push_back(e);
  for (const auto& d : get_list(def, "Directives")) t.directives.push_back(d);
  t.builtin = builtin;
  auto e = error_at(def, "");
  t.line = e.line;
  t.column = e.column;
  return t;
}

bool is_input_kind(std::string_view k) {
  return k == "SCALAR" || k == "ENUM" || k == "INPUT_OBJECT";
}
bool is_output_kind(std::string_view k) {
  return k == "SCALAR" || k == "ENUM" || k == "OBJECT" || k == "INTERFACE" || k == "UNION";
}

class SchemaChecker {
 public:
  explicit SchemaChecker(Schema& s) : s_(s) {}

  std::optional<ValidationError> err;

  void fail(const Value& node, std::string msg) {
    if (!err) err = error_at(node, std::move(msg));
  }
  void fail_def(const TypeDef& t, std::string msg) {
    if (!err) err = ValidationError{std::move(msg), t.line, t.column};
  }

  void check_directives(std::span<const Value> dirs, std::string_view location) {
    for (const auto& d : dirs) {
      std::string_view name = get_str(d, "Name");
      auto it = s_.directive_locations.find(name);
      if (it == s_.directive_locations.end()) {
        fail(d, "Undefined directive " + std::string(name) + ".");
        return;
      }
      if (it->second.count(location) == 0) {
        fail(d, "Directive " + std::string(name) + " is not applicable on " +
                    std::string(location) + ".");
      }
    }
  }

  void check_type_ref(const Value& node, const Value* type, bool input, std::string_view owner) {
    if (type == nullptr) {
      fail(node, "Undefined type for " + std::string(owner) + ".");
      return;
    }
    std::string_view name = named_type(*type);
    const TypeDef* t = s_.type(name);
    if (t == nullptr) {
      fail(node, "Undefined type " + std::string(name) + ".");
      return;
    }
    if (input && !is_input_kind(t->kind)) {
      fail(node, std::string(owner) + ": type " + std::string(name) +
                     " must be an input type (SCALAR, ENUM or INPUT_OBJECT).");
    } else if (!input && !is_output_kind(t->kind)) {
      fail(node, std::string(owner) + ": type " + std::string(name) + " must be an output type.");
    }
  }

  void check_arguments(std::span<const Value> args, const std::string& owner) {
    std::set<std::string_view> seen;
    for (const auto& a : args) {
      std::string_view n = get_str(a, "Name");
      if (!seen.insert(n).second) fail(a, "Argument " + std::string(n) + " is defined twice.");
      if (n.starts_with("__"))
        fail(a, "Name \"" + std::string(n) + "\" must not begin with \"__\".");
      check_type_ref(a, get_obj(a, "Type"), true, owner + "(" + std::string(n) + ")");
      check_directives(get_list(a, "Directives"), "ARGUMENT_DEFINITION");
    }
  }

  void check_definition(const TypeDef& t) {
    if (!t.builtin && t.name.starts_with("__")) {
      fail_def(t, "Name \"" + t.name +
                      "\" must not begin with \"__\", which is reserved by GraphQL introspection.");
    }
    if (t.kind == "OBJECT" || t.kind == "INTERFACE" || t.kind == "INPUT_OBJECT") {
      if (t.fields.empty())
        fail_def(t, t.kind + " " + t.name + ": must define one or more fields.");
      std::set<std::string_view> seen;
      for (const auto& f : t.fields) {
        std::string_view n = get_str(f, "Name");
        std::string owner = t.name + "." + std::string(n);
        if (!seen.insert(n).second) fail(f, "Field " + owner + " can only be defined once.");
        bool input = t.kind == "INPUT_OBJECT";
        check_type_ref(f, get_obj(f, "Type"), input, owner);
        if (!input) check_arguments(get_list(f, "Arguments"), owner);
        check_directives(get_list(f, "Directives"),
                         input ? "INPUT_FIELD_DEFINITION" : "FIELD_DEFINITION");
      }
      check_interfaces(t);
    } else if (t.kind == "UNION") {
      if (t.types.empty()) {
        fail_def(t, "UNION " + t.name + ": must define one or more unique member types.");
      }
      for (const auto& m : t.types) {
        const TypeDef* member = s_.type(m);
        if (member == nullptr) {
          fail_def(t, "Undefined type \"" + m + "\".");
        } else if (member->kind != "OBJECT") {
          fail_def(t, "UNION type \"" + m + "\" must be OBJECT.");
        }
      }
    } else if (t.kind == "ENUM") {
      if (t.enum_values.empty()) {
        fail_def(t, "ENUM " + t.name + ": must define one or more unique enum values.");
      }
      std::set<std::string_view> seen;
      for (const auto& v : t.enum_values) {
        std::string_view n = get_str(v, "Name");
        if (!seen.insert(n).second) fail(v, "Enum value " + std::string(n) + " is defined twice.");
        check_directives(get_list(v, "Directives"), "ENUM_VALUE");
      }
    } else if (t.kind != "SCALAR") {
      fail_def(t, "Unknown kind \"" + t.kind + "\" of type " + t.name + ".");
    }
    check_directives(t.directives, t.kind);
  }

  void check_interfaces(const TypeDef& t) {
    std::set<std::string_view> own(t.interfaces.begin(), t.interfaces.end());
    for (const auto& i : t.interfaces) {
      const TypeDef* iface = s_.type(i);
      if (iface == nullptr) {
        fail_def(t, "Undefined type " + i + ".");
        return;
      }
      if (iface->kind != "INTERFACE") {
        fail_def(t, t.name + " is a non interface type " + i + ".");
        return;
      }
      for (const auto& f : iface->fields) {
        std::string_view n = get_str(f, "Name");
        if (t.field(n) == nullptr) {
          fail_def(t, "For " + t.name + " to implement " + i + " it must have a field called " +
                          std::string(n) + ".");
        }
      }
      for (const auto& transitive : iface->interfaces) {
        if (own.count(transitive) == 0) {
          fail_def(t, "Type " + t.name + " must implement " + transitive +
                          " because it is implemented by " + i + ".");
        }
      }
    }
  }

 private:
  Schema& s_;
};

void add_document(Schema& s, SchemaChecker& c, const Value& doc, bool builtin,
                  std::vector<const Value*>& schema_defs) {
  for (const auto& def : get_list(doc, "Definitions")) {
    std::string name(get_str(def, "Name"));
    if (s.types.count(name) != 0) {
      c.fail(def, "Cannot redeclare type " + name + ".");
      continue;
    }
    s.types.emplace(name, to_typedef(def, builtin));
  }
  for (const auto& dir : get_list(doc, "Directives")) {
    std::string name(get_str(dir, "Name"));
    if (s.directives.count(name) != 0) {
      c.fail(dir, "Cannot redeclare directive " + name + ".");
      continue;
    }
    s.directives.emplace(name, dir);
  }
  for (const auto& sd : get_list(doc, "Schema")) schema_defs.push_back(&sd);
}

}  // namespace

void TypeDef::index() {
  field_index.clear();
  enum_names.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    field_index.emplace(std::string(get_str(fields[i], "Name")), i);
  }
  for (const auto& e : enum_values) enum_names.emplace(get_str(e, "Name"));
}

const Value* TypeDef::field(std::string_view field_name) const {
  if (!field_index.empty()) {
    auto it = field_index.find(field_name);
    return it == field_index.end() ? nullptr : &fields[it->second];
  }
  for (const auto& f : fields) {
    if (get_str(f, "Name") == field_name) return &f;
  }
  return nullptr;
}

const TypeDef* Schema::type(std::string_view name) const {
  auto it = types.find(name);
  return it == types.end() ? nullptr : &it->second;
}

tl::expected<std::shared_ptr<const Schema>, ValidationError> build_schema(const Value& doc) {
  static const Value kPreludeDoc = [] {
    auto parsed = parse_schema(kPrelude);
    return parsed ? *parsed : Value::object({});
  }();
  auto schema = std::make_shared<Schema>();
  Schema& s = *schema;
  SchemaChecker c(s);
  std::vector<const Value*> schema_defs;
  add_document(s, c, kPreludeDoc, true, schema_defs);
  schema_defs.clear();
  add_document(s, c, doc, false, schema_defs);
  if (c.err) return tl::unexpected(*c.err);

  for (const auto& ext : get_list(doc, "Extensions")) {
    std::string name(get_str(ext, "Name"));
    std::string kind(get_str(ext, "Kind"));
    auto it = s.types.find(name);
    if (it == s.types.end()) {
      TypeDef t = to_typedef(ext, false);
      t.fields.clear();
      t.interfaces.clear();
      t.types.clear();
      t.enum_values.clear();
      t.directives.clear();
      it = s.types.emplace(name, std::move(t)).first;
    }
    TypeDef& t = it->second;
    if (t.kind != kind) {
      c.fail(ext, "Cannot extend type " + name + " because the base type is a " + t.kind +
                      ", not " + kind + ".");
      return tl::unexpected(*c.err);
    }
    TypeDef add = to_typedef(ext, false);
    t.fields.insert(t.fields.end(), add.fields.begin(), add.fields.end());
    t.interfaces.insert(t.interfaces.end(), add.interfaces.begin(), add.interfaces.end());
    t.types.insert(t.types.end(), add.types.begin(), add.types.end());
    t.enum_values.insert(t.enum_values.end(), add.enum_values.begin(), add.enum_values.end());
    t.directives.insert(t.directives.end(), add.directives.begin(), add.directives.end());
  }

  for (auto& [name, t] : s.types) t.index();
  for (const auto& [name, d] : s.directives) {
    auto& locs = s.directive_locations[name];
    for (const auto& loc : get_list(d, "Locations")) {
      if (loc.is_string()) locs.insert(loc.as_string());
    }
  }
  for (const auto& [name, t] : s.types) {
    c.check_definition(t);
    if (c.err) return tl::unexpected(*c.err);
  }
  for (const auto& [name, d] : s.directives) {
    c.check_arguments(get_list(d, "Arguments"), "@" + name);
    if (c.err) return tl::unexpected(*c.err);
  }

  if (schema_defs.size() > 1) {
    c.fail(*schema_defs[1],
           "Cannot have multiple schema entry points, consider schema extensions instead.");
    return tl::unexpected(*c.err);
  }
  std::vector<const Value*> entries = schema_defs;
  for (const auto& ext : get_list(doc, "SchemaExtension")) entries.push_back(&ext);
  bool declared = false;
  for (const Value* sd : entries) {
    c.check_directives(get_list(*sd, "Directives"), "SCHEMA");
    for (const auto& op : get_list(*sd, "OperationTypes")) {
      declared = true;
      std::string_view kind = get_str(op, "Operation");
      std::string type(get_str(op, "Type"));
      const TypeDef* t = s.type(type);
      if (t == nullptr || t->kind != "OBJECT") {
        c.fail(op, "Schema root " + std::string(kind) + " refers to a type " + type +
                       " that does not exist.");
        break;
      }
      if (kind == "query") s.query = type;
      if (kind == "mutation") s.mutation = type;
      if (kind == "subscription") s.subscription = type;
    }
    if (c.err) return tl::unexpected(*c.err);
  }
  if (!declared) {
    auto root = [&](const char* name, std::string& slot) {
      const TypeDef* t = s.type(name);
      if (t != nullptr && t->kind == "OBJECT") slot = name;
    };
    root("Query", s.query);
    root("Mutation", s.mutation);
    root("Subscription", s.subscription);
  }
  (void)empty_array;
  return std::shared_ptr<const Schema>(std::move(schema));
}

// ---- accessors ----------------------------------------------------------------------------

std::string_view get_str(const Value& node, std::string_view key) {
  const Value* v = node.find(key);
  return v != nullptr && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

std::span<const Value> get_list(const Value& node, std::string_view key) {
  const Value* v = node.find(key);
  return v != nullptr && v->is_array() ? v->as_array() : std::span<const Value>();
}

const Value* get_obj(const Value& node, std::string_view key) {
  const Value* v = node.find(key);
  return v != nullptr && v->is_object() ? v : nullptr;
}

bool get_bool(const Value& node, std::string_view key) {
  const Value* v = node.find(key);
  return v != nullptr && v->is_bool() && v->as_bool();
}

int get_int(const Value& node, std::string_view key) {
  const Value* v = node.find(key);
  if (v == nullptr || !v->is_number()) return -1;
  auto n = v->as_number().to_int64();
  return n && *n >= 0 && *n <= 0x7fffffff ? static_cast<int>(*n) : -1;
}

ValidationError error_at(const Value& node, std::string message) {
  ValidationError e{std::move(message), 0, 0};
  if (const Value* p = get_obj(node, "Position")) {
    e.line = std::max(0, get_int(*p, "Line"));
    e.column = std::max(0, get_int(*p, "Column"));
  }
  return e;
}

namespace {
std::string type_string_at(const Value& type, int depth) {
  std::string out;
  const Value* elem = get_obj(type, "Elem");
  if (elem != nullptr && depth < kMaxDepth * 4) {
    out = "[" + type_string_at(*elem, depth + 1) + "]";
  } else {
    out = std::string(get_str(type, "NamedType"));
  }
  if (get_bool(type, "NonNull")) out += "!";
  return out;
}
}  // namespace

std::string type_string(const Value& type) { return type_string_at(type, 0); }

std::string_view named_type(const Value& type) {
  const Value* t = &type;
  for (int depth = 0; depth < kMaxDepth * 4; ++depth) {
    const Value* elem = get_obj(*t, "Elem");
    if (elem == nullptr) break;
    t = elem;
  }
  return get_str(*t, "NamedType");
}

}  // namespace custos::rego::graphql
