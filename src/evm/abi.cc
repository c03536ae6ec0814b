#include "evm/abi.h"

#include <charconv>

namespace custos::evm::abi {
namespace {

constexpr std::size_t kMaxFixedArrayLength = 1u << 16;
constexpr std::size_t kMaxStaticSize = 1u << 20;  // bytes in the head of one static type

Error abi_error(const std::string& message) { return Error(ErrorCode::kEvmAbi, "abi: " + message); }

bool parse_size(std::string_view digits, std::size_t& out) {
  if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  return ec == std::errc() && ptr == digits.data() + digits.size();
}

// Splits "a,b,(c,d)" at top-level commas. Empty input yields no parts.
Result<std::vector<std::string_view>> split_top_level(std::string_view text) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  int depth = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth < 0) return tl::unexpected(abi_error("unbalanced parentheses"));
    if (text[i] == ',' && depth == 0) {
      parts.push_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  if (depth != 0) return tl::unexpected(abi_error("unbalanced parentheses"));
  parts.push_back(text.substr(start));
  return parts;
}

Result<Type> parse_type(std::string_view text, int depth) {
  if (depth > 32) return tl::unexpected(abi_error("type nesting too deep"));
  if (text.empty()) return tl::unexpected(abi_error("empty type"));
  // Array suffix: the last [..] applies outermost.
  if (text.back() == ']') {
    auto open = text.rfind('[');
    if (open == std::string_view::npos) return tl::unexpected(abi_error("unbalanced ']'"));
    auto inner = parse_type(text.substr(0, open), depth + 1);
    if (!inner) return inner;
    Type out;
    out.components.push_back(std::move(*inner));
    std::string_view digits = text.substr(open + 1, text.size() - open - 2);
    if (digits.empty()) {
      out.kind = Type::Kind::kArray;
      return out;
    }
    std::size_t length = 0;
    if (!parse_size(digits, length) || length == 0 || length > kMaxFixedArrayLength) {
      return tl::unexpected(abi_error("bad fixed array length '" + std::string(digits) + "'"));
    }
    out.kind = Type::Kind::kFixedArray;
    out.length = length;
    if (out.head_size() > kMaxStaticSize) return tl::unexpected(abi_error("static type too large"));
    return out;
  }
  if (text.front() == '(') {
    if (text.back() != ')')
      return tl::unexpected(abi_error("bad tuple '" + std::string(text) + "'"));
    auto parts = split_top_level(text.substr(1, text.size() - 2));
    if (!parts) return tl::unexpected(parts.error());
    Type out;
    out.kind = Type::Kind::kTuple;
    for (auto part : *parts) {
      auto member = parse_type(part, depth + 1);
      if (!member) return member;
      out.components.push_back(std::move(*member));
    }
    if (out.head_size() > kMaxStaticSize) return tl::unexpected(abi_error("static type too large"));
    return out;
  }
  Type out;
  auto sized = [&](std::string_view prefix, Type::Kind kind, int max, int step,
                   int default_size) -> Result<Type> {
    out.kind = kind;
    std::string_view digits = text.substr(prefix.size());
    if (digits.empty()) {
      if (default_size == 0)
        return tl::unexpected(abi_error("missing size in '" + std::string(text) + "'"));
      out.size = default_size;
      return out;
    }
    std::size_t size = 0;
    if (!parse_size(digits, size) || size == 0 || size > static_cast<std::size_t>(max) ||
        size % static_cast<std::size_t>(step) != 0) {
      return tl::unexpected(abi_error("bad size in '" + std::string(text) + "'"));
    }
    out.size = static_cast<int>(size);
    return out;
  };
  if (text == "address") {
    out.kind = Type::Kind::kAddress;
    return out;
  }
  if (text == "bool") {
    out.kind = Type::Kind::kBool;
    return out;
  }
  if (text == "string") {
    out.kind = Type::Kind::kString;
    return out;
  }
  if (text == "bytes") {
    out.kind = Type::Kind::kBytes;
    return out;
  }
  if (text.starts_with("uint")) return sized("uint", Type::Kind::kUint, 256, 8, 256);
  if (text.starts_with("int")) return sized("int", Type::Kind::kInt, 256, 8, 256);
  if (text.starts_with("bytes")) return sized("bytes", Type::Kind::kFixedBytes, 32, 1, 0);
  return tl::unexpected(abi_error("unknown type '" + std::string(text) + "'"));
}

class Reader {
 public:
  Reader(ByteView data, const DecodeOptions& options) : data_(data), options_(options) {}

