// Exact Rego numbers: int64 fast path, Boost.Multiprecision cpp_int beyond, and exact decimals
// (mantissa x 10^exponent) for everything else. Boost stays inside this file (pimpl through
// Number::big_: a BigInt for kBig, a Decimal for kFloat). Each kFloat also caches its nearest
// double for builtins that work in binary floating point.

#include <boost/multiprecision/cpp_int.hpp>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <functional>

#include "rego/number_access.h"
#include "rego/value.h"

namespace custos::rego {

using BigInt = boost::multiprecision::cpp_int;

namespace {

// A non-integral decimal value mant x 10^exp: exp < 0 and mant not divisible by 10 (so equal
// values have one representation), at most kMaxDecimalDigits significant digits.
struct Decimal {
  BigInt mant;
  long exp;
};

constexpr double kTwo63 = 9223372036854775808.0;
// Significant digits kept for a decimal result that is not exact (division) or too long.
constexpr std::size_t kMaxDecimalDigits = 100;
constexpr std::size_t kDivisionDigits = 34;  // IEEE 754 decimal128 precision
// Literals: integral values up to this many digits, exponents within this magnitude.
constexpr long kMaxLiteralDigits = 1000;
constexpr long kMaxExponent = 100000;

const BigInt& big_of(const Number& n) { return *static_cast<const BigInt*>(NumberAccess::big(n)); }
const Decimal& dec_of(const Number& n) {
  return *static_cast<const Decimal*>(NumberAccess::big(n));
}

BigInt to_big(const Number& n) {
  if (n.repr() == Number::Repr::kInt) return BigInt(*n.to_int64());
  return big_of(n);
}

BigInt pow10(long n) {
  BigInt r = 1;
  BigInt base = 10;
  for (unsigned long e = static_cast<unsigned long>(n); e != 0; e >>= 1) {
    if (e & 1U) r *= base;
    if (e > 1) base *= base;
  }
  return r;
}

std::size_t digit_count(const BigInt& v) {
  if (v == 0) return 1;
  std::string s = v.str();
  return s.size() - (s[0] == '-' ? 1 : 0);
}

// Any number as mant x 10^exp (exp <= 0).
Decimal parts_of(const Number& n) {
  switch (n.repr()) {
    case Number::Repr::kInt: return {BigInt(*n.to_int64()), 0};
    case Number::Repr::kBig: return {big_of(n), 0};
    case Number::Repr::kFloat: return dec_of(n);
  }
  return {0, 0};
}

// Rounds |mant| to `digits` significant digits, half to even; `sticky` says a non-zero
// remainder was already dropped below mant's last digit.
void round_to_digits(Decimal& d, std::size_t digits, bool sticky) {
  std::size_t have = digit_count(d.mant);
  if (have <= digits) return;  // nothing dropped: a sticky remainder alone changes no digit
  long drop = static_cast<long>(have - digits);
  BigInt unit = pow10(drop);
  bool negative = d.mant < 0;
  BigInt m = negative ? BigInt(-d.mant) : d.mant;
  BigInt q = m / unit;
  BigInt r = m % unit;
  BigInt twice = r * 2;
  if (twice > unit || (twice == unit && (sticky || (q % 2) != 0))) ++q;
  d.mant = negative ? BigInt(-q) : q;
  d.exp += drop;
}

double nearest_double(const std::string& text) { return std::strtod(text.c_str(), nullptr); }

}  // namespace

// Canonical Number for mant x 10^exp: an integer when the value is integral, else a Decimal.
Number NumberAccess::make_decimal(BigInt mant, long exp, bool sticky) {
  if (mant == 0) return Number(0);
  Decimal d{std::move(mant), exp};
  round_to_digits(d, kMaxDecimalDigits, sticky);
  while (d.exp < 0 && d.mant % 10 == 0) {
    d.mant /= 10;
    ++d.exp;
  }
  if (d.exp >= 0) return make_big(d.exp == 0 ? d.mant : d.mant * pow10(d.exp));
  Number n;
  n.repr_ = Number::Repr::kFloat;
  auto shared = std::make_shared<const Decimal>(std::move(d));
  n.big_ = shared;
  n.float_ = nearest_double(n.to_string());
  return n;
}

Number NumberAccess::make_big(const BigInt& value) {
  Number n;
  if (value >= std::numeric_limits<std::int64_t>::min() &&
      value <= std::numeric_limits<std::int64_t>::max()) {
    n.int_ = static_cast<std::int64_t>(value);
    return n;
  }
  n.repr_ = Number::Repr::kBig;
  n.big_ = std::make_shared<const BigInt>(value);
  return n;
}

Number NumberAccess::make_float(double value) {
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, value);
  auto n = Number::parse(std::string_view(buf, static_cast<std::size_t>(ptr - buf)));
  return n ? *n : Number(0);
}

