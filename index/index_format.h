// The constants that the index file's encoder (index/index_encoder.h) and
// reader (index/index_file.h) share. docs/FORMAT.md, "Index files", describes
// the same bytes; tests/index/index_format_golden_test.cc keeps the two in step.
//
//   file    := head section{8}
//   head    := fixed_header section_table summary head_checksum
//   section := time | field{6} (actor .. outcome) | offsets
#ifndef SEALOG_INDEX_INDEX_FORMAT_H_
#define SEALOG_INDEX_INDEX_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "sealog/event.h"

namespace sealog::index {

inline constexpr std::string_view kIndexMagic = "SEALOGIX";  // 8 bytes
inline constexpr uint32_t kIndexVersion = 1;
inline constexpr size_t kLogIdSize = 16;

// Fixed header (72 bytes), field offsets.
inline constexpr size_t kVersionOffset = 8;
inline constexpr size_t kHeadSizeOffset = 12;
inline constexpr size_t kLogIdOffset = 16;
inline constexpr size_t kSegmentNumberOffset = 32;
inline constexpr size_t kFirstSeqOffset = 40;
inline constexpr size_t kRecordCountOffset = 48;
inline constexpr size_t kSectionCountOffset = 52;
inline constexpr size_t kMinTimeOffset = 56;
inline constexpr size_t kMaxTimeOffset = 64;
inline constexpr size_t kFixedHeaderSize = 72;

// Sections, in table order and in file order.
inline constexpr size_t kTimeSection = 0;
inline constexpr size_t kFirstFieldSection = 1;  // + field index
inline constexpr size_t kOffsetsSection = kFirstFieldSection + kFieldCount;
inline constexpr size_t kSectionCount = kOffsetsSection + 1;
static_assert(kSectionCount == 8);
inline constexpr size_t FieldSectionIndex(Field field) {
  return kFirstFieldSection + static_cast<size_t>(field);
}

// Section table entry: offset u64 | length u64 | BLAKE2b-256 (32).
inline constexpr size_t kSectionEntrySize = 8 + 8 + 32;
inline constexpr size_t kSectionTableSize = kSectionCount * kSectionEntrySize;
inline constexpr size_t kHeadChecksumSize = 8;
// The smallest summary of one field: value_count, two empty values,
// bloom_bits, bloom_hashes.
inline constexpr size_t kFieldSummarySizeMin = 4 + 1 + 1 + 4 + 1;
inline constexpr size_t kHeadSizeMin =
    kFixedHeaderSize + kSectionTableSize + kFieldCount * kFieldSummarySizeMin + kHeadChecksumSize;

// Time section: entries of (time, ordinal) in blocks of this many.
inline constexpr size_t kTimeBlockEntries = 128;
inline constexpr size_t kTimeSectionHeaderSize = 8;    // entry_count u32 | block_count u32
inline constexpr size_t kTimeDirectoryEntrySize = 12;  // first_time i64 | offset u32

// Bloom filters of the summary: 10 bits per value, rounded up to a multiple
// of 64, at least 64; 7 probes; seeds kBloomSeedBase + field index.
inline constexpr uint64_t kBloomBitsPerValue = 10;
inline constexpr uint32_t kBloomHashes = 7;
inline constexpr uint64_t kBloomSeedBase = 0x5EA106;

// The name of a section in errors: "time", "actor", ..., "offsets".
std::string_view SectionName(size_t section);

// Index file name of a segment: "00000042.idx".
std::string IndexFileName(uint64_t segment_number);

// Who the index belongs to: bound into the head, so an index file copied to
// another segment or store does not hash to that segment's sealed digest.
struct IndexIdentity {
  std::string log_id;  // 16 bytes
  uint64_t segment_number = 0;
  uint64_t first_seq = 0;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_FORMAT_H_