  // Decodes a value of `type` whose head is at `head` within the frame starting at `base`.
  Result<Value> value(const Type& type, std::size_t base, std::size_t head, std::size_t depth,
                      const std::string& path) {
    if (depth > options_.max_depth) return tl::unexpected(abi_error(path + ": nesting too deep"));
    if (type.is_dynamic()) {
      auto offset = read_size(head, path + " offset");
      if (!offset) return tl::unexpected(offset.error());
      if (*offset > data_.size() - base)
        return tl::unexpected(abi_error(path + ": offset out of range"));
      return body(type, base + *offset, depth, path);
    }
    return body(type, base, head, depth, path);
  }

 private:
  // A dynamic value's body starts at `at`.
  Result<Value> body(const Type& type, std::size_t at, std::size_t depth, const std::string& path) {
    return body(type, at, at, depth, path);
  }

  Result<Value> body(const Type& type, std::size_t base, std::size_t at, std::size_t depth,
                     const std::string& path) {
    Value out;
    out.kind = type.kind;
    switch (type.kind) {
      case Type::Kind::kUint: {
        auto word = read_word(at, path);
        if (!word) return tl::unexpected(word.error());
        out.number = *U256::from_be_bytes(*word);
        if (out.number.bit_length() > type.size) {
          return tl::unexpected(
              abi_error(path + ": value exceeds uint" + std::to_string(type.size)));
        }
        return out;
      }
      case Type::Kind::kInt: {
        auto word = read_word(at, path);
        if (!word) return tl::unexpected(word.error());
        out.number = *U256::from_be_bytes(*word);
        out.negative = ((*word)[0] & 0x80) != 0;
        // Bytes above the type's width must repeat the sign bit.
        std::size_t width = static_cast<std::size_t>(type.size / 8);
        std::uint8_t fill = out.negative ? 0xff : 0x00;
        bool sign_bit = ((*word)[32 - width] & 0x80) != 0;
        for (std::size_t i = 0; i < 32 - width; ++i) {
          if ((*word)[i] != fill)
            return tl::unexpected(abi_error(path + ": int not sign-extended"));
        }
        if (sign_bit != out.negative)
          return tl::unexpected(abi_error(path + ": int not sign-extended"));
        return out;
      }
      case Type::Kind::kAddress: {
        auto word = read_word(at, path);
        if (!word) return tl::unexpected(word.error());
        auto address = Address::from_word(*word);
        if (!address) return tl::unexpected(abi_error(path + ": address with non-zero padding"));
        out.address = *address;
        return out;
      }
      case Type::Kind::kBool: {
        auto word = read_word(at, path);
        if (!word) return tl::unexpected(word.error());
        auto n = *U256::from_be_bytes(*word);
        if (n > U256(1)) return tl::unexpected(abi_error(path + ": bool is neither 0 nor 1"));
        out.boolean = n == U256(1);
        return out;
      }
      case Type::Kind::kFixedBytes: {
        auto word = read_word(at, path);
        if (!word) return tl::unexpected(word.error());
        auto size = static_cast<std::size_t>(type.size);
        for (std::size_t i = size; i < 32; ++i) {
          if ((*word)[i] != 0)
            return tl::unexpected(abi_error(path + ": bytesN with non-zero padding"));
        }
        out.bytes.assign(word->begin(), word->begin() + static_cast<std::ptrdiff_t>(size));
        return out;
      }
      case Type::Kind::kBytes:
      case Type::Kind::kString: {
        auto length = read_size(at, path + " length");
        if (!length) return tl::unexpected(length.error());
        std::size_t start = at + 32;
        std::size_t padded = (*length + 31) / 32 * 32;
        if (*length > data_.size() - start || padded > data_.size() - start) {
          return tl::unexpected(abi_error(path + ": bytes length exceeds the data"));
        }
        out.bytes.assign(data_.begin() + static_cast<std::ptrdiff_t>(start),
                         data_.begin() + static_cast<std::ptrdiff_t>(start + *length));
        for (std::size_t i = start + *length; i < start + padded; ++i) {
          if (data_[i] != 0)
            return tl::unexpected(abi_error(path + ": bytes with non-zero padding"));
        }
        return out;
      }
      case Type::Kind::kArray: {
        auto length = read_size(at, path + " length");
        if (!length) return tl::unexpected(length.error());
        return sequence(type.components[0], *length, at + 32, depth, path, &out);
      }
      case Type::Kind::kFixedArray:
        if (type.is_dynamic())
          return sequence(type.components[0], type.length, at, depth, path, &out);
        return static_sequence(type, base, at, depth, path, &out);
      case Type::Kind::kTuple:
        if (type.is_dynamic()) return tuple(type.components, at, depth, path, &out);
        return static_sequence(type, base, at, depth, path, &out);
    }
    return tl::unexpected(abi_error(path + ": unknown type"));
  }

