// Internal helpers of the builtin families. See util.h.

#include "rego/builtins/util.h"

namespace custos::rego::util {

Error type_error(const BuiltinContext& ctx, int n, std::initializer_list<std::string_view> want,
                 const Value& got) {
  std::string msg = std::string(ctx.name) + ": operand " + std::to_string(n) + " must be ";
  if (want.size() == 1) {
    msg += *want.begin();
  } else {
    msg += "one of {";
    bool first = true;
    for (auto w : want) {
      if (!first) msg += ", ";
      first = false;
      msg += w;
    }
    msg += "}";
  }
  msg += " but got ";
  msg += got.type_name();
  return Error(ErrorCode::kEvalType, std::move(msg));
}

Error element_error(const BuiltinContext& ctx, int n, const Value& composite, std::string_view want,
                    const Value& got) {
  std::string tpe(composite.type_name());
  return Error(ErrorCode::kEvalType, std::string(ctx.name) + ": operand " + std::to_string(n) +
                                         " must be " + tpe + " of " + std::string(want) +
                                         "s but got " + tpe + " containing " +
                                         std::string(got.type_name()));
}

Error operand_error(const BuiltinContext& ctx, int n, std::string_view message) {
  return Error(ErrorCode::kEvalBuiltin, std::string(ctx.name) + ": operand " + std::to_string(n) +
                                            " " + std::string(message));
}

std::vector<char32_t> runes(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    int len = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      out.push_back(c);
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    }
    bool ok = len > 0 && i + static_cast<std::size_t>(len) <= s.size();
    for (int k = 1; ok && k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (ok) {
      static constexpr char32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) ok = false;
    }
    if (!ok) {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(len);
  }
  return out;
}

std::string to_utf8(const std::vector<char32_t>& rs, std::size_t begin, std::size_t end) {
  std::string out;
  for (std::size_t i = begin; i < end && i < rs.size(); ++i) append_utf8(out, rs[i]);
  return out;
}

std::size_t rune_count(std::string_view s) { return runes(s).size(); }

std::span<const Value> elements(const Value& v) {
  if (v.is_array()) return v.as_array();
  if (v.is_set()) return v.as_set();
  return {};
}

Result<Number> arg_integer(const BuiltinContext& ctx, std::span<const Value> args, int n) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  if (!v.is_number()) return err(operand_type_error(ctx, n, "number", v));
  Number num = v.as_number();
  if (!num.is_integer()) {
    return err(
        Error(ErrorCode::kEvalType, std::string(ctx.name) + ": operand " + std::to_string(n) +
                                        " must be integer number but got floating-point number"));
  }
  return num;
}

Result<std::vector<std::string_view>> string_elements(const BuiltinContext& ctx,
                                                      std::span<const Value> args, int n,
                                                      bool allow_string) {
  const Value& v = args[static_cast<std::size_t>(n - 1)];
  std::vector<std::string_view> out;
  if (allow_string && v.is_string()) {
    out.push_back(v.as_string());
    return out;
  }
  if (!v.is_array() && !v.is_set()) {
    if (allow_string) return err(type_error(ctx, n, {"string", "set", "array"}, v));
    return err(type_error(ctx, n, {"set", "array"}, v));
  }
  for (const auto& e : elements(v)) {
    if (!e.is_string()) return err(element_error(ctx, n, v, "string", e));
    out.push_back(e.as_string());
  }
  return out;
}

}  // namespace custos::rego::util
