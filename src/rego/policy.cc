// compile(), Policy::prepare() and PreparedQuery::eval(): the embedding API.

#include "rego/policy.h"

#include <algorithm>
#include <cctype>
#include <map>

#include "rego/annotations.h"
#include "rego/compiler.h"
#include "rego/eval.h"
#include "rego/match_check.h"
#include "rego/parser.h"

namespace custos::rego {

Policy::Policy(std::shared_ptr<PolicyImpl> impl) : impl_(std::move(impl)) {}
Policy::~Policy() = default;

std::string_view Policy::source(std::string_view file) const {
  for (const auto& m : impl_->modules) {
    if (m->file == file) return m->source;
  }
  return {};
}

std::vector<std::string> Policy::rule_names() const {
  std::vector<std::string> out;
  for (const auto& g : impl_->groups) {
    if (g->kind != RuleKind::kFunction) out.push_back(g->name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {

// `import <path>[ as <alias>]` as OPA prints an import.
std::string import_text(const Import& imp) {
  const Term& t = *imp.path;
  std::string s = "import ";
  if (t.kind == TermKind::kVar) {
    s += t.name;
  } else {
    for (std::size_t i = 0; i < t.items.size(); ++i) {
      const Term& x = *t.items[i];
      if (i == 0) {
        s += x.name;
        continue;
      }
      const std::string& key = x.value.as_string();
      bool ident = !key.empty() && !std::isdigit(static_cast<unsigned char>(key[0])) &&
                   std::all_of(key.begin(), key.end(), [](char c) {
                     return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
                   });
      s += ident ? "." + key : "[" + Value(key).to_string() + "]";
    }
  }
  if (!imp.alias.empty()) s += " as " + imp.alias;
  return s;
}

// OPA's duplicate-import check, applied (as in OPA) to Rego v1 modules, including v0 modules
// that import rego.v1: two imports of one module must not bind the same name (the alias, else
// the last element of the path). Error: rego_compile_error at the second import.
Result<void> check_duplicate_imports(const Module& m) {
  if (!m.v1) return {};
  std::map<std::string, const Import*> seen;
  for (const auto& imp : m.imports) {
    const Term& t = *imp.path;
    std::string name = !imp.alias.empty()         ? imp.alias
                       : t.kind == TermKind::kVar ? t.name
                       : t.items.size() == 1      ? t.items[0]->name
                                                  : t.items.back()->value.as_string();
    auto [it, fresh] = seen.emplace(name, &imp);
    if (!fresh) {
      SourceSpan span{m.file, imp.loc.line, imp.loc.column, imp.loc.offset, 1};
      return fail(
          Error(ErrorCode::kRegoCompile, "import must not shadow " + import_text(*it->second))
              .with_span(span));
    }
  }
  return {};
}

}  // namespace

Result<std::shared_ptr<const Policy>> compile(std::vector<ModuleSource> modules, const Value& data,
                                              const CompileOptions& options) {
  auto impl = std::make_shared<PolicyImpl>();
  impl->registry = options.registry ? options.registry : &Registry::defaults();
  impl->v0 = options.v0_compatible;
  impl->future_keywords = options.future_keywords;
  impl->data = data.is_object() ? data : Value::object({});
  ParseOptions po;
  po.v0_compatible = options.v0_compatible;
  po.future_keywords = options.future_keywords;
  for (auto& m : modules) {
    CUSTOS_TRY_ASSIGN(auto mod, parse_module(m.text, m.file, po));
    CUSTOS_TRY(check_duplicate_imports(*mod));
    impl->modules.push_back(std::move(mod));
  }
  CUSTOS_TRY(compile_modules(*impl));
  // After the safety checks, as OPA type-checks after them.
  for (const auto& m : impl->modules) {
    for (const auto& r : m->rules) CUSTOS_TRY(check_match_errors(*r));
  }
  CUSTOS_TRY(attach_annotations(*impl));
  return std::shared_ptr<const Policy>(std::make_shared<Policy>(std::move(impl)));
}

Result<PreparedQuery> Policy::prepare(std::string_view query) const {
  auto q = std::make_shared<PreparedQueryImpl>();
  q->policy = impl_.get();
  ParseOptions po;
  po.v0_compatible = impl_->v0;
  po.future_keywords = impl_->future_keywords;
  CUSTOS_TRY_ASSIGN(auto body, parse_query(query, po));
  q->module = std::make_unique<Module>();
  q->module->file = "query";
  q->module->source = std::string(query);
  auto rule = std::make_unique<Rule>();
  rule->module = q->module.get();
  rule->body = std::move(*body);
  // Expression texts, in source order.
  std::vector<const Expr*> order;
  for (std::size_t i = 0; i < rule->body.size(); ++i) {
    const Expr& e = *rule->body[i];
    std::size_t start = e.loc.offset;
    std::size_t end = i + 1 < rule->body.size() ? rule->body[i + 1]->loc.offset : query.size();
    std::string text(query.substr(start, end - start));
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == ';' ||
                             text.back() == '\t' || text.back() == '\r')) {
      text.pop_back();
    }
    q->texts.push_back(std::move(text));
    order.push_back(&e);
  }
  CUSTOS_TRY(compile_query(*impl_, *rule, q->output_vars));
  CUSTOS_TRY(check_match_errors(*rule));
  // Map the reordered body back to source order for expression values.
  q->source_index.resize(rule->body.size());
  for (std::size_t i = 0; i < rule->body.size(); ++i) {
    auto it = std::find(order.begin(), order.end(), rule->body[i].get());
    q->source_index[i] = static_cast<int>(it - order.begin());
  }
  q->rule = rule.get();
  q->module->rules.push_back(std::move(rule));
  return PreparedQuery(std::move(q));
}

const std::vector<std::string>& PreparedQuery::expression_texts() const { return impl_->texts; }

Result<std::vector<QueryResult>> PreparedQuery::eval(const EvalOptions& options) const {
  Evaluator ev(*impl_->policy, options);
  // Fail closed, never terminate: an exception escaping a library (Boost, RE2, OpenSSL
  // wrappers) during evaluation is an eval_internal_error for this query only.
  Result<std::vector<QueryResult>> run = fail(ErrorCode::kEvalInternal, "evaluation not run");
  try {
    run = ev.run(*impl_);
  } catch (const std::exception& e) {
    return fail(ErrorCode::kEvalInternal, std::string("evaluation failed: ") + e.what());
  }
  CUSTOS_TRY_ASSIGN(auto results, std::move(run));
  // Expression values back in source order (when the compiler reordered the body).
  // source_index is a permutation: sorted means the identity.
  const auto& index = impl_->source_index;
  if (std::is_sorted(index.begin(), index.end())) return results;
  for (auto& r : results) {
    std::vector<Value> ordered(r.expressions.size());
    for (std::size_t i = 0; i < r.expressions.size(); ++i) {
      ordered[static_cast<std::size_t>(impl_->source_index[i])] = std::move(r.expressions[i]);
    }
    r.expressions = std::move(ordered);
  }
  return results;
}

}  // namespace custos::rego
