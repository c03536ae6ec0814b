#pragma once
// Private: lets value.cc / number.cc build Numbers from their parts. Not part of the public API.

#include <boost/multiprecision/cpp_int.hpp>
#include <memory>

#include "rego/value.h"

namespace custos::rego {

struct NumberAccess {
  static Number make_big(const boost::multiprecision::cpp_int& value);  // normalises to int64
  // The exact value of a double's shortest round-trip decimal text (0.1 stays 0.1).
  static Number make_float(double value);
  // mant x 10^exp in canonical form (integer when integral); `sticky`: a non-zero remainder was
  // dropped below mant's last digit (for rounding to the kept precision).
  static Number make_decimal(boost::multiprecision::cpp_int mant, long exp, bool sticky);
  static const void* big(const Number& n);
  static std::shared_ptr<const void> big_ptr(const Number& n);
  static double float_value(const Number& n);
  static Number from_parts(Number::Repr repr, std::int64_t i, double d,
                           std::shared_ptr<const void> big);
};

}  // namespace custos::rego
