// JSON Schema (OPA category "object"): json.verify_schema and json.match_schema, for the
// draft 4–7 keywords policies use: type, enum, const, properties, required,
// additionalProperties, patternProperties, propertyNames, min/maxProperties, dependencies,
// items (schema or tuple), additionalItems, min/maxItems, uniqueItems, contains, minimum,
// maximum, exclusiveMinimum/Maximum (draft 4 booleans and draft 6+ numbers), multipleOf,
// min/maxLength, pattern, allOf, anyOf, oneOf, not, if/then/else, local $ref ("#",
// "#/definitions/…", "#/$defs/…"). `format` is not asserted (as gojsonschema does for unknown
// formats). Error objects follow gojsonschema as OPA returns them: {error, desc, field, type}.

#include <cmath>

#include "rego/builtins/regex.h"
#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

struct SchemaError {
  std::string field, type, desc;
};

std::string given_type(const Value& v) {
  if (v.is_number()) return v.as_number().is_integer() ? "integer" : "number";
  if (v.is_set()) return "array";
  return std::string(v.type_name());
}

bool type_matches(const std::string& t, const Value& v) {
  if (t == "integer") return v.is_number() && v.as_number().is_integer();
  if (t == "number") return v.is_number();
  if (t == "array") return v.is_array() || v.is_set();
  return t == v.type_name();
}

std::string field_name(const std::string& path) { return path.empty() ? "(root)" : path; }
std::string child(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string json_list(std::span<const Value> items) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i].to_json();
  }
  return out;
}

std::string num_text(const Value& v) {
  return v.is_number() ? v.as_number().to_string() : v.to_string();
}

// Checks the schema's own structure (the parts whose mistakes gojsonschema reports).
Result<void> check_schema(const Value& s, int depth) {
  if (depth > 64) return fail(ErrorCode::kEvalBuiltin, "schema too deep");
  if (s.is_bool()) return {};
  if (!s.is_object())
    return fail(ErrorCode::kEvalBuiltin, "Invalid schema: schema must be an object");
  static constexpr const char* kTypes[] = {"array", "boolean", "integer", "number",
                                           "null",  "object",  "string"};
  auto check_type = [](const Value& t) -> Result<void> {
    if (!t.is_string())
      return fail(ErrorCode::kEvalBuiltin, "Invalid schema: type must be a string or array");
    for (const char* k : kTypes) {
      if (t.as_string() == k) return {};
    }
    return fail(
        ErrorCode::kEvalBuiltin,
        "has a primitive type that is NOT VALID -- given: /" + t.as_string() +
            "/ Expected valid values are:[array boolean integer number null object string]");
  };
  if (const Value* t = s.find(std::string_view("type"))) {
    if (t->is_array()) {
      for (const auto& e : t->as_array()) CUSTOS_TRY(check_type(e));
    } else {
      CUSTOS_TRY(check_type(*t));
    }
  }
  for (const char* key : {"properties", "patternProperties", "definitions", "$defs"}) {
    if (const Value* p = s.find(std::string_view(key))) {
      if (!p->is_object())
        return fail(ErrorCode::kEvalBuiltin,
                    std::string("Invalid schema: ") + key + " must be an object");
      for (const auto& [k, sub] : p->as_object()) CUSTOS_TRY(check_schema(sub, depth + 1));
    }
  }
  for (const char* key : {"not", "additionalProperties", "additionalItems", "contains", "if",
                          "then", "else", "propertyNames"}) {
    if (const Value* p = s.find(std::string_view(key))) CUSTOS_TRY(check_schema(*p, depth + 1));
  }
  for (const char* key : {"allOf", "anyOf", "oneOf"}) {
    if (const Value* p = s.find(std::string_view(key))) {
      if (!p->is_array() || p->size() == 0) {
        return fail(ErrorCode::kEvalBuiltin,
                    std::string("Invalid schema: ") + key + " must be a non-empty array");
      }
      for (const auto& sub : p->as_array()) CUSTOS_TRY(check_schema(sub, depth + 1));
    }
  }
  if (const Value* items = s.find(std::string_view("items"))) {
    if (items->is_array()) {
      for (const auto& sub : items->as_array()) CUSTOS_TRY(check_schema(sub, depth + 1));
    } else {
      CUSTOS_TRY(check_schema(*items, depth + 1));
    }
  }
  if (const Value* req = s.find(std::string_view("required"))) {
    if (!req->is_array())
      return fail(ErrorCode::kEvalBuiltin, "Invalid schema: required must be an array");
    for (const auto& e : req->as_array()) {
      if (!e.is_string())
        return fail(ErrorCode::kEvalBuiltin, "Invalid schema: required items must be strings");
    }
  }
  if (const Value* p = s.find(std::string_view("pattern"))) {
    if (!p->is_string() || !compile_regex(p->as_string())) {
      return fail(ErrorCode::kEvalBuiltin, "Invalid schema: pattern must be a valid regex");
    }
  }
  if (const Value* e = s.find(std::string_view("enum")); e != nullptr && !e->is_array()) {
    return fail(ErrorCode::kEvalBuiltin, "Invalid schema: enum must be an array");
  }
  return {};
}

