// `custos version`: version, git commit, build type and the versions of the linked libraries.

#include <fmt/core.h>
#include <openssl/crypto.h>
#include <sodium.h>
#include <spdlog/version.h>
#include <nlohmann/json.hpp>
#include <tl/expected.hpp>

#include <iostream>

#include "build_info.h"
#include "cli.h"

namespace custos::cli {

void add_version_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("version", "Print version, commit, build type and libraries");
  auto json_output = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json_output, "Print as JSON");
  cmd->callback([&cli, json_output] {
    struct Lib {
      const char* name;
      std::string version;
    };
    const Lib libs[] = {
        {"libsodium", sodium_version_string()},
        {"openssl", OpenSSL_version(OPENSSL_VERSION_STRING)},
        {"libsecp256k1", CUSTOS_SECP256K1_VERSION},
        {"re2", CUSTOS_RE2_VERSION},
        {"nlohmann-json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH)},
        {"fmt",
         fmt::format("{}.{}.{}", FMT_VERSION / 10000, FMT_VERSION / 100 % 100, FMT_VERSION % 100)},
        {"spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH)},
        {"cli11", CLI11_VERSION},
        {"compiler", CUSTOS_COMPILER},
    };
    if (*json_output) {
      nlohmann::ordered_json out = {{"version", CUSTOS_VERSION},
                                    {"commit", CUSTOS_GIT_COMMIT},
                                    {"build_type", CUSTOS_BUILD_TYPE}};
      for (const auto& lib : libs) out["libraries"][lib.name] = lib.version;
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << "custos " << CUSTOS_VERSION << " (commit " << CUSTOS_GIT_COMMIT << ", "
                << CUSTOS_BUILD_TYPE << ")\n";
      for (const auto& lib : libs) std::cout << "  " << lib.name << " " << lib.version << "\n";
    }
    cli.exit_code = kExitOk;
  });
}

}  // namespace custos::cli
