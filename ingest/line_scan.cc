#include "ingest/line_scan.h"

#include <cstdint>

namespace sealog::ingest {
namespace {

// The length of the valid UTF-8 sequence at `p` (RFC 3629, table 3-7 of
// Unicode), or 0.
size_t Utf8SequenceLength(const unsigned char* p, size_t available) {
  const unsigned char lead = p[0];
  if (lead < 0x80) return 1;
  size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong forms
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong forms
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (available < length || p[1] < low || p[1] > high) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  }
  return length;
}

}  // namespace

size_t FindByteLevelError(std::string_view line) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(line.data());
  bool in_string = false;
  size_t string_start = 0;
  for (size_t i = 0; i < line.size();) {
    const unsigned char c = bytes[i];
    const size_t length = Utf8SequenceLength(bytes + i, line.size() - i);
    if (length == 0) return i;
    if (in_string && c < 0x20) return i;
    if (c == '"') {
      in_string = !in_string;
      string_start = i;
    } else if (in_string && c == '\\' && i + 1 < line.size() && bytes[i + 1] >= 0x20 &&
               bytes[i + 1] < 0x80) {
      i += 2;  // the escaped byte (a quote, a backslash, ...) does not end the string
      continue;
    }
    i += length;
  }
  return in_string ? string_start : std::string_view::npos;
}

}  // namespace sealog::ingest
