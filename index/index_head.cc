#include "index/index_head.h"

#include <cassert>
#include <cstring>

#include "engine/checksum.h"
#include "engine/coding.h"

namespace sealog::index {
namespace {

void PutFixedHeader(std::string* dst, uint32_t head_size, const IndexIdentity& identity,
                    const IndexSummary& summary) {
  dst->append(kIndexMagic);
  PutFixed32(dst, kIndexVersion);
  PutFixed32(dst, head_size);
  dst->append(identity.log_id);
  PutFixed64(dst, identity.segment_number);
  PutFixed64(dst, identity.first_seq);
  PutFixed32(dst, summary.record_count());
  PutFixed32(dst, kSectionCount);
  PutFixed64(dst, static_cast<uint64_t>(summary.min_time_ns()));
  PutFixed64(dst, static_cast<uint64_t>(summary.max_time_ns()));
}

// Decodes the summary that starts at `at` and must end exactly at `end`.
Status DecodeSummary(std::string_view bytes, size_t at, size_t end, std::string_view where,
                     uint32_t record_count, int64_t min_time, int64_t max_time,
                     IndexSummary* summary) {
  std::string_view input = bytes.substr(at, end - at);
  std::array<FieldSummary, kFieldCount> fields;
  for (size_t f = 0; f < kFieldCount; ++f) {
    const char* error = "";
    if (!FieldSummary::Decode(&input, record_count, &fields[f], &error)) {
      std::string what(FieldName(static_cast<Field>(f)));
      what.append(" summary: ").append(error);
      return IndexCorruption(where, what, end - input.size());
    }
  }
  if (!input.empty()) return IndexCorruption(where, "bytes after the summary", end - input.size());
  *summary = IndexSummary(record_count, min_time, max_time, std::move(fields));
  return Status::Ok();
}

// Sections must follow the head back to back and end the file.
Status CheckSectionLayout(const IndexHead& head, uint64_t file_size, std::string_view where) {
  uint64_t expected = head.head_size;
  for (size_t s = 0; s < kSectionCount; ++s) {
    const SectionEntry& entry = head.sections[s];
    const uint64_t table_at = kFixedHeaderSize + s * kSectionEntrySize;
    std::string what(SectionName(s));
    if (entry.offset != expected || entry.length > file_size - entry.offset) {
      what.append(" section is not where the sections before it end, or runs past the file");
      return IndexCorruption(where, what, table_at);
    }
    const bool offsets_ok =
        s != kOffsetsSection || entry.length == 4 * uint64_t{head.summary.record_count()};
    if (!offsets_ok) {
      what.append(" section length is not 4 bytes a record");
      return IndexCorruption(where, what, table_at);
    }
    expected = entry.offset + entry.length;
  }
  if (expected != file_size)
    return IndexCorruption(where, "bytes after the last section", expected);
  return Status::Ok();
}

}  // namespace

std::string AssembleIndexFile(const IndexIdentity& identity, const IndexSummary& summary,
                              const std::array<std::string, kSectionCount>& sections) {
  assert(identity.log_id.size() == kLogIdSize);
  std::string summary_bytes;
  for (size_t f = 0; f < kFieldCount; ++f)
    summary.field(static_cast<Field>(f)).AppendTo(&summary_bytes);
  const uint64_t head_size =
      kFixedHeaderSize + kSectionTableSize + summary_bytes.size() + kHeadChecksumSize;
  assert(head_size <= UINT32_MAX);

  std::string file;
  uint64_t total = head_size;
  for (const std::string& section : sections) total += section.size();
  file.reserve(total);
  PutFixedHeader(&file, static_cast<uint32_t>(head_size), identity, summary);
  uint64_t offset = head_size;
  for (const std::string& section : sections) {
    PutFixed64(&file, offset);
    PutFixed64(&file, section.size());
    file.append(crypto::AsBytes(crypto::Blake2b(section)));
    offset += section.size();
  }
  file.append(summary_bytes);
  PutFixed64(&file, Checksum(file));
  assert(file.size() == head_size);
  for (const std::string& section : sections) file.append(section);
  return file;
}

Status DecodeHeadSize(std::string_view bytes, uint64_t file_size, std::string_view where,
                      uint32_t* head_size) {
  if (bytes.substr(0, kIndexMagic.size()) != kIndexMagic) {
    return IndexCorruption(where, "not an index file (bad magic)", 0);
  }
  const uint32_t version = DecodeFixed32(bytes.data() + kVersionOffset);
  if (version != kIndexVersion) {
    std::string what("index format version ");
    what.append(std::to_string(version)).append(" is not supported");
    return IndexCorruption(where, what, kVersionOffset);
  }
  *head_size = DecodeFixed32(bytes.data() + kHeadSizeOffset);
  if (*head_size < kHeadSizeMin || *head_size > file_size) {
    return IndexCorruption(where, "head size is out of range", kHeadSizeOffset);
  }
  return Status::Ok();
}

Status DecodeHead(std::string_view bytes, uint64_t file_size, std::string_view where,
                  IndexHead* head) {
  uint32_t head_size = 0;
  if (bytes.size() < kHeadSizeMin) return IndexCorruption(where, "head is cut short", bytes.size());
  SEALOG_RETURN_IF_ERROR(DecodeHeadSize(bytes, file_size, where, &head_size));
  if (head_size != bytes.size())
    return IndexCorruption(where, "head size mismatch", kHeadSizeOffset);
  const size_t checksum_at = bytes.size() - kHeadChecksumSize;
  if (Checksum(bytes.substr(0, checksum_at)) != DecodeFixed64(bytes.data() + checksum_at)) {
    return IndexCorruption(where, "head checksum mismatch", checksum_at);
  }
  head->head_size = head_size;
  head->identity.log_id.assign(bytes.substr(kLogIdOffset, kLogIdSize));
  head->identity.segment_number = DecodeFixed64(bytes.data() + kSegmentNumberOffset);
  head->identity.first_seq = DecodeFixed64(bytes.data() + kFirstSeqOffset);
  const uint32_t record_count = DecodeFixed32(bytes.data() + kRecordCountOffset);
  if (DecodeFixed32(bytes.data() + kSectionCountOffset) != kSectionCount) {
    return IndexCorruption(where, "section count is not 8", kSectionCountOffset);
  }
  const auto min_time = static_cast<int64_t>(DecodeFixed64(bytes.data() + kMinTimeOffset));
  const auto max_time = static_cast<int64_t>(DecodeFixed64(bytes.data() + kMaxTimeOffset));
  if (record_count == 0 ? (min_time != 0 || max_time != 0) : min_time > max_time) {
    return IndexCorruption(where, "time span disagrees with the record count", kMinTimeOffset);
  }
  for (size_t s = 0; s < kSectionCount; ++s) {
    const char* entry = bytes.data() + kFixedHeaderSize + s * kSectionEntrySize;
    head->sections[s].offset = DecodeFixed64(entry);
    head->sections[s].length = DecodeFixed64(entry + 8);
    std::memcpy(head->sections[s].hash.data(), entry + 16, crypto::kHashSize);
  }
  SEALOG_RETURN_IF_ERROR(DecodeSummary(bytes, kFixedHeaderSize + kSectionTableSize, checksum_at,
                                       where, record_count, min_time, max_time, &head->summary));
  return CheckSectionLayout(*head, file_size, where);
}

Status IndexCorruption(std::string_view where, std::string_view what, uint64_t offset) {
  std::string message(where);
  message.append(": ").append(what).append(" at byte ").append(std::to_string(offset));
  return Status::Corruption(std::move(message));
}

Status SectionContext::Corruption(std::string_view what, uint64_t offset_in_section) const {
  std::string message(SectionName(section));
  message.append(" section: ").append(what);
  return IndexCorruption(where, message, file_offset + offset_in_section);
}

Status DecodeDetachedHead(std::string_view bytes, std::string_view where, IndexHead* head) {
  if (bytes.size() < kFixedHeaderSize + kSectionTableSize) {
    return IndexCorruption(where, "index head truncated", bytes.size());
  }
  const char* last = bytes.data() + kFixedHeaderSize + (kSectionCount - 1) * kSectionEntrySize;
  const uint64_t offset = DecodeFixed64(last);
  const uint64_t length = DecodeFixed64(last + 8);
  if (offset > UINT64_MAX - length) {
    return IndexCorruption(where, "section beyond any file", kFixedHeaderSize);
  }
  uint32_t head_size = 0;
  SEALOG_RETURN_IF_ERROR(DecodeHeadSize(bytes, offset + length, where, &head_size));
  if (head_size != bytes.size()) return IndexCorruption(where, "head size", kHeadSizeOffset);
  return DecodeHead(bytes, offset + length, where, head);
}

}  // namespace sealog::index
