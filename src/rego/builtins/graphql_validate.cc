// GraphQL query validation (spec October 2021 §5) against a Schema from graphql_schema.cc.
// Rules: operation name uniqueness and lone anonymous operation, supported root types, fields
// on correct type, scalar leafs, known / unique / required arguments, values of correct type,
// known directives in valid locations (unique unless repeatable), known fragment names and
// types, fragments on composite types, possible fragment spreads, fragment cycles, unused
// fragments, unique / input-typed / defined / used variables and variables in allowed
// positions. Not implemented: OverlappingFieldsCanBeMerged and single root field of
// subscriptions. Messages follow gqlparser v2 (the first error is reported).

#include <set>

#include "rego/builtins/graphql_validate.h"

namespace custos::rego::graphql {

namespace {

constexpr std::size_t kMaxValidationSteps = 2'000'000;

const TypeDef& introspection_root() {
  static const TypeDef kRoot = [] {
    TypeDef t;
    auto doc = parse_schema("type __Root { __schema: __Schema! __type(name: String!): __Type }");
    if (doc) {
      for (const auto& def : get_list(*doc, "Definitions")) {
        for (const auto& f : get_list(def, "Fields")) t.fields.push_back(f);
      }
    }
    t.index();
    return t;
  }();
  return kRoot;
}

const Value& typename_field() {
  static const Value kField = [] {
    auto doc = parse_schema("type T { __typename: String! }");
    if (!doc) return Value();
    for (const auto& def : get_list(*doc, "Definitions")) {
      for (const auto& f : get_list(def, "Fields")) return f;
    }
    return Value();
  }();
  return kField;
}

bool is_composite(const TypeDef* t) {
  return t != nullptr && (t->kind == "OBJECT" || t->kind == "INTERFACE" || t->kind == "UNION");
}

bool compatible(const Value& var_type, const Value& expected, bool expected_non_null, int depth) {
  if (get_str(var_type, "NamedType") != get_str(expected, "NamedType")) return false;
  const Value* te = get_obj(var_type, "Elem");
  const Value* oe = get_obj(expected, "Elem");
  if (te != nullptr && oe == nullptr) return false;
  if (te != nullptr &&
      (depth > kMaxDepth || !compatible(*te, *oe, get_bool(*oe, "NonNull"), depth + 1))) {
    return false;
  }
  if (expected_non_null) return get_bool(var_type, "NonNull");
  return true;
}

std::string value_text(const Value& v) {
  std::string raw(get_str(v, "Raw"));
  switch (get_int(v, "Kind")) {
    case kStringValue:
    case kBlockValue: return "\"" + raw + "\"";
    case kListValue: return "list";
    case kObjectValue: return "object";
    case kVariable: return "$" + raw;
    default: return raw;
  }
}

struct Usage {
  const Value* value;
  Value expected;
  bool location_has_default;
};

class QueryValidator {
 public:
  QueryValidator(const Schema& s, const Value& doc) : s_(s), doc_(doc) {}

  std::optional<ValidationError> err;

  void fail(const Value& node, std::string msg) {
    if (!err) err = error_at(node, std::move(msg));
  }

  void run() {
    auto ops = get_list(doc_, "Operations");
    for (const auto& f : get_list(doc_, "Fragments")) {
      std::string_view name = get_str(f, "Name");
      if (!fragments_.emplace(name, &f).second) {
        fail(f, "There can be only one fragment named \"" + std::string(name) + "\".");
      }
    }
    std::set<std::string_view> op_names;
    for (const auto& op : ops) {
      std::string_view name = get_str(op, "Name");
      if (name.empty() && ops.size() > 1) {
        fail(op, "This anonymous operation must be the only defined operation.");
      }
      if (!name.empty() && !op_names.insert(name).second) {
        fail(op, "There can be only one operation named \"" + std::string(name) + "\".");
      }
    }
    for (const auto& op : ops) check_operation(op);
    for (const auto& f : get_list(doc_, "Fragments")) {
      std::string_view name = get_str(f, "Name");
      if (used_fragments_.count(name) == 0) {
        fail(f, "Fragment \"" + std::string(name) + "\" is never used.");
      }
      // Fragments are validated on their own as well (reached or not).
      const TypeDef* t = fragment_type(f, true);
      op_ = nullptr;
      check_directives(get_list(f, "Directives"), "FRAGMENT_DEFINITION");
      if (t != nullptr) walk_selections(get_list(f, "SelectionSet"), t, 0);
    }
  }