  Result<Value> static_sequence(const Type& type, std::size_t base, std::size_t at,
                                std::size_t depth, const std::string& path, Value* out) {
    if (type.kind == Type::Kind::kFixedArray) {
      CUSTOS_TRY(count_elements(type.length, path));
      for (std::size_t i = 0; i < type.length; ++i) {
        auto item = body(type.components[0], base, at + i * type.components[0].head_size(),
                         depth + 1, path + "[" + std::to_string(i) + "]");
        if (!item) return item;
        out->items.push_back(std::move(*item));
      }
      return std::move(*out);
    }
    std::size_t head = at;
    for (std::size_t i = 0; i < type.components.size(); ++i) {
      auto item = body(type.components[i], base, head, depth + 1, path + "." + std::to_string(i));
      if (!item) return item;
      out->items.push_back(std::move(*item));
      head += type.components[i].head_size();
    }
    return std::move(*out);
  }

  // Elements of a dynamic sequence: a new frame starting at `frame`.
  Result<Value> sequence(const Type& element, std::size_t count, std::size_t frame,
                         std::size_t depth, const std::string& path, Value* out) {
    CUSTOS_TRY(count_elements(count, path));
    std::size_t head_size = element.head_size();
    if (frame > data_.size() || count > (data_.size() - frame) / head_size) {
      return tl::unexpected(abi_error(path + ": array length exceeds the data"));
    }
    for (std::size_t i = 0; i < count; ++i) {
      auto item = value(element, frame, frame + i * head_size, depth + 1,
                        path + "[" + std::to_string(i) + "]");
      if (!item) return item;
      out->items.push_back(std::move(*item));
    }
    return std::move(*out);
  }

  Result<Value> tuple(const std::vector<Type>& members, std::size_t frame, std::size_t depth,
                      const std::string& path, Value* out) {
    std::size_t head = frame;
    for (std::size_t i = 0; i < members.size(); ++i) {
      auto item = value(members[i], frame, head, depth + 1, path + "." + std::to_string(i));
      if (!item) return item;
      out->items.push_back(std::move(*item));
      head += members[i].head_size();
    }
    return std::move(*out);
  }

  Result<void> count_elements(std::size_t count, const std::string& path) {
    if (count > options_.max_elements - elements_) {
      return tl::unexpected(abi_error(path + ": too many array elements"));
    }
    elements_ += count;
    return {};
  }

  Result<ByteView> read_word(std::size_t at, const std::string& path) {
    if (at > data_.size() || data_.size() - at < 32) {
      return tl::unexpected(abi_error(path + ": data too short"));
    }
    return data_.subspan(at, 32);
  }

  // A word holding an offset or a length: must fit comfortably in size_t.
  Result<std::size_t> read_size(std::size_t at, const std::string& what) {
    auto word = read_word(at, what);
    if (!word) return tl::unexpected(word.error());
    auto n = *U256::from_be_bytes(*word);
    if (n.bit_length() > 32) return tl::unexpected(abi_error(what + " too large"));
    return static_cast<std::size_t>(n.low_u64());
  }

