// Go fmt.Sprintf subset for Rego's sprintf. See go_sprintf.h.

#include "rego/builtins/go_sprintf.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "rego/builtins/util.h"

namespace custos::rego::go {

namespace {

struct Spec {
  bool plus = false, minus = false, sharp = false, zero = false, space = false;
  int width = -1;
  int prec = -1;
};

bool printable(char32_t r) {
  if (r < 0x20 || r == 0x7f) return false;
  if (r >= 0x80 && r < 0xa0) return false;
  if (r == 0xad || r == 0xFFFD + 1) return false;
  if (r >= 0xD800 && r <= 0xDFFF) return false;
  if (r > 0x10FFFF) return false;
  if (r == 0x2028 || r == 0x2029 || (r >= 0x200b && r <= 0x200f) || r == 0xfeff) return false;
  return true;
}

void pad(std::string& out, const std::string& body, const Spec& sp, bool numeric_zero = false) {
  std::size_t len = util::rune_count(body);
  if (sp.width < 0 || len >= static_cast<std::size_t>(sp.width)) {
    out += body;
    return;
  }
  std::size_t n = static_cast<std::size_t>(sp.width) - len;
  if (sp.minus) {
    out += body;
    out.append(n, ' ');
  } else if (sp.zero && numeric_zero) {
    // Zero padding goes after the sign.
    std::size_t sign =
        (!body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) ? 1 : 0;
    out.append(body, 0, sign);
    out.append(n, '0');
    out.append(body, sign, std::string::npos);
  } else if (sp.zero) {
    out.append(n, '0');
    out += body;
  } else {
    out.append(n, ' ');
    out += body;
  }
}

// Digits of |value| (given as decimal text without sign) in `base`.
std::string convert_base(std::string decimal, int base, bool upper) {
  if (base == 10) return decimal;
  // Repeated division of a decimal string (handles big integers).
  std::string out;
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  while (!(decimal.size() == 1 && decimal[0] == '0') && !decimal.empty()) {
    std::string q;
    int rem = 0;
    for (char c : decimal) {
      int cur = rem * 10 + (c - '0');
      int d = cur / base;
      rem = cur % base;
      if (!q.empty() || d != 0) q.push_back(static_cast<char>('0' + d));
    }
    out.push_back(digits[rem]);
    decimal = q.empty() ? "0" : q;
  }
  if (out.empty()) out = "0";
  return std::string(out.rbegin(), out.rend());
}

void fmt_integer(std::string& out, bool neg, const std::string& abs_decimal, char verb,
                 const Spec& sp) {
  int base = 10;
  bool upper = false;
  std::string prefix;
  switch (verb) {
    case 'b': base = 2; break;
    case 'o':
      base = 8;
      if (sp.sharp) prefix = "0";
      break;
    case 'O':
      base = 8;
      prefix = "0o";
      break;
    case 'x':
      base = 16;
      if (sp.sharp) prefix = "0x";
      break;
    case 'X':
      base = 16;
      upper = true;
      if (sp.sharp) prefix = "0X";
      break;
    default: break;
  }
  std::string digits = convert_base(abs_decimal, base, upper);
  if (sp.prec >= 0) {
    if (sp.prec == 0 && digits == "0") digits.clear();
    if (digits.size() < static_cast<std::size_t>(sp.prec)) {
      digits.insert(0, static_cast<std::size_t>(sp.prec) - digits.size(), '0');
    }
  }
  if (prefix == "0" && !digits.empty() && digits[0] == '0') prefix.clear();
  std::string body = neg ? "-" : (sp.plus ? "+" : (sp.space ? " " : ""));
  body += prefix + digits;
  Spec s = sp;
  if (sp.prec >= 0) s.zero = false;
  pad(out, body, s, true);
}

std::string shortest_digits(double f, int& exp10) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
  std::string s(buf, res.ptr);
  std::size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  exp10 = std::stoi(s.substr(e + 1));
  std::string digits;
  for (char c : mant) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

std::string exp_suffix(int exp, char e) {
  std::string out(1, e);
  out.push_back(exp < 0 ? '-' : '+');
  int a = exp < 0 ? -exp : exp;
  if (a < 10) out.push_back('0');
  out += std::to_string(a);
  return out;
}

}  // namespace

std::string format_float_shortest(double f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "+Inf" : "-Inf";
  if (f == 0) return std::signbit(f) ? "-0" : "0";
  std::string out = f < 0 ? "-" : "";
  int exp = 0;
  std::string d = shortest_digits(std::fabs(f), exp);
  if (exp < -4 || exp >= 6) {
    out += d.substr(0, 1);
    if (d.size() > 1) out += "." + d.substr(1);
    out += exp_suffix(exp, 'e');
    return out;
  }
  int dp = exp + 1;  // digits before the decimal point
  if (dp <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-dp), '0') + d;
  } else if (static_cast<std::size_t>(dp) >= d.size()) {
    out += d + std::string(static_cast<std::size_t>(dp) - d.size(), '0');
  } else {
    out += d.substr(0, static_cast<std::size_t>(dp)) + "." + d.substr(static_cast<std::size_t>(dp));
  }
  return out;
}