 private:
  const TypeDef* fragment_type(const Value& node, bool named) {
    std::string_view cond = get_str(node, "TypeCondition");
    const TypeDef* t = s_.type(cond);
    if (t == nullptr) {
      fail(node, "Unknown type \"" + std::string(cond) + "\".");
      return nullptr;
    }
    if (!is_composite(t)) {
      fail(node,
           named
               ? "Fragment \"" + std::string(get_str(node, "Name")) +
                     "\" cannot condition on non composite type \"" + std::string(cond) + "\"."
               : "Fragment cannot condition on non composite type \"" + std::string(cond) + "\".");
      return nullptr;
    }
    return t;
  }

  void check_operation(const Value& op) {
    op_ = &op;
    usages_.clear();
    visited_.clear();
    std::string_view kind = get_str(op, "Operation");
    const std::string& root_name =
        kind == "mutation" ? s_.mutation : (kind == "subscription" ? s_.subscription : s_.query);
    std::string location = kind == "mutation"       ? "MUTATION"
                           : kind == "subscription" ? "SUBSCRIPTION"
                                                    : "QUERY";
    std::set<std::string_view> var_names;
    for (const auto& vd : get_list(op, "VariableDefinitions")) {
      std::string_view name = get_str(vd, "Variable");
      if (!var_names.insert(name).second) {
        fail(vd, "There can be only one variable named \"$" + std::string(name) + "\".");
      }
      const Value* type = get_obj(vd, "Type");
      std::string_view tn = type ? named_type(*type) : std::string_view();
      const TypeDef* t = s_.type(tn);
      if (t == nullptr) {
        fail(vd, "Unknown type \"" + std::string(tn) + "\".");
      } else if (t->kind != "SCALAR" && t->kind != "ENUM" && t->kind != "INPUT_OBJECT") {
        fail(vd, "Variable \"$" + std::string(name) + "\" cannot be non-input type \"" +
                     type_string(*type) + "\".");
      } else if (const Value* def = get_obj(vd, "DefaultValue")) {
        check_value(*def, type, false, 0);
      }
      check_directives(get_list(vd, "Directives"), "VARIABLE_DEFINITION");
    }
    check_directives(get_list(op, "Directives"), location);
    const TypeDef* root = s_.type(root_name);
    if (root_name.empty() || root == nullptr) {
      fail(op, "Schema does not support operation type \"" + std::string(kind) + "\"");
      return;
    }
    walk_selections(get_list(op, "SelectionSet"), root, 0);
    check_variables(op);
  }

  void check_variables(const Value& op) {
    std::string_view op_name = get_str(op, "Name");
    std::string suffix = op_name.empty() ? "." : " by operation \"" + std::string(op_name) + "\".";
    std::set<std::string_view> used;
    std::map<std::string_view, const Value*> defs;
    for (const auto& vd : get_list(op, "VariableDefinitions")) {
      defs.emplace(get_str(vd, "Variable"), &vd);
    }
    for (const auto& u : usages_) {
      std::string_view name = get_str(*u.value, "Raw");
      used.insert(name);
      auto found = defs.find(name);
      const Value* def = found == defs.end() ? nullptr : found->second;
      if (def == nullptr) {
        fail(*u.value, "Variable \"$" + std::string(name) + "\" is not defined" + suffix);
        continue;
      }
      const Value* var_type = get_obj(*def, "Type");
      if (u.expected.is_null() || var_type == nullptr) continue;
      bool non_null = get_bool(u.expected, "NonNull");
      const Value* dv = get_obj(*def, "DefaultValue");
      if (dv != nullptr && get_int(*dv, "Kind") != kNullValue) non_null = false;
      if (u.location_has_default) non_null = false;
      if (!compatible(*var_type, u.expected, non_null, 0)) {
        fail(*u.value, "Variable \"$" + std::string(name) + "\" of type \"" +
                           type_string(*var_type) + "\" used in position expecting type \"" +
                           type_string(u.expected) + "\".");
      }
    }
    for (const auto& vd : get_list(op, "VariableDefinitions")) {
      std::string_view name = get_str(vd, "Variable");
      if (used.count(name) == 0) {
        fail(vd, "Variable \"$" + std::string(name) + "\" is never used" +
                     (op_name.empty() ? "." : " in operation \"" + std::string(op_name) + "\"."));
      }
    }
  }

