// The head of an index file: everything before its first section.
//
//   head          := fixed_header section_table summary head_checksum
//   fixed_header  := "SEALOGIX" | version u32 | head_size u32 | log_id[16]
//                    | segment_number u64 | first_seq u64 | record_count u32
//                    | section_count u32 | min_time_ns i64 | max_time_ns i64
//   section_table := (offset u64 | length u64 | blake2b_256[32]){8}
//   head_checksum := u64 xxh3-64 (seed 0) of every head byte before it
//
// The index digest a seal signs is the BLAKE2b-256 of the whole head; since
// the head holds every section's hash, it covers every byte of the file.
#ifndef SEALOG_INDEX_INDEX_HEAD_H_
#define SEALOG_INDEX_INDEX_HEAD_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/hash.h"
#include "index/index_format.h"
#include "index/index_summary.h"
#include "sealog/status.h"

namespace sealog::index {

struct SectionEntry {
  uint64_t offset = 0;  // from the start of the file
  uint64_t length = 0;
  crypto::Hash hash{};  // BLAKE2b-256 of the section's bytes
};

struct IndexHead {
  uint32_t head_size = 0;  // bytes of the whole head, checksum included
  IndexIdentity identity;
  IndexSummary summary;  // holds record_count and the time span
  std::array<SectionEntry, kSectionCount> sections;
};

// The whole index file: a head over `sections` (in table order, laid out
// back to back after it), then the sections. Computes head_size, the
// section table and the checksum.
// REQUIRES: identity.log_id is 16 bytes.
std::string AssembleIndexFile(const IndexIdentity& identity, const IndexSummary& summary,
                              const std::array<std::string, kSectionCount>& sections);

// Reads the head_size field of a fixed header. REQUIRES: bytes holds at
// least kFixedHeaderSize bytes. Checks magic, version and that head_size is
// at least kHeadSizeMin and at most file_size.
Status DecodeHeadSize(std::string_view bytes, uint64_t file_size, std::string_view where,
                      uint32_t* head_size);

// Decodes and checks a whole head (exactly head_size bytes, as DecodeHeadSize
// found): checksum, section count, time span, summary (consumed exactly),
// and sections laid out back to back from head_size to exactly file_size
// with the lengths their kinds require. Identity is not compared here.
Status DecodeHead(std::string_view bytes, uint64_t file_size, std::string_view where,
                  IndexHead* head);

// Decodes a head kept without its sections (cold archives keep only heads):
// as DecodeHead, for the file size the head's own section table implies.
Status DecodeDetachedHead(std::string_view bytes, std::string_view where, IndexHead* head);

// "<where>: <what> at byte <offset>": the shape of every index error.
Status IndexCorruption(std::string_view where, std::string_view what, uint64_t offset);

// Where a section being decoded lies, for its errors.
struct SectionContext {
  std::string where;         // the file
  size_t section = 0;        // its position in the section table
  uint64_t file_offset = 0;  // of its first byte
  uint32_t record_count = 0;

  // "<where>: <section> section: <what> at byte <file offset>".
  Status Corruption(std::string_view what, uint64_t offset_in_section) const;
};

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_HEAD_H_
