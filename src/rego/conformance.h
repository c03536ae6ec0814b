#pragma once
// Runner for Rego test-case YAML files in OPA's format (v1/test/cases/testdata) and in the
// regorus variant (tests/interpreter/cases). Used by `custos conformance` and the ctest suite.
//
// OPA fields: note, query, modules, data, input, input_term, want_result (list of binding maps),
// sort_bindings, want_error (message substring), want_error_code, strict_error, skip.
// regorus fields: note, modules, data, input, query (one ref), want_result (its value),
// no_result (undefined), error (message substring); other regorus-only fields skip the case.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/result.h"
#include "rego/value.h"

namespace custos::rego {

struct ConformanceOptions {
  bool v0_compatible = false;
  bool future_keywords = false;  // with v0_compatible: keywords without import (regorus' v0)
  // Builtins deliberately unsupported: cases calling them are skipped, with the reason.
  std::map<std::string, std::string> unsupported;
};

struct CaseOutcome {
  enum class Status { kPass, kFail, kSkip };
  std::string file;  // display name of the file
  std::string note;
  Status status = Status::kFail;
  std::string why;
  // For a failure: the case expected an error, one was raised, and only its message differs
  // from the expected text (the error code, when the case names one, matches). Informational;
  // such a case still fails.
  bool error_wording_only = false;
};

// Runs every case of one YAML file. `display` is the file name used in outcomes. Errors: only
// for unreadable/invalid YAML files (kInvalidArgument/kIo); case failures are outcomes.
Result<std::vector<CaseOutcome>> run_conformance_file(const std::string& path,
                                                      const std::string& display,
                                                      const ConformanceOptions& options);

// Parses a YAML document into a Value (YAML 1.2 core schema; quoted scalars stay strings).
// Error: kInvalidArgument.
Result<Value> parse_yaml(std::string_view text);

// Loads tests/conformance/unsupported.txt-style lists: "<builtin>: <reason>" per line, '#'
// comments; "case ..." lines (see load_known_failures) are not builtins and are ignored here.
// Error: kIo.
Result<std::map<std::string, std::string>> load_unsupported(const std::string& path);

// Loads the per-case entries of the same list: lines "case <file>: <note> => <reason>", keyed by
// "<file>: <note>" (the ledger's key, as printed in FAIL lines). A listed case is still run and
// still counted as failed when it fails; the list only documents why. Error: kIo, or
// kInvalidArgument for a "case" line without " => ".
Result<std::map<std::string, std::string>> load_known_failures(const std::string& path);

}  // namespace custos::rego
