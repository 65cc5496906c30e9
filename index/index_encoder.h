// The sections of an index file, encoded from sorted inputs. Deterministic:
// the same inputs always give the same bytes. IndexBuilder::Encode puts them
// together with AssembleIndexFile (index/index_head.h).
//
//   time    := entry_count u32 | block_count u32 | (first_time i64 | offset u32){block_count}
//              | block*                  (128 entries a block, the last one may have fewer)
//   block   := (varint64 time_delta | varint32 ordinal){1..128}
//   field   := value_count u32 | value_offsets u32{n+1} | postings_offsets u32{n+1}
//              | counts u32{n} | value_blob | postings_blob
//   offsets := frame_offset u32{record_count}
#ifndef SEALOG_INDEX_INDEX_ENCODER_H_
#define SEALOG_INDEX_INDEX_ENCODER_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "index/index_view.h"

namespace sealog::index {

struct TimeEntry {
  int64_t time_ns = 0;
  Ordinal ordinal = 0;
  bool operator<(const TimeEntry& other) const {
    return time_ns != other.time_ns ? time_ns < other.time_ns : ordinal < other.ordinal;
  }
};

// REQUIRES: entries sorted by (time, ordinal); fewer than 2^32 of them.
std::string EncodeTimeSection(std::span<const TimeEntry> entries);

// REQUIRES: values sorted bytewise, unique, non-empty; postings[i] are the
// strictly increasing ordinals of the records holding values[i] (non-empty);
// both blobs below 4 GiB.
std::string EncodeFieldSection(std::span<const std::string_view> values,
                               std::span<const std::span<const Ordinal>> postings);

// REQUIRES: one offset per record, by ordinal.
std::string EncodeOffsetsSection(std::span<const uint32_t> frame_offsets);

}  // namespace sealog::index

#endif  // SEALOG_INDEX_INDEX_ENCODER_H_