const void* NumberAccess::big(const Number& n) { return n.big_.get(); }
std::shared_ptr<const void> NumberAccess::big_ptr(const Number& n) { return n.big_; }
Number NumberAccess::from_parts(Number::Repr repr, std::int64_t i, double d,
                                std::shared_ptr<const void> big) {
  Number n;
  n.repr_ = repr;
  if (repr == Number::Repr::kFloat) {
    n.float_ = d;
  } else {
    n.int_ = i;
  }
  n.big_ = std::move(big);
  return n;
}
double NumberAccess::float_value(const Number& n) { return n.float_; }

Number Number::from_uint64(std::uint64_t value) {
  if (value <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Number(static_cast<std::int64_t>(value));
  }
  return NumberAccess::make_big(BigInt(value));
}

std::optional<Number> Number::from_double(double value) {
  if (!std::isfinite(value)) return std::nullopt;
  if (value == std::trunc(value) && value > -kTwo63 && value < kTwo63) {
    return Number(static_cast<std::int64_t>(value));
  }
  if (value == 0) return Number(0);
  return NumberAccess::make_float(value);
}

Result<Number> Number::parse(std::string_view literal) {
  auto invalid = [&] {
    return fail(ErrorCode::kInvalidArgument, "invalid number: " + std::string(literal));
  };
  if (literal.empty()) return invalid();
  std::size_t i = 0;
  bool negative = false;
  if (literal[0] == '-' || literal[0] == '+') {
    negative = literal[0] == '-';
    i = 1;
  }
  std::string digits;
  long exp = 0;
  bool any_digit = false;
  for (; i < literal.size() && literal[i] >= '0' && literal[i] <= '9'; ++i, any_digit = true) {
    digits += literal[i];
  }
  bool integer = i == literal.size();
  if (integer && any_digit) {
    std::int64_t v = 0;
    const char* first = literal.data() + (literal[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(first, literal.data() + literal.size(), v);
    if (ec == std::errc() && ptr == literal.data() + literal.size()) return Number(v);
    // cpp_int reads a leading 0 as an octal prefix: strip zeros so the text is always decimal
    // (found by fuzz_rego_json: "0000…9305…" threw).
    std::size_t nonzero = digits.find_first_not_of('0');
    if (nonzero == std::string::npos) return Number(0);
    BigInt b(digits.substr(nonzero));
    return NumberAccess::make_big(negative ? BigInt(-b) : b);
  }
  if (i < literal.size() && literal[i] == '.') {
    for (++i; i < literal.size() && literal[i] >= '0' && literal[i] <= '9'; ++i) {
      digits += literal[i];
      --exp;
      any_digit = true;
    }
  }
  if (!any_digit) return invalid();
  if (i < literal.size() && (literal[i] == 'e' || literal[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) {
      exp_negative = literal[i] == '-';
      ++i;
    }
    if (i == literal.size()) return invalid();
    long e = 0;
    for (; i < literal.size() && literal[i] >= '0' && literal[i] <= '9'; ++i) {
      e = std::min(e * 10 + (literal[i] - '0'), 10 * kMaxExponent);
    }
    exp += exp_negative ? -e : e;
  }
  if (i != literal.size()) return invalid();
  std::size_t lead = digits.find_first_not_of('0');
  if (lead == std::string::npos) return Number(0);
  digits.erase(0, lead);
  // Magnitude bounds: the adjusted exponent (position of the leading digit) must stay within
  // kMaxExponent, and an integral value within kMaxLiteralDigits digits.
  long adjusted = static_cast<long>(digits.size()) + exp - 1;
  if (adjusted > kMaxLiteralDigits || adjusted < -kMaxExponent ||
      static_cast<long>(digits.size()) > kMaxExponent) {
    return fail(ErrorCode::kInvalidArgument, "number out of range: " + std::string(literal));
  }
  BigInt mant(digits);
  return NumberAccess::make_decimal(negative ? BigInt(-mant) : mant, exp, false);
}

double Number::to_double() const {
  switch (repr_) {
    case Repr::kInt: return static_cast<double>(int_);
    case Repr::kFloat: return float_;
    case Repr::kBig: {
      const BigInt& b = big_of(*this);
      // Near or beyond double's range Boost's conversion throws (float_next of infinity):
      // round through the decimal text instead, which saturates to +-infinity as strtod does.
      if (b != 0 && boost::multiprecision::msb(boost::multiprecision::abs(b)) >= 1000) {
        return nearest_double(b.str());
      }
      return b.convert_to<double>();
    }
  }
  return 0;
}

std::string Number::to_string() const {
  switch (repr_) {
    case Repr::kInt: return std::to_string(int_);
    case Repr::kBig: return big_of(*this).str();
    case Repr::kFloat: {
      // Plain decimal notation, except tiny magnitudes (leading digit beyond the 7th place
      // after the point) which use JSON's exponent form: 1.5e-10.
      const Decimal& d = dec_of(*this);
      std::string digits = d.mant.str();
      std::string sign;
      if (digits[0] == '-') {
        sign = "-";
        digits.erase(0, 1);
      }
      long n = static_cast<long>(digits.size());
      long adjusted = n + d.exp - 1;
      if (adjusted >= 0) {
        return sign + digits.substr(0, static_cast<std::size_t>(adjusted + 1)) + "." +
               digits.substr(static_cast<std::size_t>(adjusted + 1));
      }
      if (adjusted >= -7) {
        return sign + "0." + std::string(static_cast<std::size_t>(-adjusted - 1), '0') + digits;
      }
      std::string out = sign + digits.substr(0, 1);
      if (n > 1) out += "." + digits.substr(1);
      return out + "e-" + std::to_string(-adjusted);
    }
  }
  return "0";
}

int Number::compare(const Number& a, const Number& b) {
  if (a.repr_ == Repr::kInt && b.repr_ == Repr::kInt) {
    return a.int_ < b.int_ ? -1 : (a.int_ > b.int_ ? 1 : 0);
  }
  if (a.repr_ != Repr::kFloat && b.repr_ != Repr::kFloat) {
    BigInt x = to_big(a), y = to_big(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  Decimal x = parts_of(a), y = parts_of(b);
  int sx = x.mant < 0 ? -1 : (x.mant > 0 ? 1 : 0);
  int sy = y.mant < 0 ? -1 : (y.mant > 0 ? 1 : 0);
  if (sx != sy) return sx < sy ? -1 : 1;
  if (sx == 0) return 0;
  // Same sign: compare the leading digit's position first, so exponents far apart never
  // need aligning.
  long ax = static_cast<long>(digit_count(x.mant)) + x.exp;
  long ay = static_cast<long>(digit_count(y.mant)) + y.exp;
  if (ax != ay) return (ax < ay ? -1 : 1) * sx;
  long e = std::min(x.exp, y.exp);
  BigInt mx = x.mant * pow10(x.exp - e), my = y.mant * pow10(y.exp - e);
  return mx < my ? -1 : (mx > my ? 1 : 0);
}

std::size_t Number::hash() const {
  if (repr_ == Repr::kInt) return std::hash<std::int64_t>()(int_);
  return std::hash<double>()(to_double());
}

namespace {

// a + b for decimals, exact unless the operands' exponents are so far apart that the smaller
// one lies below the kept precision of the result.
Number add_decimal(const Decimal& a, const Decimal& b) {
  long ea = static_cast<long>(digit_count(a.mant)) + a.exp;
  long eb = static_cast<long>(digit_count(b.mant)) + b.exp;
  long span = std::max(ea, eb) - std::min(a.exp, b.exp);
  if (span > static_cast<long>(2 * kMaxDecimalDigits) + 2 * kMaxLiteralDigits) {
    const Decimal& big = ea >= eb ? a : b;
    return NumberAccess::make_decimal(big.mant, big.exp, true);
  }
  long e = std::min(a.exp, b.exp);
  return NumberAccess::make_decimal(a.mant * pow10(a.exp - e) + b.mant * pow10(b.exp - e), e,
                                    false);
}

}  // namespace

Number Number::add(const Number& o) const {
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    std::int64_t r;
    if (!__builtin_add_overflow(int_, o.int_, &r)) return Number(r);
  }
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) {
    return add_decimal(parts_of(*this), parts_of(o));
  }
  return NumberAccess::make_big(to_big(*this) + to_big(o));
}

Number Number::sub(const Number& o) const { return add(o.neg()); }

Number Number::mul(const Number& o) const {
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    std::int64_t r;
    if (!__builtin_mul_overflow(int_, o.int_, &r)) return Number(r);
  }
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) {
    Decimal x = parts_of(*this), y = parts_of(o);
    return NumberAccess::make_decimal(x.mant * y.mant, x.exp + y.exp, false);
  }
  return NumberAccess::make_big(to_big(*this) * to_big(o));
}

std::optional<Number> Number::div(const Number& o) const {
  if (o.repr_ == Repr::kInt && o.int_ == 0) return std::nullopt;
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    if (!(int_ == std::numeric_limits<std::int64_t>::min() && o.int_ == -1) && int_ % o.int_ == 0) {
      return Number(int_ / o.int_);
    }
  }
  // Exact when the quotient is a terminating decimal of at most kDivisionDigits significant
  // digits (13 / 4 = 3.25); otherwise rounded half to even to kDivisionDigits digits.
  Decimal x = parts_of(*this), y = parts_of(o);
  if (x.mant == 0) return Number(0);
  bool negative = (x.mant < 0) != (y.mant < 0);
  BigInt mx = x.mant < 0 ? BigInt(-x.mant) : x.mant;
  BigInt my = y.mant < 0 ? BigInt(-y.mant) : y.mant;
  long dx = static_cast<long>(digit_count(mx)), dy = static_cast<long>(digit_count(my));
  long scale = std::max(0L, static_cast<long>(kDivisionDigits) + 1 + dy - dx);
  BigInt q = mx * pow10(scale) / my;
  bool sticky = (mx * pow10(scale)) % my != 0;
  Decimal d{negative ? BigInt(-q) : q, x.exp - y.exp - scale};
  round_to_digits(d, sticky ? kDivisionDigits : kMaxDecimalDigits, sticky);
  return NumberAccess::make_decimal(std::move(d.mant), d.exp, false);
}

