#include "engine/record.h"

#include <cassert>
#include <string>

#include "engine/checksum.h"
#include "engine/coding.h"
#include "engine/format.h"
#include "engine/limits.h"

namespace sealog {

using namespace format;  // NOLINT: the frame constants read better unqualified here

uint64_t SegmentSeed(std::string_view log_id, uint64_t segment_number) {
  char buf[kLogIdSize + 8] = {};
  log_id.copy(buf, kLogIdSize);
  EncodeFixed64(buf + kLogIdSize, segment_number);
  return Checksum(std::string_view(buf, sizeof(buf)));
}

bool RecordView::time_missing() const { return (flags & kRecordFlagTimeMissing) != 0; }
bool RecordView::system() const { return (flags & kRecordFlagSystem) != 0; }

Record RecordView::ToRecord() const {
  Record record;
  record.seq = seq;
  record.ingest_ns = ingest_ns;
  record.time_ns = time_ns;
  record.time_missing = time_missing();
  record.system = system();
  for (size_t i = 0; i < kFieldCount; ++i) record.fields[i] = std::string(fields[i]);
  record.raw = std::string(raw);
  return record;
}

static size_t BodySize(const Event& event) {
  size_t size = kRecordBodyFixedSize + event.raw.size();
  for (std::string_view field : event.fields) size += VarintLength(field.size()) + field.size();
  return size;
}

size_t EncodedFrameSize(const Event& event) { return kRecordHeaderSize + BodySize(event); }

Status CheckEventLimits(const Event& event) {
  if (event.raw.size() > kEventBytesMax) {
    return Status::InvalidArgument("event is " + std::to_string(event.raw.size()) +
                                   " bytes, more than the limit of " +
                                   std::to_string(kEventBytesMax));
  }
  for (size_t i = 0; i < kFieldCount; ++i) {
    if (event.fields[i].size() > kFieldBytesMax) {
      return Status::InvalidArgument("field " + std::string(FieldName(static_cast<Field>(i))) +
                                     " is " + std::to_string(event.fields[i].size()) +
                                     " bytes, more than the limit of " +
                                     std::to_string(kFieldBytesMax));
    }
  }
  return Status::Ok();
}

void EncodeRecord(const Event& event, uint64_t seq, uint64_t synced, int64_t ingest_ns,
                  uint64_t seed, std::string* dst, bool system) {
  const size_t body_size = BodySize(event);
  const size_t start = dst->size();
  dst->resize(start + kRecordHeaderSize + body_size);
  char* frame = dst->data() + start;
  EncodeFixed32(frame + kRecordMagicOffset, kRecordMagic);
  EncodeFixed32(frame + kRecordLengthOffset, static_cast<uint32_t>(body_size));
  EncodeFixed64(frame + kRecordSeqOffset, seq);
  EncodeFixed64(frame + kRecordSyncedOffset, synced);

  char* p = frame + kRecordHeaderSize;
  const int64_t time_ns = event.time_missing ? ingest_ns : event.time_ns;
  EncodeFixed64(p, static_cast<uint64_t>(ingest_ns));
  EncodeFixed64(p + 8, static_cast<uint64_t>(time_ns));
  p[16] = static_cast<char>((event.time_missing ? kRecordFlagTimeMissing : 0) |
                            (system ? kRecordFlagSystem : 0));
  p += kRecordBodyFixedSize;
  for (std::string_view field : event.fields) {
    p = EncodeVarint32(p, static_cast<uint32_t>(field.size()));
    field.copy(p, field.size());
    p += field.size();
  }
  event.raw.copy(p, event.raw.size());

  const std::string_view covered(frame + kRecordSeqOffset,
                                 kRecordHeaderSize - kRecordSeqOffset + body_size);
  EncodeFixed64(frame + kRecordChecksumOffset, Checksum(covered, seed));
}

const char* FrameStateName(FrameState state) {
  switch (state) {
    case FrameState::kOk: return "ok";
    case FrameState::kIncomplete: return "incomplete frame";
    case FrameState::kBadMagic: return "bad record magic";
    case FrameState::kBadLength: return "record length out of range";
    case FrameState::kBadChecksum: return "record checksum mismatch";
    case FrameState::kBadBody: return "malformed record body";
  }
  return "unknown";
}

static bool DecodeBody(std::string_view body, RecordView* view) {
  if (body.size() < kRecordBodyFixedSize) return false;
  view->ingest_ns = static_cast<int64_t>(DecodeFixed64(body.data()));
  view->time_ns = static_cast<int64_t>(DecodeFixed64(body.data() + 8));
  view->flags = static_cast<uint8_t>(body[16]);
  if ((view->flags & ~kRecordFlagsKnown) != 0) return false;
  std::string_view rest = body.substr(kRecordBodyFixedSize);
  for (size_t i = 0; i < kFieldCount; ++i) {
    uint32_t length = 0;
    if (!GetVarint32(&rest, &length) || length > rest.size()) return false;
    view->fields[i] = rest.substr(0, length);
    rest.remove_prefix(length);
  }
  view->raw = rest;
  view->body = body;
  return true;
}

FrameState DecodeFrame(std::string_view input, uint64_t seed, RecordView* view,
                       size_t* frame_size) {
  *frame_size = 0;
  if (input.size() < 4) return FrameState::kIncomplete;
  if (DecodeFixed32(input.data() + kRecordMagicOffset) != kRecordMagic) {
    return FrameState::kBadMagic;
  }
  if (input.size() < kRecordHeaderSize) return FrameState::kIncomplete;
  const uint32_t body_size = DecodeFixed32(input.data() + kRecordLengthOffset);
  if (body_size > kRecordBodyBytesMax || body_size < kRecordBodyFixedSize) {
    return FrameState::kBadLength;
  }
  *frame_size = kRecordHeaderSize + body_size;
  if (input.size() < *frame_size) return FrameState::kIncomplete;

  const std::string_view covered = input.substr(kRecordSeqOffset, *frame_size - kRecordSeqOffset);
  if (Checksum(covered, seed) != DecodeFixed64(input.data() + kRecordChecksumOffset)) {
    return FrameState::kBadChecksum;
  }
  view->seq = DecodeFixed64(input.data() + kRecordSeqOffset);
  view->synced = DecodeFixed64(input.data() + kRecordSyncedOffset);
  if (!DecodeBody(input.substr(kRecordHeaderSize, body_size), view)) return FrameState::kBadBody;
  return FrameState::kOk;
}

void DecodeTrustedFrame(std::string_view frame, RecordView* view) {
  view->seq = DecodeFixed64(frame.data() + kRecordSeqOffset);
  view->synced = DecodeFixed64(frame.data() + kRecordSyncedOffset);
  const bool decoded = DecodeBody(frame.substr(kRecordHeaderSize), view);
  assert(decoded);
  (void)decoded;
}

}  // namespace sealog
