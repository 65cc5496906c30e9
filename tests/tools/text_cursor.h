// A cursor for checking small grammars by hand in tests (timestamps, syslog
// PRI). std::regex would do, but GCC 12 warns inside it under ASan
// (-Wmaybe-uninitialized, a false positive) and the suite builds with -Werror.
#ifndef SEALOG_TESTS_TOOLS_TEXT_CURSOR_H_
#define SEALOG_TESTS_TOOLS_TEXT_CURSOR_H_

#include <cstddef>
#include <string_view>

namespace sealog::testing {

class TextCursor {
 public:
  explicit TextCursor(std::string_view text) : text_(text) {}

  // Consumes exactly n digits.
  bool Digits(size_t n) {
    for (size_t i = 0; i < n; ++i, ++at_) {
      if (at_ >= text_.size() || text_[at_] < '0' || text_[at_] > '9') return false;
    }
    return true;
  }
  // Consumes as many digits as there are; returns how many.
  size_t DigitRun() {
    const size_t start = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ - start;
  }
  // Consumes one character when it is one of `chars`.
  bool OneOf(std::string_view chars) {
    if (at_ >= text_.size() || chars.find(text_[at_]) == std::string_view::npos) return false;
    ++at_;
    return true;
  }
  bool Char(char c) { return OneOf(std::string_view(&c, 1)); }
  bool AtEnd() const { return at_ == text_.size(); }
  size_t position() const { return at_; }

  // YYYY-MM-DD, a separator of `separators`, HH:MM:SS.
  bool DateAndTime(std::string_view separators) {
    return Digits(4) && Char('-') && Digits(2) && Char('-') && Digits(2) && OneOf(separators) &&
           Digits(2) && Char(':') && Digits(2) && Char(':') && Digits(2);
  }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace sealog::testing

#endif  // SEALOG_TESTS_TOOLS_TEXT_CURSOR_H_
