#include "engine/tier/text_packing.h"

#include <cstdint>
#include <cstdio>

namespace sealog::tier {

namespace {

constexpr uint8_t kEscape = 0x00;
constexpr uint8_t kHex = 0x01;
constexpr uint8_t kIpv4 = 0x02;
constexpr uint8_t kEnd = 0x03;
constexpr size_t kHexDigitsMin = 8;
constexpr size_t kHexBytesMax = 255;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// The length of a canonical dotted quad at text[i] (not preceded by a digit
// or '.', which the caller checks), its octets in *octets; 0 when none.
size_t Ipv4At(std::string_view text, size_t i, uint8_t octets[4]) {
  const size_t start = i;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (i >= text.size() || text[i] != '.') return 0;
      ++i;
    }
    const size_t begin = i;
    unsigned value = 0;
    while (i < text.size() && IsDigit(text[i]) && i - begin < 3) {
      value = value * 10 + static_cast<unsigned>(text[i] - '0');
      ++i;
    }
    const size_t digits = i - begin;
    if (digits == 0 || value > 255 || (digits > 1 && text[begin] == '0')) return 0;
    octets[part] = static_cast<uint8_t>(value);
  }
  if (i < text.size() && (IsDigit(text[i]) || text[i] == '.')) return 0;
  return i - start;
}

}  // namespace

void PackText(std::string_view text, std::string* out) {
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    const bool boundary = i == 0 || (!IsDigit(text[i - 1]) && text[i - 1] != '.');
    uint8_t octets[4];
    if (IsDigit(c) && boundary) {
      if (const size_t n = Ipv4At(text, i, octets)) {
        out->push_back(static_cast<char>(kIpv4));
        out->append(reinterpret_cast<const char*>(octets), 4);
        i += n;
        continue;
      }
    }
    if (HexValue(c) >= 0) {
      size_t end = i;
      while (end < text.size() && end - i < 2 * kHexBytesMax && HexValue(text[end]) >= 0) ++end;
      const size_t digits = (end - i) & ~size_t{1};
      if (digits >= kHexDigitsMin) {
        out->push_back(static_cast<char>(kHex));
        out->push_back(static_cast<char>(digits / 2));
        for (size_t k = i; k < i + digits; k += 2) {
          out->push_back(static_cast<char>(HexValue(text[k]) << 4 | HexValue(text[k + 1])));
        }
        i += digits;
        continue;
      }
    }
    if (static_cast<uint8_t>(c) <= kEnd) out->push_back(static_cast<char>(kEscape));
    out->push_back(c);
    ++i;
  }
}

// Unpacks items of `packed` from *i on into *out until its end or a bare
// kEnd (left at *i). False on a malformed item or past `limit`.
static bool UnpackItems(std::string_view packed, size_t* at, size_t limit, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  size_t i = *at;
  while (i < packed.size() && static_cast<uint8_t>(packed[i]) != kEnd) {
    if (out->size() > limit) return false;
    const auto code = static_cast<uint8_t>(packed[i]);
    if (code == kEscape) {
      if (i + 1 >= packed.size() || static_cast<uint8_t>(packed[i + 1]) > kEnd) return false;
      out->push_back(packed[i + 1]);
      i += 2;
    } else if (code == kHex) {
      if (i + 1 >= packed.size()) return false;
      const size_t n = static_cast<uint8_t>(packed[i + 1]);
      if (n * 2 < kHexDigitsMin || packed.size() - i - 2 < n || out->size() + 2 * n > limit) {
        return false;
      }
      for (size_t k = 0; k < n; ++k) {
        const auto byte = static_cast<uint8_t>(packed[i + 2 + k]);
        out->push_back(kDigits[byte >> 4]);
        out->push_back(kDigits[byte & 0x0f]);
      }
      i += 2 + n;
    } else if (code == kIpv4) {
      if (packed.size() - i < 5) return false;
      char text[16];
      const int n = std::snprintf(text, sizeof(text), "%u.%u.%u.%u",
                                  static_cast<uint8_t>(packed[i + 1]), static_cast<uint8_t>(packed[i + 2]),
                                  static_cast<uint8_t>(packed[i + 3]), static_cast<uint8_t>(packed[i + 4]));
      if (out->size() + static_cast<size_t>(n) > limit) return false;
      out->append(text, static_cast<size_t>(n));
      i += 5;
    } else {
      out->push_back(packed[i]);
      ++i;
    }
  }
  *at = i;
  return out->size() <= limit;
}

bool UnpackText(std::string_view packed, size_t limit, std::string* out) {
  size_t at = 0;
  return UnpackItems(packed, &at, limit, out) && at == packed.size();
}

void PackValue(std::string_view text, std::string* out) {
  PackText(text, out);
  out->push_back(static_cast<char>(kEnd));
}

bool UnpackValue(std::string_view* packed, size_t limit, std::string* out) {
  out->clear();
  size_t at = 0;
  if (!UnpackItems(*packed, &at, limit, out) || at == packed->size()) return false;
  packed->remove_prefix(at + 1);
  return true;
}

}  // namespace sealog::tier