  ByteView data_;
  const DecodeOptions& options_;
  std::size_t elements_ = 0;
};

void append_word(Bytes& out, const std::array<std::uint8_t, 32>& word) {
  out.insert(out.end(), word.begin(), word.end());
}

void append_padded(Bytes& out, ByteView bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
  out.resize(out.size() + (32 - bytes.size() % 32) % 32, 0);
}

Result<Bytes> encode_tuple(const std::vector<Type>& types, const std::vector<Value>& values);

Result<Bytes> encode_value(const Type& type, const Value& value) {
  Bytes out;
  auto mismatch = [&] {
    return tl::unexpected(abi_error("value does not match " + type.to_string()));
  };
  switch (type.kind) {
    case Type::Kind::kUint:
      if (value.kind != type.kind || value.number.bit_length() > type.size) return mismatch();
      append_word(out, value.number.to_word());
      return out;
    case Type::Kind::kInt:
      if (value.kind != type.kind) return mismatch();
      append_word(out, value.number.to_word());
      return out;
    case Type::Kind::kAddress:
      if (value.kind != type.kind) return mismatch();
      append_word(out, value.address.to_word());
      return out;
    case Type::Kind::kBool:
      if (value.kind != type.kind) return mismatch();
      append_word(out, U256(value.boolean ? 1 : 0).to_word());
      return out;
    case Type::Kind::kFixedBytes:
      if (value.kind != type.kind || value.bytes.size() != static_cast<std::size_t>(type.size)) {
        return mismatch();
      }
      append_padded(out, value.bytes);
      return out;
    case Type::Kind::kBytes:
    case Type::Kind::kString:
      if (value.kind != type.kind) return mismatch();
      append_word(out, U256(value.bytes.size()).to_word());
      append_padded(out, value.bytes);
      return out;
    case Type::Kind::kArray:
    case Type::Kind::kFixedArray: {
      if (value.kind != type.kind) return mismatch();
      if (type.kind == Type::Kind::kFixedArray && value.items.size() != type.length)
        return mismatch();
      if (type.kind == Type::Kind::kArray) append_word(out, U256(value.items.size()).to_word());
      std::vector<Type> types(value.items.size(), type.components[0]);
      auto body = encode_tuple(types, value.items);
      if (!body) return body;
      out.insert(out.end(), body->begin(), body->end());
      return out;
    }
    case Type::Kind::kTuple:
      if (value.kind != type.kind) return mismatch();
      return encode_tuple(type.components, value.items);
  }
  return mismatch();
}

Result<Bytes> encode_tuple(const std::vector<Type>& types, const std::vector<Value>& values) {
  if (types.size() != values.size()) return tl::unexpected(abi_error("value count mismatch"));
  std::size_t head_size = 0;
  for (const Type& t : types) head_size += t.head_size();
  Bytes head;
  Bytes tail;
  for (std::size_t i = 0; i < types.size(); ++i) {
    auto encoded = encode_value(types[i], values[i]);
    if (!encoded) return encoded;
    if (types[i].is_dynamic()) {
      append_word(head, U256(head_size + tail.size()).to_word());
      tail.insert(tail.end(), encoded->begin(), encoded->end());
    } else {
      head.insert(head.end(), encoded->begin(), encoded->end());
    }
  }
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

}  // namespace

Result<Type> Type::parse(std::string_view text) { return parse_type(text, 0); }

Result<std::vector<Type>> Type::parse_list(std::string_view text) {
  if (!text.empty() && text.front() == '(') {
    if (text.back() != ')') return fail(abi_error("bad parameter list"));
    text = text.substr(1, text.size() - 2);
  }
  auto parts = split_top_level(text);
  if (!parts) return tl::unexpected(parts.error());
  std::vector<Type> out;
  for (auto part : *parts) {
    auto type = parse(part);
    if (!type) return tl::unexpected(type.error());
    out.push_back(std::move(*type));
  }
  return out;
}

std::string Type::to_string() const {
  switch (kind) {
    case Kind::kUint: return "uint" + std::to_string(size);
    case Kind::kInt: return "int" + std::to_string(size);
    case Kind::kAddress: return "address";
    case Kind::kBool: return "bool";
    case Kind::kFixedBytes: return "bytes" + std::to_string(size);
    case Kind::kBytes: return "bytes";
    case Kind::kString: return "string";
    case Kind::kArray: return components[0].to_string() + "[]";
    case Kind::kFixedArray: return components[0].to_string() + "[" + std::to_string(length) + "]";
    case Kind::kTuple: {
      std::string out = "(";
      for (std::size_t i = 0; i < components.size(); ++i) {
        if (i > 0) out += ",";
        out += components[i].to_string();
      }
      return out + ")";
    }
  }
  return "?";
}

bool Type::is_dynamic() const {
  switch (kind) {
    case Kind::kBytes:
    case Kind::kString:
    case Kind::kArray: return true;
    case Kind::kFixedArray: return components[0].is_dynamic();
    case Kind::kTuple:
      for (const Type& c : components) {
        if (c.is_dynamic()) return true;
      }
      return false;
    default: return false;
  }
}

std::size_t Type::head_size() const {
  if (is_dynamic()) return 32;
  if (kind == Kind::kFixedArray) return length * components[0].head_size();
  if (kind == Kind::kTuple) {
    std::size_t total = 0;
    for (const Type& c : components) total += c.head_size();
    return total;
  }
  return 32;
}

Result<std::vector<Value>> decode(const std::vector<Type>& types, ByteView data,
                                  const DecodeOptions& options) {
  Reader reader(data, options);
  std::vector<Value> out;
  std::size_t head = 0;
  for (std::size_t i = 0; i < types.size(); ++i) {
    auto value = reader.value(types[i], 0, head, 0, "param " + std::to_string(i));
    if (!value) return tl::unexpected(value.error());
    out.push_back(std::move(*value));
    head += types[i].head_size();
  }
  return out;
}

Result<Bytes> encode(const std::vector<Type>& types, const std::vector<Value>& values) {
  return encode_tuple(types, values);
}

}  // namespace custos::evm::abi
