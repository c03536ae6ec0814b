#include "json/serialize.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <vector>

#include "json/parse.h"

namespace custos::json {
namespace {

void write(std::string& out, const Value& v, const SerializeOptions& opt, int level);

void newline(std::string& out, const SerializeOptions& opt, int level) {
  if (!opt.pretty) return;
  out += '\n';
  out.append(static_cast<std::size_t>(opt.indent * level), ' ');
}

void write(std::string& out, const Value& v, const SerializeOptions& opt, int level) {
  switch (v.type()) {
    case Type::kNull: out += "null"; return;
    case Type::kBool: out += v.as_bool() ? "true" : "false"; return;
    case Type::kNumber: out += v.as_number().text(); return;
    case Type::kString: append_quoted(out, v.as_string()); return;
    case Type::kArray: {
      const auto& a = v.as_array();
      out += '[';
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (i) out += ',';
        newline(out, opt, level + 1);
        write(out, a[i], opt, level + 1);
      }
      if (!a.empty()) newline(out, opt, level);
      out += ']';
      return;
    }
    case Type::kObject: {
      const auto& o = v.as_object();
      out += '{';
      for (std::size_t i = 0; i < o.size(); ++i) {
        if (i) out += ',';
        newline(out, opt, level + 1);
        append_quoted(out, o[i].first);
        out += opt.pretty ? ": " : ":";
        write(out, o[i].second, opt, level + 1);
      }
      if (!o.empty()) newline(out, opt, level);
      out += '}';
      return;
    }
  }
}

// Decodes one code point from valid UTF-8 at s[i], advancing i.
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
  auto b = [&](std::size_t k) {
    return static_cast<std::uint32_t>(static_cast<unsigned char>(s[k]));
  };
  std::uint32_t c = b(i);
  if (c < 0x80) {
    i += 1;
    return c;
  }
  if (c < 0xE0) {
    std::uint32_t cp = ((c & 0x1F) << 6) | (b(i + 1) & 0x3F);
    i += 2;
    return cp;
  }
  if (c < 0xF0) {
    std::uint32_t cp = ((c & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    i += 3;
    return cp;
  }
  std::uint32_t cp =
      ((c & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
  i += 4;
  return cp;
}

// The first UTF-16 code unit of a code point (the high surrogate for supplementary ones).
std::uint32_t first_utf16_unit(std::uint32_t cp) {
  return cp < 0x10000 ? cp : 0xD800 + ((cp - 0x10000) >> 10);
}

Result<void> write_canonical(std::string& out, const Value& v) {
  switch (v.type()) {
    case Type::kNull:
    case Type::kBool:
    case Type::kString: write(out, v, {}, 0); return {};
    case Type::kNumber: {
      double d = v.as_number().to_double();
      CUSTOS_TRY_ASSIGN(std::string text, format_es_number(d));
      out += text;
      return {};
    }
    case Type::kArray: {
      out += '[';
      bool first = true;
      for (const auto& item : v.as_array()) {
        if (!first) out += ',';
        first = false;
        CUSTOS_TRY(write_canonical(out, item));
      }
      out += ']';
      return {};
    }
    case Type::kObject: {
      std::vector<const Member*> members;
      members.reserve(v.as_object().size());
      for (const auto& m : v.as_object()) members.push_back(&m);
      std::sort(members.begin(), members.end(), [](const Member* a, const Member* b) {
        return compare_utf16(a->first, b->first) < 0;
      });
      out += '{';
      bool first = true;
      for (const Member* m : members) {
        if (!first) out += ',';
        first = false;
        append_quoted(out, m->first);
        out += ':';
        CUSTOS_TRY(write_canonical(out, m->second));
      }
      out += '}';
      return {};
    }
  }
  return {};
}

}  // namespace

std::string serialize(const Value& value, const SerializeOptions& options) {
  std::string out;
  write(out, value, options, 0);
  return out;
}

Result<std::string> canonicalize(const Value& value) {
  std::string out;
  CUSTOS_TRY(write_canonical(out, value));
  return out;
}

Result<std::string> canonicalize(std::string_view json_text, const ParseOptions& options) {
  CUSTOS_TRY_ASSIGN(Value v, parse(json_text, options));
  return canonicalize(v);
}

void append_quoted(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

Result<std::string> format_es_number(double value) {
  if (!std::isfinite(value)) {
    return fail(ErrorCode::kJsonType, "number is outside the IEEE-754 double range");
  }
  if (value == 0) return std::string("0");  // also -0
  std::string out;
  if (value < 0) {
    out += '-';
    value = -value;
  }
  // Shortest round-trip digits: "d.ddde±x".
  char buffer[64];
  auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  if (ec != std::errc()) return fail(ErrorCode::kInternal, "number formatting failed");
  std::string_view sci(buffer, static_cast<std::size_t>(end - buffer));
  auto e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out += digits.substr(0, static_cast<std::size_t>(n));
    out += '.';
    out += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

int compare_utf16(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    // ASCII fast path.
    unsigned char ca = static_cast<unsigned char>(a[i]);
    unsigned char cb = static_cast<unsigned char>(b[j]);
    if (ca < 0x80 && cb < 0x80) {
      if (ca != cb) return ca < cb ? -1 : 1;
      ++i;
      ++j;
      continue;
    }
    std::uint32_t pa = next_code_point(a, i);
    std::uint32_t pb = next_code_point(b, j);
    if (pa == pb) continue;
    std::uint32_t ua = first_utf16_unit(pa), ub = first_utf16_unit(pb);
    if (ua != ub) return ua < ub ? -1 : 1;
    // Same high surrogate: the low surrogates order like the code points.
    return pa < pb ? -1 : 1;
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

}  // namespace custos::json
