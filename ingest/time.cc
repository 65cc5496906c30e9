// RFC 3339 times in and out. Dates are proleptic Gregorian; the day arithmetic
// is Howard Hinnant's days_from_civil / civil_from_days.
#include <cstdio>
#include <limits>
#include <string>

#include "ingest/quote.h"
#include "sealog/ingest.h"

namespace sealog {
namespace {

constexpr int64_t kNanosPerSecond = 1'000'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t DaysFromCivil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146'097 + day_of_era - 719'468;
}

struct CivilDate {
  int64_t year;
  int64_t month;
  int64_t day;
};

CivilDate CivilFromDays(int64_t days) {
  days += 719'468;
  const int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
  const int64_t day_of_era = days - era * 146'097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return {year_of_era + era * 400 + (month <= 2), month, day};
}

int64_t DaysInMonth(int64_t year, int64_t month) {
  static constexpr int64_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Reads fixed-width fields left to right.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool Digits(int count, int64_t* value) {
    *value = 0;
    for (int i = 0; i < count; ++i, ++pos_) {
      if (pos_ >= text_.size() || text_[pos_] < '0' || text_[pos_] > '9') return false;
      *value = *value * 10 + (text_[pos_] - '0');
    }
    return true;
  }
  bool Take(std::string_view choices) {
    if (pos_ < text_.size() && choices.find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool AtDigit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

Status Bad(std::string_view text, const std::string& why) {
  return Status::InvalidArgument(ingest::Quote(text) + " is not an RFC 3339 time: " + why);
}

std::string Range(const char* what, int64_t value, const char* range) {
  return std::string(what) + " " + std::to_string(value) + " is out of range (" + range + ")";
}

// The UTC offset in seconds, east positive: "Z", "z", "+hh:mm", "-hh:mm", "+hhmm".
bool ReadOffset(Reader& reader, int64_t* offset_seconds, std::string* why) {
  // No offset at all is read as UTC, as Elasticsearch does: exporters such as
  // Panther write "2023-03-08 18:52:52.114" meaning UTC, and rejecting those
  // lines would leave the user no way to ingest them with their time.
  if (reader.AtEnd() || reader.Take("Zz")) {
    *offset_seconds = 0;
    return true;
  }
  const char sign = reader.Peek();
  if (!reader.Take("+-")) {
    *why = "expected Z or +hh:mm after the seconds";
    return false;
  }
  int64_t hours = 0;
  int64_t minutes = 0;
  if (!reader.Digits(2, &hours) || !(reader.Take(":"), reader.Digits(2, &minutes))) {
    *why = "bad UTC offset (expected +hh:mm)";
    return false;
  }
  if (hours > 23 || minutes > 59) {
    *why = "UTC offset out of range";
    return false;
  }
  *offset_seconds = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

}  // namespace

Result<int64_t> ParseRfc3339(std::string_view text) {
  Reader reader(text);
  int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!reader.Digits(4, &year) || !reader.Take("-") || !reader.Digits(2, &month) ||
      !reader.Take("-") || !reader.Digits(2, &day) || !reader.Take("Tt ") ||
      !reader.Digits(2, &hour) || !reader.Take(":") || !reader.Digits(2, &minute) ||
      !reader.Take(":") || !reader.Digits(2, &second)) {
    return Bad(text, "expected YYYY-MM-DDTHH:MM:SS[.fraction][Z|+hh:mm]");
  }
  if (month < 1 || month > 12) return Bad(text, Range("month", month, "01-12"));
  if (day < 1 || day > DaysInMonth(year, month))
    return Bad(text, Range("day", day, "of the month"));
  if (hour > 23) return Bad(text, Range("hour", hour, "00-23"));
  if (minute > 59) return Bad(text, Range("minute", minute, "00-59"));
  if (second > 60) return Bad(text, Range("second", second, "00-60"));
  int64_t fraction_nanos = 0;
  if (reader.Take(".")) {
    if (!reader.AtDigit()) return Bad(text, "expected digits after '.'");
    // Digits past the ninth are below a nanosecond: read and dropped.
    int digits = 0;
    while (reader.AtDigit()) {
      int64_t digit = 0;
      reader.Digits(1, &digit);
      if (digits < 9) {
        fraction_nanos = fraction_nanos * 10 + digit;
        ++digits;
      }
    }
    for (; digits < 9; ++digits) fraction_nanos *= 10;
  }
  int64_t offset_seconds = 0;
  std::string why;
  if (!ReadOffset(reader, &offset_seconds, &why)) return Bad(text, why);
  if (!reader.AtEnd()) return Bad(text, "unexpected characters after the UTC offset");
  // A leap second (:60) counts as the first second of the next minute.
  const int64_t seconds = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 +
                          minute * 60 + second - offset_seconds;
  // In 128 bits: the earliest instant has a negative second and a positive
  // fraction, and only their sum fits in 64.
  const __int128 nanos = static_cast<__int128>(seconds) * kNanosPerSecond + fraction_nanos;
  if (nanos > std::numeric_limits<int64_t>::max() || nanos < std::numeric_limits<int64_t>::min()) {
    return Bad(text, "out of range (years 1677 to 2262 in nanoseconds)");
  }
  return static_cast<int64_t>(nanos);
}

std::string FormatRfc3339(int64_t ns) {
  int64_t seconds = ns / kNanosPerSecond;
  int64_t nanos = ns % kNanosPerSecond;
  if (nanos < 0) {
    nanos += kNanosPerSecond;
    --seconds;
  }
  int64_t days = seconds / kSecondsPerDay;
  int64_t second_of_day = seconds % kSecondsPerDay;
  if (second_of_day < 0) {
    second_of_day += kSecondsPerDay;
    --days;
  }
  const CivilDate date = CivilFromDays(days);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%09lldZ",
                static_cast<long long>(date.year), static_cast<long long>(date.month),
                static_cast<long long>(date.day), static_cast<long long>(second_of_day / 3600),
                static_cast<long long>(second_of_day / 60 % 60),
                static_cast<long long>(second_of_day % 60), static_cast<long long>(nanos));
  return buffer;
}

}  // namespace sealog