std::string quote(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  auto rs = util::runes(s);
  std::size_t byte = 0;
  for (char32_t r : rs) {
    // Invalid bytes decode to U+FFFD; Go prints them as \x escapes.
    bool invalid = r == 0xFFFD && !(byte + 2 < s.size() && s.substr(byte, 3) == "\xEF\xBF\xBD");
    std::string enc;
    util::append_utf8(enc, r);
    if (invalid) {
      auto b = static_cast<unsigned char>(s[byte]);
      out += "\\x";
      out.push_back(kHex[b >> 4]);
      out.push_back(kHex[b & 15]);
      byte += 1;
      continue;
    }
    byte += enc.size();
    switch (r) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\a': out += "\\a"; continue;
      case '\b': out += "\\b"; continue;
      case '\f': out += "\\f"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      case '\v': out += "\\v"; continue;
      default: break;
    }
    if (printable(r)) {
      out += enc;
    } else if (r < 0x80) {
      out += "\\x";
      out.push_back(kHex[r >> 4]);
      out.push_back(kHex[r & 15]);
    } else if (r < 0x10000) {
      char buf[16];  // sized for any unsigned value, so -O2's truncation analysis is satisfied
      std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(r));
      out += buf;
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(r));
      out += buf;
    }
  }
  out.push_back('"');
  return out;
}

namespace {

std::string type_of(const FmtArg& a) {
  switch (a.kind) {
    case FmtArg::Kind::kInt: return "int";
    case FmtArg::Kind::kBig: return "*big.Int";
    case FmtArg::Kind::kFloat: return "float64";
    default: return "string";
  }
}

std::string plain(const FmtArg& a) {
  switch (a.kind) {
    case FmtArg::Kind::kInt: return std::to_string(a.i);
    case FmtArg::Kind::kBig: return a.s;
    case FmtArg::Kind::kFloat: return format_float_shortest(a.f);
    default: return a.s;
  }
}

void bad_verb(std::string& out, char verb, const FmtArg& a) {
  out += "%!";
  out.push_back(verb);
  out += "(" + type_of(a) + "=" + plain(a) + ")";
}

void fmt_float(std::string& out, double f, char verb, const Spec& sp) {
  std::string body;
  if (std::isnan(f) || std::isinf(f)) {
    body = std::isnan(f) ? "NaN" : (f > 0 ? (sp.plus ? "+Inf" : "Inf") : "-Inf");
    Spec s = sp;
    s.zero = false;
    pad(out, body, s);
    return;
  }
  if ((verb == 'v' || verb == 'g' || verb == 'G') && sp.prec < 0) {
    body = format_float_shortest(f);
    if (verb == 'G') {
      for (auto& c : body) {
        if (c == 'e') c = 'E';
      }
    }
  } else {
    char fmtbuf[16];
    char conv = verb == 'v' ? 'g' : (verb == 'F' ? 'f' : verb);
    std::snprintf(fmtbuf, sizeof fmtbuf, "%%.%d%c", sp.prec < 0 ? 6 : sp.prec, conv);
    // Precision reaches 1e7 (and %f of 1e308 has 309 digits): size the buffer to fit.
    int n = std::snprintf(nullptr, 0, fmtbuf, f);
    body.assign(static_cast<std::size_t>(n < 0 ? 0 : n) + 1, '\0');
    std::snprintf(body.data(), body.size(), fmtbuf, f);
    body.pop_back();
  }
  if (body[0] != '-') {
    if (sp.plus) {
      body.insert(body.begin(), '+');
    } else if (sp.space) {
      body.insert(body.begin(), ' ');
    }
  }
  pad(out, body, sp, true);
}

void fmt_string(std::string& out, const std::string& s, char verb, const Spec& sp) {
  std::string body = s;
  if (sp.prec >= 0) {
    auto rs = util::runes(s);
    if (rs.size() > static_cast<std::size_t>(sp.prec)) {
      body = util::to_utf8(rs, 0, static_cast<std::size_t>(sp.prec));
    }
  }
  if (verb == 'q') {
    body = quote(body);
  } else if (verb == 'x' || verb == 'X') {
    const char* hex = verb == 'x' ? "0123456789abcdef" : "0123456789ABCDEF";
    std::string h;
    for (std::size_t i = 0; i < body.size(); ++i) {
      if (sp.space && i > 0) h.push_back(' ');
      if (sp.sharp && (sp.space || i == 0)) h += verb == 'x' ? "0x" : "0X";
      auto b = static_cast<unsigned char>(body[i]);
      h.push_back(hex[b >> 4]);
      h.push_back(hex[b & 15]);
    }
    body = h;
  }
  pad(out, body, sp);
}

}  // namespace

