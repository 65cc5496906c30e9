// Segment files: naming and the 64-byte header.
//
//   header := "SEALOGSG" | version u32 | header_size u32 | log_id[16]
//             | segment_number u64 | first_seq u64 | created_ns i64 | checksum u64
//
// The checksum is xxh3-64 over the 56 bytes before it.
#ifndef SEALOG_ENGINE_SEGMENT_H_
#define SEALOG_ENGINE_SEGMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sealog/status.h"

namespace sealog {

struct SegmentHeader {
  std::string log_id;  // 16 bytes
  uint64_t number = 0;
  uint64_t first_seq = 0;
  int64_t created_ns = 0;
};

// "00000042.seg"
std::string SegmentFileName(uint64_t number);
// The number of a segment file name, or nothing for other names.
std::optional<uint64_t> ParseSegmentFileName(std::string_view name);
// The same for any per-segment file: the number in at least 8 digits, then `suffix`.
std::string NumberedFileName(uint64_t number, std::string_view suffix);
std::optional<uint64_t> ParseNumberedFileName(std::string_view name, std::string_view suffix);

std::string EncodeSegmentHeader(const SegmentHeader& header);
// Checks magic, version, size and checksum. `where` names the file in errors.
Status DecodeSegmentHeader(std::string_view bytes, std::string_view where, SegmentHeader* header);

}  // namespace sealog

#endif  // SEALOG_ENGINE_SEGMENT_H_
