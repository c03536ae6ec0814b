// `custos evm …`: Ethereum hashing, signing, recovery and intent classification over JSON files
// (or stdin), for operators and for the viem interop test. `custos evm batch` runs many
// operations from JSON lines in one process.

#include <cctype>
#include <iostream>
#include <sstream>
#include <string>

#include "cli.h"
#include "evm/evm.h"
#include "json/json.h"

namespace custos::cli {
namespace {

using namespace custos::evm;

// Reads a private key file: 64 hex digits, optional 0x, surrounding whitespace allowed.
Result<SecretBytes> read_key(const std::string& path) {
  CUSTOS_TRY_ASSIGN(auto text, read_file(path));
  std::string_view view = text;
  while (!view.empty() && std::isspace(static_cast<unsigned char>(view.back())))
    view.remove_suffix(1);
  while (!view.empty() && std::isspace(static_cast<unsigned char>(view.front())))
    view.remove_prefix(1);
  if (view.starts_with("0x") || view.starts_with("0X")) view.remove_prefix(2);
  auto bytes = hex_decode(view);
  secure_wipe(text.data(), text.size());
  if (!bytes || bytes->size() != 32) {
    if (bytes) secure_wipe(bytes->data(), bytes->size());
    return fail(ErrorCode::kCryptoBadKey, "key file '" + path + "' must hold 32 bytes of hex");
  }
  SecretBytes key(*bytes);
  secure_wipe(bytes->data(), bytes->size());
  return key;
}

// r, s, yParity and v: the on-wire v for legacy transactions (EIP-155 when a chain id is set),
// 27 + yParity otherwise.
json::Value signature_json(const RecoverableSignature& signature, const Transaction* tx = nullptr) {
  U256 v(27 + static_cast<std::uint64_t>(signature.recovery_id));
  if (tx != nullptr && tx->type == TxType::kLegacy && tx->chain_id) {
    auto doubled = tx->chain_id->checked_mul(U256(2));
    if (doubled)
      v = doubled->checked_add(U256(35 + static_cast<std::uint64_t>(signature.recovery_id)))
              .value_or(v);
  }
  return json::Value::object({{"r", to_hex_data(signature.r)},
                              {"s", to_hex_data(signature.s)},
                              {"yParity", signature.recovery_id},
                              {"v", v.to_decimal()}});
}

Result<const SecretBytes*> need_key(const SecretBytes* key) {
  if (key == nullptr || key->empty())
    return fail(ErrorCode::kInvalidArgument, "this operation needs a key");
  return key;
}

Result<Bytes> hex_member(const json::Value& input, std::string_view name) {
  const json::Value* value = input.find(name);
  if (value == nullptr) return fail(ErrorCode::kInvalidArgument, "missing " + std::string(name));
  return data_from_json(*value, name, ErrorCode::kInvalidArgument);
}

// Recovers a signer: {raw} (signed transaction), {message, signature}, {typedData, signature}
// or {hash, signature}.
Result<json::Value> recover(const json::Value& input) {
  if (!input.is_object()) return fail(ErrorCode::kInvalidArgument, "input must be an object");
  if (input.contains("raw")) {
    CUSTOS_TRY_ASSIGN(auto raw, hex_member(input, "raw"));
    CUSTOS_TRY_ASSIGN(auto signed_tx, decode_signed(raw));
    CUSTOS_TRY_ASSIGN(auto from, recover_sender(signed_tx));
    json::Value tx = transaction_to_json(signed_tx.tx);
    tx.set("from", from.to_lower());
    return json::Value::object({{"from", from.to_lower()},
                                {"hash", to_hex_data(signed_tx.hash)},
                                {"transaction", std::move(tx)},
                                {"signature", signature_json(signed_tx.signature, &signed_tx.tx)}});
  }
  CUSTOS_TRY_ASSIGN(auto signature_bytes, hex_member(input, "signature"));
  CUSTOS_TRY_ASSIGN(auto signature, parse_rsv(signature_bytes));
  Hash32 digest{};
  if (const json::Value* message = input.find("message")) {
    CUSTOS_TRY_ASSIGN(auto bytes, message_from_json(*message));
    digest = personal_message_hash(bytes);
  } else if (const json::Value* typed = input.find("typedData")) {
    CUSTOS_TRY_ASSIGN(auto data, parse_typed_data(*typed));
    CUSTOS_TRY_ASSIGN(digest, typed_data_hash(data));
  } else {
    CUSTOS_TRY_ASSIGN(auto hash, hex_member(input, "hash"));
    if (hash.size() != 32) return fail(ErrorCode::kInvalidArgument, "hash must be 32 bytes");
    std::copy(hash.begin(), hash.end(), digest.begin());
  }
  CUSTOS_TRY_ASSIGN(auto address, recover_address(digest, signature));
  return json::Value::object(
      {{"address", address.to_lower()}, {"checksum", address.to_checksum()}});
}

// One operation on one JSON input. `key` may be null for operations that do not sign.
Result<json::Value> run_op(std::string_view op, const json::Value& input, const SecretBytes* key,
                           const IntentConfig& config) {
  if (op == "tx-hash") {
    CUSTOS_TRY_ASSIGN(auto tx, parse_transaction(input));
    CUSTOS_TRY_ASSIGN(auto payload, signing_payload(tx));
    return json::Value::object({{"type", static_cast<int>(tx.type)},
                                {"signingPayload", to_hex_data(payload)},
                                {"signingHash", to_hex_data(keccak256(payload))}});
  }
  if (op == "tx-sign") {
    CUSTOS_TRY_ASSIGN(auto signing_key, need_key(key));
    CUSTOS_TRY_ASSIGN(auto tx, parse_transaction(input));
    CUSTOS_TRY_ASSIGN(auto signed_tx, sign_transaction(tx, *signing_key));
    CUSTOS_TRY_ASSIGN(auto from, address_of_key(*signing_key));
    return json::Value::object({{"raw", to_hex_data(signed_tx.raw)},
                                {"hash", to_hex_data(signed_tx.hash)},
                                {"from", from.to_lower()},
                                {"signature", signature_json(signed_tx.signature, &signed_tx.tx)}});
  }
  if (op == "recover") return recover(input);
  if (op == "message-hash" || op == "message-sign") {
    CUSTOS_TRY_ASSIGN(auto message, message_from_json(input));
    json::Value out = json::Value::object({{"hash", to_hex_data(personal_message_hash(message))}});
    if (op == "message-sign") {
      CUSTOS_TRY_ASSIGN(auto signing_key, need_key(key));
      CUSTOS_TRY_ASSIGN(auto signature, sign_personal_message(message, *signing_key));
      out.set("signature", to_hex_data(signature));
    }
    return out;
  }
  if (op == "typed-data-hash" || op == "typed-data-sign") {
    CUSTOS_TRY_ASSIGN(auto data, parse_typed_data(input));
    CUSTOS_TRY_ASSIGN(auto separator, domain_separator(data));
    CUSTOS_TRY_ASSIGN(auto hash, typed_data_hash(data));
    json::Value out = json::Value::object({{"domainSeparator", to_hex_data(separator)}});
    if (data.primary_type != "EIP712Domain") {
      CUSTOS_TRY_ASSIGN(auto message, hash_struct(data, data.primary_type, data.message));
      out.set("messageHash", to_hex_data(message));
    }
    out.set("hash", to_hex_data(hash));
    if (op == "typed-data-sign") {
      CUSTOS_TRY_ASSIGN(auto signing_key, need_key(key));
      CUSTOS_TRY_ASSIGN(auto signature, sign_typed_data(data, *signing_key));
      out.set("signature", to_hex_data(signature));
    }
    return out;
  }
  if (op == "raw-sign") {
    CUSTOS_TRY_ASSIGN(auto signing_key, need_key(key));
    if (!input.is_string())
      return fail(ErrorCode::kInvalidArgument, "raw payload must be a 0x hex string");
    CUSTOS_TRY_ASSIGN(auto payload, data_from_json(input, "payload", ErrorCode::kInvalidArgument));
    CUSTOS_TRY_ASSIGN(auto signature, sign_raw_payload(payload, *signing_key));
    return json::Value::object(
        {{"hash", to_hex_data(keccak256(payload))}, {"signature", to_hex_data(signature)}});
  }
  if (op == "userop-hash") {
    CUSTOS_TRY_ASSIGN(auto user_op, parse_user_operation(input));
    return json::Value::object({{"hash", to_hex_data(user_operation_hash(user_op))}});
  }
  if (op == "intent") return classify(input, config);
  if (op == "address") {
    CUSTOS_TRY_ASSIGN(auto signing_key, need_key(key));
    CUSTOS_TRY_ASSIGN(auto address, address_of_key(*signing_key));
    return json::Value::object(
        {{"address", address.to_lower()}, {"checksum", address.to_checksum()}});
  }
  return fail(ErrorCode::kInvalidArgument, "unknown operation '" + std::string(op) + "'");
}

json::Value error_json(const Error& error) {
  return json::Value::object(
      {{"code", std::string(error.code_name())}, {"message", error.message()}});
}

// JSON lines in, JSON lines out: each input line {"op", "input", "key"?, "config"?} gives one
// output line {"ok": true, "result"} or {"ok": false, "error": {code, message}}. Exit 0 when every
// line was processed (individual failures are reported in their line).
int run_batch(const std::string& path) {
  auto text = read_file(path);
  if (!text) {
    print_error(text.error());
    return kExitFailure;
  }
  std::istringstream lines(*text);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json::Value reply = json::Value::object();
    auto request = json::parse(line);
    Result<json::Value> result = fail(ErrorCode::kInvalidArgument, "batch line must be an object");
    if (!request) {
      result = fail(request.error());
    } else if (request->is_object()) {
      const json::Value* op = request->find("op");
      const json::Value* input = request->find("input");
      const json::Value* key_hex = request->find("key");
      const json::Value* config_json = request->find("config");
      std::optional<SecretBytes> key;
      IntentConfig config;
      Result<void> ready;
      if (key_hex != nullptr) {
        auto bytes = data_from_json(*key_hex, "key", ErrorCode::kCryptoBadKey);
        if (bytes) {
          key.emplace(*bytes);
          secure_wipe(bytes->data(), bytes->size());
        } else {
          ready = fail(bytes.error());
        }
      }
      if (ready && config_json != nullptr) {
        auto parsed = IntentConfig::from_json(*config_json);
        if (parsed) {
          config = std::move(*parsed);
        } else {
          ready = fail(parsed.error());
        }
      }
      if (!ready) {
        result = fail(ready.error());
      } else if (op == nullptr || !op->is_string() || input == nullptr) {
        result = fail(ErrorCode::kInvalidArgument, "batch line needs op and input");
      } else {
        result = run_op(op->as_string(), *input, key ? &*key : nullptr, config);
      }
    }
    reply.set("ok", result.has_value());
    if (result) {
      reply.set("result", std::move(*result));
    } else {
      reply.set("error", error_json(result.error()));
    }
    out += json::serialize(reply);
    out += "\n";
  }
  std::cout << out;
  return kExitOk;
}

int run_single(const std::string& op, const std::string& path, const std::string& key_path,
               const std::string& config_path) {
  auto text = read_file(path);
  if (!text) {
    print_error(text.error());
    return kExitFailure;
  }
  auto input = json::parse(*text);
  if (!input) {
    print_error(input.error(), *text);
    return kExitFailure;
  }
  std::optional<SecretBytes> key;
  if (!key_path.empty()) {
    auto loaded = read_key(key_path);
    if (!loaded) {
      print_error(loaded.error());
      return kExitFailure;
    }
    key.emplace(std::move(*loaded));
  }
  IntentConfig config;
  if (!config_path.empty()) {
    auto config_text = read_file(config_path);
    if (!config_text) {
      print_error(config_text.error());
      return kExitFailure;
    }
    auto config_json = json::parse(*config_text);
    if (!config_json) {
      print_error(config_json.error(), *config_text);
      return kExitFailure;
    }
    auto parsed = IntentConfig::from_json(*config_json);
    if (!parsed) {
      print_error(parsed.error());
      return kExitFailure;
    }
    config = std::move(*parsed);
  }
  auto result = run_op(op, *input, key ? &*key : nullptr, config);
  if (!result) {
    print_error(result.error());
    return kExitFailure;
  }
  std::cout << json::serialize(*result, {.pretty = true}) << "\n";
  return kExitOk;
}

}  // namespace

