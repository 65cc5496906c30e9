// sealog dump: a segment file's header, field by field, and its records.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "crypto/hash.h"
#include "crypto/seal.h"
#include "crypto/text_codec.h"
#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/record.h"
#include "engine/segment.h"
#include "engine/segment_reader.h"
#include "engine/tier/segment_file.h"
#include "sealog/event.h"
#include "tools/dump_sections.h"

namespace sealog::cli {
namespace {

namespace fmt_ = ::sealog::format;

std::string StateName(const ManifestSegment* entry) {
  if (entry == nullptr) return "not in the MANIFEST";
  return entry->active ? "active" : std::string("closed, ") + TierName(entry->tier);
}

// The 64-byte header as it is on disk, valid or not. False when there is no
// whole header to show.
bool DumpHeader(DumpContext& context, const std::string& file, uint64_t file_size,
                std::string_view bytes, const ManifestSegment* entry, SegmentHeader* header) {
  DumpObject object("segment_header",
                    fmt::format("segment {} ({} bytes, {})", file, file_size, StateName(entry)));
  object.String("file", file).Unsigned("file_size", file_size).String("state", StateName(entry));
  if (bytes.size() < fmt_::kSegmentHeaderSize) {
    context.Emit(object);
    context.Damage(file, fmt::format("{}: the header is incomplete ({} of {} bytes)", file,
                                     bytes.size(), fmt_::kSegmentHeaderSize));
    return false;
  }
  const char* p = bytes.data();
  const uint64_t stored = DecodeFixed64(p + fmt_::kSegmentChecksumOffset);
  const bool checksum_ok = Checksum(bytes.substr(0, fmt_::kSegmentChecksumOffset)) == stored;
  object.Magic("magic", bytes.substr(0, fmt_::kSegmentMagic.size()), 0)
      .Unsigned("version", DecodeFixed32(p + fmt_::kSegmentVersionOffset),
                fmt_::kSegmentVersionOffset)
      .Unsigned("header_size", DecodeFixed32(p + fmt_::kSegmentHeaderSizeOffset),
                fmt_::kSegmentHeaderSizeOffset)
      .Hex("log_id", bytes.substr(fmt_::kSegmentLogIdOffset, fmt_::kLogIdSize),
           fmt_::kSegmentLogIdOffset)
      .Unsigned("segment_number", DecodeFixed64(p + fmt_::kSegmentNumberOffset),
                fmt_::kSegmentNumberOffset)
      .Unsigned("first_seq", DecodeFixed64(p + fmt_::kSegmentFirstSeqOffset),
                fmt_::kSegmentFirstSeqOffset)
      .Time("created_ns", static_cast<int64_t>(DecodeFixed64(p + fmt_::kSegmentCreatedOffset)),
            fmt_::kSegmentCreatedOffset)
      .Hex64("checksum", stored, fmt_::kSegmentChecksumOffset)
      .Bool("checksum_ok", checksum_ok);
  context.Emit(object);
  const Status decoded = DecodeSegmentHeader(bytes, file, header);
  if (!decoded.ok()) {
    context.Damage(file, decoded.message());
    return false;
  }
  return true;
}

DumpObject RecordObject(const std::string& file, const SegmentReader& reader,
                        const RecordView& view) {
  const std::string_view frame = reader.frame();
  DumpObject object("record", "  record");
  object.String("file", file)
      .JsonOnly()
      .Unsigned("offset", reader.offset())
      .Unsigned("frame_length", frame.size())
      .Unsigned("seq", view.seq)
      .Unsigned("synced", view.synced)
      .Hex64("checksum", DecodeFixed64(frame.data() + fmt_::kRecordChecksumOffset))
      .Time("ingest_ns", view.ingest_ns)
      .Time("time_ns", view.time_ns)
      .Unsigned("flags", view.flags);
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (!view.fields[i].empty()) object.String(FieldName(static_cast<Field>(i)), view.fields[i]);
  }
  object.Unsigned("raw_length", view.raw.size())
      .Hex("leaf_hash", crypto::AsBytes(crypto::RecordLeafHash(view.seq, view.body)));
  return object;
}

// Every record from the header on, then where and why the records end.
void DumpRecords(DumpContext& context, const std::string& file, uint64_t number,
                 const ManifestSegment* entry) {
  const std::string& log_id = context.log_id;
  std::unique_ptr<SegmentReader> reader;
  // Without a MANIFEST the header's own log id is taken (it was checked above
  // to decode, not to belong).
  std::string header_log_id = log_id;
  if (header_log_id.empty()) {
    SegmentHeader header;
    tier::SegmentFile source;
    char scratch[fmt_::kSegmentHeaderSize];
    std::string_view bytes;
    if (tier::OpenSegmentFile(*context.env, context.dir, number, &source).ok() &&
        source.bytes->Read(0, sizeof(scratch), scratch, &bytes).ok() &&
        DecodeSegmentHeader(bytes, file, &header).ok()) {
      header_log_id = header.log_id;
    }
  }
  const Status opened =
      SegmentReader::Open(*context.env, context.dir, number, header_log_id, &reader);
  if (!opened.ok()) {
    context.Damage(file, "records not read: " + opened.message());
    return;
  }
  uint64_t records = 0;
  uint64_t expected = reader->header().first_seq;
  RecordView view;
  while (true) {
    const SegmentReader::Step step = reader->Next(&view);
    if (step == SegmentReader::Step::kEnd) break;
    if (step == SegmentReader::Step::kBad) {
      const std::string what = reader->status().ok()
                                   ? fmt::format("bad frame at offset {} ({})", reader->offset(),
                                                 FrameStateName(reader->bad_state()))
                                   : fmt::format("read error at offset {}: {}", reader->offset(),
                                                 reader->status().message());
      if (entry != nullptr && entry->active && reader->status().ok()) {
        context.Note(
            fmt::format("{}: {}: the torn tail of an interrupted write, or damage: "
                        "sealog verify tells",
                        file, what));
      } else {
        context.Damage(file, file + ": " + what);
      }
      break;
    }
    if (!context.Emit(RecordObject(file, *reader, view), /*one_line=*/true)) return;
    if (view.seq != expected) {
      context.Damage(file, fmt::format("{}: seq {} at offset {} where seq {} belongs", file,
                                       view.seq, reader->offset(), expected));
    }
    expected = view.seq + 1;
    ++records;
  }
  DumpObject end("segment_end", "  end");
  end.String("file", file)
      .JsonOnly()
      .Unsigned("records", records)
      .Unsigned("end_offset", reader->offset());
  context.Emit(end, /*one_line=*/true);
}

}  // namespace

