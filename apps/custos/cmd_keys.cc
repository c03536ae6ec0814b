// `custos keys generate|public|thumbprint`: JWK key management for signing keys.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "base/rng.h"
#include "base/secret.h"
#include "cli.h"
#include "jose/jose.h"
#include "json/serialize.h"

namespace custos::cli {
namespace {

Result<jose::Jwk> load_jwk(const std::string& path) {
  CUSTOS_TRY_ASSIGN(std::string text, read_file(path));
  auto jwk = jose::Jwk::parse_text(text);
  secure_wipe(text.data(), text.size());
  if (!jwk) return fail(Error(jwk.error()).with_context("key '" + path + "'"));
  return jwk;
}

// Writes `text` to a new file readable only by the owner (0600). Error: kIo.
Result<void> write_private_file(const std::string& path, std::string_view text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot create '" + path + "': " + std::strerror(errno));
  std::size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return fail(ErrorCode::kIo, "cannot write '" + path + "'");
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return fail(ErrorCode::kIo, "cannot write '" + path + "'");
  return {};
}

int generate(const std::string& alg_name, const std::string& kid, const std::string& out) {
  auto alg = jose::parse_algorithm(alg_name);
  if (!alg) {
    print_error(Error(ErrorCode::kInvalidArgument, "unknown --alg '" + alg_name + "'"));
    return kExitUsage;
  }
  auto jwk = jose::Jwk::generate(*alg, OsRng::instance(), kid);
  if (!jwk) {
    print_error(jwk.error());
    return kExitFailure;
  }
  std::string text = json::serialize(jwk->to_json(/*include_private=*/true)) + "\n";
  int code = kExitOk;
  if (out.empty() || out == "-") {
    std::cout << text;
  } else if (auto written = write_private_file(out, text); !written) {
    print_error(written.error());
    code = kExitFailure;
  } else {
    // Show the public half so the caller can register it.
    std::cout << json::serialize(jwk->to_json(false)) << "\n";
  }
  secure_wipe(text.data(), text.size());
  return code;
}

int show_public(const std::string& path, bool thumbprint) {
  auto jwk = load_jwk(path);
  if (!jwk) {
    print_error(jwk.error());
    return kExitFailure;
  }
  if (thumbprint) {
    auto t = jwk->thumbprint();
    if (!t) {
      print_error(t.error());
      return kExitFailure;
    }
    std::cout << *t << "\n";
  } else {
    std::cout << json::serialize(jwk->to_json(false)) << "\n";
  }
  return kExitOk;
}

}  // namespace

void add_keys_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("keys", "Generate and inspect signing keys (JWK)");
  cmd->require_subcommand(1);

  auto* gen = cmd->add_subcommand("generate", "Generate a private JWK");
  auto alg = std::make_shared<std::string>();
  auto kid = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  gen->add_option("--alg", *alg, "EDDSA (or EdDSA), ES256K, ES256 or RS256")->required();
  gen->add_option("--kid", *kid, "Key id (default: the reference convention for the key)");
  gen->add_option("--out", *out,
                  "Write the private JWK here (mode 0600) and print the public JWK; "
                  "default: print the private JWK");
  gen->callback([&cli, alg, kid, out] { cli.exit_code = generate(*alg, *kid, *out); });

  auto* pub = cmd->add_subcommand("public", "Print the public JWK of a key file");
  auto path = std::make_shared<std::string>();
  pub->add_option("file", *path, "JWK file, or - for stdin")->required();
  pub->callback([&cli, path] { cli.exit_code = show_public(*path, false); });

  auto* thumb = cmd->add_subcommand("thumbprint", "Print the RFC 7638 thumbprint of a key file");
  auto tpath = std::make_shared<std::string>();
  thumb->add_option("file", *tpath, "JWK file, or - for stdin")->required();
  thumb->callback([&cli, tpath] { cli.exit_code = show_public(*tpath, true); });
}

}  // namespace custos::cli
