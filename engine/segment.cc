#include "engine/segment.h"

#include <cinttypes>
#include <cstdio>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"

namespace sealog {

using namespace format;  // NOLINT

std::string NumberedFileName(uint64_t number, std::string_view suffix) {
  char digits[24];
  std::snprintf(digits, sizeof(digits), "%08" PRIu64, number);
  return std::string(digits).append(suffix);
}

std::optional<uint64_t> ParseNumberedFileName(std::string_view name, std::string_view suffix) {
  if (name.size() <= suffix.size() || !name.ends_with(suffix)) return {};
  name.remove_suffix(suffix.size());
  if (name.size() < 8 || name.size() > 20) return {};
  uint64_t number = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return {};
    number = number * 10 + static_cast<uint64_t>(c - '0');
  }
  if (NumberedFileName(number, "") != name) return {};
  return number;
}

std::string SegmentFileName(uint64_t number) { return NumberedFileName(number, kSegmentSuffix); }

std::optional<uint64_t> ParseSegmentFileName(std::string_view name) {
  return ParseNumberedFileName(name, kSegmentSuffix);
}

std::string EncodeSegmentHeader(const SegmentHeader& header) {
  std::string bytes(kSegmentHeaderSize, '\0');
  char* p = bytes.data();
  kSegmentMagic.copy(p, kSegmentMagic.size());
  EncodeFixed32(p + kSegmentVersionOffset, kVersion);
  EncodeFixed32(p + kSegmentHeaderSizeOffset, kSegmentHeaderSize);
  header.log_id.copy(p + kSegmentLogIdOffset, kLogIdSize);
  EncodeFixed64(p + kSegmentNumberOffset, header.number);
  EncodeFixed64(p + kSegmentFirstSeqOffset, header.first_seq);
  EncodeFixed64(p + kSegmentCreatedOffset, static_cast<uint64_t>(header.created_ns));
  EncodeFixed64(p + kSegmentChecksumOffset,
                Checksum(std::string_view(p, kSegmentChecksumOffset)));
  return bytes;
}

Status DecodeSegmentHeader(std::string_view bytes, std::string_view where, SegmentHeader* header) {
  const std::string place(where);
  if (bytes.size() < kSegmentHeaderSize) {
    return Status::Corruption(place + ": segment header is truncated (" +
                              std::to_string(bytes.size()) + " of 64 bytes)");
  }
  if (bytes.substr(0, kSegmentMagic.size()) != kSegmentMagic) {
    return Status::Corruption(place + ": not a sealog segment (bad magic at offset 0)");
  }
  const uint32_t version = DecodeFixed32(bytes.data() + kSegmentVersionOffset);
  if (version != kVersion) {
    return Status::Corruption(place + ": segment format version " + std::to_string(version) +
                              " is not supported (this build reads version " +
                              std::to_string(kVersion) + ")");
  }
  if (DecodeFixed32(bytes.data() + kSegmentHeaderSizeOffset) != kSegmentHeaderSize) {
    return Status::Corruption(place + ": bad segment header size at offset 12");
  }
  const uint64_t stored = DecodeFixed64(bytes.data() + kSegmentChecksumOffset);
  if (Checksum(bytes.substr(0, kSegmentChecksumOffset)) != stored) {
    return Status::Corruption(place + ": segment header checksum mismatch at offset 56");
  }
  header->log_id = std::string(bytes.substr(kSegmentLogIdOffset, kLogIdSize));
  header->number = DecodeFixed64(bytes.data() + kSegmentNumberOffset);
  header->first_seq = DecodeFixed64(bytes.data() + kSegmentFirstSeqOffset);
  header->created_ns = static_cast<int64_t>(DecodeFixed64(bytes.data() + kSegmentCreatedOffset));
  return Status::Ok();
}
}  // namespace sealog
