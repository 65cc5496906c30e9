// sealog dump --index: a segment's index file: its head field by field, the
// section table, the per-field summaries, and every value of every field's
// dictionary with the number of records holding it.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "crypto/hash.h"
#include "crypto/text_codec.h"
#include "engine/coding.h"
#include "index/index_file.h"
#include "index/index_format.h"
#include "index/index_head.h"
#include "tools/dump_sections.h"

namespace sealog::cli {
namespace {

namespace ix = ::sealog::index;

bool DumpHead(DumpContext& context, const std::string& file, std::string_view bytes,
              const ix::IndexHead& head) {
  const char* p = bytes.data();
  const uint32_t head_size = head.head_size;
  const crypto::Hash digest = ix::IndexFile::DigestOf(bytes);
  DumpObject object("index_head", fmt::format("index {} ({} bytes)", file, bytes.size()));
  object.String("file", file)
      .Unsigned("file_size", bytes.size())
      .Magic("magic", bytes.substr(0, ix::kIndexMagic.size()), 0)
      .Unsigned("version", DecodeFixed32(p + ix::kVersionOffset), ix::kVersionOffset)
      .Unsigned("head_size", head_size, ix::kHeadSizeOffset)
      .Hex("log_id", bytes.substr(ix::kLogIdOffset, ix::kLogIdSize), ix::kLogIdOffset)
      .Unsigned("segment_number", head.identity.segment_number, ix::kSegmentNumberOffset)
      .Unsigned("first_seq", head.identity.first_seq, ix::kFirstSeqOffset)
      .Unsigned("record_count", head.summary.record_count(), ix::kRecordCountOffset)
      .Unsigned("section_count", DecodeFixed32(p + ix::kSectionCountOffset),
                ix::kSectionCountOffset)
      .Time("min_time_ns", head.summary.min_time_ns(), ix::kMinTimeOffset)
      .Time("max_time_ns", head.summary.max_time_ns(), ix::kMaxTimeOffset)
      .Hex64("head_checksum", DecodeFixed64(p + head_size - ix::kHeadChecksumSize),
             head_size - ix::kHeadChecksumSize)
      .Hex("index_digest", crypto::AsBytes(digest));
  if (!context.Emit(object)) return false;
  for (size_t i = 0; i < ix::kSectionCount; ++i) {
    const ix::SectionEntry& section = head.sections[i];
    DumpObject entry("index_section", "  section");
    entry.String("file", file)
        .JsonOnly()
        .String("name", ix::SectionName(i), ix::kFixedHeaderSize + i * ix::kSectionEntrySize)
        .Unsigned("offset", section.offset)
        .Unsigned("length", section.length)
        .Hex("blake2b", crypto::AsBytes(section.hash));
    if (!context.Emit(entry, /*one_line=*/true)) return false;
  }
  for (size_t i = 0; i < kFieldCount; ++i) {
    const ix::FieldSummary& summary = head.summary.field(static_cast<Field>(i));
    DumpObject entry("index_field_summary", "  summary");
    entry.String("file", file)
        .JsonOnly()
        .String("field", FieldName(static_cast<Field>(i)))
        .Unsigned("value_count", summary.value_count)
        .String("min_value", summary.min_value)
        .String("max_value", summary.max_value)
        .Unsigned("bloom_bits", summary.bloom_bits);
    if (!context.Emit(entry, /*one_line=*/true)) return false;
  }
  return true;
}

// Every value of every field's dictionary, in value order, with its count.
void DumpValues(DumpContext& context, const std::string& file, ix::IndexFile& index) {
  for (size_t i = 0; i < kFieldCount; ++i) {
    const Field field = static_cast<Field>(i);
    bool writing = true;
    const Status status = index.CountValues(field, nullptr, [&](std::string_view value,
                                                                uint64_t count) {
      if (!writing) return;
      DumpObject entry("index_value", "  value");
      entry.String("file", file)
          .JsonOnly()
          .String("field", FieldName(field))
          .String("value", value)
          .Unsigned("records", count);
      writing = context.Emit(entry, /*one_line=*/true);
    });
    if (!writing) return;
    if (!status.ok()) {
      context.Damage(file, status.message());
      return;
    }
  }
}

}  // namespace

void DumpIndex(DumpContext& context, uint64_t number, const ManifestSegment* entry) {
  const std::string file = ix::IndexFileName(number);
  const std::string path = context.dir + "/" + file;
  if (!context.env->FileExists(path)) {
    if (entry != nullptr && entry->active) {
      context.Note(fmt::format("segment {}: active, its index lives in memory only", number));
    } else {
      context.Note(fmt::format("segment {}: no index file {} (verify says whether it should "
                               "have one)",
                               number, file));
    }
    return;
  }
  std::string bytes;
  if (const Status read = io::ReadFileToString(*context.env, path, &bytes); !read.ok()) {
    context.Damage(file, read.message());
    return;
  }
  uint32_t head_size = 0;
  ix::IndexHead head;
  Status status = bytes.size() < ix::kFixedHeaderSize
                      ? ix::IndexCorruption(file, "the head is incomplete", bytes.size())
                      : ix::DecodeHeadSize(bytes, bytes.size(), file, &head_size);
  if (status.ok()) status = ix::DecodeHead(std::string_view(bytes).substr(0, head_size),
                                           bytes.size(), file, &head);
  if (!status.ok()) {
    context.Damage(file, status.message());
    return;
  }
  if (!DumpHead(context, file, bytes, head)) return;
  // Opened without a sealed digest: dump shows what the file holds, verify
  // judges whether the seal signs it. Each section is still checked against
  // the hash the head holds for it, and the head against the store and the
  // segment it sits beside, so an index copied from elsewhere shows as damage.
  ix::IndexIdentity identity = head.identity;
  if (!context.log_id.empty()) identity.log_id = context.log_id;
  identity.segment_number = number;
  std::unique_ptr<ix::IndexFile> index;
  status = ix::IndexFile::OpenBytes(std::move(bytes), file, identity, nullptr, &index);
  // Every section decoded before any value is shown: the values of a damaged
  // index would mislead.
  if (status.ok()) status = index->Check();
  if (!status.ok()) {
    context.Damage(file, status.message());
    return;
  }
  DumpValues(context, file, *index);
}

}  // namespace sealog::cli
