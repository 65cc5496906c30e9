// Little-endian fixed-width integers and LEB128 varints: the byte order of
// every sealog file.
#ifndef SEALOG_ENGINE_CODING_H_
#define SEALOG_ENGINE_CODING_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace sealog {

inline void EncodeFixed32(char* dst, uint32_t value) {
  for (int i = 0; i < 4; ++i) dst[i] = static_cast<char>(value >> (8 * i));
}
inline void EncodeFixed64(char* dst, uint64_t value) {
  for (int i = 0; i < 8; ++i) dst[i] = static_cast<char>(value >> (8 * i));
}
inline uint32_t DecodeFixed32(const char* src) {
  uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value |= uint32_t{static_cast<uint8_t>(src[i])} << (8 * i);
  return value;
}
inline uint64_t DecodeFixed64(const char* src) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= uint64_t{static_cast<uint8_t>(src[i])} << (8 * i);
  return value;
}

inline void PutFixed32(std::string* dst, uint32_t value) {
  char buf[4];
  EncodeFixed32(buf, value);
  dst->append(buf, 4);
}
inline void PutFixed64(std::string* dst, uint64_t value) {
  char buf[8];
  EncodeFixed64(buf, value);
  dst->append(buf, 8);
}

inline constexpr size_t kVarint32LengthMax = 5;

// Writes value as an LEB128 varint at dst; returns the byte after it.
inline char* EncodeVarint32(char* dst, uint32_t value) {
  auto* p = reinterpret_cast<uint8_t*>(dst);
  while (value >= 0x80) {
    *p++ = static_cast<uint8_t>(value | 0x80);
    value >>= 7;
  }
  *p++ = static_cast<uint8_t>(value);
  return reinterpret_cast<char*>(p);
}

inline size_t VarintLength(uint64_t value) {
  size_t length = 1;
  while (value >= 0x80) {
    value >>= 7;
    ++length;
  }
  return length;
}

// Reads a varint from *input, advancing it. False when the input ends early or
// the varint is longer than 5 bytes or overflows 32 bits.
inline bool GetVarint32(std::string_view* input, uint32_t* value) {
  uint32_t result = 0;
  for (size_t i = 0; i < kVarint32LengthMax && i < input->size(); ++i) {
    uint32_t byte = static_cast<uint8_t>((*input)[i]);
    if (i == 4 && byte > 0x0f) return false;
    result |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

inline void PutVarint64(std::string* dst, uint64_t value) {
  while (value >= 0x80) {
    dst->push_back(static_cast<char>(value | 0x80));
    value >>= 7;
  }
  dst->push_back(static_cast<char>(value));
}

// Reads a varint of at most 10 bytes from *input, advancing it. False when
// the input ends early or the value overflows 64 bits.
inline bool GetVarint64(std::string_view* input, uint64_t* value) {
  uint64_t result = 0;
  for (size_t i = 0; i < 10 && i < input->size(); ++i) {
    uint64_t byte = static_cast<uint8_t>((*input)[i]);
    if (i == 9 && byte > 0x01) return false;
    result |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      *value = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

// Signed values as varints: 0, -1, 1, -2, ... become 0, 1, 2, 3, ...
inline uint64_t ZigZag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t UnZigZag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

}  // namespace sealog

#endif  // SEALOG_ENGINE_CODING_H_
