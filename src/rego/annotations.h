#pragma once
// Private: METADATA annotations (OPA "Annotations" spec, docs/policy-language#metadata) and the
// compile-time rewrite of rego.metadata.rule() / rego.metadata.chain().
//
// A block is a comment line whose text is exactly `METADATA` followed by consecutive comment
// lines holding YAML, all starting at column 1 (indented comments are ignored, as in OPA). It
// annotates the next package or rule that starts after it. Keys: scope (rule | document | package |
// subpackages; default: package before a package, rule before a rule), title, description,
// organizations, related_resources (URL strings or {ref, description}), authors ("Name <email>"
// strings or {name, email}), entrypoint, custom. Unknown keys are ignored; schemas are accepted but
// neither reported nor used for type checking.
//
// As OPA's compiler does (rewriteRegoMetadataCalls), every `rego.metadata.chain()` and
// `rego.metadata.rule()` call inside a rule is replaced by the constant it evaluates to for that
// rule (the output-operand form `rego.metadata.chain(x)` by `x = <constant>`).

#include <string>
#include <string_view>

#include "base/result.h"
#include "rego/compiler.h"

namespace custos::rego {

// One parsed METADATA block.
struct Annotation {
  std::string scope;
  Value value;                 // OPA's annotation object (scope, title, authors, ...)
  Loc loc;                     // the `# METADATA` line
  const Rule* rule = nullptr;  // the annotated rule (null: the module's package)
};

// Finds and parses the METADATA blocks of one module (source text in `module.source`). Errors:
// rego_parse_error with the block's span (bad YAML, bad field types, scope not valid for the
// annotated statement).
Result<std::vector<Annotation>> parse_annotations(const Module& module);

// Parses the annotations of every module of a compiled policy and rewrites the metadata calls of
// its rules (see the file comment). Called by compile() after compile_modules().
Result<void> attach_annotations(PolicyImpl& impl);

}  // namespace custos::rego
