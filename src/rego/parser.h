#pragma once
// Rego parser: tokens → AST (OPA's Rego v1 grammar; v0 syntax per module).
// Thread-safe (no shared state). Errors: kRegoParse with a span pointing into the source.

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/ast.h"

namespace custos::rego {

struct ParseOptions {
  // Parse modules as Rego v0 (OPA --v0-compatible). A v0 module switches to v1 with
  // `import rego.v1` and gains keywords with `import future.keywords…`. Without it every
  // module is v1, where `future.keywords` imports are no-ops (as in OPA 1.x).
  bool v0_compatible = false;
  // With v0_compatible: enable the future keywords (`if`, `contains`, `in`, `every`) in every
  // v0 module and query without an import, as regorus' v0 mode does. Ignored for v1.
  bool future_keywords = false;
};

// Parses one module. `file` names it in error spans.
Result<std::unique_ptr<Module>> parse_module(std::string_view source, const std::string& file,
                                             const ParseOptions& options = {});

// Parses a query (a body: expressions separated by `;` or newlines).
Result<std::shared_ptr<Body>> parse_query(std::string_view source,
                                          const ParseOptions& options = {});

// Parses a single term (e.g. an input_term of a conformance case).
Result<TermPtr> parse_term(std::string_view source);

}  // namespace custos::rego
