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
  add_rego_commands(cli);

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
