#pragma once
// The custos command line: one CLI11 app, one file per subcommand (add_<name>_command).
// Library errors stop here: commands print them to stderr and return a non-zero exit code.

#include <CLI/CLI.hpp>

#include <string>

#include "base/result.h"

namespace custos::cli {

// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // the command ran and failed (bad input, refused, …)
inline constexpr int kExitUsage = 2;    // unknown command, bad flag

struct Cli {
  CLI::App app{"custos: authorization and key custody for crypto assets", "custos"};
  int exit_code = kExitOk;
};

// Prints "custos: <rendered error>" to stderr; `source` (optional) is the text the error's span
// points into, for a caret under the problem.
void print_error(const Error& error, std::string_view source = {});

// Reads a whole file (or stdin for "-"). Error: kIo naming the path.
Result<std::string> read_file(const std::string& path);

void add_version_command(Cli& cli);
void add_json_command(Cli& cli);
void add_frost_command(Cli& cli);
void add_keys_command(Cli& cli);
void add_jwt_command(Cli& cli);
void add_evm_command(Cli& cli);
void add_rego_commands(Cli& cli);  // eval, test, conformance

}  // namespace custos::cli