  const std::set<std::string_view>& possible_types(const TypeDef* t) {
    auto cached = possible_.find(t->name);
    if (cached != possible_.end()) return cached->second;
    std::set<std::string_view>& out = possible_[t->name];
    if (t->kind == "OBJECT") out.insert(t->name);
    if (t->kind == "UNION") {
      for (const auto& m : t->types) out.insert(m);
    }
    if (t->kind == "INTERFACE") {
      for (const auto& [name, def] : s_.types) {
        for (const auto& i : def.interfaces) {
          if (i == t->name && def.kind == "OBJECT") out.insert(def.name);
        }
      }
    }
    return out;
  }

  bool overlap(const TypeDef* a, const TypeDef* b) {
    const auto& pa = possible_types(a);
    for (const auto& n : possible_types(b)) {
      if (pa.count(n) != 0) return true;
    }
    return false;
  }

  void walk_selections(std::span<const Value> sels, const TypeDef* parent, int depth) {
    if (depth > kMaxDepth * 2) {
      if (!err) err = ValidationError{"selection sets nested too deeply", 0, 0};
      return;
    }
    for (const auto& sel : sels) {
      if (err) return;
      // Fragments are re-walked per operation; a step budget bounds the total work.
      if (++steps_ > kMaxValidationSteps) {
        err = ValidationError{"query too complex to validate (step budget exceeded)", 0, 0};
        return;
      }
      if (sel.find("TypeCondition") != nullptr) {
        const TypeDef* t = parent;
        if (!get_str(sel, "TypeCondition").empty()) t = fragment_type(sel, false);
        check_directives(get_list(sel, "Directives"), "INLINE_FRAGMENT");
        if (t == nullptr) continue;
        if (!overlap(parent, t)) {
          fail(sel, "Fragment cannot be spread here as objects of type \"" + parent->name +
                        "\" can never be of type \"" + t->name + "\".");
        }
        walk_selections(get_list(sel, "SelectionSet"), t, depth + 1);
      } else if (sel.find("Alias") != nullptr) {
        check_field(sel, parent, depth);
      } else {
        check_spread(sel, parent, depth);
      }
    }
  }

  void check_spread(const Value& sel, const TypeDef* parent, int depth) {
    std::string_view name = get_str(sel, "Name");
    check_directives(get_list(sel, "Directives"), "FRAGMENT_SPREAD");
    auto it = fragments_.find(name);
    if (it == fragments_.end()) {
      fail(sel, "Unknown fragment \"" + std::string(name) + "\".");
      return;
    }
    used_fragments_.insert(name);
    const TypeDef* t = s_.type(get_str(*it->second, "TypeCondition"));
    if (t != nullptr && is_composite(t) && !overlap(parent, t)) {
      fail(sel, "Fragment \"" + std::string(name) +
                    "\" cannot be spread here as objects of type \"" + parent->name +
                    "\" can never be of type \"" + t->name + "\".");
    }
    for (auto active : stack_) {
      if (active == name) {
        fail(sel, "Cannot spread fragment \"" + std::string(name) + "\" within itself.");
        return;
      }
    }
    if (op_ == nullptr || !visited_.insert(name).second || t == nullptr || !is_composite(t)) {
      return;
    }
    stack_.push_back(name);
    walk_selections(get_list(*it->second, "SelectionSet"), t, depth + 1);
    stack_.pop_back();
  }