std::optional<Number> Number::rem(const Number& o) const {
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) return std::nullopt;
  if (o.repr_ == Repr::kInt && o.int_ == 0) return std::nullopt;
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    if (o.int_ == -1) return Number(0);
    return Number(int_ % o.int_);
  }
  return NumberAccess::make_big(to_big(*this) % to_big(o));
}

Number Number::neg() const {
  if (repr_ == Repr::kInt && int_ != std::numeric_limits<std::int64_t>::min()) return Number(-int_);
  if (repr_ == Repr::kFloat) {
    const Decimal& d = dec_of(*this);
    return NumberAccess::make_decimal(-d.mant, d.exp, false);
  }
  return NumberAccess::make_big(-to_big(*this));
}

Number Number::abs() const {
  if (compare(*this, Number(0)) < 0) return neg();
  return *this;
}

namespace {

// Integer part of a decimal (toward zero) and whether the dropped fraction is non-zero,
// at least one half, or more than one half.
struct Split {
  BigInt whole;
  int sign;  // of the fraction: -1, 0, 1
  int half;  // |fraction| compared with 1/2: -1, 0, 1
};

Split split(const Decimal& d) {
  BigInt unit = pow10(-d.exp);
  Split s{d.mant / unit, 0, 0};
  BigInt r = d.mant % unit;
  s.sign = r < 0 ? -1 : (r > 0 ? 1 : 0);
  BigInt twice = (r < 0 ? BigInt(-r) : r) * 2;
  s.half = twice < unit ? -1 : (twice > unit ? 1 : 0);
  return s;
}

}  // namespace

Number Number::round() const {
  if (repr_ != Repr::kFloat) return *this;
  Split s = split(dec_of(*this));
  if (s.half >= 0) s.whole += s.sign;  // half away from zero
  return NumberAccess::make_big(s.whole);
}
Number Number::ceil() const {
  if (repr_ != Repr::kFloat) return *this;
  Split s = split(dec_of(*this));
  if (s.sign > 0) s.whole += 1;
  return NumberAccess::make_big(s.whole);
}
Number Number::floor() const {
  if (repr_ != Repr::kFloat) return *this;
  Split s = split(dec_of(*this));
  if (s.sign < 0) s.whole -= 1;
  return NumberAccess::make_big(s.whole);
}

}  // namespace custos::rego
