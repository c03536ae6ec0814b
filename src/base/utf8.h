#pragma once
// UTF-8 encoding shared by every parser and builtin that decodes escapes or runes.

#include <string>

namespace custos {

// Appends the UTF-8 encoding of code point `cp` to `out`. Surrogates (U+D800..U+DFFF) and
// values above U+10FFFF are not scalar values: they are appended as U+FFFD.
void append_utf8(std::string& out, char32_t cp);

}  // namespace custos