struct Validator {
  const Value& root;
  std::vector<SchemaError>& errors;
  int budget = 100000;

  void add(const std::string& path, std::string type, std::string desc) {
    errors.push_back({field_name(path), std::move(type), std::move(desc)});
  }

  const Value* resolve_ref(const std::string& ref) {
    if (ref == "#") return &root;
    if (!ref.starts_with("#/")) return nullptr;
    const Value* cur = &root;
    std::string_view rest = std::string_view(ref).substr(2);
    while (cur != nullptr && !rest.empty()) {
      std::size_t slash = rest.find('/');
      std::string seg(rest.substr(0, slash));
      rest = slash == rest.npos ? std::string_view() : rest.substr(slash + 1);
      std::string unescaped;
      for (std::size_t i = 0; i < seg.size(); ++i) {
        if (seg[i] == '~' && i + 1 < seg.size()) {
          unescaped.push_back(seg[i + 1] == '1' ? '/' : '~');
          ++i;
        } else {
          unescaped.push_back(seg[i]);
        }
      }
      cur = cur->find(std::string_view(unescaped));
    }
    return cur;
  }

  // Validates without recording errors (for anyOf/oneOf/not/if).
  bool passes(const Value& schema, const Value& v, const std::string& path, int depth) {
    std::vector<SchemaError> scratch;
    Validator sub{root, scratch, budget};
    sub.validate(schema, v, path, depth);
    budget = sub.budget;
    return scratch.empty();
  }

  void validate(const Value& s, const Value& v, const std::string& path, int depth) {
    if (--budget <= 0 || depth > 64) {
      add(path, "internal", "schema evaluation limit exceeded");
      return;
    }
    if (s.is_bool()) {
      if (!s.as_bool()) add(path, "false", "False always fails validation");
      return;
    }
    if (!s.is_object()) return;
    if (const Value* ref = s.find(std::string_view("$ref")); ref != nullptr && ref->is_string()) {
      const Value* target = resolve_ref(ref->as_string());
      if (target == nullptr) {
        add(path, "invalid_ref", "unresolvable $ref " + ref->as_string());
      } else {
        validate(*target, v, path, depth + 1);
      }
      return;  // draft 4–7: siblings of $ref are ignored
    }
    if (const Value* t = s.find(std::string_view("type"))) {
      std::vector<std::string> types;
      if (t->is_string()) types.push_back(t->as_string());
      if (t->is_array()) {
        for (const auto& e : t->as_array()) types.push_back(e.as_string());
      }
      bool ok = false;
      for (const auto& ty : types) ok = ok || type_matches(ty, v);
      if (!ok) {
        std::string expected;
        for (std::size_t i = 0; i < types.size(); ++i) expected += (i ? ", " : "") + types[i];
        add(path, "invalid_type",
            "Invalid type. Expected: " + expected + ", given: " + given_type(v));
        return;
      }
    }
    if (const Value* e = s.find(std::string_view("enum")); e != nullptr && e->is_array()) {
      bool found = false;
      for (const auto& item : e->as_array()) found = found || item == v;
      if (!found)
        add(path, "enum",
            field_name(path) + " must be one of the following: " + json_list(e->as_array()));
    }
    if (const Value* c = s.find(std::string_view("const")); c != nullptr && !(*c == v)) {
      add(path, "const", field_name(path) + " does not match: " + c->to_json());
    }
    for (const char* key : {"allOf", "anyOf", "oneOf"}) {
      const Value* list = s.find(std::string_view(key));
      if (list == nullptr || !list->is_array()) continue;
      int passed = 0;
      for (const auto& sub : list->as_array()) {
        if (std::string_view(key) == "allOf") {
          validate(sub, v, path, depth + 1);
        } else if (passes(sub, v, path, depth + 1)) {
          ++passed;
        }
      }
      if (std::string_view(key) == "anyOf" && passed == 0) {
        add(path, "number_any_of", "Must validate at least one schema (anyOf)");
      }
      if (std::string_view(key) == "oneOf" && passed != 1) {
        add(path, "number_one_of", "Must validate one and only one schema (oneOf)");
      }
    }
    if (const Value* n = s.find(std::string_view("not"));
        n != nullptr && passes(*n, v, path, depth + 1)) {
      add(path, "number_not", "Must not validate the schema (not)");
    }
    if (const Value* cond = s.find(std::string_view("if"))) {
      bool ok = passes(*cond, v, path, depth + 1);
      const Value* branch = s.find(std::string_view(ok ? "then" : "else"));
      if (branch != nullptr && !passes(*branch, v, path, depth + 1)) {
        add(path, ok ? "condition_then" : "condition_else",
            ok ? "Must validate \"then\" as \"if\" was valid"
               : "Must validate \"else\" as \"if\" was not valid");
      }
    }
    if (v.is_object()) validate_object(s, v, path, depth);
    if (v.is_array() || v.is_set()) validate_array(s, v, path, depth);
    if (v.is_string()) validate_string(s, v.as_string(), path);
    if (v.is_number()) validate_number(s, v.as_number(), path);
  }

