// LineWriter: printf-like formatting into a fixed buffer, without allocating.
#ifndef SEALOG_BENCH_LINE_WRITER_H_
#define SEALOG_BENCH_LINE_WRITER_H_

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace sealog::bench {

// Appends text and numbers to a caller's buffer. The caller sizes the buffer
// for the longest line; overflowing it is a programming error (asserted).
class LineWriter {
 public:
  LineWriter(char* buffer, size_t capacity)
      : begin_(buffer), end_(buffer), limit_(buffer + capacity) {}

  size_t size() const { return static_cast<size_t>(end_ - begin_); }
  std::string_view view() const { return std::string_view(begin_, size()); }

  void Append(std::string_view text) {
    assert(text.size() <= static_cast<size_t>(limit_ - end_));
    std::memcpy(end_, text.data(), text.size());
    end_ += text.size();
  }
  void Append(char c) {
    assert(end_ < limit_);
    *end_++ = c;
  }
  // printf("%0*llu", min_digits, value).
  void AppendDecimal(uint64_t value, int min_digits = 1) {
    char digits[20];
    int count = 0;
    do {
      digits[count++] = static_cast<char>('0' + value % 10);
      value /= 10;
    } while (value != 0);
    for (int i = count; i < min_digits; ++i) Append('0');
    while (count > 0) Append(digits[--count]);
  }
  // printf("%016llx", value).
  void AppendHex16(uint64_t value) {
    static constexpr char kHex[] = "0123456789abcdef";
    assert(16 <= limit_ - end_);
    for (int i = 15; i >= 0; --i) {
      end_[i] = kHex[value & 0xf];
      value >>= 4;
    }
    end_ += 16;
  }
  // UTC "YYYY-MM-DDTHH:MM:SS.fffffffffZ". REQUIRES: ns >= 0 (years 1970-9999).
  void AppendRfc3339(int64_t ns);

 private:
  char* const begin_;
  char* end_;
  char* const limit_;
};

inline void LineWriter::AppendRfc3339(int64_t ns) {
  assert(ns >= 0);
  const int64_t seconds = ns / 1000000000;
  const int64_t fraction = ns % 1000000000;
  const int64_t days = seconds / 86400;
  const int64_t second_of_day = seconds % 86400;
  // civil_from_days (H. Hinnant): days since 1970-01-01 to year, month, day.
  const int64_t z = days + 719468;
  const int64_t era = z / 146097;
  const int64_t day_of_era = z - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t shifted_month = (5 * day_of_year + 2) / 153;  // March = 0
  const int64_t day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  const int64_t month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2 ? 1 : 0);
  AppendDecimal(static_cast<uint64_t>(year), 4);
  Append('-');
  AppendDecimal(static_cast<uint64_t>(month), 2);
  Append('-');
  AppendDecimal(static_cast<uint64_t>(day), 2);
  Append('T');
  AppendDecimal(static_cast<uint64_t>(second_of_day / 3600), 2);
  Append(':');
  AppendDecimal(static_cast<uint64_t>(second_of_day / 60 % 60), 2);
  Append(':');
  AppendDecimal(static_cast<uint64_t>(second_of_day % 60), 2);
  Append('.');
  AppendDecimal(static_cast<uint64_t>(fraction), 9);
  Append('Z');
}

}  // namespace sealog::bench

#endif  // SEALOG_BENCH_LINE_WRITER_H_
