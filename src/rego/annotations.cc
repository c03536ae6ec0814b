// METADATA annotations: block scanning, YAML → OPA's annotation object, and the rewrite of
// rego.metadata.chain() / rego.metadata.rule() calls (OPA ast/annotations.go semantics).

#include "rego/annotations.h"

#include <map>
#include <memory>

#include "rego/builtins/yaml.h"

namespace custos::rego {

namespace {

Error parse_error(const Module& m, Loc loc, std::string msg) {
  SourceSpan span{m.file, loc.line, loc.column, loc.offset, 1};
  return Error(ErrorCode::kRegoParse, std::move(msg)).with_span(span);
}

struct Block {
  Loc loc;
  std::uint32_t last_line = 0;
  std::string yaml;
};

// Comment blocks starting with `# METADATA`, line by line; every line of a block starts with
// `#` at column 1 (OPA ignores indented ones). (A line of a multi-line raw string that looks like
// such a comment would be taken for one; Rego policies rarely do that.)
std::vector<Block> scan_blocks(std::string_view src) {
  std::vector<Block> out;
  Block* open = nullptr;
  std::uint32_t line = 0;
  std::size_t pos = 0;
  while (pos <= src.size()) {
    ++line;
    std::size_t end = src.find('\n', pos);
    if (end == std::string_view::npos) end = src.size();
    std::string_view text = src.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    // As in OPA, only comments starting at column 1 belong to a metadata block.
    bool comment = !text.empty() && text[0] == '#';
    std::string_view body = comment ? text.substr(1) : std::string_view();
    std::string_view trimmed = body;
    while (!trimmed.empty() && (trimmed.front() == ' ' || trimmed.front() == '\t'))
      trimmed.remove_prefix(1);
    while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t'))
      trimmed.remove_suffix(1);
    if (comment && trimmed == "METADATA") {
      out.push_back(Block{});
      open = &out.back();
      open->loc = Loc{static_cast<std::uint32_t>(pos), line, 1};
      open->last_line = line;
    } else if (comment && open != nullptr) {
      open->yaml.append(body);
      open->yaml.push_back('\n');
      open->last_line = line;
    } else {
      open = nullptr;
    }
    if (end == src.size()) break;
    pos = end + 1;
  }
  return out;
}

Result<Value> string_field(const Module& m, Loc loc, const Value& v, std::string_view key) {
  if (!v.is_string()) {
    return tl::unexpected(
        parse_error(m, loc, "invalid metadata: " + std::string(key) + " must be a string"));
  }
  return v;
}

// "Jane Doe <jane@example.com>" → {name, email} (OPA's parseAuthor).
Result<Value> author(const Module& m, Loc loc, const Value& v) {
  if (v.is_object()) {
    std::vector<ObjectEntry> out;
    for (const char* k : {"name", "email"}) {
      if (const Value* f = v.find(k)) {
        if (!f->is_string()) break;
        if (!f->as_string().empty()) out.emplace_back(Value(k), *f);
      }
    }
    if (out.empty()) {
      return tl::unexpected(
          parse_error(m, loc, "invalid metadata: author must have a name or an email"));
    }
    return Value::object(std::move(out));
  }
  if (!v.is_string()) {
    return tl::unexpected(
        parse_error(m, loc, "invalid metadata: author must be a string or object"));
  }
  std::string s = v.as_string();
  std::string name = s;
  std::string email;
  std::size_t lt = s.rfind('<');
  if (!s.empty() && s.back() == '>' && lt != std::string::npos) {
    email = s.substr(lt + 1, s.size() - lt - 2);
    name = s.substr(0, lt);
  }
  while (!name.empty() && name.back() == ' ') name.pop_back();
  std::vector<ObjectEntry> out;
  if (!name.empty()) out.emplace_back(Value("name"), Value(name));
  if (!email.empty()) out.emplace_back(Value("email"), Value(email));
  if (out.empty()) {
    return tl::unexpected(
        parse_error(m, loc, "invalid metadata: author must have a name or an email"));
  }
  return Value::object(std::move(out));
}

Result<Value> related_resource(const Module& m, Loc loc, const Value& v) {
  if (v.is_string()) return Value::object({{Value("ref"), v}});
  const Value* ref = v.is_object() ? v.find("ref") : nullptr;
  if (ref == nullptr || !ref->is_string()) {
    return tl::unexpected(
        parse_error(m, loc, "invalid metadata: related resource must have a ref"));
  }
  std::vector<ObjectEntry> out{{Value("ref"), *ref}};
  if (const Value* d = v.find("description"); d != nullptr && d->is_string()) {
    out.emplace_back(Value("description"), *d);
  }
  return Value::object(std::move(out));
}

Result<Value> list_of(const Module& m, Loc loc, const Value& v, std::string_view key,
                      Result<Value> (*each)(const Module&, Loc, const Value&)) {
  std::vector<Value> out;
  if (!v.is_array()) {
    CUSTOS_TRY_ASSIGN(auto one, each(m, loc, v));
    out.push_back(std::move(one));
    (void)key;
  } else {
    for (const Value& e : v.as_array()) {
      CUSTOS_TRY_ASSIGN(auto one, each(m, loc, e));
      out.push_back(std::move(one));
    }
  }
  return Value::array(std::move(out));
}

Result<Annotation> annotation(const Module& m, const Block& b, const Rule* rule) {
  Annotation a;
  a.loc = b.loc;
  a.rule = rule;
  Value doc = Value::object({});
  bool blank = b.yaml.find_first_not_of(" \t\r\n") == std::string::npos;
  if (!blank) {
    auto parsed = yaml_to_value(b.yaml);
    if (!parsed) {
      return tl::unexpected(parse_error(m, b.loc, parsed.error().message()));
    }
    doc = std::move(*parsed);
    if (doc.is_null()) doc = Value::object({});
    if (!doc.is_object()) {
      return tl::unexpected(parse_error(m, b.loc, "invalid metadata: expected a YAML mapping"));
    }
  }
  std::vector<ObjectEntry> out;
  a.scope = rule != nullptr ? "rule" : "package";
  for (const auto& [key, v] : doc.as_object()) {
    const std::string& k = key.as_string();
    if (k == "scope") {
      CUSTOS_TRY(string_field(m, b.loc, v, k));
      a.scope = v.as_string();
    } else if (k == "title" || k == "description") {
      CUSTOS_TRY(string_field(m, b.loc, v, k));
      out.emplace_back(key, v);
    } else if (k == "organizations") {
      auto list = list_of(m, b.loc, v, k, [](const Module& mm, Loc l, const Value& e) {
        return string_field(mm, l, e, "organization");
      });
      CUSTOS_TRY(list);
      out.emplace_back(key, std::move(*list));
    } else if (k == "authors") {
      CUSTOS_TRY_ASSIGN(auto list, list_of(m, b.loc, v, k, author));
      out.emplace_back(key, std::move(list));
    } else if (k == "related_resources") {
      CUSTOS_TRY_ASSIGN(auto list, list_of(m, b.loc, v, k, related_resource));
      out.emplace_back(key, std::move(list));
    } else if (k == "entrypoint") {
      if (!v.is_bool()) {
        return tl::unexpected(
            parse_error(m, b.loc, "invalid metadata: entrypoint must be a boolean"));
      }
      out.emplace_back(key, v);
    } else if (k == "custom") {
      if (!v.is_object() && !v.is_null()) {
        return tl::unexpected(parse_error(m, b.loc, "invalid metadata: custom must be a map"));
      }
      if (v.is_object() && v.size() > 0) out.emplace_back(key, v);
    }
  }
  bool on_rule = rule != nullptr;
  bool valid = on_rule ? (a.scope == "rule" || a.scope == "document")
                       : (a.scope == "package" || a.scope == "subpackages");
  if (!valid) {
    if (a.scope != "rule" && a.scope != "document" && a.scope != "package" &&
        a.scope != "subpackages") {
      return tl::unexpected(parse_error(m, b.loc, "invalid annotation scope '" + a.scope + "'"));
    }
    return tl::unexpected(
        parse_error(m, b.loc,
                    "annotation scope '" + a.scope + "' must be applied to " +
                        (on_rule ? std::string("package") : std::string("rule"))));
  }
  out.emplace_back(Value("scope"), Value(a.scope));
  a.value = Value::object(std::move(out));
  return a;
}

Value path_value(const std::vector<std::string>& path) {
  std::vector<Value> items;
  for (const auto& p : path) items.emplace_back(p);
  return Value::array(std::move(items));
}

Value chain_entry(const std::vector<std::string>& path, const Value* annotations) {
  std::vector<ObjectEntry> e{{Value("path"), path_value(path)}};
  if (annotations != nullptr) e.emplace_back(Value("annotations"), *annotations);
  return Value::object(std::move(e));
}

void rewrite_term(Term& t, const Value& chain, const Value& rule_value);

void rewrite_body(Body& body, const Value& chain, const Value& rule_value) {
  for (auto& e : body) {
    if (e->term) rewrite_term(*e->term, chain, rule_value);
    for (auto& v : e->some_vars) rewrite_term(*v, chain, rule_value);
    for (TermPtr* p : {&e->key, &e->val, &e->domain}) {
      if (*p) rewrite_term(**p, chain, rule_value);
    }
    if (e->body) rewrite_body(*e->body, chain, rule_value);
    for (auto& w : e->withs) {
      if (w.value) rewrite_term(*w.value, chain, rule_value);
    }
  }
}

void rewrite_term(Term& t, const Value& chain, const Value& rule_value) {
  if (t.kind == TermKind::kCall && t.items.empty() &&
      (t.name == "rego.metadata.chain" || t.name == "rego.metadata.rule")) {
    t.value = t.name == "rego.metadata.chain" ? chain : rule_value;
    t.kind = TermKind::kValue;
    t.name.clear();
    t.builtin = nullptr;
    t.ground = true;
    return;
  }
  if (t.kind == TermKind::kCall && t.items.size() == 1 &&
      (t.name == "rego.metadata.chain" || t.name == "rego.metadata.rule")) {
    // The output-operand form `rego.metadata.chain(x)` becomes `x = <constant>`.
    auto constant = std::make_unique<Term>();
    constant->kind = TermKind::kValue;
    constant->loc = t.loc;
    constant->value = t.name == "rego.metadata.chain" ? chain : rule_value;
    constant->ground = true;
    t.items.push_back(std::move(constant));
    t.name = "eq";
    t.op = CallOp::kUnify;
    t.builtin = nullptr;
    return;
  }
  for (auto& i : t.items) rewrite_term(*i, chain, rule_value);
  if (t.key) rewrite_term(*t.key, chain, rule_value);
  if (t.head) rewrite_term(*t.head, chain, rule_value);
  if (t.body) rewrite_body(*t.body, chain, rule_value);
}

void rewrite_rule(Rule& r, const Value& chain, const Value& rule_value) {
  for (Rule* cur = &r; cur != nullptr; cur = cur->else_rule.get()) {
    for (TermPtr* p : {&cur->value, &cur->contains}) {
      if (*p) rewrite_term(**p, chain, rule_value);
    }
    rewrite_body(cur->body, chain, rule_value);
  }
}

bool calls_metadata(std::string_view source) {
  return source.find("rego.metadata.") != std::string_view::npos;
}

}  // namespace

Result<std::vector<Annotation>> parse_annotations(const Module& module) {
  std::vector<Annotation> out;
  if (module.source.find("METADATA") == std::string::npos) return out;
  for (const Block& b : scan_blocks(module.source)) {
    // The next package or rule starting after the block.
    const Rule* target = nullptr;
    bool package = module.package_loc.line > b.last_line;
    std::uint32_t best = package ? module.package_loc.line : 0;
    for (const auto& r : module.rules) {
      if (r->loc.line > b.last_line && (best == 0 || r->loc.line < best)) {
        best = r->loc.line;
        target = r.get();
        package = false;
      }
    }
    if (best == 0) continue;  // nothing follows the block
    CUSTOS_TRY_ASSIGN(auto a, annotation(module, b, package ? nullptr : target));
    out.push_back(std::move(a));
  }
  return out;
}

Result<void> attach_annotations(PolicyImpl& impl) {
  // Package-, subpackages- and document-scoped annotations are shared across modules.
  std::map<std::vector<std::string>, Value> package_scope, subpackages_scope, document_scope;
  std::map<const Rule*, Value> rule_scope;
  bool any_call = false;
  for (const auto& m : impl.modules) {
    any_call = any_call || calls_metadata(m->source);
    CUSTOS_TRY_ASSIGN(auto annotations, parse_annotations(*m));
    for (auto& a : annotations) {
      if (a.scope == "rule") {
        rule_scope.emplace(a.rule, a.value);
      } else if (a.scope == "document") {
        document_scope.emplace(a.rule->path, a.value);
      } else if (a.scope == "package") {
        package_scope.emplace(m->package_path, a.value);
      } else {
        subpackages_scope.emplace(m->package_path, a.value);
      }
    }
  }
  if (!any_call) return {};
  for (const auto& m : impl.modules) {
    if (!calls_metadata(m->source)) continue;
    for (auto& r : m->rules) {
      std::vector<Value> chain;
      auto rs = rule_scope.find(r.get());
      const Value* rule_annotations = rs == rule_scope.end() ? nullptr : &rs->second;
      chain.push_back(chain_entry(r->path, rule_annotations));
      if (auto d = document_scope.find(r->path); d != document_scope.end()) {
        chain.push_back(chain_entry(r->path, &d->second));
      }
      if (auto p = package_scope.find(m->package_path); p != package_scope.end()) {
        chain.push_back(chain_entry(m->package_path, &p->second));
      }
      // Subpackages annotations from the package itself outward to the root.
      std::vector<std::string> prefix = m->package_path;
      while (true) {
        if (auto s = subpackages_scope.find(prefix); s != subpackages_scope.end()) {
          chain.push_back(chain_entry(prefix, &s->second));
        }
        if (prefix.empty()) break;
        prefix.pop_back();
      }
      Value rule_value = rule_annotations != nullptr ? *rule_annotations : Value::object({});
      rewrite_rule(*r, Value::array(std::move(chain)), rule_value);
    }
  }
  return {};
}

}  // namespace custos::rego