  void validate_object(const Value& s, const Value& v, const std::string& path, int depth) {
    if (const Value* req = s.find(std::string_view("required"));
        req != nullptr && req->is_array()) {
      for (const auto& k : req->as_array()) {
        if (k.is_string() && v.find(k) == nullptr)
          add(path, "required", k.as_string() + " is required");
      }
    }
    const Value* props = s.find(std::string_view("properties"));
    const Value* patterns = s.find(std::string_view("patternProperties"));
    const Value* additional = s.find(std::string_view("additionalProperties"));
    const Value* names = s.find(std::string_view("propertyNames"));
    for (const auto& [k, val] : v.as_object()) {
      std::string key = k.is_string() ? k.as_string() : k.to_string();
      bool matched = false;
      if (props != nullptr && props->is_object()) {
        if (const Value* sub = props->find(k)) {
          matched = true;
          validate(*sub, val, child(path, key), depth + 1);
        }
      }
      if (patterns != nullptr && patterns->is_object()) {
        for (const auto& [pat, sub] : patterns->as_object()) {
          auto re = pat.is_string() ? compile_regex(pat.as_string())
                                    : Result<std::shared_ptr<const RE2>>(nullptr);
          if (re && *re && !check_match_cost(**re, key.size())) {
            add(path, "pattern_properties",
                "Pattern '" + pat.as_string() + "' is too complex for the key " + key);
          } else if (re && *re && RE2::PartialMatch(key, **re)) {
            matched = true;
            validate(sub, val, child(path, key), depth + 1);
          }
        }
      }
      if (!matched && additional != nullptr) {
        if (additional->is_bool() && !additional->as_bool()) {
          add(path, "additional_property_not_allowed",
              "Additional property " + key + " is not allowed");
        } else if (additional->is_object()) {
          validate(*additional, val, child(path, key), depth + 1);
        }
      }
      if (names != nullptr && !passes(*names, Value(key), path, depth + 1)) {
        add(path, "invalid_property_name", "Property name of \"" + key + "\" does not match");
      }
    }
    if (const Value* m = s.find(std::string_view("minProperties"));
        m != nullptr && m->is_number() &&
        Number::compare(Number(static_cast<std::int64_t>(v.size())), m->as_number()) < 0) {
      add(path, "array_min_properties", "Must have at least " + num_text(*m) + " properties");
    }
    if (const Value* m = s.find(std::string_view("maxProperties"));
        m != nullptr && m->is_number() &&
        Number::compare(Number(static_cast<std::int64_t>(v.size())), m->as_number()) > 0) {
      add(path, "array_max_properties", "Must have at most " + num_text(*m) + " properties");
    }
    if (const Value* deps = s.find(std::string_view("dependencies"));
        deps != nullptr && deps->is_object()) {
      for (const auto& [k, dep] : deps->as_object()) {
        if (v.find(k) == nullptr) continue;
        if (dep.is_array()) {
          for (const auto& need : dep.as_array()) {
            if (v.find(need) == nullptr) {
              add(path, "missing_dependency", "Has a dependency on " + need.to_string());
            }
          }
        } else {
          validate(dep, v, path, depth + 1);
        }
      }
    }
  }

