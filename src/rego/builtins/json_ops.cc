// JSON document operations (OPA category "object"): json.filter, json.remove and json.patch
// (RFC 6902 operations add, remove, replace, move, copy, test; paths as RFC 6901 pointers or
// arrays of segments).

#include <map>

#include "rego/builtins/util.h"

namespace custos::rego {

namespace {

using util::err;

// Paths to keep/remove as a trie of segments.
struct PathTrie {
  bool terminal = false;
  std::map<Value, PathTrie> children;
};

std::optional<std::size_t> array_index(const Value& seg) {
  if (seg.is_number()) {
    auto i = seg.as_number().to_int64();
    if (i && *i >= 0) return static_cast<std::size_t>(*i);
    return std::nullopt;
  }
  if (!seg.is_string()) return std::nullopt;
  const std::string& s = seg.as_string();
  if (s.empty() || s.size() > 18 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  std::size_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::size_t>(c - '0');
  }
  return v;
}

std::vector<Value> split_path(std::string_view p) {
  if (!p.empty() && p[0] == '/') p.remove_prefix(1);
  std::vector<Value> segs;
  std::size_t start = 0;
  for (;;) {
    std::size_t slash = p.find('/', start);
    segs.emplace_back(p.substr(start, slash == p.npos ? p.npos : slash - start));
    if (slash == p.npos) break;
    start = slash + 1;
  }
  return segs;
}

Result<PathTrie> path_trie(const BuiltinContext& ctx, std::span<const Value> args) {
  const Value& paths = args[1];
  if (!paths.is_array() && !paths.is_set()) {
    return err(util::type_error(ctx, 2, {"set", "array"}, paths));
  }
  PathTrie root;
  for (const auto& p : util::elements(paths)) {
    std::vector<Value> segs;
    if (p.is_string()) {
      segs = split_path(p.as_string());
    } else if (p.is_array()) {
      segs.assign(p.as_array().begin(), p.as_array().end());
    } else {
      return err(Error(ErrorCode::kEvalType,
                       std::string(ctx.name) +
                           ": operand 2 must be one of {set, array} containing string paths or "
                           "array of path segments but got " +
                           std::string(p.type_name())));
    }
    PathTrie* node = &root;
    for (const auto& s : segs) node = &node->children[s];
    node->terminal = true;
  }
  return root;
}

// Array elements are selected by string segments ("0"), as OPA's path strings do; a numeric
// segment never selects an array element (OPA and regorus agree on this).
const PathTrie* child_for(const PathTrie& t, const Value& key, bool array_elem, std::size_t i) {
  if (array_elem) {
    for (const auto& [seg, sub] : t.children) {
      if (!seg.is_string()) continue;
      if (auto idx = array_index(seg); idx && *idx == i) return &sub;
    }
    return nullptr;
  }
  if (auto it = t.children.find(key); it != t.children.end()) return &it->second;
  if (key.is_number()) {
    if (auto it = t.children.find(Value(key.as_number().to_string())); it != t.children.end()) {
      return &it->second;
    }
  }
  return nullptr;
}

std::optional<Value> filter(const Value& v, const PathTrie& t) {
  if (t.terminal) return v;
  if (v.is_object()) {
    std::vector<ObjectEntry> out;
    for (const auto& [k, e] : v.as_object()) {
      if (const PathTrie* c = child_for(t, k, false, 0)) {
        if (auto f = filter(e, *c)) out.emplace_back(k, *f);
      }
    }
    return Value::object_sorted(std::move(out));
  }
  if (v.is_array()) {
    std::vector<Value> out;
    std::size_t i = 0;
    for (const auto& e : v.as_array()) {
      if (const PathTrie* c = child_for(t, Value(static_cast<std::int64_t>(i)), true, i)) {
        if (auto f = filter(e, *c)) out.push_back(*f);
      }
      ++i;
    }
    return Value::array(std::move(out));
  }
  if (v.is_set()) {
    std::vector<Value> out;
    for (const auto& e : v.as_set()) {
      if (const PathTrie* c = child_for(t, e, false, 0)) {
        if (auto f = filter(e, *c)) out.push_back(*f);
      }
    }
    return Value::set(std::move(out));
  }
  return std::nullopt;
}

std::optional<Value> remove(const Value& v, const PathTrie& t) {
  if (t.terminal) return std::nullopt;
  if (v.is_object()) {
    std::vector<ObjectEntry> out;
    for (const auto& [k, e] : v.as_object()) {
      const PathTrie* c = child_for(t, k, false, 0);
      if (c == nullptr) {
        out.emplace_back(k, e);
      } else if (auto r = remove(e, *c)) {
        out.emplace_back(k, *r);
      }
    }
    return Value::object_sorted(std::move(out));
  }
  if (v.is_array()) {
    std::vector<Value> out;
    std::size_t i = 0;
    for (const auto& e : v.as_array()) {
      const PathTrie* c = child_for(t, Value(static_cast<std::int64_t>(i)), true, i);
      if (c == nullptr) {
        out.push_back(e);
      } else if (auto r = remove(e, *c)) {
        out.push_back(*r);
      }
      ++i;
    }
    return Value::array(std::move(out));
  }
  if (v.is_set()) {
    std::vector<Value> out;
    for (const auto& e : v.as_set()) {
      const PathTrie* c = child_for(t, e, false, 0);
      if (c == nullptr) {
        out.push_back(e);
      } else if (auto r = remove(e, *c)) {
        out.push_back(*r);
      }
    }
    return Value::set(std::move(out));
  }
  return v;
}

// ---- json.patch -------------------------------------------------------------------------------

Result<std::vector<Value>> pointer(const Value& p) {
  if (p.is_array()) return std::vector<Value>(p.as_array().begin(), p.as_array().end());
  if (!p.is_string()) return fail(ErrorCode::kEvalBuiltin, "invalid patch path");
  std::string_view s = p.as_string();
  std::vector<Value> segs;
  if (s.empty()) return segs;
  if (s[0] != '/') return fail(ErrorCode::kEvalBuiltin, "invalid JSON pointer " + std::string(s));
  s.remove_prefix(1);
  for (const auto& seg : split_path(s)) {
    std::string out;
    const std::string& raw = seg.as_string();
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        out.push_back(raw[i + 1] == '0' ? '~' : '/');
        ++i;
      } else {
        out.push_back(raw[i]);
      }
    }
    segs.emplace_back(std::move(out));
  }
  return segs;
}