void DumpSegment(DumpContext& context, uint64_t number, const ManifestSegment* entry,
                 bool records) {
  // The segment's own bytes, from whichever tier holds them.
  tier::SegmentFile source;
  Status status = tier::OpenSegmentFile(*context.env, context.dir, number, &source);
  const std::string file = status.ok() ? source.path.substr(context.dir.size() + 1)
                                       : SegmentFileName(number);
  if (!status.ok()) {
    context.Damage(file, file + ": " + status.message());
    return;
  }
  if (source.tier != Tier::kHot) {
    context.Note(fmt::format("{}: {}, {} bytes on disk hold the segment's {} bytes", file,
                             TierName(source.tier), source.stored_bytes, source.size));
  }
  char scratch[fmt_::kSegmentHeaderSize];
  std::string_view bytes;
  status = source.bytes->Read(0, sizeof(scratch), scratch, &bytes);
  if (!status.ok()) {
    context.Damage(file, file + ": " + status.message());
    return;
  }
  const uint64_t size = source.size;
  SegmentHeader header;
  if (!DumpHeader(context, file, size, bytes, entry, &header)) return;
  if (!context.log_id.empty() && header.log_id != context.log_id) {
    context.Damage(file, file + " belongs to log " + crypto::HexEncode(header.log_id) + ", not " +
                             crypto::HexEncode(context.log_id));
  }
  if (records) DumpRecords(context, file, number, entry);
}

}  // namespace sealog::cli