  void validate_array(const Value& s, const Value& v, const std::string& path, int depth) {
    auto items = util::elements(v);
    const Value* it = s.find(std::string_view("items"));
    if (it != nullptr && it->is_array()) {
      auto tuple = it->as_array();
      for (std::size_t i = 0; i < items.size() && i < tuple.size(); ++i) {
        validate(tuple[i], items[i], child(path, std::to_string(i)), depth + 1);
      }
      const Value* extra = s.find(std::string_view("additionalItems"));
      if (items.size() > tuple.size() && extra != nullptr) {
        if (extra->is_bool() && !extra->as_bool()) {
          add(path, "array_no_additional_items", "No additional items allowed on array");
        } else if (extra->is_object()) {
          for (std::size_t i = tuple.size(); i < items.size(); ++i) {
            validate(*extra, items[i], child(path, std::to_string(i)), depth + 1);
          }
        }
      }
    } else if (it != nullptr) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        validate(*it, items[i], child(path, std::to_string(i)), depth + 1);
      }
    }
    auto n = Number(static_cast<std::int64_t>(items.size()));
    if (const Value* m = s.find(std::string_view("minItems"));
        m != nullptr && m->is_number() && Number::compare(n, m->as_number()) < 0) {
      add(path, "array_min_items", "Array must have at least " + num_text(*m) + " items");
    }
    if (const Value* m = s.find(std::string_view("maxItems"));
        m != nullptr && m->is_number() && Number::compare(n, m->as_number()) > 0) {
      add(path, "array_max_items", "Array must have at most " + num_text(*m) + " items");
    }
    if (const Value* u = s.find(std::string_view("uniqueItems"));
        u != nullptr && u->is_bool() && u->as_bool()) {
      bool done = false;
      for (std::size_t i = 0; i < items.size() && !done; ++i) {
        for (std::size_t j = i + 1; j < items.size() && !done; ++j) {
          if (items[i] == items[j]) {
            add(path, "unique",
                "array items[" + std::to_string(i) + "," + std::to_string(j) + "] must be unique");
            done = true;
          }
        }
      }
    }
    if (const Value* c = s.find(std::string_view("contains"))) {
      bool any = false;
      for (const auto& e : items) any = any || passes(*c, e, path, depth + 1);
      if (!any) add(path, "contains", "At least one of the items must match");
    }
  }

  void validate_string(const Value& s, const std::string& str, const std::string& path) {
    auto len = Number(static_cast<std::int64_t>(util::rune_count(str)));
    if (const Value* m = s.find(std::string_view("minLength"));
        m != nullptr && m->is_number() && Number::compare(len, m->as_number()) < 0) {
      add(path, "string_gte", "String length must be greater than or equal to " + num_text(*m));
    }
    if (const Value* m = s.find(std::string_view("maxLength"));
        m != nullptr && m->is_number() && Number::compare(len, m->as_number()) > 0) {
      add(path, "string_lte", "String length must be less than or equal to " + num_text(*m));
    }
    if (const Value* p = s.find(std::string_view("pattern")); p != nullptr && p->is_string()) {
      auto re = compile_regex(p->as_string());
      if (re && !check_match_cost(**re, str.size())) {
        add(path, "pattern",
            "Pattern '" + p->as_string() + "' is too complex for a string of this length");
      } else if (re && !RE2::PartialMatch(str, **re)) {
        add(path, "pattern", "Does not match pattern '" + p->as_string() + "'");
      }
    }
  }

  void validate_number(const Value& s, const Number& n, const std::string& path) {
    const Value* min = s.find(std::string_view("minimum"));
    const Value* max = s.find(std::string_view("maximum"));
    const Value* xmin = s.find(std::string_view("exclusiveMinimum"));
    const Value* xmax = s.find(std::string_view("exclusiveMaximum"));
    bool draft4_xmin = xmin != nullptr && xmin->is_bool() && xmin->as_bool();
    bool draft4_xmax = xmax != nullptr && xmax->is_bool() && xmax->as_bool();
    if (min != nullptr && min->is_number()) {
      int c = Number::compare(n, min->as_number());
      if (draft4_xmin ? c <= 0 : c < 0) {
        add(path, draft4_xmin ? "number_gt" : "number_gte",
            std::string(draft4_xmin ? "Must be greater than "
                                    : "Must be greater than or equal to ") +
                num_text(*min));
      }
    }
    if (max != nullptr && max->is_number()) {
      int c = Number::compare(n, max->as_number());
      if (draft4_xmax ? c >= 0 : c > 0) {
        add(path, draft4_xmax ? "number_lt" : "number_lte",
            std::string(draft4_xmax ? "Must be less than " : "Must be less than or equal to ") +
                num_text(*max));
      }
    }
    if (xmin != nullptr && xmin->is_number() && Number::compare(n, xmin->as_number()) <= 0) {
      add(path, "number_gt", "Must be greater than " + num_text(*xmin));
    }
    if (xmax != nullptr && xmax->is_number() && Number::compare(n, xmax->as_number()) >= 0) {
      add(path, "number_lt", "Must be less than " + num_text(*xmax));
    }
    if (const Value* m = s.find(std::string_view("multipleOf")); m != nullptr && m->is_number()) {
      Number d = m->as_number();
      bool ok = true;
      if (n.is_integer() && d.is_integer()) {
        auto r = n.rem(d);
        ok = r && *r == Number(0);
      } else {
        double q = n.to_double() / d.to_double();
        ok = std::fabs(q - std::round(q)) < 1e-9;
      }
      if (!ok) add(path, "multiple_of", "Must be a multiple of " + num_text(*m));
    }
  }
};