  void check_field(const Value& sel, const TypeDef* parent, int depth) {
    std::string_view name = get_str(sel, "Name");
    const Value* def = nullptr;
    if (name == "__typename") {
      def = &typename_field();
    } else if ((name == "__schema" || name == "__type") && parent->name == s_.query) {
      def = introspection_root().field(name);
    } else if (parent->kind == "OBJECT" || parent->kind == "INTERFACE") {
      def = parent->field(name);
    }
    if (def == nullptr) {
      fail(sel,
           "Cannot query field \"" + std::string(name) + "\" on type \"" + parent->name + "\".");
      return;
    }
    check_arguments(sel, get_list(*def, "Arguments"),
                    "field \"" + parent->name + "." + std::string(name) + "\"",
                    "Field \"" + std::string(name) + "\"");
    check_directives(get_list(sel, "Directives"), "FIELD");
    const Value* type = get_obj(*def, "Type");
    const TypeDef* t = type ? s_.type(named_type(*type)) : nullptr;
    if (t == nullptr) return;
    auto subs = get_list(sel, "SelectionSet");
    if (is_composite(t)) {
      if (subs.empty()) {
        fail(sel, "Field \"" + std::string(name) + "\" of type \"" + type_string(*type) +
                      "\" must have a selection of subfields. Did you mean \"" + std::string(name) +
                      " { ... }\"?");
        return;
      }
      walk_selections(subs, t, depth + 1);
    } else if (!subs.empty()) {
      fail(sel, "Field \"" + std::string(name) + "\" must not have a selection since type \"" +
                    type_string(*type) + "\" has no subfields.");
    }
  }

  // Arguments given at a field or directive against their definitions.
  void check_arguments(const Value& node, std::span<const Value> defs, const std::string& where,
                       const std::string& owner) {
    std::set<std::string_view> seen;
    std::map<std::string_view, const Value*> by_name;
    for (const auto& d : defs) by_name.emplace(get_str(d, "Name"), &d);
    for (const auto& arg : get_list(node, "Arguments")) {
      std::string_view name = get_str(arg, "Name");
      if (!seen.insert(name).second) {
        fail(arg, "There can be only one argument named \"" + std::string(name) + "\".");
      }
      auto found = by_name.find(name);
      const Value* def = found == by_name.end() ? nullptr : found->second;
      const Value* value = get_obj(arg, "Value");
      if (def == nullptr) {
        fail(arg, "Unknown argument \"" + std::string(name) + "\" on " + where + ".");
        continue;
      }
      if (value != nullptr) {
        const Value* dv = get_obj(*def, "DefaultValue");
        bool has_default = dv != nullptr && get_int(*dv, "Kind") != kNullValue;
        check_value(*value, get_obj(*def, "Type"), has_default, 0);
      }
    }
    for (const auto& d : defs) {
      const Value* type = get_obj(d, "Type");
      std::string_view name = get_str(d, "Name");
      if (type == nullptr || !get_bool(*type, "NonNull") || get_obj(d, "DefaultValue")) continue;
      if (seen.count(name) == 0) {
        fail(node, owner + " argument \"" + std::string(name) + "\" of type \"" +
                       type_string(*type) + "\" is required, but it was not provided.");
      }
    }
  }

  void check_directives(std::span<const Value> dirs, std::string_view location) {
    std::set<std::string_view> seen;
    for (const auto& d : dirs) {
      std::string_view name = get_str(d, "Name");
      auto it = s_.directives.find(name);
      auto locs = s_.directive_locations.find(name);
      if (it == s_.directives.end() || locs == s_.directive_locations.end()) {
        fail(d, "Unknown directive \"@" + std::string(name) + "\".");
        continue;
      }
      if (locs->second.count(location) == 0) {
        fail(d, "Directive \"@" + std::string(name) + "\" may not be used on " +
                    std::string(location) + ".");
      }
      if (!seen.insert(name).second && !get_bool(it->second, "IsRepeatable")) {
        fail(d, "The directive \"@" + std::string(name) +
                    "\" can only be used once at this location.");
      }
      check_arguments(d, get_list(it->second, "Arguments"),
                      "directive \"@" + std::string(name) + "\"",
                      "Directive \"@" + std::string(name) + "\"");
    }
  }

