// ASCII case folding, for names and keywords that ignore case (field names,
// query keywords, preset outcome values). Locale-free on purpose: "I" is
// "i" whatever LANG says, and bytes of UTF-8 are never changed.
#ifndef SEALOG_ENGINE_ASCII_H_
#define SEALOG_ENGINE_ASCII_H_

#include <string_view>

namespace sealog {

inline char AsciiLower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

}  // namespace sealog

#endif  // SEALOG_ENGINE_ASCII_H_