Result<Value> operand_json(BuiltinContext& ctx, const Value& v, int n) {
  if (!v.is_string()) {
    if (v.is_object() || v.is_bool()) return v;
    return err(util::type_error(ctx, n, {"string", "object"}, v));
  }
  auto parsed = Value::parse_json(v.as_string());
  if (!parsed)
    return util::builtin_err(ctx, "operand " + std::to_string(n) + ": " + parsed.error().message());
  return *parsed;
}

}  // namespace

void register_json_schema(Registry& r) {
  const Type kSchema = Type::any_of({Type::string(), Type::object_of(), Type::boolean()});
  r.add({.name = "json.verify_schema",
         .args = {kSchema},
         .result = Type::array_of(Type::any()),
         .description = "Checks that the input is a valid JSON schema object. The schema can be "
                        "either a JSON string or an JSON object.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY_ASSIGN(auto schema, operand_json(ctx, args[0], 1));
           auto ok = check_schema(schema, 0);
           if (!ok) return Value::array({Value(false), Value(ok.error().message())});
           return Value::array({Value(true), Value()});
         }});
  r.add({.name = "json.match_schema",
         .args = {Type::any_of({Type::string(), Type::object_of()}), kSchema},
         .result = Type::array_of(Type::any()),
         .description = "Checks that the document matches the JSON schema.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           Value doc = args[0];
           if (doc.is_string()) {
             auto parsed = Value::parse_json(doc.as_string());
             if (!parsed) return util::builtin_err(ctx, "operand 1: " + parsed.error().message());
             doc = *parsed;
           }
           CUSTOS_TRY_ASSIGN(auto schema, operand_json(ctx, args[1], 2));
           if (auto ok = check_schema(schema, 0); !ok) {
             return util::builtin_err(ctx, ok.error().message());
           }
           std::vector<SchemaError> errors;
           Validator v{schema, errors};
           v.validate(schema, doc, "", 0);
           std::vector<Value> out;
           for (const auto& e : errors) {
             out.push_back(Value::object({{Value("error"), Value(e.field + ": " + e.desc)},
                                          {Value("desc"), Value(e.desc)},
                                          {Value("field"), Value(e.field)},
                                          {Value("type"), Value(e.type)}}));
           }
           return Value::array({Value(errors.empty()), Value::array(std::move(out))});
         }});
}

}  // namespace custos::rego
