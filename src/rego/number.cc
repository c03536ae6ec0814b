// Exact Rego numbers: int64 fast path, Boost.Multiprecision cpp_int beyond, doubles for
// non-integers. Boost stays inside this file (pimpl through Number::big_).

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

constexpr double kTwo63 = 9223372036854775808.0;

const BigInt& big_of(const Number& n) { return *static_cast<const BigInt*>(NumberAccess::big(n)); }

BigInt to_big(const Number& n) {
  if (n.repr() == Number::Repr::kInt) return BigInt(*n.to_int64());
  return big_of(n);
}

}  // namespace

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
  Number n;
  n.repr_ = Number::Repr::kFloat;
  n.float_ = value;
  return n;
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
  std::string_view digits = literal;
  bool integer = !digits.empty();
  std::size_t start = (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) ? 1 : 0;
  if (start == digits.size()) integer = false;
  for (std::size_t i = start; i < digits.size() && integer; ++i) {
    if (digits[i] < '0' || digits[i] > '9') integer = false;
  }
  if (integer) {
    std::int64_t v = 0;
    const char* first = literal.data() + (literal[0] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(first, literal.data() + literal.size(), v);
    if (ec == std::errc() && ptr == literal.data() + literal.size()) return Number(v);
    try {
      return NumberAccess::make_big(BigInt(std::string(first, literal.data() + literal.size())));
    } catch (...) {
      return fail(ErrorCode::kInvalidArgument, "invalid number: " + std::string(literal));
    }
  }
  std::string text(literal);
  char* end = nullptr;
  double d = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || text.empty()) {
    return fail(ErrorCode::kInvalidArgument, "invalid number: " + text);
  }
  // Integral literals written with a fraction/exponent that are too big for a double's exact
  // range but fit as integers (e.g. 1e30): keep them exact when the literal is an exact integer.
  auto n = from_double(d);
  if (!n) return fail(ErrorCode::kInvalidArgument, "number out of range: " + text);
  if (n->repr() == Repr::kFloat && d == std::trunc(d) && std::fabs(d) < 1e77) {
    // Exact big integer from a literal such as 1e30 or 12345678901234567890.0
    auto epos = text.find_first_of("eE");
    std::string mant = text.substr(0, epos);
    long exp = epos == std::string::npos ? 0 : std::strtol(text.c_str() + epos + 1, nullptr, 10);
    auto dot = mant.find('.');
    if (dot != std::string::npos) {
      std::string frac = mant.substr(dot + 1);
      mant = mant.substr(0, dot) + frac;
      exp -= static_cast<long>(frac.size());
    }
    while (exp < 0 && !mant.empty() && mant.back() == '0') {
      mant.pop_back();
      ++exp;
    }
    if (exp >= 0 && exp < 400) {
      try {
        BigInt b(mant[0] == '+' ? mant.substr(1) : mant);
        for (long i = 0; i < exp; ++i) b *= 10;
        return NumberAccess::make_big(b);
      } catch (...) {
      }
    }
  }
  return *n;
}

double Number::to_double() const {
  switch (repr_) {
    case Repr::kInt: return static_cast<double>(int_);
    case Repr::kFloat: return float_;
    case Repr::kBig: return big_of(*this).convert_to<double>();
  }
  return 0;
}

std::string Number::to_string() const {
  switch (repr_) {
    case Repr::kInt: return std::to_string(int_);
    case Repr::kBig: return big_of(*this).str();
    case Repr::kFloat: {
      char buf[64];
      auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, float_);
      std::string s(buf, ptr);
      // JSON needs a digit after "e" sign; to_chars gives "1e+21" which is valid JSON.
      return s;
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
  double x = a.to_double(), y = b.to_double();
  return x < y ? -1 : (x > y ? 1 : 0);
}

std::size_t Number::hash() const {
  if (repr_ == Repr::kInt) return std::hash<std::int64_t>()(int_);
  return std::hash<double>()(to_double());
}

Number Number::add(const Number& o) const {
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    std::int64_t r;
    if (!__builtin_add_overflow(int_, o.int_, &r)) return Number(r);
  }
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) {
    return from_double(to_double() + o.to_double()).value_or(Number(0));
  }
  return NumberAccess::make_big(to_big(*this) + to_big(o));
}

Number Number::sub(const Number& o) const {
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    std::int64_t r;
    if (!__builtin_sub_overflow(int_, o.int_, &r)) return Number(r);
  }
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) {
    return from_double(to_double() - o.to_double()).value_or(Number(0));
  }
  return NumberAccess::make_big(to_big(*this) - to_big(o));
}

Number Number::mul(const Number& o) const {
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    std::int64_t r;
    if (!__builtin_mul_overflow(int_, o.int_, &r)) return Number(r);
  }
  if (repr_ == Repr::kFloat || o.repr_ == Repr::kFloat) {
    return from_double(to_double() * o.to_double()).value_or(Number(0));
  }
  return NumberAccess::make_big(to_big(*this) * to_big(o));
}

std::optional<Number> Number::div(const Number& o) const {
  if (o.repr_ != Repr::kFloat ? (o.repr_ == Repr::kInt && o.int_ == 0) : o.float_ == 0) {
    return std::nullopt;
  }
  if (repr_ == Repr::kInt && o.repr_ == Repr::kInt) {
    if (!(int_ == std::numeric_limits<std::int64_t>::min() && o.int_ == -1) && int_ % o.int_ == 0) {
      return Number(int_ / o.int_);
    }
  } else if (repr_ != Repr::kFloat && o.repr_ != Repr::kFloat) {
    BigInt x = to_big(*this), y = to_big(o);
    if (x % y == 0) return NumberAccess::make_big(x / y);
  }
  return from_double(to_double() / o.to_double());
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
  if (repr_ == Repr::kFloat) return NumberAccess::make_float(-float_);
  return NumberAccess::make_big(-to_big(*this));
}

Number Number::abs() const {
  if (compare(*this, Number(0)) < 0) return neg();
  return *this;
}

Number Number::round() const {
  if (repr_ != Repr::kFloat) return *this;
  return from_double(std::round(float_)).value_or(*this);
}
Number Number::ceil() const {
  if (repr_ != Repr::kFloat) return *this;
  return from_double(std::ceil(float_)).value_or(*this);
}
Number Number::floor() const {
  if (repr_ != Repr::kFloat) return *this;
  return from_double(std::floor(float_)).value_or(*this);
}

}  // namespace custos::rego
