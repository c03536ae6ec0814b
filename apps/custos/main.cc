// custos: the single binary. Each subcommand lives in its own file and registers itself here.

#include <exception>
#include <iostream>

#include "cli.h"

int main(int argc, char** argv) {
  using namespace custos::cli;
  Cli cli;
  cli.app.require_subcommand(1);
  cli.app.fallthrough(false);

  add_version_command(cli);
  add_json_command(cli);
  add_frost_command(cli);
  add_keys_command(cli);
  add_jwt_command(cli);
  add_evm_command(cli);
  add_rego_commands(cli);

  // An unknown first word is a usage error with its own clear message (CLI11 would only say
  // that a subcommand is required).
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const CLI::App* sub : cli.app.get_subcommands([](CLI::App*) { return true; })) {
      if (sub->check_name(argv[1])) known = true;
    }
    if (!known) {
      std::cerr << "custos: unknown command '" << argv[1] << "'\n\n" << cli.app.help();
      return kExitUsage;
    }
  }

  try {
    cli.app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << cli.app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << cli.app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << cli.app.version() << "\n";
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Find the deepest subcommand that was recognised, to show its usage.
    const CLI::App* shown = &cli.app;
    for (bool descended = true; descended;) {
      descended = false;
      for (const CLI::App* sub : shown->get_subcommands()) {
        shown = sub;
        descended = true;
        break;
      }
    }
    std::cerr << "custos: " << e.what() << "\n\n" << shown->help();
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "custos: internal error: " << e.what() << "\n";
    return kExitFailure;
  }
  return cli.exit_code;
}