  // ValuesOfCorrectType; records variable usages for VariablesInAllowedPosition.
  void check_value(const Value& v, const Value* type, bool location_has_default, int depth) {
    if (err) return;
    if (depth > kMaxDepth * 2) {
      err = ValidationError{"values nested too deeply", 0, 0};
      return;
    }
    int kind = get_int(v, "Kind");
    if (kind == kVariable) {
      usages_.push_back({&v, type ? *type : Value(), location_has_default});
      return;
    }
    if (type == nullptr) {
      for (const auto& c : get_list(v, "Children")) {
        if (const Value* cv = get_obj(c, "Value")) check_value(*cv, nullptr, false, depth + 1);
      }
      return;
    }
    std::string expected = type_string(*type);
    auto mismatch = [&] {
      fail(v, "Expected value of type \"" + expected + "\", found " + value_text(v) + ".");
    };
    if (kind == kNullValue) {
      if (get_bool(*type, "NonNull")) mismatch();
      return;
    }
    if (const Value* elem = get_obj(*type, "Elem")) {
      if (kind == kListValue) {
        for (const auto& c : get_list(v, "Children")) {
          if (const Value* cv = get_obj(c, "Value")) check_value(*cv, elem, false, depth + 1);
        }
      } else {
        check_value(v, elem, false, depth + 1);
      }
      return;
    }
    const TypeDef* t = s_.type(get_str(*type, "NamedType"));
    if (t == nullptr) return;
    if (kind == kListValue) {
      mismatch();
      return;
    }
    if (kind == kObjectValue) {
      if (t->kind != "INPUT_OBJECT") {
        mismatch();
        return;
      }
      std::set<std::string_view> given;
      for (const auto& c : get_list(v, "Children")) {
        std::string_view name = get_str(c, "Name");
        if (!given.insert(name).second) {
          fail(c, "There can be only one input field named \"" + std::string(name) + "\".");
        }
        const Value* fd = t->field(name);
        if (fd == nullptr) {
          fail(c,
               "Field \"" + std::string(name) + "\" is not defined by type \"" + t->name + "\".");
          continue;
        }
        const Value* dv = get_obj(*fd, "DefaultValue");
        if (const Value* cv = get_obj(c, "Value")) {
          check_value(*cv, get_obj(*fd, "Type"), dv != nullptr, depth + 1);
        }
      }
      for (const auto& fd : t->fields) {
        const Value* ft = get_obj(fd, "Type");
        std::string_view name = get_str(fd, "Name");
        if (ft != nullptr && get_bool(*ft, "NonNull") && !get_obj(fd, "DefaultValue") &&
            given.count(name) == 0) {
          fail(v, "Field \"" + t->name + "." + std::string(name) + "\" of required type \"" +
                      type_string(*ft) + "\" was not provided.");
        }
      }
      return;
    }
    if (t->kind == "ENUM") {
      std::string_view raw = get_str(v, "Raw");
      if (kind != kEnumValue || t->enum_names.count(raw) == 0) mismatch();
      return;
    }
    if (t->kind != "SCALAR") {
      mismatch();
      return;
    }
    if (!t->builtin) return;  // custom scalars accept any literal
    const std::string& n = t->name;
    bool ok = (kind == kIntValue && (n == "Int" || n == "Float" || n == "ID")) ||
              (kind == kFloatValue && n == "Float") ||
              ((kind == kStringValue || kind == kBlockValue) && (n == "String" || n == "ID")) ||
              (kind == kBooleanValue && n == "Boolean");
    if (!ok) mismatch();
  }

  const Schema& s_;
  const Value& doc_;
  const Value* op_ = nullptr;
  std::map<std::string_view, const Value*> fragments_;
  std::set<std::string_view> used_fragments_;
  std::set<std::string_view> visited_;
  std::vector<std::string_view> stack_;
  std::vector<Usage> usages_;
  std::map<std::string_view, std::set<std::string_view>> possible_;
  std::size_t steps_ = 0;
};

}  // namespace

std::optional<ValidationError> validate_query(const Schema& schema, const Value& query_doc) {
  QueryValidator v(schema, query_doc);
  v.run();
  return v.err;
}

}  // namespace custos::rego::graphql