std::optional<Value> get(const Value& doc, std::span<const Value> path) {
  const Value* cur = &doc;
  for (const auto& seg : path) {
    const Value* next = nullptr;
    if (cur->is_object()) {
      next = cur->find(seg);
    } else if (cur->is_array()) {
      if (auto i = array_index(seg)) next = cur->at(*i);
    } else if (cur->is_set() && cur->contains(seg)) {
      next = &seg;
    }
    if (next == nullptr) return std::nullopt;
    cur = next;
  }
  return *cur;
}

Error patch_error(std::string msg) { return Error(ErrorCode::kEvalBuiltin, std::move(msg)); }

// Applies `op` ('a' add, 'r' remove, 'p' replace) of `value` at `path` inside `doc`.
Result<Value> apply(const Value& doc, std::span<const Value> path, char op, const Value& value) {
  if (path.empty()) {
    if (op == 'r') return fail(patch_error("cannot remove the root document"));
    return value;
  }
  const Value& seg = path[0];
  bool last = path.size() == 1;
  if (doc.is_object()) {
    const Value* child = doc.find(seg);
    std::vector<ObjectEntry> out(doc.as_object().begin(), doc.as_object().end());
    if (last) {
      if (op != 'a' && child == nullptr) return fail(patch_error("path does not exist"));
      if (op == 'r') {
        std::erase_if(out, [&](const ObjectEntry& e) { return e.first == seg; });
        return Value::object_sorted(std::move(out));
      }
      out.emplace_back(seg, value);
      return Value::object(std::move(out));
    }
    if (child == nullptr) return fail(patch_error("path does not exist"));
    CUSTOS_TRY_ASSIGN(Value updated, apply(*child, path.subspan(1), op, value));
    out.emplace_back(seg, updated);
    return Value::object(std::move(out));
  }
  if (doc.is_array()) {
    std::vector<Value> out(doc.as_array().begin(), doc.as_array().end());
    std::size_t idx = 0;
    if (last && op == 'a' && seg.is_string() && seg.as_string() == "-") {
      idx = out.size();
    } else if (auto i = array_index(seg)) {
      idx = *i;
    } else {
      return fail(patch_error("invalid array index"));
    }
    if (last) {
      if (op == 'a') {
        if (idx > out.size()) return fail(patch_error("array index out of range"));
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(idx), value);
      } else {
        if (idx >= out.size()) return fail(patch_error("array index out of range"));
        if (op == 'r') {
          out.erase(out.begin() + static_cast<std::ptrdiff_t>(idx));
        } else {
          out[idx] = value;
        }
      }
      return Value::array(std::move(out));
    }
    if (idx >= out.size()) return fail(patch_error("array index out of range"));
    CUSTOS_TRY_ASSIGN(out[idx], apply(out[idx], path.subspan(1), op, value));
    return Value::array(std::move(out));
  }
  if (doc.is_set()) {
    // Set members are addressed by value. Replacing a member (or anything inside one) by a
    // different value is refused, as OPA does; adding inside a member rebuilds it.
    std::vector<Value> out(doc.as_set().begin(), doc.as_set().end());
    if (last && op == 'a') {
      out.push_back(value);
      return Value::set(std::move(out));
    }
    if (!doc.contains(seg)) return fail(patch_error("path does not exist"));
    if (op == 'p') {
      if (last && value == seg) return doc;
      return fail(patch_error("cannot replace a set member"));
    }
    std::erase(out, seg);
    if (!last) {
      CUSTOS_TRY_ASSIGN(Value updated, apply(seg, path.subspan(1), op, value));
      out.push_back(std::move(updated));
    }
    return Value::set(std::move(out));
  }
  return fail(patch_error("path does not exist"));
}

