#pragma once
// Go's fmt.Sprintf for the Rego sprintf builtin, independent of the Rego value type.
// OPA passes integers as Go ints (or *big.Int beyond int64), other numbers as float64, strings
// as strings and every other value as its Rego text (a string), so the argument model is
// just those four kinds. Verbs: %v %s %q %x %X %d %b %o %O %c %U %e %E %f %F %g %G %t %T %%,
// flags "+- #0", width and precision (also `*`); bad verbs and missing/extra arguments render
// as Go does ("%!d(string=a)", "%!d(MISSING)", "%!(EXTRA int=1)").

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace custos::rego::go {

struct FmtArg {
  enum class Kind { kInt, kBig, kFloat, kString };
  Kind kind = Kind::kString;
  std::int64_t i = 0;
  double f = 0;
  std::string s;  // kString: the string; kBig: decimal digits with optional '-'

  static FmtArg integer(std::int64_t v) { return FmtArg{Kind::kInt, v, 0, {}}; }
  static FmtArg big(std::string decimal) { return FmtArg{Kind::kBig, 0, 0, std::move(decimal)}; }
  static FmtArg floating(double v) { return FmtArg{Kind::kFloat, 0, v, {}}; }
  static FmtArg string(std::string v) { return FmtArg{Kind::kString, 0, 0, std::move(v)}; }
};

// Formats like Go's fmt.Sprintf(format, args...). Never fails.
std::string sprintf(std::string_view format, const std::vector<FmtArg>& args);

// Go's strconv.Quote (double-quoted, escapes, printable Unicode kept).
std::string quote(std::string_view s);

// Go's %v / strconv.FormatFloat(f, 'g', -1, 64) text of a float.
std::string format_float_shortest(double f);

}  // namespace custos::rego::go
