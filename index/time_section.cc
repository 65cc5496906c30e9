#include "index/time_section.h"

#include <algorithm>
#include <vector>

#include "engine/coding.h"
#include "index/postings.h"

namespace sealog::index {

TimeSection::TimeSection(std::string bytes, SectionContext context, int64_t max_time_ns)
    : bytes_(std::move(bytes)), context_(std::move(context)), max_time_ns_(max_time_ns) {}

Status TimeSection::Decode(std::string bytes, SectionContext context, int64_t min_time_ns,
                           int64_t max_time_ns, std::unique_ptr<TimeSection>* out) {
  const uint32_t record_count = context.record_count;
  std::unique_ptr<TimeSection> section(
      new TimeSection(std::move(bytes), std::move(context), max_time_ns));
  const std::string& b = section->bytes_;
  const SectionContext& c = section->context_;
  if (b.size() < kTimeSectionHeaderSize) return c.Corruption("cut short", 0);
  section->entry_count_ = DecodeFixed32(b.data());
  section->block_count_ = DecodeFixed32(b.data() + 4);
  if (section->entry_count_ != record_count) {
    return c.Corruption("entry count is not the record count", 0);
  }
  const uint64_t blocks = (uint64_t{record_count} + kTimeBlockEntries - 1) / kTimeBlockEntries;
  if (section->block_count_ != blocks) return c.Corruption("wrong block count", 4);
  const uint64_t area_start = kTimeSectionHeaderSize + blocks * kTimeDirectoryEntrySize;
  if (area_start > b.size()) return c.Corruption("directory runs past the section", 8);
  section->area_start_ = static_cast<size_t>(area_start);
  const uint64_t area_size = b.size() - area_start;
  if (blocks == 0 && area_size != 0) return c.Corruption("bytes after the directory", area_start);
  for (size_t i = 0; i < blocks; ++i) {
    const uint64_t at = kTimeSectionHeaderSize + i * kTimeDirectoryEntrySize;
    const uint32_t offset = section->block_offset(i);
    const bool offset_ok =
        i == 0 ? offset == 0 : offset > section->block_offset(i - 1) && offset < area_size;
    if (!offset_ok) return c.Corruption("block offset out of order or out of the section", at + 8);
    if (i == 0 ? section->first_time(0) != min_time_ns
               : section->first_time(i) < section->first_time(i - 1)) {
      return c.Corruption("block first times out of order or not the head's min time", at);
    }
  }
  if (blocks > 0) {
    Block entries;
    size_t size = 0;
    SEALOG_RETURN_IF_ERROR(section->DecodeBlock(blocks - 1, &entries, &size));
    if (entries[size - 1].time_ns != max_time_ns) {
      return c.Corruption("last time is not the head's max time", area_start);
    }
  }
  *out = std::move(section);
  return Status::Ok();
}

int64_t TimeSection::first_time(size_t block) const {
  return static_cast<int64_t>(
      DecodeFixed64(bytes_.data() + kTimeSectionHeaderSize + block * kTimeDirectoryEntrySize));
}

uint32_t TimeSection::block_offset(size_t block) const {
  return DecodeFixed32(bytes_.data() + kTimeSectionHeaderSize + block * kTimeDirectoryEntrySize +
                       8);
}

Status TimeSection::DecodeBlock(size_t block, Block* entries, size_t* size) const {
  const bool last = block + 1 == block_count_;
  const size_t begin = area_start_ + block_offset(block);
  const size_t end = last ? bytes_.size() : area_start_ + block_offset(block + 1);
  const size_t count = last ? entry_count_ - block * kTimeBlockEntries : kTimeBlockEntries;
  const int64_t upper = last ? max_time_ns_ : first_time(block + 1);
  std::string_view input(bytes_.data() + begin, end - begin);
  int64_t previous = first_time(block);
  if (previous > upper) return context_.Corruption("block starts after the head's max time", begin);
  Ordinal previous_ordinal = 0;
  for (size_t i = 0; i < count; ++i) {
    const size_t at = end - input.size();
    uint64_t delta = 0;
    uint32_t ordinal = 0;
    if (!GetVarint64(&input, &delta) || !GetVarint32(&input, &ordinal)) {
      return context_.Corruption("time block entry does not decode", at);
    }
    // previous <= upper holds here, so their unsigned difference is exact.
    if ((i == 0 && delta != 0) ||
        delta > static_cast<uint64_t>(upper) - static_cast<uint64_t>(previous)) {
      return context_.Corruption("time out of its block's span", at);
    }
    const auto time = static_cast<int64_t>(static_cast<uint64_t>(previous) + delta);
    if (ordinal >= context_.record_count || (i > 0 && delta == 0 && ordinal <= previous_ordinal)) {
      return context_.Corruption("ordinal out of range or out of order", at);
    }
    (*entries)[i] = {time, ordinal};
    previous = time;
    previous_ordinal = ordinal;
  }
  if (!input.empty())
    return context_.Corruption("bytes after the block's entries", end - input.size());
  *size = count;
  return Status::Ok();
}

Status TimeSection::Check() const {
  std::vector<uint64_t> seen((size_t{entry_count_} + 63) / 64);
  Block entries;
  TimeEntry previous;
  for (size_t block = 0; block < block_count_; ++block) {
    size_t size = 0;
    SEALOG_RETURN_IF_ERROR(DecodeBlock(block, &entries, &size));
    for (size_t i = 0; i < size; ++i) {
      const Ordinal ordinal = entries[i].ordinal;
      uint64_t& word = seen[ordinal >> 6];
      const uint64_t bit = uint64_t{1} << (ordinal & 63);
      if ((word & bit) != 0 || (block > 0 && i == 0 && !(previous < entries[0]))) {
        return context_.Corruption("an ordinal repeats, or blocks overlap",
                                   area_start_ + block_offset(block));
      }
      word |= bit;
    }
    previous = entries[size - 1];
  }
  return Status::Ok();
}

Status TimeSection::Range(int64_t lo, int64_t hi, Postings* out) const {
  out->clear();
  if (lo > hi || block_count_ == 0) return Status::Ok();
  size_t low_block = 0;  // the first block whose first time is >= lo, by binary search
  size_t length = block_count_;
  while (length > 0) {
    const size_t half = length / 2;
    if (first_time(low_block + half) < lo) {
      low_block += half + 1;
      length -= half + 1;
    } else {
      length = half;
    }
  }
  // The block before may hold times >= lo too; blocks before it cannot.
  const size_t begin = low_block > 0 ? low_block - 1 : 0;
  size_t end = begin;
  while (end < block_count_ && first_time(end) <= hi) ++end;
  PostingsUnion merged(context_.record_count, uint64_t{end - begin} * kTimeBlockEntries);
  Block entries;
  for (size_t block = begin; block < end; ++block) {
    size_t size = 0;
    SEALOG_RETURN_IF_ERROR(DecodeBlock(block, &entries, &size));
    for (size_t i = 0; i < size; ++i) {
      if (entries[i].time_ns >= lo && entries[i].time_ns <= hi) merged.Add(entries[i].ordinal);
    }
  }
  merged.Finish(out);
  return Status::Ok();
}

}  // namespace sealog::index