void add_evm_command(Cli& cli) {
  auto* cmd =
      cli.app.add_subcommand("evm", "Ethereum transactions, messages, typed data and intents");
  cmd->require_subcommand(1);
  struct Spec {
    const char* name;
    const char* help;
    bool key;     // takes --key
    bool config;  // takes --config
  };
  for (const Spec& spec :
       {Spec{"tx-hash", "Signing payload and hash of a transaction request (JSON)", false, false},
        Spec{"tx-sign", "Sign a transaction request: raw signed transaction, hash, signature", true,
             false},
        Spec{"recover", "Recover a signer from {raw} | {message|typedData|hash, signature}", false,
             false},
        Spec{"message-hash", "EIP-191 personal message hash of a string or {raw: hex}", false,
             false},
        Spec{"message-sign", "Sign an EIP-191 personal message", true, false},
        Spec{"typed-data-hash", "EIP-712 domain separator, message hash and signing hash", false,
             false},
        Spec{"typed-data-sign", "Sign EIP-712 typed data", true, false},
        Spec{"raw-sign", "Sign keccak256 of a raw 0x payload (JSON string)", true, false},
        Spec{"userop-hash", "ERC-4337 v0.6 user operation hash", false, false},
        Spec{"intent", "Classify a signing request into its intent", false, true},
        Spec{"address", "Address of the --key (input file is ignored; use -)", true, false}}) {
    auto* sub = cmd->add_subcommand(spec.name, spec.help);
    auto path = std::make_shared<std::string>();
    auto key_path = std::make_shared<std::string>();
    auto config_path = std::make_shared<std::string>();
    sub->add_option("file", *path, "JSON input file, or - for stdin")->required();
    if (spec.key)
      sub->add_option("--key", *key_path, "File holding the 32-byte private key in hex")
          ->required();
    if (spec.config) {
      sub->add_option("--config", *config_path,
                      "Registries: {contractRegistry, transactionRegistry, chainRegistry}");
    }
    std::string op = spec.name;
    sub->callback([&cli, op, path, key_path, config_path] {
      cli.exit_code = run_single(op, *path, *key_path, *config_path);
    });
  }
  auto* batch = cmd->add_subcommand(
      "batch", "JSON lines {op, input, key?, config?} in, {ok, result | error} lines out");
  auto batch_path = std::make_shared<std::string>();
  batch->add_option("file", *batch_path, "JSON-lines file, or - for stdin")->required();
  batch->callback([&cli, batch_path] { cli.exit_code = run_batch(*batch_path); });
}

}  // namespace custos::cli
