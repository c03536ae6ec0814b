// `custos frost dealer|dkg-simulate|sign|jwk`: FROST(Ed25519, SHA-512) key packages in files and
// threshold-signed EdDSA JWTs, for operators and for the interop tests.
//
// Files (docs/frost-encoding.md): `key-<id>.frost` holds one key package (SECRET: mode 0600,
// unencrypted here; nodes seal theirs) and `public.frost` the public key package, each as the
// lower-case hex of the binary encoding plus a newline.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>

#include "base/base.h"
#include "cli.h"
#include "frost/frost.h"
#include "json/json.h"

namespace custos::cli {
namespace {

using namespace custos::frost::ed25519;
namespace frost = custos::frost;

template <typename T>
Result<T> lift(FrostResult<T>&& r) {
  if (!r) return tl::unexpected<Error>(r.error().to_error());
  return std::move(*r);
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Result<void> write_text(const std::string& path, std::string_view text, bool secret) {
  // Secret files are created 0600 from the start (no window with wider permissions).
  const int fd =
      ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, secret ? 0600 : 0644);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot write '" + path + "'");
  std::string line(text);
  line.push_back('\n');
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd, line.data() + done, line.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  secure_wipe(line.data(), line.size());
  const bool ok = done == text.size() + 1 && ::close(fd) == 0;
  if (!ok) return fail(ErrorCode::kIo, "cannot write '" + path + "'");
  return {};
}

std::string group_jwk(const PublicKeyPackage& pub) {
  auto x = Suite::serialize_element(pub.verifying_key.element);
  return json::serialize(
      json::Value::object({{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url_encode(x)}}));
}

Result<void> write_group(const std::string& dir, std::map<Identifier, KeyPackage>& keys,
                         const PublicKeyPackage& pub) {
  ::mkdir(dir.c_str(), 0700);
  for (const auto& [id, key] : keys) {
    SecretBytes encoded = frost::encode<Suite>(key);
    std::string text = hex_encode(encoded.view());
    auto written = write_text(dir + "/key-" + id.to_string() + ".frost", text, true);
    secure_wipe(text.data(), text.size());
    CUSTOS_TRY(written);
  }
  CUSTOS_TRY(write_text(dir + "/public.frost", hex_encode(frost::encode<Suite>(pub)), false));
  std::cout << group_jwk(pub) << "\n";
  return {};
}

Result<void> run_dealer(const std::string& dir, std::uint16_t n, std::uint16_t t) {
  CUSTOS_TRY_ASSIGN(auto dealt, lift(frost::generate_with_dealer<Suite>(n, t, OsRng::instance())));
  std::map<Identifier, KeyPackage> keys;
  for (const auto& [id, share] : dealt.shares) {
    CUSTOS_TRY_ASSIGN(auto key, lift(frost::key_package_from_secret_share<Suite>(share)));
    keys.emplace(id, std::move(key));
  }
  return write_group(dir, keys, dealt.public_key_package);
}

// All participants of a DKG in one process, exchanging packages through their binary encodings
// (as they would over the network).
Result<void> run_dkg(const std::string& dir, std::uint16_t n, std::uint16_t t) {
  Rng& rng = OsRng::instance();
  std::map<Identifier, frost::dkg::round1::SecretPackage<Suite>> secrets1;
  std::map<Identifier, Bytes> broadcast;
  for (std::uint16_t i = 1; i <= n; ++i) {
    auto id = *Identifier::from_u64(i);
    CUSTOS_TRY_ASSIGN(auto r1, lift(frost::dkg::part1<Suite>(id, n, t, rng)));
    broadcast.emplace(id, frost::encode<Suite>(r1.second));
    secrets1.emplace(id, std::move(r1.first));
  }
  std::map<Identifier, frost::dkg::round2::SecretPackage<Suite>> secrets2;
  std::map<Identifier, std::map<Identifier, SecretBytes>> inbox;  // to → from → encoded
  for (auto& [me, secret] : secrets1) {
    std::map<Identifier, frost::dkg::round1::Package<Suite>> received;
    for (const auto& [from, bytes] : broadcast) {
      if (from == me) continue;
      CUSTOS_TRY_ASSIGN(auto p, lift(frost::decode_dkg_round1_package<Suite>(bytes)));
      received.emplace(from, std::move(p));
    }
    CUSTOS_TRY_ASSIGN(auto r2, lift(frost::dkg::part2<Suite>(std::move(secret), received)));
    for (const auto& [to, p] : r2.second) inbox[to].emplace(me, frost::encode<Suite>(p));
    secrets2.emplace(me, std::move(r2.first));
  }
  std::map<Identifier, KeyPackage> keys;
  std::optional<PublicKeyPackage> pub;
  for (auto& [me, secret] : secrets2) {
    std::map<Identifier, frost::dkg::round2::Package<Suite>> received;
    for (const auto& [from, bytes] : inbox[me]) {
      CUSTOS_TRY_ASSIGN(auto p, lift(frost::decode_dkg_round2_package<Suite>(bytes.view())));
      received.emplace(from, std::move(p));
    }
    CUSTOS_TRY_ASSIGN(auto r3, lift(frost::dkg::part3<Suite>(secret, received)));
    if (pub && !(*pub == r3.second)) {
      return fail(ErrorCode::kFrostParameters, "participants disagree on the public key package");
    }
    pub = r3.second;
    keys.emplace(me, std::move(r3.first));
  }
  return write_group(dir, keys, *pub);
}

Result<Bytes> read_hex_file(const std::string& path) {
  CUSTOS_TRY_ASSIGN(auto text, read_file(path));
  auto bytes = hex_decode(trim(text));
  secure_wipe(text.data(), text.size());
  if (!bytes) return fail(bytes.error().with_context("reading '" + path + "'"));
  return std::move(*bytes);
}

// Signs `payload` (a JSON object) as a JWT with every key in `key_paths`, in one process: round 1
// for each key, one signing package, round 2, aggregation with share verification.
Result<std::string> run_sign(const std::string& public_path,
                             const std::vector<std::string>& key_paths, const std::string& payload,
                             const std::string& kid) {
  CUSTOS_TRY_ASSIGN(auto pub_bytes, read_hex_file(public_path));
  CUSTOS_TRY_ASSIGN(auto pub, lift(frost::decode_public_key_package<Suite>(pub_bytes)));
  std::map<Identifier, KeyPackage> keys;
  for (const auto& path : key_paths) {
    CUSTOS_TRY_ASSIGN(auto bytes, read_hex_file(path));
    auto key = frost::decode_key_package<Suite>(bytes);
    secure_wipe(bytes.data(), bytes.size());
    if (!key) return fail(key.error().to_error().with_context("reading '" + path + "'"));
    if (!(key->verifying_key == pub.verifying_key)) {
      return fail(ErrorCode::kFrostParameters, "'" + path + "' belongs to another group");
    }
    keys.emplace(key->identifier, std::move(*key));
  }
  CUSTOS_TRY_ASSIGN(auto claims, json::parse(payload));
  if (!claims.is_object()) return fail(ErrorCode::kInvalidArgument, "payload must be an object");
  auto header = json::Value::object({{"alg", "EdDSA"}, {"typ", "JWT"}});
  if (!kid.empty()) header.set("kid", kid);
  const std::string signing_input = base64url_encode(as_bytes(json::serialize(header))) + "." +
                                    base64url_encode(as_bytes(json::serialize(claims)));

  std::map<Identifier, SigningNonces> nonces;
  SigningPackage::CommitmentMap commitments;
  for (const auto& [id, key] : keys) {
    auto [n, c] = frost::round1::commit<Suite>(key.signing_share, OsRng::instance());
    nonces.emplace(id, std::move(n));
    commitments.emplace(id, c);
  }
  SigningPackage package(commitments, to_bytes(signing_input));
  std::map<Identifier, SignatureShare> shares;
  for (const auto& [id, key] : keys) {
    CUSTOS_TRY_ASSIGN(auto share,
                      lift(frost::round2::sign<Suite>(package, std::move(nonces.at(id)), key)));
    shares.emplace(id, share);
  }
  CUSTOS_TRY_ASSIGN(auto signature, lift(frost::aggregate<Suite>(package, shares, pub)));
  if (!Suite::verify_signature(to_bytes(signing_input), signature.serialize(),
                               pub.verifying_key.element)) {
    return fail(ErrorCode::kFrostInvalidSignature, "libsodium refused the aggregate signature");
  }
  return signing_input + "." + base64url_encode(signature.serialize());
}

Result<std::string> run_jwk(const std::string& public_path) {
  CUSTOS_TRY_ASSIGN(auto bytes, read_hex_file(public_path));
  CUSTOS_TRY_ASSIGN(auto pub, lift(frost::decode_public_key_package<Suite>(bytes)));
  return group_jwk(pub);
}

int finish(const Result<void>& r) {
  if (!r) {
    print_error(r.error());
    return kExitFailure;
  }
  return kExitOk;
}

int finish(const Result<std::string>& r) {
  if (!r) {
    print_error(r.error());
    return kExitFailure;
  }
  std::cout << *r << "\n";
  return kExitOk;
}

}  // namespace

void add_frost_command(Cli& cli) {
  auto* cmd = cli.app.add_subcommand("frost", "FROST(Ed25519, SHA-512) threshold keys and tokens");
  cmd->require_subcommand(1);

  struct GroupArgs {
    std::string out;
    std::uint16_t participants = 3;
    std::uint16_t threshold = 3;
  };
  for (bool dkg : {false, true}) {
    auto* sub = cmd->add_subcommand(
        dkg ? "dkg-simulate" : "dealer",
        dkg ? "Run a Pedersen DKG among all participants in-process; write their key packages"
            : "Trusted-dealer key generation (testing only); write the key packages");
    auto args = std::make_shared<GroupArgs>();
    sub->add_option("--out", args->out, "Output directory (key-<id>.frost, public.frost)")
        ->required();
    sub->add_option("-n,--participants", args->participants, "Number of participants")
        ->capture_default_str();
    sub->add_option("-t,--threshold", args->threshold, "Signers needed")->capture_default_str();
    sub->callback([&cli, args, dkg] {
      cli.exit_code = finish(dkg ? run_dkg(args->out, args->participants, args->threshold)
                                 : run_dealer(args->out, args->participants, args->threshold));
    });
  }

  struct SignArgs {
    std::string public_path;
    std::vector<std::string> keys;
    std::string payload;
    std::string kid;
  };
  auto sign_args = std::make_shared<SignArgs>();
  auto* sign = cmd->add_subcommand("sign", "Threshold-sign a JSON payload as an EdDSA JWT");
  sign->add_option("--public", sign_args->public_path, "public.frost")->required();
  sign->add_option("--key", sign_args->keys, "key-<id>.frost (repeat for each signer)")
      ->required()
      ->allow_extra_args(false);
  sign->add_option("--payload", sign_args->payload, "JWT claims (a JSON object)")->required();
  sign->add_option("--kid", sign_args->kid, "Optional kid header");
  sign->callback([&cli, sign_args] {
    cli.exit_code = finish(
        run_sign(sign_args->public_path, sign_args->keys, sign_args->payload, sign_args->kid));
  });

  auto jwk_path = std::make_shared<std::string>();
  auto* jwk = cmd->add_subcommand("jwk", "Print the group public key as an Ed25519 JWK");
  jwk->add_option("--public", *jwk_path, "public.frost")->required();
  jwk->callback([&cli, jwk_path] { cli.exit_code = finish(run_jwk(*jwk_path)); });
}

}  // namespace custos::cli
