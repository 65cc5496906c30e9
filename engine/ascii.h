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

// Whether `text` holds `lower_word` (which must be lower case), ignoring
// the case of `text`.
inline bool ContainsIgnoringAsciiCase(std::string_view text, std::string_view lower_word) {
  if (lower_word.size() > text.size()) return false;
  for (size_t at = 0; at + lower_word.size() <= text.size(); ++at) {
    size_t i = 0;
    while (i < lower_word.size() && AsciiLower(text[at + i]) == lower_word[i]) ++i;
    if (i == lower_word.size()) return true;
  }
  return false;
}

}  // namespace sealog

#endif  // SEALOG_ENGINE_ASCII_H_