std::string sprintf(std::string_view format, const std::vector<FmtArg>& args) {
  std::string out;
  std::size_t argi = 0;
  std::size_t i = 0;
  while (i < format.size()) {
    char c = format[i];
    if (c != '%') {
      out.push_back(c);
      ++i;
      continue;
    }
    ++i;
    Spec sp;
    for (; i < format.size(); ++i) {
      char f = format[i];
      if (f == '+')
        sp.plus = true;
      else if (f == '-')
        sp.minus = true;
      else if (f == '#')
        sp.sharp = true;
      else if (f == '0')
        sp.zero = !sp.minus;
      else if (f == ' ')
        sp.space = true;
      else
        break;
    }
    // Go's fmt limits widths and precisions to about 1e7 (its tooLarge: a number above 1e6
    // may take one more digit). A literal beyond that ends the directive (%!(NOVERB)); an
    // argument beyond it, or not an integer, is %!(BADWIDTH) / %!(BADPREC).
    constexpr std::int64_t kTooLarge = 1'000'000;
    // `*`: the next argument. Returns false (and consumes it) when it is unusable.
    auto star_arg = [&](int& target) {
      ++i;
      bool ok = argi < args.size() && args[argi].kind == FmtArg::Kind::kInt &&
                args[argi].i <= kTooLarge && args[argi].i >= -kTooLarge;
      if (ok) target = static_cast<int>(args[argi].i);
      if (argi < args.size()) ++argi;
      return ok;
    };
    // Digits: the number, or nullopt when none (or too many) were read.
    auto literal = [&]() -> std::optional<int> {
      std::int64_t v = 0;
      bool any = false;
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
        if (v > kTooLarge) {
          i = format.size();  // Go: "crazy long number", the directive ends here
          return std::nullopt;
        }
        v = v * 10 + (format[i] - '0');
        ++i;
        any = true;
      }
      if (!any) return std::nullopt;
      return static_cast<int>(v);
    };
    if (i < format.size() && format[i] == '*') {
      int w = 0;
      if (!star_arg(w)) {
        out += "%!(BADWIDTH)";
      } else if (w < 0) {
        sp.minus = true;
        sp.width = -w;
      } else {
        sp.width = w;
      }
    } else if (auto w = literal()) {
      sp.width = *w;
    }
    if (i + 1 < format.size() && format[i] == '.') {
      ++i;
      if (format[i] == '*') {
        int p = 0;
        if (!star_arg(p) || p < 0) {
          out += "%!(BADPREC)";
        } else {
          sp.prec = p;
        }
      } else {
        sp.prec = literal().value_or(0);
      }
    }
    if (sp.minus) sp.zero = false;
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    char verb = format[i++];
    if (verb == '%') {
      out.push_back('%');
      continue;
    }
    if (argi >= args.size()) {
      out += "%!";
      out.push_back(verb);
      out += "(MISSING)";
      continue;
    }
    const FmtArg& a = args[argi++];
    if (verb == 'T') {
      pad(out, type_of(a), sp);
      continue;
    }
    switch (a.kind) {
      case FmtArg::Kind::kInt:
      case FmtArg::Kind::kBig: {
        bool neg = a.kind == FmtArg::Kind::kInt ? a.i < 0 : (!a.s.empty() && a.s[0] == '-');
        std::string abs_dec;
        if (a.kind == FmtArg::Kind::kInt) {
          std::uint64_t u =
              neg ? 0 - static_cast<std::uint64_t>(a.i) : static_cast<std::uint64_t>(a.i);
          abs_dec = std::to_string(u);
        } else {
          abs_dec = neg ? a.s.substr(1) : a.s;
        }
        if (std::string_view("vdboOxX").find(verb) != std::string_view::npos) {
          fmt_integer(out, neg, abs_dec, verb == 'v' ? 'd' : verb, sp);
        } else if (a.kind == FmtArg::Kind::kBig && verb == 's') {
          fmt_integer(out, neg, abs_dec, 'd', sp);
        } else if (a.kind == FmtArg::Kind::kInt && (verb == 'c' || verb == 'q' || verb == 'U')) {
          auto r = static_cast<char32_t>(a.i < 0 || a.i > 0x10FFFF ? 0xFFFD : a.i);
          std::string enc;
          util::append_utf8(enc, r);
          if (verb == 'c') {
            pad(out, enc, sp);
          } else if (verb == 'q') {
            std::string q = quote(enc);
            q.front() = '\'';
            q.back() = '\'';
            pad(out, q, sp);
          } else {
            char buf[16];
            std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(a.i));
            pad(out, buf, sp);
          }
        } else if (std::string_view("eEfFgG").find(verb) != std::string_view::npos) {
          bad_verb(out, verb, a);
        } else {
          bad_verb(out, verb, a);
        }
        break;
      }
      case FmtArg::Kind::kFloat:
        if (std::string_view("veEfFgG").find(verb) != std::string_view::npos) {
          fmt_float(out, a.f, verb, sp);
        } else {
          bad_verb(out, verb, a);
        }
        break;
      case FmtArg::Kind::kString:
        if (std::string_view("vsqxX").find(verb) != std::string_view::npos) {
          fmt_string(out, a.s, verb == 'v' ? 's' : verb, sp);
        } else {
          bad_verb(out, verb, a);
        }
        break;
    }
  }
  if (argi < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = argi; k < args.size(); ++k) {
      if (k > argi) out += ", ";
      out += type_of(args[k]) + "=" + plain(args[k]);
    }
    out += ")";
  }
  return out;
}

}  // namespace custos::rego::go
