// METADATA annotations and rego.metadata.rule() / rego.metadata.chain() (OPA annotations spec).

#include <gtest/gtest.h>

#include "rego/rego.h"

namespace custos::rego {
namespace {

Result<Value> eval_one(std::vector<ModuleSource> modules, const std::string& query) {
  CUSTOS_TRY_ASSIGN(auto p, compile(std::move(modules)));
  CUSTOS_TRY_ASSIGN(auto q, p->prepare(query));
  CUSTOS_TRY_ASSIGN(auto r, q.eval());
  if (r.empty()) return Value("<undefined>");
  return r[0].expressions[0];
}

Value json(std::string_view text) { return *Value::parse_json(text); }

TEST(RegoMetadata, RuleAnnotationsWithAuthorsResourcesAndCustom) {
  std::string m = R"(package t

# METADATA
# title: Allow admins
# description: grants everything
# authors:
# - Jane Doe <jane@example.com>
# - name: Bob
# organizations: [acme]
# related_resources:
# - https://example.com/doc
# - ref: https://example.com/x
#   description: x
# entrypoint: true
# custom:
#   severity: high
allow if {
	rego.metadata.rule().custom.severity == "high"
}

meta := rego.metadata.rule()
)";
  auto allow = eval_one({{"t.rego", m}}, "data.t.allow");
  ASSERT_TRUE(allow) << allow.error().to_string();
  EXPECT_EQ(*allow, Value(true));
  auto rule = eval_one({{"t.rego", m}}, "data.t.meta");
  ASSERT_TRUE(rule);
  EXPECT_EQ(*rule, Value::object({}));  // no annotations of its own
  std::string m2 = m + "\n# METADATA\n# title: all\nall := rego.metadata.rule()\n";
  auto all = eval_one({{"t.rego", m2}}, "data.t.all");
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, json(R"({"scope": "rule", "title": "all"})"));
  std::string m3 = R"(package t
# METADATA
# title: Allow admins
# authors:
# - Jane Doe <jane@example.com>
# - name: Bob
# organizations: [acme]
# related_resources:
# - https://example.com/doc
# - ref: https://example.com/x
#   description: x
# entrypoint: true
# custom:
#   severity: high
p := rego.metadata.rule()
)";
  auto full = eval_one({{"t.rego", m3}}, "data.t.p");
  ASSERT_TRUE(full) << full.error().to_string();
  EXPECT_EQ(*full, json(R"({
    "scope": "rule", "title": "Allow admins", "entrypoint": true,
    "authors": [{"name": "Jane Doe", "email": "jane@example.com"}, {"name": "Bob"}],
    "organizations": ["acme"],
    "related_resources": [{"ref": "https://example.com/doc"},
                          {"ref": "https://example.com/x", "description": "x"}],
    "custom": {"severity": "high"}})"));
}

TEST(RegoMetadata, ChainGoesFromRuleToDocumentPackageAndSubpackages) {
  std::string root = R"(# METADATA
# scope: subpackages
# title: root
package a
)";
  std::string m = R"(# METADATA
# description: pkg
package a.b

# METADATA
# scope: document
# title: doc
p := 1 if false

p := rego.metadata.chain() if true
)";
  auto chain = eval_one({{"root.rego", root}, {"t.rego", m}}, "data.a.b.p");
  ASSERT_TRUE(chain) << chain.error().to_string();
  EXPECT_EQ(*chain, json(R"([
    {"path": ["a", "b", "p"]},
    {"path": ["a", "b", "p"], "annotations": {"scope": "document", "title": "doc"}},
    {"path": ["a", "b"], "annotations": {"scope": "package", "description": "pkg"}},
    {"path": ["a"], "annotations": {"scope": "subpackages", "title": "root"}}])"));
}

TEST(RegoMetadata, OutputOperandFormAndFunctions) {
  std::string m = R"(package t

# METADATA
# title: out
p if {
	rego.metadata.rule(x)
	x.title == "out"
}

# METADATA
# title: fn
f(a) := [a, rego.metadata.rule().title]
q := f(1)
)";
  auto p = eval_one({{"t.rego", m}}, "data.t.p");
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(*p, Value(true));
  auto q = eval_one({{"t.rego", m}}, "data.t.q");
  ASSERT_TRUE(q) << q.error().to_string();
  EXPECT_EQ(*q, Value::array({Value(1), Value("fn")}));
  // In a query no rule is active: OPA's fallbacks.
  auto chain = eval_one({{"t.rego", m}}, "rego.metadata.chain()");
  ASSERT_TRUE(chain);
  EXPECT_EQ(*chain, Value::array({}));
}

TEST(RegoMetadata, ErrorsAreParseErrorsWithSpans) {
  auto bad_yaml = compile({{"t.rego", "package t\n# METADATA\n# title: [unclosed\np := 1\n"}});
  ASSERT_FALSE(bad_yaml);
  EXPECT_EQ(bad_yaml.error().code(), ErrorCode::kRegoParse);
  ASSERT_TRUE(bad_yaml.error().span());
  EXPECT_EQ(bad_yaml.error().span()->line, 2u);
  auto bad_scope = compile({{"t.rego", "package t\n# METADATA\n# scope: package\np := 1\n"}});
  ASSERT_FALSE(bad_scope);
  EXPECT_EQ(bad_scope.error().code(), ErrorCode::kRegoParse);
  auto unknown_scope = compile({{"t.rego", "# METADATA\n# scope: everything\npackage t\n"}});
  ASSERT_FALSE(unknown_scope);
  auto bad_title = compile({{"t.rego", "package t\n# METADATA\n# title: [1]\np := 1\n"}});
  ASSERT_FALSE(bad_title);
}

TEST(RegoMetadata, OrdinaryCommentsAreNotMetadata) {
  std::string m = "package t\n# just a comment\n# title: not metadata\np := rego.metadata.rule()\n";
  auto r = eval_one({{"t.rego", m}}, "data.t.p");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, Value::object({}));
  // OPA only reads blocks whose lines start at column 1.
  std::string indented = "package t\n  # METADATA\n  # title: x\np := rego.metadata.rule()\n";
  auto i = eval_one({{"t.rego", indented}}, "data.t.p");
  ASSERT_TRUE(i);
  EXPECT_EQ(*i, Value::object({}));
}

}  // namespace
}  // namespace custos::rego
