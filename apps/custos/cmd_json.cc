// `custos json check|canonicalize|pretty FILE`: strict JSON validation and RFC 8785 output.

#include <iostream>

#include "cli.h"
#include "json/json.h"

namespace custos::cli {
namespace {

enum class Mode { kCheck, kCanonicalize, kPretty };

int run(Mode mode, const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    print_error(text.error());
    return kExitFailure;
  }
  auto value = json::parse(*text);
  if (!value) {
    auto error = value.error();
    if (error.span()) {
      auto span = *error.span();
      span.file = path;
      error.with_span(span);
    }
    print_error(error, *text);
    return kExitFailure;
  }
  switch (mode) {
    case Mode::kCheck: std::cout << "ok\n"; break;
    case Mode::kPretty: std::cout << json::serialize(*value, {.pretty = true}) << "\n"; break;
    case Mode::kCanonicalize: {
      auto canonical = json::canonicalize(*value);
      if (!canonical) {
        print_error(canonical.error());
        return kExitFailure;
      }
      std::cout << *canonical << "\n";
      break;
    }
  }
  return kExitOk;
}

}  // namespace

void add_json_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("json", "Validate, pretty-print or canonicalize JSON");
  cmd->require_subcommand(1);
  struct Spec {
    const char* name;
    const char* help;
    Mode mode;
  };
  for (const Spec& spec :
       {Spec{"check", "Strictly validate a JSON file", Mode::kCheck},
        Spec{"canonicalize", "Print the RFC 8785 canonical form", Mode::kCanonicalize},
        Spec{"pretty", "Pretty-print, keeping member order", Mode::kPretty}}) {
    auto* sub = cmd->add_subcommand(spec.name, spec.help);
    auto path = std::make_shared<std::string>();
    sub->add_option("file", *path, "JSON file, or - for stdin")->required();
    Mode mode = spec.mode;
    sub->callback([&cli, path, mode] { cli.exit_code = run(mode, *path); });
  }
}

}  // namespace custos::cli
