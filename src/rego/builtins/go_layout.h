#pragma once
// Internal to the Go time helpers: the elements of a Go reference layout and the tokenizer
// shared by formatting (go_time.cc) and parsing (go_time_parse.cc).

#include <string_view>

namespace custos::rego::go::layout_detail {

// Layout elements (Go's std chunk kinds).
enum class Std {
  kNone,
  kLongMonth,     // January
  kMonth,         // Jan
  kNumMonth,      // 1
  kZeroMonth,     // 01
  kLongWeekDay,   // Monday
  kWeekDay,       // Mon
  kDay,           // 2
  kUnderDay,      // _2
  kZeroDay,       // 02
  kUnderYearDay,  // __2
  kZeroYearDay,   // 002
  kHour,          // 15
  kHour12,        // 3
  kZeroHour12,    // 03
  kMinute,        // 4
  kZeroMinute,    // 04
  kSecond,        // 5
  kZeroSecond,    // 05
  kLongYear,      // 2006
  kYear,          // 06
  kPM,            // PM
  kpm,            // pm
  kTZ,            // MST
  kISO8601TZ,     // Z0700
  kISO8601SecondsTZ,
  kISO8601ShortTZ,
  kISO8601ColonTZ,
  kISO8601ColonSecondsTZ,
  kNumTZ,  // -0700
  kNumSecondsTz,
  kNumShortTZ,
  kNumColonTZ,
  kNumColonSecondsTZ,
  kFracSecond0,  // .000 (count in `digits`)
  kFracSecond9,  // .999
};

struct Chunk {
  std::string_view prefix;
  Std std = Std::kNone;
  int digits = 0;      // for fractional seconds
  char separator = 0;  // '.' or ',' for fractional seconds
  std::string_view element;
  std::string_view suffix;
};

// Finds the first layout element in `layout` (Go's nextStdChunk rules): the literal prefix
// before it, its kind and the rest of the layout. std == kNone when there is none.
Chunk next_chunk(std::string_view layout);

}  // namespace custos::rego::go::layout_detail
