#include "index/index_encoder.h"

#include <algorithm>
#include <cassert>

#include "engine/coding.h"
#include "index/index_format.h"
#include "index/postings.h"

namespace sealog::index {

std::string EncodeTimeSection(std::span<const TimeEntry> entries) {
  assert(entries.size() <= UINT32_MAX);
  const size_t block_count = (entries.size() + kTimeBlockEntries - 1) / kTimeBlockEntries;
  std::string area;
  std::string section;
  section.reserve(kTimeSectionHeaderSize + block_count * kTimeDirectoryEntrySize);
  PutFixed32(&section, static_cast<uint32_t>(entries.size()));
  PutFixed32(&section, static_cast<uint32_t>(block_count));
  for (size_t start = 0; start < entries.size(); start += kTimeBlockEntries) {
    assert(area.size() <= UINT32_MAX);
    PutFixed64(&section, static_cast<uint64_t>(entries[start].time_ns));
    PutFixed32(&section, static_cast<uint32_t>(area.size()));
    const size_t end = std::min(entries.size(), start + kTimeBlockEntries);
    int64_t previous = entries[start].time_ns;
    for (size_t i = start; i < end; ++i) {
      assert(i == start || !(entries[i] < entries[i - 1]));
      // Unsigned: the difference of two sorted times fits in 64 bits even
      // when it would overflow i64.
      PutVarint64(&area,
                  static_cast<uint64_t>(entries[i].time_ns) - static_cast<uint64_t>(previous));
      PutVarint32(&area, entries[i].ordinal);
      previous = entries[i].time_ns;
    }
  }
  section.append(area);
  return section;
}

std::string EncodeFieldSection(std::span<const std::string_view> values,
                               std::span<const std::span<const Ordinal>> postings) {
  assert(values.size() == postings.size());
  const size_t count = values.size();
  std::string value_blob;
  std::string postings_blob;
  std::string value_offsets;
  std::string postings_offsets;
  std::string counts;
  PutFixed32(&value_offsets, 0);
  PutFixed32(&postings_offsets, 0);
  for (size_t i = 0; i < count; ++i) {
    assert(!values[i].empty() && (i == 0 || values[i - 1] < values[i]));
    assert(!postings[i].empty());
    value_blob.append(values[i]);
    EncodePostings(postings[i], &postings_blob);
    assert(value_blob.size() <= UINT32_MAX && postings_blob.size() <= UINT32_MAX);
    PutFixed32(&value_offsets, static_cast<uint32_t>(value_blob.size()));
    PutFixed32(&postings_offsets, static_cast<uint32_t>(postings_blob.size()));
    PutFixed32(&counts, static_cast<uint32_t>(postings[i].size()));
  }
  std::string section;
  section.reserve(4 + value_offsets.size() + postings_offsets.size() + counts.size() +
                  value_blob.size() + postings_blob.size());
  PutFixed32(&section, static_cast<uint32_t>(count));
  section.append(value_offsets).append(postings_offsets).append(counts);
  section.append(value_blob).append(postings_blob);
  return section;
}

std::string EncodeOffsetsSection(std::span<const uint32_t> frame_offsets) {
  std::string section;
  section.reserve(4 * frame_offsets.size());
  for (uint32_t offset : frame_offsets) PutFixed32(&section, offset);
  return section;
}

}  // namespace sealog::index
