#pragma once
// Private: lets value.cc / number.cc build Numbers from their parts. Not part of the public API.

#include <boost/multiprecision/cpp_int.hpp>
#include <memory>

#include "rego/value.h"

namespace custos::rego {

struct NumberAccess {
  static Number make_big(const boost::multiprecision::cpp_int& value);  // normalises to int64
  static Number make_float(double value);
  static const void* big(const Number& n);
  static std::shared_ptr<const void> big_ptr(const Number& n);
  static double float_value(const Number& n);
  static Number from_parts(Number::Repr repr, std::int64_t i, double d,
                           std::shared_ptr<const void> big);
};

}  // namespace custos::rego