Result<Value> patch(Value doc, const Value& op_value) {
  if (!op_value.is_object()) return fail(patch_error("patch operation must be an object"));
  const Value* op = op_value.find(std::string_view("op"));
  const Value* path_v = op_value.find(std::string_view("path"));
  if (op == nullptr || !op->is_string() || path_v == nullptr) {
    return fail(patch_error("patch operation needs op and path"));
  }
  CUSTOS_TRY_ASSIGN(auto path, pointer(*path_v));
  const std::string& name = op->as_string();
  const Value* value = op_value.find(std::string_view("value"));
  if (name == "add" || name == "replace" || name == "test") {
    if (value == nullptr) return fail(patch_error("missing value"));
  }
  if (name == "add") return apply(doc, path, 'a', *value);
  if (name == "remove") return apply(doc, path, 'r', Value());
  if (name == "replace") return apply(doc, path, 'p', *value);
  if (name == "test") {
    auto cur = get(doc, path);
    if (!cur || !(*cur == *value)) return fail(patch_error("test failed"));
    return doc;
  }
  if (name == "move" || name == "copy") {
    const Value* from_v = op_value.find(std::string_view("from"));
    if (from_v == nullptr) return fail(patch_error("missing from"));
    CUSTOS_TRY_ASSIGN(auto from, pointer(*from_v));
    auto v = get(doc, from);
    if (!v) return fail(patch_error("from path does not exist"));
    if (name == "move") {
      if (path.size() > from.size() && std::equal(from.begin(), from.end(), path.begin())) {
        return fail(patch_error("cannot move a value into its own child"));
      }
      if (path == from) return doc;
      CUSTOS_TRY_ASSIGN(doc, apply(doc, from, 'r', Value()));
    }
    return apply(doc, path, 'a', *v);
  }
  return fail(patch_error("unknown patch operation " + name));
}

}  // namespace

void register_json_ops(Registry& r) {
  const Type kPaths = Type::any_of({Type::array_of(), Type::set_of()});
  r.add({.name = "json.filter",
         .args = {Type::object_of(), kPaths},
         .result = Type::any(),
         .description = "Filters the object. For example: `json.filter({\"a\": {\"b\": \"x\", "
                        "\"c\": \"y\"}}, [\"a/b\"])` will result in `{\"a\": {\"b\": \"x\"}}`).",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           CUSTOS_TRY_ASSIGN(auto trie, path_trie(ctx, args));
           auto out = filter(args[0], trie);
           return out ? *out : Value::object({});
         }});
  r.add({.name = "json.remove",
         .args = {Type::object_of(), kPaths},
         .result = Type::any(),
         .description = "Removes paths from an object.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 1, Value::Kind::kObject));
           CUSTOS_TRY_ASSIGN(auto trie, path_trie(ctx, args));
           auto out = remove(args[0], trie);
           return out ? *out : Value::object({});
         }});
  r.add({.name = "json.patch",
         .args = {Type::any(), Type::array_of(Type::object_of())},
         .result = Type::any(),
         .description = "Patches an object according to RFC6902.",
         .category = "object",
         .fn = [](BuiltinContext& ctx, std::span<const Value> args) -> BuiltinResult {
           CUSTOS_TRY(arg_kind(ctx, args, 2, Value::Kind::kArray));
           // Removing the root leaves no document; a later root "add" supplies a new one.
           std::optional<Value> doc = args[0];
           for (const auto& op : args[1].as_array()) {
             const Value* name = op.is_object() ? op.find(std::string_view("op")) : nullptr;
             const Value* path = op.is_object() ? op.find(std::string_view("path")) : nullptr;
             bool root = path != nullptr && ((path->is_string() && path->as_string().empty()) ||
                                             (path->is_array() && path->size() == 0));
             bool is_add = name != nullptr && name->is_string() && name->as_string() == "add";
             bool is_remove = name != nullptr && name->is_string() && name->as_string() == "remove";
             if (root && is_remove && doc) {
               doc.reset();
               continue;
             }
             if (!doc && !(root && is_add)) {
               return util::builtin_err(ctx, "path does not exist: the document was removed");
             }
             auto next = patch(doc ? *doc : Value(), op);
             if (!next) return util::builtin_err(ctx, next.error().message());
             doc = *next;
           }
           if (!doc) return undefined();
           return *doc;
         }});
}

}  // namespace custos::rego
