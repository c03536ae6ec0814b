#include "evm/typed_data.h"

#include <algorithm>
#include <set>

#include "evm/address.h"
#include "evm/hex.h"
#include "evm/json_fields.h"
#include "evm/uint256.h"
#include "json/parse.h"

namespace custos::evm {
namespace {

constexpr ErrorCode kCode = ErrorCode::kEvmTypedData;
constexpr std::string_view kDomainType = "EIP712Domain";

Error td_error(const std::string& message) { return Error(kCode, "typed data: " + message); }

bool is_identifier(std::string_view text) {
  if (text.empty() || text.size() > 256) return false;
  auto head = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
  };
  if (!head(text[0])) return false;
  return std::all_of(text.begin(), text.end(),
                     [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

// Parses the decimal size suffix of uintN/intN/bytesN; 0 when `digits` is not a valid size.
int parse_bits(std::string_view digits) {
  if (digits.empty() || digits.size() > 3 || digits[0] == '0') return 0;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

enum class Atomic { kNone, kUint, kInt, kAddress, kBool, kFixedBytes, kBytes, kString };

// Classifies an atomic type name; `size` receives bits (uint/int) or bytes (bytesN).
Atomic atomic_type(std::string_view type, int& size) {
  size = 0;
  if (type == "address") return Atomic::kAddress;
  if (type == "bool") return Atomic::kBool;
  if (type == "bytes") return Atomic::kBytes;
  if (type == "string") return Atomic::kString;
  if (type.starts_with("uint")) {
    size = parse_bits(type.substr(4));
    if (type.size() == 4) size = 256;
    if (size > 0 && size <= 256 && size % 8 == 0) return Atomic::kUint;
    return Atomic::kNone;
  }
  if (type.starts_with("int")) {
    size = parse_bits(type.substr(3));
    if (type.size() == 3) size = 256;
    if (size > 0 && size <= 256 && size % 8 == 0) return Atomic::kInt;
    return Atomic::kNone;
  }
  if (type.starts_with("bytes")) {
    size = parse_bits(type.substr(5));
    if (size > 0 && size <= 32) return Atomic::kFixedBytes;
  }
  return Atomic::kNone;
}

// Splits "T[2][]" into the element type "T[2]" and the outer suffix; false when not an array.
// `length` is 0 for a dynamic array. Error when the suffix is malformed.
Result<bool> split_array(std::string_view type, std::string_view& element, std::size_t& length) {
  if (type.empty() || type.back() != ']') return false;
  auto open = type.rfind('[');
  if (open == std::string_view::npos || open == 0)
    return fail(td_error("malformed array type '" + std::string(type) + "'"));
  std::string_view digits = type.substr(open + 1, type.size() - open - 2);
  length = 0;
  if (!digits.empty()) {
    if (digits.size() > 6 || digits[0] == '0' ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return fail(td_error("bad array length in '" + std::string(type) + "'"));
    }
    for (char c : digits) length = length * 10 + static_cast<std::size_t>(c - '0');
  }
  element = type.substr(0, open);
  return true;
}

// The struct or atomic name at the bottom of an array type.
std::string_view base_type(std::string_view type) {
  auto open = type.find('[');
  return open == std::string_view::npos ? type : type.substr(0, open);
}

// Checks that a field type is well-formed and refers to known types.
Result<void> check_field_type(const TypedData& data, std::string_view type) {
  std::string_view element;
  std::size_t length = 0;
  std::string_view rest = type;
  for (;;) {
    CUSTOS_TRY_ASSIGN(bool is_array, split_array(rest, element, length));
    if (!is_array) break;
    rest = element;
  }
  int size = 0;
  if (atomic_type(rest, size) != Atomic::kNone) return {};
  if (data.types.find(rest) != data.types.end() && rest != kDomainType) return {};
  return fail(td_error("unknown type '" + std::string(rest) + "'"));
}

struct DomainField {
  std::string_view name;
  std::string_view type;
};
constexpr DomainField kDomainFields[] = {{"name", "string"},
                                         {"version", "string"},
                                         {"chainId", "uint256"},
                                         {"verifyingContract", "address"},
                                         {"salt", "bytes32"}};

void collect_dependencies(const TypedData& data, std::string_view type,
                          std::set<std::string, std::less<>>& found) {
  std::string_view base = base_type(type);
  auto it = data.types.find(base);
  if (it == data.types.end() || found.count(base) != 0) return;
  found.insert(std::string(base));
  for (const TypedField& field : it->second) collect_dependencies(data, field.type, found);
}

class Hasher {
 public:
  Hasher(const TypedData& data, const TypedDataOptions& options) : data_(data), options_(options) {}

  Result<Hash32> hash_struct(std::string_view type, const json::Value& value, std::size_t depth,
                             const std::string& path) {
    if (depth > options_.max_depth) return fail(td_error(path + ": nesting too deep"));
    auto it = data_.types.find(type);
    if (it == data_.types.end()) return fail(td_error("unknown type '" + std::string(type) + "'"));
    if (!value.is_object())
      return fail(td_error(path + ": expected an object for " + std::string(type)));
    const auto& fields = it->second;
    for (const auto& [key, member] : value.as_object()) {
      bool declared = std::any_of(fields.begin(), fields.end(),
                                  [&](const TypedField& f) { return f.name == key; });
      if (!declared) {
        return fail(
            td_error(path + ": member '" + key + "' is not a field of " + std::string(type)));
      }
    }
    CUSTOS_TRY_ASSIGN(auto type_digest, type_hash(data_, type));
    Bytes encoded(type_digest.begin(), type_digest.end());
    for (const TypedField& field : fields) {
      const json::Value* member = value.find(field.name);
      std::string field_path = path + "." + field.name;
      if (member == nullptr) return fail(td_error(field_path + ": missing"));
      CUSTOS_TRY_ASSIGN(auto word, encode_field(field.type, *member, depth + 1, field_path));
      encoded.insert(encoded.end(), word.begin(), word.end());
    }
    return keccak256(encoded);
  }

 private:
  Result<Hash32> encode_field(std::string_view type, const json::Value& value, std::size_t depth,
                              const std::string& path) {
    if (depth > options_.max_depth) return fail(td_error(path + ": nesting too deep"));
    if (++values_ > options_.max_values) return fail(td_error("too many values"));
    std::string_view element;
    std::size_t length = 0;
    CUSTOS_TRY_ASSIGN(bool is_array, split_array(type, element, length));
    if (is_array) {
      if (!value.is_array()) return fail(td_error(path + ": expected an array"));
      const auto& items = value.as_array();
      if (length != 0 && items.size() != length) {
        return fail(td_error(path + ": expected " + std::to_string(length) + " elements"));
      }
      Bytes concat;
      for (std::size_t i = 0; i < items.size(); ++i) {
        CUSTOS_TRY_ASSIGN(auto word, encode_field(element, items[i], depth + 1,
                                                  path + "[" + std::to_string(i) + "]"));
        concat.insert(concat.end(), word.begin(), word.end());
      }
      return keccak256(concat);
    }
    if (data_.types.find(type) != data_.types.end()) return hash_struct(type, value, depth, path);
    int size = 0;
    Hash32 word{};
    switch (atomic_type(type, size)) {
      case Atomic::kString:
        if (!value.is_string()) return fail(td_error(path + ": expected a string"));
        return keccak256(as_bytes(value.as_string()));
      case Atomic::kBytes: {
        CUSTOS_TRY_ASSIGN(auto bytes, data_from_json(value, path, kCode));
        return keccak256(bytes);
      }
      case Atomic::kFixedBytes: {
        CUSTOS_TRY_ASSIGN(auto bytes, data_from_json(value, path, kCode));
        if (bytes.size() != static_cast<std::size_t>(size)) {
          return fail(td_error(path + ": expected " + std::to_string(size) + " bytes"));
        }
        std::copy(bytes.begin(), bytes.end(), word.begin());
        return word;
      }
      case Atomic::kBool:
        if (!value.is_bool()) return fail(td_error(path + ": expected true or false"));
        word[31] = value.as_bool() ? 1 : 0;
        return word;
      case Atomic::kAddress: {
        CUSTOS_TRY_ASSIGN(auto address, address_from_json(value, path, kCode));
        return address.to_word();
      }
      case Atomic::kUint: {
        CUSTOS_TRY_ASSIGN(auto number, quantity_from_json(value, path, kCode));
        if (number.bit_length() > size)
          return fail(td_error(path + ": exceeds uint" + std::to_string(size)));
        return number.to_word();
      }
      case Atomic::kInt: return encode_int(value, size, path);
      case Atomic::kNone: break;
    }
    return fail(td_error(path + ": unknown type '" + std::string(type) + "'"));
  }

  Result<Hash32> encode_int(const json::Value& value, int bits, const std::string& path) {
    std::string text;
    if (value.is_number() && value.as_number().is_integer_literal()) {
      text = value.as_number().text();
    } else if (value.is_string()) {
      text = value.as_string();
    } else {
      return fail(td_error(path + ": expected an integer"));
    }
    bool negative = !text.empty() && text[0] == '-';
    auto magnitude =
        U256::parse(negative ? std::string_view(text).substr(1) : std::string_view(text));
    if (!magnitude) return fail(td_error(path + ": " + magnitude.error().message()));
    // |value| ≤ 2^(bits-1) - 1 for positives, ≤ 2^(bits-1) for negatives.
    int magnitude_bits = magnitude->bit_length();
    bool fits = magnitude_bits < bits;
    if (negative && magnitude_bits == bits) {
      auto minus_one = magnitude->checked_sub(U256(1));
      fits = minus_one && minus_one->bit_length() < bits;
    }
    if (!fits) return fail(td_error(path + ": out of range for int" + std::to_string(bits)));
    if (!negative || magnitude->is_zero()) return magnitude->to_word();
    auto complement = *u256_max().checked_sub(*magnitude);
    return complement.checked_add(U256(1))->to_word();
  }

  const TypedData& data_;
  const TypedDataOptions& options_;
  std::size_t values_ = 0;
};

Result<std::vector<TypedField>> parse_fields(const std::string& type_name, const json::Value& list,
                                             std::size_t& total, const TypedDataOptions& options) {
  if (!list.is_array()) return fail(td_error("types." + type_name + " must be an array"));
  std::vector<TypedField> fields;
  for (const json::Value& entry : list.as_array()) {
    if (++total > options.max_fields) return fail(td_error("too many fields"));
    if (!entry.is_object() || entry.as_object().size() != 2) {
      return fail(td_error("types." + type_name + ": fields must be {name, type}"));
    }
    const json::Value* name = entry.find("name");
    const json::Value* type = entry.find("type");
    if (name == nullptr || type == nullptr || !name->is_string() || !type->is_string()) {
      return fail(td_error("types." + type_name + ": fields must be {name, type} strings"));
    }
    if (!is_identifier(name->as_string())) {
      return fail(td_error("types." + type_name + ": bad field name '" + name->as_string() + "'"));
    }
    for (const TypedField& previous : fields) {
      if (previous.name == name->as_string()) {
        return fail(td_error("types." + type_name + ": duplicate field '" + previous.name + "'"));
      }
    }
    fields.push_back({name->as_string(), type->as_string()});
  }
  return fields;
}

}  // namespace

Result<TypedData> parse_typed_data(const json::Value& document, const TypedDataOptions& options) {
  if (document.is_string()) {
    auto parsed = json::parse(document.as_string());
    if (!parsed) return fail(td_error("embedded JSON: " + parsed.error().message()));
    if (parsed->is_string()) return fail(td_error("document must be an object"));
    return parse_typed_data(*parsed, options);
  }
  if (!document.is_object()) return fail(td_error("document must be an object"));
  for (const auto& [key, value] : document.as_object()) {
    if (key != "types" && key != "primaryType" && key != "domain" && key != "message") {
      return fail(td_error("unknown member '" + key + "'"));
    }
  }
  TypedData out;
  const json::Value* types = document.find("types");
  const json::Value* primary = document.find("primaryType");
  const json::Value* domain = document.find("domain");
  const json::Value* message = document.find("message");
  if (types == nullptr || !types->is_object()) return fail(td_error("types must be an object"));
  if (primary == nullptr || !primary->is_string())
    return fail(td_error("primaryType must be a string"));
  out.primary_type = primary->as_string();
  out.domain = domain != nullptr ? *domain : json::Value::object();
  if (!out.domain.is_object()) return fail(td_error("domain must be an object"));
  if (message != nullptr) {
    out.message = *message;
  } else if (out.primary_type == kDomainType) {
    out.message = json::Value::object();
  } else {
    return fail(td_error("message is required"));
  }
  if (types->as_object().size() > options.max_types) return fail(td_error("too many types"));
  std::size_t total_fields = 0;
  for (const auto& [name, list] : types->as_object()) {
    if (!is_identifier(name)) return fail(td_error("bad type name '" + name + "'"));
    int size = 0;
    if (atomic_type(name, size) != Atomic::kNone) {
      return fail(td_error("type name '" + name + "' shadows an atomic type"));
    }
    CUSTOS_TRY_ASSIGN(auto fields, parse_fields(name, list, total_fields, options));
    out.types.emplace(name, std::move(fields));
  }
  // The domain type: checked when given, inferred from the domain's members otherwise.
  auto domain_type = out.types.find(kDomainType);
  if (domain_type == out.types.end()) {
    std::vector<TypedField> inferred;
    for (const DomainField& field : kDomainFields) {
      if (out.domain.contains(field.name))
        inferred.push_back({std::string(field.name), std::string(field.type)});
    }
    domain_type = out.types.emplace(std::string(kDomainType), std::move(inferred)).first;
  }
  for (const TypedField& field : domain_type->second) {
    auto known = std::find_if(std::begin(kDomainFields), std::end(kDomainFields),
                              [&](const DomainField& f) { return f.name == field.name; });
    if (known == std::end(kDomainFields) || known->type != field.type) {
      return fail(td_error("EIP712Domain field '" + field.name + " " + field.type +
                           "' is not an EIP-712 domain field"));
    }
  }
  for (const auto& [key, value] : out.domain.as_object()) {
    const auto& fields = domain_type->second;
    if (std::none_of(fields.begin(), fields.end(),
                     [&](const TypedField& f) { return f.name == key; })) {
      return fail(td_error("domain member '" + key + "' is not an EIP712Domain field"));
    }
  }
  for (const auto& [name, fields] : out.types) {
    for (const TypedField& field : fields) {
      auto checked = check_field_type(out, field.type);
      if (!checked)
        return fail(
            td_error("types." + name + "." + field.name + ": " + checked.error().message()));
    }
  }
  if (out.types.find(out.primary_type) == out.types.end()) {
    return fail(td_error("primaryType '" + out.primary_type + "' is not defined"));
  }
  return out;
}

Result<std::string> encode_type(const TypedData& data, std::string_view type) {
  if (data.types.find(type) == data.types.end()) {
    return fail(td_error("unknown type '" + std::string(type) + "'"));
  }
  std::set<std::string, std::less<>> found;
  collect_dependencies(data, type, found);
  found.erase(std::string(type));
  std::vector<std::string> order{std::string(type)};
  order.insert(order.end(), found.begin(), found.end());
  std::string out;
  for (const std::string& name : order) {
    out += name + "(";
    const auto& fields = data.types.find(name)->second;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) out += ",";
      out += fields[i].type + " " + fields[i].name;
    }
    out += ")";
  }
  return out;
}

Result<Hash32> type_hash(const TypedData& data, std::string_view type) {
  CUSTOS_TRY_ASSIGN(auto encoded, encode_type(data, type));
  return keccak256(as_bytes(encoded));
}

Result<Hash32> hash_struct(const TypedData& data, std::string_view type, const json::Value& value,
                           const TypedDataOptions& options) {
  Hasher hasher(data, options);
  return hasher.hash_struct(type, value, 0, std::string(type));
}

Result<Hash32> domain_separator(const TypedData& data, const TypedDataOptions& options) {
  return hash_struct(data, kDomainType, data.domain, options);
}

Result<Hash32> typed_data_hash(const TypedData& data, const TypedDataOptions& options) {
  Bytes preimage{0x19, 0x01};
  CUSTOS_TRY_ASSIGN(auto separator, domain_separator(data, options));
  preimage.insert(preimage.end(), separator.begin(), separator.end());
  if (data.primary_type != kDomainType) {
    CUSTOS_TRY_ASSIGN(auto message, hash_struct(data, data.primary_type, data.message, options));
    preimage.insert(preimage.end(), message.begin(), message.end());
  }
  return keccak256(preimage);
}

Result<Bytes> sign_typed_data(const TypedData& data, const SecretBytes& private_key) {
  CUSTOS_TRY_ASSIGN(auto digest, typed_data_hash(data));
  CUSTOS_TRY_ASSIGN(auto signature, sign_digest(digest, private_key));
  return to_rsv(signature);
}

}  // namespace custos::evm
